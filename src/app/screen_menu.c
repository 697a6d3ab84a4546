/* menu: two large choices, the leaflet for parents and carers and the
 * learning page with the staff quiz. Stacked in portrait, side by side in
 * landscape. With quiz_on_menu = no only the leaflet's: the learning page
 * is then the staff area's. */
#include "app/app_internal.h"

/* A card: a big button whose label is a bold title over a one-line hint. */
static void add_card(screen_ctx *c, SDL_FRect r, const char *title, const char *hint, int screen)
{
	const view_metrics *m = &c->m;
	view_item *b = app_add_button(c, r, "", true, ACT_OPEN, screen);
	if (!b)
		return;
	float inner = r.w - 4 * m->gap;
	text_layout *t = app_text(c, title, m->body_px * 1.25f, TEXT_BOLD, inner, TEXT_ALIGN_CENTER);
	/* The hint is optional (content/schema.c): without it the title is centred alone. */
	text_layout *h = *hint ? app_text(c, hint, m->body_px, TEXT_REGULAR, inner, TEXT_ALIGN_CENTER)
			       : NULL;
	float th = t ? text_layout_height(t) : 0, hh = h ? text_layout_height(h) : 0;
	float y = r.y + (r.h - th - (h ? m->gap : 0) - hh) / 2;
	if (t)
		app_add_text(c, t, r.x + 2 * m->gap, y, COLOR_BUTTON_TEXT, false);
	if (h)
		app_add_text(c, h, r.x + 2 * m->gap, y + th + m->gap, COLOR_BUTTON_TEXT, false);
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

	const char *leaflet = app_str(c, c->st->lang, "ui", "menu", "leaflet");
	const char *leaflet_hint = app_str(c, c->st->lang, "ui", "menu", "leaflet_hint");
	const char *learn = app_str(c, c->st->lang, "ui", "menu", "learn");
	const char *learn_hint = app_str(c, c->st->lang, "ui", "menu", "learn_hint");
	float avail_h = (float)c->h - y - m->margin;
	if (!c->config->quiz_on_menu) {
		float ch = avail_h < 520 * m->unit ? avail_h : 520 * m->unit;
		add_card(c, (SDL_FRect){x, y, w, ch}, leaflet, leaflet_hint, SCREEN_LEAFLET);
	} else if (c->h >= c->w) {
		float ch = (avail_h - m->margin) / 2;
		if (ch > 520 * m->unit)
			ch = 520 * m->unit;
		float cw = (float)c->w - 2 * m->margin;
		add_card(c, (SDL_FRect){m->margin, y, cw, ch}, leaflet, leaflet_hint, SCREEN_LEAFLET);
		add_card(c, (SDL_FRect){m->margin, y + ch + m->margin, cw, ch}, learn, learn_hint,
			 SCREEN_LEARN);
	} else {
		float cw = ((float)c->w - 3 * m->margin) / 2;
		float ch = avail_h < 520 * m->unit ? avail_h : 520 * m->unit;
		add_card(c, (SDL_FRect){m->margin, y, cw, ch}, leaflet, leaflet_hint, SCREEN_LEAFLET);
		add_card(c, (SDL_FRect){2 * m->margin + cw, y, cw, ch}, learn, learn_hint,
			 SCREEN_LEARN);
	}
}

const screen_def screen_menu = {.name = "menu", .build = menu_build};
