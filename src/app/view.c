#include "app/view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/vec.h"

struct view {
	view_item *items;
	size_t n, cap;
	SDL_FRect scroll_region;
	float content_h;
	size_t modal_from; /* first item of the modal layer; n when there is none */
	bool modal;
	size_t pressed;    /* the button under a finger, drawn pressed; n or more: none */
};

SDL_Color view_palette(view_color c)
{
	/* Contrast against COLOR_BACKGROUND (243,239,230): text 14.4:1, muted
	 * 8.3:1, link 7.9:1; white on COLOR_BUTTON 9.4:1; text on every quiz
	 * fill above 10:1. Checked with the WCAG 2 formula. */
	static const SDL_Color palette[COLOR_COUNT] = {
		[COLOR_BACKGROUND] = {243, 239, 230, 255},
		[COLOR_TEXT] = {27, 31, 36, 255},
		[COLOR_MUTED] = {64, 70, 78, 255},
		[COLOR_LINK] = {10, 74, 128, 255},
		[COLOR_BAR] = {228, 221, 207, 255},
		[COLOR_BUTTON] = {14, 77, 92, 255},
		[COLOR_BUTTON_TEXT] = {255, 255, 255, 255},
		[COLOR_SECONDARY] = {255, 252, 245, 255},
		[COLOR_OUTLINE] = {14, 77, 92, 255},
		[COLOR_HIGHLIGHT] = {255, 217, 90, 255},
		[COLOR_FOUND] = {185, 226, 176, 255},
		[COLOR_WRONG] = {243, 193, 184, 255},
		[COLOR_MISSED] = {150, 30, 30, 255},
		[COLOR_SCRIM] = {20, 24, 28, 150},
		[COLOR_PANEL] = {255, 252, 245, 255},
	};
	return palette[c < COLOR_COUNT ? c : COLOR_TEXT];
}

/* How much larger a portrait screen's body text is (1: not at all). */
static float portrait_boost(const view_metrics *m, float dpi)
{
	if (m->h <= m->w)
		return 1;
	float tall = dpi > 0 ? (float)m->h / dpi * 25.4f / VIEW_PORTRAIT_REF_MM
			     : (float)m->h / m->unit / VIEW_PORTRAIT_REF_UNITS;
	return tall < 1 ? 1 : tall > VIEW_PORTRAIT_MAX_BOOST ? VIEW_PORTRAIT_MAX_BOOST : tall;
}

view_metrics view_metrics_for(int w, int h, float text_scale, float dpi)
{
	view_metrics m;
	m.w = w > 1 ? w : 1;
	m.h = h > 1 ? h : 1;
	int short_side = m.w < m.h ? m.w : m.h;
	m.unit = (float)short_side / 1080.0f;
	/* Below a 600 px short side text would get too small to read from a
	 * step away; keep a floor rather than scale down forever. */
	if (m.unit < 0.56f)
		m.unit = 0.56f;
	m.body_px = 32.0f * m.unit * portrait_boost(&m, dpi) * text_scale;
	m.label_px = 32.0f * m.unit;
	m.margin = 48.0f * m.unit;
	m.bar_h = 128.0f * m.unit;
	m.button_h = 104.0f * m.unit;
	m.gap = 24.0f * m.unit;
	return m;
}

view *view_new(void)
{
	view *v = calloc(1, sizeof(view));
	if (v)
		v->pressed = SIZE_MAX;
	return v;
}

void view_clear(view *v)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->items[i].text)
			text_layout_unref(v->items[i].text);
		free((void *)v->items[i].cells);
	}
	v->n = 0;
	v->modal = false;
	v->pressed = SIZE_MAX;
	v->content_h = 0;
	memset(&v->scroll_region, 0, sizeof v->scroll_region);
}

void view_free(view *v)
{
	if (!v)
		return;
	view_clear(v);
	free(v->items);
	free(v);
}

view_item *view_add(view *v, const view_item *item)
{
	if (VEC_RESERVE(v->items, v->cap, v->n + 1) < 0) {
		LOG(LOG_ERROR, "out of memory for %zu view items", v->n + 1);
		return NULL;
	}
	const uint8_t *cells = NULL;
	if (item->cells && item->cells_n > 0) {
		size_t n = (size_t)item->cells_n * (size_t)item->cells_n;
		uint8_t *copy = malloc(n);
		if (!copy) {
			LOG(LOG_ERROR, "out of memory for a %d-cell matrix", item->cells_n);
			return NULL;
		}
		memcpy(copy, item->cells, n);
		cells = copy;
	}
	view_item *it = &v->items[v->n++];
	*it = *item;
	it->cells = cells;
	if (it->text)
		text_layout_ref(it->text);
	return it;
}

size_t view_count(const view *v)
{
	return v->n;
}

view_item *view_get(view *v, size_t i)
{
	return i < v->n ? &v->items[i] : NULL;
}

void view_set_scroll_region(view *v, SDL_FRect region, float content_h)
{
	v->scroll_region = region;
	v->content_h = content_h;
}

SDL_FRect view_scroll_region(const view *v)
{
	return v->scroll_region;
}

float view_content_height(const view *v)
{
	return v->content_h;
}

void view_set_pressed(view *v, const view_item *it)
{
	v->pressed = it && it >= v->items && it < v->items + v->n ? (size_t)(it - v->items) : SIZE_MAX;
}

const view_item *view_pressed(const view *v)
{
	return v->pressed < v->n ? &v->items[v->pressed] : NULL;
}

/* True when an until_end item is gone: the scroll offset is at the end. */
static bool at_end(const view *v, const view_item *it, float scroll)
{
	return it->until_end && scroll >= v->content_h - v->scroll_region.h - 1;
}

static bool inside(SDL_FRect r, float x, float y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

void view_begin_modal(view *v)
{
	v->modal = true;
	v->modal_from = v->n;
}

bool view_in_modal(const view *v, size_t i)
{
	return v->modal && i >= v->modal_from;
}

const view_item *view_button_at(const view *v, float x, float y, float scroll)
{
	size_t lowest = v->modal ? v->modal_from : 0;
	/* Last added is drawn on top, so search backwards. */
	for (size_t i = v->n; i-- > lowest;) {
		const view_item *it = &v->items[i];
		if (it->kind != ITEM_BUTTON || it->hidden || at_end(v, it, scroll))
			continue;
		SDL_FRect r = it->rect;
		if (it->scrolls) {
			if (!inside(v->scroll_region, x, y))
				continue;
			r.y -= scroll;
		}
		if (inside(r, x, y))
			return it;
	}
	return NULL;
}

/* Whole pixels, by rounding each edge rather than truncating the origin and
 * the size apart (as SDL's software renderer does): rects that meet in
 * layout units then meet on screen, with no one-pixel seam between them. */
static SDL_Rect snap(SDL_FRect f)
{
	int x0 = (int)lroundf(f.x), y0 = (int)lroundf(f.y);
	int x1 = (int)lroundf(f.x + f.w), y1 = (int)lroundf(f.y + f.h);
	return (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
}

void view_fill_rect(SDL_Renderer *r, SDL_FRect rect, SDL_Color fill, float outline, SDL_Color line)
{
	SDL_SetRenderDrawBlendMode(r, fill.a < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(r, fill.r, fill.g, fill.b, fill.a);
	SDL_Rect box = snap(rect);
	SDL_RenderFillRect(r, &box);
	if (outline <= 0)
		return;
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(r, line.r, line.g, line.b, line.a);
	int t = (int)lroundf(outline);
	t = t < 1 ? 1 : t;
	SDL_Rect edges[4] = {
		{box.x, box.y, box.w, t},
		{box.x, box.y + box.h - t, box.w, t},
		{box.x, box.y, t, box.h},
		{box.x + box.w - t, box.y, t, box.h},
	};
	SDL_RenderFillRects(r, edges, 4);
}

static void draw_scrollbar(const view *v, const view_item *it, SDL_Renderer *r, float scroll)
{
	SDL_FRect track = it->rect;
	view_fill_rect(r, track, view_palette(it->fill), 0, view_palette(it->fill));
	float max = v->content_h - v->scroll_region.h;
	if (max <= 0)
		return;
	float pos = scroll < 0 ? 0 : scroll > max ? 1 : scroll / max;
	float thumb = track.h * v->scroll_region.h / v->content_h;
	SDL_FRect t = {track.x, track.y + (track.h - thumb) * pos, track.w, thumb};
	view_fill_rect(r, t, view_palette(it->outline_color), 0, view_palette(it->outline_color));
}

/* Dark cells as squares, a row's neighbours merged into one rectangle:
 * whole pixels, no scaling, so every edge is sharp. */
static void draw_matrix(const view_item *it, SDL_Renderer *r, float dx, float dy)
{
	SDL_FRect ground = it->rect;
	ground.x += dx;
	ground.y += dy;
	view_fill_rect(r, ground, view_palette(it->fill), 0, view_palette(it->fill));
	if (!it->cells)
		return;
	SDL_Color ink = view_palette(it->ink);
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(r, ink.r, ink.g, ink.b, ink.a);
	int x0 = (int)lroundf(it->tx + dx), y0 = (int)lroundf(it->ty + dy), n = it->cells_n;
	for (int y = 0; y < n; y++) {
		for (int x = 0; x < n;) {
			if (!it->cells[y * n + x]) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < n && it->cells[y * n + x + run])
				run++;
			SDL_Rect sq = {x0 + x * it->cell_px, y0 + y * it->cell_px, run * it->cell_px,
				       it->cell_px};
			SDL_RenderFillRect(r, &sq);
			x += run;
		}
	}
}

/* A pressed button's fill: the same hue, darker, so that light and dark
 * buttons alike change at once under the finger. */
static SDL_Color pressed_fill(SDL_Color c)
{
	return (SDL_Color){(Uint8)(c.r * VIEW_PRESSED_SHADE), (Uint8)(c.g * VIEW_PRESSED_SHADE),
			   (Uint8)(c.b * VIEW_PRESSED_SHADE), c.a};
}

static int draw_item(const view_item *it, SDL_Renderer *r, glyph_atlas *atlas, float dx, float dy,
		     bool pressed)
{
	SDL_FRect rect = it->rect;
	rect.x += dx;
	rect.y += dy;
	if (it->kind == ITEM_RECT || it->kind == ITEM_BUTTON) {
		SDL_Color fill = view_palette(it->fill);
		float outline = it->outline;
		if (pressed) {
			/* Darker and inset: a thick inner edge, the label nudged
			 * down, as if pushed into the glass. */
			fill = pressed_fill(fill);
			outline = fmaxf(outline, rect.h * VIEW_PRESSED_INSET);
		}
		view_fill_rect(r, rect, fill, outline,
			       pressed ? view_palette(COLOR_TEXT) : view_palette(it->outline_color));
	}
	if (!it->text)
		return 0;
	text_colors colors = {view_palette(it->ink), view_palette(COLOR_LINK)};
	if (it->ink != COLOR_TEXT)
		colors.link = colors.text;
	float nudge = pressed ? rect.h * VIEW_PRESSED_INSET / 2 : 0;
	return glyph_atlas_draw(atlas, it->text, it->tx + dx, it->ty + dy + nudge, &colors);
}

int view_draw(const view *v, SDL_Renderer *r, glyph_atlas *atlas, float scroll)
{
	return view_draw_shifted(v, r, atlas, scroll, 0, false);
}

int view_draw_shifted(const view *v, SDL_Renderer *r, glyph_atlas *atlas, float scroll, float dx,
		      bool only_scrolling)
{
	int rc = 0;
	bool clipped = false;
	for (size_t i = 0; i < v->n; i++) {
		const view_item *it = &v->items[i];
		if (it->hidden || at_end(v, it, scroll) || (only_scrolling && !it->scrolls))
			continue;
		float x = it->scrolls ? dx : 0, y = it->scrolls ? -scroll : 0;
		if (it->scrolls != clipped) {
			if (it->scrolls) {
				SDL_Rect clip = snap(v->scroll_region);
				SDL_RenderSetClipRect(r, &clip);
			} else {
				SDL_RenderSetClipRect(r, NULL);
			}
			clipped = it->scrolls;
		}
		if (it->kind == ITEM_SCROLLBAR)
			draw_scrollbar(v, it, r, scroll);
		else if (it->kind == ITEM_MATRIX)
			draw_matrix(it, r, x, y);
		else if (draw_item(it, r, atlas, x, y, i == v->pressed) != 0)
			rc = -1;
	}
	if (clipped)
		SDL_RenderSetClipRect(r, NULL);
	return rc;
}
