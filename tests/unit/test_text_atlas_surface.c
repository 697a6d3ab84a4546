/* The glyph atlas's software path (glyph_atlas_set_surface): glyphs
 * composited straight into the renderer's surface must look like what SDL's
 * own blitter draws (each colour channel within a few rounding steps), keep to
 * the renderer's clip rectangle and viewport, draw over what the renderer
 * queued before them, and step aside when the renderer draws into a target
 * texture. Readied glyphs composite (the frame's second thread) to the very
 * pixels the draw gives, and the AVX2 blend to the SSE2 one's. Text moved
 * by whole pixels looks the same, left of the surface's edge too. Runs from
 * the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "text/atlas.h"
#include "text/layout.h"

#define W 420
#define H 260

static const char text[] = "Mae adolygiadau arfer plant yn annog asiantaethau, staff a "
			   "theuluoedd/gofalwyr i feddwl am beth ddigwyddodd. Gweler ein gwefan.";

typedef struct {
	SDL_Surface *s;
	SDL_Renderer *r;
	glyph_atlas *a;
} canvas;

static canvas canvas_new(bool direct)
{
	canvas c;
	c.s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(c.s);
	c.r = SDL_CreateSoftwareRenderer(c.s);
	assert_non_null(c.r);
	assert_int_equal(glyph_atlas_new(c.r, &c.a), 0);
	if (direct)
		glyph_atlas_set_surface(c.a, c.s);
	SDL_SetRenderDrawColor(c.r, 20, 40, 90, 255);
	SDL_RenderClear(c.r);
	return c;
}

static void canvas_free(canvas *c)
{
	glyph_atlas_free(c->a);
	SDL_DestroyRenderer(c->r);
	SDL_FreeSurface(c->s);
}

static uint32_t pixel(const canvas *c, int x, int y)
{
	return ((const uint32_t *)c->s->pixels)[(size_t)y * (size_t)(c->s->pitch / 4) + (size_t)x];
}

static text_layout *lay(text_engine *e, float width)
{
	size_t at = (size_t)(strstr(text, "gwefan") - text);
	static text_span link;
	link = (text_span){at, at + 6, TEXT_LINK};
	text_block b = {TEXT_BLOCK_PARAGRAPH, 0, text, strlen(text), &link, 1};
	text_params p = {0};
	p.width = width;
	p.body_px = 23;
	p.lang = LANG_CY;
	text_layout *l = NULL;
	assert_int_equal(text_engine_layout(e, &b, 1, &p, &l), 0);
	return l;
}

static text_engine *engine(void)
{
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	assert_int_equal(text_engine_new("fonts", d, &e), 0);
	diag_list_free(d);
	return e;
}

/* Draws twice so that the second draw finds every glyph in the atlas, as a
 * steady frame does; the first draw's pixels are cleared in between. */
static void draw(canvas *c, const text_layout *l, float x, float y, const text_colors *col)
{
	assert_int_equal(glyph_atlas_draw(c->a, l, x, y, col), 0);
	SDL_RenderClear(c->r);
	assert_int_equal(glyph_atlas_draw(c->a, l, x, y, col), 0);
	SDL_RenderFlush(c->r);
}

/* The largest difference of R, G or B. SDL's blitter divides by 256 where
 * we divide by 255, so it is up to a few steps darker, and it leaves an
 * opaque pixel's alpha below 255: alpha is not compared. */
static int channel_diff(uint32_t p, uint32_t q)
{
	int worst = 0;
	for (int sh = 0; sh < 24; sh += 8) {
		int d = abs((int)((p >> sh) & 0xFF) - (int)((q >> sh) & 0xFF));
		if (d > worst)
			worst = d;
	}
	return worst;
}

/* The same pixels as SDL's blitter, colours and translucency included. */
static void matches_the_renderer(void **state)
{
	(void)state;
	static const text_colors colors[] = {{{255, 255, 255, 255}, {255, 0, 0, 255}},
					     {{250, 200, 40, 160}, {30, 220, 120, 255}}};
	text_engine *e = engine();
	text_layout *l = lay(e, 300);
	for (size_t k = 0; k < sizeof colors / sizeof *colors; k++) {
		canvas sdl = canvas_new(false), fast = canvas_new(true);
		/* A fractional origin: every quarter-pixel phase gets used. */
		draw(&sdl, l, 7.25f, 5.5f, &colors[k]);
		draw(&fast, l, 7.25f, 5.5f, &colors[k]);
		size_t inked = 0;
		uint32_t bg = pixel(&sdl, W - 1, H - 1);
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				uint32_t p = pixel(&sdl, x, y), q = pixel(&fast, x, y);
				if (channel_diff(p, q) > 4)
					fail_msg("colours %zu: pixel %d,%d is %08x, SDL drew %08x", k, x, y,
						 q, p);
				inked += q != bg;
			}
		}
		assert_true(inked > 2000);
		canvas_free(&sdl);
		canvas_free(&fast);
	}
	text_layout_unref(l);
	text_engine_free(e);
}

/* Nothing outside the clip rectangle; the viewport moves the text. */
static void keeps_to_clip_and_viewport(void **state)
{
	(void)state;
	static const text_colors white = {{255, 255, 255, 255}, {255, 255, 255, 255}};
	text_engine *e = engine();
	text_layout *l = lay(e, 300);
	canvas sdl = canvas_new(false), fast = canvas_new(true);
	SDL_Rect vp = {30, 20, 300, 200}, clip = {10, 12, 150, 40};
	for (int k = 0; k < 2; k++) {
		canvas *c = k ? &fast : &sdl;
		SDL_RenderSetViewport(c->r, &vp);
		SDL_RenderSetClipRect(c->r, &clip);
		draw(c, l, 0, 0, &white);
	}
	uint32_t bg = pixel(&fast, W - 1, H - 1);
	size_t inside = 0;
	for (int y = 0; y < H; y++) {
		for (int x = 0; x < W; x++) {
			uint32_t q = pixel(&fast, x, y);
			bool in = x >= vp.x + clip.x && x < vp.x + clip.x + clip.w &&
				  y >= vp.y + clip.y && y < vp.y + clip.y + clip.h;
			if (!in && q != bg)
				fail_msg("pixel %d,%d outside the clip was drawn", x, y);
			inside += in && q != bg;
			if (channel_diff(q, pixel(&sdl, x, y)) > 4)
				fail_msg("pixel %d,%d differs from SDL's", x, y);
		}
	}
	assert_true(inside > 200);
	canvas_free(&sdl);
	canvas_free(&fast);
	text_layout_unref(l);
	text_engine_free(e);
}

/* A rectangle queued before the text is underneath it, not over it. */
static void draws_over_queued_drawing(void **state)
{
	(void)state;
	static const text_colors white = {{255, 255, 255, 255}, {255, 255, 255, 255}};
	text_engine *e = engine();
	text_layout *l = lay(e, 300);
	canvas c = canvas_new(true);
	assert_int_equal(glyph_atlas_draw(c.a, l, 0, 0, &white), 0); /* warm */
	SDL_SetRenderDrawColor(c.r, 0, 0, 0, 255);
	SDL_RenderClear(c.r);
	SDL_SetRenderDrawColor(c.r, 200, 0, 0, 255);
	SDL_Rect box = {0, 0, W, H};
	SDL_RenderFillRect(c.r, &box);
	assert_int_equal(glyph_atlas_draw(c.a, l, 0, 0, &white), 0);
	SDL_RenderFlush(c.r);
	size_t white_px = 0;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			white_px += (pixel(&c, x, y) & 0xFFFFFF) == 0xFFFFFF;
	assert_true(white_px > 500);
	assert_int_equal(pixel(&c, W - 1, H - 1) & 0xFFFFFF, 0xC80000);
	canvas_free(&c);
	text_layout_unref(l);
	text_engine_free(e);
}

/* Drawing into a target texture goes through the renderer: the surface
 * stays as it was. */
static void target_texture_uses_the_renderer(void **state)
{
	(void)state;
	static const text_colors white = {{255, 255, 255, 255}, {255, 255, 255, 255}};
	text_engine *e = engine();
	text_layout *l = lay(e, 300);
	canvas c = canvas_new(true);
	SDL_RenderFlush(c.r);
	uint32_t bg = pixel(&c, 0, 0);
	SDL_Texture *t = SDL_CreateTexture(c.r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
					   W, H);
	assert_non_null(t);
	assert_int_equal(SDL_SetRenderTarget(c.r, t), 0);
	assert_int_equal(glyph_atlas_draw(c.a, l, 0, 0, &white), 0);
	SDL_RenderFlush(c.r);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			if (pixel(&c, x, y) != bg)
				fail_msg("pixel %d,%d of the surface changed", x, y);
	SDL_SetRenderTarget(c.r, NULL);
	SDL_DestroyTexture(t);
	canvas_free(&c);
	text_layout_unref(l);
	text_engine_free(e);
}

/* glyph_atlas_composite gives glyph_atlas_draw's pixels exactly, in any
 * clip, translucent colours and links included; glyph_atlas_prepare says
 * no where composite could not draw as the draw would: a viewport moved
 * off the origin, a target texture, no surface. */
static void readied_glyphs_composite_as_drawn(void **state)
{
	(void)state;
	static const text_colors colors[] = {{{255, 255, 255, 255}, {255, 0, 0, 255}},
					     {{250, 200, 40, 160}, {30, 220, 120, 255}}};
	static const SDL_Rect clips[] = {{0, 0, W, H}, {10, 12, 150, 40}, {0, 31, W, 17}};
	text_engine *e = engine();
	text_layout *l = lay(e, 300);
	for (size_t k = 0; k < sizeof colors / sizeof *colors; k++) {
		for (size_t ci = 0; ci < sizeof clips / sizeof *clips; ci++) {
			canvas drawn = canvas_new(true), comp = canvas_new(true);
			SDL_RenderSetClipRect(drawn.r, &clips[ci]);
			draw(&drawn, l, 7.25f, 5.5f, &colors[k]);
			SDL_RenderFlush(comp.r);
			assert_int_equal(glyph_atlas_prepare(comp.a, l, 7.25f, 5.5f), 0);
			glyph_atlas_composite(comp.a, l, 7.25f, 5.5f, &colors[k], clips[ci]);
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					if (pixel(&drawn, x, y) != pixel(&comp, x, y))
						fail_msg("colours %zu, clip %zu: pixel %d,%d is %08x, "
							 "drawn %08x",
							 k, ci, x, y, pixel(&comp, x, y),
							 pixel(&drawn, x, y));
			canvas_free(&drawn);
			canvas_free(&comp);
		}
	}
	canvas moved = canvas_new(true), none = canvas_new(false), target = canvas_new(true);
	SDL_RenderSetViewport(moved.r, &(SDL_Rect){30, 20, 300, 200});
	assert_int_equal(glyph_atlas_prepare(moved.a, l, 0, 0), 1);
	assert_int_equal(glyph_atlas_prepare(none.a, l, 0, 0), 1);
	SDL_Texture *t = SDL_CreateTexture(target.r, SDL_PIXELFORMAT_ARGB8888,
					   SDL_TEXTUREACCESS_TARGET, W, H);
	assert_non_null(t);
	assert_int_equal(SDL_SetRenderTarget(target.r, t), 0);
	assert_int_equal(glyph_atlas_prepare(target.a, l, 0, 0), 1);
	SDL_SetRenderTarget(target.r, NULL);
	SDL_DestroyTexture(t);
	canvas_free(&moved);
	canvas_free(&none);
	canvas_free(&target);
	text_layout_unref(l);
	text_engine_free(e);
}

/* Every pixel a different value, alpha included, so that a blend that
 * mixed up lanes or pixels would show. */
static uint32_t pattern_at(int x, int y)
{
	uint32_t v = (uint32_t)(y * W + x) * 0x9E3779B9u;
	v ^= v >> 15;
	return v * 0x85EBCA6Bu;
}

static void fill_pattern(canvas *c)
{
	SDL_RenderFlush(c->r);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			((uint32_t *)c->s->pixels)[(size_t)y * (size_t)(c->s->pitch / 4) + (size_t)x] =
				pattern_at(x, y);
}

/* The blend eight pixels wide (AVX2, glyph_atlas_set_wide) writes the same
 * bytes as four wide, over any background, in opaque colours (the only
 * ones it takes), at every quarter-pixel phase, rows of one to many groups,
 * with a clip that cuts glyphs above and below. */
static void wide_blend_gives_the_same_bytes(void **state)
{
	(void)state;
	static const text_colors colors[] = {{{255, 255, 255, 255}, {255, 0, 0, 255}},
					     {{7, 200, 91, 255}, {250, 1, 128, 255}}};
	static const SDL_Rect clips[] = {{0, 0, W, H}, {0, 13, W, 29}};
	text_engine *e = engine();
	canvas narrow = canvas_new(true), wide = canvas_new(true);
	glyph_atlas_set_wide(narrow.a, false);
	if (!glyph_atlas_set_wide(wide.a, true)) {
		canvas_free(&narrow);
		canvas_free(&wide);
		text_engine_free(e);
		skip(); /* no AVX2 here: nothing to compare */
	}
	static const float widths[] = {300, 180};
	int drawn = 0;
	for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
		text_layout *l = lay(e, widths[wi]);
		for (size_t k = 0; k < sizeof colors / sizeof *colors; k++)
			for (size_t ci = 0; ci < sizeof clips / sizeof *clips; ci++)
				for (int q = 0; q < 4; q++) {
					float x = 3.0f + 0.25f * (float)q;
					canvas *both[2] = {&narrow, &wide};
					for (int i = 0; i < 2; i++) {
						SDL_RenderSetClipRect(both[i]->r, &clips[ci]);
						/* Once to fill the atlas, once to blend. */
						fill_pattern(both[i]);
						assert_int_equal(glyph_atlas_draw(both[i]->a, l, x, 4.0f,
										  &colors[k]),
								 0);
						fill_pattern(both[i]);
						assert_int_equal(glyph_atlas_draw(both[i]->a, l, x, 4.0f,
										  &colors[k]),
								 0);
					}
					for (int y = 0; y < H; y++)
						for (int xx = 0; xx < W; xx++) {
							uint32_t n = pixel(&narrow, xx, y),
								 w = pixel(&wide, xx, y);
							if (n != w)
								fail_msg("width %zu, colours %zu, clip %zu, "
									 "phase %d: pixel %d,%d is %08x "
									 "wide, %08x narrow",
									 wi, k, ci, q, xx, y, w, n);
							drawn += n != pattern_at(xx, y);
						}
				}
		text_layout_unref(l);
	}
	assert_true(drawn > 1000); /* the text was drawn at all */
	canvas_free(&narrow);
	canvas_free(&wide);
	text_engine_free(e);
}

/* A glyph whose pen is left of the surface's edge is placed as one to the
 * right: moved a whole number of pixels, text looks the same, so a glyph
 * cut by the left edge shows the same columns as when it is whole. (Pixel
 * and phase come from flooring the pen, and flooring is not truncating
 * below zero.) On both paths, at every quarter-pixel phase. */
static void placement_holds_left_of_the_edge(void **state)
{
	(void)state;
	enum { SHIFT = 100 };
	static const text_colors white = {{255, 255, 255, 255}, {255, 255, 255, 255}};
	text_engine *e = engine();
	text_layout *l = lay(e, 300);
	for (int direct = 0; direct < 2; direct++) {
		for (int q = 0; q < 4; q++) {
			/* The first line starts 37 to 38 pixels left of the edge,
			 * so glyphs are cut there, and pens lie left of it. */
			float x = -37.0f - 0.25f * (float)q;
			canvas cut = canvas_new(direct), whole = canvas_new(direct);
			draw(&cut, l, x, 4.0f, &white);
			draw(&whole, l, x + SHIFT, 4.0f, &white);
			size_t inked = 0;
			for (int y = 0; y < H; y++)
				for (int xx = 0; xx + SHIFT < W; xx++) {
					uint32_t c = pixel(&cut, xx, y),
						 w = pixel(&whole, xx + SHIFT, y);
					if (c != w)
						fail_msg("%s, phase %d: pixel %d,%d is %08x, "
							 "%08x when drawn %d pixels right",
							 direct ? "direct" : "renderer", q, xx, y, c,
							 w, SHIFT);
					inked += xx < 8 && c != pixel(&cut, W - 1, H - 1);
				}
			assert_true(inked > 20); /* glyphs were cut at the edge */
			canvas_free(&cut);
			canvas_free(&whole);
		}
	}
	text_layout_unref(l);
	text_engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readied_glyphs_composite_as_drawn),
		cmocka_unit_test(wide_blend_gives_the_same_bytes),
		cmocka_unit_test(placement_holds_left_of_the_edge),
		cmocka_unit_test(matches_the_renderer),
		cmocka_unit_test(keeps_to_clip_and_viewport),
		cmocka_unit_test(draws_over_queued_drawing),
		cmocka_unit_test(target_texture_uses_the_renderer),
	};
	return cmocka_run_group_tests_name("text_atlas_surface", tests, NULL, NULL);
}
