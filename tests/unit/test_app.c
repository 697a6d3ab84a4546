/* The app as a whole, driven by SDL events on a virtual clock: the idle
 * reset returns exactly the fresh-start state, visitors cannot leave, a
 * touch counts once, and staff can leave with the corner hold and the PIN. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "app/app_internal.h"
#include "platform/replay.h"
#include "platform/video.h"
#include "testlib.h"

#define W 1080
#define H 1920

typedef struct {
	app *a;
	video *v;
	uint64_t now;
} rig;

/* Opens the app on a config that sets the staff PIN in clear (pin) or,
 * with hash, as a staff_pin_hash made from it, as an office would. */
static void rig_open_config(rig *r, const char *pin, bool hash)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	if (hash) {
		char line[256];
		const char *why = NULL;
		assert_int_equal(config_hash_pin(pin, line, sizeof line, &why), 0);
		diag_list *cd = diag_list_new();
		config_parse("hashed.conf", line, strlen(line), &o.config, cd);
		assert_int_equal(diag_count(cd), 0);
		diag_list_free(cd);
	} else {
		snprintf(o.config.staff_pin, sizeof o.config.staff_pin, "%s", pin);
	}
	tl_app_new(&o, &r->a);
	tl_app_headless(r->a, W, H, &r->v);
	r->now = 0;
}

static void rig_open(rig *r, const char *pin)
{
	rig_open_config(r, pin, false);
}

static void rig_close(rig *r)
{
	app_free(r->a);
	video_close(r->v);
}

static void finger(rig *r, Uint32 type, float x, float y)
{
	SDL_Event e = replay_finger(type, x, y, W, H, r->now);
	app_handle_event(r->a, &e, r->now);
}

static void tap(rig *r, float x, float y)
{
	finger(r, SDL_FINGERDOWN, x, y);
	finger(r, SDL_FINGERUP, x, y);
}

static void tap_text(rig *r, const char *text)
{
	SDL_FRect first, last;
	if (app_find_text(r->a, text, &first, &last) != 0)
		fail_msg("\"%s\" is not on screen", text);
	tap(r, first.x + first.w / 2, first.y + first.h / 2);
}

static void tap_step(rig *r, int step)
{
	float x = 0, y = 0;
	tl_text_size_step(r->a, step, &x, &y);
	tap(r, x, y);
}

static void wait_ms(rig *r, uint64_t ms)
{
	replay_advance(r->a, &r->now, r->now + ms, NULL);
}

static void expect(rig *r, const char *field, const char *value)
{
	char got[128];
	assert_int_equal(app_field(r->a, field, got, sizeof got), 0);
	if (strcmp(got, value) != 0)
		fail_msg("expected %s=%s, got %s=%s", field, value, field, got);
}

static void key(rig *r, SDL_Keycode k, Uint16 mod)
{
	SDL_Event e = {0};
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = k;
	e.key.keysym.mod = mod;
	app_handle_event(r->a, &e, r->now);
}

static void reset_equals_fresh_start(void **state)
{
	(void)state;
	rig fresh, used;
	rig_open(&fresh, "");
	rig_open(&used, "");
	char before[512];
	app_describe(fresh.a, before, sizeof before);

	/* A visitor does everything a visitor can, then walks away. */
	tap_text(&used, "English");
	tap_text(&used, "Learning from reviews");
	tap_text(&used, "Try the quiz");
	tap_step(&used, 1);
	expect(&used, "screen", "quiz");
	SDL_FRect f, l;
	assert_int_equal(app_find_text(used.a, "a timeline of events", &f, &l), 0);
	finger(&used, SDL_FINGERDOWN, f.x + 2, f.y + f.h / 2);
	used.now += 100;
	finger(&used, SDL_FINGERMOTION, l.x + l.w - 2, l.y + l.h / 2);
	finger(&used, SDL_FINGERUP, l.x + l.w - 2, l.y + l.h / 2);
	expect(&used, "found", "3");
	tap_text(&used, "Cymraeg");
	expect(&used, "lang", "cy");
	wait_ms(&used, 90000);
	expect(&used, "overlay", "idle-warning");
	wait_ms(&used, 30000);

	char after[512];
	app_describe(used.a, after, sizeof after);
	assert_string_equal(after, before);
	/* Field by field, including what scripts cannot see. */
	const app_state *a = app_inside(used.a).st, *b = app_inside(fresh.a).st;
	assert_int_equal(a->screen, b->screen);
	assert_int_equal(a->lang, b->lang);
	assert_int_equal(a->page, b->page);
	assert_int_equal(a->text_size, b->text_size);
	assert_true(a->scroll == b->scroll);
	assert_int_equal(a->overlay, b->overlay);
	assert_int_equal(a->quiz_ready, b->quiz_ready);
	assert_int_equal(a->quiz.n_highlights, b->quiz.n_highlights);
	assert_int_equal(a->show_answers, b->show_answers);
	assert_memory_equal(a, b, sizeof *a);
	assert_int_equal(app_inside(used.a).idle->phase, IDLE_ACTIVE);
	assert_true(app_inside(used.a).m->body_px == app_inside(fresh.a).m->body_px);
	rig_close(&used);
	rig_close(&fresh);
}

static void visitors_cannot_leave(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	SDL_Event e = {0};
	e.type = SDL_QUIT;
	app_handle_event(r.a, &e, 0);
	e.type = SDL_WINDOWEVENT;
	e.window.event = SDL_WINDOWEVENT_CLOSE;
	app_handle_event(r.a, &e, 0);
	key(&r, SDLK_ESCAPE, 0);
	key(&r, SDLK_F4, KMOD_LALT);
	key(&r, SDLK_q, KMOD_LCTRL);
	key(&r, SDLK_w, KMOD_LCTRL);
	assert_false(app_quit_requested(r.a));
	key(&r, SDLK_q, KMOD_LCTRL | KMOD_LALT);
	assert_true(app_quit_requested(r.a));
	rig_close(&r);

	/* Outside kiosk mode (--windowed) Escape and closing do quit. */
	app_options o = {.data_dir = ".", .kiosk = false};
	config_defaults(&o.config);
	app *a = NULL;
	diag_list *d = diag_list_new();
	assert_int_equal(app_new(&o, d, &a), 0);
	diag_list_free(d);
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = SDLK_ESCAPE;
	app_handle_event(a, &e, 0);
	assert_true(app_quit_requested(a));
	app_free(a);
}

static void a_touch_counts_once(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	SDL_FRect f, l;
	assert_int_equal(app_find_text(r.a, "English", &f, &l), 0);
	/* SDL's mouse copy of a touch must be ignored... */
	SDL_Event e = {0};
	e.type = SDL_MOUSEBUTTONDOWN;
	e.button.which = SDL_TOUCH_MOUSEID;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.x = (int)(f.x + f.w / 2);
	e.button.y = (int)(f.y + f.h / 2);
	app_handle_event(r.a, &e, 0);
	e.type = SDL_MOUSEBUTTONUP;
	app_handle_event(r.a, &e, 0);
	expect(&r, "screen", "welcome");
	/* ...while a real mouse works like a finger. */
	e.button.which = 0;
	e.type = SDL_MOUSEBUTTONDOWN;
	app_handle_event(r.a, &e, 0);
	e.type = SDL_MOUSEBUTTONUP;
	app_handle_event(r.a, &e, 0);
	expect(&r, "screen", "menu");
	expect(&r, "lang", "en");
	/* A second finger while one is down starts nothing. */
	tap_text(&r, "Learning from reviews");
	expect(&r, "screen", "learn");
	SDL_Event two = replay_finger(SDL_FINGERDOWN, 10, 700, W, H, 0);
	app_handle_event(r.a, &two, 0);
	assert_int_equal(app_find_text(r.a, "Home", &f, &l), 0);
	SDL_Event other = replay_finger(SDL_FINGERDOWN, f.x + 5, f.y + 5, W, H, 0);
	other.tfinger.fingerId = 2;
	app_handle_event(r.a, &other, 0);
	other.type = SDL_FINGERUP;
	app_handle_event(r.a, &other, 0);
	expect(&r, "screen", "learn");
	rig_close(&r);
}

static void type_pin(rig *r, const char *pin)
{
	for (const char *p = pin; *p; p++) {
		char digit[2] = {*p, 0};
		tap_text(r, digit);
	}
}

/* Only OK checks a PIN, clear or hashed: nothing happens at its length. The
 * right one opens the staff area, and Exit there leaves the kiosk. */
static void staff_exit_with(bool hash)
{
	rig r;
	rig_open_config(&r, "2468", hash);
	tap_text(&r, "English");
	/* A short press in the corner is just a press. */
	finger(&r, SDL_FINGERDOWN, 5, 5);
	wait_ms(&r, 4000);
	finger(&r, SDL_FINGERUP, 5, 5);
	expect(&r, "overlay", "none");
	/* Five seconds opens the keypad. */
	finger(&r, SDL_FINGERDOWN, 5, 5);
	wait_ms(&r, 5000);
	expect(&r, "overlay", "staff-pin");
	finger(&r, SDL_FINGERUP, 5, 5);
	expect(&r, "overlay", "staff-pin");
	type_pin(&r, "2469");
	assert_int_equal(app_find_text(r.a, "Wrong PIN", &(SDL_FRect){0}, &(SDL_FRect){0}), -1);
	type_pin(&r, "2468");
	assert_false(app_quit_requested(r.a)); /* "24692468" typed, not submitted */
	expect(&r, "overlay", "staff-pin");
	tap_text(&r, "OK");
	assert_false(app_quit_requested(r.a));
	assert_int_equal(app_find_text(r.a, "Wrong PIN", &(SDL_FRect){0}, &(SDL_FRect){0}), 0);
	expect(&r, "overlay", "staff-pin");
	/* A wrong PIN of another length, submitted with OK. */
	type_pin(&r, "246");
	tap_text(&r, "OK");
	assert_false(app_quit_requested(r.a));
	type_pin(&r, "2468");
	assert_false(app_quit_requested(r.a));
	expect(&r, "overlay", "staff-pin");
	tap_text(&r, "OK");
	assert_false(app_quit_requested(r.a));
	expect(&r, "overlay", "none");
	expect(&r, "screen", "staff");
	tap_text(&r, "Exit kiosk");
	assert_true(app_quit_requested(r.a));
	rig_close(&r);

	/* Cancel closes the keypad. */
	rig_open_config(&r, "2468", hash);
	finger(&r, SDL_FINGERDOWN, 5, 5);
	wait_ms(&r, 5000);
	finger(&r, SDL_FINGERUP, 5, 5);
	expect(&r, "overlay", "staff-pin");
	type_pin(&r, "24");
	tap_text(&r, "Canslo");
	expect(&r, "overlay", "none");
	assert_false(app_quit_requested(r.a));
	rig_close(&r);
}

static void staff_exit(void **state)
{
	(void)state;
	rig r;
	staff_exit_with(false);

	/* Close leaves the staff area for the next visitor, in Welsh at the
	 * usual text size, whatever the visitor before had chosen. */
	rig_open_config(&r, "2468", false);
	tap_text(&r, "English");
	float sx, sy;
	tl_text_size_step(r.a, 1, &sx, &sy);
	tap(&r, sx, sy);
	expect(&r, "text_size", "1.3");
	finger(&r, SDL_FINGERDOWN, 5, 5);
	wait_ms(&r, 5000);
	finger(&r, SDL_FINGERUP, 5, 5);
	type_pin(&r, "2468");
	tap_text(&r, "OK");
	expect(&r, "screen", "staff");
	tap_text(&r, "Cau / Close");
	expect(&r, "screen", "welcome");
	expect(&r, "lang", "cy");
	expect(&r, "text_size", "1.0");
	assert_false(app_quit_requested(r.a));
	rig_close(&r);

	/* With no PIN configured the gesture does nothing. */
	rig_open(&r, "");
	tap_text(&r, "English");
	finger(&r, SDL_FINGERDOWN, 5, 5);
	wait_ms(&r, 8000);
	expect(&r, "overlay", "none");
	rig_close(&r);
}

static void staff_exit_hashed(void **state)
{
	(void)state;
	staff_exit_with(true);
}

/* The colour drawn at (x, y), after drawing the frame. */
static Uint32 pixel(rig *r, int x, int y)
{
	assert_int_equal(app_render(r->a), 0);
	SDL_Surface *s = video_surface(r->v);
	SDL_LockSurface(s);
	Uint32 p = *(const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch + x * 4);
	SDL_UnlockSurface(s);
	return p;
}

/* A touch on a button shows at once, before the lift: the next frame draws
 * it darker; sliding off lets it go, and only a lift on it acts. */
static void pressed_state(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	SDL_FRect f, l;
	assert_int_equal(app_find_text(r.a, "English", &f, &l), 0);
	/* Inside the button, left of its label. */
	int px = (int)f.x - 20, py = (int)(f.y + f.h / 2);
	Uint32 up = pixel(&r, px, py);
	assert_false(app_needs_redraw(r.a));
	finger(&r, SDL_FINGERDOWN, f.x + f.w / 2, py);
	assert_true(app_needs_redraw(r.a));
	Uint32 down = pixel(&r, px, py);
	assert_int_not_equal(down, up);
	expect(&r, "screen", "welcome");
	/* Held: still pressed a while later. */
	wait_ms(&r, 300);
	assert_int_equal(pixel(&r, px, py), down);
	/* Sliding off lets it go; the lift there does nothing. */
	finger(&r, SDL_FINGERMOTION, f.x + f.w / 2, py + 300);
	assert_int_equal(pixel(&r, px, py), up);
	finger(&r, SDL_FINGERUP, f.x + f.w / 2, py + 300);
	expect(&r, "screen", "welcome");
	assert_int_equal(pixel(&r, px, py), up);
	/* A lift on it acts. */
	finger(&r, SDL_FINGERDOWN, f.x + f.w / 2, py);
	assert_int_equal(pixel(&r, px, py), down);
	finger(&r, SDL_FINGERUP, f.x + f.w / 2, py);
	expect(&r, "screen", "menu");
	rig_close(&r);
}

static void open_keypad(rig *r)
{
	finger(r, SDL_FINGERDOWN, 5, 5);
	wait_ms(r, 5000);
	finger(r, SDL_FINGERUP, 5, 5);
	expect(r, "overlay", "staff-pin");
}

/* Five wrong PINs lock the keypad for a minute, shown as a countdown; the
 * right PIN does nothing until the minute is over. */
static void pin_lockout(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "2468");
	tap_text(&r, "English");
	open_keypad(&r);
	SDL_FRect f, l;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(app_find_text(r.a, "Too many wrong PINs", &f, &l), -1);
		type_pin(&r, "1111");
		tap_text(&r, "OK");
	}
	assert_int_equal(app_find_text(r.a, "Try again in 60 seconds", &f, &l), 0);
	wait_ms(&r, 1000);
	assert_int_equal(app_find_text(r.a, "Try again in 59 seconds", &f, &l), 0);
	type_pin(&r, "2468");
	tap_text(&r, "OK");
	assert_false(app_quit_requested(r.a));
	/* Closing and opening again does not lift the lock. */
	tap_text(&r, "Cancel");
	open_keypad(&r);
	assert_int_equal(app_find_text(r.a, "Too many wrong PINs", &f, &l), 0);
	/* 6 s into the minute now; 25 s more leaves 29, and a touch (a digit,
	 * which the locked keypad ignores) keeps it open to the end. */
	wait_ms(&r, 25000);
	assert_int_equal(app_find_text(r.a, "Try again in 29 seconds", &f, &l), 0);
	type_pin(&r, "1");
	assert_string_equal(app_inside(r.a).st->pin, "");
	wait_ms(&r, 29000);
	expect(&r, "overlay", "staff-pin");
	assert_int_equal(app_find_text(r.a, "Too many wrong PINs", &f, &l), -1);
	type_pin(&r, "2468");
	tap_text(&r, "OK");
	expect(&r, "screen", "staff");
	rig_close(&r);
}

/* The keypad closes itself after 30 s without a touch, wherever it was
 * opened; a touch on it starts the 30 s again. */
static void pin_pad_times_out(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "2468");
	open_keypad(&r); /* on the welcome screen */
	wait_ms(&r, 29000);
	expect(&r, "overlay", "staff-pin");
	type_pin(&r, "2");
	wait_ms(&r, 29999);
	expect(&r, "overlay", "staff-pin");
	wait_ms(&r, 1);
	expect(&r, "overlay", "none");
	expect(&r, "screen", "welcome");
	/* The typed digit went with it. */
	open_keypad(&r);
	assert_string_equal(app_inside(r.a).st->pin, "");
	tap_text(&r, "Canslo");
	tap_text(&r, "English");
	tap_text(&r, "Learning from reviews");
	open_keypad(&r);
	wait_ms(&r, 30000);
	expect(&r, "overlay", "none");
	expect(&r, "screen", "learn");
	rig_close(&r);
}

static void cancel_pin(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "1234");
	finger(&r, SDL_FINGERDOWN, 5, 5);
	wait_ms(&r, 5000);
	finger(&r, SDL_FINGERUP, 5, 5);
	expect(&r, "overlay", "staff-pin");
	tap_text(&r, "Canslo");
	expect(&r, "overlay", "none");
	expect(&r, "screen", "welcome");
	assert_false(app_quit_requested(r.a));
	rig_close(&r);
}

/* The warning's countdown, second by second, in the visitor's language and
 * the other: English says "1 second" but "20 seconds"; Welsh keeps the noun
 * singular after every numeral. */
static void idle_countdown_words(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	tap_text(&r, "English");
	wait_ms(&r, 90000);
	expect(&r, "overlay", "idle-warning");
	int shown = 0, last = -1;
	while (app_inside(r.a).st->overlay == OVERLAY_IDLE_WARNING) {
		int n = idle_seconds_left(app_inside(r.a).idle, r.now);
		char en[128], cy[128];
		snprintf(en, sizeof en, "The screen will go back to the start in %d %s.", n,
			 n == 1 ? "second" : "seconds");
		snprintf(cy, sizeof cy,
			 "Bydd y sgrin yn mynd yn \xc3\xb4l i\xe2\x80\x99r dechrau ymhen %d eiliad.", n);
		SDL_FRect f, l, cy_at, en_at;
		if (app_find_text(r.a, en, &en_at, &l) != 0)
			fail_msg("%d s left: \"%s\" is not on screen", n, en);
		if (app_find_text(r.a, cy, &cy_at, &l) != 0)
			fail_msg("%d s left: \"%s\" is not on screen", n, cy);
		/* Welsh first, though the visitor chose English; each says what
		 * a touch does. */
		assert_true(cy_at.y < en_at.y);
		assert_int_equal(app_find_text(r.a, "Ydych chi\xe2\x80\x99n dal yma?", &f, &l), 0);
		assert_true(f.y < cy_at.y);
		assert_int_equal(app_find_text(r.a, "Are you still there?", &f, &l), 0);
		assert_true(f.y > cy_at.y && f.y < en_at.y);
		assert_int_equal(app_find_text(r.a, "Touch anywhere to carry on.", &f, &l), 0);
		assert_int_equal(
			app_find_text(r.a, "Cyffyrddwch ag unrhyw le i barhau.", &f, &l), 0);
		/* The figure changes once a second, and the app sleeps till then. */
		assert_int_equal(app_next_deadline(r.a), r.now + 1000);
		if (n != last)
			shown++;
		last = n;
		wait_ms(&r, 1000);
	}
	assert_int_equal(shown, 30);
	assert_int_equal(last, 1);
	rig_close(&r);
}

static void no_idle_on_welcome(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	wait_ms(&r, 3600 * 1000);
	expect(&r, "overlay", "none");
	expect(&r, "screen", "welcome");
	/* The app sleeps until the attract prompt's next change: no polling. */
	uint64_t next = app_next_deadline(r.a);
	assert_true(next >= r.now + 1000 && next <= r.now + 4000);
	rig_close(&r);
}

/* Idle time costs the replayer a bounded number of ticks, however long:
 * a year on the welcome screen, and a year that starts on the menu (the
 * warning counts down each second, then the reset). Ticks, not time. */
static void idle_time_is_cheap(void **state)
{
	(void)state;
	const uint64_t week = 7ull * 24 * 3600 * 1000;
	rig r;
	rig_open(&r, "");
	size_t ticks = 0;
	for (int i = 0; i < 53; i++)
		ticks += replay_advance(r.a, &r.now, r.now + week, NULL);
	expect(&r, "screen", "welcome");
	if (ticks > 2 * 53)
		fail_msg("53 weeks on the welcome screen took %zu ticks", ticks);
	/* The clock is where the waits say, and the prompt's phase with it. */
	assert_int_equal(r.now, 53 * week);
	assert_true(app_next_deadline(r.a) > r.now && app_next_deadline(r.a) <= r.now + 4000);

	tap_text(&r, "English");
	expect(&r, "screen", "menu");
	ticks = replay_advance(r.a, &r.now, r.now + 365 * 24 * 3600 * 1000ull, NULL);
	expect(&r, "screen", "welcome");
	expect(&r, "overlay", "none");
	if (ticks > 100)
		fail_msg("a year from the menu took %zu ticks", ticks);
	rig_close(&r);
}

/* A finger event as a glitching touchscreen may send it, in SDL's own
 * normalised units (0..1 across the screen). */
static void raw_finger(rig *r, Uint32 type, float nx, float ny, float pressure)
{
	SDL_Event e = replay_finger(type, 0, 0, W, H, r->now);
	e.tfinger.x = nx;
	e.tfinger.y = ny;
	e.tfinger.pressure = pressure;
	app_handle_event(r->a, &e, r->now);
}

static float scroll_now(rig *r)
{
	char buf[64];
	assert_int_equal(app_field(r->a, "scroll", buf, sizeof buf), 0);
	return app_inside(r->a).st->scroll;
}

/* The frame drawn only where it changed (app_render into the app's own
 * surface) against the same frame drawn whole: the same pixels, row by
 * row. Returns how many pixels the partial frame redrew. */
static long same_as_whole(rig *r, const char *step)
{
	SDL_Surface *s = video_surface(r->v);
	assert_int_equal(app_render(r->a), 0);
	SDL_RenderFlush(video_renderer(r->v));
	int n;
	const SDL_Rect *d = app_damage(r->a, &n);
	long drawn = 0;
	for (int i = 0; i < n; i++)
		drawn += (long)d[i].w * d[i].h;
	size_t size = (size_t)s->pitch * (size_t)s->h;
	Uint8 *partial = malloc(size);
	assert_non_null(partial);
	memcpy(partial, s->pixels, size);
	app_redraw_all(r->a);
	assert_int_equal(app_render(r->a), 0);
	SDL_RenderFlush(video_renderer(r->v));
	for (int y = 0; y < s->h; y++) {
		size_t at = (size_t)y * (size_t)s->pitch;
		if (memcmp(partial + at, (const Uint8 *)s->pixels + at, (size_t)s->w * 4) != 0) {
			free(partial);
			fail_msg("%s: row %d is not what the whole frame draws", step, y);
		}
	}
	free(partial);
	return drawn;
}

/* Through a visit that changes the screen in every way the app does (the
 * welcome prompt's alternation, a quiz highlight dragged and removed, a
 * page scrolled, flicked, swiped and settling, a button pressed, the
 * language, the idle warning's scrim), each frame drawn only where it
 * changed is the frame drawn whole, and a highlight's drag redraws a small
 * part of the screen. */
static void partial_frames_match_whole_ones(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	same_as_whole(&r, "welcome");
	wait_ms(&r, 4000);
	same_as_whole(&r, "welcome prompt");
	assert_int_equal(app_open(r.a, "quiz", LANG_EN), 0);
	same_as_whole(&r, "quiz");
	wait_ms(&r, 1000);
	same_as_whole(&r, "quiz demonstration");
	wait_ms(&r, 3000);
	same_as_whole(&r, "quiz after the demonstration");
	SDL_FRect first, last;
	assert_int_equal(app_find_text(r.a, "ensure improvement, child practice", &first, &last), 0);
	float y = first.y + first.h / 2, x0 = first.x + 2, x1 = last.x + last.w - 2;
	finger(&r, SDL_FINGERDOWN, x0, y);
	same_as_whole(&r, "highlight down");
	for (int i = 1; i <= 8; i++) {
		r.now += 16;
		finger(&r, SDL_FINGERMOTION, x0 + (x1 - x0) * (float)i / 8, y);
		long drawn = same_as_whole(&r, "highlight dragged");
		assert_true(drawn < (long)W * H / 8);
	}
	finger(&r, SDL_FINGERUP, x1, y);
	same_as_whole(&r, "highlight made");
	expect(&r, "highlights", "1");
	r.now += 1000;
	tap(&r, x0 + 10, y);
	expect(&r, "highlights", "0");
	same_as_whole(&r, "highlight removed");

	/* The longest page: at the largest text it scrolls well over 100 px. */
	assert_int_equal(app_open(r.a, "leaflet:7", LANG_EN), 0);
	same_as_whole(&r, "leaflet");
	r.now += 1000;
	tap_step(&r, 2); /* the largest text: the page scrolls */
	same_as_whole(&r, "text size");
	expect(&r, "scroll", "0");
	finger(&r, SDL_FINGERDOWN, W / 2, H * 0.7f);
	for (int i = 1; i <= 6; i++) {
		r.now += 16;
		finger(&r, SDL_FINGERMOTION, W / 2, H * (0.7f - 0.06f * (float)i));
		same_as_whole(&r, "scrolled");
	}
	finger(&r, SDL_FINGERUP, W / 2, H * 0.34f);
	wait_ms(&r, 50);
	same_as_whole(&r, "gliding");
	wait_ms(&r, 2000);
	same_as_whole(&r, "glided");
	assert_true(scroll_now(&r) > 100);
	r.now += 1000;
	finger(&r, SDL_FINGERDOWN, W * 0.8f, H / 2);
	for (int i = 1; i <= 4; i++) {
		r.now += 16;
		finger(&r, SDL_FINGERMOTION, W * (0.8f - 0.08f * (float)i), H / 2);
		same_as_whole(&r, "page following the finger");
	}
	char offset[32];
	assert_int_equal(app_field(r.a, "page_offset", offset, sizeof offset), 0);
	assert_true(atoi(offset) < -100);
	finger(&r, SDL_FINGERUP, W * 0.48f, H / 2);
	wait_ms(&r, 60);
	same_as_whole(&r, "page settling");
	wait_ms(&r, 1000);
	same_as_whole(&r, "page turned");
	expect(&r, "page", "8");
	expect(&r, "page_offset", "0");

	assert_int_equal(app_find_text(r.a, "Cymraeg", &first, &last), 0);
	r.now += 1000;
	finger(&r, SDL_FINGERDOWN, first.x + first.w / 2, first.y + first.h / 2);
	same_as_whole(&r, "button pressed");
	finger(&r, SDL_FINGERUP, first.x + first.w / 2, first.y + first.h / 2);
	expect(&r, "lang", "cy");
	same_as_whole(&r, "language changed");
	wait_ms(&r, 90 * 1000); /* the default idle_timeout: the warning */
	expect(&r, "overlay", "idle-warning");
	same_as_whole(&r, "idle warning");
	wait_ms(&r, 1000);
	same_as_whole(&r, "idle countdown");
	rig_close(&r);
}

/* A scroll drag that gets nan, inf or 1e30 half way: the bad events are
 * dropped, the offset stays where the good ones put it, and the next touch
 * works. */
static void bad_values_mid_scroll(void **state)
{
	(void)state;
	static const float bad[] = {NAN, INFINITY, -INFINITY};
	rig r;
	rig_open(&r, "");
	assert_int_equal(app_open(r.a, "quiz", LANG_EN), 0);
	tap_step(&r, 2);
	for (size_t i = 0; i < 3; i++) {
		/* Slowly, so that the lift is no flick. */
		finger(&r, SDL_FINGERDOWN, 20, 1200);
		r.now += 500;
		finger(&r, SDL_FINGERMOTION, 20, 1100);
		float before = scroll_now(&r);
		assert_true(before > 50);
		r.now += 16;
		raw_finger(&r, SDL_FINGERMOTION, 0.02f, bad[i], 1);
		raw_finger(&r, SDL_FINGERMOTION, bad[i], 0.1f, 1);
		raw_finger(&r, SDL_FINGERMOTION, 0.02f, 0.1f, NAN);
		assert_true(scroll_now(&r) == before);
		/* A lift at nan still lifts, where the finger last was. */
		raw_finger(&r, SDL_FINGERUP, bad[i], bad[i], 0);
		assert_false(app_inside(r.a).ptr->g.down);
		wait_ms(&r, 3000);
		assert_true(scroll_now(&r) == before);
		expect(&r, "highlights", "0");
		finger(&r, SDL_FINGERDOWN, 20, 1100);
		r.now += 16;
		finger(&r, SDL_FINGERMOTION, 20, 1200);
		r.now += 500;
		finger(&r, SDL_FINGERUP, 20, 1200);
		wait_ms(&r, 3000);
		assert_true(scroll_now(&r) < before);
	}
	/* Far off the screen but finite: the offset stays in range, and
	 * so does the flick's speed. */
	static const float far[] = {1e30f, -1e30f, 3e38f, -3e38f};
	for (size_t i = 0; i < 4; i++) {
		finger(&r, SDL_FINGERDOWN, 20, 1000);
		r.now += 1;
		finger(&r, SDL_FINGERMOTION, 20, 900);
		r.now += 1;
		raw_finger(&r, SDL_FINGERMOTION, 0.02f, far[i], 1);
		raw_finger(&r, SDL_FINGERUP, 0.02f, far[i], 0);
		float s = scroll_now(&r), v = (*app_inside(r.a).scroll_velocity);
		assert_true(isfinite(s) && s >= 0);
		assert_true(isfinite(v) && fabsf(v) <= (float)H);
		wait_ms(&r, 10000);
		SDL_FRect region = view_scroll_region(app_inside(r.a).view);
		assert_true(scroll_now(&r) <= view_content_height(app_inside(r.a).view) - region.h);
	}
	rig_close(&r);
}

/* On the quiz, touches at nan and inf highlight nothing and leave the
 * words where a finger can still reach them. */
static void bad_values_on_the_quiz(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	assert_int_equal(app_open(r.a, "quiz", LANG_EN), 0);
	SDL_FRect f, l;
	assert_int_equal(app_find_text(r.a, "a timeline of events", &f, &l), 0);
	float fx = (f.x + 2) / W, fy = (f.y + f.h / 2) / H;
	raw_finger(&r, SDL_FINGERDOWN, fx, fy, 1);
	raw_finger(&r, SDL_FINGERMOTION, NAN, NAN, 1);
	raw_finger(&r, SDL_FINGERMOTION, INFINITY, fy, 1);
	raw_finger(&r, SDL_FINGERUP, fx, NAN, 0);
	expect(&r, "highlights", "1");
	expect(&r, "scroll", "0");
	raw_finger(&r, SDL_FINGERDOWN, NAN, fy, 1);
	raw_finger(&r, SDL_FINGERUP, NAN, fy, 0);
	raw_finger(&r, SDL_FINGERDOWN, fx, fy, INFINITY);
	raw_finger(&r, SDL_FINGERUP, fx, fy, 0);
	expect(&r, "highlights", "1");
	/* Tapping the highlighted word removes it: hit-testing still works. */
	tap(&r, f.x + 2, f.y + f.h / 2);
	expect(&r, "highlights", "0");
	rig_close(&r);
}

/* The clock the app is handed may jump back, or on by 2^63 ms; deadlines
 * must never wrap round into the past (the main loop would spin), nor a
 * flick's frames run for ever. */
static void clock_jumps(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	assert_int_equal(app_open(r.a, "learn", LANG_EN), 0);
	tap_step(&r, 2);
	static const uint64_t times[] = {UINT64_C(1) << 63, 1000, UINT64_MAX - 5, UINT64_MAX};
	for (size_t i = 0; i < 4; i++) {
		r.now = times[i];
		finger(&r, SDL_FINGERDOWN, 540, 1200);
		finger(&r, SDL_FINGERMOTION, 540, 1100);
		app_handle_event(r.a, &(SDL_Event){0}, r.now);
		finger(&r, SDL_FINGERMOTION, 540, 900);
		finger(&r, SDL_FINGERUP, 540, 900);
		uint64_t seen = times[i] > (*app_inside(r.a).now) ? times[i] : (*app_inside(r.a).now);
		assert_true(app_next_deadline(r.a) > seen || app_next_deadline(r.a) == UINT64_MAX);
		app_tick(r.a, UINT64_MAX);
		assert_true(isfinite(scroll_now(&r)));
	}
	rig_close(&r);
}

/* Gestures as samples, through app_pointer: no SDL event anywhere. */
static void sample(rig *r, int64_t id, gesture_sample_kind kind, float x, float y)
{
	gesture_sample s = {.id = id, .kind = kind, .x = x, .y = y, .t_ms = r->now};
	app_pointer(r->a, &s);
}

static void gestures_as_samples(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, "");
	/* Landscape, the largest text: the page scrolls (as in
	 * tests/scripts/leaflet_scroll.script). */
	app_resize(r.a, H, W);
	assert_int_equal(app_open(r.a, "leaflet:7", LANG_EN), 0);
	float sx, sy;
	tl_text_size_step(r.a, 2, &sx, &sy);
	sample(&r, 1, GESTURE_DOWN, sx, sy);
	sample(&r, 1, GESTURE_UP, sx, sy);
	expect(&r, "text_size", "1.6");
	expect(&r, "scroll", "0");
	SDL_FRect region = view_scroll_region(app_inside(r.a).view);
	assert_true(view_content_height(app_inside(r.a).view) - region.h > 250);

	/* A slow drag up scrolls by as much as the finger moved, however the
	 * move left the slop; a second finger meanwhile changes nothing. */
	sample(&r, 1, GESTURE_DOWN, 960, 800);
	for (int i = 1; i <= 10; i++) {
		r.now += 100;
		sample(&r, 1, GESTURE_MOVE, 960, 800 - 10.0f * (float)i);
		if (i == 5) {
			sample(&r, 2, GESTURE_DOWN, 100, 300);
			sample(&r, 2, GESTURE_MOVE, 100, 1000);
			sample(&r, 2, GESTURE_UP, 100, 1000);
		}
	}
	expect(&r, "scroll", "100");
	r.now += 100;
	sample(&r, 1, GESTURE_UP, 960, 700);
	wait_ms(&r, 2000);
	expect(&r, "scroll", "100"); /* no glide after a placed finger */

	/* A flick glides on after the lift. */
	sample(&r, 1, GESTURE_DOWN, 960, 800);
	for (int i = 1; i <= 5; i++) {
		r.now += 16;
		sample(&r, 1, GESTURE_MOVE, 960, 800 - 10.0f * (float)i);
	}
	sample(&r, 1, GESTURE_UP, 960, 750);
	wait_ms(&r, 2000);
	assert_true(scroll_now(&r) > 100 + 50 + 50); /* the drag, and then the glide */

	/* A swipe to the left turns the page; one to the right turns back. */
	sample(&r, 1, GESTURE_DOWN, 1500, 600);
	r.now += 50;
	sample(&r, 1, GESTURE_MOVE, 1100, 610);
	r.now += 50;
	sample(&r, 1, GESTURE_UP, 700, 610);
	expect(&r, "page", "8");
	expect(&r, "scroll", "0");
	sample(&r, 1, GESTURE_DOWN, 700, 600);
	r.now += 100;
	sample(&r, 1, GESTURE_UP, 1500, 600);
	expect(&r, "page", "7");

	/* A tap with a little slop presses a button; so does a hold. */
	SDL_FRect f, l;
	assert_int_equal(app_find_text(r.a, "Next", &f, &l), 0);
	float x = f.x + f.w / 2, y = f.y + f.h / 2;
	sample(&r, 1, GESTURE_DOWN, x, y);
	r.now += 60;
	sample(&r, 1, GESTURE_MOVE, x + 10, y - 10);
	sample(&r, 1, GESTURE_UP, x + 10, y - 10);
	expect(&r, "page", "8");
	assert_int_equal(app_find_text(r.a, "Previous", &f, &l), 0);
	sample(&r, 1, GESTURE_DOWN, f.x + f.w / 2, f.y + f.h / 2);
	r.now += GESTURE_HOLD_MS + 100;
	sample(&r, 1, GESTURE_UP, f.x + f.w / 2, f.y + f.h / 2);
	expect(&r, "page", "7");
	rig_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reset_equals_fresh_start),
		cmocka_unit_test(visitors_cannot_leave),
		cmocka_unit_test(a_touch_counts_once),
		cmocka_unit_test(staff_exit),
		cmocka_unit_test(staff_exit_hashed),
		cmocka_unit_test(pin_lockout),
		cmocka_unit_test(pressed_state),
		cmocka_unit_test(partial_frames_match_whole_ones),
		cmocka_unit_test(pin_pad_times_out),
		cmocka_unit_test(cancel_pin),
		cmocka_unit_test(no_idle_on_welcome),
		cmocka_unit_test(idle_time_is_cheap),
		cmocka_unit_test(idle_countdown_words),
		cmocka_unit_test(bad_values_mid_scroll),
		cmocka_unit_test(bad_values_on_the_quiz),
		cmocka_unit_test(clock_jumps),
		cmocka_unit_test(gestures_as_samples),
	};
	return cmocka_run_group_tests_name("app", tests, NULL, NULL);
}
