/* The shaped-word cache and the claim it rests on: shaping a Latin item word
 * by word (cut after the spaces where a line may break) gives exactly what
 * HarfBuzz gives for the whole item, glyph for glyph: ids, advances, offsets,
 * clusters and unsafe-to-break flags. Checked on the whole bench corpus (every
 * block of the shipped content, both languages, and every line of the seed
 * texts) in every style, at two sizes, cache cold and warm, and on text made
 * to trip it up. Then the cache itself: bounded, least recently used out
 * first, cleared in one go. Runs from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <hb-ft.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "content/content.h"
#include "text/breaker.h"
#include "text/fonts.h"
#include "text/layout.h"
#include "text/shaper.h"
#include "text/wordcache.h"

typedef struct {
	char *text;
	size_t len;
	lang_id lang;
} para;

typedef struct {
	para *p;
	size_t n, cap;
} corpus;

static void corpus_add(corpus *c, const char *text, size_t len, lang_id lang)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->p = realloc(c->p, c->cap * sizeof *c->p);
		assert_non_null(c->p);
	}
	char *t = malloc(len + 1);
	assert_non_null(t);
	memcpy(t, text, len);
	t[len] = '\0';
	c->p[c->n++] = (para){t, len, lang};
}

static void corpus_free(corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->p[i].text);
	free(c->p);
}

/* What bench/text.c lays out: every content block, both languages, then
 * every non-empty line of the seed texts (as English). */
static corpus load_corpus(void)
{
	corpus c = {0};
	diag_list *d = diag_list_new();
	content *ct = NULL;
	assert_int_equal(content_load("assets/content", d, &ct), 0);
	diag_list_free(d);
	for (int l = 0; l <= LANG_EN; l++)
		for (size_t i = (size_t)l; i < content_n_files(ct); i += (size_t)content_n_langs(ct)) {
			const content_file *f = content_file_at(ct, i);
			for (size_t s = 0; f && s < f->n_sections; s++)
				for (size_t b = 0; b < f->sections[s].n_blocks; b++)
					corpus_add(&c, f->sections[s].blocks[b].text,
						   f->sections[s].blocks[b].len, (lang_id)l);
		}
	content_free(ct);
	static const char *const seeds[] = {"tests/golden/text_seed_000.txt",
					    "tests/golden/text_seed_001.txt"};
	for (size_t i = 0; i < 2; i++) {
		FILE *fp = fopen(seeds[i], "rb");
		assert_non_null(fp);
		char line[1 << 14];
		while (fgets(line, sizeof line, fp)) {
			size_t n = strcspn(line, "\r\n");
			if (n)
				corpus_add(&c, line, n, LANG_EN);
		}
		fclose(fp);
	}
	assert_true(c.n >= 100);
	return c;
}

typedef struct {
	fonts *f;
	breaker *b;
	wordcache *wc;
	shaper *whole, *words;
	shaped_text a, w;
	size_t *brk;
	size_t n_brk, cap_brk;
} rig;

static rig *rig_new(void)
{
	rig *r = calloc(1, sizeof *r);
	assert_non_null(r);
	diag_list *d = diag_list_new();
	assert_int_equal(fonts_new("fonts", d, &r->f), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	assert_int_equal(breaker_new(&r->b), 0);
	assert_int_equal(wordcache_new(&r->wc), 0);
	assert_int_equal(shaper_new(NULL, &r->whole), 0);
	assert_int_equal(shaper_new(r->wc, &r->words), 0);
	return r;
}

static void rig_free(rig *r)
{
	shaper_free(r->whole);
	shaper_free(r->words);
	wordcache_free(r->wc);
	breaker_free(r->b);
	fonts_unref(r->f);
	shaped_text_free(&r->a);
	shaped_text_free(&r->w);
	free(r->brk);
	free(r);
}

/* Shapes text whole and in words, and insists on the same result. */
static void same_both_ways(rig *r, const char *text, size_t len, lang_id lang, unsigned flags,
			   float px)
{
	assert_int_equal(breaker_set_text(r->b, lang, text, len), 0);
	r->n_brk = 0;
	bool hard;
	for (size_t b = breaker_next_line(r->b, 0, &hard); b <= len;
	     b = breaker_next_line(r->b, b, &hard)) {
		if (r->n_brk == r->cap_brk) {
			r->cap_brk = r->cap_brk ? r->cap_brk * 2 : 256;
			r->brk = realloc(r->brk, r->cap_brk * sizeof *r->brk);
			assert_non_null(r->brk);
		}
		r->brk[r->n_brk++] = b;
	}
	text_span run = {0, len, flags};
	assert_int_equal(shaper_shape(r->whole, r->f, r->b, text, len, &run, 1, px, lang, r->brk,
				      r->n_brk, &r->a),
			 0);
	assert_int_equal(shaper_shape(r->words, r->f, r->b, text, len, &run, 1, px, lang, r->brk,
				      r->n_brk, &r->w),
			 0);
	assert_int_equal(r->a.n_items, r->w.n_items);
	for (size_t i = 0; i < r->a.n_items; i++) {
		assert_ptr_equal(r->a.items[i].face, r->w.items[i].face);
		assert_int_equal(r->a.items[i].start, r->w.items[i].start);
		assert_int_equal(r->a.items[i].end, r->w.items[i].end);
	}
	if (r->a.n != r->w.n)
		fail_msg("%zu glyphs whole, %zu in words: \"%.*s\"", r->a.n, r->w.n, (int)len, text);
	for (size_t i = 0; i < r->a.n; i++) {
		const shaped_glyph *x = &r->a.g[i], *y = &r->w.g[i];
		if (x->gid != y->gid || x->adv != y->adv || x->dx != y->dx || x->dy != y->dy ||
		    x->cluster != y->cluster || x->item != y->item || x->flags != y->flags)
			fail_msg("glyph %zu (byte %u) differs in words: gid %u/%u adv %d/%d "
				 "dx %d/%d dy %d/%d cluster %u/%u flags %u/%u in \"%.*s\"",
				 i, x->cluster, x->gid, y->gid, x->adv, y->adv, x->dx, y->dx, x->dy,
				 y->dy, x->cluster, y->cluster, x->flags, y->flags, (int)len, text);
	}
}

/* The claim, on everything the bench lays out: per-word shaping (cold) and
 * cached words (warm) against whole items. */
static void corpus_words_equal_whole_items(void **state)
{
	(void)state;
	corpus c = load_corpus();
	rig *r = rig_new();
	static const unsigned styles[] = {TEXT_REGULAR, TEXT_BOLD, TEXT_ITALIC};
	static const float sizes[] = {32, 23};
	for (int pass = 0; pass < 2; pass++) {
		wordcache_stats before;
		wordcache_get_stats(r->wc, &before);
		for (size_t z = 0; z < 2; z++)
			for (size_t s = 0; s < 3; s++)
				for (size_t i = 0; i < c.n; i++)
					same_both_ways(r, c.p[i].text, c.p[i].len, c.p[i].lang,
						       styles[s], sizes[z]);
		wordcache_stats after;
		wordcache_get_stats(r->wc, &after);
		if (pass == 0) {
			/* Cold: words were shaped apart and stored (about 770
			 * different words per face). */
			assert_true(after.misses - before.misses > 3000);
			assert_true(after.entries > 2000);
		} else {
			/* Warm: what fits came from the cache. The corpus in three
			 * styles at two sizes is more words than the cache holds,
			 * so some came round again as misses. */
			assert_true(after.hits - before.hits > after.misses - before.misses);
		}
	}
	rig_free(r);
	corpus_free(&c);
}

/* Text made to find where cutting at spaces could differ. */
static const char *const awkward[] = {
	/* Decomposed Welsh: combining circumflexes, one after a space
	 * (no break there), one at the very start (a dotted circle
	 * when shaped with the paragraph's start). */
	"Mae'r dyn yn y ty\xCC\x82 a\xCC\x82 'r to",
	"\xCC\x82 cyntaf, wedyn y ty \xCC\x82 ac yn ola\xCC\x82.",
	"\xC5\xB5yr a \xC5\xB7 yn y t\xC5\xB7 \xE2\x80\x94 Ŵ Ŷ",
	/* Invalid UTF-8 next to spaces. */
	"bad \xC3 byte \xFF\xFE here \xE2\x82 and \xF0\x9F end \x80",
	/* Ligatures and kerning pairs on both sides of spaces. */
	"office fi ffl ffi To Wa AV Yo LT Ty y. V, P. f) (f f?",
	/* Runs of spaces, tabs, newlines, a non-breaking space. */
	"two  spaces   three\ttab\nnewline \xC2\xA0nbsp\xC2\xA0 x  ",
	/* Punctuation where breaking is forbidden: before ! and ), after (. */
	"( opened ) closed ! said \xC2\xAB cy \xC2\xBB [ x ] 5 % \xE2\x80\x9C q \xE2\x80\x9D",
	/* A word longer than the cache takes, and a URL. */
	("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochllanfairpwllgwyngyll "
	 "https://www.example.gov.wales/child-practice-reviews/information-for-parents end"),
	/* Greek and Cyrillic inside Latin, Latin inside Greek: the item's
	 * script is the first one found. */
	"Latin \xCE\xB1\xCE\xB2\xCE\xB3 \xD0\xB4\xD0\xB0 mixed",
	"\xCE\xB1\xCE\xB2\xCE\xB3 Greek first then latin words",
	/* Only punctuation and digits: no script of its own. */
	"1. 2. 3 ... -- ( ) 42",
	/* Fallback characters (not in Noto Sans) between words. */
	"arrow \xE2\x86\x92 box \xE2\x96\xA0 math \xE2\x88\x80 x \xE2\x88\x88 y",
	/* Variation selector and joiners after a space. */
	"a \xEF\xB8\x8F b \xE2\x80\x8D c \xE2\x80\x8C d \xCD\x8F e",
	"",
	" ",
	"x",
};

static void awkward_text_equal_whole_items(void **state)
{
	(void)state;
	rig *r = rig_new();
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < sizeof awkward / sizeof *awkward; i++)
			for (unsigned st = 0; st < 3; st++)
				same_both_ways(r, awkward[i], strlen(awkward[i]), (lang_id)(i % 2),
					       st == 2 ? TEXT_ITALIC : st, 19);
	rig_free(r);
}

/* Word text[a..z) of face shaped alone, as the cache must hold it: every
 * glyph's id, cluster, offsets and unsafe-to-break flag, and its advance
 * (controls excepted, which the shaper makes invisible). Returns 1 when it
 * was checked (it is cached), 0 when it is not cached. */
static int entry_is_alone_shaping(rig *r, const char *text, size_t a, size_t z, font_face *face,
				  lang_id lang)
{
	wordcache_key key = {face, font_face_id(face), HB_SCRIPT_LATIN, lang, text + a, z - a};
	size_t n;
	const shaped_glyph *w = wordcache_find(r->wc, &key, wordcache_hash(&key), &n);
	if (!w)
		return 0;
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_language(buf, hb_language_from_string(lang_code(lang), -1));
	hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
	hb_buffer_add_utf8(buf, text + a, (int)(z - a), 0, (int)(z - a));
	static const hb_feature_t features[] = {
		{HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
		{HB_TAG('l', 'i', 'g', 'a'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END}};
	hb_shape(font_face_hb(face), buf, features, 2);
	unsigned m;
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &m);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	if (m != n)
		fail_msg("\"%.*s\" cached as %zu glyphs, %u alone", (int)(z - a), text + a, n, m);
	for (size_t i = 0; i < n; i++) {
		bool unsafe = info[i].mask & HB_GLYPH_FLAG_UNSAFE_TO_BREAK;
		if (w[i].gid != info[i].codepoint || w[i].cluster != info[i].cluster ||
		    w[i].dx != pos[i].x_offset || w[i].dy != pos[i].y_offset ||
		    unsafe != ((w[i].flags & SHAPED_UNSAFE) != 0) ||
		    (!(w[i].flags & SHAPED_INVISIBLE) && w[i].adv != pos[i].x_advance))
			fail_msg("\"%.*s\" glyph %zu: cached gid %u cluster %u adv %d dx %d dy %d "
				 "flags %u, alone %u %u %d %d %d unsafe %d",
				 (int)(z - a), text + a, i, w[i].gid, w[i].cluster, w[i].adv, w[i].dx,
				 w[i].dy, w[i].flags, info[i].codepoint, info[i].cluster,
				 pos[i].x_advance, pos[i].x_offset, pos[i].y_offset, unsafe);
	}
	hb_buffer_destroy(buf);
	return 1;
}

/* Shapes text in words with the cache cold (so that the runs of words not
 * cached are shaped together and cached from the pieces), then checks every
 * word the shaper may have cached: the entry must be the word shaped alone.
 * Returns how many entries were checked. */
static size_t entries_from_cold(rig *r, const char *text, size_t len, lang_id lang,
				unsigned flags, float px)
{
	wordcache_clear(r->wc);
	same_both_ways(r, text, len, lang, flags, px);
	size_t checked = 0, bi = 0;
	for (size_t i = 0; i < r->w.n_items; i++) {
		const shaped_item *it = &r->w.items[i];
		if (font_face_file(it->face) == FONT_FALLBACK)
			continue;
		size_t a = it->start;
		for (size_t p = it->start + 1; p <= it->end; p++) {
			while (bi < r->n_brk && r->brk[bi] < p)
				bi++;
			bool cut = p == it->end || (text[p - 1] == ' ' &&
						    (unsigned char)text[p] < 0x80 && bi < r->n_brk &&
						    r->brk[bi] == p);
			if (cut) {
				checked += (size_t)entry_is_alone_shaping(r, text, a, p, it->face, lang);
				a = p;
			}
		}
	}
	return checked;
}

/* Every entry a cold shaping leaves in the cache is what shaping its word
 * alone gives, on the corpus and on the awkward texts. */
static void cold_entries_are_words_alone(void **state)
{
	(void)state;
	corpus c = load_corpus();
	rig *r = rig_new();
	static const unsigned styles[] = {TEXT_REGULAR, TEXT_BOLD, TEXT_ITALIC};
	size_t checked = 0;
	for (size_t s = 0; s < 3; s++)
		for (size_t i = 0; i < c.n; i++)
			checked += entries_from_cold(r, c.p[i].text, c.p[i].len, c.p[i].lang,
						     styles[s], 32);
	for (size_t i = 0; i < sizeof awkward / sizeof *awkward; i++)
		checked += entries_from_cold(r, awkward[i], strlen(awkward[i]), (lang_id)(i % 2),
					     TEXT_REGULAR, 19);
	printf("%zu cached words checked against their shaping alone\n", checked);
	assert_true(checked > 6000);
	rig_free(r);
	corpus_free(&c);
}

/* The shipped Noto Sans never shapes across a space; DejaVu Sans does (its
 * space is in a GSUB lookup, and it has a TrueType kern table), so a DejaVu
 * face would be shaped whole. */
static void which_fonts_separate(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		bool separates;
	} cases[] = {{"fonts/NotoSans-Regular.ttf", true},
		     {"fonts/NotoSans-Bold.ttf", true},
		     {"fonts/NotoSans-Italic.ttf", true},
		     {"fonts/DejaVuSans.ttf", false}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		hb_blob_t *blob = hb_blob_create_from_file(cases[i].file);
		assert_true(hb_blob_get_length(blob) > 0);
		hb_face_t *face = hb_face_create(blob, 0);
		hb_font_t *font = hb_font_create(face);
		assert_int_equal(fonts_space_separates(font), cases[i].separates);
		hb_font_destroy(font);
		hb_face_destroy(face);
		hb_blob_destroy(blob);
	}
}

/* Laid out by the engine: the cache warm, then cold again, gives the same
 * glyphs in the same places, and the cache is kept across layout cache
 * clears (it depends on fonts, not widths). */
static void engine_layouts_same_warm_and_cold(void **state)
{
	(void)state;
	corpus c = load_corpus();
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	assert_int_equal(text_engine_new("fonts", d, &e), 0);
	diag_list_free(d);
	wordcache *wc = text_engine_wordcache(e);
	for (size_t i = 0; i < c.n; i++) {
		text_block blk = {TEXT_BLOCK_PARAGRAPH, 0, c.p[i].text, c.p[i].len, NULL, 0};
		text_params p = {0};
		p.width = 300; /* narrow: many line edges */
		p.body_px = 27;
		p.lang = c.p[i].lang;
		text_layout *warm = NULL, *cold = NULL;
		assert_int_equal(text_engine_layout(e, &blk, 1, &p, &warm), 0);
		text_engine_cache_clear(e);
		wordcache_stats st;
		wordcache_get_stats(wc, &st);
		assert_true(st.entries > 0);
		wordcache_clear(wc);
		wordcache_get_stats(wc, &st);
		assert_int_equal(st.entries, 0);
		assert_int_equal(text_engine_layout(e, &blk, 1, &p, &cold), 0);
		text_engine_cache_clear(e);
		assert_int_equal(text_layout_run_count(warm), text_layout_run_count(cold));
		assert_int_equal(text_layout_line_count(warm), text_layout_line_count(cold));
		for (size_t k = 0; k < text_layout_run_count(warm); k++) {
			text_run a, b;
			assert_int_equal(text_layout_run(warm, k, &a), 0);
			assert_int_equal(text_layout_run(cold, k, &b), 0);
			assert_int_equal(a.n, b.n);
			assert_memory_equal(a.glyphs, b.glyphs, a.n * sizeof *a.glyphs);
			assert_memory_equal(a.x, b.x, a.n * sizeof *a.x);
			assert_memory_equal(a.y, b.y, a.n * sizeof *a.y);
			assert_memory_equal(a.clusters, b.clusters, a.n * sizeof *a.clusters);
		}
		text_layout_unref(warm);
		text_layout_unref(cold);
	}
	text_engine_free(e);
	corpus_free(&c);
}

/* ---- the cache on its own ---------------------------------------------- */

static wordcache_key key_of(const char *word, const void *face)
{
	/* A stand-in face: only its address and id are read. */
	return (wordcache_key){(const font_face *)face, (uint32_t)(uintptr_t)face, HB_SCRIPT_LATIN,
			       LANG_CY, word, strlen(word)};
}

static void find_and_put(void **state)
{
	(void)state;
	wordcache *c = NULL;
	assert_int_equal(wordcache_new(&c), 0);
	int face_a, face_b;
	wordcache_key k = key_of("plant ", &face_a);
	size_t n = 99;
	assert_null(wordcache_find(c, &k, wordcache_hash(&k), &n));
	assert_int_equal(n, 0);
	shaped_glyph g[3] = {{.gid = 81, .cluster = 0, .adv = 1100},
			     {.gid = 79, .cluster = 1, .adv = 990, .dx = -3, .dy = 7, .flags = 1},
			     {.gid = 3, .cluster = 5, .adv = 500}};
	assert_int_equal(wordcache_put(c, &k, wordcache_hash(&k), g, 3, 0), 0);
	const shaped_glyph *got = wordcache_find(c, &k, wordcache_hash(&k), &n);
	assert_non_null(got);
	assert_int_equal(n, 3);
	assert_memory_equal(got, g, sizeof g);
	/* Glyphs of a word at byte 40 of a paragraph, in its item 3: kept
	 * with clusters from the word's start, item 0. */
	shaped_glyph at40[3];
	memcpy(at40, g, sizeof g);
	for (int i = 0; i < 3; i++) {
		at40[i].cluster += 40;
		at40[i].item = 3;
	}
	wordcache_key k40 = key_of("plentyn ", &face_a);
	assert_int_equal(wordcache_put(c, &k40, wordcache_hash(&k40), at40, 3, 40), 0);
	got = wordcache_find(c, &k40, wordcache_hash(&k40), &n);
	assert_non_null(got);
	assert_int_equal(n, 3);
	assert_memory_equal(got, g, sizeof g);
	/* Every part of the key counts. */
	wordcache_key other = key_of("plant ", &face_b);
	assert_null(wordcache_find(c, &other, wordcache_hash(&other), &n));
	other = key_of("plant ", &face_a);
	other.lang = LANG_EN;
	assert_null(wordcache_find(c, &other, wordcache_hash(&other), &n));
	other = key_of("plant ", &face_a);
	other.script = HB_SCRIPT_GREEK;
	assert_null(wordcache_find(c, &other, wordcache_hash(&other), &n));
	other = key_of("plant", &face_a);
	assert_null(wordcache_find(c, &other, wordcache_hash(&other), &n));
	other = key_of("plans ", &face_a);
	assert_null(wordcache_find(c, &other, wordcache_hash(&other), &n));
	/* Putting the same word again replaces it. */
	assert_int_equal(wordcache_put(c, &k, wordcache_hash(&k), g + 1, 2, 0), 0);
	got = wordcache_find(c, &k, wordcache_hash(&k), &n);
	assert_int_equal(n, 2);
	assert_memory_equal(got, g + 1, 2 * sizeof *g);
	wordcache_stats st;
	wordcache_get_stats(c, &st);
	assert_int_equal(st.entries, 2); /* "plant " and "plentyn " */
	/* Too long, too many glyphs, empty: not taken. */
	char longw[WORDCACHE_MAX_BYTES + 2];
	memset(longw, 'a', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	wordcache_key lk = key_of(longw, &face_a);
	assert_int_equal(wordcache_put(c, &lk, wordcache_hash(&lk), g, 3, 0), 1);
	assert_null(wordcache_find(c, &lk, wordcache_hash(&lk), &n));
	shaped_glyph many[WORDCACHE_MAX_GLYPHS + 1] = {{0}};
	assert_int_equal(
		wordcache_put(c, &k, wordcache_hash(&k), many, WORDCACHE_MAX_GLYPHS + 1, 0), 1);
	wordcache_key empty = key_of("", &face_a);
	assert_int_equal(wordcache_put(c, &empty, wordcache_hash(&empty), g, 1, 0), 1);
	/* Cleared: gone, and taken again afterwards. */
	wordcache_clear(c);
	assert_null(wordcache_find(c, &k, wordcache_hash(&k), &n));
	wordcache_get_stats(c, &st);
	assert_int_equal(st.entries, 0);
	assert_int_equal(wordcache_put(c, &k, wordcache_hash(&k), g, 3, 0), 0);
	assert_non_null(wordcache_find(c, &k, wordcache_hash(&k), &n));
	wordcache_free(c);
}

/* Eight words in one set, their hashes alike but for the top byte, which
 * the cache compares eight at a time (tag_ways in wordcache.c): tags at the
 * edges of a byte (0x00, 0x7F, 0x80, 0xFF) and two words with one tag. Each
 * is found, with its own glyphs, and a ninth word of a shared tag is not. */
static void one_set_every_tag(void **state)
{
	(void)state;
	wordcache *c = NULL;
	assert_int_equal(wordcache_new(&c), 0);
	int face;
	static const uint8_t tags[8] = {0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x00};
	char words[8][8];
	wordcache_key k[8];
	uint64_t h[8];
	for (int i = 0; i < 8; i++) {
		snprintf(words[i], sizeof words[i], "w%d ", i);
		k[i] = key_of(words[i], &face);
		h[i] = (uint64_t)tags[i] << 56 | 0x1234; /* one set: the low bits */
		shaped_glyph g = {.gid = (uint32_t)(100 + i), .adv = 64 * i};
		assert_int_equal(wordcache_put(c, &k[i], h[i], &g, 1, 0), 0);
	}
	for (int i = 0; i < 8; i++) {
		size_t n = 0;
		const shaped_glyph *g = wordcache_find(c, &k[i], h[i], &n);
		if (!g)
			fail_msg("the word with tag 0x%02X was not found", tags[i]);
		assert_int_equal(n, 1);
		assert_int_equal(g->gid, 100 + i);
	}
	wordcache_key other = key_of("w8 ", &face);
	size_t n;
	assert_null(wordcache_find(c, &other, h[0], &n));
	wordcache_free(c);
}

/* Three times as many words as it holds: never more entries than
 * WORDCACHE_ENTRIES, memory within the documented bound, and a word used
 * all along is never the one evicted. */
static void bounded_and_lru(void **state)
{
	(void)state;
	wordcache *c = NULL;
	assert_int_equal(wordcache_new(&c), 0);
	int face;
	wordcache_key hot = key_of("hot ", &face);
	shaped_glyph g[WORDCACHE_MAX_GLYPHS] = {{0}};
	assert_int_equal(wordcache_put(c, &hot, wordcache_hash(&hot), g, 4, 0), 0);
	char word[WORDCACHE_MAX_BYTES + 1];
	size_t n;
	for (int i = 0; i < 3 * WORDCACHE_ENTRIES; i++) {
		/* Long words, many glyphs: the worst case for memory. */
		int len = snprintf(word, sizeof word, "%d", i);
		memset(word + len, 'w', sizeof word - 1 - (size_t)len);
		word[sizeof word - 1] = '\0';
		wordcache_key k = key_of(word, &face);
		assert_int_equal(
			wordcache_put(c, &k, wordcache_hash(&k), g, WORDCACHE_MAX_GLYPHS, 0), 0);
		if (!wordcache_find(c, &hot, wordcache_hash(&hot), &n))
			fail_msg("the most recently used word was evicted after %d puts", i + 1);
		wordcache_stats st;
		wordcache_get_stats(c, &st);
		assert_true(st.entries <= WORDCACHE_ENTRIES);
	}
	wordcache_stats st;
	wordcache_get_stats(c, &st);
	assert_true(st.entries > WORDCACHE_ENTRIES * 3 / 4);
	/* The header's bound: the table (192 KB) and every word at its
	 * largest, about 3.7 MB. */
	size_t word_max = WORDCACHE_MAX_GLYPHS * sizeof(shaped_glyph) + WORDCACHE_MAX_BYTES;
	assert_true(st.bytes <= (192u << 10) + WORDCACHE_ENTRIES * word_max + 1024);
	assert_true(st.bytes > WORDCACHE_ENTRIES * 3 / 4 * word_max);
	/* The first words are long gone. */
	snprintf(word, sizeof word, "%d", 0);
	memset(word + 1, 'w', sizeof word - 2);
	word[sizeof word - 1] = '\0';
	wordcache_key first = key_of(word, &face);
	assert_null(wordcache_find(c, &first, wordcache_hash(&first), &n));
	wordcache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_words_equal_whole_items),
		cmocka_unit_test(awkward_text_equal_whole_items),
		cmocka_unit_test(cold_entries_are_words_alone),
		cmocka_unit_test(which_fonts_separate),
		cmocka_unit_test(engine_layouts_same_warm_and_cold),
		cmocka_unit_test(find_and_put),
		cmocka_unit_test(one_set_every_tag),
		cmocka_unit_test(bounded_and_lru),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
