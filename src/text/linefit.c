#include "text/linefit.h"

#include <float.h>
#include <stdlib.h>

#include "base/vec.h"

/* An overflowing line costs more than any number of fitting ones could. */
#define OVERFLOW_COST 1e30

void linefit_scratch_free(linefit_scratch *s)
{
	free(s->cost);
	free(s->prev);
	s->cost = NULL;
	s->prev = NULL;
	s->cap = 0;
}

static int64_t line_width(const linefit_break *b, size_t i, size_t j)
{
	int64_t w = b[j].vis_x - b[i].start_x;
	return w > 0 ? w : 0;
}

/* Is a line from i to j a last line with one word: nothing but emergency
 * breaks between them, and not the only line of its hard-delimited run. */
static bool is_widow(const linefit_break *b, size_t i, size_t j)
{
	if (b[j].kind != LINEFIT_HARD || i == 0 || b[i].kind == LINEFIT_HARD)
		return false;
	for (size_t k = i + 1; k < j; k++)
		if (b[k].kind == LINEFIT_SOFT)
			return false;
	return true;
}

/* widow: is_widow(b, i, j), which the solver keeps track of as it walks
 * back instead of scanning the line for every candidate start. */
static double line_cost(const linefit_break *b, size_t i, size_t j, int64_t width, bool widow)
{
	int64_t w = line_width(b, i, j);
	double wpx = (double)width / 64.0;
	if (w > width)
		return OVERFLOW_COST * (1.0 + (double)(w - width) / 64.0);
	double cost = 0;
	if (b[j].kind != LINEFIT_HARD) {
		double slack = (double)(width - w) / 64.0;
		cost = slack * slack;
	}
	if (b[j].kind == LINEFIT_EMERGENCY)
		cost += LINEFIT_EMERGENCY_COST * wpx * wpx;
	if (widow)
		cost += LINEFIT_WIDOW_COST * wpx * wpx;
	return cost;
}

double linefit_cost(const linefit_break *b, size_t n, int64_t width, const size_t *ends,
		    size_t n_lines)
{
	double total = 0;
	size_t from = 0;
	for (size_t k = 0; k < n_lines; k++) {
		if (ends[k] <= from || ends[k] >= n)
			return DBL_MAX;
		total += line_cost(b, from, ends[k], width, is_widow(b, from, ends[k]));
		from = ends[k];
	}
	return total;
}

static void solve_greedy(const linefit_break *b, size_t n, int64_t width, size_t *ends,
			 size_t *n_lines)
{
	size_t lines = 0, i = 0;
	while (i + 1 < n) {
		size_t j = i + 1; /* at least one unit per line, even if it overflows */
		while (b[j].kind != LINEFIT_HARD && j + 1 < n && line_width(b, i, j + 1) <= width)
			j++;
		ends[lines++] = j;
		i = j;
	}
	*n_lines = lines;
}

/* The walk of solve_optimal for a SOFT break j, the commonest by far, with
 * line_cost's SOFT case written out: the same arithmetic in the same order,
 * so the same doubles, without the tests that only other kinds need. */
static void best_soft(const linefit_break *b, const double *cost, size_t last_hard, size_t j,
		      int64_t width, double *best, size_t *arg)
{
	int64_t vis = b[j].vis_x;
	/* In locals, not through the pointers: the compiler cannot tell that
	 * *best is not in cost[], and would store and reload it each time. */
	double bst = *best;
	size_t at = *arg;
	for (size_t i = j; i-- > last_hard;) {
		int64_t w = vis - b[i].start_x;
		if (w < 0)
			w = 0;
		double c;
		if (w > width) {
			if (i + 1 < j)
				break;
			c = cost[i] + OVERFLOW_COST * (1.0 + (double)(w - width) / 64.0);
		} else {
			double slack = (double)(width - w) / 64.0;
			c = cost[i] + slack * slack;
		}
		if (c < bst) {
			bst = c;
			at = i;
		}
	}
	*best = bst;
	*arg = at;
}

/* Whether positions never go back: start_x and vis_x non-decreasing, as a
 * layout's are (each break is further along the text) unless a font has
 * negative advances. Then a line from i to j only gets wider as i goes
 * back or j on, and best_soft_from may be used; otherwise best_soft. */
static bool monotone(const linefit_break *b, size_t n)
{
	for (size_t k = 1; k < n; k++)
		if (b[k].start_x < b[k - 1].start_x || (k > 1 && b[k].vis_x < b[k - 1].vis_x))
			return false;
	return true;
}

/* best_soft for monotone positions, where the starts that fit are exactly
 * lo..j-1 (lo the first that fits, or j when none does). Walked forward
 * from the fullest line, each start leaves more slack than the one before,
 * and cost[] is never negative, so the walk ends at the first start whose
 * slack squared alone is above the best so far: three or four starts, not
 * the dozen a line holds. The same candidates and the same doubles as
 * best_soft, and the same ties (to the latest start: <= going forward). */
static void best_soft_from(const linefit_break *b, const double *cost, size_t lo, size_t j,
			   int64_t width, double *best, size_t *arg)
{
	int64_t vis = b[j].vis_x;
	if (lo == j) {
		/* Not even the last unit fits: it overflows alone. */
		int64_t w = vis - b[j - 1].start_x;
		*best = cost[j - 1] + OVERFLOW_COST * (1.0 + (double)(w - width) / 64.0);
		*arg = j - 1;
		return;
	}
	double bst = DBL_MAX;
	size_t at = j - 1;
	for (size_t i = lo; i < j; i++) {
		int64_t w = vis - b[i].start_x;
		if (w < 0)
			w = 0;
		double slack = (double)(width - w) / 64.0;
		double sq = slack * slack;
		if (sq > bst)
			break;
		double c = cost[i] + sq;
		if (c <= bst) {
			bst = c;
			at = i;
		}
	}
	*best = bst;
	*arg = at;
}

static int solve_optimal(const linefit_break *b, size_t n, int64_t width, linefit_scratch *s,
			 size_t *ends, size_t *n_lines)
{
	void *const arrs[] = {&s->cost, &s->prev};
	const size_t elems[] = {sizeof *s->cost, sizeof *s->prev};
	if (vec_reserve_many(arrs, elems, 2, &s->cap, n) < 0)
		return -1;
	double *cost = s->cost;
	size_t *prev = s->prev;
	cost[0] = 0;
	size_t last_hard = 0; /* no line may span a mandatory break */
	bool forward = monotone(b, n);
	size_t lo = 0; /* with forward: the first start that fits the line to j */
	for (size_t j = 1; j < n; j++) {
		double best = DBL_MAX;
		size_t arg = j - 1;
		bool soft_inside = false; /* a SOFT break strictly between i and j */
		/* Walk back while the line still fits: the window is one line
		 * long, so the whole pass is O(n * w), w the most opportunities
		 * one line holds, in O(n) memory, whatever the paragraph's
		 * length. */
		if (b[j].kind == LINEFIT_SOFT && forward) {
			if (lo < last_hard)
				lo = last_hard;
			while (lo < j && line_width(b, lo, j) > width)
				lo++;
			best_soft_from(b, cost, lo, j, width, &best, &arg);
			cost[j] = best;
			prev[j] = arg;
			continue;
		}
		if (b[j].kind == LINEFIT_SOFT) {
			best_soft(b, cost, last_hard, j, width, &best, &arg);
			cost[j] = best;
			prev[j] = arg;
			continue;
		}
		for (size_t i = j; i-- > last_hard;) {
			if (i + 1 < j && line_width(b, i, j) > width)
				break;
			if (i + 1 < j)
				soft_inside = soft_inside || b[i + 1].kind == LINEFIT_SOFT;
			bool widow = b[j].kind == LINEFIT_HARD && i > 0 &&
				     b[i].kind != LINEFIT_HARD && !soft_inside;
			double c = cost[i] + line_cost(b, i, j, width, widow);
			if (c < best) {
				best = c;
				arg = i;
			}
		}
		cost[j] = best;
		prev[j] = arg;
		if (b[j].kind == LINEFIT_HARD)
			last_hard = j;
	}
	size_t lines = 0;
	for (size_t j = n - 1; j > 0; j = prev[j])
		lines++;
	*n_lines = lines;
	for (size_t j = n - 1; j > 0; j = prev[j])
		ends[--lines] = j;
	return 0;
}

int linefit_solve(const linefit_break *b, size_t n, int64_t width, bool greedy,
		  linefit_scratch *s, size_t *ends, size_t *n_lines)
{
	if (width < 64)
		width = 64;
	*n_lines = 0;
	if (n < 2)
		return 0;
	if (greedy) {
		solve_greedy(b, n, width, ends, n_lines);
		return 0;
	}
	return solve_optimal(b, n, width, s, ends, n_lines);
}
