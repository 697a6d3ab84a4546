/* The text figures of `make bench`: our layout and drawing against the raw
 * HarfBuzz floor, Pango and SDL_ttf, on one corpus, one font file, one size
 * and one width. Runs from the repo root.
 *
 * Corpus: every block of the shipped content (assets/content, both
 * languages) and every non-empty line of the two seed texts
 * (tests/golden/text_seed_*.txt), each laid out as one plain paragraph of
 * Noto Sans Regular at 32 px in a 1000 px box. Every contestant sees exactly
 * these bytes, in the same order, in its language where it takes one.
 *
 * Each sample is one pass over the whole corpus; the contestants take turns
 * within each repeat, in an order that changes from repeat to repeat so
 * that each follows every other equally often (balanced_turn), so that the
 * machine's drift hits all of them alike, and the figures are medians.
 *
 * Caches: layouts are always cold (dropped as soon as made). Fonts, glyphs
 * and the engine's shaped-word cache are warm, as in the running app, where
 * they fill on the first screen and stay; layout_corpus_cold_words_us is
 * the layout with the word cache emptied before every paragraph, so that
 * every word of it is shaped by HarfBuzz. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <hb-ft.h>
#include <hb.h>
#include <pango/pangofc-fontmap.h>
#include <pango/pangoft2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/diag.h"
#include "base/lang.h"
#include "bench.h"
#include "content/content.h"
#include "text/atlas.h"
#include "text/layout.h"
#include "text/wordcache.h"

#define FONT_DIR "fonts"
#define FONT_FILE FONT_DIR "/NotoSans-Regular.ttf"
#define FONT_PX 32
#define WRAP_PX 1000
/* A multiple of C_COUNT, so that the balanced order is whole
 * (corpus_figures). */
#define REPEATS 30
#define WARMUP 3
/* The scaling test lays out one paragraph repeated this many times at most;
 * each sample at every size handles the same bytes (SCALE_MAX copies). */
#define SCALE_MAX 8

static const char *const seed_files[] = {"tests/golden/text_seed_000.txt",
					  "tests/golden/text_seed_001.txt"};

typedef struct {
	char *text; /* NUL-terminated: SDL_ttf wants C strings */
	size_t len;
	lang_id lang;
} para;

typedef struct {
	para *p;
	size_t n, cap;
	size_t bytes;
} corpus;

static void corpus_free(corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->p[i].text);
	free(c->p);
	*c = (corpus){0};
}

static int corpus_add(corpus *c, const char *text, size_t len, lang_id lang)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		para *p = realloc(c->p, cap * sizeof *p);
		if (!p)
			return -1;
		c->p = p;
		c->cap = cap;
	}
	char *t = malloc(len + 1);
	if (!t)
		return -1;
	memcpy(t, text, len);
	t[len] = '\0';
	c->p[c->n++] = (para){t, len, lang};
	c->bytes += len;
	return 0;
}

static int add_content(corpus *c)
{
	diag_list *d = diag_list_new();
	content *ct = NULL;
	if (!d || content_load("assets/content", d, &ct) < 0) {
		fprintf(stderr, "bench: cannot load assets/content (run from the repo root)\n");
		if (d)
			diag_print(d, stderr);
		diag_list_free(d);
		return -1;
	}
	diag_list_free(d);
	int rc = 0;
	for (int l = 0; l <= LANG_EN && rc == 0; l++) {
		for (size_t i = (size_t)l; i < content_n_files(ct) && rc == 0;
		     i += (size_t)content_n_langs(ct)) {
			const content_file *f = content_file_at(ct, i);
			for (size_t s = 0; f && s < f->n_sections && rc == 0; s++) {
				const content_section *sec = &f->sections[s];
				for (size_t b = 0; b < sec->n_blocks && rc == 0; b++)
					rc = corpus_add(c, sec->blocks[b].text, sec->blocks[b].len,
							(lang_id)l);
			}
		}
	}
	content_free(ct);
	return rc;
}

/* The seed texts hold one paragraph per line. They mix Welsh and English;
 * they count as English (the language only tunes hyphenation-free line
 * breaking and HarfBuzz's language tag, the same for every contestant). */
static int add_seed(corpus *c, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	char line[1 << 14];
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, fp)) {
		size_t n = strcspn(line, "\r\n");
		if (n > 0)
			rc = corpus_add(c, line, n, LANG_EN);
	}
	fclose(fp);
	return rc;
}

static int corpus_load(corpus *c)
{
	if (add_content(c) < 0)
		return -1;
	for (size_t i = 0; i < sizeof seed_files / sizeof *seed_files; i++)
		if (add_seed(c, seed_files[i]) < 0)
			return -1;
	return 0;
}

/* ---- the contestants ------------------------------------------------- */

typedef struct {
	text_engine *eng;
	/* For layout_corpus_cold_words_us: an engine of its own, so that
	 * emptying its word cache leaves eng's warm for the others. */
	text_engine *cold;
	SDL_Surface *surf;
	SDL_Renderer *rend;
	glyph_atlas *atlas;
	FT_Library ft;
	FT_Face ft_face;
	hb_font_t *hb_font;
	hb_buffer_t *hb_buf;
	hb_feature_t features[2];
	PangoFontMap *fontmap;
	PangoContext *pango[LANG_EN + 1];
	TTF_Font *ttf;
	size_t glyphs; /* the floor's count for the corpus */
} bench;

static text_params params_for(lang_id lang)
{
	text_params p = {0};
	p.width = WRAP_PX;
	p.body_px = FONT_PX;
	p.lang = lang;
	return p;
}

/* Our layout on engine e, layout cache cold: each layout is dropped from the
 * engine's cache as soon as it is made (so a paragraph that appears twice is
 * laid out twice, and freeing it is counted, as Pango's is). */
static int layout_once(text_engine *e, const para *p)
{
	text_block blk = {TEXT_BLOCK_PARAGRAPH, 0, p->text, p->len, NULL, 0};
	text_params prm = params_for(p->lang);
	text_layout *l = NULL;
	if (text_engine_layout(e, &blk, 1, &prm, &l) < 0)
		return -1;
	text_layout_unref(l);
	text_engine_cache_clear(e);
	return 0;
}

/* The word cache warm. */
static int run_layout(bench *b, const para *p)
{
	return layout_once(b->eng, p);
}

/* The word cache emptied first: every word is shaped. */
static int run_layout_cold_words(bench *b, const para *p)
{
	wordcache_clear(text_engine_wordcache(b->cold));
	return layout_once(b->cold, p);
}

/* The box filled with opaque black as the app's frame fills it (view.c's
 * fill: rows of 32-bit pixels written with wmemset straight into the
 * surface, not SDL_RenderFillRect, whose non-temporal stores cost several
 * times as much and leave the pixels out of the cache for the glyphs). */
static void clear_box(SDL_Surface *s, SDL_Rect box)
{
	wchar_t px = (wchar_t)SDL_MapRGBA(s->format, 0, 0, 0, 255);
	uint8_t *row = (uint8_t *)s->pixels + (size_t)box.y * (size_t)s->pitch;
	for (int y = 0; y < box.h; y++, row += s->pitch)
		wmemset((wchar_t *)(void *)row + box.x, px, (size_t)box.w);
}

/* Layout, then the text's box cleared and every glyph drawn into it on the
 * RGBA surface. The clear is what a real frame pays under its text, and
 * what SDL_ttf pays for in making each fresh, zeroed surface: without it
 * ours would be spared a cost its peer is charged. (Blitting SDL_ttf's
 * surface to a frame is not counted.) */
static int run_render(bench *b, const para *p)
{
	text_block blk = {TEXT_BLOCK_PARAGRAPH, 0, p->text, p->len, NULL, 0};
	text_params prm = params_for(p->lang);
	text_layout *l = NULL;
	if (text_engine_layout(b->eng, &blk, 1, &prm, &l) < 0)
		return -1;
	static const text_colors colors = {{255, 255, 255, 255}, {255, 255, 255, 255}};
	SDL_Rect box = {0, 0, (int)text_layout_width(l) + 1, (int)text_layout_height(l) + 1};
	SDL_IntersectRect(&box, &(SDL_Rect){0, 0, b->surf->w, b->surf->h}, &box);
	clear_box(b->surf, box);
	int rc = glyph_atlas_draw(b->atlas, l, 0, 0, &colors) < 0 || SDL_RenderFlush(b->rend) < 0
		 ? -1
		 : 0;
	text_layout_unref(l);
	text_engine_cache_clear(b->eng);
	return rc;
}

/* The floor: one hb_shape of the paragraph on a font made as our engine
 * makes it (hb_ft on a FreeType face at 32 px, FT_LOAD_DEFAULT, so hinted
 * advances; kern and liga; monotone clusters). */
static size_t run_floor(bench *b, const para *p)
{
	static const char *const tags[LANG_EN + 1] = {"cy", "en"};
	hb_buffer_t *buf = b->hb_buf;
	hb_buffer_clear_contents(buf);
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_language(buf, hb_language_from_string(tags[p->lang], -1));
	hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_buffer_set_flags(buf, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT);
	hb_buffer_add_utf8(buf, p->text, (int)p->len, 0, (int)p->len);
	hb_buffer_guess_segment_properties(buf);
	hb_shape(b->hb_font, buf, b->features, 2);
	return hb_buffer_get_length(buf);
}

/* Pango: a new PangoLayout per paragraph on a shared context (fonts warm),
 * word wrap at the same width, laid out by asking for its line count. */
static int run_pango(bench *b, const para *p)
{
	PangoLayout *lay = pango_layout_new(b->pango[p->lang]);
	if (!lay)
		return -1;
	pango_layout_set_width(lay, WRAP_PX * PANGO_SCALE);
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD);
	pango_layout_set_text(lay, p->text, (int)p->len);
	int lines = pango_layout_get_line_count(lay);
	g_object_unref(lay);
	return lines > 0 ? 0 : -1;
}

/* SDL_ttf's wrapped, anti-aliased render to a new RGBA surface. */
static int run_sdl_ttf(bench *b, const para *p)
{
	static const SDL_Color white = {255, 255, 255, 255};
	SDL_Surface *s = TTF_RenderUTF8_Blended_Wrapped(b->ttf, p->text, white, WRAP_PX);
	if (!s)
		return -1;
	SDL_FreeSurface(s);
	return 0;
}

typedef enum {
	C_LAYOUT,
	C_FLOOR,
	C_PANGO,
	C_RENDER,
	C_SDL_TTF,
	C_LAYOUT_COLD_WORDS,
	C_COUNT
} contestant;

/* One pass of contestant k over paragraphs ps[0..n), each `times` times. */
static int pass(bench *b, contestant k, const para *ps, size_t n, int times)
{
	for (int t = 0; t < times; t++) {
		for (size_t i = 0; i < n; i++) {
			int rc = 0;
			switch (k) {
			case C_LAYOUT:
				rc = run_layout(b, &ps[i]);
				break;
			case C_FLOOR:
				rc = run_floor(b, &ps[i]) ? 0 : -1;
				break;
			case C_PANGO:
				rc = run_pango(b, &ps[i]);
				break;
			case C_RENDER:
				rc = run_render(b, &ps[i]);
				break;
			case C_SDL_TTF:
				rc = run_sdl_ttf(b, &ps[i]);
				break;
			case C_LAYOUT_COLD_WORDS:
				rc = run_layout_cold_words(b, &ps[i]);
				break;
			case C_COUNT:
				rc = -1;
				break;
			}
			if (rc < 0) {
				fprintf(stderr, "bench: contestant %d failed on a paragraph of %zu bytes\n",
					(int)k, ps[i].len);
				return -1;
			}
		}
	}
	return 0;
}

static int timed(bench *b, contestant k, const para *ps, size_t n, int times, double *us)
{
	double t0 = bench_now_us();
	if (pass(b, k, ps, n, times) < 0)
		return -1;
	*us = bench_now_us() - t0;
	return 0;
}

/* Issue #20's long text: one paragraph of LONG_WORDS words, the corpus's
 * English paragraphs in turn, laid out with the word cache emptied first
 * (as layout_corpus_cold_words_us), in µs per KB to set beside the corpus's
 * own cold figure. Line fitting is optimal at any length (linefit.c), in
 * O(words x words a line). SDL_ttf is left out: it reshapes the rest of the
 * paragraph for every line, which at this length takes minutes. */
#define LONG_WORDS 20000

static int long_paragraph_figure(bench *b, const corpus *c, const bench_plan *plan)
{
	size_t cap = 0, len = 0, words = 0, english = 0;
	for (size_t i = 0; i < c->n; i++)
		english += c->p[i].lang == LANG_EN && c->p[i].len > 0;
	if (!english)
		return -1;
	char *text = NULL;
	for (size_t i = 0; words < LONG_WORDS; i = (i + 1) % c->n) {
		const para *p = &c->p[i];
		if (p->lang != LANG_EN)
			continue;
		for (size_t k = 0; k < p->len && words < LONG_WORDS;) {
			size_t e = k;
			while (e < p->len && p->text[e] != ' ')
				e++;
			if (len + (e - k) + 2 > cap) {
				cap = cap ? cap * 2 : 4096;
				char *t = realloc(text, cap);
				if (!t) {
					free(text);
					return -1;
				}
				text = t;
			}
			if (len)
				text[len++] = ' ';
			memcpy(text + len, p->text + k, e - k);
			len += e - k;
			words++;
			k = e + 1;
		}
	}
	text[len] = '\0';
	para lp = {text, len, LANG_EN};
	size_t n = (size_t)plan->repeats;
	double *s = calloc(n, sizeof *s);
	int rc = s ? 0 : -1;
	for (int r = -plan->warmup; r < plan->repeats && rc == 0; r++) {
		double us = 0;
		rc = timed(b, C_LAYOUT_COLD_WORDS, &lp, 1, 1, &us);
		if (r >= 0)
			s[r] = us / ((double)len / 1024.0);
	}
	if (rc == 0) {
		bench_print("long_paragraph_words", LONG_WORDS, "count", BENCH_NO_TARGET, 0);
		bench_print("long_paragraph_bytes", (double)len, "B", BENCH_NO_TARGET, 0);
		bench_print("long_layout_cold_words_us_per_kb", bench_median(s, n), "us/KB",
			    BENCH_NO_TARGET, 0);
	}
	free(s);
	free(text);
	return rc;
}

/* ---- setup ------------------------------------------------------------- */

static int setup_pango(bench *b)
{
	/* A fontconfig of our own that knows only the one file: Pango must
	 * use exactly the font the others use, not whatever the system has. */
	FcConfig *fc = FcConfigCreate();
	if (!fc || !FcConfigAppFontAddFile(fc, (const FcChar8 *)FONT_FILE)) {
		fprintf(stderr, "bench: fontconfig cannot read %s\n", FONT_FILE);
		if (fc)
			FcConfigDestroy(fc);
		return -1;
	}
	b->fontmap = pango_ft2_font_map_new();
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(b->fontmap), fc);
	FcConfigDestroy(fc); /* the font map holds its own reference */
	PangoFontDescription *fd = pango_font_description_from_string("Noto Sans");
	pango_font_description_set_absolute_size(fd, FONT_PX * PANGO_SCALE);
	for (int l = 0; l <= LANG_EN; l++) {
		b->pango[l] = pango_font_map_create_context(b->fontmap);
		pango_context_set_font_description(b->pango[l], fd);
		pango_context_set_language(b->pango[l], pango_language_from_string(lang_code((lang_id)l)));
	}
	pango_font_description_free(fd);
	return 0;
}

static int setup_floor(bench *b)
{
	if (FT_Init_FreeType(&b->ft) || FT_New_Face(b->ft, FONT_FILE, 0, &b->ft_face) ||
	    FT_Select_Charmap(b->ft_face, FT_ENCODING_UNICODE) ||
	    FT_Set_Char_Size(b->ft_face, 0, FONT_PX * 64, 0, 0)) {
		fprintf(stderr, "bench: FreeType cannot open %s\n", FONT_FILE);
		return -1;
	}
	b->hb_font = hb_ft_font_create_referenced(b->ft_face);
	hb_ft_font_set_load_flags(b->hb_font, FT_LOAD_DEFAULT);
	b->hb_buf = hb_buffer_create();
	b->features[0] = (hb_feature_t){HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START,
					HB_FEATURE_GLOBAL_END};
	b->features[1] = (hb_feature_t){HB_TAG('l', 'i', 'g', 'a'), 1, HB_FEATURE_GLOBAL_START,
					HB_FEATURE_GLOBAL_END};
	return hb_buffer_allocation_successful(b->hb_buf) ? 0 : -1;
}

/* The drawing target is as tall as the tallest paragraph's layout (the
 * scaling test's longest paragraph is never drawn). */
static int setup_render(bench *b, const corpus *c)
{
	float h = 1;
	for (size_t i = 0; i < c->n; i++) {
		text_block blk = {TEXT_BLOCK_PARAGRAPH, 0, c->p[i].text, c->p[i].len, NULL, 0};
		text_params prm = params_for(c->p[i].lang);
		text_layout *l = NULL;
		if (text_engine_layout(b->eng, &blk, 1, &prm, &l) < 0)
			return -1;
		if (text_layout_height(l) > h)
			h = text_layout_height(l);
		text_layout_unref(l);
	}
	text_engine_cache_clear(b->eng);
	b->surf = SDL_CreateRGBSurfaceWithFormat(0, WRAP_PX, (int)h + 1, 32, SDL_PIXELFORMAT_ARGB8888);
	b->rend = b->surf ? SDL_CreateSoftwareRenderer(b->surf) : NULL;
	if (!b->rend || glyph_atlas_new(b->rend, &b->atlas) < 0) {
		fprintf(stderr, "bench: no software renderer: %s\n", SDL_GetError());
		return -1;
	}
	/* Our software path: glyphs composited straight into the surface. */
	glyph_atlas_set_surface(b->atlas, b->surf);
	return 0;
}

static int setup(bench *b, const corpus *c)
{
	diag_list *d = diag_list_new();
	if (!d || text_engine_new(FONT_DIR, d, &b->eng) < 0 ||
	    text_engine_new(FONT_DIR, d, &b->cold) < 0) {
		if (d)
			diag_print(d, stderr);
		diag_list_free(d);
		return -1;
	}
	diag_list_free(d);
	if (TTF_Init() < 0 || !(b->ttf = TTF_OpenFont(FONT_FILE, FONT_PX))) {
		fprintf(stderr, "bench: SDL_ttf cannot open %s: %s\n", FONT_FILE, TTF_GetError());
		return -1;
	}
	if (setup_floor(b) < 0 || setup_pango(b) < 0 || setup_render(b, c) < 0)
		return -1;
	for (size_t i = 0; i < c->n; i++)
		b->glyphs += run_floor(b, &c->p[i]);
	return 0;
}

static void teardown(bench *b)
{
	glyph_atlas_free(b->atlas);
	if (b->rend)
		SDL_DestroyRenderer(b->rend);
	SDL_FreeSurface(b->surf);
	for (int l = 0; l <= LANG_EN; l++)
		if (b->pango[l])
			g_object_unref(b->pango[l]);
	if (b->fontmap)
		g_object_unref(b->fontmap);
	hb_buffer_destroy(b->hb_buf);
	hb_font_destroy(b->hb_font);
	if (b->ft_face)
		FT_Done_Face(b->ft_face);
	if (b->ft)
		FT_Done_FreeType(b->ft);
	if (b->ttf)
		TTF_CloseFont(b->ttf);
	TTF_Quit();
	text_engine_free(b->eng);
	text_engine_free(b->cold);
}

/* ---- the figures ----------------------------------------------------- */

/* Turn j of repeat r, a Williams design: row 0 is 0, 1, n-1, 2, n-2, ...
 * and row r adds r to each (mod n). For an even n the steps between turns
 * of row 0 are all different, so over any n successive repeats every
 * contestant comes straight after every other exactly once. (Only starting
 * each repeat one further on keeps the cyclic order: each contestant would
 * only ever follow the same one.) */
static int balanced_turn(int r, int j)
{
	_Static_assert(C_COUNT % 2 == 0, "a Williams design of one square needs an even count");
	int first = j == 0 ? 0 : j % 2 ? (j + 1) / 2 : C_COUNT - j / 2;
	return (first + r) % C_COUNT;
}

static int corpus_figures(bench *b, const corpus *c, const bench_plan *plan)
{
	static const char *const names[C_COUNT] = {
		"layout_corpus_us",  "shape_floor_us",    "pango_layout_us",
		"render_corpus_us",  "sdl_ttf_render_us", "layout_corpus_cold_words_us"};
	size_t n = (size_t)plan->repeats;
	double *s[C_COUNT];
	for (int k = 0; k < C_COUNT; k++)
		s[k] = calloc(n, sizeof *s[k]);
	int rc = 0;
	for (int r = -plan->warmup; r < plan->repeats && rc == 0; r++) {
		/* Taking turns in the order of row r of a balanced Latin square,
		 * so that none always finds the caches as one particular peer
		 * left them. */
		for (int j = 0; j < C_COUNT && rc == 0; j++) {
			int k = balanced_turn(r + plan->warmup, j);
			if (!s[k]) {
				rc = -1;
				break;
			}
			double us = 0;
			rc = timed(b, (contestant)k, c->p, c->n, 1, &us);
			if (r >= 0)
				s[k][r] = us;
		}
	}
	if (rc == 0) {
		double m[C_COUNT];
		for (int k = 0; k < C_COUNT; k++) {
			m[k] = bench_median(s[k], n);
			bench_print(names[k], m[k], "us", BENCH_NO_TARGET, 0);
		}
		bench_print("ratio_layout_vs_floor", m[C_LAYOUT] / m[C_FLOOR], "x", BENCH_AT_MOST, 1.3);
		bench_print("ratio_pango_vs_layout", m[C_PANGO] / m[C_LAYOUT], "x", BENCH_AT_LEAST, 4);
		bench_print("ratio_sdl_ttf_vs_render", m[C_SDL_TTF] / m[C_RENDER], "x", BENCH_AT_LEAST,
			    5);
		/* The same two layout ratios with every word shaped, for the
		 * first screen after start-up, or text never seen before. */
		bench_print("ratio_layout_cold_words_vs_floor", m[C_LAYOUT_COLD_WORDS] / m[C_FLOOR],
			    "x", BENCH_AT_MOST, 1.10);
		bench_print("ratio_pango_vs_layout_cold_words", m[C_PANGO] / m[C_LAYOUT_COLD_WORDS],
			    "x", BENCH_AT_LEAST, 4);
		bench_print("floor_ns_per_glyph", m[C_FLOOR] * 1e3 / (double)b->glyphs, "ns",
			    BENCH_NO_TARGET, 0);
	}
	for (int k = 0; k < C_COUNT; k++)
		free(s[k]);
	return rc;
}

/* The longest paragraph of the corpus, repeated 1, 2, 4 and 8 times (joined
 * by spaces) as one paragraph: µs per KB of our layout and of SDL_ttf's
 * render. Ours should stay flat; SDL_ttf reshapes the rest of the paragraph
 * for every line, so its cost per KB grows with the paragraph. */
static int scaling_figures(bench *b, const corpus *c, const bench_plan *plan)
{
	const para *longest = &c->p[0];
	for (size_t i = 1; i < c->n; i++)
		if (c->p[i].len > longest->len)
			longest = &c->p[i];
	enum { SIZES = 4 };
	static const int reps[SIZES] = {1, 2, 4, 8};
	para ps[SIZES] = {{0}};
	size_t n = (size_t)plan->repeats;
	double *s[SIZES][2] = {{0}};
	int rc = 0;
	for (int z = 0; z < SIZES && rc == 0; z++) {
		size_t len = longest->len * (size_t)reps[z] + (size_t)reps[z] - 1;
		ps[z] = (para){malloc(len + 1), len, longest->lang};
		s[z][0] = calloc(n, sizeof(double));
		s[z][1] = calloc(n, sizeof(double));
		if (!ps[z].text || !s[z][0] || !s[z][1]) {
			rc = -1;
			break;
		}
		char *w = ps[z].text;
		for (int k = 0; k < reps[z]; k++) {
			if (k)
				*w++ = ' ';
			memcpy(w, longest->text, longest->len);
			w += longest->len;
		}
		*w = '\0';
	}
	for (int r = -plan->warmup; r < plan->repeats && rc == 0; r++) {
		for (int z = 0; z < SIZES && rc == 0; z++) {
			double us[2] = {0, 0};
			int times = SCALE_MAX / reps[z];
			rc = timed(b, C_LAYOUT, &ps[z], 1, times, &us[0]) < 0 ||
					     timed(b, C_SDL_TTF, &ps[z], 1, times, &us[1]) < 0
				     ? -1
				     : 0;
			for (int k = 0; k < 2 && rc == 0 && r >= 0; k++)
				s[z][k][r] = us[k] / ((double)ps[z].len * times / 1024.0);
		}
	}
	if (rc == 0) {
		double m[SIZES][2];
		for (int z = 0; z < SIZES; z++)
			for (int k = 0; k < 2; k++)
				m[z][k] = bench_median(s[z][k], n);
		bench_print("scaling_paragraph_bytes", (double)longest->len, "B", BENCH_NO_TARGET, 0);
		double spread = 0;
		for (int z = 0; z < SIZES; z++) {
			char name[64];
			snprintf(name, sizeof name, "scaling_layout_x%d", reps[z]);
			bench_print(name, m[z][0], "us/KB", BENCH_NO_TARGET, 0);
			double d = m[z][0] / m[0][0] - 1;
			if ((d < 0 ? -d : d) > spread)
				spread = d < 0 ? -d : d;
		}
		for (int z = 0; z < SIZES; z++) {
			char name[64];
			snprintf(name, sizeof name, "scaling_sdl_ttf_x%d", reps[z]);
			bench_print(name, m[z][1], "us/KB", BENCH_NO_TARGET, 0);
		}
		/* The largest departure from the x1 figure, in percent. */
		bench_print("scaling_layout_spread_pct", spread * 100, "%", BENCH_AT_MOST, 20);
	}
	for (int z = 0; z < SIZES; z++) {
		free(ps[z].text);
		free(s[z][0]);
		free(s[z][1]);
	}
	return rc;
}

/* --only NAME: that contestant's corpus pass alone, repeatedly, for a
 * profiler. Callgrind counts instructions repeatably; the warm-up (at least
 * one pass, so that fonts and glyphs are warm even with --smoke) runs
 * outside timed(), so that
 *   valgrind --tool=callgrind --toggle-collect=timed build/bench/text --only NAME --smoke
 * counts exactly one warm pass. */
static int profile_one(bench *b, const corpus *c, const bench_plan *plan, const char *name)
{
	static const char *const names[C_COUNT] = {"layout", "floor",   "pango",
						   "render", "sdl_ttf", "layout_cold_words"};
	for (int k = 0; k < C_COUNT; k++) {
		if (strcmp(name, names[k]) != 0)
			continue;
		double *s = calloc((size_t)plan->repeats, sizeof *s);
		int rc = s ? 0 : -1;
		for (int r = 0; r < (plan->warmup > 1 ? plan->warmup : 1) && rc == 0; r++)
			rc = pass(b, (contestant)k, c->p, c->n, 1);
		for (int r = 0; r < plan->repeats && rc == 0; r++)
			rc = timed(b, (contestant)k, c->p, c->n, 1, &s[r]);
		if (rc == 0) {
			char figure[64];
			snprintf(figure, sizeof figure, "only_%s_us", name);
			bench_print(figure, bench_median(s, (size_t)plan->repeats), "us",
				    BENCH_NO_TARGET, 0);
		}
		free(s);
		return rc;
	}
	fprintf(stderr,
		"bench: --only takes layout, floor, pango, render, sdl_ttf or layout_cold_words, "
		"not %s\n",
		name);
	return -1;
}

/* ---- the first paragraph of a new engine ------------------------------ */

/* The first layout a fresh engine makes: the engine (and with it the four
 * font files, read, self-checked and their GSUB and GPOS prepared, once per
 * file) is made untimed, as at start-up, then the corpus's first paragraph
 * is laid out, which makes its face at this size (FreeType and HarfBuzz on
 * the file's shared face) and pays every first-time cost left: HarfBuzz
 * planning the shaping for this language, the advances of each new glyph
 * and the first use of every buffer. *us is that layout's time; `instr`
 * brackets it for callgrind. */
static int first_layout(const para *p, double *us, bool instr)
{
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	if (!d || text_engine_new(FONT_DIR, d, &e) < 0) {
		if (d)
			diag_print(d, stderr);
		diag_list_free(d);
		return -1;
	}
	diag_list_free(d);
	if (instr) {
		CALLGRIND_START_INSTRUMENTATION;
		bench_instr_begin();
	}
	double t0 = bench_now_us();
	int rc = layout_once(e, p);
	*us = bench_now_us() - t0;
	if (instr) {
		bench_instr_end("first_layout");
		CALLGRIND_STOP_INSTRUMENTATION;
	}
	text_engine_free(e);
	return rc;
}

/* Its floors: the same paragraph's hb_shape on a font made just before
 * (fresh, so HarfBuzz loads the tables, plans, and asks FreeType for every
 * hinted advance, as any first shaping with hb_ft must), and on the bench's
 * warm floor font (run_floor). The FreeType face is opened and sized
 * untimed, as our engine's font files are read untimed. */
static int first_floor(bench *b, const para *p, double *fresh_us, double *warm_us, bool instr)
{
	FT_Face ft;
	if (FT_New_Face(b->ft, FONT_FILE, 0, &ft) || FT_Select_Charmap(ft, FT_ENCODING_UNICODE) ||
	    FT_Set_Char_Size(ft, 0, FONT_PX * 64, 0, 0))
		return -1;
	hb_font_t *warm = b->hb_font;
	if (instr) {
		CALLGRIND_START_INSTRUMENTATION;
		bench_instr_begin();
	}
	double t0 = bench_now_us();
	b->hb_font = hb_ft_font_create_referenced(ft);
	hb_ft_font_set_load_flags(b->hb_font, FT_LOAD_DEFAULT);
	size_t n = run_floor(b, p);
	hb_font_destroy(b->hb_font);
	*fresh_us = bench_now_us() - t0;
	if (instr)
		bench_instr_end("first_shape_new_font");
	b->hb_font = warm;
	FT_Done_Face(ft);
	if (instr)
		bench_instr_begin();
	t0 = bench_now_us();
	n = n && run_floor(b, p);
	*warm_us = bench_now_us() - t0;
	if (instr) {
		bench_instr_end("first_para_floor");
		CALLGRIND_STOP_INSTRUMENTATION;
	}
	return n ? 0 : -1;
}

/* The paragraph the first-layout figures set: the corpus's first of at
 * least FIRST_PARA_MIN bytes, a body paragraph of a few lines (the corpus
 * opens with short headings, where the fixed costs alone would count). */
#define FIRST_PARA_MIN 200
static const para *first_para(const corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->p[i].len >= FIRST_PARA_MIN)
			return &c->p[i];
	return &c->p[0];
}

/* first_layout_new_engine_us against both floors, medians of fresh engines
 * and fonts taking turns. */
static int first_figures(bench *b, const corpus *c, const bench_plan *plan)
{
	const para *p = first_para(c);
	size_t n = (size_t)plan->repeats;
	double *ours = calloc(n, sizeof *ours), *fresh = calloc(n, sizeof *fresh),
	       *warm = calloc(n, sizeof *warm);
	int rc = ours && fresh && warm ? 0 : -1;
	for (int r = -plan->warmup; r < plan->repeats && rc == 0; r++) {
		double a = 0, f = 0, w = 0;
		rc = first_layout(p, &a, false) < 0 || first_floor(b, p, &f, &w, false) < 0
			     ? -1
			     : 0;
		if (r >= 0) {
			ours[r] = a;
			fresh[r] = f;
			warm[r] = w;
		}
	}
	if (rc == 0) {
		double mo = bench_median(ours, n), mf = bench_median(fresh, n),
		       mw = bench_median(warm, n);
		bench_print("first_para_bytes", (double)p->len, "B", BENCH_NO_TARGET, 0);
		bench_print("first_layout_new_engine_us", mo, "us", BENCH_NO_TARGET, 0);
		bench_print("first_shape_new_font_us", mf, "us", BENCH_NO_TARGET, 0);
		bench_print("first_para_floor_us", mw, "us", BENCH_NO_TARGET, 0);
		bench_print("ratio_first_layout_vs_floor", mo / mw, "x", BENCH_AT_MOST, 2);
		bench_print("ratio_first_layout_vs_new_font", mo / mf, "x", BENCH_NO_TARGET, 0);
	}
	free(ours);
	free(fresh);
	free(warm);
	return rc;
}

/* --instr, for `make bench-instr` under callgrind (bench/instr.sh): one
 * pass of each contestant over the corpus, each after an uncounted pass
 * that warms fonts, glyphs and HarfBuzz's plans (and the word cache, for
 * the warm layout and the drawing), run uninstrumented to save time. The
 * counts repeat exactly, so one pass is enough. The drawing blends four
 * pixels at a time, as on a CPU without AVX2 (main), so that they repeat on
 * every x86-64. */
static int instr_figures(bench *b, const corpus *c)
{
	static const char *const dumps[C_COUNT] = {
		"layout_warm", "floor",  "pango",
		"render",      "sdl_ttf", "layout_cold"};
	for (int k = 0; k < C_COUNT; k++) {
		CALLGRIND_STOP_INSTRUMENTATION;
		if (pass(b, (contestant)k, c->p, c->n, 1) < 0)
			return -1;
		CALLGRIND_START_INSTRUMENTATION;
		bench_instr_begin();
		int rc = pass(b, (contestant)k, c->p, c->n, 1);
		bench_instr_end(dumps[k]);
		if (rc < 0)
			return -1;
	}
	double us, fresh, warm;
	CALLGRIND_STOP_INSTRUMENTATION;
	return first_layout(first_para(c), &us, true) < 0 ||
			       first_floor(b, first_para(c), &fresh, &warm, true) < 0
		       ? -1
		       : 0;
}

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(REPEATS, WARMUP);
	const char *only = NULL;
	bool instr = false;
	for (int i = 1; i < argc; i++) {
		if (bench_parse_arg(argv[i], &plan))
			continue;
		if (strcmp(argv[i], "--instr") == 0) {
			instr = true;
			continue;
		}
		if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
			only = argv[++i];
			continue;
		}
		fprintf(stderr, "usage: %s [--smoke | --instr] [--only CONTESTANT]\n", argv[0]);
		return 2;
	}
	corpus c = {0};
	bench b = {0};
	int rc = 1;
	if (corpus_load(&c) < 0 || c.n == 0) {
		fprintf(stderr, "bench: cannot load the corpus (run from the repo root)\n");
		goto out;
	}
	if (setup(&b, &c) < 0)
		goto out;
	if (only) {
		rc = profile_one(&b, &c, &plan, only) < 0 ? 1 : 0;
		goto out;
	}
	puts("# text: the corpus of docs/performance.md in Noto Sans Regular 32 px, 1000 px lines; "
	     "layout caches cold; fonts, glyphs and the word cache warm except *_cold_words; "
	     "render_corpus_us clears each text's box, software renderer into memory");
	printf("corpus_paragraphs %zu count\ncorpus_bytes %zu B\ncorpus_glyphs %zu count\n", c.n,
	       c.bytes, b.glyphs);
	if (instr) {
		glyph_atlas_set_wide(b.atlas, false); /* see instr_figures */
		rc = instr_figures(&b, &c) < 0 ? 1 : 0;
		goto out;
	}
	if (corpus_figures(&b, &c, &plan) < 0 || scaling_figures(&b, &c, &plan) < 0 ||
	    long_paragraph_figure(&b, &c, &plan) < 0 ||
	    first_figures(&b, &c, &plan) < 0)
		goto out;
	rc = 0;
out:
	teardown(&b);
	corpus_free(&c);
	return rc;
}
