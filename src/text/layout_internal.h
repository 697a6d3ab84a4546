/* What the pieces of the layout engine share, and nothing outside them
 * sees: the insides of a text_layout and the engine's cache of layouts.
 *   layout.c        the engine, and building a layout (shaping, fitting lines,
 *                   placing glyphs)
 *   layout_cache.c  finding a layout built before (layout_cache_*)
 *   layout_query.c  the text_layout_* queries: sizes, lines, runs,
 *                   hit-testing, words and range rectangles
 * Included only by those three files. */
#ifndef TAFLEN_TEXT_LAYOUT_INTERNAL_H
#define TAFLEN_TEXT_LAYOUT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/layout.h"

struct lblock {
	text_block_kind kind;
	int level;
	size_t text_off, len;
	size_t span_off, n_spans;
};

struct lline {
	size_t g0, g1; /* the line's glyphs (markers excluded) */
	float pen_end; /* pen x after the last glyph, trailing spaces included */
};

struct lrun {
	font_face *face;
	unsigned flags;
	bool marker;
	size_t block, g0, n;
	text_rect underline;
};

struct block_words {
	bool done;
	size_t *starts, *ends, n;
};

struct text_layout {
	int refs;
	fonts *fonts;
	uint64_t hash;
	text_params params; /* normalised */

	size_t n_blocks;
	struct lblock *blocks;
	char *text; /* every block's text, back to back */
	text_span *spans;

	text_line *lines;
	struct lline *lext;
	size_t n_lines, cap_lines;

	uint32_t *gid, *cluster; /* gid's allocation holds all five (reserve_glyphs) */
	float *gx, *gy, *pen;
	size_t n_glyphs, cap_glyphs;

	struct lrun *runs;
	size_t n_runs, cap_runs;

	size_t missing;
	float width, height;
	/* Filled by the first word query of each block, through the const
	 * pointer of the query: most layouts are never asked, and finding
	 * words costs an ICU iterator of their own (breaker_words). */
	struct block_words *words;
};


/* Layouts kept for reuse: a screen shows a few dozen blocks, a language
 * switch doubles that, and the text sizes triple it. */
#define LAYOUT_CACHE_SIZE 256

typedef struct {
	uint64_t hash;
	uint64_t used;
	text_layout *l;
} layout_cache_entry;

/* Least recently used out first; zero-initialised is empty. */
typedef struct {
	layout_cache_entry e[LAYOUT_CACHE_SIZE];
	size_t n;
	uint64_t tick;
} layout_cache;

/* The hash of a layout's input, normalised (params) and cleaned (blocks). */
uint64_t layout_cache_hash(const text_block *blocks, size_t n, const text_params *p);
/* The cached layout built from exactly this input (h its hash), marked
 * recently used, or NULL. Borrowed: take a reference to keep it. */
text_layout *layout_cache_find(layout_cache *c, uint64_t h, const text_block *blocks, size_t n,
			       const text_params *p);
/* Keeps a reference to l (whose hash field is set), dropping the least
 * recently used layout when the cache is full. */
void layout_cache_put(layout_cache *c, text_layout *l);
/* Drops every reference the cache holds. */
void layout_cache_clear(layout_cache *c);

#endif
