/* The language picker: with more than two languages (content.h) the top
 * bar's language button opens this overlay, a column of buttons, one per
 * language, each in its own name, Welsh first; the language shown is the
 * filled one. A choice switches in place, as the two-language toggle does; a
 * tap outside the panel closes it. */
#include "app/app_internal.h"

#include <stdio.h>

/* The panel is at most this wide (short-side units), and its buttons this
 * many times the usual height: big targets for a choice made once. */
#define PICKER_MAX_UNITS 700.0f
#define PICKER_BUTTON_SCALE 1.2f

static void picker_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	int n = content_n_langs(c->content);
	float pw = (float)c->w - 2 * m->margin;
	if (pw > PICKER_MAX_UNITS * m->unit)
		pw = PICKER_MAX_UNITS * m->unit;
	float bh = m->button_h * PICKER_BUTTON_SCALE;
	/* Buttons shrink to fit a short screen, never below the usual height. */
	float close_h = app_close_height(c);
	float room = (float)c->h - 2 * m->margin - 2 * m->margin - close_h;
	if ((float)n * (bh + m->gap) > room)
		bh = room / (float)n - m->gap;
	if (bh < m->button_h)
		bh = m->button_h;
	float ph = 2 * m->margin + (float)n * bh + (float)(n - 1) * m->gap + close_h;
	SDL_FRect p = {((float)c->w - pw) / 2, ((float)c->h - ph) / 2, pw, ph};
	if (p.y < 0)
		p.y = 0;
	/* Only the panel's buttons answer a touch: one on the screen below
	 * is outside the panel, and closes it (app_tap_outside_closes). */
	app_add_panel(c, p);
	float y = p.y + m->margin;
	for (lang_id l = 0; l < n; l++) {
		app_add_button(c, (SDL_FRect){p.x + m->margin, y, pw - 2 * m->margin, bh},
			       app_str(c, l, "ui", "common", "language_name"), l == c->st->lang,
			       ACT_SET_LANG, l);
		y += bh + m->gap;
	}
	app_add_close(c, p.x + m->margin, y - m->gap, pw - 2 * m->margin);
}

/* A language: the overlay closes and the language changes under the
 * screen (the app's own action, which keeps the reading place). */
static bool picker_action(screen_ctx *c, int action, int arg)
{
	if (action != ACT_SET_LANG)
		return false;
	app_close_overlay(c);
	if (arg >= 0 && arg < content_n_langs(c->content) && arg != c->st->lang) {
		c->then_action = ACT_SET_LANG;
		c->then_arg = arg;
	}
	return true;
}

/* The `languages` field of scripts: the tags the picker lists, in order. */
static void picker_field(screen_ctx *c, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (lang_id l = 0; l < content_n_langs(c->content) && used < size; l++) {
		int w = snprintf(buf + used, size - used, "%s%s", l ? "," : "",
				 content_lang_tag(c->content, l));
		used += w > 0 ? (size_t)w : 0;
	}
}

static const screen_field picker_fields[] = {{"languages", picker_field}, {NULL, NULL}};

const screen_def overlay_langs = {.name = "languages", .build = picker_build,
				  .action = picker_action, .tap = app_tap_outside_closes,
				  .fields = picker_fields};
