/* The usage figures' cost to the UI thread (docs/stats.md): stats_write_us
 * is the median time of one stats_record_session call, the whole of what
 * the app does when a visit ends; the disk is the writer thread's business.
 *
 * Conditions: a realistic session (two leaflets, two quiz checks), the
 * writer thread running and committing (synchronous=FULL) on a file in
 * /tmp at the same time, the queue never full (the bench waits for the
 * writer, untimed, every QUEUE_SLICE sessions). stats_commit_ms is, for the
 * record, the writer's time for one session: record, then stats_sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "stats/stats.h"

#define SESSIONS 2001
#define QUEUE_SLICE 32
#define COMMITS 41

static stats_session sample(int i)
{
	stats_session s = {.start = 1764496800 + i * 60, .duration_s = 95, .start_lang = LANG_CY,
			   .end = STATS_END_VISITOR, .larger_text = true, .n_leaflets = 2,
			   .n_checks = 2};
	s.used[LANG_CY] = s.used[LANG_EN] = true;
	snprintf(s.leaflets[0].slug, STATS_SLUG_MAX, "child-practice-reviews");
	s.leaflets[0].furthest_page = 5;
	snprintf(s.leaflets[1].slug, STATS_SLUG_MAX, "learning");
	s.leaflets[1].furthest_page = 3;
	s.checks[0] = (stats_check){3, 0, 2};
	s.checks[1] = (stats_check){6, 0, 0};
	return s;
}

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(SESSIONS, QUEUE_SLICE);
	int commits = COMMITS;
	for (int i = 1; i < argc; i++) {
		if (!bench_parse_arg(argv[i], &plan)) {
			fprintf(stderr, "usage: %s [--smoke]\n", argv[0]);
			return 2;
		}
	}
	if (plan.smoke)
		commits = 1;
	char dir[] = "/tmp/taflen-bench-stats-XXXXXX", path[64];
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/stats.db", dir);
	stats_options o = {.path = path, .kiosk_id = "bench", .keep_days = 400};
	stats *s;
	if (stats_open(&o, &s) != STATS_OK)
		return 1;
	double *us = calloc((size_t)plan.repeats, sizeof *us);
	double *ms = calloc((size_t)commits, sizeof *ms);
	int rc = us && ms ? 0 : 1;
	for (int i = -plan.warmup; rc == 0 && i < plan.repeats; i++) {
		if ((i + plan.warmup) % QUEUE_SLICE == 0)
			stats_sync(s);
		stats_session x = sample(i);
		double t0 = bench_now_us();
		rc = stats_record_session(s, &x) == STATS_OK ? 0 : 1;
		double t = bench_now_us() - t0;
		if (i >= 0)
			us[i] = t;
	}
	for (int i = 0; rc == 0 && i < commits; i++) {
		stats_sync(s);
		stats_session x = sample(i);
		double t0 = bench_now_us();
		stats_record_session(s, &x);
		stats_sync(s);
		ms[i] = (bench_now_us() - t0) / 1e3;
	}
	uint64_t want = (uint64_t)(plan.warmup + plan.repeats + commits);
	stats_sync(s);
	if (rc == 0 && stats_committed(s) != want) {
		fprintf(stderr, "bench/stats: %llu of %llu sessions committed\n",
			(unsigned long long)stats_committed(s), (unsigned long long)want);
		rc = 1;
	}
	stats_close(s);
	if (rc == 0) {
		bench_print("stats_write_us", bench_median(us, (size_t)plan.repeats), "us",
			    BENCH_AT_MOST, 50);
		bench_print("stats_commit_ms", bench_median(ms, (size_t)commits), "ms",
			    BENCH_NO_TARGET, 0);
	}
	free(us);
	free(ms);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
