/* The layout engine's public face: a text_engine (fonts, ICU iterators,
 * shaping buffers, a layout cache) turns styled blocks of UTF-8 into a
 * text_layout: positioned glyph runs, line boxes, and the map from glyphs back
 * to byte offsets, which hit-testing uses.
 *
 * Pure C over HarfBuzz, FreeType and ICU: nothing here touches SDL (drawing a
 * layout is atlas.h's job).
 *
 * Ownership: text_engine_new's engine is freed with text_engine_free.
 * text_engine_layout returns a *reference* to a layout that may also sit in
 * the engine's cache; release it with text_layout_unref. A layout never points
 * into the caller's text: it keeps its own copy, and a reference to the fonts
 * it was set in, so it may outlive the engine.
 *
 * Threads: an engine is not thread-safe; use one engine per thread (each
 * has its own fonts, ICU iterators, buffers and caches). A layout belongs to
 * its engine's thread too: it may be shared there (by the engine's cache and
 * any number of views, each holding a reference) and read through const
 * pointers, but its reference count is not atomic, the first word query of
 * a block fills a memo in it, and drawing it uses the engine's font faces.
 * No query changes the engine: word queries find words with an ICU iterator
 * of their own. Another thread may read a layout's runs and glyphs
 * (text_layout_run) while its own thread neither changes nor releases it:
 * a frame drawn on two threads (atlas.h, glyph_atlas_composite). */
#ifndef TAFLEN_TEXT_LAYOUT_H
#define TAFLEN_TEXT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/lang.h"
#include "text/types.h" /* text_engine, fonts, font_face, TEXT_BOLD..., text_span */

typedef struct text_layout text_layout;

typedef enum {
	TEXT_BLOCK_PARAGRAPH,
	TEXT_BLOCK_HEADING, /* level 1..3: larger and bold */
	TEXT_BLOCK_BULLET,  /* "•" marker in a hanging indent */
	TEXT_BLOCK_NUMBERED /* "N." marker in a hanging indent, N = level */
} text_block_kind;

typedef struct {
	text_block_kind kind;
	int level;        /* heading level 1..3, or the number of a numbered item */
	const char *text; /* UTF-8; invalid bytes are shown as U+FFFD */
	size_t len;
	const text_span *spans;
	size_t n_spans;
} text_block;

typedef enum { TEXT_ALIGN_LEFT, TEXT_ALIGN_CENTER } text_align;

typedef struct {
	float width;     /* box width in px; anything below 1 is taken as 1 */
	float body_px;   /* body font size in px (headings are derived from it) */
	lang_id lang;    /* sets HarfBuzz's language and ICU's locale */
	int measure_cap; /* at most about this many characters per line; 0: none */
	bool greedy;     /* first-fit lines instead of minimum raggedness */
	text_align align;/* LEFT for reading text (ragged right, never justified);
	                    CENTER for button labels */
	float line_height;  /* as a multiple of the font size; 0 means 1.5 */
	float block_gap;    /* space between blocks as a multiple of body_px; 0 means 0.75 */
} text_params;

/* A line box, in layout coordinates (origin top-left of the layout, y down). */
typedef struct {
	size_t block;      /* index into the blocks given to text_engine_layout */
	size_t start, end; /* byte range of the block's text shown on this line,
	                      trailing spaces included */
	float x, y;        /* top-left of the line box */
	float width;       /* advance width of the visible text (no trailing spaces) */
	float height;
	float baseline;    /* y of the baseline */
} text_line;

typedef struct {
	float x, y, w, h;
} text_rect;

typedef struct {
	size_t block;
	size_t offset; /* byte offset into that block's text */
} text_pos;

/* Loads NotoSans-{Regular,Bold,Italic}.ttf and the fallback DejaVuSans.ttf
 * from font_dir. An unusable file (missing, unreadable, truncated, not a
 * font, failing the self-check) gets a diagnostic naming it, and a stand-in
 * (fonts_new): the engine still starts. Returns -1, with diagnostics, only
 * when no font at all can be loaded. */
int text_engine_new(const char *font_dir, diag_list *diags, text_engine **out);
void text_engine_free(text_engine *eng);

/* The engine's fonts (owned by the engine), for coverage checks. */
fonts *text_engine_fonts(text_engine *eng);

/* Lays out blocks stacked top to bottom. Returns 0 and a new reference in
 * *out (release with text_layout_unref), or -1 only when out of memory. Any
 * input text, width or size gives a sane layout: empty text gives one empty
 * line; a word wider than the box is broken between grapheme clusters.
 * Layouts are cached by (text, spans, params); see text_engine_cache_clear. */
int text_engine_layout(text_engine *eng, const text_block *blocks, size_t n_blocks,
		       const text_params *params, text_layout **out);

/* Drops every cached layout (references held elsewhere stay valid). The app
 * calls it on resize, locale and text-size changes. */
void text_engine_cache_clear(text_engine *eng);

/* The engine's cache of shaped words is text_engine_wordcache (wordcache.h).
 * text_engine_cache_clear leaves it alone: shaped words depend on fonts and
 * language, not on widths or sizes. */

void text_layout_unref(text_layout *l);
text_layout *text_layout_ref(text_layout *l);

float text_layout_width(const text_layout *l);  /* widest line */
float text_layout_height(const text_layout *l); /* top of the first line to the bottom of the last */
size_t text_layout_line_count(const text_layout *l);
/* Fills *out with line i; -1 if i is out of range. */
int text_layout_line(const text_layout *l, size_t i, text_line *out);
size_t text_layout_block_count(const text_layout *l);
/* The layout's own copy of block b's text. */
const char *text_layout_block_text(const text_layout *l, size_t b, size_t *len);

/* Nearest cluster boundary to the point: *trailing says whether the point is
 * on the cluster's right half (so the caret goes after it). -1 on an empty
 * layout. */
int text_layout_hit(const text_layout *l, float x, float y, text_pos *out, bool *trailing);

/* The UAX #29 word (letters or digits, not space or punctuation) under the
 * point; -1 when the point is not on a word. */
int text_layout_word_at(const text_layout *l, float x, float y, size_t *block, size_t *start,
			size_t *end);

/* UAX #29 words of block b in order (word-like segments only), written to
 * out[0..max); returns how many there are (may exceed max). */
size_t text_layout_words(const text_layout *l, size_t block, size_t *starts, size_t *ends,
			 size_t max);

/* Rectangles covering bytes [start, end) of block b, one per line segment, in
 * line order; returns the count (may exceed max; only max are written). */
size_t text_layout_range_rects(const text_layout *l, size_t block, size_t start, size_t end,
			       text_rect *out, size_t max);

/* How many characters of the layout no shipped font has (drawn as .notdef). */
size_t text_layout_missing_glyphs(const text_layout *l);

/* Drawing data, for the atlas: runs of glyphs sharing a face and a style,
 * in line order, each within one line. Positions are the glyph origins on
 * the baseline in layout coordinates (HarfBuzz offsets applied). */
#define TEXT_GLYPH_NONE UINT32_MAX /* a glyph that takes no room and is not drawn */
typedef struct {
	font_face *face;          /* owned by the layout's fonts (text_layout_fonts) */
	unsigned flags;           /* TEXT_BOLD | TEXT_ITALIC | TEXT_LINK */
	bool marker;              /* a list marker, not part of the block's text */
	size_t block;
	size_t n;
	const uint32_t *glyphs;   /* glyph ids, or TEXT_GLYPH_NONE */
	const float *x, *y;
	const uint32_t *clusters; /* byte offset of each glyph's cluster in the block's text */
	text_rect underline;      /* for TEXT_LINK runs; w == 0 otherwise */
} text_run;

size_t text_layout_run_count(const text_layout *l);
/* Fills *out with run i (pointers into the layout, valid while it lives);
 * -1 if i is out of range. */
int text_layout_run(const text_layout *l, size_t i, text_run *out);
/* The fonts the runs' faces belong to (take a fonts_ref to keep them). */
fonts *text_layout_fonts(const text_layout *l);

#endif
