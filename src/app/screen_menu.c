/* menu: two large choices, the leaflet for parents and carers and the
 * learning page with the staff quiz. Stacked in portrait, side by side in
 * landscape. */
#include "app/app_internal.h"

/* A card: a big button whose label is a bold title over a one-line hint. */
static void add_card(app *a, SDL_FRect r, const char *title, const char *hint, int screen)
{
	const view_metrics *m = &a->m;
	view_item *b = app_add_button(a, r, "", true, ACT_OPEN, screen);
	if (!b)
		return;
	float inner = r.w - 4 * m->gap;
	text_layout *t = app_text(a, title, m->body_px * 1.25f, TEXT_BOLD, inner, TEXT_ALIGN_CENTER);
	/* The hint is optional (content/schema.c): without it the title is centred alone. */
	text_layout *h = *hint ? app_text(a, hint, m->body_px, TEXT_REGULAR, inner, TEXT_ALIGN_CENTER)
			       : NULL;
	float th = t ? text_layout_height(t) : 0, hh = h ? text_layout_height(h) : 0;
	float y = r.y + (r.h - th - (h ? m->gap : 0) - hh) / 2;
	if (t)
		app_add_text(a, t, r.x + 2 * m->gap, y, COLOR_BUTTON_TEXT, false);
	if (h)
		app_add_text(a, h, r.x + 2 * m->gap, y + th + m->gap, COLOR_BUTTON_TEXT, false);
}

void screen_menu_build(app *a)
{
	const view_metrics *m = &a->m;
	float y = app_add_top_bar(a) + m->margin;
	float x, w;
	app_column(a, &x, &w);
	text_layout *title = app_text(a, app_str(a, a->st.lang, "ui", "menu", "title"),
				      m->body_px * 1.5f, TEXT_BOLD, w, TEXT_ALIGN_CENTER);
	if (title) {
		float th = text_layout_height(title);
		app_add_text(a, title, x, y, COLOR_TEXT, false);
		y += th + m->margin;
	}

	const char *leaflet = app_str(a, a->st.lang, "ui", "menu", "leaflet");
	const char *leaflet_hint = app_str(a, a->st.lang, "ui", "menu", "leaflet_hint");
	const char *learn = app_str(a, a->st.lang, "ui", "menu", "learn");
	const char *learn_hint = app_str(a, a->st.lang, "ui", "menu", "learn_hint");
	float avail_h = (float)a->h - y - m->margin;
	if (a->h >= a->w) {
		float ch = (avail_h - m->margin) / 2;
		if (ch > 520 * m->unit)
			ch = 520 * m->unit;
		float cw = (float)a->w - 2 * m->margin;
		add_card(a, (SDL_FRect){m->margin, y, cw, ch}, leaflet, leaflet_hint, SCREEN_LEAFLET);
		add_card(a, (SDL_FRect){m->margin, y + ch + m->margin, cw, ch}, learn, learn_hint,
			 SCREEN_LEARN);
	} else {
		float cw = ((float)a->w - 3 * m->margin) / 2;
		float ch = avail_h < 520 * m->unit ? avail_h : 520 * m->unit;
		add_card(a, (SDL_FRect){m->margin, y, cw, ch}, leaflet, leaflet_hint, SCREEN_LEAFLET);
		add_card(a, (SDL_FRect){2 * m->margin + cw, y, cw, ch}, learn, learn_hint,
			 SCREEN_LEARN);
	}
}
