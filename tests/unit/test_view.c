/* The palette and the metrics: every text colour on every fill it is drawn
 * on reaches 7:1 (WCAG AAA), and sizes derive from the screen. The scroll
 * decorations follow the scroll offset without the list being rebuilt,
 * rects snap to whole pixels so that neighbours meet without a seam, and a
 * frame drawn only where it changed is, pixel for pixel, the frame drawn
 * whole, and draws less; a frame drawn on two threads is, pixel for pixel,
 * the frame drawn on one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "app/view.h"
#include "base/diag.h"
#include "text/atlas.h"

static double channel(Uint8 v)
{
	double c = v / 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(SDL_Color c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

static double contrast(view_color a, view_color b)
{
	double la = luminance(view_palette(a)), lb = luminance(view_palette(b));
	return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

static void text_contrast_is_aaa(void **state)
{
	(void)state;
	/* Each (ink, fill) pair the screens use for text. */
	static const view_color pairs[][2] = {
		{COLOR_TEXT, COLOR_BACKGROUND},  {COLOR_MUTED, COLOR_BACKGROUND},
		{COLOR_LINK, COLOR_BACKGROUND},  {COLOR_TEXT, COLOR_BAR},
		{COLOR_MUTED, COLOR_BAR},        {COLOR_BUTTON_TEXT, COLOR_BUTTON},
		{COLOR_TEXT, COLOR_SECONDARY},   {COLOR_TEXT, COLOR_HIGHLIGHT},
		{COLOR_TEXT, COLOR_FOUND},       {COLOR_TEXT, COLOR_WRONG},
		{COLOR_TEXT, COLOR_PANEL},       {COLOR_MUTED, COLOR_PANEL},
		{COLOR_LINK, COLOR_PANEL},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		double c = contrast(pairs[i][0], pairs[i][1]);
		if (c < 7.0)
			fail_msg("pair %zu: contrast %.2f:1 is under 7:1", i, c);
	}
	/* Outlines and the missed-action frame are graphics: 3:1 (WCAG 1.4.11). */
	assert_true(contrast(COLOR_OUTLINE, COLOR_BACKGROUND) >= 3.0);
	assert_true(contrast(COLOR_MISSED, COLOR_BACKGROUND) >= 3.0);
	/* The background is calm, not glaring white. */
	assert_true(luminance(view_palette(COLOR_BACKGROUND)) < 0.9);
}

static void metrics_follow_the_screen(void **state)
{
	(void)state;
	view_metrics p = view_metrics_for(1080, 1920, 1.0f, 0);
	view_metrics l = view_metrics_for(1920, 1080, 1.0f, 0);
	view_metrics k = view_metrics_for(3840, 2160, 1.0f, 0);
	view_metrics s = view_metrics_for(1280, 800, 1.0f, 0);
	assert_true(fabsf(k.body_px - 2 * l.body_px) < 0.01f);
	assert_true(s.body_px < l.body_px);
	/* Portrait body text is larger, with the height: 1920 px of a 1080 px
	 * short side is 1.2 times the reference; buttons do not change. */
	assert_true(fabsf(p.body_px - 1.2f * l.body_px) < 0.01f);
	assert_true(p.label_px == l.label_px && p.button_h == l.button_h);
	/* With the density known, with the physical height: a 1920 px panel at
	 * 96 dpi is 508 mm tall (1.27); at 160 dpi, 305 mm (no boost); a huge
	 * one stops at the cap. */
	assert_true(fabsf(view_metrics_for(1080, 1920, 1.0f, 96).body_px -
			  l.body_px * 1920.0f / 96 * 25.4f / VIEW_PORTRAIT_REF_MM) < 0.01f);
	assert_true(view_metrics_for(1080, 1920, 1.0f, 160).body_px == l.body_px);
	assert_true(fabsf(view_metrics_for(1080, 1920, 1.0f, 40).body_px -
			  VIEW_PORTRAIT_MAX_BOOST * l.body_px) < 0.01f);
	assert_true(view_metrics_for(1920, 1080, 1.0f, 40).body_px == l.body_px);
	/* Touch targets: at least 60 px at 1080p, and scaled elsewhere. */
	assert_true(p.button_h >= 60.0f);
	assert_true(s.button_h >= 60.0f * s.unit);
	view_metrics big = view_metrics_for(1080, 1920, 1.6f, 0);
	assert_true(fabsf(big.body_px - 1.6f * p.body_px) < 0.01f);
	/* A tiny or broken size still gives usable numbers. */
	view_metrics tiny = view_metrics_for(0, -5, 1.0f, 0);
	assert_true(tiny.w >= 1 && tiny.h >= 1 && tiny.body_px > 10);
}

static SDL_Color pixel(SDL_Surface *s, int x, int y)
{
	Uint32 v = ((const Uint32 *)s->pixels)[y * (s->pitch / 4) + x];
	SDL_Color c;
	SDL_GetRGBA(v, s->format, &c.r, &c.g, &c.b, &c.a);
	return c;
}

static bool same(SDL_Color a, view_color b)
{
	SDL_Color c = view_palette(b);
	return a.r == c.r && a.g == c.g && a.b == c.b;
}

/* Draws v whole at the scroll offset onto the background, as a frame. */
static int draw_whole(const view *v, SDL_Renderer *r, SDL_Surface *s, float scroll)
{
	view_frame *f = view_frame_new();
	assert_non_null(f);
	view_frame_begin(f, s->w, s->h);
	int rc = view_frame_add(f, v, scroll, 0, false);
	if (view_frame_draw(f, r, NULL, s, view_palette(COLOR_BACKGROUND)) != 0)
		rc = -1;
	SDL_RenderFlush(r);
	view_frame_free(f);
	return rc;
}

/* A region 100 px high over 400 px of content: the thumb is a quarter of
 * the track and moves with the offset the frame is drawn at; the "more below"
 * button is drawn and touchable until the offset reaches the end. */
static void scroll_decorations_follow_the_offset(void **state)
{
	(void)state;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 200, 200, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	assert_non_null(r);
	view *v = view_new();
	assert_non_null(v);
	view_set_scroll_region(v, (SDL_FRect){0, 50, 200, 100}, 400);
	view_item bar = {.kind = ITEM_SCROLLBAR, .fill = COLOR_BAR, .outline_color = COLOR_OUTLINE,
			 .rect = {190, 50, 10, 100}};
	view_item more = {.kind = ITEM_BUTTON, .fill = COLOR_PANEL, .until_end = true, .action = 7,
			  .rect = {0, 130, 180, 20}};
	assert_non_null(view_add(v, &bar));
	assert_non_null(view_add(v, &more));

	assert_int_equal(draw_whole(v, r, s, 0), 0);
	assert_true(same(pixel(s, 195, 52), COLOR_OUTLINE)); /* thumb at the top */
	assert_true(same(pixel(s, 195, 90), COLOR_BAR));
	assert_true(same(pixel(s, 50, 140), COLOR_PANEL));
	assert_non_null(view_button_at(v, 50, 140, 0));

	SDL_FillRect(s, NULL, 0);
	assert_int_equal(draw_whole(v, r, s, 300), 0); /* the end: 400 - 100 */
	assert_true(same(pixel(s, 195, 52), COLOR_BAR));
	assert_true(same(pixel(s, 195, 140), COLOR_OUTLINE)); /* thumb at the bottom */
	assert_false(same(pixel(s, 50, 140), COLOR_PANEL));
	assert_null(view_button_at(v, 50, 140, 300));

	view_free(v);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
}

/* Two rects that meet at a fractional edge leave no unpainted row. */
static void rects_meet_without_a_seam(void **state)
{
	(void)state;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 20, 40, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
	assert_non_null(r);
	view *v = view_new();
	assert_non_null(v);
	view_item a = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .rect = {0, 3.6f, 20, 10.7f}};
	view_item b = {.kind = ITEM_RECT, .fill = COLOR_BAR, .rect = {0, 14.3f, 20, 10}};
	assert_non_null(view_add(v, &a));
	assert_non_null(view_add(v, &b));
	assert_int_equal(draw_whole(v, r, s, 0), 0);
	view_free(v);
	for (int y = 4; y < 24; y++)
		assert_true(same(pixel(s, 10, y), y < 14 ? COLOR_PANEL : COLOR_BAR));
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(s);
}

/* A disc (the quiz's fingertip) is round, ringed and smoothed: symmetric
 * about both axes and the diagonal, its fill at the centre, its ring just
 * inside the edge, the background at the square's corners, and pixels on
 * the edge between ring and background. Drawn through the renderer (no
 * surface to write into) it gives the same pixels to within rounding. */
static void disc_is_round_and_smooth(void **state)
{
	(void)state;
	SDL_Surface *s[2];
	SDL_Renderer *r[2];
	view *v = view_new();
	assert_non_null(v);
	view_item disc = {.kind = ITEM_DISC, .fill = COLOR_BUTTON, .outline = 3,
			  .outline_color = COLOR_PANEL, .rect = {10, 10, 41, 41}};
	assert_non_null(view_add(v, &disc));
	for (int k = 0; k < 2; k++) {
		s[k] = SDL_CreateRGBSurfaceWithFormat(0, 61, 61, 32, SDL_PIXELFORMAT_ARGB8888);
		assert_non_null(s[k]);
		r[k] = SDL_CreateSoftwareRenderer(s[k]);
		assert_non_null(r[k]);
		view_frame *f = view_frame_new();
		assert_non_null(f);
		view_frame_begin(f, 61, 61);
		assert_int_equal(view_frame_add(f, v, 0, 0, false), 0);
		assert_int_equal(view_frame_draw(f, r[k], NULL, k ? NULL : s[k],
						 view_palette(COLOR_BACKGROUND)),
				 0);
		SDL_RenderFlush(r[k]);
		view_frame_free(f);
	}
	assert_true(same(pixel(s[0], 30, 30), COLOR_BUTTON));
	assert_true(same(pixel(s[0], 30, 11), COLOR_PANEL)); /* 19 px out: the ring */
	assert_true(same(pixel(s[0], 11, 11), COLOR_BACKGROUND));
	assert_true(same(pixel(s[0], 5, 30), COLOR_BACKGROUND)); /* outside the square */
	int smoothed = 0;
	for (int y = 0; y < 61; y++) {
		for (int x = 0; x < 61; x++) {
			SDL_Color c = pixel(s[0], x, y);
			SDL_Color m[3] = {pixel(s[0], 60 - x, y), pixel(s[0], x, 60 - y),
					  pixel(s[0], y, x)};
			for (int i = 0; i < 3; i++)
				if (c.r != m[i].r || c.g != m[i].g || c.b != m[i].b)
					fail_msg("pixel %d,%d is not mirrored (%d)", x, y, i);
			smoothed += !same(c, COLOR_BACKGROUND) && !same(c, COLOR_PANEL) &&
				    !same(c, COLOR_BUTTON);
			SDL_Color o = pixel(s[1], x, y);
			if (abs(c.r - o.r) > 2 || abs(c.g - o.g) > 2 || abs(c.b - o.b) > 2)
				fail_msg("pixel %d,%d: %d,%d,%d directly, %d,%d,%d by the renderer", x,
					 y, c.r, c.g, c.b, o.r, o.g, o.b);
		}
	}
	if (smoothed < 40)
		fail_msg("only %d pixels between the colours: the edge is not smoothed", smoothed);
	view_free(v);
	for (int k = 0; k < 2; k++) {
		SDL_DestroyRenderer(r[k]);
		SDL_FreeSurface(s[k]);
	}
}

/* A scene of the stale-pixel test: a panel, a bar, a button (pressed or
 * not), a translucent scrim over all (or not), scrolling rows, a scrollbar,
 * a matrix and a disc, with what varies between frames as arguments. */
typedef struct {
	float panel_x, disc_x;
	view_color button_fill;
	bool pressed, scrim, row_gone;
	float scroll;
	uint8_t cell;
} scene;

static void build_scene(view *v, const scene *sc)
{
	view_clear(v);
	view_set_scroll_region(v, (SDL_FRect){0, 40, 160, 100}, 400);
	view_item bar = {.kind = ITEM_RECT, .fill = COLOR_BAR, .rect = {0, 0, 160, 40}};
	view_item panel = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .outline = 2,
			   .outline_color = COLOR_OUTLINE, .rect = {sc->panel_x, 150, 50, 30.5f}};
	view_item button = {.kind = ITEM_BUTTON, .fill = sc->button_fill, .action = 1,
			    .rect = {100, 5, 50, 30}};
	assert_non_null(view_add(v, &bar));
	assert_non_null(view_add(v, &panel));
	assert_non_null(view_add(v, &button)); /* item 2 */
	for (int i = 0; i < 8; i++) {
		if (sc->row_gone && i == 1)
			continue;
		view_item row = {.kind = ITEM_RECT, .fill = i % 2 ? COLOR_FOUND : COLOR_WRONG,
				 .scrolls = true, .rect = {10, 45 + 45.0f * (float)i, 120, 30}};
		assert_non_null(view_add(v, &row));
	}
	view_item track = {.kind = ITEM_SCROLLBAR, .fill = COLOR_BAR, .outline_color = COLOR_OUTLINE,
			   .rect = {150, 40, 8, 100}};
	assert_non_null(view_add(v, &track));
	uint8_t cells[9] = {1, 0, 1, 0, sc->cell, 0, 1, 0, 1};
	view_item qr = {.kind = ITEM_MATRIX, .fill = COLOR_PANEL, .ink = COLOR_TEXT, .cells = cells,
			.cells_n = 3, .cell_px = 4, .rect = {100, 150, 20, 20}, .tx = 104, .ty = 154};
	assert_non_null(view_add(v, &qr));
	/* Over the panel's top edge: blended with what is below it. */
	view_item disc = {.kind = ITEM_DISC, .fill = COLOR_BUTTON, .outline = 2,
			  .outline_color = COLOR_PANEL, .rect = {sc->disc_x, 140, 21, 21}};
	assert_non_null(view_add(v, &disc));
	if (sc->scrim) {
		view_begin_modal(v);
		view_item scrim = {.kind = ITEM_RECT, .fill = COLOR_SCRIM, .rect = {0, 0, 160, 190}};
		assert_non_null(view_add(v, &scrim));
	}
	view_set_pressed(v, sc->pressed ? view_get(v, 2) : NULL);
}

/* Draws the scene into s through f (only what changed, when f holds the
 * last frame drawn into s); returns how many rectangles it redrew. */
static int draw_scene(view_frame *f, view *v, SDL_Renderer *r, SDL_Surface *s, const scene *sc)
{
	build_scene(v, sc);
	view_frame_begin(f, s->w, s->h);
	assert_int_equal(view_frame_add(f, v, sc->scroll, 0, false), 0);
	assert_int_equal(view_frame_draw(f, r, NULL, s, view_palette(COLOR_BACKGROUND)), 0);
	SDL_RenderFlush(r);
	int n;
	view_frame_damage(f, &n);
	return n;
}

/* Every change from scene a to scene b, drawn only where it changed over
 * a, gives the pixels of b drawn whole; an unchanged frame redraws nothing. */
static void partial_redraw_leaves_no_stale_pixel(void **state)
{
	(void)state;
	const scene base = {.panel_x = 20, .disc_x = 40, .button_fill = COLOR_BUTTON};
	scene changes[] = {base, base, base, base, base, base, base, base, base};
	changes[0].panel_x = 33.3f;              /* moved */
	changes[1].button_fill = COLOR_SECONDARY; /* recoloured */
	changes[2].pressed = true;                /* pressed: darker, inset */
	changes[3].scrim = true;                  /* an overlay's scrim over all */
	changes[4].scroll = 37;                   /* scrolled: rows and thumb */
	changes[5].row_gone = true;               /* an item gone from the middle */
	changes[6].cell = 1;                      /* a matrix's cells */
	changes[7].scroll = 300;                  /* to the end */
	changes[8].disc_x = 47.5f;                /* a disc moved */
	SDL_Surface *partial = SDL_CreateRGBSurfaceWithFormat(0, 160, 190, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Surface *whole = SDL_CreateRGBSurfaceWithFormat(0, 160, 190, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(partial);
	assert_non_null(whole);
	SDL_Renderer *rp = SDL_CreateSoftwareRenderer(partial);
	SDL_Renderer *rw = SDL_CreateSoftwareRenderer(whole);
	assert_non_null(rp);
	assert_non_null(rw);
	view *v = view_new();
	view_frame *fp = view_frame_new(), *fw = view_frame_new();
	assert_non_null(v);
	assert_non_null(fp);
	assert_non_null(fw);
	for (size_t c = 0; c < sizeof changes / sizeof *changes; c++) {
		for (int back = 0; back < 2; back++) {
			/* a then b, and b then a: what appears and what goes. */
			const scene *a = back ? &changes[c] : &base, *b = back ? &base : &changes[c];
			view_frame_invalidate(fp);
			SDL_FillRect(partial, NULL, 0);
			assert_int_equal(draw_scene(fp, v, rp, partial, a), 1);
			assert_int_equal(draw_scene(fp, v, rp, partial, a), 0); /* nothing changed */
			int n = draw_scene(fp, v, rp, partial, b);
			if (n < 1)
				fail_msg("change %zu (%s): nothing redrawn", c, back ? "undone" : "made");
			view_frame_invalidate(fw);
			SDL_FillRect(whole, NULL, 0);
			draw_scene(fw, v, rw, whole, b);
			for (int y = 0; y < whole->h; y++) {
				const Uint8 *pp = (const Uint8 *)partial->pixels + y * partial->pitch;
				const Uint8 *pw = (const Uint8 *)whole->pixels + y * whole->pitch;
				if (memcmp(pp, pw, (size_t)whole->w * 4) != 0)
					fail_msg("change %zu (%s): row %d differs", c,
						 back ? "undone" : "made", y);
			}
		}
	}
	view_frame_free(fp);
	view_frame_free(fw);
	view_free(v);
	SDL_DestroyRenderer(rp);
	SDL_DestroyRenderer(rw);
	SDL_FreeSurface(partial);
	SDL_FreeSurface(whole);
}

/* A frame of text on panels, large enough to be drawn on two threads:
 * paragraphs across the edges between the bands each thread draws, links (underlined)
 * and scrolling text clipped at its region's edges; with scrim, a
 * translucent overlay over it all. */
static void build_text_scene(view *v, text_layout *const *texts, size_t n_texts, bool scrim)
{
	view_clear(v);
	view_set_scroll_region(v, (SDL_FRect){0, 180, 1080, 1560}, 4000);
	view_item bar = {.kind = ITEM_RECT, .fill = COLOR_BAR, .rect = {0, 0, 1080, 180}};
	assert_non_null(view_add(v, &bar));
	for (int i = 0; i < 24; i++) {
		view_item panel = {.kind = ITEM_RECT, .fill = i % 3 ? COLOR_PANEL : COLOR_BACKGROUND,
				   .outline = 3, .outline_color = COLOR_OUTLINE, .scrolls = true,
				   .rect = {40, 200 + 170.0f * (float)i, 1000, 150}};
		assert_non_null(view_add(v, &panel));
		view_item text = {.kind = ITEM_TEXT, .ink = i % 4 ? COLOR_TEXT : COLOR_LINK,
				  .text = texts[(size_t)i % n_texts], .scrolls = true,
				  .tx = 60 + 0.25f * (float)i, .ty = 210 + 170.0f * (float)i};
		assert_non_null(view_add(v, &text));
	}
	view_item button = {.kind = ITEM_BUTTON, .fill = COLOR_BUTTON, .ink = COLOR_BUTTON_TEXT,
			    .text = texts[0], .action = 1, .rect = {40, 1760, 1000, 140},
			    .tx = 60, .ty = 1790};
	assert_non_null(view_add(v, &button));
	uint8_t cells[9] = {1, 0, 1, 0, 1, 0, 1, 1, 1};
	view_item qr = {.kind = ITEM_MATRIX, .fill = COLOR_PANEL, .ink = COLOR_TEXT, .cells = cells,
			.cells_n = 3, .cell_px = 40, .rect = {900, 900, 140, 140}, .tx = 910, .ty = 910};
	assert_non_null(view_add(v, &qr));
	/* Scrolling across the edges between bands, over a panel and text. */
	view_item disc = {.kind = ITEM_DISC, .fill = COLOR_BUTTON, .outline = 3,
			  .outline_color = COLOR_PANEL, .scrolls = true, .rect = {500, 450, 61, 61}};
	assert_non_null(view_add(v, &disc));
	if (scrim) {
		view_begin_modal(v);
		view_item dim = {.kind = ITEM_RECT, .fill = COLOR_SCRIM, .rect = {0, 0, 1080, 1920}};
		assert_non_null(view_add(v, &dim));
	}
}

/* A whole frame drawn on two threads gives the pixels drawn on one; one
 * with a translucent overlay (the renderer's to blend) is drawn on one
 * thread. */
static void two_threads_give_the_same_pixels(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	text_engine *eng = NULL;
	assert_int_equal(text_engine_new("fonts", d, &eng), 0);
	static const char *const paras[] = {
		"Adolygiadau Ymarfer Plant — Gwybodaeth i Rieni a Gofalwyr. Mae’r daflen hon yn "
		"egluro beth yw adolygiad, pam y caiff ei gynnal a beth fydd yn digwydd nesaf.",
		"Child Practice Reviews — Information for Parents and Carers. This leaflet explains "
		"what a review is, why one is held, and what happens next: who will contact you.",
		"Wyf fi’n gallu siarad â rhywun? Ydych. Ffoniwch ni neu anfonwch e-bost."};
	text_layout *texts[3];
	for (size_t i = 0; i < 3; i++) {
		text_block blk = {TEXT_BLOCK_PARAGRAPH, 0, paras[i], strlen(paras[i]), NULL, 0};
		text_params prm = {.width = 940, .body_px = 32, .lang = (lang_id)(i % 2)};
		assert_int_equal(text_engine_layout(eng, &blk, 1, &prm, &texts[i]), 0);
	}
	SDL_Surface *surf[2];
	SDL_Renderer *rend[2];
	glyph_atlas *atlas[2];
	view_frame *f[2];
	view *v = view_new();
	assert_non_null(v);
	for (int k = 0; k < 2; k++) {
		surf[k] = SDL_CreateRGBSurfaceWithFormat(0, 1080, 1920, 32, SDL_PIXELFORMAT_ARGB8888);
		assert_non_null(surf[k]);
		rend[k] = SDL_CreateSoftwareRenderer(surf[k]);
		assert_non_null(rend[k]);
		assert_int_equal(glyph_atlas_new(rend[k], &atlas[k]), 0);
		glyph_atlas_set_surface(atlas[k], surf[k]);
		f[k] = view_frame_new();
		assert_non_null(f[k]);
	}
	view_frame_set_two_threads(f[0], false);
	for (int scrim = 0; scrim < 2; scrim++) {
		for (float scroll = 0; scroll < 400; scroll += 117.3f) {
			build_text_scene(v, texts, 3, scrim);
			size_t shared = view_frame_shared(f[1]);
			for (int k = 0; k < 2; k++) {
				view_frame_invalidate(f[k]);
				view_frame_begin(f[k], 1080, 1920);
				assert_int_equal(view_frame_add(f[k], v, scroll, 0, false), 0);
				assert_int_equal(view_frame_draw(f[k], rend[k], atlas[k], surf[k],
								 view_palette(COLOR_BACKGROUND)),
						 0);
				SDL_RenderFlush(rend[k]);
			}
			assert_int_equal(view_frame_shared(f[0]), 0);
			if (SDL_GetCPUCount() > 1)
				assert_int_equal(view_frame_shared(f[1]), shared + (scrim ? 0 : 1));
			for (int y = 0; y < 1920; y++)
				if (memcmp((Uint8 *)surf[0]->pixels + y * surf[0]->pitch,
					   (Uint8 *)surf[1]->pixels + y * surf[1]->pitch, 1080 * 4) != 0)
					fail_msg("scroll %.1f%s: row %d differs", (double)scroll,
						 scrim ? " under the scrim" : "", y);
		}
	}
	for (int k = 0; k < 2; k++) {
		view_frame_free(f[k]);
		glyph_atlas_free(atlas[k]);
		SDL_DestroyRenderer(rend[k]);
		SDL_FreeSurface(surf[k]);
	}
	view_free(v);
	for (size_t i = 0; i < 3; i++)
		text_layout_unref(texts[i]);
	text_engine_free(eng);
	diag_list_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_contrast_is_aaa),
		cmocka_unit_test(metrics_follow_the_screen),
		cmocka_unit_test(scroll_decorations_follow_the_offset),
		cmocka_unit_test(rects_meet_without_a_seam),
		cmocka_unit_test(disc_is_round_and_smooth),
		cmocka_unit_test(partial_redraw_leaves_no_stale_pixel),
		cmocka_unit_test(two_threads_give_the_same_pixels),
	};
	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
