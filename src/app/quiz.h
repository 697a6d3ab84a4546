/* The highlight game's rules, as pure functions over word indexes.
 *
 * The paragraph is a sequence of words (UAX #29 word-like segments, from the
 * layout); a highlight is a run of whole words [first, last]. Targets are the
 * answer key's phrases as word runs. Everything is a plain value: no
 * allocation, no time, no drawing, so tests drive it with tables and the app
 * can compare states with memcmp-free field checks.
 *
 * Scoring rule (docs/quiz.md): a highlight *finds* a target when it covers at
 * least half of the target's words, provided that no more than a third of
 * the highlight's own words lie outside every target. */
#ifndef TAFLEN_QUIZ_H
#define TAFLEN_QUIZ_H

#include <stdbool.h>
#include <stddef.h>

#define QUIZ_MAX_TARGETS 8
#define QUIZ_MAX_HIGHLIGHTS 64

typedef struct {
	size_t first, last; /* word indexes, inclusive */
} quiz_span;

typedef struct {
	size_t n_words;
	size_t n_targets;
	int target_id[QUIZ_MAX_TARGETS]; /* ids from the content, e.g. 1..6 */
	quiz_span target[QUIZ_MAX_TARGETS];
	/* Sorted, disjoint and never adjacent: touching highlights are merged. */
	size_t n_highlights;
	quiz_span highlight[QUIZ_MAX_HIGHLIGHTS];
} quiz_state;

/* Sets up a game over n_words words with the given targets (at most
 * QUIZ_MAX_TARGETS; extra ones are ignored, and so is a target that is not a
 * run of words below n_words) and no highlights. */
void quiz_init(quiz_state *q, size_t n_words, const int *ids, const quiz_span *targets,
	       size_t n_targets);

/* Removes every highlight (Try again, Home, idle reset). */
void quiz_clear(quiz_state *q);

/* A tap on word w: on a highlight it removes that whole highlight; elsewhere it
 * highlights w, joining any highlight that touches it. Out-of-range w is ignored. */
void quiz_tap(quiz_state *q, size_t w);

/* Highlights words a..b (either order), merging with every highlight it
 * overlaps or touches. When QUIZ_MAX_HIGHLIGHTS are in use, a stroke that
 * would need a new one is ignored; so is a stroke reaching past the last word. */
void quiz_add(quiz_state *q, size_t a, size_t b);

/* The index of the highlight containing word w, or -1. */
int quiz_highlight_at(const quiz_state *q, size_t w);

/* Bit i set when target i (index into target[], not its id) is found.
 * If highlight_ok is not NULL, highlight_ok[h] says whether highlight h finds
 * at least one target (false ones are shown with a cross). */
unsigned quiz_found(const quiz_state *q, bool *highlight_ok);

/* "2,3,5" (found target ids, sorted) or "none", into buf. */
void quiz_found_string(const quiz_state *q, char *buf, size_t size);

/* The run of words that bytes [start, end) touch, given the words' byte
 * ranges; -1 when the range touches no word. An empty range (start == end)
 * is a point and touches the word whose bytes contain it. */
int quiz_span_for_bytes(const size_t *word_starts, const size_t *word_ends, size_t n_words,
			size_t start, size_t end, quiz_span *out);

/* For the locale toggle: clears `to`'s highlights, then for every target that
 * `from` finds, highlights the target with the same id in `to`. Highlights that
 * find nothing are dropped. */
void quiz_carry_over(quiz_state *to, const quiz_state *from);

#endif
