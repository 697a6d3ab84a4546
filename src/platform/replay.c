#include "platform/replay.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "platform/audio.h"

#define REPLAY_FRAME_MS 16
#define REPLAY_FINGER 1
/* drag-text: 300 ms in all, the first 50 of them along the line. */
#define DRAG_TEXT_MS 300u
#define DRAG_TEXT_LAY_MS 50u

typedef struct {
	app *a;
	video *v;
	FILE *trace;
	uint64_t *clock;
	char last[512];
} replay;

static void trace_state(app *a, FILE *trace, uint64_t now, char *last, size_t size)
{
	if (!trace)
		return;
	char now_state[512];
	app_describe(a, now_state, sizeof now_state);
	if (strcmp(now_state, last) == 0)
		return;
	fprintf(trace, "t=%llu %s\n", (unsigned long long)now, now_state);
	snprintf(last, size, "%s", now_state);
}

/* The clock moves to t: the speech the app reads aloud plays for that
 * long, as a device would play it (platform/audio.h). */
static void clock_to(replay *r, uint64_t t)
{
	audio_play_virtual(app_speech(r->a), *r->clock, t);
	*r->clock = t;
}

/* Stops only where the app's state changes (app_next_change): the welcome
 * prompt's alternation, every 4 s for ever, is left to the final tick, so a
 * wait of a year costs a handful of ticks, not eight million. Returns the
 * number of ticks. */
static size_t advance(replay *r, uint64_t until)
{
	uint64_t *clock = r->clock;
	size_t ticks = 0;
	for (;;) {
		uint64_t next = app_next_change(r->a);
		if (next > until)
			break;
		/* A deadline in the past is due now; never let the clock run back. */
		if (next > *clock)
			clock_to(r, next);
		uint64_t before = app_next_change(r->a);
		app_tick(r->a, *clock);
		ticks++;
		trace_state(r->a, r->trace, *clock, r->last, sizeof r->last);
		if (app_next_change(r->a) == before && before <= *clock)
			break; /* the app asked for a tick it did not use: stop asking */
	}
	if (until > *clock)
		clock_to(r, until);
	app_tick(r->a, *clock);
	trace_state(r->a, r->trace, *clock, r->last, sizeof r->last);
	return ticks + 1;
}

size_t replay_advance(app *a, uint64_t *clock, uint64_t until, FILE *trace)
{
	replay r = {.a = a, .clock = clock, .trace = trace};
	return advance(&r, until);
}

SDL_Event replay_finger(Uint32 type, float x, float y, int w, int h, uint64_t now)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = type;
	e.tfinger.type = type;
	e.tfinger.timestamp = (Uint32)now;
	e.tfinger.touchId = 1;
	e.tfinger.fingerId = REPLAY_FINGER;
	e.tfinger.x = x / (float)w;
	e.tfinger.y = y / (float)h;
	e.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
	return e;
}

static void send(replay *r, const SDL_Event *e)
{
	app_handle_event(r->a, e, *r->clock);
	trace_state(r->a, r->trace, *r->clock, r->last, sizeof r->last);
}

static void finger(replay *r, Uint32 type, float x, float y)
{
	int w, h;
	video_size(r->v, &w, &h);
	SDL_Event e = replay_finger(type, x, y, w, h, *r->clock);
	send(r, &e);
}

/* The finger moves in a straight line from (x1, y1) to (x2, y2) over ms,
 * a move every frame. */
static void move(replay *r, double x1, double y1, double x2, double y2, uint64_t ms)
{
	uint64_t start = *r->clock;
	uint64_t steps = ms / REPLAY_FRAME_MS;
	if (steps < 2)
		steps = 2;
	for (uint64_t i = 1; i <= steps; i++) {
		double f = (double)i / (double)steps;
		advance(r, start + ms * i / steps);
		finger(r, SDL_FINGERMOTION, (float)(x1 + (x2 - x1) * f), (float)(y1 + (y2 - y1) * f));
	}
}

static void drag(replay *r, double x1, double y1, double x2, double y2, uint64_t ms)
{
	finger(r, SDL_FINGERDOWN, (float)x1, (float)y1);
	move(r, x1, y1, x2, y2, ms);
	finger(r, SDL_FINGERUP, (float)x2, (float)y2);
}

static void key(replay *r, int sym, int mod)
{
	SDL_Event e;
	memset(&e, 0, sizeof e);
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = sym;
	e.key.keysym.scancode = SDL_GetScancodeFromKey(sym);
	e.key.keysym.mod = (Uint16)mod;
	send(r, &e);
	e.type = SDL_KEYUP;
	e.key.state = SDL_RELEASED;
	send(r, &e);
}

static int shot(replay *r, const char *path)
{
	video_begin(r->v);
	if (app_render(r->a) != 0)
		return -1;
	video_present(r->v);
	return video_save_png(r->v, path);
}

bool replay_matches(const char *got, const char *want)
{
	if ((want[0] == '>' || want[0] == '<') && want[1]) {
		char *end1, *end2;
		double g = strtod(got, &end1), w = strtod(want + 1, &end2);
		if (*end1 || *end2 || end1 == got)
			return false;
		return want[0] == '>' ? g > w : g < w;
	}
	return strcmp(got, want) == 0;
}

static bool off(double v, int size)
{
	return isfinite(v) && v >= size;
}

static int run_one(replay *r, const script *s, const script_cmd *c)
{
	const char *name = script_name(s);
	int w, h;
	video_size(r->v, &w, &h);
	switch (c->op) {
	case SCRIPT_WAIT:
		advance(r, *r->clock + c->ms);
		return REPLAY_OK;
	case SCRIPT_TAP:
	case SCRIPT_DOWN:
	case SCRIPT_MOVE:
	case SCRIPT_UP:
	case SCRIPT_HOLD:
	case SCRIPT_DRAG:
		/* nan and inf are let through: they test the app's own guard. */
		if (off(c->x1, w) || off(c->y1, h) ||
		    (c->op == SCRIPT_DRAG && (off(c->x2, w) || off(c->y2, h)))) {
			fprintf(stderr, "%s:%d: coordinates are off the %dx%d screen\n", name, c->line,
				w, h);
			return REPLAY_MALFORMED;
		}
		if (c->op == SCRIPT_TAP || c->op == SCRIPT_HOLD) {
			finger(r, SDL_FINGERDOWN, (float)c->x1, (float)c->y1);
			if (c->op == SCRIPT_HOLD)
				advance(r, *r->clock + c->ms);
			finger(r, SDL_FINGERUP, (float)c->x1, (float)c->y1);
		} else if (c->op != SCRIPT_DRAG) {
			finger(r, c->op == SCRIPT_DOWN ? SDL_FINGERDOWN
				  : c->op == SCRIPT_MOVE ? SDL_FINGERMOTION : SDL_FINGERUP,
			       (float)c->x1, (float)c->y1);
		} else {
			drag(r, c->x1, c->y1, c->x2, c->y2, c->ms);
		}
		return REPLAY_OK;
	case SCRIPT_TAP_TEXT:
	case SCRIPT_DRAG_TEXT: {
		SDL_FRect first, last;
		if (app_find_text(r->a, c->text, &first, &last) != 0) {
			fprintf(stderr, "%s:%d: \"%s\" is not on screen\n", name, c->line, c->text);
			return REPLAY_FAILED;
		}
		if (c->op == SCRIPT_TAP_TEXT) {
			float x = first.x + first.w / 2, y = first.y + first.h / 2;
			finger(r, SDL_FINGERDOWN, x, y);
			finger(r, SDL_FINGERUP, x, y);
		} else {
			/* Just inside the first and last characters, so the
			 * stroke snaps to exactly the words of TEXT; first along
			 * the line by a line's height, as a highlighter pen is
			 * laid (the quiz scrolls for a stroke that sets off
			 * downwards, docs/quiz.md). */
			float inset = first.h * 0.1f;
			float x1 = first.x + inset, y1 = first.y + first.h / 2;
			float x2 = last.x + last.w - inset, y2 = last.y + last.h / 2;
			finger(r, SDL_FINGERDOWN, x1, y1);
			move(r, x1, y1, x1 + first.h, y1, DRAG_TEXT_LAY_MS);
			move(r, x1 + first.h, y1, x2, y2, DRAG_TEXT_MS - DRAG_TEXT_LAY_MS);
			finger(r, SDL_FINGERUP, x2, y2);
		}
		return REPLAY_OK;
	}
	case SCRIPT_KEY:
		key(r, c->key, c->mod);
		return REPLAY_OK;
	case SCRIPT_SHOT:
		return shot(r, c->text) == 0 ? REPLAY_OK : REPLAY_FAILED;
	case SCRIPT_EXPECT: {
		char got[256];
		if (app_field(r->a, c->text, got, sizeof got) != 0) {
			fprintf(stderr, "%s:%d: unknown field \"%s\" (screen, lang, page, overlay, "
					"highlights, found, score, text_size, scroll, session, "
					"page_offset, content_generation, speaking, spoken_word)\n",
				name, c->line, c->text);
			return REPLAY_MALFORMED;
		}
		if (!replay_matches(got, c->value)) {
			fprintf(stderr, "%s:%d: expected %s=%s, got %s=%s\n", name, c->line, c->text,
				c->value, c->text, got);
			return REPLAY_FAILED;
		}
		return REPLAY_OK;
	}
	case SCRIPT_CONTENT_CHANGED:
		app_content_changed(r->a, *r->clock);
		return REPLAY_OK;
	case SCRIPT_RESIZE:
		/* The app must let go of the old renderer's atlas first. */
		app_attach_renderer(r->a, NULL, w, h);
		if (video_resize_headless(r->v, (int)c->x1, (int)c->y1) != 0 ||
		    app_attach_renderer(r->a, video_renderer(r->v), (int)c->x1, (int)c->y1) != 0) {
			fprintf(stderr, "%s:%d: cannot resize to %dx%d\n", name, c->line, (int)c->x1,
				(int)c->y1);
			return REPLAY_MALFORMED;
		}
		app_draw_into(r->a, video_surface(r->v));
		trace_state(r->a, r->trace, *r->clock, r->last, sizeof r->last);
		return REPLAY_OK;
	}
	return REPLAY_MALFORMED;
}

int replay_run(app *a, video *v, const script *s, FILE *trace, uint64_t *clock)
{
	replay r = {.a = a, .v = v, .trace = trace, .clock = clock};
	app_tick(a, *clock);
	trace_state(a, trace, *clock, r.last, sizeof r.last);
	for (size_t i = 0; i < script_count(s); i++) {
		int rc = run_one(&r, s, script_get(s, i));
		if (rc != REPLAY_OK)
			return rc;
	}
	return REPLAY_OK;
}
