/* Choosing where lines end, given the break opportunities of a paragraph and
 * the pen position at each: minimum raggedness by dynamic programming, or
 * first fit (greedy). Pure arithmetic, no text: the layout engine measures,
 * this decides.
 *
 * Cost of a set of lines (what the optimum minimises):
 *   - every line that is not the last of its paragraph (or before a mandatory
 *     break) costs its slack squared, slack = width - line width, in px;
 *   - a last line holding a single word (no break opportunity inside) costs
 *     LINEFIT_WIDOW_COST * width^2, unless it is the only line;
 *   - a line ending at an emergency break (inside an overlong word) costs
 *     LINEFIT_EMERGENCY_COST * width^2, so words are split only when they must be;
 *   - a line wider than the box (one grapheme wider than the box) costs far
 *     more than anything else.
 * Lines never exceed the width unless a single unbreakable unit does. */
#ifndef TAFLEN_TEXT_LINEFIT_H
#define TAFLEN_TEXT_LINEFIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINEFIT_WIDOW_COST 0.09     /* like a line left 30% empty */
#define LINEFIT_EMERGENCY_COST 1.0

typedef enum {
	LINEFIT_SOFT,      /* a line may end here */
	LINEFIT_HARD,      /* a line must end here (newline, end of paragraph) */
	LINEFIT_EMERGENCY  /* between graphemes of a word wider than the box */
} linefit_kind;

/* One break opportunity. Positions are pen x in 26.6 fixed point from the
 * start of the paragraph. */
typedef struct {
	int64_t start_x; /* where a line starting here begins */
	int64_t vis_x;   /* where a line ending here ends, trailing spaces hanging */
	linefit_kind kind;
} linefit_break;

/* Reusable work arrays; zero-initialise, release with linefit_scratch_free. */
typedef struct {
	double *cost;
	size_t *prev;
	size_t cap;
} linefit_scratch;

void linefit_scratch_free(linefit_scratch *s);

/* b[0] is the paragraph start; b[1..n) the opportunities in order, the last
 * of them HARD. Writes the indexes of the breaks that end lines, in order, to
 * ends (room for n - 1), and their count to *n_lines. greedy forces first
 * fit. The optimum costs O(n * w) time, w the most opportunities that fit
 * on one line, and O(n) memory, at any length. width is in 26.6 and at
 * least 64.
 * Returns 0, or -1 when out of memory. */
int linefit_solve(const linefit_break *b, size_t n, int64_t width, bool greedy,
		  linefit_scratch *s, size_t *ends, size_t *n_lines);

/* The cost above of the given lines (for tests and for comparing methods). */
double linefit_cost(const linefit_break *b, size_t n, int64_t width, const size_t *ends,
		    size_t n_lines);

#endif
