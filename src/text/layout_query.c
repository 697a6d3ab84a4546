/* The text_layout_* queries: sizes, lines, runs for drawing, and the
 * questions hit-testing asks (point to cluster, point to word, byte range
 * to rectangles). */
#include "text/layout_internal.h"

#include <math.h>
#include <stdlib.h>

#include "text/breaker.h"

float text_layout_width(const text_layout *l)
{
	return l->width;
}

float text_layout_height(const text_layout *l)
{
	return l->height;
}

size_t text_layout_line_count(const text_layout *l)
{
	return l->n_lines;
}

int text_layout_line(const text_layout *l, size_t i, text_line *out)
{
	if (i >= l->n_lines)
		return -1;
	*out = l->lines[i];
	return 0;
}

size_t text_layout_block_count(const text_layout *l)
{
	return l->n_blocks;
}

const char *text_layout_block_text(const text_layout *l, size_t b, size_t *len)
{
	if (b >= l->n_blocks) {
		*len = 0;
		return NULL;
	}
	*len = l->blocks[b].len;
	return l->text + l->blocks[b].text_off;
}

size_t text_layout_missing_glyphs(const text_layout *l)
{
	return l->missing;
}

size_t text_layout_run_count(const text_layout *l)
{
	return l->n_runs;
}

int text_layout_run(const text_layout *l, size_t i, text_run *out)
{
	if (i >= l->n_runs)
		return -1;
	const struct lrun *r = &l->runs[i];
	*out = (text_run){r->face,		r->flags,	   r->marker,
			  r->block,		r->n,		   l->gid + r->g0,
			  l->gx + r->g0,	l->gy + r->g0,	   l->cluster + r->g0,
			  r->underline};
	return 0;
}

fonts *text_layout_fonts(const text_layout *l)
{
	return l->fonts;
}

/* The line nearest to y: the one containing it, else the closest edge. */
static size_t nearest_line(const text_layout *l, float y)
{
	size_t best = 0;
	float best_d = INFINITY;
	for (size_t i = 0; i < l->n_lines; i++) {
		const text_line *ln = &l->lines[i];
		float d = y < ln->y ? ln->y - y : y >= ln->y + ln->height ? y - (ln->y + ln->height) : 0;
		if (d < best_d) {
			best_d = d;
			best = i;
			if (d == 0)
				break;
		}
	}
	return best;
}

int text_layout_hit(const text_layout *l, float x, float y, text_pos *out, bool *trailing)
{
	if (l->n_lines == 0)
		return -1;
	size_t i = nearest_line(l, y);
	const text_line *ln = &l->lines[i];
	const struct lline *lx = &l->lext[i];
	out->block = ln->block;
	*trailing = false;
	if (lx->g0 == lx->g1) {
		out->offset = ln->start;
		return 0;
	}
	/* Walk clusters; the visible end stops the walk so that a point past
	 * the text lands after the last visible cluster, not in the spaces. */
	float vis_end = ln->x + ln->width;
	size_t last_vis = lx->g0;
	for (size_t g = lx->g0; g < lx->g1;) {
		size_t next = g + 1;
		while (next < lx->g1 && l->cluster[next] == l->cluster[g])
			next++;
		float left = l->pen[g], right = next < lx->g1 ? l->pen[next] : lx->pen_end;
		if (left < vis_end || g == lx->g0)
			last_vis = g;
		if (x < right && left < vis_end) {
			out->offset = l->cluster[g];
			*trailing = x >= (left + right) / 2;
			return 0;
		}
		g = next;
	}
	out->offset = l->cluster[last_vis];
	*trailing = true;
	return 0;
}

static const struct block_words *words_of(const text_layout *l, size_t block)
{
	struct block_words *w = &l->words[block];
	if (!w->done) {
		const struct lblock *b = &l->blocks[block];
		w->done = true;
		if (b->len && breaker_words(l->params.lang, l->text + b->text_off, b->len, &w->starts,
					    &w->ends, &w->n) < 0)
			w->n = 0;
	}
	return w;
}

size_t text_layout_words(const text_layout *l, size_t block, size_t *starts, size_t *ends,
			 size_t max)
{
	if (block >= l->n_blocks)
		return 0;
	const struct block_words *w = words_of(l, block);
	for (size_t i = 0; i < w->n && i < max; i++) {
		starts[i] = w->starts[i];
		ends[i] = w->ends[i];
	}
	return w->n;
}

int text_layout_word_at(const text_layout *l, float x, float y, size_t *block, size_t *start,
			size_t *end)
{
	if (l->n_lines == 0)
		return -1;
	size_t i = nearest_line(l, y);
	const text_line *ln = &l->lines[i];
	if (y < ln->y || y >= ln->y + ln->height || x < ln->x || x >= ln->x + ln->width)
		return -1;
	text_pos pos;
	bool trailing;
	if (text_layout_hit(l, x, y, &pos, &trailing) < 0)
		return -1;
	const struct block_words *w = words_of(l, pos.block);
	size_t lo = 0, hi = w->n;
	while (lo < hi) { /* first word ending after the offset */
		size_t mid = lo + (hi - lo) / 2;
		if (w->ends[mid] <= pos.offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == w->n || w->starts[lo] > pos.offset)
		return -1;
	*block = pos.block;
	*start = w->starts[lo];
	*end = w->ends[lo];
	return 0;
}

/* Pen x of byte offset off within line i (clamped to the line). */
static float offset_x(const text_layout *l, size_t i, size_t off)
{
	const text_line *ln = &l->lines[i];
	const struct lline *lx = &l->lext[i];
	if (off <= ln->start || lx->g0 == lx->g1)
		return lx->g0 == lx->g1 ? ln->x : l->pen[lx->g0];
	for (size_t g = lx->g0; g < lx->g1; g++)
		if (l->cluster[g] >= off)
			return l->pen[g];
	return lx->pen_end;
}

size_t text_layout_range_rects(const text_layout *l, size_t block, size_t start, size_t end,
			       text_rect *out, size_t max)
{
	size_t n = 0;
	if (start >= end)
		return 0;
	for (size_t i = 0; i < l->n_lines; i++) {
		const text_line *ln = &l->lines[i];
		if (ln->block != block || ln->end <= start || ln->start >= end)
			continue;
		if (ln->start == ln->end)
			continue;
		float x0 = offset_x(l, i, start);
		float x1 = offset_x(l, i, end);
		float vis = ln->x + ln->width;
		if (x1 > vis)
			x1 = vis; /* trailing spaces are not highlighted */
		if (x0 > x1)
			x0 = x1;
		if (n < max)
			out[n] = (text_rect){x0, ln->y, x1 - x0, ln->height};
		n++;
	}
	return n;
}

