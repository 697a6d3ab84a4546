/* welcome: the first screen and the attract screen. Bilingual, Welsh first
 * (Welsh Language Standards), with one big button per language. The prompt
 * under the buttons alternates between the languages every few seconds: one
 * redraw each time, so an idle kiosk costs almost nothing. */
#include "app/app_internal.h"

static float add_titles(app *a, lang_id lang, float y, float w, float x, float scale)
{
	const view_metrics *m = &a->m;
	text_layout *t = app_text(a, app_str(a, lang, "ui", "welcome", "title"),
				  m->body_px * 1.6f * scale, TEXT_BOLD, w, TEXT_ALIGN_CENTER);
	if (t) {
		float h = text_layout_height(t);
		app_add_text(a, t, x, y, COLOR_TEXT, false);
		y += h + m->gap * 0.5f;
	}
	text_layout *s = app_text(a, app_str(a, lang, "ui", "welcome", "subtitle"),
				  m->body_px * 1.15f * scale, TEXT_REGULAR, w, TEXT_ALIGN_CENTER);
	if (s) {
		float h = text_layout_height(s);
		app_add_text(a, s, x, y, COLOR_MUTED, false);
		y += h;
	}
	return y;
}

void screen_welcome_build(app *a)
{
	const view_metrics *m = &a->m;
	float w = (float)a->w - 2 * m->margin;
	float x = m->margin;
	bool portrait = a->h > a->w;

	/* A calm band across the top, the colour of the buttons. */
	app_add_rect(a, (SDL_FRect){0, 0, (float)a->w, m->gap}, COLOR_BUTTON, false);

	float y = portrait ? (float)a->h * 0.16f : (float)a->h * 0.10f;
	y = add_titles(a, LANG_CY, y, w, x, 1.0f);
	y += m->gap * 2;
	y = add_titles(a, LANG_EN, y, w, x, 1.0f);
	y += m->gap * 3;

	/* Two large buttons, Welsh first: side by side when there is room. */
	float bh = m->button_h * 1.5f;
	const char *cy = app_str(a, LANG_CY, "ui", "welcome", "choose");
	const char *en = app_str(a, LANG_EN, "ui", "welcome", "choose");
	if (portrait) {
		float bw = w * 0.8f;
		float bx = ((float)a->w - bw) / 2;
		app_add_button(a, (SDL_FRect){bx, y, bw, bh}, cy, true, ACT_CHOOSE_LANG, LANG_CY);
		y += bh + m->gap * 1.5f;
		app_add_button(a, (SDL_FRect){bx, y, bw, bh}, en, true, ACT_CHOOSE_LANG, LANG_EN);
		y += bh;
	} else {
		float bw = (w - 3 * m->gap) / 2;
		if (bw > 640 * m->unit)
			bw = 640 * m->unit;
		float bx = ((float)a->w - 2 * bw - 2 * m->gap) / 2;
		app_add_button(a, (SDL_FRect){bx, y, bw, bh}, cy, true, ACT_CHOOSE_LANG, LANG_CY);
		app_add_button(a, (SDL_FRect){bx + bw + 2 * m->gap, y, bw, bh}, en, true,
			       ACT_CHOOSE_LANG, LANG_EN);
		y += bh;
	}
	y += m->gap * 2;

	/* The attract prompt: Welsh, then English, in turn. */
	lang_id shown = a->attract_phase == 0 ? LANG_CY : LANG_EN;
	text_layout *p = app_text(a, app_str(a, shown, "ui", "welcome", "touch"), m->body_px * 1.1f,
				  TEXT_REGULAR, w, TEXT_ALIGN_CENTER);
	if (p) {
		float py = y + ((float)a->h - y - text_layout_height(p)) / 2;
		app_add_text(a, p, x, py, COLOR_MUTED, false);
	}
}
