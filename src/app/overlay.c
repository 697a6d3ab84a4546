/* Overlays drawn over any screen: the idle warning ("Are you still there?",
 * current language first, with a countdown and a big Continue button) and
 * the staff PIN keypad (digits, Cancel, delete, Exit) that follows the
 * hidden-corner hold. */
#include "app/app_internal.h"

#include <stdio.h>
#include <string.h>

static void add_panel(app *a, SDL_FRect r)
{
	view_item scrim = {.kind = ITEM_RECT, .fill = COLOR_SCRIM,
			   .rect = {0, 0, (float)a->w, (float)a->h}};
	view_add(a->view, &scrim);
	view_item panel = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .rect = r,
			   .outline = 4 * a->m.unit, .outline_color = COLOR_OUTLINE};
	view_add(a->view, &panel);
}

/* A column of centred lines inside a panel, measured before it is placed so
 * the panel fits its contents. */
#define PANEL_LINES 6

typedef struct {
	text_layout *line[PANEL_LINES];
	view_color ink[PANEL_LINES];
	size_t n;
	float inner; /* width of the lines */
} panel_text;

static void panel_line(app *a, panel_text *t, const char *s, float px, unsigned flags,
		       view_color ink)
{
	if (t->n == PANEL_LINES)
		return;
	text_layout *l = app_text(a, s, px, flags, t->inner, TEXT_ALIGN_CENTER);
	if (!l)
		return;
	t->line[t->n] = l;
	t->ink[t->n++] = ink;
}

static float panel_text_height(const app *a, const panel_text *t)
{
	float h = 0;
	for (size_t i = 0; i < t->n; i++)
		h += text_layout_height(t->line[i]) + a->m.gap;
	return h;
}

/* Adds the lines from y (taking over their references); returns the y below. */
static float place_lines(app *a, panel_text *t, float x, float y)
{
	for (size_t i = 0; i < t->n; i++) {
		float h = text_layout_height(t->line[i]);
		app_add_text(a, t->line[i], x, y, t->ink[i], false);
		y += h + a->m.gap;
	}
	t->n = 0;
	return y;
}

static float panel_width(const app *a)
{
	float w = (float)a->w - 2 * a->m.margin;
	return w > 900 * a->m.unit ? 900 * a->m.unit : w;
}

static void build_idle_warning(app *a)
{
	const view_metrics *m = &a->m;
	lang_id first = a->st.lang, second = lang_other(a->st.lang);
	char secs[16], count1[256], count2[256], cont[256];
	int left = idle_seconds_left(&a->idle, a->now);
	snprintf(secs, sizeof secs, "%d", left);
	app_format(count1, sizeof count1, app_plural(a, first, "ui", "idle", "countdown", left),
		   "seconds", secs);
	app_format(count2, sizeof count2, app_plural(a, second, "ui", "idle", "countdown", left),
		   "seconds", secs);
	snprintf(cont, sizeof cont, "%s / %s", app_str(a, first, "ui", "idle", "continue"),
		 app_str(a, second, "ui", "idle", "continue"));

	/* The visitor's language first, the other one under it, smaller. */
	float pw = panel_width(a);
	panel_text t = {.inner = pw - 2 * m->margin};
	panel_line(a, &t, app_str(a, first, "ui", "idle", "title"), m->body_px * 1.4f, TEXT_BOLD,
		   COLOR_TEXT);
	panel_line(a, &t, app_str(a, second, "ui", "idle", "title"), m->body_px, TEXT_REGULAR,
		   COLOR_MUTED);
	panel_line(a, &t, count1, m->body_px * 1.1f, TEXT_BOLD, COLOR_TEXT);
	panel_line(a, &t, count2, m->body_px * 0.9f, TEXT_REGULAR, COLOR_MUTED);
	float bh = m->button_h * 1.3f;
	float ph = m->margin + panel_text_height(a, &t) + m->gap + bh + m->margin;
	SDL_FRect p = {((float)a->w - pw) / 2, ((float)a->h - ph) / 2, pw, ph};
	view_begin_modal(a->view);
	add_panel(a, p);
	float y = place_lines(a, &t, p.x + m->margin, p.y + m->margin) + m->gap;
	app_add_button(a, (SDL_FRect){p.x + m->margin, y, p.w - 2 * m->margin, bh}, cont, true,
		       ACT_CONTINUE, 0);
}

static void build_staff_pin(app *a)
{
	const view_metrics *m = &a->m;
	char dots[3 * PIN_BUFFER + 1] = "";
	for (size_t i = 0; i < strlen(a->st.pin); i++)
		strcat(dots, "\xe2\x97\x8f"); /* U+25CF, one per digit typed */
	const char *status = a->st.pin_wrong ? app_str(a, a->st.lang, "ui", "staff", "wrong_pin")
					     : dots[0] ? dots : " ";
	float pw = panel_width(a);
	panel_text t = {.inner = pw - 2 * m->margin};
	panel_line(a, &t, app_str(a, a->st.lang, "ui", "staff", "pin_title"), m->body_px * 1.2f,
		   TEXT_BOLD, COLOR_TEXT);
	panel_line(a, &t, status, m->body_px, TEXT_BOLD, COLOR_TEXT);

	/* Four rows of keys, then Exit across the width: a hashed PIN's length
	 * is unknown, so it is submitted by hand. */
	float key = m->button_h * 1.1f;
	float grid_h = 5 * key + 4 * m->gap;
	float ph = m->margin + panel_text_height(a, &t) + grid_h + m->margin;
	SDL_FRect p = {((float)a->w - pw) / 2, ((float)a->h - ph) / 2, pw, ph};
	view_begin_modal(a->view);
	add_panel(a, p);
	float y = place_lines(a, &t, p.x + m->margin, p.y + m->margin);

	float gw = 3 * key * 1.6f + 2 * m->gap;
	float gx = p.x + (p.w - gw) / 2;
	static const char *const labels[12] = {"1", "2", "3", "4", "5", "6",
					       "7", "8", "9", NULL, "0", "\xe2\x8c\xab"};
	for (int i = 0; i < 12; i++) {
		SDL_FRect r = {gx + (float)(i % 3) * (key * 1.6f + m->gap),
			       y + (float)(i / 3) * (key + m->gap), key * 1.6f, key};
		if (i == 9)
			app_add_button(a, r, app_str(a, a->st.lang, "ui", "staff", "cancel"), false,
				       ACT_PIN_CANCEL, 0);
		else if (i == 11)
			app_add_button(a, r, labels[i], false, ACT_PIN_DELETE, 0);
		else
			app_add_button(a, r, labels[i], true, ACT_PIN_DIGIT, labels[i][0] - '0');
	}
	app_add_button(a, (SDL_FRect){gx, y + 4 * (key + m->gap), gw, key},
		       app_str(a, a->st.lang, "ui", "staff", "exit"), true, ACT_PIN_ENTER, 0);
}

void overlay_build(app *a)
{
	if (a->st.overlay == OVERLAY_IDLE_WARNING)
		build_idle_warning(a);
	else if (a->st.overlay == OVERLAY_STAFF_PIN)
		build_staff_pin(a);
	else if (a->st.overlay == OVERLAY_CONTACT)
		card_build(a);
}
