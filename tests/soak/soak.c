/* The soak test: the real app, headless, driven by random events on the
 * virtual clock, with its invariants checked after every event.
 *
 *   build/tests/soak EVENTS [SEED]        (run from the repo root)
 *
 * Events: taps on random points and on random buttons, drags, swipes,
 * highlight strokes on the quiz text, language and text-size toggles, quiz
 * checks, key presses, the staff corner hold, rotations, and waits short and
 * long, some into the idle warning and some through the idle reset. A frame
 * is drawn every few events so the glyph atlas is exercised too.
 *
 * After every event: what tests/app_invariants.h checks (a real screen, a
 * page in range, a finite scroll inside its content, quiz state only on
 * the quiz screens and consistent with what scripts see, ...); the idle
 * warning shows only when nothing has happened for idle_timeout; and
 * when a wait has run past the warning, the app is exactly where a fresh app
 * starts (state and app_describe both). At the end, every screen, the
 * warning and the reset must have been reached, or the run proved little.
 *
 * Memory: VmRSS and peak RSS (ru_maxrss) are printed after 10% of the
 * events and at the end. VmRSS swings by some 20 MB with the state (a
 * rotation's new surfaces, how much of the glyph atlas is in use) and its
 * high-water mark creeps up while rarer states are first reached, so single
 * readings compare badly. It is sampled a thousand times; the highest
 * reading of the last 10% of the events may not exceed the highest of the
 * first half after warm-up (10% to 50%) by more than 10% + 2 MB, nor may the
 * peak RSS grow more than that over the second half. A leak grows without
 * bound and shows; the plateau does not. Judged from 60,000 events on: the
 * staff screens and the portrait text sizes take that long to be reached a
 * few times each (at 20,000 the rarer states were still arriving).
 * Events per second are printed, never judged. Exit 0 when everything
 * held, 1 otherwise. */
#include <SDL.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/app_internal.h"
#include "app_invariants.h"
#include "platform/replay.h"
#include "platform/video.h"

#define SOAK_PIN "2468"

/* Under AddressSanitizer RSS says little: freed memory sits in its
 * quarantine (256 MB) by design, and LeakSanitizer judges leaks instead. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_JUDGED 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RSS_JUDGED 0
#endif
#endif
#ifndef RSS_JUDGED
#define RSS_JUDGED 1
#endif
#define RENDER_EVERY 10
#define MAX_FAILURES 20
#define MIN_WARM_EVENTS 6000

/* xorshift64*: a fixed seed replays the same run anywhere. */
typedef struct {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1Dull;
}

/* Uniform in [0, n). */
static uint32_t rng_below(rng *r, uint32_t n)
{
	return n ? (uint32_t)((rng_next(r) >> 32) % n) : 0;
}

static float rng_float(rng *r, float lo, float hi)
{
	return lo + (hi - lo) * (float)(rng_next(r) >> 40) / (float)(1u << 24);
}

typedef struct {
	app_options opts;
	app *a;
	video *v;
	int w, h;
	uint64_t clock;
	/* The app's idle timer must have restarted at an input between these:
	 * every finger down and key press counts; a lift or move it no longer
	 * tracks (after the staff hold took the finger) may not. */
	uint64_t last_press, last_input;
	rng r;

	app_state fresh;      /* what a fresh app holds */
	char fresh_desc[512]; /* and what app_describe says of it */

	uint64_t clock_before; /* virtual time of the apps before a restart */
	size_t event;
	const char *what; /* the current event, for messages */
	size_t failures;
	size_t seen_screen[SCREEN_COUNT];
	size_t warnings, resets, renders, restarts, rotations, pin_overlays;
} soak;

__attribute__((format(printf, 2, 3))) static void fail(soak *s, const char *fmt, ...)
{
	char desc[512];
	app_describe(s->a, desc, sizeof desc);
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "soak: event %zu (%s) at t=%llu: ", s->event, s->what,
		(unsigned long long)s->clock);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n    state: %s\n", desc);
	s->failures++;
}

/* ---- the app's lifetime ---- */

static int start_app(soak *s)
{
	diag_list *d = diag_list_new();
	int rc = d ? app_new(&s->opts, d, &s->a) : -1;
	if (rc != 0 || diag_count(d) != 0) {
		fprintf(stderr, "soak: the app does not start cleanly (run from the repo root):\n");
		if (d)
			diag_print(d, stderr);
		rc = -1;
	}
	diag_list_free(d);
	if (rc == 0 && app_attach_renderer(s->a, video_renderer(s->v), s->w, s->h) != 0) {
		fprintf(stderr, "soak: cannot attach the renderer\n");
		rc = -1;
	}
	if (rc == 0)
		app_draw_into(s->a, video_surface(s->v));
	return rc;
}

static void stop_app(soak *s)
{
	if (s->a)
		app_attach_renderer(s->a, NULL, s->w, s->h);
	app_free(s->a);
	s->a = NULL;
}

/* ---- input ---- */

static void advance(soak *s, uint64_t ms)
{
	replay_advance(s->a, &s->clock, s->clock + ms, NULL);
}

static void finger(soak *s, Uint32 type, float x, float y)
{
	SDL_Event e = replay_finger(type, x, y, s->w, s->h, s->clock);
	app_handle_event(s->a, &e, s->clock);
	s->last_input = s->clock;
	if (type == SDL_FINGERDOWN)
		s->last_press = s->clock;
}

static void tap(soak *s, float x, float y)
{
	finger(s, SDL_FINGERDOWN, x, y);
	advance(s, 40 + rng_below(&s->r, 120));
	finger(s, SDL_FINGERUP, x, y);
}

/* A finger moving from (x1, y1) to (x2, y2) over ms, a move every frame. */
static void drag(soak *s, float x1, float y1, float x2, float y2, uint64_t ms)
{
	finger(s, SDL_FINGERDOWN, x1, y1);
	uint64_t steps = ms / 16 < 2 ? 2 : ms / 16;
	for (uint64_t i = 1; i <= steps; i++) {
		float f = (float)i / (float)steps;
		advance(s, ms / steps);
		finger(s, SDL_FINGERMOTION, x1 + (x2 - x1) * f, y1 + (y2 - y1) * f);
	}
	finger(s, SDL_FINGERUP, x2, y2);
}

static void key(soak *s, SDL_Keycode sym, Uint16 mod)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = sym;
	e.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
	e.key.keysym.mod = mod;
	app_handle_event(s->a, &e, s->clock);
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	app_handle_event(s->a, &e, s->clock);
	s->last_input = s->last_press = s->clock;
}

/* A random button of the current view (action < 0: any), or NULL. Its
 * centre on screen goes to *x, *y. */
static const view_item *pick_button(soak *s, int action, float *x, float *y)
{
	app *a = s->a;
	if ((*app_inside(a).dirty))
		app_render(a); /* rebuilds the view; drawing is cheap next to the checks */
	size_t n = view_count(app_inside(a).view), count = 0;
	for (size_t i = 0; i < n; i++) {
		const view_item *it = view_get(app_inside(a).view, i);
		count += it->kind == ITEM_BUTTON && !it->hidden && (action < 0 || it->action == action);
	}
	if (count == 0)
		return NULL;
	size_t k = rng_below(&s->r, (uint32_t)count);
	for (size_t i = 0; i < n; i++) {
		const view_item *it = view_get(app_inside(a).view, i);
		if (it->kind != ITEM_BUTTON || it->hidden || (action >= 0 && it->action != action))
			continue;
		if (k-- == 0) {
			*x = it->rect.x + it->rect.w / 2;
			*y = it->rect.y + it->rect.h / 2 - (it->scrolls ? app_inside(a).st->scroll : 0);
			return it;
		}
	}
	return NULL;
}

static bool tap_button(soak *s, int action)
{
	float x, y;
	if (!pick_button(s, action, &x, &y))
		return false;
	/* A scrolled-away button is not there to touch. */
	if (x < 0 || y < 0 || x >= (float)s->w || y >= (float)s->h)
		return false;
	tap(s, x, y);
	return true;
}

/* Taps the keypad's key with this action and argument (a digit, or OK);
 * false when it is not shown. */
static bool tap_key(soak *s, int action, int arg)
{
	app *a = s->a;
	if ((*app_inside(a).dirty))
		app_render(a);
	for (size_t i = 0; i < view_count(app_inside(a).view); i++) {
		const view_item *it = view_get(app_inside(a).view, i);
		if (it->kind == ITEM_BUTTON && it->action == action && it->arg == arg) {
			tap(s, it->rect.x + it->rect.w / 2, it->rect.y + it->rect.h / 2);
			return true;
		}
	}
	return false;
}

/* A highlighter stroke between two random words of the quiz text. */
static bool highlight(soak *s)
{
	app *a = s->a;
	if (app_inside(a).st->screen != SCREEN_QUIZ || !app_inside(a).marks->quiz_text || app_inside(a).words->n == 0)
		return false;
	size_t w1 = rng_below(&s->r, (uint32_t)app_inside(a).words->n);
	size_t w2 = w1 + rng_below(&s->r, 12);
	if (w2 >= app_inside(a).words->n)
		w2 = app_inside(a).words->n - 1;
	text_rect r1[4], r2[4];
	if (text_layout_range_rects(app_inside(a).marks->quiz_text, 0, app_inside(a).words->start[w1], app_inside(a).words->end[w1], r1, 4) == 0 ||
	    text_layout_range_rects(app_inside(a).marks->quiz_text, 0, app_inside(a).words->start[w2], app_inside(a).words->end[w2], r2, 4) == 0)
		return false;
	float dy = app_inside(a).marks->quiz_y - app_inside(a).st->scroll;
	float x1 = app_inside(a).marks->quiz_x + r1[0].x + 2, y1 = dy + r1[0].y + r1[0].h / 2;
	float x2 = app_inside(a).marks->quiz_x + r2[0].x + r2[0].w - 2, y2 = dy + r2[0].y + r2[0].h / 2;
	if (y1 < 0 || y2 < 0 || y1 >= (float)s->h || y2 >= (float)s->h)
		return false;
	if (w1 == w2 && rng_below(&s->r, 2))
		tap(s, x1, y1);
	else
		drag(s, x1, y1, x2, y2, 100 + rng_below(&s->r, 500));
	return true;
}

/* ---- invariants ---- */

static void check_fresh(soak *s)
{
	const app_state *st = app_inside(s->a).st, *f = &s->fresh;
	char desc[512];
	app_describe(s->a, desc, sizeof desc);
	if (strcmp(desc, s->fresh_desc) != 0)
		fail(s, "after an idle reset: \"%s\", a fresh app: \"%s\"", desc, s->fresh_desc);
	if (st->screen != f->screen || st->lang != f->lang || st->page != f->page ||
	    st->text_size != f->text_size || st->scroll != f->scroll || st->overlay != f->overlay ||
	    st->quiz_ready != f->quiz_ready || st->show_answers != f->show_answers ||
	    st->quiz.n_highlights != f->quiz.n_highlights || strcmp(st->pin, f->pin) != 0 ||
	    st->pin_wrong != f->pin_wrong)
		fail(s, "after an idle reset the state differs from a fresh app's");
}

static void check(soak *s)
{
	app *a = s->a;
	const app_state *st = app_inside(a).st;
	char why[256];
	if (app_invariants_check(a, why, sizeof why) != 0)
		fail(s, "%s", why);
	if ((unsigned)st->screen < SCREEN_COUNT)
		s->seen_screen[st->screen]++;
	uint64_t since = app_inside(a).idle->last_input_ms;
	/* Reading aloud holds the timer back: it may restart after the last
	 * input, but only within the cap from the Listen press (listen.h). */
	const listen_state *ls = &app_inside(a).voice->ls;
	bool listening = ls->used && since >= ls->since && since - ls->since <= LISTEN_IDLE_CAP_MS;
	if (since < s->last_press || (since > s->last_input && !listening))
		fail(s, "the idle timer restarted at %llu, not at an input (%llu..%llu)",
		     (unsigned long long)since, (unsigned long long)s->last_press,
		     (unsigned long long)s->last_input);
	if (st->overlay == OVERLAY_IDLE_WARNING) {
		/* The timer's own limits: a staff screen's are not the config's
		 * (the invariants check those). */
		uint64_t idle = s->clock - since;
		uint64_t timeout = app_inside(a).idle->timeout_ms;
		uint64_t warning = app_inside(a).idle->warning_ms;
		if (idle < timeout)
			fail(s, "the idle warning after only %llu ms without input",
			     (unsigned long long)idle);
		if (idle >= timeout + warning)
			fail(s, "the idle warning still up %llu ms after the last input",
			     (unsigned long long)idle);
	}
}

/* ---- one random event ---- */

static void wait_event(soak *s, uint64_t ms)
{
	app *a = s->a;
	/* Will the warning run out during this wait? Only time passes, so the
	 * app must end up exactly where a fresh app starts. */
	uint64_t timeout = app_inside(a).idle->timeout_ms;
	uint64_t warning = app_inside(a).idle->warning_ms;
	uint64_t since = app_inside(a).idle->last_input_ms; /* check() has vouched for it */
	if (app_inside(a).voice->ls.mode == LISTEN_PLAYING) {
		/* Reading aloud holds the timer back until the reading ends or
		 * its cap (listen.h): when the warning comes is the app's to
		 * say, and check() holds the timer to the cap. */
		advance(s, ms);
		s->last_input = s->clock;
		return;
	}
	bool expect_reset = app_inside(a).st->screen != SCREEN_WELCOME &&
			    s->clock + ms >= since + timeout + warning;
	bool expect_warning = !expect_reset && app_inside(a).st->screen != SCREEN_WELCOME &&
			      s->clock + ms >= since + timeout;
	advance(s, ms);
	if (expect_reset) {
		/* The reset restarts the timer itself, when the warning ends. */
		s->last_press = since + timeout + warning;
		s->last_input = s->clock;
		s->resets++;
		check_fresh(s);
	} else if (expect_warning) {
		s->warnings++;
		if (app_inside(a).st->overlay != OVERLAY_IDLE_WARNING)
			fail(s, "no idle warning %llu ms after the last input",
			     (unsigned long long)(s->clock - since));
	}
}

static void rotate(soak *s)
{
	int w = s->h, h = s->w;
	app_attach_renderer(s->a, NULL, s->w, s->h);
	if (video_resize_headless(s->v, w, h) != 0 ||
	    app_attach_renderer(s->a, video_renderer(s->v), w, h) != 0) {
		fail(s, "cannot rotate to %dx%d", w, h);
		return;
	}
	app_draw_into(s->a, video_surface(s->v));
	s->w = w;
	s->h = h;
	s->rotations++;
}

static void random_event(soak *s)
{
	uint32_t roll = rng_below(&s->r, 1000);
	float x = rng_float(&s->r, 0, (float)s->w - 1), y = rng_float(&s->r, 0, (float)s->h - 1);
	if (roll < 280) {
		s->what = "tap a button";
		if (!tap_button(s, -1))
			tap(s, x, y);
	} else if (roll < 400) {
		s->what = "tap anywhere";
		tap(s, x, y);
	} else if (roll < 480) {
		s->what = "drag";
		drag(s, x, y, rng_float(&s->r, 0, (float)s->w - 1), rng_float(&s->r, 0, (float)s->h - 1),
		     50 + rng_below(&s->r, 1500));
	} else if (roll < 540) {
		s->what = "swipe";
		float dx = rng_float(&s->r, 0.15f, 0.6f) * (float)s->w * (rng_below(&s->r, 2) ? 1 : -1);
		float x0 = dx > 0 ? rng_float(&s->r, 0, (float)s->w * 0.3f)
				 : rng_float(&s->r, (float)s->w * 0.7f, (float)s->w - 1);
		drag(s, x0, y, x0 + dx, y + rng_float(&s->r, -30, 30), 80 + rng_below(&s->r, 250));
	} else if (roll < 640) {
		s->what = "highlight";
		if (!highlight(s) && !tap_button(s, ACT_OPEN))
			tap(s, x, y);
	} else if (roll < 690) {
		s->what = "language toggle";
		if (!tap_button(s, ACT_TOGGLE_LANG))
			tap_button(s, ACT_CHOOSE_LANG);
	} else if (roll < 730) {
		s->what = "text size";
		tap_button(s, ACT_TEXT_SIZE);
	} else if (roll < 770) {
		s->what = "quiz check";
		if (!tap_button(s, ACT_CHECK) && !tap_button(s, ACT_SHOW_ANSWERS))
			tap_button(s, ACT_TRY_AGAIN);
	} else if (roll < 820) {
		static const SDL_Keycode keys[] = {SDLK_RIGHT, SDLK_LEFT, SDLK_PAGEDOWN, SDLK_PAGEUP,
						   SDLK_ESCAPE, SDLK_RETURN, SDLK_SPACE, SDLK_a,
						   SDLK_TAB, SDLK_F11};
		s->what = "key";
		if (rng_below(&s->r, 400) == 0)
			key(s, SDLK_q, KMOD_LCTRL | KMOD_LALT); /* the staff exit key */
		else
			key(s, keys[rng_below(&s->r, sizeof keys / sizeof *keys)], 0);
	} else if (roll < 940) {
		s->what = "short wait";
		wait_event(s, rng_below(&s->r, 3000));
	} else if (roll < 960) {
		s->what = "wait into the idle warning";
		uint64_t timeout = (uint64_t)s->opts.config.idle_timeout * 1000;
		wait_event(s, timeout + rng_below(&s->r, s->opts.config.warning_seconds * 1000));
	} else if (roll < 985) {
		s->what = "wait through the idle reset";
		uint64_t all = (uint64_t)(s->opts.config.idle_timeout + s->opts.config.warning_seconds);
		wait_event(s, all * 1000 + rng_below(&s->r, 600000));
	} else if (roll < 995) {
		s->what = "staff corner hold";
		finger(s, SDL_FINGERDOWN, 4, 4);
		advance(s, 5100);
		bool pad = app_inside(s->a).st->overlay == OVERLAY_STAFF_PIN;
		if (pad)
			s->pin_overlays++;
		finger(s, SDL_FINGERUP, 4, 4);
		/* Half the time staff type the PIN: the staff area and the
		 * dashboard get their share of the events. */
		bool type = pad && rng_below(&s->r, 2) == 0;
		const char *d = SOAK_PIN;
		for (; type && *d; d++)
			if (!tap_key(s, ACT_PIN_DIGIT, *d - '0'))
				break;
		/* Only OK submits (a PIN's length is no signal). */
		if (type && !*d)
			tap_key(s, ACT_PIN_ENTER, 0);
	} else {
		s->what = "rotate";
		rotate(s);
	}
}

/* ---- memory ---- */

typedef struct {
	long rss_kb, peak_kb;
} mem;

static mem mem_now(void)
{
	mem m = {0, 0};
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		m.peak_kb = ru.ru_maxrss;
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &m.rss_kb) == 1)
			break;
	if (f)
		fclose(f);
	return m;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- main ---- */

static int usage(void)
{
	fprintf(stderr, "usage: soak EVENTS [SEED]   (from the repo root; EVENTS >= 1000)\n");
	return 2;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	if (!*s || *end || s[0] == '-')
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t events, seed = 20240601;
	if (argc < 2 || argc > 3 || parse_u64(argv[1], &events) != 0 || events < 1000 ||
	    (argc == 3 && parse_u64(argv[2], &seed) != 0))
		return usage();
	/* Progress lines show up in CI logs as they happen. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	soak s = {0};
	s.r.s = seed ? seed : 1;
	s.w = 1080;
	s.h = 1920;
	s.what = "start";
	s.opts.data_dir = ".";
	s.opts.kiosk = true;
	/* Listen, and its samples played on the virtual clock (replay_advance). */
	s.opts.audio = true;
	config_defaults(&s.opts.config);
	snprintf(s.opts.config.staff_pin, sizeof s.opts.config.staff_pin, "%s", SOAK_PIN);
	printf("soak: %llu events, seed %llu (rerun: soak %llu %llu)\n", (unsigned long long)events,
	       (unsigned long long)seed, (unsigned long long)events, (unsigned long long)seed);
	if (video_open_headless(s.w, s.h, &s.v) != 0 || start_app(&s) != 0)
		return 1;
	s.fresh = (*app_inside(s.a).st);
	app_describe(s.a, s.fresh_desc, sizeof s.fresh_desc);

	mem start = {0, 0};
	double t0 = seconds_now(), t_start = t0;
	size_t warm = (size_t)events / 10, sample_every = (size_t)events / 1000;
	long first_max = 0, last_max = 0; /* highest VmRSS of each window, kB */
	mem half = {0, 0};
	for (s.event = 1; s.event <= events && s.failures < MAX_FAILURES; s.event++) {
		random_event(&s);
		if (app_quit_requested(s.a)) {
			/* Ctrl+Alt+Q or the PIN: systemd would start a new
			 * process, whose clock (SDL_GetTicks) starts at 0. */
			stop_app(&s);
			s.clock_before += s.clock;
			s.clock = s.last_press = s.last_input = 0;
			if (start_app(&s) != 0)
				return 1;
			s.restarts++;
			check_fresh(&s);
		}
		if (s.event % RENDER_EVERY == 0) {
			video_begin(s.v);
			if (app_render(s.a) != 0)
				fail(&s, "app_render failed");
			video_present(s.v);
			s.renders++;
		}
		check(&s);
		if (s.event % sample_every == 0 && s.event > warm) {
			long rss = mem_now().rss_kb;
			if (s.event <= (size_t)events / 2 && rss > first_max)
				first_max = rss;
			if (s.event > (size_t)events - warm && rss > last_max)
				last_max = rss;
		}
		if (s.event == (size_t)events / 2)
			half = mem_now();
		if (s.event == warm) {
			start = mem_now();
			t_start = seconds_now();
			printf("soak: after %zu events: VmRSS %.1f MB, peak RSS %.1f MB, %.0f events/s\n",
			       s.event, (double)start.rss_kb / 1024, (double)start.peak_kb / 1024,
			       (double)warm / (t_start - t0));
		}
	}
	s.event--;
	mem end = mem_now();
	double t_end = seconds_now();
	if (s.event > warm)
		printf("soak: after %zu events: VmRSS %.1f MB, peak RSS %.1f MB, %.0f events/s\n",
		       s.event, (double)end.rss_kb / 1024, (double)end.peak_kb / 1024,
		       (double)(s.event - warm) / (t_end > t_start ? t_end - t_start : 1e-9));
	printf("soak: %.1f hours of virtual time; %zu idle warnings, %zu idle resets, %zu staff "
	       "PIN overlays, %zu restarts, %zu rotations, %zu frames drawn\n",
	       (double)(s.clock_before + s.clock) / 3.6e6, s.warnings, s.resets, s.pin_overlays, s.restarts,
	       s.rotations, s.renders);
	printf("soak: checks after each event on screen:");
	const char *names[SCREEN_COUNT];
	for (int i = 0; i < SCREEN_COUNT; i++)
		names[i] = app_inside(s.a).screens[i]->name;
	for (int i = 0; i < SCREEN_COUNT; i++)
		printf(" %s %zu", names[i], s.seen_screen[i]);
	printf("\n");

	/* A run that never reached a screen, the warning or the reset proved
	 * nothing about them. */
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (s.seen_screen[i] == 0)
			fail(&s, "the run never reached the %s screen", names[i]);
	if (s.warnings == 0 || s.resets == 0)
		fail(&s, "the run never saw an idle warning and an idle reset");
	bool complete = s.event == (size_t)events;
	/* The working set settles once every screen, size and rotation has
	 * been drawn a few times, which takes some thousands of events. */
	bool long_enough = events >= 10 * MIN_WARM_EVENTS;
	if (complete)
		printf("soak: highest VmRSS over events %zu..%zu: %.1f MB; over the last %zu: %.1f MB\n",
		       warm + 1, (size_t)events / 2, (double)first_max / 1024, warm,
		       (double)last_max / 1024);
	if (!RSS_JUDGED) {
		printf("soak: RSS growth not judged under AddressSanitizer (LeakSanitizer judges "
		       "leaks at exit)\n");
	} else if (!long_enough) {
		printf("soak: too short to judge memory growth (it needs %d events)\n",
		       10 * MIN_WARM_EVENTS);
	} else if (complete) {
		if (last_max > first_max + first_max / 10 + 2048)
			fail(&s, "VmRSS grew from at most %.1f MB to %.1f MB: a leak",
			     (double)first_max / 1024, (double)last_max / 1024);
		if (end.peak_kb > half.peak_kb + half.peak_kb / 10 + 2048)
			fail(&s, "peak RSS grew from %.1f MB halfway to %.1f MB: a leak",
			     (double)half.peak_kb / 1024, (double)end.peak_kb / 1024);
	}

	stop_app(&s);
	video_close(s.v);
	SDL_Quit();
	if (s.failures) {
		printf("soak: FAILED (%zu problem%s, first ones above)\n", s.failures,
		       s.failures == 1 ? "" : "s");
		return 1;
	}
	printf("soak: ok\n");
	return 0;
}
