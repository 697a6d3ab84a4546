/* Fuzz target: the whole app (src/app/), driven like the main loop drives it
 * (app_handle_event, app_tick at each deadline from app_next_deadline) on a
 * virtual clock, by any stream of touches, clicks, keys, waits, clock jumps,
 * resizes, screens and window events, extreme and non-finite values
 * included. After every event the invariants of tests/app_invariants.h must
 * hold, and after every tick the app must want waking later than now (or it
 * would spin the main loop). Every FUZZ_APP_DRAW_EVERY events, and at the
 * end, the display list is drawn into a small software surface.
 *
 * An input is a list of operations: an opcode byte (its value modulo
 * FUZZ_OP_COUNT) and its operands; bytes missing at the end read as 0.
 *   0 finger  kind byte (bits 0-1: down, motion, up, up; bits 2-3: finger
 *             id), then x, y and pressure, each a POS
 *   1 mouse   kind byte (bits 0-1: button down, up, motion, wheel; bit 2:
 *             SDL's mouse copy of a touch; bit 3: right button), x, y as PX
 *   2 key     byte: fuzz_app_keys[byte % count], pressed and released
 *   3 wait    byte: 1, 2, 4 or 8 (byte % 4) little-endian bytes of ms
 *             follow; the clock moves on, ticking the app at its deadlines
 *   4 clock   8 little-endian bytes added to the clock, wrapping: a jump
 *             back, or on by 2^63
 *   5 resize  w, h, each a SIZE: app_resize, as the main loop calls it
 *   6 open    byte: bits 0-2 a screen (fuzz_app_screens; 6 is leaflet:N,
 *             N the next byte; 7 is no screen), bit 3 English: app_open
 *   7 window  byte: fuzz_app_windows[byte % count], or SDL_QUIT
 *   8 button  byte: a tap on the centre of the view's (byte % count)th
 *             button (deep states are far apart by coordinates alone)
 *   9 stroke  bytes a, b: a highlighter stroke on the quiz from word a to
 *             word a + b % 16 (modulo the words)
 * POS: a byte of 0xF0 or more is fuzz_app_specials[byte - 0xF0] (nan, inf,
 * 1e30, ...); otherwise it and the next byte are a fraction of the screen,
 * 0 to 1 in steps of 1/0xEFFF. PX: likewise fuzz_app_special_px, or 0 to
 * 61439 px. SIZE: a byte of 0xFC or more is 1, 16384, 0 or -1; otherwise it
 * and the next byte, modulo 16385.
 *
 * tests/fuzz/app_seeds.c writes seeds in this format from the replay
 * scripts. Memory stays bounded at any size: the surface is small (the app
 * draws at its own size, clipped), sizes above FUZZ_APP_DRAW_MAX_SIDE are
 * built and checked but not drawn (a glyph there is hundreds of pixels), at
 * most FUZZ_APP_MAX_RESIZES resizes count per input, and the app is made
 * anew after FUZZ_APP_RENEW_AFTER resizes (each new size adds font faces
 * that live as long as the app). Otherwise one app serves every input, put
 * back as app_new leaves it, because a new one starts with cold caches;
 * fuzz_app_reset checks that it is. The caches (layouts, shaped words,
 * faces, glyphs) change how fast the app is, never what it does. */
#include <SDL.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "app_invariants.h"
#include "fuzz.h"

#define FUZZ_APP_W 1080
#define FUZZ_APP_H 1920
#define FUZZ_APP_PIN "2468"
#define FUZZ_APP_SURFACE 256
#define FUZZ_APP_DRAW_EVERY 32
#define FUZZ_APP_DRAW_MAX_SIDE 2560
#define FUZZ_APP_MAX_RESIZES 8
/* A new app after this many resizes: each new size adds font faces (and
 * glyphs, hinted at that size) that live as long as the app, but a new app
 * costs a cold cache, a new atlas and the hinting again, some 80 ms here. */
#define FUZZ_APP_RENEW_AFTER 64
#define FUZZ_APP_MAX_OPS 20000
/* Ticks at deadlines per wait; then the clock jumps to the end of the wait,
 * as when the main loop wakes late (a machine that slept). */
#define FUZZ_APP_MAX_TICKS 512
#define FUZZ_APP_FINGER_TOUCH 1

enum {
	FUZZ_OP_FINGER,
	FUZZ_OP_MOUSE,
	FUZZ_OP_KEY,
	FUZZ_OP_WAIT,
	FUZZ_OP_CLOCK,
	FUZZ_OP_RESIZE,
	FUZZ_OP_OPEN,
	FUZZ_OP_WINDOW,
	FUZZ_OP_BUTTON,
	FUZZ_OP_STROKE,
	FUZZ_OP_COUNT
};

#define FUZZ_POS_SPECIAL 0xF0
#define FUZZ_POS_ONE 0xEFFF
#define FUZZ_SIZE_SPECIAL 0xFC
#define FUZZ_SIZE_MAX 16384

static const float fuzz_app_specials[16] = {
	NAN, INFINITY, -INFINITY, 1e30f, -1e30f, FLT_MAX, -FLT_MAX, -0.0f,
	-1.0f, 2.0f, 1e-40f, -0.001f, 1.001f, 0.5f, 1e7f, -1e7f,
};
static const int fuzz_app_special_px[16] = {
	INT_MIN, INT_MAX, -1, 0, 1, 16383, 16384, 65535, -65536, 100000, -100000,
	1 << 24, -(1 << 24), 2, 1079, 1919,
};
static const int fuzz_app_special_sizes[4] = {1, FUZZ_SIZE_MAX, 0, -1};

static const struct {
	SDL_Keycode sym;
	Uint16 mod;
} fuzz_app_keys[] = {
	{SDLK_q, KMOD_LCTRL | KMOD_LALT}, {SDLK_ESCAPE, 0}, {SDLK_0, 0}, {SDLK_1, 0},
	{SDLK_2, 0}, {SDLK_3, 0}, {SDLK_4, 0}, {SDLK_5, 0}, {SDLK_6, 0}, {SDLK_7, 0},
	{SDLK_8, 0}, {SDLK_9, 0}, {SDLK_RIGHT, 0}, {SDLK_LEFT, 0}, {SDLK_PAGEDOWN, 0},
	{SDLK_PAGEUP, 0}, {SDLK_RETURN, 0}, {SDLK_SPACE, 0}, {SDLK_TAB, 0},
	{SDLK_BACKSPACE, 0}, {SDLK_F11, 0}, {SDLK_q, KMOD_LCTRL}, {SDLK_F4, KMOD_LALT},
	{SDLK_a, KMOD_LSHIFT},
};
#define FUZZ_APP_KEYS (sizeof fuzz_app_keys / sizeof *fuzz_app_keys)

static const char *const fuzz_app_screens[6] = {"welcome", "menu", "leaflet",
						 "learn",   "quiz", "quiz-result"};

static const SDL_WindowEventID fuzz_app_windows[] = {
	SDL_WINDOWEVENT_FOCUS_LOST, SDL_WINDOWEVENT_FOCUS_GAINED, SDL_WINDOWEVENT_SHOWN,
	SDL_WINDOWEVENT_HIDDEN,     SDL_WINDOWEVENT_EXPOSED,      SDL_WINDOWEVENT_MINIMIZED,
	SDL_WINDOWEVENT_RESTORED,   SDL_WINDOWEVENT_SIZE_CHANGED, SDL_WINDOWEVENT_CLOSE,
	SDL_WINDOWEVENT_ENTER,      SDL_WINDOWEVENT_LEAVE,
};
#define FUZZ_APP_WINDOWS (sizeof fuzz_app_windows / sizeof *fuzz_app_windows)

/* What lives across inputs. */
typedef struct {
	app_options opts;
	SDL_Surface *surface;
	SDL_Renderer *renderer;
	app *a;
	char fresh[512]; /* app_describe of a new app */
	size_t resizes;  /* since the app was made */
} fuzz_app_env;

/* One input being run. */
typedef struct {
	fuzz_app_env *env;
	app *a;
	const uint8_t *p, *end;
	uint64_t now;
	size_t events, resizes;
} fuzz_app_run;

static void fuzz_app_env_done(fuzz_app_env *env)
{
	if (env->a)
		app_attach_renderer(env->a, NULL, app_inside(env->a).w, app_inside(env->a).h);
	app_free(env->a);
	if (env->renderer)
		SDL_DestroyRenderer(env->renderer);
	SDL_FreeSurface(env->surface);
	memset(env, 0, sizeof *env);
}

static int fuzz_app_start(fuzz_app_env *env)
{
	if (env->a) {
		app_attach_renderer(env->a, NULL, app_inside(env->a).w, app_inside(env->a).h);
		app_free(env->a);
		env->a = NULL;
	}
	diag_list *d = diag_list_new();
	int rc = d ? app_new(&env->opts, d, &env->a) : -1;
	if (rc != 0 || diag_count(d) != 0) {
		if (d)
			diag_print(d, stderr);
		fprintf(stderr, "fuzz_app: the app does not start cleanly (run from the repo root)\n");
		rc = -1;
	}
	diag_list_free(d);
	if (rc == 0 && app_attach_renderer(env->a, env->renderer, FUZZ_APP_W, FUZZ_APP_H) != 0)
		rc = -1;
	if (rc != 0)
		return -1;
	app_draw_into(env->a, env->surface);
	app_describe(env->a, env->fresh, sizeof env->fresh);
	env->resizes = 0;
	return 0;
}

/* Returns 0, or -1 with a message. Run from the repo root (assets/, fonts/). */
static int fuzz_app_env_init(fuzz_app_env *env)
{
	memset(env, 0, sizeof *env);
	env->opts.data_dir = ".";
	env->opts.kiosk = true;
	/* Read aloud as a kiosk would: Listen is on the screens to be tapped. */
	env->opts.audio = true;
	config_defaults(&env->opts.config);
	snprintf(env->opts.config.staff_pin, sizeof env->opts.config.staff_pin, "%s", FUZZ_APP_PIN);
	env->surface = SDL_CreateRGBSurfaceWithFormat(0, FUZZ_APP_SURFACE, FUZZ_APP_SURFACE, 32,
						      SDL_PIXELFORMAT_ARGB8888);
	env->renderer = env->surface ? SDL_CreateSoftwareRenderer(env->surface) : NULL;
	if (!env->renderer || fuzz_app_start(env) != 0) {
		fprintf(stderr, "fuzz_app: cannot set up: %s\n", SDL_GetError());
		fuzz_app_env_done(env);
		return -1;
	}
	return 0;
}

/* Puts the app back where app_new leaves it: app_open resets all a visitor
 * can change; the clock, the idle timer and a quit request are set by hand.
 * Then checks that it is: a fresh app's description and the fields scripts
 * cannot see. */
static int fuzz_app_reset(fuzz_app_env *env)
{
	if (env->resizes >= FUZZ_APP_RENEW_AFTER)
		FUZZ_TRY(fuzz_app_start(env));
	app *a = env->a;
	*app_inside(a).now = 0;
	*app_inside(a).anim_last = 0;
	*app_inside(a).corner_since = 0;
	*app_inside(a).quit = false;
	*app_inside(a).cursor_hidden = false;
	idle_init(app_inside(a).idle, env->opts.config.idle_timeout, env->opts.config.warning_seconds, 0);
	/* The keypad's lock outlives a visitor's reset on purpose; between two
	 * inputs it must not, or one input would change how the next runs. */
	pin_guard_init(app_inside(a).guard);
	if (app_inside(a).w != FUZZ_APP_W || app_inside(a).h != FUZZ_APP_H)
		app_resize(a, FUZZ_APP_W, FUZZ_APP_H);
	FUZZ_REQUIRE(app_open(a, "welcome", LANG_CY) == 0);
	char desc[512];
	app_describe(a, desc, sizeof desc);
	FUZZ_REQUIRE(strcmp(desc, env->fresh) == 0);
	FUZZ_REQUIRE((*app_inside(a).scroll_velocity) == 0 && !app_inside(a).ptr->g.down && !(*app_inside(a).corner_held) && !(*app_inside(a).dirty));
	FUZZ_REQUIRE((*app_inside(a).attract_t0) == 0 && (*app_inside(a).attract_phase) == 0 && app_inside(a).st->pin[0] == '\0');
	return 0;
}

/* ---- reading operands ---- */

static uint8_t fuzz_app_u8(fuzz_app_run *r)
{
	return r->p < r->end ? *r->p++ : 0;
}

static uint64_t fuzz_app_le(fuzz_app_run *r, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)fuzz_app_u8(r) << (8 * i);
	return v;
}

static float fuzz_app_pos(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	if (k >= FUZZ_POS_SPECIAL)
		return fuzz_app_specials[k - FUZZ_POS_SPECIAL];
	return (float)((unsigned)k << 8 | fuzz_app_u8(r)) / (float)FUZZ_POS_ONE;
}

static int fuzz_app_px(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	if (k >= FUZZ_POS_SPECIAL)
		return fuzz_app_special_px[k - FUZZ_POS_SPECIAL];
	return (int)((unsigned)k << 8 | fuzz_app_u8(r));
}

static int fuzz_app_size(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	if (k >= FUZZ_SIZE_SPECIAL)
		return fuzz_app_special_sizes[k - FUZZ_SIZE_SPECIAL];
	return (int)(((unsigned)k << 8 | fuzz_app_u8(r)) % (FUZZ_SIZE_MAX + 1));
}

/* ---- checks ---- */

static int fuzz_app_check(fuzz_app_run *r)
{
	char why[256];
	if (app_invariants_check(r->a, why, sizeof why) != 0) {
		char desc[512];
		app_describe(r->a, desc, sizeof desc);
		fprintf(stderr, "fuzz_app: after event %zu at t=%llu (%dx%d): %s\n    state: %s\n",
			r->events, (unsigned long long)r->now, app_inside(r->a).w, app_inside(r->a).h, why, desc);
		return -1;
	}
	return 0;
}

static int fuzz_app_draw(fuzz_app_run *r)
{
	if (app_inside(r->a).w > FUZZ_APP_DRAW_MAX_SIDE || app_inside(r->a).h > FUZZ_APP_DRAW_MAX_SIDE)
		return 0;
	FUZZ_REQUIRE(app_render(r->a) == 0);
	return 0;
}

/* After a tick the app must want the next one later than now (or never):
 * a deadline already passed would spin the main loop. */
static int fuzz_app_ticked(fuzz_app_run *r)
{
	uint64_t next = app_next_deadline(r->a);
	FUZZ_REQUIRE(next > (*app_inside(r->a).now) || next == UINT64_MAX);
	return fuzz_app_check(r);
}

/* ---- events ---- */

static int fuzz_app_send(fuzz_app_run *r, const SDL_Event *e)
{
	app_handle_event(r->a, e, r->now);
	r->events++;
	FUZZ_TRY(fuzz_app_check(r));
	if (r->events % FUZZ_APP_DRAW_EVERY == 0)
		FUZZ_TRY(fuzz_app_draw(r));
	return 0;
}

static int fuzz_app_finger(fuzz_app_run *r, Uint32 type, SDL_FingerID id, float x, float y,
			   float pressure)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = type;
	e.tfinger.timestamp = (Uint32)r->now;
	e.tfinger.touchId = FUZZ_APP_FINGER_TOUCH;
	e.tfinger.fingerId = id;
	e.tfinger.x = x;
	e.tfinger.y = y;
	e.tfinger.pressure = pressure;
	return fuzz_app_send(r, &e);
}

/* A touch at a pixel of the app's screen. */
static int fuzz_app_touch(fuzz_app_run *r, Uint32 type, float x, float y)
{
	return fuzz_app_finger(r, type, 0, x / (float)app_inside(r->a).w, y / (float)app_inside(r->a).h,
			       type == SDL_FINGERUP ? 0.0f : 1.0f);
}

static int fuzz_app_advance(fuzz_app_run *r, uint64_t until)
{
	for (int i = 0; i < FUZZ_APP_MAX_TICKS; i++) {
		uint64_t next = app_next_deadline(r->a);
		if (next > until)
			break;
		if (next > r->now)
			r->now = next;
		app_tick(r->a, r->now);
		FUZZ_TRY(fuzz_app_ticked(r));
	}
	if (until > r->now)
		r->now = until;
	app_tick(r->a, r->now);
	return fuzz_app_ticked(r);
}

static int fuzz_app_op_finger(fuzz_app_run *r)
{
	static const Uint32 types[4] = {SDL_FINGERDOWN, SDL_FINGERMOTION, SDL_FINGERUP, SDL_FINGERUP};
	uint8_t k = fuzz_app_u8(r);
	float x = fuzz_app_pos(r), y = fuzz_app_pos(r), pressure = fuzz_app_pos(r);
	return fuzz_app_finger(r, types[k & 3], (k >> 2) & 3, x, y, pressure);
}

static int fuzz_app_op_mouse(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	int x = fuzz_app_px(r), y = fuzz_app_px(r);
	SDL_Event e;
	memset(&e, 0, sizeof e);
	Uint32 which = (k & 4) ? SDL_TOUCH_MOUSEID : 0;
	switch (k & 3) {
	case 0:
	case 1:
		e.type = (k & 3) == 0 ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
		e.button.which = which;
		e.button.button = (k & 8) ? SDL_BUTTON_RIGHT : SDL_BUTTON_LEFT;
		e.button.state = (k & 3) == 0 ? SDL_PRESSED : SDL_RELEASED;
		e.button.clicks = 1;
		e.button.x = x;
		e.button.y = y;
		break;
	case 2:
		e.type = SDL_MOUSEMOTION;
		e.motion.which = which;
		e.motion.state = (k & 8) ? SDL_BUTTON_RMASK : SDL_BUTTON_LMASK;
		e.motion.x = x;
		e.motion.y = y;
		break;
	default:
		e.type = SDL_MOUSEWHEEL;
		e.wheel.which = which;
		e.wheel.x = x;
		e.wheel.y = y;
		e.wheel.preciseX = (float)x;
		e.wheel.preciseY = (float)y;
		break;
	}
	return fuzz_app_send(r, &e);
}

static int fuzz_app_op_key(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = fuzz_app_keys[k % FUZZ_APP_KEYS].sym;
	e.key.keysym.mod = fuzz_app_keys[k % FUZZ_APP_KEYS].mod;
	e.key.keysym.scancode = SDL_GetScancodeFromKey(e.key.keysym.sym);
	FUZZ_TRY(fuzz_app_send(r, &e));
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	return fuzz_app_send(r, &e);
}

static int fuzz_app_op_wait(fuzz_app_run *r)
{
	static const unsigned widths[4] = {1, 2, 4, 8};
	uint64_t ms = fuzz_app_le(r, widths[fuzz_app_u8(r) % 4]);
	uint64_t until = r->now > UINT64_MAX - ms ? UINT64_MAX : r->now + ms;
	return fuzz_app_advance(r, until);
}

static int fuzz_app_op_resize(fuzz_app_run *r)
{
	int w = fuzz_app_size(r), h = fuzz_app_size(r);
	if (r->resizes++ >= FUZZ_APP_MAX_RESIZES)
		return 0;
	r->env->resizes++;
	app_resize(r->a, w, h);
	r->events++;
	return fuzz_app_check(r);
}

static int fuzz_app_op_open(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	lang_id lang = (k & 8) ? LANG_EN : LANG_CY;
	char name[32];
	if ((k & 7) < 6)
		snprintf(name, sizeof name, "%s", fuzz_app_screens[k & 7]);
	else if ((k & 7) == 6)
		snprintf(name, sizeof name, "leaflet:%u", fuzz_app_u8(r));
	else
		snprintf(name, sizeof name, "nowhere");
	app_open(r->a, name, lang);
	r->events++;
	return fuzz_app_check(r);
}

static int fuzz_app_op_window(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	SDL_Event e;
	memset(&e, 0, sizeof e);
	if (k % (FUZZ_APP_WINDOWS + 1) == FUZZ_APP_WINDOWS) {
		e.type = SDL_QUIT;
	} else {
		e.type = SDL_WINDOWEVENT;
		e.window.event = fuzz_app_windows[k % (FUZZ_APP_WINDOWS + 1)];
		e.window.data1 = app_inside(r->a).w;
		e.window.data2 = app_inside(r->a).h;
	}
	return fuzz_app_send(r, &e);
}

static int fuzz_app_op_button(fuzz_app_run *r)
{
	uint8_t k = fuzz_app_u8(r);
	app *a = r->a;
	char screen[32];
	app_field(a, "screen", screen, sizeof screen); /* builds the view */
	size_t n = view_count(app_inside(a).view), count = 0;
	for (size_t i = 0; i < n; i++)
		count += view_get(app_inside(a).view, i)->kind == ITEM_BUTTON;
	if (count == 0)
		return 0;
	size_t want = k % count;
	for (size_t i = 0; i < n; i++) {
		const view_item *it = view_get(app_inside(a).view, i);
		if (it->kind != ITEM_BUTTON || want-- != 0)
			continue;
		float x = it->rect.x + it->rect.w / 2;
		float y = it->rect.y + it->rect.h / 2 - (it->scrolls ? app_inside(a).st->scroll : 0);
		FUZZ_TRY(fuzz_app_touch(r, SDL_FINGERDOWN, x, y));
		return fuzz_app_touch(r, SDL_FINGERUP, x, y);
	}
	return 0;
}

/* Where word w of the quiz is on screen: its first line box's middle, just
 * inside its left or right end. -1 when it is not laid out. */
static int fuzz_app_word_at(app *a, size_t w, bool right, float *x, float *y)
{
	text_rect rect[4];
	if (!app_inside(a).marks->quiz_text ||
	    text_layout_range_rects(app_inside(a).marks->quiz_text, 0, app_inside(a).words->start[w], app_inside(a).words->end[w], rect, 4) == 0)
		return -1;
	*x = app_inside(a).marks->quiz_x + rect[0].x + (right ? rect[0].w - 2 : 2);
	*y = app_inside(a).marks->quiz_y - app_inside(a).st->scroll + rect[0].y + rect[0].h / 2;
	return 0;
}

static int fuzz_app_op_stroke(fuzz_app_run *r)
{
	uint8_t w1 = fuzz_app_u8(r), span = fuzz_app_u8(r) % 16;
	app *a = r->a;
	char screen[32];
	app_field(a, "screen", screen, sizeof screen);
	if (app_inside(a).words->n == 0)
		return 0;
	size_t from = w1 % app_inside(a).words->n, to = from + span < app_inside(a).words->n ? from + span : app_inside(a).words->n - 1;
	float x1, y1, x2, y2;
	if (fuzz_app_word_at(a, from, false, &x1, &y1) != 0 ||
	    fuzz_app_word_at(a, to, true, &x2, &y2) != 0)
		return 0;
	FUZZ_TRY(fuzz_app_touch(r, SDL_FINGERDOWN, x1, y1));
	for (int i = 1; i <= 4; i++) {
		FUZZ_TRY(fuzz_app_advance(r, r->now + 16));
		float f = (float)i / 4;
		FUZZ_TRY(fuzz_app_touch(r, SDL_FINGERMOTION, x1 + (x2 - x1) * f, y1 + (y2 - y1) * f));
	}
	return fuzz_app_touch(r, SDL_FINGERUP, x2, y2);
}

/* Runs the operations in data[0..size) on the app as it is. */
static int fuzz_app_exec(fuzz_app_run *r, const uint8_t *data, size_t size)
{
	r->p = data;
	r->end = data + size;
	for (size_t ops = 0; r->p < r->end && ops < FUZZ_APP_MAX_OPS; ops++) {
		if (app_quit_requested(r->a))
			return 0; /* the process would end here */
		switch (fuzz_app_u8(r) % FUZZ_OP_COUNT) {
		case FUZZ_OP_FINGER: FUZZ_TRY(fuzz_app_op_finger(r)); break;
		case FUZZ_OP_MOUSE: FUZZ_TRY(fuzz_app_op_mouse(r)); break;
		case FUZZ_OP_KEY: FUZZ_TRY(fuzz_app_op_key(r)); break;
		case FUZZ_OP_WAIT: FUZZ_TRY(fuzz_app_op_wait(r)); break;
		case FUZZ_OP_CLOCK:
			r->now += fuzz_app_le(r, 8);
			FUZZ_TRY(fuzz_app_advance(r, r->now));
			break;
		case FUZZ_OP_RESIZE: FUZZ_TRY(fuzz_app_op_resize(r)); break;
		case FUZZ_OP_OPEN: FUZZ_TRY(fuzz_app_op_open(r)); break;
		case FUZZ_OP_WINDOW: FUZZ_TRY(fuzz_app_op_window(r)); break;
		case FUZZ_OP_BUTTON: FUZZ_TRY(fuzz_app_op_button(r)); break;
		default: FUZZ_TRY(fuzz_app_op_stroke(r)); break;
		}
	}
	return 0;
}

static int fuzz_app_begin(fuzz_app_env *env, fuzz_app_run *r)
{
	memset(r, 0, sizeof *r);
	r->env = env;
	FUZZ_TRY(fuzz_app_reset(env));
	r->a = env->a;
	return fuzz_app_check(r);
}

static int fuzz_app_one(fuzz_app_env *env, const uint8_t *data, size_t size)
{
	fuzz_app_run r;
	FUZZ_TRY(fuzz_app_begin(env, &r));
	FUZZ_TRY(fuzz_app_exec(&r, data, size));
	FUZZ_TRY(fuzz_app_draw(&r));
	return fuzz_app_check(&r);
}

#ifndef FUZZ_NO_LIBFUZZER
/* libFuzzer's entry point takes no context: the app is made on the first
 * input and lives for the run (renewed after many resizes). */
static fuzz_app_env fuzz_app_global;

static void fuzz_app_cleanup(void)
{
	fuzz_app_env_done(&fuzz_app_global);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_app_global.a) {
		if (fuzz_app_env_init(&fuzz_app_global) != 0)
			abort();
		atexit(fuzz_app_cleanup);
	}
	if (fuzz_app_one(&fuzz_app_global, data, size) != 0)
		abort();
	return 0;
}
#endif
