/* The app figures of `make bench`: the steady-state frame time of every
 * screen on SDL's software renderer in portrait 1080x1920 (the kiosk's own
 * shape), landscape 1920x1080 and 3840x2160, and the glyph atlas after every
 * screen has been drawn in both languages at 1080x1920. Runs from the repo
 * root.
 *
 * A frame is a whole frame, as after a change of screen: app_redraw_all and
 * app_render (the background, every box and every glyph), then
 * SDL_RenderFlush, which makes the software renderer execute what it still
 * queues into its surface (no present, no readback). A frame with nothing
 * changed would draw nothing. Each screen is opened and drawn once
 * before it is timed, so its layouts are cached and its glyphs rasterised:
 * what is left is the redraw. Where the machine has two cores, a whole
 * frame is drawn on two threads at once, as the kiosk draws it
 * (view_frame_set_two_threads); frame_ms_one_thread_slowest_1080x1920 is
 * the slowest screen drawn on one.
 *
 * frame_ms_SCREEN_WxH is the slowest (language, page) of that screen, each
 * the median of its frames: a target must hold on every page.
 *
 * frame_ms_quiz_drag_1080x1920: the frames of a highlight being dragged
 * (finger events along the quiz's first line and back, 16 ms apart, each
 * frame drawn only where it changed, as the window does): the mean of 41
 * after 3 warm-ups, as most moves stay within a word and redraw nothing
 * (a median would show only those); frame_ms_quiz_drag_max_1080x1920 the
 * slowest of them.
 *
 * --instr (for `make bench-instr` under callgrind, bench/instr.sh): one
 * frame, on one thread and blending four pixels at a time (never eight, as
 * with AVX2: the counts must not depend on the CPU), of every (screen,
 * language, page) at 1080x1920 and 1920x1080, each counted into its own
 * dump (count_screen); instr.sh keeps the largest per screen and size. And
 * one frame of the drag at 1080x1920, the highlight grown from the first
 * word to the end of the words: frame_instr_quiz_drag_1080x1920. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/config.h"
#include "base/diag.h"
#include "bench.h"
#include "platform/replay.h"
#include "platform/video.h"

#define FRAMES 41
#define WARMUP 3
#define PAGES_MAX 64
/* The drag: the words dragged over (the quiz's first line in English), the
 * time between moves, and how long the quiz's demonstration plays first. */
#define DRAG_TEXT "ensure improvement, child practice"
#define DRAG_STEPS 8
#define DRAG_MOVE_MS 16
#define DRAG_SETTLE_MS 3000

static const char *const screens[] = {"welcome", "menu", "leaflet", "learn", "quiz", "quiz-result"};
enum { N_SCREENS = sizeof screens / sizeof *screens };

/* The targets for a steady full frame: 0.5 ms at the kiosk's
 * 1080x1920 (and so at 1920x1080, as many pixels), 2 ms at 4K. */
static const struct {
	int w, h;
	double target_ms;
	bool instr; /* counted by --instr too */
} sizes[] = {{1080, 1920, 0.5, true}, {1920, 1080, 0.5, true}, {3840, 2160, 2, false}};
enum { N_SIZES = sizeof sizes / sizeof *sizes };

/* Draws one whole frame (as if the target had lost its pixels, not only
 * what changed); returns its time in ms, or a negative number on error. */
static double frame(app *a, SDL_Renderer *r)
{
	double t0 = bench_now_us();
	app_redraw_all(a);
	if (app_render(a) < 0 || SDL_RenderFlush(r) < 0)
		return -1;
	return (bench_now_us() - t0) / 1e3;
}

/* The median frame of screen `name` (already opened), after warm-up. */
static int time_screen(app *a, SDL_Renderer *r, const bench_plan *plan, double *samples,
		       double *out)
{
	for (int i = -plan->warmup; i < plan->repeats; i++) {
		double ms = frame(a, r);
		if (ms < 0)
			return -1;
		if (i >= 0)
			samples[i] = ms;
	}
	*out = bench_median(samples, (size_t)plan->repeats);
	return 0;
}

/* One frame counted by callgrind into the dump
 * "frame_instr_SCREEN_SIZE@LANG:NAME" (SIZE is "WxH"). The
 * first draw (layouts, glyphs) runs uninstrumented. */
static int count_screen(app *a, SDL_Renderer *r, const char *size, int s, const char *name,
			lang_id l)
{
	char dump[256];
	snprintf(dump, sizeof dump, "frame_instr_%s_%s@%s:%s", screens[s], size, lang_code(l), name);
	CALLGRIND_STOP_INSTRUMENTATION;
	double ms = frame(a, r);
	CALLGRIND_START_INSTRUMENTATION;
	bench_instr_begin();
	if (ms >= 0)
		ms = frame(a, r);
	bench_instr_end(dump);
	return ms < 0 ? -1 : 0;
}

/* A frame drawn only where it changed; its time in ms, or negative on error. */
static double partial_frame(app *a, SDL_Renderer *r)
{
	double t0 = bench_now_us();
	if (app_render(a) < 0 || SDL_RenderFlush(r) < 0)
		return -1;
	return (bench_now_us() - t0) / 1e3;
}

/* Move i of the drag: along the line and back, DRAG_STEPS moves each way. */
static float drag_x(float x0, float x1, int i)
{
	int k = i % (2 * DRAG_STEPS);
	return x0 + (x1 - x0) * (float)(k <= DRAG_STEPS ? k : 2 * DRAG_STEPS - k) / DRAG_STEPS;
}

/* frame_ms_quiz_drag_WxH, or with instr its one counted frame (see the top
 * of the file). */
static int drag(app *a, SDL_Renderer *r, int w, int h, const bench_plan *plan, bool instr)
{
	uint64_t now = 0;
	SDL_FRect first, last;
	if (app_open(a, "quiz", LANG_EN) < 0 || partial_frame(a, r) < 0)
		return -1;
	replay_advance(a, &now, now + DRAG_SETTLE_MS, NULL);
	if (partial_frame(a, r) < 0 || app_find_text(a, DRAG_TEXT, &first, &last) < 0) {
		fprintf(stderr, "bench: \"%s\" is not on the quiz\n", DRAG_TEXT);
		return -1;
	}
	float x0 = first.x + 2, x1 = last.x + last.w - 2, y = first.y + first.h / 2;
	SDL_Event e = replay_finger(SDL_FINGERDOWN, x0, y, w, h, now);
	app_handle_event(a, &e, now);
	if (partial_frame(a, r) < 0)
		return -1;
	double *samples = calloc((size_t)plan->repeats, sizeof *samples);
	if (!samples)
		return -1;
	int rc = 0;
	for (int i = -plan->warmup; i < plan->repeats && rc == 0; i++) {
		now += DRAG_MOVE_MS;
		if (instr) {
			/* From the first word to the line's end. */
			e = replay_finger(SDL_FINGERMOTION, x1, y, w, h, now);
			app_handle_event(a, &e, now);
			char dump[128];
			snprintf(dump, sizeof dump, "frame_instr_quiz_drag_%dx%d@en:quiz", w, h);
			CALLGRIND_START_INSTRUMENTATION;
			bench_instr_begin();
			double ms = partial_frame(a, r);
			bench_instr_end(dump);
			CALLGRIND_STOP_INSTRUMENTATION;
			rc = ms < 0 ? -1 : 0;
			break;
		}
		int move = i + plan->warmup + 1;
		e = replay_finger(SDL_FINGERMOTION, drag_x(x0, x1, move), y, w, h, now);
		app_handle_event(a, &e, now);
		double ms = partial_frame(a, r);
		if (ms < 0)
			rc = -1;
		else if (i >= 0)
			samples[i] = ms;
	}
	e = replay_finger(SDL_FINGERUP, x0, y, w, h, now);
	app_handle_event(a, &e, now);
	if (rc == 0 && !instr) {
		char name[64];
		snprintf(name, sizeof name, "frame_ms_quiz_drag_%dx%d", w, h);
		double sum = 0, max = 0;
		for (int i = 0; i < plan->repeats; i++) {
			sum += samples[i];
			max = samples[i] > max ? samples[i] : max;
		}
		bench_print(name, sum / plan->repeats, "ms", BENCH_NO_TARGET, 0);
		snprintf(name, sizeof name, "frame_ms_quiz_drag_max_%dx%d", w, h);
		bench_print(name, max, "ms", BENCH_NO_TARGET, 0);
	}
	free(samples);
	return rc;
}

/* Every screen in both languages, every leaflet page; fills worst[] with
 * the slowest median per screen, or with instr_size ("WxH") counts them
 * (count_screen) instead of timing them. */
static int visit_all(app *a, SDL_Renderer *r, const bench_plan *plan, const char *instr_size,
		     double worst[N_SCREENS])
{
	double *samples = calloc((size_t)plan->repeats, sizeof *samples);
	if (!samples)
		return -1;
	int rc = 0;
	for (int s = 0; s < N_SCREENS && rc == 0; s++) {
		worst[s] = 0;
		for (int l = 0; l <= LANG_EN && rc == 0; l++) {
			bool paged = strcmp(screens[s], "leaflet") == 0;
			for (int page = 1; page <= (paged ? PAGES_MAX : 1) && rc == 0; page++) {
				char name[64];
				if (paged)
					snprintf(name, sizeof name, "%s:%d", screens[s], page);
				else
					snprintf(name, sizeof name, "%s", screens[s]);
				if (app_open(a, name, (lang_id)l) < 0) {
					if (paged && page > 1)
						break; /* past the last page */
					fprintf(stderr, "bench: cannot open screen %s\n", name);
					rc = -1;
					break;
				}
				if (instr_size) {
					if (count_screen(a, r, instr_size, s, name, (lang_id)l) < 0) {
						fprintf(stderr, "bench: drawing %s failed: %s\n", name,
							SDL_GetError());
						rc = -1;
						break;
					}
					continue;
				}
				/* First draw: layouts and glyphs, not timed. */
				double ms = 0;
				if (frame(a, r) < 0 || time_screen(a, r, plan, samples, &ms) < 0) {
					fprintf(stderr, "bench: drawing %s failed: %s\n", name, SDL_GetError());
					rc = -1;
					break;
				}
				if (ms > worst[s])
					worst[s] = ms;
			}
		}
	}
	free(samples);
	return rc;
}

/* The figures at one size: a headless video of its own, attached, visited,
 * detached. */
static int one_size(app *a, int z, const bench_plan *plan, bool instr)
{
	int w = sizes[z].w, h = sizes[z].h;
	video *v = NULL;
	if (video_open_headless(w, h, &v) < 0 || app_attach_renderer(a, video_renderer(v), w, h) < 0) {
		fprintf(stderr, "bench: no headless renderer at %dx%d\n", w, h);
		video_close(v);
		return -1;
	}
	/* As taflen --headless does: text straight into the surface. */
	app_draw_into(a, video_surface(v));
	char size[32];
	snprintf(size, sizeof size, "%dx%d", w, h);
	double worst[N_SCREENS];
	int rc = visit_all(a, video_renderer(v), plan, instr ? size : NULL, worst);
	for (int s = 0; s < N_SCREENS && rc == 0 && !instr; s++) {
		char name[64];
		snprintf(name, sizeof name, "frame_ms_%s_%dx%d", screens[s], w, h);
		for (char *c = name; *c; c++)
			if (*c == '-')
				*c = '_';
		bench_print(name, worst[s], "ms", BENCH_AT_MOST, sizes[z].target_ms);
	}
	if (rc == 0 && !instr && z == 0) {
		/* The same screens on one thread: what the second thread buys. */
		app_set_two_threads(a, false);
		double one[N_SCREENS], slowest = 0;
		rc = visit_all(a, video_renderer(v), plan, NULL, one);
		app_set_two_threads(a, true);
		for (int s = 0; s < N_SCREENS && rc == 0; s++)
			slowest = one[s] > slowest ? one[s] : slowest;
		char name[64];
		snprintf(name, sizeof name, "frame_ms_one_thread_slowest_%dx%d", w, h);
		if (rc == 0)
			bench_print(name, slowest, "ms", BENCH_NO_TARGET, 0);
	}
	if (rc == 0 && z == 0)
		rc = drag(a, video_renderer(v), w, h, plan, instr);
	if (rc == 0 && !instr && z == 0) {
		/* The atlas goes with the renderer: read it before detaching. */
		size_t glyphs, bytes;
		app_atlas_stats(a, &glyphs, &bytes);
		bench_print("atlas_glyphs", (double)glyphs, "count", BENCH_NO_TARGET, 0);
		bench_print("atlas_bytes", (double)bytes, "B", BENCH_NO_TARGET, 0);
	}
	app_attach_renderer(a, NULL, w, h);
	video_close(v);
	return rc;
}

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(FRAMES, WARMUP);
	bool instr = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--instr") == 0) {
			instr = true;
		} else if (!bench_parse_arg(argv[i], &plan)) {
			fprintf(stderr, "usage: %s [--smoke | --instr]\n", argv[0]);
			return 2;
		}
	}
	if (SDL_Init(0) < 0) {
		fprintf(stderr, "bench: SDL_Init: %s\n", SDL_GetError());
		return 1;
	}
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	app *a = NULL;
	int rc = 1;
	if (!d || app_new(&o, d, &a) < 0) {
		fprintf(stderr, "bench: the app does not start (run from the repo root)\n");
		if (d)
			diag_print(d, stderr);
		goto out;
	}
	if (!instr)
		puts("# frames: a whole frame (background, every box and glyph; the drag: only what "
		     "changed), SDL's software renderer into memory, no present; the slowest language "
		     "and page of each screen; size in the name; a whole frame drawn on two threads "
		     "where the machine has two cores, frame_ms_one_thread_slowest on one");
	else {
		app_set_two_threads(a, false); /* callgrind counts the asking thread only */
		app_set_wide_blend(a, false);  /* the same counts with AVX2 or without */
	}
	for (int z = 0; z < N_SIZES; z++)
		if ((!instr || sizes[z].instr) && one_size(a, z, &plan, instr) < 0)
			goto out;
	rc = 0;
out:
	app_free(a);
	diag_list_free(d);
	SDL_Quit();
	return rc;
}
