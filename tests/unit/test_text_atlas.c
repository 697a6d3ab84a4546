/* The glyph atlas on SDL's software renderer: text reaches the pixels, links
 * are coloured and underlined, a steady frame rasterises nothing, the texture
 * grows, and a layout with more glyphs than the largest atlas holds still
 * draws exactly as it does line by line. Runs from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/atlas.h"
#include "text/layout.h"

static const text_colors colors = {{255, 255, 255, 255}, {255, 0, 0, 255}};

typedef struct {
	SDL_Surface *s;
	SDL_Renderer *r;
} canvas;

static canvas canvas_new(int w, int h)
{
	canvas c;
	c.s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(c.s);
	c.r = SDL_CreateSoftwareRenderer(c.s);
	assert_non_null(c.r);
	SDL_SetRenderDrawColor(c.r, 0, 0, 0, 255);
	SDL_RenderClear(c.r);
	return c;
}

static void canvas_free(canvas *c)
{
	SDL_DestroyRenderer(c->r);
	SDL_FreeSurface(c->s);
}

static uint32_t pixel(const canvas *c, int x, int y)
{
	return ((const uint32_t *)c->s->pixels)[(size_t)y * (size_t)(c->s->pitch / 4) + (size_t)x];
}

static text_engine *engine(void)
{
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	assert_int_equal(text_engine_new("fonts", d, &e), 0);
	diag_list_free(d);
	return e;
}

static text_layout *lay(text_engine *e, text_block_kind kind, const char *t, const text_span *spans,
			size_t n_spans, float width, float px)
{
	text_block b = {kind, 1, t, strlen(t), spans, n_spans};
	text_params p = {0};
	p.width = width;
	p.body_px = px;
	p.lang = LANG_CY;
	text_layout *l = NULL;
	assert_int_equal(text_engine_layout(e, &b, 1, &p, &l), 0);
	return l;
}

static void draws_pixels_and_reuses_glyphs(void **state)
{
	(void)state;
	text_engine *e = engine();
	canvas c = canvas_new(480, 400);
	glyph_atlas *a;
	assert_int_equal(glyph_atlas_new(c.r, &a), 0);
	const char *t = "Mae adolygiadau arfer plant yn annog asiantaethau, staff a "
			"theuluoedd/gofalwyr i feddwl am beth ddigwyddodd. Gweler ein gwefan.";
	size_t link_at = (size_t)(strstr(t, "gwefan") - t);
	text_span link = {link_at, link_at + 6, TEXT_LINK};
	text_layout *l = lay(e, TEXT_BLOCK_PARAGRAPH, t, &link, 1, 440, 22);
	size_t glyphs0, bytes0;
	glyph_atlas_stats(a, &glyphs0, &bytes0);
	assert_int_equal(glyphs0, 0);
	assert_true(bytes0 > 0);

	assert_int_equal(glyph_atlas_draw(a, l, 20, 10, &colors), 0);
	size_t glyphs1, bytes1;
	glyph_atlas_stats(a, &glyphs1, &bytes1);
	assert_true(glyphs1 >= 25);

	size_t lit = 0, red = 0;
	for (int y = 0; y < c.s->h; y++) {
		for (int x = 0; x < c.s->w; x++) {
			uint32_t p = pixel(&c, x, y);
			uint8_t r = (uint8_t)(p >> 16), g = (uint8_t)(p >> 8);
			if (r > 128)
				lit++;
			if (r > 200 && g < 40)
				red++;
			/* Nothing is drawn left of the origin or below the text. */
			if (x < 18 || y > 10 + (int)text_layout_height(l) + 2)
				assert_true((p & 0xFFFFFF) == 0);
		}
	}
	assert_true(lit > 1000);
	/* The link: its letters plus an underline as long as the word. */
	text_rect r[2];
	assert_int_equal(text_layout_range_rects(l, 0, link_at, link_at + 6, r, 2), 1);
	assert_true((float)red > r[0].w * 2);

	/* A second frame: nothing new to rasterise, same pixels. */
	SDL_Surface *first = SDL_DuplicateSurface(c.s);
	SDL_RenderClear(c.r);
	assert_int_equal(glyph_atlas_draw(a, l, 20, 10, &colors), 0);
	size_t glyphs2, bytes2;
	glyph_atlas_stats(a, &glyphs2, &bytes2);
	assert_int_equal(glyphs2, glyphs1);
	assert_int_equal(bytes2, bytes1);
	assert_int_equal(glyph_atlas_clears(a), 0);
	assert_memory_equal(first->pixels, c.s->pixels, (size_t)c.s->pitch * (size_t)c.s->h);
	SDL_FreeSurface(first);

	text_layout_unref(l);
	glyph_atlas_free(a);
	canvas_free(&c);
	text_engine_free(e);
}

/* Big glyphs: the atlas grows to its limit, then has to clear in the middle
 * of a draw. The result must equal drawing each line on its own. */
static void grows_then_clears_safely(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *t = "The quick brown fox jumps over the lazy dog. PACK MY BOX WITH FIVE DOZEN "
			"LIQUOR JUGS 0123456789 \xC5\xB5\xC5\xB7\xC3\xA2\xC3\xAA\xC3\xAE\xC3\xB4\xC3\xBB "
			"&@#%?!";
	canvas c = canvas_new(1600, 1200);
	glyph_atlas *a;
	assert_int_equal(glyph_atlas_new(c.r, &a), 0);
	size_t g0, b0;
	glyph_atlas_stats(a, &g0, &b0);
	text_layout *l = lay(e, TEXT_BLOCK_HEADING, t, NULL, 0, 3000, 500);
	assert_int_equal(glyph_atlas_draw(a, l, 0.25f, 0, &colors), 0);
	size_t g1, b1;
	glyph_atlas_stats(a, &g1, &b1);
	assert_true(b1 > b0); /* grew */
	/* More glyphs than fit at once: restarted, then went on past a clear. */
	printf("atlas: %zu glyphs rasterised, %zu bytes, %zu clears\n", g1, b1, glyph_atlas_clears(a));
	assert_true(glyph_atlas_clears(a) >= 2);

	/* The reference: each line laid out and drawn alone by a fresh atlas. */
	canvas ref = canvas_new(1600, 1200);
	glyph_atlas *ra;
	assert_int_equal(glyph_atlas_new(ref.r, &ra), 0);
	for (size_t i = 0; i < text_layout_line_count(l); i++) {
		text_line ln;
		text_layout_line(l, i, &ln);
		if (ln.y > 1200)
			break;
		char buf[256];
		size_t len;
		const char *bt = text_layout_block_text(l, 0, &len);
		size_t n = ln.end - ln.start;
		memcpy(buf, bt + ln.start, n);
		buf[n] = '\0';
		/* In the same width: a heading's size depends on it (a line of it
		 * holds at least HEADING_MIN_LETTERS), and the line fits. */
		text_layout *one = lay(e, TEXT_BLOCK_HEADING, buf, NULL, 0, 3000, 500);
		assert_int_equal(glyph_atlas_draw(ra, one, 0.25f + ln.x, ln.y, &colors), 0);
		text_layout_unref(one);
	}
	assert_memory_equal(ref.s->pixels, c.s->pixels, (size_t)c.s->pitch * (size_t)c.s->h);

	/* And after all that, an ordinary paragraph draws as on a fresh atlas. */
	text_layout *small = lay(e, TEXT_BLOCK_PARAGRAPH, "Darllen pellach: gwybodaeth", NULL, 0, 400, 20);
	SDL_RenderClear(c.r);
	SDL_RenderClear(ref.r);
	glyph_atlas *fresh;
	assert_int_equal(glyph_atlas_new(ref.r, &fresh), 0);
	assert_int_equal(glyph_atlas_draw(a, small, 3, 3, &colors), 0);
	assert_int_equal(glyph_atlas_draw(fresh, small, 3, 3, &colors), 0);
	assert_memory_equal(ref.s->pixels, c.s->pixels, (size_t)c.s->pitch * (size_t)c.s->h);

	text_layout_unref(small);
	text_layout_unref(l);
	glyph_atlas_free(fresh);
	glyph_atlas_free(ra);
	glyph_atlas_free(a);
	canvas_free(&ref);
	canvas_free(&c);
	text_engine_free(e);
}

/* The atlas outliving the engine and meeting a second engine's fonts. */
static void survives_a_new_engine(void **state)
{
	(void)state;
	canvas c = canvas_new(300, 100);
	glyph_atlas *a;
	assert_int_equal(glyph_atlas_new(c.r, &a), 0);
	for (int round = 0; round < 2; round++) {
		text_engine *e = engine();
		text_layout *l = lay(e, TEXT_BLOCK_PARAGRAPH, "Croeso", NULL, 0, 300, 30);
		text_engine_free(e);
		SDL_RenderClear(c.r);
		assert_int_equal(glyph_atlas_draw(a, l, 0, 0, &colors), 0);
		text_layout_unref(l);
		size_t lit = 0;
		for (int y = 0; y < 100; y++)
			for (int x = 0; x < 300; x++)
				lit += (pixel(&c, x, y) & 0xFF) > 128;
		assert_true(lit > 100);
	}
	glyph_atlas_free(a);
	canvas_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(draws_pixels_and_reuses_glyphs),
		cmocka_unit_test(grows_then_clears_safely),
		cmocka_unit_test(survives_a_new_engine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
