/* welcome: the first screen and the attract screen. Bilingual, Welsh first
 * (Welsh Language Standards), with one big button per language. The prompt
 * under the buttons ("Touch to start") alternates between the languages
 * every few seconds: one redraw each time, so an idle kiosk costs almost
 * nothing. It says what is true: a touch anywhere off the buttons starts
 * the visit in the language the prompt was showing. */
#include "app/app_internal.h"

/* The title and subtitle of one language; heights are known before they are
 * placed, so the whole group can be centred on the screen. */
typedef struct {
	text_layout *title, *subtitle;
} titles;

static titles make_titles(screen_ctx *c, lang_id lang, float w)
{
	const view_metrics *m = &c->m;
	titles t;
	t.title = app_text(c, app_str(c, lang, "ui", "welcome", "title"), m->body_px * 1.6f, TEXT_BOLD,
			   w, TEXT_ALIGN_CENTER);
	t.subtitle = app_text(c, app_str(c, lang, "ui", "welcome", "subtitle"), m->body_px * 1.15f,
			      TEXT_REGULAR, w, TEXT_ALIGN_CENTER);
	return t;
}

static float titles_height(const screen_ctx *c, const titles *t)
{
	return (t->title ? text_layout_height(t->title) : 0) + c->m.gap * 0.5f +
	       (t->subtitle ? text_layout_height(t->subtitle) : 0);
}

/* Adds the titles at y (taking over their references); returns the y below. */
static float place_titles(screen_ctx *c, titles *t, float x, float y)
{
	if (t->title) {
		float h = text_layout_height(t->title);
		app_add_text(c, t->title, x, y, COLOR_TEXT, false);
		y += h;
	}
	y += c->m.gap * 0.5f;
	if (t->subtitle) {
		float h = text_layout_height(t->subtitle);
		app_add_text(c, t->subtitle, x, y, COLOR_MUTED, false);
		y += h;
	}
	return y;
}

static void welcome_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	float w = (float)c->w - 2 * m->margin;
	float x = m->margin;
	bool portrait = c->h > c->w;

	/* A calm band across the top, the colour of the buttons. */
	app_add_rect(c, (SDL_FRect){0, 0, (float)c->w, m->gap}, COLOR_BUTTON, false);

	titles cy = make_titles(c, LANG_CY, w), en = make_titles(c, LANG_EN, w);
	lang_id shown = c->attract_phase == 0 ? LANG_CY : LANG_EN;
	text_layout *prompt = app_text(c, app_str(c, shown, "ui", "welcome", "touch"),
				       m->body_px * 1.1f, TEXT_REGULAR, w, TEXT_ALIGN_CENTER);
	float bh = m->button_h * 1.6f;
	float buttons_h = portrait ? 2 * bh + 1.5f * m->gap : bh;
	float prompt_h = prompt ? text_layout_height(prompt) : 0;
	float total = titles_height(c, &cy) + 2 * m->gap + titles_height(c, &en) + 3 * m->gap +
		      buttons_h + 3 * m->gap + prompt_h;

	/* Centred, a little above the middle, where eyes land first. */
	float y = ((float)c->h - total) * 0.42f;
	if (y < m->gap * 2)
		y = m->gap * 2;
	y = place_titles(c, &cy, x, y) + 2 * m->gap;
	y = place_titles(c, &en, x, y) + 3 * m->gap;

	/* Two large buttons, Welsh first: side by side when there is room. */
	const char *cy_label = app_str(c, LANG_CY, "ui", "welcome", "choose");
	const char *en_label = app_str(c, LANG_EN, "ui", "welcome", "choose");
	if (portrait) {
		float bw = w * 0.8f;
		float bx = ((float)c->w - bw) / 2;
		app_add_button(c, (SDL_FRect){bx, y, bw, bh}, cy_label, true, ACT_CHOOSE_LANG, LANG_CY);
		y += bh + m->gap * 1.5f;
		app_add_button(c, (SDL_FRect){bx, y, bw, bh}, en_label, true, ACT_CHOOSE_LANG, LANG_EN);
		y += bh;
	} else {
		float bw = (w - 3 * m->gap) / 2;
		if (bw > 640 * m->unit)
			bw = 640 * m->unit;
		float bx = ((float)c->w - 2 * bw - 2 * m->gap) / 2;
		app_add_button(c, (SDL_FRect){bx, y, bw, bh}, cy_label, true, ACT_CHOOSE_LANG, LANG_CY);
		app_add_button(c, (SDL_FRect){bx + bw + 2 * m->gap, y, bw, bh}, en_label, true,
			       ACT_CHOOSE_LANG, LANG_EN);
		y += bh;
	}
	y += 3 * m->gap;

	/* The attract prompt: Welsh, then English, in turn. */
	if (prompt)
		app_add_text(c, prompt, x, y, COLOR_MUTED, false);
}

/* A touch on no button: the visit starts, in the prompt's language. */
static void welcome_tap(screen_ctx *c, float x, float y)
{
	(void)x;
	(void)y;
	c->then_action = ACT_CHOOSE_LANG;
	c->then_arg = c->attract_phase == 0 ? LANG_CY : LANG_EN;
}

const screen_def screen_welcome = {.name = "welcome", .build = welcome_build, .tap = welcome_tap};
