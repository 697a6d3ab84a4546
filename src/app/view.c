#include "app/view.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"

struct view {
	view_item *items;
	size_t n, cap;
	SDL_FRect scroll_region;
	float content_h;
	size_t modal_from; /* first item of the modal layer; n when there is none */
	bool modal;
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

view_metrics view_metrics_for(int w, int h, float text_scale)
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
	m.body_px = 32.0f * m.unit * text_scale;
	m.label_px = 32.0f * m.unit;
	m.margin = 48.0f * m.unit;
	m.bar_h = 128.0f * m.unit;
	m.button_h = 104.0f * m.unit;
	m.gap = 24.0f * m.unit;
	return m;
}

view *view_new(void)
{
	return calloc(1, sizeof(view));
}

void view_clear(view *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i].text)
			text_layout_unref(v->items[i].text);
	v->n = 0;
	v->modal = false;
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
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		view_item *grown = realloc(v->items, cap * sizeof *grown);
		if (!grown) {
			LOG(LOG_ERROR, "out of memory for %zu view items", cap);
			return NULL;
		}
		v->items = grown;
		v->cap = cap;
	}
	view_item *it = &v->items[v->n++];
	*it = *item;
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

static bool inside(SDL_FRect r, float x, float y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

void view_begin_modal(view *v)
{
	v->modal = true;
	v->modal_from = v->n;
}

const view_item *view_button_at(const view *v, float x, float y, float scroll)
{
	size_t lowest = v->modal ? v->modal_from : 0;
	/* Last added is drawn on top, so search backwards. */
	for (size_t i = v->n; i-- > lowest;) {
		const view_item *it = &v->items[i];
		if (it->kind != ITEM_BUTTON || it->hidden)
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

void view_fill_rect(SDL_Renderer *r, SDL_FRect rect, SDL_Color fill, float outline, SDL_Color line)
{
	SDL_SetRenderDrawBlendMode(r, fill.a < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(r, fill.r, fill.g, fill.b, fill.a);
	SDL_RenderFillRectF(r, &rect);
	if (outline <= 0)
		return;
	SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(r, line.r, line.g, line.b, line.a);
	SDL_FRect edges[4] = {
		{rect.x, rect.y, rect.w, outline},
		{rect.x, rect.y + rect.h - outline, rect.w, outline},
		{rect.x, rect.y, outline, rect.h},
		{rect.x + rect.w - outline, rect.y, outline, rect.h},
	};
	SDL_RenderFillRectsF(r, edges, 4);
}

static int draw_item(const view_item *it, SDL_Renderer *r, glyph_atlas *atlas, float dy)
{
	SDL_FRect rect = it->rect;
	rect.y += dy;
	if (it->kind == ITEM_RECT || it->kind == ITEM_BUTTON)
		view_fill_rect(r, rect, view_palette(it->fill), it->outline,
			       view_palette(it->outline_color));
	if (!it->text)
		return 0;
	text_colors colors = {view_palette(it->ink), view_palette(COLOR_LINK)};
	if (it->ink != COLOR_TEXT)
		colors.link = colors.text;
	return glyph_atlas_draw(atlas, it->text, it->tx, it->ty + dy, &colors);
}

int view_draw(const view *v, SDL_Renderer *r, glyph_atlas *atlas, float scroll)
{
	int rc = 0;
	bool clipped = false;
	for (size_t i = 0; i < v->n; i++) {
		const view_item *it = &v->items[i];
		if (it->hidden)
			continue;
		if (it->scrolls != clipped) {
			if (it->scrolls) {
				SDL_Rect clip = {(int)v->scroll_region.x, (int)v->scroll_region.y,
						 (int)v->scroll_region.w, (int)v->scroll_region.h};
				SDL_RenderSetClipRect(r, &clip);
			} else {
				SDL_RenderSetClipRect(r, NULL);
			}
			clipped = it->scrolls;
		}
		if (draw_item(it, r, atlas, it->scrolls ? -scroll : 0) != 0)
			rc = -1;
	}
	if (clipped)
		SDL_RenderSetClipRect(r, NULL);
	return rc;
}
