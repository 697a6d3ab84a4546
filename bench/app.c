/* The app figures of `make bench`: the steady-state frame time of every
 * screen at 1920x1080 on SDL's software renderer, and the glyph atlas after
 * every screen has been drawn in both languages. Runs from the repo root.
 *
 * A frame is what the main loop does for a redraw with nothing changed:
 * app_render, then SDL_RenderFlush, which makes the software renderer
 * execute the queued drawing into its surface (no present, no readback).
 * Each screen is opened and drawn once before it is timed, so its layouts
 * are cached and its glyphs rasterised: what is left is the redraw.
 *
 * frame_ms_SCREEN is the slowest (language, page) of that screen, each the
 * median of its frames: a target must hold on every page. */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/config.h"
#include "base/diag.h"
#include "bench.h"
#include "platform/video.h"

#define WIDTH 1920
#define HEIGHT 1080
#define FRAMES 41
#define WARMUP 3
#define PAGES_MAX 64

static const char *const screens[] = {"welcome", "menu", "leaflet", "learn", "quiz", "quiz-result"};
enum { N_SCREENS = sizeof screens / sizeof *screens };

/* Draws one frame; returns its time in ms, or a negative number on error. */
static double frame(app *a, SDL_Renderer *r)
{
	double t0 = bench_now_us();
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

/* Every screen in both languages, every leaflet page; fills worst[] with
 * the slowest median per screen. */
static int visit_all(app *a, SDL_Renderer *r, const bench_plan *plan, double worst[N_SCREENS])
{
	double *samples = calloc((size_t)plan->repeats, sizeof *samples);
	if (!samples)
		return -1;
	int rc = 0;
	for (int s = 0; s < N_SCREENS && rc == 0; s++) {
		worst[s] = 0;
		for (int l = 0; l < LANG_COUNT && rc == 0; l++) {
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
				/* First draw: layouts and glyphs, not timed. */
				double ms;
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

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(FRAMES, WARMUP);
	for (int i = 1; i < argc; i++) {
		if (!bench_parse_arg(argv[i], &plan)) {
			fprintf(stderr, "usage: %s [--smoke]\n", argv[0]);
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
	video *v = NULL;
	int rc = 1;
	if (!d || app_new(&o, d, &a) < 0) {
		fprintf(stderr, "bench: the app does not start (run from the repo root)\n");
		if (d)
			diag_print(d, stderr);
		goto out;
	}
	if (video_open_headless(WIDTH, HEIGHT, &v) < 0 ||
	    app_attach_renderer(a, video_renderer(v), WIDTH, HEIGHT) < 0) {
		fprintf(stderr, "bench: no headless renderer\n");
		goto out;
	}
	/* As taflen --headless does: text straight into the surface. */
	app_draw_into(a, video_surface(v));
	double worst[N_SCREENS];
	if (visit_all(a, video_renderer(v), &plan, worst) < 0)
		goto out;
	for (int s = 0; s < N_SCREENS; s++) {
		char name[64];
		snprintf(name, sizeof name, "frame_ms_%s", screens[s]);
		for (char *c = name; *c; c++)
			if (*c == '-')
				*c = '_';
		bench_print(name, worst[s], "ms", BENCH_AT_MOST, 4);
	}
	size_t glyphs, bytes;
	app_atlas_stats(a, &glyphs, &bytes);
	bench_print("atlas_glyphs", (double)glyphs, "count", BENCH_NO_TARGET, 0);
	bench_print("atlas_bytes", (double)bytes, "B", BENCH_NO_TARGET, 0);
	rc = 0;
out:
	if (a)
		app_attach_renderer(a, NULL, WIDTH, HEIGHT);
	video_close(v);
	app_free(a);
	diag_list_free(d);
	SDL_Quit();
	return rc;
}
