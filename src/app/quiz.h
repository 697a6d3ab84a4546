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
 * the highlight's own words lie outside every target. One that finds none
 * but covers part of a target, within the same limit of other words, is
 * *partly right*; any other is wrong. */
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
	/* Sorted and disjoint; two may touch (separate strokes stay separate). */
	size_t n_highlights;
	quiz_span highlight[QUIZ_MAX_HIGHLIGHTS];
	/* Bit per target (index): found in the other language this session, so
	 * counted as found here too (quiz_credit). */
	unsigned credited;
	/* After "Keep going": highlights that find a target cannot be removed or
	 * stroked over, so a found action is never lost by accident. */
	bool lock_found;
} quiz_state;

/* What a highlight is, on the result screen. */
typedef enum {
	QUIZ_MARK_WRONG,   /* touches no target, or too many other words */
	QUIZ_MARK_PARTIAL, /* covers part of a target, not enough to find it */
	QUIZ_MARK_FOUND    /* finds at least one target */
} quiz_mark;

/* Sets up a game over n_words words with the given targets (at most
 * QUIZ_MAX_TARGETS; extra ones are ignored, and so is a target that is not a
 * run of words below n_words) and no highlights. */
void quiz_init(quiz_state *q, size_t n_words, const int *ids, const quiz_span *targets,
	       size_t n_targets);

/* Removes every highlight, the credit and the lock (Try again, Home, idle
 * reset). */
void quiz_clear(quiz_state *q);

/* A tap on word w: on a highlight it removes that whole highlight (not a
 * locked one); elsewhere it highlights w, joining the highlights next to it
 * on either side (single-pointer play: a highlight grows a word at a time).
 * Out-of-range w is ignored. */
void quiz_tap(quiz_state *q, size_t w);

/* Highlights words a..b (either order), merging with every highlight it
 * overlaps; one it only touches stays a highlight of its own. When
 * QUIZ_MAX_HIGHLIGHTS are in use, a stroke that would need a new one is
 * ignored; so is a stroke reaching past the last word, and, when found
 * highlights are locked, one that overlaps a found highlight. */
void quiz_add(quiz_state *q, size_t a, size_t b);

/* The index of the highlight containing word w, or -1. */
int quiz_highlight_at(const quiz_state *q, size_t w);

/* Bit i set when target i (index into target[], not its id) is found, by a
 * highlight or by credit. If marks is not NULL, marks[h] is highlight h's
 * mark. */
unsigned quiz_found(const quiz_state *q, quiz_mark *marks);

/* Bit i set when target i is not found but a partly right highlight covers
 * some of it. */
unsigned quiz_partial(const quiz_state *q);

/* The number of bits set in a target set. */
int quiz_count(unsigned targets);

/* The ids of a target set, sorted, "2,3,5", or "none", into buf. */
void quiz_ids_string(const quiz_state *q, unsigned targets, char *buf, size_t size);
/* quiz_ids_string of the found targets. */
void quiz_found_string(const quiz_state *q, char *buf, size_t size);

/* The run of words that bytes [start, end) touch, given the words' byte
 * ranges; -1 when the range touches no word. An empty range (start == end)
 * is a point and touches the word whose bytes contain it. */
int quiz_span_for_bytes(const size_t *word_starts, const size_t *word_ends, size_t n_words,
			size_t start, size_t end, quiz_span *out);

/* For the language toggle, where each language keeps its own highlights:
 * `to` takes the highlights and the lock `kept` had, when `kept` is a game
 * over the same words and targets (else it is left as it is). */
void quiz_restore(quiz_state *to, const quiz_state *kept);

/* For the language toggle: sets `to`'s credit to its targets whose ids
 * `from`'s own highlights find (not its credit, which came from `to`), so that an action found
 * in one language shows as found in the other without revealing its words. */
void quiz_credit(quiz_state *to, const quiz_state *from);

#endif
