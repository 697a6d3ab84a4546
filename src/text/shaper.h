/* Shaping a paragraph with HarfBuzz: splits it into items by style and by
 * font (fallback per grapheme cluster), shapes each item over the whole
 * paragraph (so HarfBuzz sees the context), and keeps what line fitting and
 * line assembly need: advances, offsets, clusters (byte offsets) and the
 * unsafe-to-break flags.
 *
 * With a word cache, a Latin item whose font never shapes across a space is
 * shaped in words instead (cut after the spaces where a line may break), and
 * each word comes from the cache when it was shaped before: the same glyphs,
 * positions and flags as shaping the item whole, for a fraction of the cost.
 * The words the cache lacks are shaped a run at a time (one hb_shape for
 * each run of them) and cached from their pieces of it; a word that repeats
 * within the run is shaped once, and its repeats taken from the cache.
 *
 * Settings: direction LTR, language from lang, script guessed per item,
 * cluster level MONOTONE_CHARACTERS, kern and liga on.
 *
 * Ownership: the shaper owns its hb_buffer (reused) and borrows the word
 * cache, which must outlive it; shaped_text arrays are grown on demand and
 * belong to whoever holds the shaped_text (shaped_text_free). Items point at
 * faces owned by the fonts set. */
#ifndef TAFLEN_TEXT_SHAPER_H
#define TAFLEN_TEXT_SHAPER_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/lang.h"
#include "text/breaker.h"
#include "text/fonts.h"
#include "text/types.h"
#include "text/wordcache.h"

enum {
	SHAPED_UNSAFE = 1,    /* HB_GLYPH_FLAG_UNSAFE_TO_BREAK */
	SHAPED_INVISIBLE = 2, /* a control or line separator: no ink, no advance (a tab: a space's) */
	SHAPED_MISSING = 4    /* no shipped font has it: the primary font's .notdef */
};

/* shaped_glyph: wordcache.h. */

typedef struct {
	font_face *face;
	unsigned flags; /* TEXT_BOLD | TEXT_ITALIC | TEXT_LINK */
	size_t start, end;
} shaped_item;

typedef struct {
	shaped_glyph *g;
	size_t n, cap;
	shaped_item *items;
	size_t n_items, cap_items;
} shaped_text;

void shaped_text_free(shaped_text *t);

typedef struct shaper shaper;

/* words: the cache of shaped words, or NULL to shape every item whole.
 * One shaper and its cache serve one fonts set. Returns 0, or -1 when out of
 * memory. */
int shaper_new(wordcache *words, shaper **out);
void shaper_free(shaper *s);

/* Shapes text[0..len) in style runs (covering the text in order, each
 * flags applied to its bytes) at px, replacing out's contents. b must be set
 * to this text (breaker_set_text): fallback works on its grapheme clusters.
 * breaks[0..n_breaks) are the text's line break opportunities, ascending
 * (breaker_next_line): words are cut only there (NULL, 0: nowhere).
 * Returns 0, or -1 when out of memory or a face cannot be made. */
int shaper_shape(shaper *s, fonts *f, breaker *b, const char *text, size_t len,
		 const text_span *runs, size_t n_runs, float px, lang_id lang, const size_t *breaks,
		 size_t n_breaks, shaped_text *out);

/* Shapes text[start..end) again on its own, as a line edge needs when the
 * break falls where HarfBuzz said shaping is not separable, with the items
 * of `from` (the whole paragraph's shaping). Appends to out->g; the glyphs'
 * item indexes refer to from->items. Returns 0, or -1 when out of memory. */
int shaper_reshape(shaper *s, const char *text, size_t len, const shaped_text *from, size_t start,
		   size_t end, lang_id lang, shaped_text *out);

#endif
