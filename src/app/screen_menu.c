/* menu: the catalogue, a grid of cards, one per item in the catalogue's
 * order (content.h): each leaflet, and the learning page with the staff
 * quiz unless quiz_on_menu = no (it is then the staff area's). A card is a
 * big button: the item's title, its subtitle and its one-line summary, in
 * the language shown or, for an item that lacks it, in Welsh. When the
 * cards do not fit, the grid turns pages with Previous and Next under it.
 *
 * With one leaflet and the quiz it is today's menu: two cards stacked in
 * portrait, side by side in landscape. */
#include "app/app_internal.h"

#include <math.h>
#include <stdio.h>

/* A card is never taller than this (short-side units): a few big cards
 * stay cards rather than walls. */
#define CARD_MAX_UNITS 520.0f
/* Nor smaller than this many times the body text, so that a title and a
 * two-line summary fit whatever the text size (the subtitle when there is
 * room). */
#define CARD_MIN_W_EMS 12.0f
#define CARD_MIN_H_EMS 7.0f
/* At most this many cards side by side: more would be narrow columns of a
 * few words each. */
#define MAX_COLS 3
/* A card narrower than this (in ems) has its words a size smaller, so that
 * its summary still fits beside the others'. */
#define CARD_NARROW_EMS 16.0f
#define CARD_NARROW_SCALE 0.85f

/* The cards' grid: columns, rows, and the cards a page holds. */
typedef struct {
	int cols, rows, per_page, pages;
	float x, y, w, h;    /* the area the cards take */
	float card_w, card_h;
} grid;

/* The items the menu lists: out[] gets their catalogue indexes. */
static size_t menu_items(const screen_ctx *c, size_t *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < content_n_items(c->content) && n < cap; i++)
		if (content_item_kind(c->content, i) == CONTENT_KIND_LEAFLET || c->config->quiz_on_menu)
			out[n++] = i;
	return n;
}

/* How n cards fit in the area from top to bottom: portrait fills one
 * column first, landscape one row; more than fit are paged. */
static grid plan(const screen_ctx *c, size_t n, float top, float bottom)
{
	const view_metrics *m = &c->m;
	grid g = {.x = m->margin, .y = top, .w = (float)c->w - 2 * m->margin, .h = bottom - top};
	float min_w = CARD_MIN_W_EMS * m->body_px, min_h = CARD_MIN_H_EMS * m->body_px;
	int cols_max = (int)floorf((g.w + m->margin) / (min_w + m->margin));
	int rows_max = (int)floorf((g.h + m->margin) / (min_h + m->margin));
	cols_max = cols_max < 1 ? 1 : cols_max > MAX_COLS ? MAX_COLS : cols_max;
	rows_max = rows_max < 1 ? 1 : rows_max;
	int count = n ? (int)n : 1;
	if (c->h >= c->w) {
		g.cols = count <= rows_max ? 1 : cols_max;
		g.rows = (count + g.cols - 1) / g.cols;
		g.rows = g.rows < rows_max ? g.rows : rows_max;
	} else {
		g.rows = (count + cols_max - 1) / cols_max;
		g.rows = g.rows < rows_max ? g.rows : rows_max;
		g.cols = (count + g.rows - 1) / g.rows;
		g.cols = g.cols < cols_max ? g.cols : cols_max;
	}
	g.per_page = g.cols * g.rows;
	g.pages = (count + g.per_page - 1) / g.per_page;
	g.card_w = (g.w - (float)(g.cols - 1) * m->margin) / (float)g.cols;
	g.card_h = (g.h - (float)(g.rows - 1) * m->margin) / (float)g.rows;
	if (g.card_h > CARD_MAX_UNITS * m->unit)
		g.card_h = CARD_MAX_UNITS * m->unit;
	if (count == 1) /* one card: as wide as the reading column */
		app_column(c, &g.x, &g.card_w);
	return g;
}

/* The lines of a card, in the order drawn. */
enum { CARD_TITLE, CARD_SUBTITLE, CARD_SUMMARY, CARD_NOTE, CARD_LINES };

/* A card's words: its title bold over its subtitle and summary, and for an
 * item shown in Welsh because it lacks the language shown, the note that
 * says so (@not_available, as on its pages), laid out into t for the card
 * r; returns their height. What does not fit is left out, the subtitle
 * first: the title names the item, the note explains why it is not in the
 * visitor's language and the summary says what is in it. */
static float card_text(screen_ctx *c, SDL_FRect r, size_t item, text_layout *t[CARD_LINES])
{
	const view_metrics *m = &c->m;
	float inner = r.w - 4 * m->gap;
	float px = r.w < CARD_NARROW_EMS * m->body_px ? m->body_px * CARD_NARROW_SCALE : m->body_px;
	lang_id l = c->st->lang;
	static const struct {
		const char *key;
		float scale;
		unsigned flags;
	} lines[CARD_LINES] = {[CARD_TITLE] = {"title", 1.25f, TEXT_BOLD},
			       [CARD_SUBTITLE] = {"subtitle", 1.0f, TEXT_BOLD},
			       [CARD_SUMMARY] = {"summary", 1.0f, TEXT_REGULAR},
			       [CARD_NOTE] = {"not_available", 0.85f, TEXT_ITALIC}};
	/* Taken in this order while they fit. */
	static const int keep[CARD_LINES] = {CARD_TITLE, CARD_NOTE, CARD_SUMMARY, CARD_SUBTITLE};
	/* Looked up on every card, shown or not, so that the schema test
	 * (the shipped content has every language) sees the menu ask. */
	const char *note = app_str(c, l, "ui", "common", "not_available");
	bool in_welsh = app_item_lang(c->content, item, l) != l;
	float total = 0, room = r.h - 2 * m->gap;
	for (int k = 0; k < CARD_LINES; k++) {
		int i = keep[k];
		const char *s = i == CARD_NOTE ? (in_welsh ? note : "")
					       : app_item_str(c, item, l, lines[i].key);
		t[i] = NULL;
		if (!*s) /* an optional field left out */
			continue;
		t[i] = app_text(c, s, px * lines[i].scale, lines[i].flags, inner, TEXT_ALIGN_CENTER);
		float h = t[i] ? text_layout_height(t[i]) + (total > 0 ? m->gap : 0) : 0;
		if (t[i] && total + h > room) {
			text_layout_unref(t[i]);
			t[i] = NULL;
			h = 0;
		}
		total += h;
	}
	return total;
}

/* A card: a big button, and its words (card_text) from y down. */
static void add_card(screen_ctx *c, SDL_FRect r, size_t item, text_layout *t[CARD_LINES], float y)
{
	const view_metrics *m = &c->m;
	view_item *b = app_add_button(c, r, "", true, ACT_OPEN_ITEM, (int)item);
	for (int i = 0; i < CARD_LINES; i++) {
		if (!t[i])
			continue;
		if (!b) {
			text_layout_unref(t[i]);
			continue;
		}
		app_add_text(c, t[i], r.x + 2 * m->gap, y, COLOR_BUTTON_TEXT, false);
		y += text_layout_height(t[i]) + m->gap;
	}
}

/* Previous, "2 / 3" and Next under the grid, as the leaflet's bottom bar. */
static void add_pager(screen_ctx *c, int page, int pages, float bottom)
{
	const view_metrics *m = &c->m;
	lang_id l = c->st->lang;
	app_add_rect(c, (SDL_FRect){0, bottom, (float)c->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = ((float)c->w - 2 * m->margin) * 0.32f;
	if (page > 0)
		app_add_button(c, (SDL_FRect){m->margin / 2, bottom + pad, bw, m->button_h},
			       app_str(c, l, "ui", "common", "previous"), false, ACT_PAGE, -1);
	if (page < pages - 1)
		app_add_button(c,
			       (SDL_FRect){(float)c->w - m->margin / 2 - bw, bottom + pad, bw, m->button_h},
			       app_str(c, l, "ui", "common", "next"), true, ACT_PAGE, +1);
	app_add_page_of(c, page + 1, pages, bottom, bw);
}

/* The grid's page shown: the state's, within the pages there are. */
static int shown_page(const screen_ctx *c, const grid *g)
{
	int p = c->st->menu_page;
	return p < 0 ? 0 : p >= g->pages ? g->pages - 1 : p;
}

static void menu_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	float y = app_add_top_bar(c) + m->margin;
	float x, w;
	app_column(c, &x, &w);
	text_layout *title = app_text(c, app_str(c, c->st->lang, "ui", "menu", "title"),
				      m->body_px * 1.5f, TEXT_BOLD, w, TEXT_ALIGN_CENTER);
	if (title) {
		float th = text_layout_height(title);
		app_add_text(c, title, x, y, COLOR_TEXT, false);
		y += th + m->margin;
	}
	size_t items[CONTENT_MAX_ITEMS];
	size_t n = menu_items(c, items, CONTENT_MAX_ITEMS);
	float bottom = (float)c->h - m->margin;
	grid g = plan(c, n, y, bottom);
	if (g.pages > 1) { /* room for the pager */
		bottom = (float)c->h - m->bar_h - m->margin;
		g = plan(c, n, y, bottom);
	}
	int page = shown_page(c, &g);
	c->out.menu_pages = g.pages;
	/* A row at a time: the words of its cards start at one height, the
	 * tallest centred in its card, so that titles side by side line up. */
	for (int k0 = 0; k0 < g.per_page; k0 += g.cols) {
		text_layout *t[MAX_COLS][CARD_LINES];
		SDL_FRect r[MAX_COLS];
		int in_row = 0;
		float tallest = 0;
		for (; in_row < g.cols; in_row++) {
			int k = k0 + in_row;
			size_t at = (size_t)(page * g.per_page + k);
			if (k >= g.per_page || at >= n)
				break;
			int col = k % g.cols, row = k / g.cols;
			r[in_row] = (SDL_FRect){g.x + (float)col * (g.card_w + m->margin),
						g.y + (float)row * (g.card_h + m->margin), g.card_w,
						g.card_h};
			tallest = fmaxf(tallest, card_text(c, r[in_row], items[at], t[in_row]));
		}
		for (int i = 0; i < in_row; i++)
			add_card(c, r[i], items[(size_t)(page * g.per_page + k0 + i)], t[i],
				 r[i].y + (g.card_h - tallest) / 2);
	}
	if (g.pages > 1)
		add_pager(c, page, g.pages, (float)c->h - m->bar_h);
}

/* A card opens its item; Previous and Next (and the page keys) turn the
 * grid's pages. */
static bool menu_action(screen_ctx *c, int action, int arg)
{
	if (action == ACT_OPEN_ITEM) {
		size_t item = (size_t)arg;
		if (arg < 0 || item >= content_n_items(c->content))
			return true;
		if (content_item_kind(c->content, item) == CONTENT_KIND_QUIZ) {
			c->go = SCREEN_LEARN;
			return true;
		}
		c->state->item = item;
		c->state->page = 1;
		c->go = SCREEN_LEAFLET;
		return true;
	}
	if (action != ACT_PAGE)
		return false;
	/* How many pages there are is the layout's: the build recorded it. */
	int pages = c->shown ? c->shown->menu_pages : 1;
	int page = c->st->menu_page + arg;
	if (page >= 0 && page < pages) {
		c->state->menu_page = page;
		c->changed = true;
	}
	return true;
}

/* The `menu_page` field of scripts: the catalogue's page shown, from 1. */
static void menu_page_field(screen_ctx *c, char *buf, size_t size)
{
	snprintf(buf, size, "%d", c->st->menu_page + 1);
}

static const screen_field menu_fields[] = {{"menu_page", menu_page_field}, {NULL, NULL}};

const screen_def screen_menu = {.name = "menu", .build = menu_build, .action = menu_action,
				.fields = menu_fields};
