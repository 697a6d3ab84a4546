/* What every bench program shares: a monotonic clock, medians, and the
 * output format of `make bench` (docs/performance.md):
 *
 *   NAME VALUE UNIT [target OP LIMIT ok|MISSED]
 *
 * one line per figure, so that a script can read the first three fields and
 * a person can see at once which targets hold. Header-only (static inline),
 * because the Makefile builds each bench/NAME.c into its own program.
 *
 * Ownership: samples arrays belong to the caller; nothing here allocates
 * except bench_samples_new, whose array the caller frees. */
#ifndef TAFLEN_BENCH_H
#define TAFLEN_BENCH_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <valgrind/callgrind.h>

/* How many repeats a figure gets, and how many unrecorded runs come first. */
typedef struct {
	int repeats;
	int warmup;
	bool smoke;
} bench_plan;

/* The plan for a run: repeats and warmup as given, or with "--smoke" one
 * repeat and no warm-up. */
static inline bench_plan bench_default_plan(int repeats, int warmup)
{
	return (bench_plan){repeats, warmup, false};
}

/* Takes "--smoke" (true) or leaves the argument to the caller (false). */
static inline bool bench_parse_arg(const char *arg, bench_plan *plan)
{
	if (strcmp(arg, "--smoke") != 0)
		return false;
	*plan = (bench_plan){1, 0, true};
	return true;
}

static inline double bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of v[0..n) (sorts v). n must be at least 1. */
static inline double bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

typedef enum { BENCH_NO_TARGET, BENCH_AT_MOST, BENCH_AT_LEAST } bench_target;

/* Prints one figure line; a missed target is printed, never an error. */
static inline void bench_print(const char *name, double value, const char *unit,
			       bench_target kind, double limit)
{
	/* Whole numbers for big figures, enough digits for small ones. */
	int prec = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
	printf("%s %.*f %s", name, prec, value, unit);
	if (kind != BENCH_NO_TARGET) {
		bool ok = kind == BENCH_AT_MOST ? value <= limit : value >= limit;
		printf(" target %s %g %s", kind == BENCH_AT_MOST ? "<=" : ">=", limit,
		       ok ? "ok" : "MISSED");
	}
	putchar('\n');
	fflush(stdout);
}

/* `make bench-instr` (bench/instr.sh) runs a bench program with --instr
 * under callgrind, collecting nothing until told (--collect-atstart=no). A
 * measured region is bracketed by bench_instr_begin and bench_instr_end,
 * which writes its instruction count to a dump named `name`; instr.sh reads
 * the dumps. Outside valgrind both are a few no-op instructions. */
static inline void bench_instr_begin(void)
{
	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
}

static inline void bench_instr_end(const char *name)
{
	CALLGRIND_TOGGLE_COLLECT;
	CALLGRIND_DUMP_STATS_AT(name);
}

#endif
