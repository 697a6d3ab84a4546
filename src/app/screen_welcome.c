/* welcome: the first screen and the attract screen. Bilingual, Welsh first
 * (Welsh Language Standards), with one big button per language of the
 * content, Welsh first, each in its own name. The prompt under the buttons
 * ("Touch to start") goes through the languages in turn every few seconds:
 * one redraw each time, so an idle kiosk costs almost nothing. It says what
 * is true: a touch anywhere off the buttons starts the visit in the
 * language the prompt was showing. */
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
	int n = content_n_langs(c->content);
	lang_id shown = c->attract_phase < n ? c->attract_phase : LANG_CY;
	text_layout *prompt = app_text(c, app_str(c, shown, "ui", "welcome", "touch"),
				       m->body_px * 1.1f, TEXT_REGULAR, w, TEXT_ALIGN_CENTER);
	float bh = m->button_h * 1.6f;
	/* Landscape: side by side while they fit, at least a third of the
	 * width each; then rows of them. */
	int per_row = portrait ? 1 : n < 3 ? n : 3;
	int rows = (n + per_row - 1) / per_row;
	float buttons_h = (float)rows * bh + (float)(rows - 1) * 1.5f * m->gap;
	float prompt_h = prompt ? text_layout_height(prompt) : 0;
	float total = titles_height(c, &cy) + 2 * m->gap + titles_height(c, &en) + 3 * m->gap +
		      buttons_h + 3 * m->gap + prompt_h;

	/* Centred, a little above the middle, where eyes land first. */
	float y = ((float)c->h - total) * 0.42f;
	if (y < m->gap * 2)
		y = m->gap * 2;
	y = place_titles(c, &cy, x, y) + 2 * m->gap;
	y = place_titles(c, &en, x, y) + 3 * m->gap;

	/* Large buttons, Welsh first: one column in portrait, side by side in
	 * landscape. */
	float bw = portrait ? w * 0.8f : (w - (float)(per_row + 1) * m->gap) / (float)per_row;
	if (!portrait && bw > 640 * m->unit)
		bw = 640 * m->unit;
	for (lang_id l = 0; l < n; l++) {
		int col = l % per_row, row = l / per_row;
		int in_row = row == rows - 1 ? n - row * per_row : per_row;
		float row_w = (float)in_row * bw + (float)(in_row - 1) * 2 * m->gap;
		float bx = ((float)c->w - row_w) / 2 + (float)col * (bw + 2 * m->gap);
		float by = y + (float)row * (bh + 1.5f * m->gap);
		app_add_button(c, (SDL_FRect){bx, by, bw, bh}, app_str(c, l, "ui", "welcome", "choose"),
			       true, ACT_CHOOSE_LANG, l);
	}
	y += buttons_h + 3 * m->gap;

	/* The attract prompt: each language in turn, Welsh first. */
	if (prompt)
		app_add_text(c, prompt, x, y, COLOR_MUTED, false);
}

/* A touch on no button: the visit starts, in the prompt's language. */
static void welcome_tap(screen_ctx *c, float x, float y)
{
	(void)x;
	(void)y;
	c->then_action = ACT_CHOOSE_LANG;
	c->then_arg = c->attract_phase < content_n_langs(c->content) ? c->attract_phase : LANG_CY;
}

const screen_def screen_welcome = {.name = "welcome", .build = welcome_build, .tap = welcome_tap};
