/* A bounded cache of shaped words, as Android's minikin LayoutCache and
 * Chromium's word shape cache keep: the shaper cuts Latin text after the
 * spaces where a line may break, and shapes each piece ("word ", trailing
 * spaces included) once per font face and language instead of once per
 * layout. Shaping costs about 2,000 instructions a glyph (HarfBuzz walks every
 * lookup of the font for every glyph); a hit costs a hash and a copy.
 *
 * The cache only stores and finds; deciding where words may be cut, and that
 * the cut changes nothing, is the shaper's job (shaper.c).
 *
 * Bounds: WORDCACHE_ENTRIES words of at most WORDCACHE_MAX_BYTES bytes and
 * WORDCACHE_MAX_GLYPHS glyphs each: a 192 KB table plus at most 832 bytes a
 * word, so never more than about 3.7 MB. The bench corpus (both languages,
 * one face) is about 770 words. The table is 8-way set-associative, least
 * recently used out first: with 4 ways, 5 of the corpus's 1,024 sets held 5
 * of its words, which then pushed each other out on every pass (one set in
 * a hundred holding more words than ways costs a shaping each time). 
 *
 * A word's glyphs are kept as the shaper keeps a paragraph's (shaped_glyph),
 * so that a hit is a copy and two fix-ups a glyph, not a conversion.
 *
 * Keys hold font faces by address: one cache serves one fonts set, whose
 * faces live as long as the set (the text engine owns both).
 *
 * Ownership: wordcache_new's cache is freed with wordcache_free. Glyphs
 * returned by wordcache_find belong to the cache and stay valid until the
 * next wordcache_put or wordcache_clear. */
#ifndef TAFLEN_TEXT_WORDCACHE_H
#define TAFLEN_TEXT_WORDCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/lang.h"
#include "text/types.h"

#define WORDCACHE_ENTRIES 4096
#define WORDCACHE_MAX_BYTES 64
#define WORDCACHE_MAX_GLYPHS 32

typedef struct wordcache wordcache;

/* One shaped glyph (shaper.h): of a paragraph, or, in the cache, of a word,
 * where cluster counts from the word's first byte and item is 0. */
typedef struct {
	uint32_t gid;
	uint32_t cluster; /* byte offset into the paragraph (the word) */
	int32_t adv;      /* 26.6 px */
	int32_t dx, dy;   /* 26.6 px, y up */
	uint16_t item;
	uint8_t flags; /* the shaper's SHAPED_* flags */
} shaped_glyph;

/* What a word's shaping depends on besides its bytes: the face (which is a
 * file at a pixel size, so style and size are in it), the HarfBuzz script
 * and the language. Direction (LTR) and features are the shaper's constants. */
typedef struct {
	const font_face *face;
	uint32_t face_id; /* font_face_id(face): what the hash reads (below) */
	uint32_t script;  /* hb_script_t */
	lang_id lang;
	const char *bytes;
	size_t len;
} wordcache_key;

/* Returns 0, or -1 when out of memory. */
int wordcache_new(wordcache **out);
void wordcache_free(wordcache *c);

/* The key's hash, which wordcache_find and wordcache_put take: a word that
 * is looked up, missed, shaped and stored is hashed once. Any h other than
 * wordcache_hash(k) only loses words (they are filed where no lookup goes),
 * never finds the wrong one. */
uint64_t wordcache_hash(const wordcache_key *k);

/* The word's glyphs (*n of them) and marks it recently used, or NULL when it
 * is not cached. h: wordcache_hash(k). */
const shaped_glyph *wordcache_find(wordcache *c, const wordcache_key *k, uint64_t h, size_t *n);

/* Stores g[0..n), the glyphs of the word where it starts at byte `at` of a
 * paragraph (item numbers and all), as the word's shaping: with clusters
 * counted from the word's first byte and item 0, as the cache keeps them.
 * Evicts the set's least recently used word when the set is full.
 * h: wordcache_hash(k). Returns 0 when stored, 1 when the word is not
 * cacheable (longer than WORDCACHE_MAX_BYTES or more glyphs than
 * WORDCACHE_MAX_GLYPHS: the caller shapes it every time), -1 when out of
 * memory. */
int wordcache_put(wordcache *c, const wordcache_key *k, uint64_t h, const shaped_glyph *g,
		  size_t n, uint32_t at);

/* Forgets every word, in constant time (the memory stays for reuse). */
void wordcache_clear(wordcache *c);

typedef struct {
	size_t entries; /* words cached now */
	size_t bytes;   /* memory held, table included */
	uint64_t hits, misses;
} wordcache_stats;

void wordcache_get_stats(const wordcache *c, wordcache_stats *out);

/* The engine's cache (owned by the engine; layout.c), for the tests and the
 * bench to make it cold or read its statistics. Declared here, not in
 * layout.h, so that the engine's public header does not show it. */
wordcache *text_engine_wordcache(text_engine *eng);

#endif
