/* Line fitting alone: the dynamic programme finds the true optimum (checked
 * against every possible set of breaks on small random paragraphs), greedy
 * is first fit, mandatory breaks are kept, and the windowed solver gives
 * the plain quadratic programme's lines at any length (20,000 words
 * included), never first fit's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "text/linefit.h"

/* Words of random widths with spaces between, an occasional newline and
 * an occasional emergency break; the last break is the end. */
static size_t random_paragraph(linefit_break *b, size_t n)
{
	int64_t x = 0;
	b[0] = (linefit_break){0, 0, LINEFIT_HARD};
	for (size_t i = 1; i < n; i++) {
		x += (rand() % 90 + 10) * 64 + rand() % 64;
		int64_t vis = x;
		x += 6 * 64; /* the space hangs */
		int r = rand() % 20;
		linefit_kind k = r == 0 ? LINEFIT_HARD : r == 1 ? LINEFIT_EMERGENCY : LINEFIT_SOFT;
		if (k == LINEFIT_EMERGENCY)
			x = vis; /* no space inside a word */
		if (i == n - 1)
			k = LINEFIT_HARD;
		b[i] = (linefit_break){x, vis, k};
	}
	return n;
}

static bool feasible(const linefit_break *b, const size_t *ends, size_t n_lines, int64_t width)
{
	size_t from = 0;
	for (size_t k = 0; k < n_lines; k++) {
		if (ends[k] > from + 1 && b[ends[k]].vis_x - b[from].start_x > width)
			return false;
		from = ends[k];
	}
	return true;
}

static void optimum_is_optimal(void **state)
{
	(void)state;
	srand(11);
	linefit_scratch s = {0};
	size_t checked = 0;
	for (int round = 0; round < 400; round++) {
		linefit_break b[14];
		size_t n = random_paragraph(b, (size_t)(rand() % 12 + 2));
		int64_t width = (int64_t)(rand() % 300 + 40) * 64;
		size_t ends[14], n_lines;
		assert_int_equal(linefit_solve(b, n, width, false, &s, ends, &n_lines), 0);
		assert_true(n_lines >= 1);
		assert_int_equal(ends[n_lines - 1], n - 1);
		/* Every mandatory break ends a line. */
		for (size_t i = 1; i < n; i++) {
			if (b[i].kind != LINEFIT_HARD)
				continue;
			bool found = false;
			for (size_t k = 0; k < n_lines; k++)
				found |= ends[k] == i;
			assert_true(found);
		}
		double got = linefit_cost(b, n, width, ends, n_lines);
		/* Every subset of the optional breaks. */
		double best = DBL_MAX;
		size_t inner = n - 2;
		for (unsigned mask = 0; mask < (1u << inner); mask++) {
			size_t e[14], m = 0;
			bool ok = true;
			for (size_t i = 1; i < n - 1; i++) {
				bool on = mask >> (i - 1) & 1;
				if (b[i].kind == LINEFIT_HARD && !on)
					ok = false;
				if (on)
					e[m++] = i;
			}
			e[m++] = n - 1;
			if (!ok || !feasible(b, e, m, width))
				continue;
			double c = linefit_cost(b, n, width, e, m);
			if (c < best)
				best = c;
		}
		assert_true(fabs(got - best) <= 1e-9 * (1 + best));

		size_t g[14], gl;
		assert_int_equal(linefit_solve(b, n, width, true, &s, g, &gl), 0);
		assert_true(feasible(b, g, gl, width));
		assert_true(linefit_cost(b, n, width, g, gl) >= got - 1e-9 * (1 + got));
		checked++;
	}
	printf("optimum checked against brute force on %zu paragraphs\n", checked);
	linefit_scratch_free(&s);
}

/* First fit: each line takes as many units as fit. */
static void greedy_is_first_fit(void **state)
{
	(void)state;
	/* Words 100 px wide with 10 px spaces; 250 px holds two words. */
	linefit_break b[8];
	b[0] = (linefit_break){0, 0, LINEFIT_HARD};
	for (size_t i = 1; i < 8; i++)
		b[i] = (linefit_break){(int64_t)i * 110 * 64, ((int64_t)i * 110 - 10) * 64,
				       i == 7 ? LINEFIT_HARD : LINEFIT_SOFT};
	linefit_scratch s = {0};
	size_t ends[8], n;
	assert_int_equal(linefit_solve(b, 8, 250 * 64, true, &s, ends, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ends[0], 2);
	assert_int_equal(ends[1], 4);
	assert_int_equal(ends[2], 6);
	assert_int_equal(ends[3], 7);
	linefit_scratch_free(&s);
}

/* 17 words of 30 px (10 px spaces) at 340 px: first fit gives 8 + 8 + 1;
 * the optimum gives the last line company. */
static void optimum_avoids_lone_last_word(void **state)
{
	(void)state;
	linefit_break b[18];
	b[0] = (linefit_break){0, 0, LINEFIT_HARD};
	for (size_t i = 1; i < 18; i++)
		b[i] = (linefit_break){(int64_t)i * 40 * 64, ((int64_t)i * 40 - 10) * 64,
				       i == 17 ? LINEFIT_HARD : LINEFIT_SOFT};
	linefit_scratch s = {0};
	size_t g[18], ng, o[18], no;
	assert_int_equal(linefit_solve(b, 18, 340 * 64, true, &s, g, &ng), 0);
	assert_int_equal(ng, 3);
	assert_int_equal(g[0], 8);
	assert_int_equal(g[1], 16);
	assert_int_equal(linefit_solve(b, 18, 340 * 64, false, &s, o, &no), 0);
	assert_int_equal(no, 3);
	assert_true(17 - o[1] >= 2);
	assert_true(linefit_cost(b, 18, 340 * 64, o, no) < linefit_cost(b, 18, 340 * 64, g, ng));
	linefit_scratch_free(&s);
}

/* A unit wider than the box gets a line of its own; it cannot be helped. */
static void overflow_only_when_forced(void **state)
{
	(void)state;
	linefit_break b[4] = {{0, 0, LINEFIT_HARD},
			      {50 * 64, 40 * 64, LINEFIT_SOFT},
			      {550 * 64, 540 * 64, LINEFIT_SOFT},
			      {600 * 64, 590 * 64, LINEFIT_HARD}};
	linefit_scratch s = {0};
	size_t ends[4], n;
	for (int greedy = 0; greedy < 2; greedy++) {
		assert_int_equal(linefit_solve(b, 4, 100 * 64, greedy, &s, ends, &n), 0);
		assert_int_equal(n, 3);
		assert_int_equal(ends[0], 1);
		assert_int_equal(ends[1], 2);
		assert_int_equal(ends[2], 3);
	}
	linefit_scratch_free(&s);
}

/* The cost of one line from i to j, written again from linefit.h's rules,
 * for the reference below. */
static double ref_line_cost(const linefit_break *b, size_t i, size_t j, int64_t width)
{
	int64_t w = b[j].vis_x - b[i].start_x;
	if (w < 0)
		w = 0;
	double wpx = (double)width / 64.0;
	if (w > width)
		return 1e30 * (1.0 + (double)(w - width) / 64.0);
	double cost = 0;
	if (b[j].kind != LINEFIT_HARD) {
		double slack = (double)(width - w) / 64.0;
		cost = slack * slack;
	}
	if (b[j].kind == LINEFIT_EMERGENCY)
		cost += LINEFIT_EMERGENCY_COST * wpx * wpx;
	bool widow = b[j].kind == LINEFIT_HARD && i > 0 && b[i].kind != LINEFIT_HARD;
	for (size_t k = i + 1; k < j && widow; k++)
		widow = b[k].kind != LINEFIT_SOFT;
	if (widow)
		cost += LINEFIT_WIDOW_COST * wpx * wpx;
	return cost;
}

/* The plain O(n^2) dynamic programme: every start for every end, no window
 * (only mandatory breaks bound a line), ties to the latest start as the
 * solver's. Returns the optimum's cost and its lines. */
static double reference(const linefit_break *b, size_t n, int64_t width, size_t *ends,
			size_t *n_lines)
{
	double *cost = malloc(n * sizeof *cost);
	size_t *prev = malloc(n * sizeof *prev);
	assert_non_null(cost);
	assert_non_null(prev);
	cost[0] = 0;
	size_t last_hard = 0;
	for (size_t j = 1; j < n; j++) {
		cost[j] = DBL_MAX;
		for (size_t i = j; i-- > last_hard;) {
			double c = cost[i] + ref_line_cost(b, i, j, width);
			if (c < cost[j]) {
				cost[j] = c;
				prev[j] = i;
			}
		}
		if (b[j].kind == LINEFIT_HARD)
			last_hard = j;
	}
	size_t lines = 0;
	for (size_t j = n - 1; j > 0; j = prev[j])
		lines++;
	*n_lines = lines;
	for (size_t j = n - 1; j > 0; j = prev[j])
		ends[--lines] = j;
	double total = cost[n - 1];
	free(cost);
	free(prev);
	return total;
}

/* The windowed solver gives the reference's lines on random paragraphs of
 * every length up to a few hundred opportunities, whether their positions
 * only go forward (a layout's) or not. */
static void windowed_equals_reference(void **state)
{
	(void)state;
	srand(23);
	linefit_scratch s = {0};
	enum { MAX_N = 400 };
	linefit_break b[MAX_N];
	size_t got[MAX_N], want[MAX_N];
	for (int round = 0; round < 600; round++) {
		size_t n = random_paragraph(b, (size_t)(rand() % (MAX_N - 2) + 2));
		/* Every other round, words of whole pixels in two widths:
		 * lines of equal cost, where the tie must go to the latest
		 * start, as in the reference. */
		for (size_t i = 1; round % 2 && i < n; i++) {
			int64_t x = b[i - 1].start_x + (i % 3 ? 40 : 50) * 64;
			b[i] = (linefit_break){x + 6 * 64, x, b[i].kind};
			if (b[i].kind == LINEFIT_EMERGENCY)
				b[i].start_x = x;
		}
		int64_t width = (int64_t)(rand() % 900 + 40) * 64;
		size_t ng, nw;
		assert_int_equal(linefit_solve(b, n, width, false, &s, got, &ng), 0);
		double cw = reference(b, n, width, want, &nw);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, ng * sizeof *got);
		assert_true(linefit_cost(b, n, width, got, ng) == cw);
		/* One line end a unit short of the one before (positions
		 * that go back): the solver walks each line back then, its
		 * old way, instead of forward. Where no word is wider than
		 * the line (here every one is under 110 px), that too is the
		 * reference's answer. */
		if (n < 4 || width < 110 * 64)
			continue;
		size_t k = (size_t)rand() % (n - 3) + 2;
		b[k].vis_x = b[k - 1].vis_x - 1;
		assert_int_equal(linefit_solve(b, n, width, false, &s, got, &ng), 0);
		cw = reference(b, n, width, want, &nw);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, ng * sizeof *got);
	}
	linefit_scratch_free(&s);
}

/* A paragraph of 20,000 words (no mandatory break until its end) is fitted
 * optimally, not first fit: the reference's lines exactly. */
static void long_paragraphs_are_optimal(void **state)
{
	(void)state;
	srand(5);
	size_t n = 20001;
	linefit_break *b = malloc(n * sizeof *b);
	size_t *a = malloc(n * sizeof *a), *g = malloc(n * sizeof *g), *r = malloc(n * sizeof *r);
	assert_non_null(b);
	assert_non_null(a);
	assert_non_null(g);
	assert_non_null(r);
	random_paragraph(b, n);
	for (size_t i = 1; i + 1 < n; i++)
		if (b[i].kind == LINEFIT_HARD)
			b[i].kind = LINEFIT_SOFT;
	linefit_scratch s = {0};
	size_t na, ng, nr;
	assert_int_equal(linefit_solve(b, n, 400 * 64, false, &s, a, &na), 0);
	assert_int_equal(linefit_solve(b, n, 400 * 64, true, &s, g, &ng), 0);
	double ca = linefit_cost(b, n, 400 * 64, a, na);
	double cg = linefit_cost(b, n, 400 * 64, g, ng);
	double cr = reference(b, n, 400 * 64, r, &nr);
	printf("20,000 words: optimal cost %.0f in %zu lines, greedy %.0f\n", ca, na, cg);
	assert_true(ca < cg);
	assert_int_equal(na, nr);
	assert_memory_equal(a, r, na * sizeof *a);
	assert_true(ca == cr);
	linefit_scratch_free(&s);
	free(b);
	free(a);
	free(g);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(optimum_is_optimal),
		cmocka_unit_test(greedy_is_first_fit),
		cmocka_unit_test(optimum_avoids_lone_last_word),
		cmocka_unit_test(overflow_only_when_forced),
		cmocka_unit_test(windowed_equals_reference),
		cmocka_unit_test(long_paragraphs_are_optimal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
