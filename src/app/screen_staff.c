/* staff: the staff area the right staff PIN opens. Bilingual, Welsh first:
 * the usage figures, the quiz when the menu does not offer it
 * (quiz_on_menu = no), the exit from the kiosk one tap further, and Close.
 * A staff screen: it closes itself a minute after the last touch (app.c). */
#include "app/app_internal.h"

#include <stdio.h>

#include "base/log.h"

/* "Cymraeg / English" of one field, Welsh first. */
static void both(screen_ctx *c, const char *key, char *buf, size_t size)
{
	snprintf(buf, size, "%s / %s", app_str(c, LANG_CY, "ui", "staff-area", key),
		 app_str(c, LANG_EN, "ui", "staff-area", key));
}

/* Adds lines of centred text from y; returns the y below. */
static float add_line(screen_ctx *c, const char *s, float px, unsigned flags, view_color ink,
		      float x, float w, float y)
{
	text_layout *l = app_text(c, s, px, flags, w, TEXT_ALIGN_CENTER);
	if (!l)
		return y;
	float h = text_layout_height(l);
	app_add_text(c, l, x, y, ink, false);
	return y + h;
}

static void staff_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	float x, w;
	app_column(c, &x, &w);
	float y = m->margin;
	y = add_line(c, app_str(c, LANG_CY, "ui", "staff-area", "title"), m->body_px * 1.5f,
		     TEXT_BOLD, COLOR_TEXT, x, w, y);
	y = add_line(c, app_str(c, LANG_EN, "ui", "staff-area", "title"), m->body_px * 1.1f,
		     TEXT_REGULAR, COLOR_MUTED, x, w, y) + m->margin;

	char label[512];
	float bh = m->button_h * 1.4f;
	struct {
		const char *key;
		bool shown, primary;
		int action, arg;
	} rows[] = {
		{"figures", true, true, ACT_OPEN, SCREEN_DASHBOARD},
		{"quiz", !c->config->quiz_on_menu, true, ACT_OPEN, SCREEN_LEARN},
		{"exit", true, true, ACT_STAFF_EXIT, 0},
		{"close", true, false, ACT_STAFF_CLOSE, 0},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (!rows[i].shown)
			continue;
		both(c, rows[i].key, label, sizeof label);
		app_add_button(c, (SDL_FRect){x, y, w, bh}, label, rows[i].primary, rows[i].action,
			       rows[i].arg);
		y += bh + m->margin;
	}
	y = add_line(c, app_str(c, LANG_CY, "ui", "staff-area", "hint"), m->body_px * 0.9f,
		     TEXT_REGULAR, COLOR_MUTED, x, w, y);
	add_line(c, app_str(c, LANG_EN, "ui", "staff-area", "hint"), m->body_px * 0.9f,
		 TEXT_REGULAR, COLOR_MUTED, x, w, y + m->gap);
}

static bool staff_action(screen_ctx *c, int action, int arg)
{
	(void)arg;
	switch (action) {
	case ACT_STAFF_EXIT:
		LOG(LOG_INFO, "staff exit");
		c->quit = true;
		return true;
	case ACT_STAFF_CLOSE:
		c->reset = true;
		return true;
	default: return false;
	}
}

const screen_def screen_staff = {.name = "staff", .build = staff_build, .action = staff_action,
				 .staff = true};
