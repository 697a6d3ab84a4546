#include "text/shaper.h"

#include <hb.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/vec.h"

/* Slots of the table that finds a word repeated within one run of words
 * missing from the cache (shaper.dup_slot). */
#define DUP_SLOTS 256

/* The low bits of a pending word's end (struct pend), below the byte. */
enum {
	PEND_CACHED = 1, /* in the cache already, shaped again with its neighbours */
	PEND_DUP = 2,    /* the same bytes as an earlier word of the run */
	PEND_SHIFT = 2
};

/* A word waiting to be shaped with its neighbours. */
struct pend {
	size_t end;    /* byte << PEND_SHIFT | PEND_* flags */
	uint64_t hash; /* wordcache_hash of its key */
};

struct shaper {
	hb_buffer_t *buf;
	hb_language_t langs[LANG_MAX];
	hb_feature_t features[2];
	wordcache *words; /* borrowed; NULL: every item is shaped whole */
	/* Words waiting to be shaped together: they start at pend_start,
	 * and word k ends at pend[k].end >> PEND_SHIFT, with PEND_* flags
	 * below. n_dup of them are PEND_DUP. */
	size_t pend_start;
	struct pend *pend;
	size_t n_pend, cap_pend, n_dup;
	/* The first pending word (index + 1; 0: none) of each hash slot, to
	 * find words that repeat within the run. */
	uint16_t dup_slot[DUP_SLOTS];
	/* The shaping of a run's words but its repeats (flush_pending). */
	shaped_text run;
};

void shaped_text_free(shaped_text *t)
{
	free(t->g);
	free(t->items);
	*t = (shaped_text){0};
}

int shaper_new(wordcache *words, shaper **out)
{
	shaper *s = calloc(1, sizeof *s);
	*out = s;
	if (!s)
		return -1;
	s->words = words;
	s->buf = hb_buffer_create();
	if (!hb_buffer_allocation_successful(s->buf)) {
		shaper_free(s);
		*out = NULL;
		return -1;
	}
	for (int l = 0; l < LANG_MAX; l++)
		s->langs[l] = hb_language_from_string(lang_code((lang_id)l), -1);
	s->features[0] = (hb_feature_t){HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START,
					HB_FEATURE_GLOBAL_END};
	s->features[1] = (hb_feature_t){HB_TAG('l', 'i', 'g', 'a'), 1, HB_FEATURE_GLOBAL_START,
					HB_FEATURE_GLOBAL_END};
	return 0;
}

void shaper_free(shaper *s)
{
	if (!s)
		return;
	hb_buffer_destroy(s->buf);
	free(s->pend);
	shaped_text_free(&s->run);
	free(s);
}

/* Characters that never decide the font of their cluster and are never
 * "missing": controls, format characters and variation selectors (HarfBuzz
 * hides the default ignorables itself). */
static bool is_transparent(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xAD || cp == 0x34F ||
	       (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Controls and line/paragraph separators show nothing: newlines end lines,
 * they are not drawn. */
static bool is_invisible(const char *text, size_t len, uint32_t cluster)
{
	unsigned char c = (unsigned char)text[cluster];
	if (c < 0x20 || c == 0x7F)
		return true;
	if (c != 0xC2 && c != 0xE2)
		return false;
	uint32_t cp;
	utf8_decode(text + cluster, len - cluster, &cp);
	return (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

/* A tab is as wide as a space: we have no tab stops, and words on either
 * side of one must not run together. */
static int32_t space_advance(const font_face *face)
{
	hb_codepoint_t g;
	hb_font_t *font = font_face_hb(face);
	return hb_font_get_nominal_glyph(font, ' ', &g) ? hb_font_get_glyph_h_advance(font, g) : 0;
}

static int push_item(shaped_text *t, font_face *face, unsigned flags, size_t start, size_t end)
{
	if (start >= end)
		return 0;
	if (t->n_items) {
		shaped_item *last = &t->items[t->n_items - 1];
		if (last->face == face && last->flags == flags && last->end == start) {
			last->end = end;
			return 0;
		}
	}
	/* Glyphs store the item index in 16 bits; a paragraph with more
	 * style/font changes than that keeps the last item's face going. */
	if (t->n_items >= UINT16_MAX) {
		t->items[t->n_items - 1].end = end;
		return 0;
	}
	if (VEC_RESERVE(t->items, t->cap_items, t->n_items + 1) < 0)
		return -1;
	t->items[t->n_items++] = (shaped_item){face, flags, start, end};
	return 0;
}

static font_file primary_file(unsigned flags)
{
	if (flags & TEXT_BOLD)
		return FONT_BOLD; /* no bold italic file: weight wins */
	if (flags & TEXT_ITALIC)
		return FONT_ITALIC;
	return FONT_REGULAR;
}

/* The first file, primary first, with every code point of text[a..b). */
static font_file pick_file(const fonts *f, font_file primary, const char *text, size_t a, size_t b)
{
	for (int k = -1; k < FONT_FILE_COUNT; k++) {
		font_file file = k < 0 ? primary : (font_file)k;
		if (k == (int)primary)
			continue;
		bool all = true;
		for (size_t p = a; p < b && all;) {
			uint32_t cp;
			p += utf8_decode(text + p, b - p, &cp);
			all = is_transparent(cp) || fonts_file_has(f, file, cp);
		}
		if (all)
			return file;
	}
	return primary;
}

/* Splits one style run into items by font: runs of clusters the primary
 * font covers, and clusters that need another file. */
static int itemize_run(fonts *f, breaker *b, const char *text, size_t len, const text_span *run,
		       float px, shaped_text *out)
{
	font_file primary = primary_file(run->flags);
	font_face *faces[FONT_FILE_COUNT] = {0};
	if (fonts_face(f, primary, px, &faces[primary]) < 0)
		return -1;
	size_t item_start = run->start;
	font_file item_file = primary;
	bool ascii = fonts_file_has_ascii(f, primary);
	size_t p = run->start;
	while (p < run->end) {
		/* Printable ASCII in a primary item of a font that has all of
		 * it: most of every paragraph, and nothing to decide. */
		if (item_file == primary && ascii) {
			while (p < run->end && (unsigned char)text[p] - 0x20u < 0x5Fu)
				p++;
			if (p >= run->end)
				break;
		}
		unsigned char c0 = (unsigned char)text[p];
		/* The same, one character at a time, for a font that lacks
		 * some of it. */
		if (item_file == primary && c0 >= 0x20 && c0 < 0x7F &&
		    (ascii || fonts_file_has(f, primary, c0))) {
			p++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(text + p, len - p, &cp);
		if (is_transparent(cp) || fonts_file_has(f, primary, cp)) {
			if (item_file != primary && breaker_grapheme_start(b, p) == p) {
				if (push_item(out, faces[item_file], run->flags, item_start, p) < 0)
					return -1;
				item_start = p;
				item_file = primary;
			}
			p += n;
			continue;
		}
		/* Missing from the primary: decide for the whole cluster. */
		size_t gs = breaker_grapheme_start(b, p);
		if (gs < item_start)
			gs = item_start;
		size_t ge = breaker_next_grapheme(b, p);
		if (ge > run->end || ge <= p)
			ge = run->end;
		font_file file = pick_file(f, primary, text, gs, ge);
		if (!faces[file] && fonts_face(f, file, px, &faces[file]) < 0)
			return -1;
		if (file != item_file) {
			if (push_item(out, faces[item_file], run->flags, item_start, gs) < 0)
				return -1;
			item_start = gs;
			item_file = file;
		}
		p = ge;
	}
	return push_item(out, faces[item_file], run->flags, item_start, run->end);
}

/* Readies s->buf for a shaping: LTR, lang, script, monotone clusters. */
static void buf_begin(shaper *s, lang_id lang, hb_script_t script, hb_buffer_flags_t flags)
{
	hb_buffer_t *buf = s->buf;
	hb_buffer_clear_contents(buf);
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_language(buf, s->langs[lang]);
	hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_set_script(buf, script);
	hb_buffer_set_flags(buf, flags);
}

/* Shapes what buf_begin and hb_buffer_add_utf8 put in s->buf with face,
 * appending the glyphs to out as item `item`; base is added to HarfBuzz's
 * clusters to make them offsets into text[0..len). */
static int buf_shape(shaper *s, const char *text, size_t len, font_face *face, uint16_t item,
		     uint32_t base, shaped_text *out)
{
	hb_buffer_t *buf = s->buf;
	hb_buffer_guess_segment_properties(buf);
	hb_shape(font_face_hb(face), buf, s->features, 2);
	if (!hb_buffer_allocation_successful(buf))
		return -1;
	unsigned n;
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	if (VEC_RESERVE(out->g, out->cap, out->n + n) < 0)
		return -1;
	shaped_glyph *g = out->g + out->n;
	for (unsigned i = 0; i < n; i++) {
		uint32_t cl = info[i].cluster + base;
		if (cl >= len) /* never, but an out-of-range cluster must not index text */
			cl = (uint32_t)(len ? len - 1 : 0);
		uint8_t fl = 0;
		if (info[i].mask & HB_GLYPH_FLAG_UNSAFE_TO_BREAK)
			fl |= SHAPED_UNSAFE;
		int32_t adv = pos[i].x_advance;
		if (is_invisible(text, len, cl)) {
			fl |= SHAPED_INVISIBLE;
			adv = text[cl] == '\t' ? space_advance(face) : 0;
		} else if (info[i].codepoint == 0) {
			fl |= SHAPED_MISSING;
		}
		g[i] = (shaped_glyph){info[i].codepoint, cl, adv, pos[i].x_offset, pos[i].y_offset,
				      item, fl};
	}
	out->n += n;
	return 0;
}

/* Shapes text[start..end) with item `item`'s font, appending to out, in
 * `script` (HB_SCRIPT_INVALID: guessed from the range, as for a whole item).
 * In context (alone false), the rest of text[0..len) is HarfBuzz's context.
 * Alone, the range is shaped with no context and no paragraph edges, so that
 * its glyphs fit wherever the same word appears (see shape_words). */
static int shape_range(shaper *s, const char *text, size_t len, font_face *face, uint16_t item,
		       size_t start, size_t end, lang_id lang, hb_script_t script, bool alone,
		       shaped_text *out)
{
	if (alone) {
		buf_begin(s, lang, script, HB_BUFFER_FLAG_DEFAULT);
		hb_buffer_add_utf8(s->buf, text + start, (int)(end - start), 0, (int)(end - start));
		/* Alone, HarfBuzz's clusters count from the range's first byte. */
		return buf_shape(s, text, len, face, item, (uint32_t)start, out);
	}
	buf_begin(s, lang, script,
		  (start == 0 ? HB_BUFFER_FLAG_BOT : 0) | (end == len ? HB_BUFFER_FLAG_EOT : 0));
	hb_buffer_add_utf8(s->buf, text, (int)len, (unsigned)start, (int)(end - start));
	return buf_shape(s, text, len, face, item, 0, out);
}

/* The script HarfBuzz guesses for text[start..end): that of the first
 * character with a script of its own (hb_buffer_guess_segment_properties). */
static hb_script_t guess_script(const char *text, size_t start, size_t end)
{
	hb_unicode_funcs_t *u = hb_unicode_funcs_get_default();
	for (size_t p = start; p < end;) {
		unsigned char c = (unsigned char)text[p];
		if (c < 0x80) {
			if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
				return HB_SCRIPT_LATIN;
			p++;
			continue;
		}
		uint32_t cp;
		p += utf8_decode(text + p, end - p, &cp);
		hb_script_t sc = hb_unicode_script(u, cp);
		if (sc != HB_SCRIPT_COMMON && sc != HB_SCRIPT_INHERITED && sc != HB_SCRIPT_UNKNOWN)
			return sc;
	}
	return HB_SCRIPT_INVALID;
}

/* Can word text[a..z) be cached? Shaped alone, a word gets no dotted
 * circle for a leading mark; HarfBuzz adds one only at the start of the
 * paragraph. So the first word is not cached unless it starts with ASCII.
 * (Elsewhere a word starts with ASCII, or at an item edge, which was a
 * shaping edge already.) */
static bool cacheable(const char *text, size_t a, size_t z)
{
	return z - a <= WORDCACHE_MAX_BYTES && !(a == 0 && (unsigned char)text[0] >= 0x80);
}

/* Stores out->g[k0..k1), the glyphs of word text[a..z) in a larger shaping,
 * as the word's entry. Only where HarfBuzz says the shaping may be cut at
 * both ends of the word (neither the word's first glyph nor the next one is
 * unsafe to break before), so that the piece is what shaping the word alone
 * gives (tests/unit/test_text_wordcache.c checks every entry against that). */
static int cache_piece(shaper *s, const shaped_text *out, const wordcache_key *key, uint64_t h,
		       size_t k0, size_t k1, size_t a)
{
	size_t n = k1 - k0;
	if (n == 0 || n > WORDCACHE_MAX_GLYPHS || out->g[k0].cluster != a ||
	    (out->g[k0].flags & SHAPED_UNSAFE) || (k1 < out->n && (out->g[k1].flags & SHAPED_UNSAFE)))
		return 0;
	return wordcache_put(s->words, key, h, out->g + k0, n, (uint32_t)a) < 0 ? -1 : 0;
}

/* Appends a cached word's glyphs g[0..n) to out, for the word at byte a
 * of item `item`. */
static int append_word(shaped_text *out, const shaped_glyph *g, size_t n, size_t a,
		       uint16_t item)
{
	if (VEC_RESERVE(out->g, out->cap, out->n + n) < 0)
		return -1;
	shaped_glyph *d = out->g + out->n;
	memcpy(d, g, n * sizeof *d);
	for (size_t i = 0; i < n; i++) {
		d[i].cluster += (uint32_t)a;
		d[i].item = item;
	}
	out->n += n;
	return 0;
}

/* The bytes of pending word w: [*a, *z). */
static void pend_word(const shaper *s, size_t w, size_t *a, size_t *z)
{
	*a = w ? s->pend[w - 1].end >> PEND_SHIFT : s->pend_start;
	*z = s->pend[w].end >> PEND_SHIFT;
}

/* Whether word text[a..z), missing from the cache and about to be pending,
 * repeats an earlier word of the run; if not, it is remembered as the first
 * of its bytes (when its slot is free: a word that loses its slot to
 * another is merely shaped twice). h: its key's hash (the rest of the key
 * is the same for every word of a run). */
static bool pending_repeat(shaper *s, const char *text, size_t a, size_t z, uint64_t h)
{
	uint16_t *slot = &s->dup_slot[h % DUP_SLOTS];
	if (*slot == 0) {
		if (s->n_pend < UINT16_MAX)
			*slot = (uint16_t)(s->n_pend + 1);
		return false;
	}
	size_t fa, fz;
	pend_word(s, (size_t)*slot - 1, &fa, &fz);
	return fz - fa == z - a && memcmp(text + fa, text + a, z - a) == 0;
}

/* Shapes the pending words in one go (one hb_shape, as for the whole item:
 * cutting between them would change nothing, see shape_words) and caches
 * each from its piece. A word that repeats an earlier one of the run
 * (PEND_DUP) is left out of the shaping and taken from the cache, where its
 * first occurrence has just gone: English paragraphs repeat "the ", "of ",
 * "and " and more, a fifth of the glyphs of the seed texts. Left out, it
 * changes nothing for the others, by the same argument; when its first
 * occurrence could not be cached, it is shaped on its own in context. */
static int flush_pending(shaper *s, const char *text, size_t len, const shaped_item *it,
			 uint16_t item, lang_id lang, shaped_text *out)
{
	if (s->n_pend == 0)
		return 0;
	size_t a = s->pend_start, z, end = s->pend[s->n_pend - 1].end >> PEND_SHIFT;
	shaped_text *run = out;
	size_t k = out->n;
	if (!s->n_dup) {
		if (shape_range(s, text, len, it->face, item, a, end, lang, HB_SCRIPT_LATIN, false,
				out) < 0)
			return -1;
	} else {
		/* The stretches of words between the repeats, shaped into
		 * s->run, to be merged with the repeats into out in order. */
		run = &s->run;
		run->n = 0;
		k = 0;
		buf_begin(s, lang, HB_SCRIPT_LATIN,
			  (a == 0 ? HB_BUFFER_FLAG_BOT : 0) | (end == len ? HB_BUFFER_FLAG_EOT : 0));
		size_t from = a;
		for (size_t w = 0; w < s->n_pend; w++) {
			pend_word(s, w, &a, &z);
			if (!(s->pend[w].end & PEND_DUP))
				continue;
			if (from < a)
				hb_buffer_add_utf8(s->buf, text, (int)len, (unsigned)from,
						   (int)(a - from));
			from = z;
		}
		if (from < end)
			hb_buffer_add_utf8(s->buf, text, (int)len, (unsigned)from, (int)(end - from));
		if (buf_shape(s, text, len, it->face, item, 0, run) < 0)
			return -1;
	}
	for (size_t w = 0; w < s->n_pend; w++) {
		pend_word(s, w, &a, &z);
		size_t flags = s->pend[w].end;
		uint64_t h = s->pend[w].hash;
		wordcache_key key = {it->face, font_face_id(it->face), HB_SCRIPT_LATIN, lang,
				     text + a, z - a};
		if (flags & PEND_DUP) {
			size_t n;
			const shaped_glyph *g = wordcache_find(s->words, &key, h, &n);
			if (!g) {
				if (shape_range(s, text, len, it->face, item, a, z, lang,
						HB_SCRIPT_LATIN, false, out) < 0)
					return -1;
				continue;
			}
			if (append_word(out, g, n, a, item) < 0)
				return -1;
			continue;
		}
		size_t k0 = k;
		while (k < run->n && run->g[k].cluster < z)
			k++;
		if (!(flags & PEND_CACHED) && cacheable(text, a, z) &&
		    cache_piece(s, run, &key, h, k0, k, a) < 0)
			return -1;
		if (run != out) {
			if (VEC_RESERVE(out->g, out->cap, out->n + (k - k0)) < 0)
				return -1;
			memcpy(out->g + out->n, run->g + k0, (k - k0) * sizeof *out->g);
			out->n += k - k0;
		}
	}
	s->n_pend = 0;
	s->n_dup = 0;
	memset(s->dup_slot, 0, sizeof s->dup_slot);
	return 0;
}

/* A cached word amid words that are not is taken from the cache only when
 * it has at least this many glyphs: otherwise shaping it again with its
 * neighbours costs less than the extra hb_shape call (with its plan lookup
 * and buffer set-up) that cutting the run there would take. */
#define SPLIT_MIN_GLYPHS 4

/* One word, text[a..z): from the cache, or left pending, to be shaped with
 * the words around it that are not cached either. */
static int shape_word(shaper *s, const char *text, size_t len, const shaped_item *it,
		      uint16_t item, size_t a, size_t z, lang_id lang, shaped_text *out)
{
	bool cached = false;
	uint64_t h = 0; /* not cacheable: never read */
	if (cacheable(text, a, z)) {
		wordcache_key key = {it->face, font_face_id(it->face), HB_SCRIPT_LATIN, lang,
				     text + a, z - a};
		h = wordcache_hash(&key);
		size_t n;
		const shaped_glyph *w = wordcache_find(s->words, &key, h, &n);
		cached = w != NULL;
		if (w && (!s->n_pend || n >= SPLIT_MIN_GLYPHS)) {
			/* Caching the pending words may move this one's
			 * glyphs: copy them out first. */
			shaped_glyph copy[WORDCACHE_MAX_GLYPHS];
			if (s->n_pend) {
				memcpy(copy, w, n * sizeof *w);
				w = copy;
				if (flush_pending(s, text, len, it, item, lang, out) < 0)
					return -1;
			}
			return append_word(out, w, n, a, item);
		}
	}
	if (VEC_RESERVE(s->pend, s->cap_pend, s->n_pend + 1) < 0)
		return -1;
	if (s->n_pend == 0)
		s->pend_start = a;
	/* A repeat is taken from its first occurrence's entry; none ends the
	 * text, whose end HarfBuzz is told of (HB_BUFFER_FLAG_EOT). */
	bool dup = !cached && z < len && cacheable(text, a, z) && pending_repeat(s, text, a, z, h);
	s->n_dup += dup;
	s->pend[s->n_pend++] = (struct pend){
		z << PEND_SHIFT | (dup ? PEND_DUP : 0) | (cached ? PEND_CACHED : 0), h};
	return 0;
}

/* A Latin item in words: cut after each space that is followed by ASCII
 * and precedes a line break opportunity (breaks[*bi..n_breaks), ascending).
 * Cached words are copied; each run of words between them that are not
 * cached is shaped in one hb_shape, and its words cached from the pieces.
 * Shaping the pieces apart gives HarfBuzz's result for the whole item when
 * the font's lookups never touch the space glyph (font_face_apart),
 * for Latin has no other shaping across words; and ASCII never clusters with
 * the space before it, as a combining mark would (a line may break before a
 * mark that follows a space, so the break alone does not rule that out).
 * tests/unit/test_text_wordcache.c checks the claim on the whole corpus. */
static int shape_words(shaper *s, const char *text, size_t len, const shaped_item *it,
		       uint16_t item, lang_id lang, const size_t *breaks, size_t n_breaks, size_t *bi,
		       shaped_text *out)
{
	size_t a = it->start;
	for (size_t p = it->start; p < it->end;) {
		const char *sp = memchr(text + p, ' ', it->end - p);
		if (!sp)
			break;
		p = (size_t)(sp - text) + 1;
		if (p >= it->end)
			break;
		if ((unsigned char)text[p] >= 0x80)
			continue;
		while (*bi < n_breaks && breaks[*bi] < p)
			(*bi)++;
		if (*bi < n_breaks && breaks[*bi] == p) {
			if (shape_word(s, text, len, it, item, a, p, lang, out) < 0)
				return -1;
			a = p;
		}
	}
	if (shape_word(s, text, len, it, item, a, it->end, lang, out) < 0)
		return -1;
	return flush_pending(s, text, len, it, item, lang, out);
}

int shaper_shape(shaper *s, fonts *f, breaker *b, const char *text, size_t len,
		 const text_span *runs, size_t n_runs, float px, lang_id lang, const size_t *breaks,
		 size_t n_breaks, shaped_text *out)
{
	out->n = 0;
	out->n_items = 0;
	/* After a failure, nothing is left over. */
	s->n_pend = 0;
	s->n_dup = 0;
	memset(s->dup_slot, 0, sizeof s->dup_slot);
	for (size_t r = 0; r < n_runs; r++)
		if (itemize_run(f, b, text, len, &runs[r], px, out) < 0)
			return -1;
	size_t bi = 0;
	for (size_t i = 0; i < out->n_items; i++) {
		const shaped_item *it = &out->items[i];
		int rc;
		if (s->words && font_face_apart(it->face) &&
		    guess_script(text, it->start, it->end) == HB_SCRIPT_LATIN)
			rc = shape_words(s, text, len, it, (uint16_t)i, lang, breaks, n_breaks, &bi,
					 out);
		else
			rc = shape_range(s, text, len, it->face, (uint16_t)i, it->start, it->end,
					 lang, HB_SCRIPT_INVALID, false, out);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int shaper_reshape(shaper *s, const char *text, size_t len, const shaped_text *from, size_t start,
		   size_t end, lang_id lang, shaped_text *out)
{
	size_t lo = 0, hi = from->n_items;
	while (lo < hi) { /* the first item ending after start */
		size_t mid = lo + (hi - lo) / 2;
		if (from->items[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < from->n_items && from->items[i].start < end; i++) {
		const shaped_item *it = &from->items[i];
		size_t a = it->start > start ? it->start : start;
		size_t z = it->end < end ? it->end : end;
		if (a < z && shape_range(s, text, len, it->face, (uint16_t)i, a, z, lang,
					 HB_SCRIPT_INVALID, false, out) < 0)
			return -1;
	}
	return 0;
}
