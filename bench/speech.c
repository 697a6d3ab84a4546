/* Reading aloud (docs/speech.md), in the figure format of bench.h:
 *
 *   speech_init_ms          speech_new: espeak-ng loads its data (once, at start-up)
 *   speech_first_audio_ms   speech_start to the first sample in the buffer
 *   speech_synth_rtf        synthesis time / audio time of the whole page
 *
 * on the first leaflet page, in Welsh, with the shipped pronunciation list;
 * the speech object exists before the clock starts, as it will in the
 * kiosk. Medians of REPEATS runs after WARMUP. Run from the repository root. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"
#include "content/content.h"
#include "speech/saylist.h"
#include "speech/speech.h"
#include "speech/utterance.h"

#define REPEATS 21
#define WARMUP 3
#define FIRST_AUDIO_TARGET_MS 150

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(REPEATS, WARMUP);
	for (int i = 1; i < argc; i++) {
		if (!bench_parse_arg(argv[i], &plan)) {
			fprintf(stderr, "usage: %s [--smoke]\n", argv[0]);
			return 2;
		}
	}
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
	if (utterance_build(page->blocks, page->n_blocks, LANG_CY, say, &u) != 0)
		goto out;
	double t0 = bench_now_us();
	if (speech_new(NULL, &s) != SPEECH_OK || !speech_voice_available(s, LANG_CY)) {
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
		if (speech_start(s, LANG_CY, u) != SPEECH_OK)
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
	bench_print("speech_first_audio_ms", bench_median(first, (size_t)plan.repeats), "ms",
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
