#include "app/quiz.h"

#include <stdio.h>
#include <string.h>

static size_t span_words(quiz_span s)
{
	return s.last - s.first + 1;
}

static bool span_valid(quiz_span s, size_t n_words)
{
	return s.first <= s.last && s.last < n_words;
}

void quiz_init(quiz_state *q, size_t n_words, const int *ids, const quiz_span *targets,
	       size_t n_targets)
{
	memset(q, 0, sizeof *q);
	q->n_words = n_words;
	/* A target that is not a run of words of this paragraph could never be
	 * found and would make "found everything" unreachable, so it is left
	 * out; content_load has already reported such content as invalid. */
	for (size_t i = 0; i < n_targets && q->n_targets < QUIZ_MAX_TARGETS; i++) {
		if (!span_valid(targets[i], n_words))
			continue;
		q->target_id[q->n_targets] = ids[i];
		q->target[q->n_targets] = targets[i];
		q->n_targets++;
	}
}

void quiz_clear(quiz_state *q)
{
	q->n_highlights = 0;
	q->credited = 0;
	q->lock_found = false;
}

int quiz_highlight_at(const quiz_state *q, size_t w)
{
	for (size_t h = 0; h < q->n_highlights; h++)
		if (q->highlight[h].first <= w && w <= q->highlight[h].last)
			return (int)h;
	return -1;
}

static void remove_highlight(quiz_state *q, size_t h)
{
	memmove(&q->highlight[h], &q->highlight[h + 1],
		(q->n_highlights - h - 1) * sizeof q->highlight[0]);
	q->n_highlights--;
}

static bool finds_any(const quiz_state *q, size_t h);

void quiz_add(quiz_state *q, size_t a, size_t b)
{
	if (a > b) {
		size_t t = a;
		a = b;
		b = t;
	}
	if (b >= q->n_words)
		return;
	quiz_span merged = {a, b};
	/* Highlights are sorted and disjoint, so the ones the stroke overlaps
	 * form one consecutive run [lo, hi). Touching is not overlapping: a
	 * stroke laid next to a highlight is a separate answer. */
	size_t lo = 0;
	while (lo < q->n_highlights && q->highlight[lo].last < a)
		lo++;
	size_t hi = lo;
	while (hi < q->n_highlights && q->highlight[hi].first <= b) {
		if (q->lock_found && finds_any(q, hi))
			return;
		if (q->highlight[hi].first < merged.first)
			merged.first = q->highlight[hi].first;
		if (q->highlight[hi].last > merged.last)
			merged.last = q->highlight[hi].last;
		hi++;
	}
	if (hi == lo) {
		if (q->n_highlights == QUIZ_MAX_HIGHLIGHTS)
			return;
		memmove(&q->highlight[lo + 1], &q->highlight[lo],
			(q->n_highlights - lo) * sizeof q->highlight[0]);
		q->n_highlights++;
	} else if (hi - lo > 1) {
		memmove(&q->highlight[lo + 1], &q->highlight[hi],
			(q->n_highlights - hi) * sizeof q->highlight[0]);
		q->n_highlights -= hi - lo - 1;
	}
	q->highlight[lo] = merged;
}

void quiz_tap(quiz_state *q, size_t w)
{
	if (w >= q->n_words)
		return;
	int h = quiz_highlight_at(q, w);
	if (h >= 0) {
		if (!(q->lock_found && finds_any(q, (size_t)h)))
			remove_highlight(q, (size_t)h);
		return;
	}
	/* A tap grows the highlights beside it: the stroke covers them, so
	 * quiz_add merges them into one. */
	size_t a = w, b = w;
	int left = w > 0 ? quiz_highlight_at(q, w - 1) : -1;
	int right = quiz_highlight_at(q, w + 1);
	if (left >= 0 && !(q->lock_found && finds_any(q, (size_t)left)))
		a = q->highlight[left].first;
	if (right >= 0 && !(q->lock_found && finds_any(q, (size_t)right)))
		b = q->highlight[right].last;
	quiz_add(q, a, b);
}

static bool in_any_target(const quiz_state *q, size_t w)
{
	for (size_t t = 0; t < q->n_targets; t++)
		if (q->target[t].first <= w && w <= q->target[t].last)
			return true;
	return false;
}

static size_t overlap(quiz_span a, quiz_span b)
{
	size_t first = a.first > b.first ? a.first : b.first;
	size_t last = a.last < b.last ? a.last : b.last;
	return first <= last ? last - first + 1 : 0;
}

/* Words of highlight hl outside every target. */
static size_t outside_words(const quiz_state *q, quiz_span hl)
{
	size_t outside = 0;
	for (size_t w = hl.first; w <= hl.last; w++)
		outside += !in_any_target(q, w);
	return outside;
}

/* Highlight hl's mark, and into *finds and *touches the targets it finds
 * and the targets it covers part of. */
static quiz_mark mark_of(const quiz_state *q, quiz_span hl, unsigned *finds, unsigned *touches)
{
	*finds = *touches = 0;
	/* The stray-word limit is what stops "highlight everything" from
	 * winning: a sentence carries its target plus its own framing. */
	if (3 * outside_words(q, hl) > span_words(hl))
		return QUIZ_MARK_WRONG;
	for (size_t t = 0; t < q->n_targets; t++) {
		size_t o = overlap(hl, q->target[t]);
		if (o > 0)
			*touches |= 1u << t;
		if (2 * o >= span_words(q->target[t]))
			*finds |= 1u << t;
	}
	return *finds ? QUIZ_MARK_FOUND : *touches ? QUIZ_MARK_PARTIAL : QUIZ_MARK_WRONG;
}

static bool finds_any(const quiz_state *q, size_t h)
{
	unsigned finds, touches;
	return mark_of(q, q->highlight[h], &finds, &touches) == QUIZ_MARK_FOUND;
}

/* The targets q's own highlights find, and their marks. */
static unsigned found_here(const quiz_state *q, quiz_mark *marks)
{
	unsigned found = 0;
	for (size_t h = 0; h < q->n_highlights; h++) {
		unsigned finds, touches;
		quiz_mark m = mark_of(q, q->highlight[h], &finds, &touches);
		found |= finds;
		if (marks)
			marks[h] = m;
	}
	return found;
}

unsigned quiz_found(const quiz_state *q, quiz_mark *marks)
{
	return found_here(q, marks) | q->credited;
}

unsigned quiz_partial(const quiz_state *q)
{
	unsigned part = 0;
	for (size_t h = 0; h < q->n_highlights; h++) {
		unsigned finds, touches;
		if (mark_of(q, q->highlight[h], &finds, &touches) == QUIZ_MARK_PARTIAL)
			part |= touches;
	}
	return part & ~quiz_found(q, NULL);
}

int quiz_count(unsigned targets)
{
	int n = 0;
	for (; targets; targets &= targets - 1)
		n++;
	return n;
}

void quiz_found_string(const quiz_state *q, char *buf, size_t size)
{
	quiz_ids_string(q, quiz_found(q, NULL), buf, size);
}

void quiz_ids_string(const quiz_state *q, unsigned found, char *buf, size_t size)
{
	if (size == 0)
		return;
	/* Sorted by id, not by index: the content may list targets in any order. */
	int ids[QUIZ_MAX_TARGETS];
	size_t n = 0;
	for (size_t t = 0; t < q->n_targets; t++) {
		if (!(found & (1u << t)))
			continue;
		size_t i = n++;
		while (i > 0 && ids[i - 1] > q->target_id[t]) {
			ids[i] = ids[i - 1];
			i--;
		}
		ids[i] = q->target_id[t];
	}
	if (n == 0) {
		snprintf(buf, size, "none");
		return;
	}
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int w = snprintf(buf + used, size - used, i ? ",%d" : "%d", ids[i]);
		if (w < 0)
			return;
		used += (size_t)w;
	}
}

int quiz_span_for_bytes(const size_t *word_starts, const size_t *word_ends, size_t n_words,
			size_t start, size_t end, quiz_span *out)
{
	if (start > end) {
		size_t t = start;
		start = end;
		end = t;
	}
	bool any = false;
	quiz_span s = {0, 0};
	for (size_t w = 0; w < n_words; w++) {
		/* An empty range is a point (a tap): it touches the word it is in. */
		bool touches = start == end
				       ? word_starts[w] <= start && start < word_ends[w]
				       : word_starts[w] < end && start < word_ends[w];
		if (!touches)
			continue;
		if (!any)
			s.first = w;
		s.last = w;
		any = true;
	}
	if (!any)
		return -1;
	*out = s;
	return 0;
}

void quiz_restore(quiz_state *to, const quiz_state *kept)
{
	if (kept->n_words != to->n_words || kept->n_targets != to->n_targets ||
	    memcmp(kept->target, to->target, to->n_targets * sizeof to->target[0]) != 0)
		return;
	to->n_highlights = kept->n_highlights;
	memcpy(to->highlight, kept->highlight, kept->n_highlights * sizeof kept->highlight[0]);
	to->lock_found = kept->lock_found;
}

void quiz_credit(quiz_state *to, const quiz_state *from)
{
	/* Only what `from`'s own highlights find: its credit came from `to`,
	 * and a highlight removed here must not live on as credit there. */
	unsigned found = found_here(from, NULL);
	to->credited = 0;
	for (size_t i = 0; i < from->n_targets; i++) {
		if (!(found & (1u << i)))
			continue;
		for (size_t j = 0; j < to->n_targets; j++)
			if (to->target_id[j] == from->target_id[i])
				to->credited |= 1u << j;
	}
}
