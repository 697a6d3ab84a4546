/* leaflet: a leaflet of the catalogue (st->item), in the language shown or,
 * when the leaflet lacks it, in Welsh. One section of its file per page, with previous/next buttons, swipes and a
 * page indicator; the last page has "Finish" where "Next" was, and under its
 * text "Take it with you" when the content names a web address. A page taller than the screen scrolls (app.c handles the
 * drag and its inertia; app_set_content_height adds the cue that says so). */
#include "app/app_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A row of the contents list, as a share of a button's height (at least
 * 60 px at 1080p). */
#define CONTENTS_ROW_SHARE 0.75f
/* The list as an overlay: its panel at most this wide (short-side units),
 * its rows a button's height, shrunk to fit a short screen down to a
 * finger's size (MIN_TOUCH_UNITS), in more columns when even those do not
 * fit. */
#define CONTENTS_PANEL_UNITS 1000.0f
#define MIN_TOUCH_UNITS 60.0f
#define CONTENTS_LABEL_MIN 0.6f

/* The first section of an item's file holds its title; the rest are pages. */
int screen_leaflet_pages(const content *from, size_t item, lang_id lang)
{
	if (content_item_kind(from, item) != CONTENT_KIND_LEAFLET)
		return 0;
	const content_file *f = content_item_file(from, item, app_item_lang(from, item, lang));
	return f && f->n_sections > 1 ? (int)f->n_sections - 1 : 0;
}

static int leaflet_pages(const content *from, const app_state *st)
{
	return screen_leaflet_pages(from, st->item, st->lang);
}

float screen_add_lang_note(screen_ctx *c, size_t item, float top)
{
	const view_metrics *m = &c->m;
	/* Looked up on every page, shown or not, so that the schema test
	 * (which walks the shipped content, whose items have every language)
	 * sees the screens ask for it. */
	const char *note = app_str(c, c->st->lang, "ui", "common", "not_available");
	if (app_item_lang(c->content, item, c->st->lang) == c->st->lang || !*note)
		return top;
	float x, w;
	app_column(c, &x, &w);
	text_layout *l = app_text(c, note, m->body_px * 0.85f, TEXT_REGULAR, w, TEXT_ALIGN_LEFT);
	if (!l)
		return top;
	float h = text_layout_height(l) + m->gap;
	app_add_rect(c, (SDL_FRect){0, top, (float)c->w, h}, COLOR_BAR, false);
	app_add_text(c, l, x, top + m->gap / 2, COLOR_TEXT, false);
	return top + h;
}

/* The column of reading text between the bars, scrolled as one region. The
 * layout is added as the screen's reading text so that a language or text
 * size change keeps the same paragraph at the top. */
float screen_add_reading(screen_ctx *c, const char *kicker, const content_block *blocks, size_t n,
			float top, float bottom, const char *end_label, int end_action)
{
	const view_metrics *m = &c->m;
	float x, w;
	app_column(c, &x, &w);
	SDL_FRect region = {0, top, (float)c->w, bottom - top};
	float y = top + m->margin * 0.75f;
	if (kicker && *kicker) {
		text_layout *k = app_text(c, kicker, m->body_px * 0.85f, TEXT_REGULAR, w, TEXT_ALIGN_LEFT);
		if (k) {
			float kh = text_layout_height(k);
			app_add_text(c, k, x, y, COLOR_MUTED, true);
			y += kh + m->gap;
		}
	}
	text_layout *body = app_blocks(c, blocks, n, m->body_px, w, 0);
	if (body) {
		float bh = text_layout_height(body);
		app_add_spoken_band(c, true);
		view_item *it = app_add_text(c, body, x, y, COLOR_TEXT, true);
		app_mark_listen(c, it, blocks, n, NULL);
		if (it) {
			c->out.reading = it->text;
			c->out.reading_y = y;
			c->out.reading_blocks = blocks;
			c->out.n_reading_blocks = n;
		}
		y += bh;
	}
	if (end_label) {
		float bw = w < 640 * m->unit ? w : 640 * m->unit;
		y += m->gap;
		view_item *b = app_add_button(c, (SDL_FRect){x, y, bw, m->button_h}, end_label, false,
					      end_action, 0);
		if (b)
			b->scrolls = true;
		y += m->button_h;
	}
	float content_h = y + m->margin - top;
	app_set_content_height(c, region, content_h);
	return content_h;
}

/* A page's title: its first block, when that is a heading. */
static const char *page_title(const content_section *s)
{
	return s->n_blocks && s->blocks[0].kind == CONTENT_HEADING ? s->blocks[0].text : NULL;
}

/* Page p's row in the list: "3. Its heading". */
static void page_label(const content_file *f, int p, char *buf, size_t size)
{
	const char *title = page_title(&f->sections[p]);
	snprintf(buf, size, "%d. %s", p, title ? title : "");
}

/* The rows of the list of the leaflet's pages, from (x, y) down, each row
 * tall and w wide with gap between, in columns of per_col rows, labels at
 * px: each page by its heading, the current one (at) marked and no button,
 * any other a tap away. */
static void add_page_rows(screen_ctx *c, const content_file *f, int pages, int at, float x,
			  float y, float w, float row, float gap, int per_col, float px)
{
	int cols = (pages + per_col - 1) / per_col;
	float cw = (w - (float)(cols - 1) * gap) / (float)cols;
	for (int p = 1; p <= pages; p++) {
		char label[256];
		page_label(f, p, label, sizeof label);
		int col = (p - 1) / per_col, k = (p - 1) % per_col;
		SDL_FRect r = {x + (float)col * (cw + gap), y + (float)k * (row + gap), cw, row};
		if (p != at) {
			app_add_button_px(c, r, label, px, false, ACT_GOTO_PAGE, p);
			continue;
		}
		app_add_rect(c, r, COLOR_BAR, false);
		text_layout *l = app_text(c, label, px, TEXT_BOLD, cw, TEXT_ALIGN_CENTER);
		if (l)
			app_add_text(c, l, r.x, r.y + (row - text_layout_height(l)) / 2, COLOR_TEXT,
				     false);
	}
}

/* On a portrait screen, the list of the leaflet's pages fills the foot of a
 * page that leaves room for it: where the visitor is, and a tap to any
 * other page. Elsewhere the page number in the bottom bar opens it as an
 * overlay (overlay_contents). */
static void add_contents(screen_ctx *c, const content_file *f, int pages, int at, float from,
			 float bottom)
{
	const view_metrics *m = &c->m;
	float x, w;
	app_column(c, &x, &w);
	float row = m->button_h * CONTENTS_ROW_SHARE, gap = m->gap / 3;
	text_layout *head = app_text(c, app_str(c, c->st->lang, "ui", "common", "contents"),
				     m->label_px, TEXT_BOLD, w, TEXT_ALIGN_LEFT);
	if (!head)
		return;
	float head_h = text_layout_height(head) + gap;
	float need = head_h + (float)pages * (row + gap) + m->margin;
	if (c->h <= c->w || from + need > bottom) {
		text_layout_unref(head);
		return;
	}
	float y = bottom - need + m->margin / 2;
	app_add_text(c, head, x, y, COLOR_MUTED, false);
	add_page_rows(c, f, pages, at, x, y + head_h, w, row, gap, pages, m->label_px);
}

static void leaflet_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	float top = app_add_top_bar(c);
	float bottom = (float)c->h - m->bar_h;
	/* The reading region ends above the read-aloud row, if any. */
	float cx, cw;
	app_column(c, &cx, &cw);
	float above = app_add_listen_bar(c, bottom, cx, cw);

	size_t item = c->st->item;
	const content_file *f =
		content_item_file(c->content, item, app_item_lang(c->content, item, c->st->lang));
	int pages = leaflet_pages(c->content, c->st);
	if (!f || pages == 0)
		return;
	top = screen_add_lang_note(c, item, top);
	int at = c->st->page < pages ? c->st->page : pages;
	const content_section *page = &f->sections[at];
	char kicker[512];
	const char *title = app_str(c, c->st->lang, "leaflet", "leaflet", "title");
	const char *subtitle = app_str(c, c->st->lang, "leaflet", "leaflet", "subtitle");
	if (*subtitle)
		snprintf(kicker, sizeof kicker, "%s \xe2\x80\x94 %s", title, subtitle);
	else
		snprintf(kicker, sizeof kicker, "%s", title);
	/* The last page offers the leaflet's web address, when the content
	 * names one: never an address made up here. The label is looked up on
	 * every last page, so that the schema test (which walks the shipped
	 * content, with no @url) sees this screen ask for it. */
	const char *take = at < pages ? NULL : app_str(c, c->st->lang, "ui", "contact", "take");
	bool has_url = *app_str(c, c->st->lang, "leaflet", "leaflet", "url");
	float used = screen_add_reading(c, kicker, page->blocks, page->n_blocks, top, above,
					take && has_url ? take : NULL, ACT_CARD_URL);
	add_contents(c, f, pages, at, top + used, above);

	/* The bottom bar: previous, "3 / 8", next. */
	app_add_rect(c, (SDL_FRect){0, bottom, (float)c->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = ((float)c->w - 2 * m->margin) * 0.32f;
	if (at > 1)
		app_add_button(c, (SDL_FRect){m->margin / 2, bottom + pad, bw, m->button_h},
			       app_str(c, c->st->lang, "ui", "common", "previous"), false, ACT_PAGE, -1);
	SDL_FRect right = {(float)c->w - m->margin / 2 - bw, bottom + pad, bw, m->button_h};
	if (at < pages)
		app_add_button(c, right, app_str(c, c->st->lang, "ui", "common", "next"), true, ACT_PAGE, +1);
	else
		app_add_button(c, right, app_str(c, c->st->lang, "ui", "common", "finish"), true,
			       ACT_FINISH, 0);
	/* The page number, which opens the list of pages ("▾", as the
	 * language button that opens the picker has); of a leaflet of one
	 * page, there is no list to open. */
	if (pages == 1) {
		app_add_page_of(c, at, pages, bottom, bw);
		return;
	}
	char of[64], label[80];
	app_page_of(c, at, pages, of, sizeof of);
	snprintf(label, sizeof label, "%s \xe2\x96\xbe", of);
	float room = (float)c->w - 2 * (m->margin / 2 + bw + m->gap);
	float pw = fminf(room, fmaxf(app_label_width(c, label), 1.5f * m->button_h));
	app_add_button(c, (SDL_FRect){((float)c->w - pw) / 2, bottom + pad, pw, m->button_h}, label,
		       false, ACT_CONTENTS, 0);
}

/* Previous and next: the buttons, the keys and the swipes; the last page's
 * "Take it with you". */
static bool leaflet_action(screen_ctx *c, int action, int arg)
{
	if (action == ACT_CARD_URL)
		return card_show_url(c), true;
	if (action == ACT_CONTENTS) {
		c->state->overlay = OVERLAY_CONTENTS;
		c->changed = true;
		return true;
	}
	if (action != ACT_PAGE && action != ACT_GOTO_PAGE)
		return false;
	int page = action == ACT_PAGE ? c->st->page + arg : arg;
	if (page >= 1 && page <= leaflet_pages(c->content, c->st)) {
		c->state->page = page;
		c->go = SCREEN_LEAFLET;
	}
	return true;
}

/* --screen leaflet, leaflet:3, leaflet/SLUG, leaflet/SLUG:3. */
static int leaflet_open_arg(const content *ct, const char *arg, app_state *st)
{
	size_t item = content_first_leaflet(ct);
	long page = 1;
	if (arg && *arg == '/') {
		char slug[SCREEN_NAME_MAX];
		size_t n = strcspn(arg + 1, ":");
		if (n == 0 || n >= sizeof slug)
			return -1;
		memcpy(slug, arg + 1, n);
		slug[n] = '\0';
		if (content_item_find(ct, slug, &item) != 0 ||
		    content_item_kind(ct, item) != CONTENT_KIND_LEAFLET)
			return -1;
		arg = arg[1 + n] ? arg + 1 + n : NULL;
	}
	if (arg) {
		char *end;
		errno = 0;
		page = strtol(arg + 1, &end, 10);
		if (*arg != ':' || *end || end == arg + 1 || errno)
			return -1;
	}
	if (page < 1 || page > screen_leaflet_pages(ct, item, st->lang))
		return -1;
	st->item = item;
	st->page = (int)page;
	return 0;
}

/* The `leaflet` field of scripts: the slug of the leaflet shown, or none. */
static void leaflet_field(screen_ctx *c, char *buf, size_t size)
{
	const char *slug = content_item_slug(c->content, c->st->item);
	snprintf(buf, size, "%s", c->st->screen == SCREEN_LEAFLET && slug ? slug : "none");
}

static const screen_field leaflet_fields[] = {{"leaflet", leaflet_field}, {NULL, NULL}};

const screen_def screen_leaflet = {.name = "leaflet", .build = leaflet_build, .action = leaflet_action,
				   .tap = card_tap_link, .swipes = true, .pages = leaflet_pages,
				   .visit_item = true, .open_arg = leaflet_open_arg, .fields = leaflet_fields};

/* ---- the list of pages as an overlay ----------------------------------- */

/* A panel over the page: its heading (@contents), then a row per page. */
static void contents_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	size_t item = c->st->item;
	const content_file *f =
		content_item_file(c->content, item, app_item_lang(c->content, item, c->st->lang));
	int pages = leaflet_pages(c->content, c->st);
	if (c->st->screen != SCREEN_LEAFLET || !f || pages == 0) {
		c->out.overlay_failed = true;
		return;
	}
	float wide = (float)c->w - 2 * m->margin;
	float pw = fminf(wide, CONTENTS_PANEL_UNITS * m->unit);
	text_layout *head = app_text(c, app_str(c, c->st->lang, "ui", "common", "contents"),
				     m->label_px, TEXT_BOLD, pw - 2 * m->margin, TEXT_ALIGN_LEFT);
	float head_h = head ? text_layout_height(head) + m->gap : 0;
	float gap = m->gap / 2, row = m->button_h, least = MIN_TOUCH_UNITS * m->unit;
	float close_h = app_close_height(c);
	float room = (float)c->h - 4 * m->margin - head_h - close_h;
	int per_col = pages;
	if ((float)pages * (row + gap) - gap > room)
		row = fmaxf(least, (room + gap) / (float)pages - gap);
	if ((float)pages * (row + gap) - gap > room)
		per_col = (int)fmaxf(1.0f, floorf((room + gap) / (row + gap)));
	/* In columns, the panel takes the screen's width, and the labels are
	 * set smaller together, as far as CONTENTS_LABEL_MIN, for the longest
	 * to fit its column on one line. */
	int cols = (pages + per_col - 1) / per_col;
	if (cols > 1)
		pw = wide;
	float iw = pw - 2 * m->margin;
	float cw = (iw - (float)(cols - 1) * gap) / (float)cols, widest = 0;
	for (int p = 1; p <= pages; p++) {
		char label[256];
		page_label(f, p, label, sizeof label);
		widest = fmaxf(widest, app_label_width(c, label));
	}
	float px = m->label_px * fmaxf(CONTENTS_LABEL_MIN, fminf(1.0f, cw / widest));
	float ph = 2 * m->margin + head_h + (float)per_col * (row + gap) - gap + close_h;
	SDL_FRect p = {((float)c->w - pw) / 2, ((float)c->h - ph) / 2, pw, ph};
	if (p.y < 0)
		p.y = 0;
	app_add_panel(c, p);
	if (head)
		app_add_text(c, head, p.x + m->margin, p.y + m->margin, COLOR_MUTED, false);
	int at = c->st->page < pages ? c->st->page : pages;
	float rows_y = p.y + m->margin + head_h;
	add_page_rows(c, f, pages, at, p.x + m->margin, rows_y, iw, row, gap, per_col, px);
	app_add_close(c, p.x + m->margin, rows_y + (float)per_col * (row + gap) - gap, iw);
}

/* A page: the list closes and the leaflet turns to it. */
static bool contents_action(screen_ctx *c, int action, int arg)
{
	if (action != ACT_GOTO_PAGE)
		return false;
	app_close_overlay(c);
	return leaflet_action(c, action, arg);
}

/* --screen contents:PAGE: the list over the first leaflet's page PAGE. */
static int contents_open_over(const content *ct, lang_id lang, const char *arg, char *buf,
			      size_t size)
{
	(void)ct;
	(void)lang;
	if (!*arg || strspn(arg, "0123456789") != strlen(arg))
		return -1;
	snprintf(buf, size, "leaflet:%s", arg);
	return 0;
}

static int contents_open(screen_ctx *c, const char *arg)
{
	(void)arg;
	c->state->overlay = OVERLAY_CONTENTS;
	c->changed = true;
	return 0;
}

const screen_def overlay_contents = {.name = "contents", .build = contents_build,
				     .action = contents_action, .tap = app_tap_outside_closes,
				     .open_over = contents_open_over, .open = contents_open};
