/* Reading aloud (docs/speech.md), in the figure format of bench.h:
 *
 *   speech_init_ms          speech_new: the data and voices are checked
 *                           (espeak-ng itself loads at the first synthesis)
 *   speech_engine_first_audio_ms
 *                           speech_start to the first sample in the buffer,
 *                           espeak-ng loaded
 *   speech_synth_rtf        synthesis time / audio time of the whole page
 *   speech_first_audio_ms   the kiosk's: a touch on Gwrando (the lift, as
 *                           app_pointer gets it) to the first sample queued,
 *                           in a fresh app: the first touch loads espeak-ng
 *   speech_first_audio_warm_ms
 *                           the same for a touch after Stop
 *
 * on the first leaflet page, in Welsh, with the shipped pronunciation list.
 * Medians of REPEATS runs after WARMUP (the fresh-app figure: one sample,
 * taken first, before anything else has loaded espeak-ng).
 * Run from the repository root. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "app/app.h"
#include "app/config.h"
#include "app/gesture.h"
#include "bench.h"
#include "content/content.h"
#include "speech/saylist.h"
#include "speech/speech.h"
#include "speech/utterance.h"

#define REPEATS 21
#define WARMUP 3
#define FIRST_AUDIO_TARGET_MS 150
#define APP_W 1080
#define APP_H 1920

/* Waits for the first sample of the reading the app just started, as an
 * audio callback polling it would see it; returns the ms since t0. */
static double first_sample_ms(app *a, double t0)
{
	while (speech_buffered(app_speech(a)) == 0)
		usleep(100);
	return (bench_now_us() - t0) / 1000.0;
}

/* A tap at the middle of the label text, down and up at the app's clock. */
static double tap_and_wait(app *a, const char *label, uint64_t *now)
{
	SDL_FRect f, l;
	if (app_find_text(a, label, &f, &l) != 0)
		return -1;
	float x = f.x + f.w / 2, y = f.y + f.h / 2;
	app_pointer(a, &(gesture_sample){GESTURE_MOUSE_ID, GESTURE_DOWN, x, y, ++*now});
	double t0 = bench_now_us();
	app_pointer(a, &(gesture_sample){GESTURE_MOUSE_ID, GESTURE_UP, x, y, ++*now});
	return first_sample_ms(a, t0);
}

/* The kiosk's figures: a fresh app on page 1 in Welsh; the first touch on
 * Gwrando, then warm ones, each after Stopio. */
static int app_figures(const bench_plan *plan)
{
	app_options o = {.data_dir = ".", .kiosk = true, .audio = true};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	app *a = NULL;
	if (!d || app_new(&o, d, &a) != 0 || !app_speech(a) || app_open(a, "leaflet:1", LANG_CY) != 0) {
		fprintf(stderr, "bench: the app does not start with speech\n");
		diag_list_free(d);
		app_free(a);
		return -1;
	}
	diag_list_free(d);
	uint64_t now = 0;
	double cold = tap_and_wait(a, "Gwrando", &now);
	double *warm = calloc((size_t)plan->repeats, sizeof *warm);
	int rc = cold < 0 || !warm ? -1 : 0;
	for (int i = -plan->warmup; rc == 0 && i < plan->repeats; i++) {
		SDL_FRect f, l;
		if (app_find_text(a, "Stopio", &f, &l) != 0) {
			rc = -1;
			break;
		}
		app_pointer(a, &(gesture_sample){GESTURE_MOUSE_ID, GESTURE_DOWN, f.x + 1, f.y + 1, ++now});
		app_pointer(a, &(gesture_sample){GESTURE_MOUSE_ID, GESTURE_UP, f.x + 1, f.y + 1, ++now});
		double ms = tap_and_wait(a, "Gwrando", &now);
		if (ms < 0)
			rc = -1;
		else if (i >= 0)
			warm[i] = ms;
	}
	if (rc == 0) {
		bench_print("speech_first_audio_ms", cold, "ms", BENCH_AT_MOST, FIRST_AUDIO_TARGET_MS);
		bench_print("speech_first_audio_warm_ms", bench_median(warm, (size_t)plan->repeats), "ms",
			    BENCH_AT_MOST, FIRST_AUDIO_TARGET_MS);
	} else {
		fprintf(stderr, "bench: Gwrando or Stopio is not on the page\n");
	}
	free(warm);
	app_free(a);
	return rc;
}

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(REPEATS, WARMUP);
	for (int i = 1; i < argc; i++) {
		if (!bench_parse_arg(argv[i], &plan)) {
			fprintf(stderr, "usage: %s [--smoke]\n", argv[0]);
			return 2;
		}
	}
	/* First, while espeak-ng has never been loaded in this process: the
	 * kiosk's first touch pays for that. */
	if (app_figures(&plan) != 0)
		return 1;
	diag_list *d = diag_list_new();
	content *c = NULL;
	saylist *say = NULL;
	utterance *u = NULL;
	speech *s = NULL;
	int rc = 1;
	if (!d || content_load("assets/content", d, &c) != 0 ||
	    saylist_load("assets/content/cy/say.txt", d, &say) != 0) {
		fprintf(stderr, "bench: the shipped content does not load (run from the repo root)\n");
		goto out;
	}
	const content_section *page = &content_get_file(c, LANG_CY, "leaflet")->sections[1];
	if (utterance_build(page->blocks, page->n_blocks, "cy", say, &u) != 0)
		goto out;
	double t0 = bench_now_us();
	if (speech_new(NULL, &s) != SPEECH_OK || !speech_voice_available(s, "cy")) {
		fprintf(stderr, "bench: no espeak-ng voice for Welsh\n");
		goto out;
	}
	double init_ms = (bench_now_us() - t0) / 1000.0;
	double *first = calloc((size_t)plan.repeats, sizeof *first);
	double *rtf = calloc((size_t)plan.repeats, sizeof *rtf);
	if (!first || !rtf) {
		free(first);
		free(rtf);
		goto out;
	}
	for (int i = -plan.warmup; i < plan.repeats; i++) {
		double start = bench_now_us();
		if (speech_start(s, "cy", u) != SPEECH_OK)
			break;
		/* Polled as an audio callback would find it. */
		while (speech_buffered(s) == 0)
			usleep(100);
		double got = bench_now_us();
		/* The whole page: how much faster than it is spoken. */
		int16_t buf[4096];
		uint32_t audio_ms = 0;
		while (speech_status(s, &audio_ms) != SPEECH_FINISHED)
			if (speech_read(s, buf, sizeof buf / sizeof *buf) == 0)
				usleep(100);
		double end = bench_now_us();
		speech_stop(s);
		if (i >= 0) {
			first[i] = (got - start) / 1000.0;
			rtf[i] = audio_ms ? (end - start) / 1000.0 / audio_ms : 0;
		}
	}
	bench_print("speech_init_ms", init_ms, "ms", BENCH_NO_TARGET, 0);
	bench_print("speech_engine_first_audio_ms", bench_median(first, (size_t)plan.repeats), "ms",
		    BENCH_AT_MOST, FIRST_AUDIO_TARGET_MS);
	bench_print("speech_synth_rtf", bench_median(rtf, (size_t)plan.repeats), "ratio",
		    BENCH_NO_TARGET, 0);
	free(first);
	free(rtf);
	rc = 0;
out:
	speech_free(s);
	utterance_free(u);
	saylist_free(say);
	content_free(c);
	diag_list_free(d);
	return rc;
}
