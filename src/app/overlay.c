/* Overlays drawn over any screen: the idle warning ("Are you still there?",
 * Welsh first like every bilingual screen, with a countdown, what a touch
 * does and a big Continue button) and the staff PIN keypad (digits, Cancel,
 * delete, Exit) that follows the hidden-corner hold. Each is a row of the overlays' table (app.c). */
#include "app/app_internal.h"

#include <stdio.h>
#include <string.h>

#include "base/log.h"

/* A column of centred lines inside a panel, measured before it is placed so
 * the panel fits its contents. */
#define PANEL_LINES 8

typedef struct {
	text_layout *line[PANEL_LINES];
	view_color ink[PANEL_LINES];
	size_t n;
	float inner; /* width of the lines */
} panel_text;

static void panel_line(screen_ctx *c, panel_text *t, const char *s, float px, unsigned flags,
		       view_color ink)
{
	if (t->n == PANEL_LINES)
		return;
	text_layout *l = app_text(c, s, px, flags, t->inner, TEXT_ALIGN_CENTER);
	if (!l)
		return;
	t->line[t->n] = l;
	t->ink[t->n++] = ink;
}

static float panel_text_height(const screen_ctx *c, const panel_text *t)
{
	float h = 0;
	for (size_t i = 0; i < t->n; i++)
		h += text_layout_height(t->line[i]) + c->m.gap;
	return h;
}

/* Adds the lines from y (taking over their references); returns the y below. */
static float place_lines(screen_ctx *c, panel_text *t, float x, float y)
{
	for (size_t i = 0; i < t->n; i++) {
		float h = text_layout_height(t->line[i]);
		app_add_text(c, t->line[i], x, y, t->ink[i], false);
		y += h + c->m.gap;
	}
	t->n = 0;
	return y;
}

static float panel_width(const screen_ctx *c)
{
	float w = (float)c->w - 2 * c->m.margin;
	return w > 900 * c->m.unit ? 900 * c->m.unit : w;
}

static void build_idle_warning(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	char secs[16], cont[256];
	int left = c->idle_seconds;
	snprintf(secs, sizeof secs, "%d", left);
	/* Welsh and the visitor's language; Welsh and English for a Welsh
	 * visitor. */
	const lang_id langs[2] = {LANG_CY, c->st->lang == LANG_CY ? LANG_EN : c->st->lang};
	snprintf(cont, sizeof cont, "%s / %s", app_str(c, langs[0], "ui", "idle", "continue"),
		 app_str(c, langs[1], "ui", "idle", "continue"));

	/* Welsh first, whichever language the visitor chose (Welsh Language
	 * Standards): each language's title, then in plain words what will
	 * happen and what a touch does. */
	float pw = panel_width(c);
	panel_text t = {.inner = pw - 2 * m->margin};
	for (int i = 0; i < 2; i++) {
		lang_id l = langs[i];
		char count[256], said[512];
		app_format(count, sizeof count, app_plural(c, l, "ui", "idle", "countdown", left),
			   "seconds", secs);
		snprintf(said, sizeof said, "%s %s", count, app_str(c, l, "ui", "idle", "touch"));
		panel_line(c, &t, app_str(c, l, "ui", "idle", "title"), m->body_px * 1.3f, TEXT_BOLD,
			   COLOR_TEXT);
		panel_line(c, &t, said, m->body_px, TEXT_REGULAR, COLOR_TEXT);
	}
	float bh = m->button_h * 1.3f;
	float ph = m->margin + panel_text_height(c, &t) + m->gap + bh + m->margin;
	SDL_FRect p = {((float)c->w - pw) / 2, ((float)c->h - ph) / 2, pw, ph};
	app_add_panel(c, p);
	float y = place_lines(c, &t, p.x + m->margin, p.y + m->margin) + m->gap;
	app_add_button(c, (SDL_FRect){p.x + m->margin, y, p.w - 2 * m->margin, bh}, cont, true,
		       ACT_CONTINUE, 0);
}

/* A key of the locked keypad: drawn flat and muted, and no button, since
 * it does nothing. */
static void add_dead_key(screen_ctx *c, SDL_FRect r, const char *label)
{
	app_add_rect(c, r, COLOR_BAR, false);
	text_layout *l = app_text(c, label, c->m.label_px, TEXT_BOLD, r.w, TEXT_ALIGN_CENTER);
	if (l)
		app_add_text(c, l, r.x, r.y + (r.h - text_layout_height(l)) / 2, COLOR_MUTED, false);
}

static void build_staff_pin(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	char dots[3 * PIN_BUFFER + 1] = "", locked[256], secs[16];
	for (size_t i = 0; i < strlen(c->st->pin); i++)
		strcat(dots, "\xe2\x97\x8f"); /* U+25CF, one per digit typed */
	int lock_left = pin_guard_seconds_left(c->guard, c->now);
	snprintf(secs, sizeof secs, "%d", lock_left);
	app_format(locked, sizeof locked,
		   app_plural(c, c->st->lang, "ui", "staff", "locked", lock_left), "seconds", secs);
	const char *status = lock_left ? locked
			   : c->st->pin_wrong ? app_str(c, c->st->lang, "ui", "staff", "wrong_pin")
			   : dots[0] ? dots : " ";
	float pw = panel_width(c);
	panel_text t = {.inner = pw - 2 * m->margin};
	panel_line(c, &t, app_str(c, c->st->lang, "ui", "staff", "pin_title"), m->body_px * 1.2f,
		   TEXT_BOLD, COLOR_TEXT);
	panel_line(c, &t, status, m->body_px, TEXT_BOLD, COLOR_TEXT);

	/* Four rows of keys, then Exit across the width: a hashed PIN's length
	 * is unknown, so it is submitted by hand. */
	float key = m->button_h * 1.1f;
	float grid_h = 5 * key + 4 * m->gap;
	float ph = m->margin + panel_text_height(c, &t) + grid_h + m->margin;
	SDL_FRect p = {((float)c->w - pw) / 2, ((float)c->h - ph) / 2, pw, ph};
	app_add_panel(c, p);
	float y = place_lines(c, &t, p.x + m->margin, p.y + m->margin);

	float gw = 3 * key * 1.6f + 2 * m->gap;
	float gx = p.x + (p.w - gw) / 2;
	static const char *const labels[12] = {"1", "2", "3", "4", "5", "6",
					       "7", "8", "9", NULL, "0", "\xe2\x8c\xab"};
	for (int i = 0; i < 12; i++) {
		SDL_FRect r = {gx + (float)(i % 3) * (key * 1.6f + m->gap),
			       y + (float)(i / 3) * (key + m->gap), key * 1.6f, key};
		if (i == 9)
			app_add_button(c, r, app_str(c, c->st->lang, "ui", "staff", "cancel"), false,
				       ACT_PIN_CANCEL, 0);
		else if (lock_left)
			add_dead_key(c, r, labels[i]);
		else if (i == 11)
			app_add_button(c, r, labels[i], false, ACT_PIN_DELETE, 0);
		else
			app_add_button(c, r, labels[i], true, ACT_PIN_DIGIT, labels[i][0] - '0');
	}
	SDL_FRect exit = {gx, y + 4 * (key + m->gap), gw, key};
	const char *exit_label = app_str(c, c->st->lang, "ui", "staff", "exit");
	if (lock_left)
		add_dead_key(c, exit, exit_label);
	else
		app_add_button(c, exit, exit_label, true, ACT_PIN_ENTER, 0);
}

static bool idle_warning_action(screen_ctx *c, int action, int arg)
{
	(void)arg;
	if (action != ACT_CONTINUE)
		return false;
	c->state->overlay = OVERLAY_NONE;
	c->changed = true;
	return true;
}

/* The typed PIN: the staff area, or "Wrong PIN" and a fresh start; the
 * fifth wrong one in a row locks the keypad (pin_guard.h). */
static void submit_pin(screen_ctx *c)
{
	app_state *st = c->state;
	bool right = config_pin_matches(c->config, st->pin);
	if (right) {
		LOG(LOG_INFO, "staff area opened");
		pin_guard_passed(c->guard_rw);
		st->overlay = OVERLAY_NONE;
		c->go = SCREEN_STAFF;
	} else if (pin_guard_failed(c->guard_rw, c->now)) {
		LOG(LOG_WARN, "%d wrong staff PINs: the keypad is locked for %u s", PIN_GUARD_TRIES,
		    PIN_GUARD_LOCK_MS / 1000u);
	}
	st->pin[0] = '\0';
	st->pin_wrong = !right;
}

static bool staff_pin_action(screen_ctx *c, int action, int arg)
{
	app_state *st = c->state;
	size_t len = strlen(st->pin);
	/* Locked, the keypad takes no digit: Cancel still closes it. */
	bool locked = pin_guard_locked(c->guard, c->now);
	switch (action) {
	case ACT_PIN_DIGIT:
		if (!locked && len + 1 < sizeof st->pin) {
			st->pin[len] = (char)('0' + arg);
			st->pin[len + 1] = '\0';
		}
		st->pin_wrong = false;
		break;
	case ACT_PIN_ENTER:
		/* Only the Exit key submits, whatever the PIN's form: checking
		 * a clear PIN as soon as it had its length told a watcher that
		 * length, and left no moment to correct a slip. */
		if (st->pin[0] && !locked)
			submit_pin(c);
		break;
	case ACT_PIN_DELETE:
		if (len)
			st->pin[len - 1] = '\0';
		break;
	case ACT_PIN_CANCEL:
		st->overlay = OVERLAY_NONE;
		st->pin[0] = '\0';
		st->pin_wrong = false;
		break;
	default: return false;
	}
	c->changed = true;
	return true;
}

const screen_def overlay_idle_warning = {.name = "idle-warning", .build = build_idle_warning,
					 .action = idle_warning_action};
const screen_def overlay_staff_pin = {.name = "staff-pin", .build = build_staff_pin,
				      .action = staff_pin_action};
