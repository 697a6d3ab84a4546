/* The layout engine against its promises: widths that agree with SDL_ttf,
 * lines that fit and break only where ICU allows, minimum raggedness no worse
 * than first fit, Welsh letters the same composed or not, hit-testing that
 * round-trips, fallback fonts, the cache, and no crash on hostile input.
 * Runs from the repo root (fonts/, tests/golden/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "text/fonts.h"
#include "text/layout.h"

static const char *const seed_files[] = {"tests/golden/text_seed_000.txt",
					 "tests/golden/text_seed_001.txt"};

typedef struct {
	char *text[64];
	size_t len[64];
	size_t n;
} lines_t;

/* The non-empty lines of both seed files. */
static void read_seeds(lines_t *out)
{
	out->n = 0;
	for (size_t f = 0; f < 2; f++) {
		FILE *fp = fopen(seed_files[f], "rb");
		assert_non_null(fp);
		char buf[16384];
		while (fgets(buf, sizeof buf, fp)) {
			size_t n = strlen(buf);
			while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
				n--;
			if (n == 0)
				continue;
			assert_true(out->n < 64);
			out->text[out->n] = malloc(n + 1);
			memcpy(out->text[out->n], buf, n);
			out->text[out->n][n] = '\0';
			out->len[out->n++] = n;
		}
		fclose(fp);
	}
	assert_true(out->n >= 20);
}

static void free_seeds(lines_t *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->text[i]);
}

static text_engine *engine(void)
{
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	int rc = text_engine_new("fonts", d, &e);
	if (rc != 0)
		diag_print(d, stderr);
	assert_int_equal(rc, 0);
	diag_list_free(d);
	return e;
}

static text_params params(float width, float px)
{
	text_params p = {0};
	p.width = width;
	p.body_px = px;
	p.lang = LANG_EN;
	return p;
}

static text_layout *lay(text_engine *e, const char *t, size_t len, unsigned flags,
			const text_params *p)
{
	text_span sp = {0, len, flags};
	text_block b = {TEXT_BLOCK_PARAGRAPH, 0, t, len, &sp, flags ? 1 : 0};
	text_layout *l = NULL;
	assert_int_equal(text_engine_layout(e, &b, 1, p, &l), 0);
	assert_non_null(l);
	return l;
}

static float width_of(text_engine *e, const char *t, size_t len, float px)
{
	text_params p = params(1e6f, px);
	text_layout *l = lay(e, t, len, 0, &p);
	assert_int_equal(text_layout_line_count(l), 1);
	text_line ln;
	text_layout_line(l, 0, &ln);
	text_layout_unref(l);
	return ln.width;
}

/* Every non-empty seed line, unwrapped, in regular and bold at several
 * sizes: our advance width against TTF_SizeUTF8 on the same file and size. */
static void widths_match_sdl_ttf(void **state)
{
	(void)state;
	assert_int_equal(TTF_Init(), 0);
	text_engine *e = engine();
	lines_t seeds;
	read_seeds(&seeds);
	static const char *const files[] = {"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf"};
	static const unsigned flags[] = {TEXT_REGULAR, TEXT_BOLD};
	static const int sizes[] = {12, 16, 20, 24, 32, 48};
	float worst = 0;
	size_t compared = 0;
	for (size_t s = 0; s < 2; s++) {
		for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
			TTF_Font *font = TTF_OpenFont(files[s], sizes[z]);
			assert_non_null(font);
			for (size_t i = 0; i < seeds.n; i++) {
				int w, h;
				assert_int_equal(TTF_SizeUTF8(font, seeds.text[i], &w, &h), 0);
				text_params p = params(1e6f, (float)sizes[z]);
				text_layout *l = lay(e, seeds.text[i], seeds.len[i], flags[s], &p);
				assert_int_equal(text_layout_line_count(l), 1);
				text_line ln;
				text_layout_line(l, 0, &ln);
				float d = fabsf(ln.width - (float)w);
				if (d > worst)
					worst = d;
				if (d > 1.0f)
					fprintf(stderr, "%s %dpx: ours %.2f, SDL_ttf %d: %s\n", files[s],
						sizes[z], (double)ln.width, w, seeds.text[i]);
				assert_true(d <= 1.0f);
				compared++;
				text_layout_unref(l);
			}
			TTF_CloseFont(font);
		}
	}
	printf("widths: %zu lines compared with SDL_ttf, worst difference %.2f px\n", compared,
	       (double)worst);
	free_seeds(&seeds);
	text_engine_free(e);
	TTF_Quit();
}

/* ICU's line break opportunities of t, independently of the engine. */
static bool *icu_line_breaks(const char *t, size_t len)
{
	bool *ok = calloc(len + 1, 1);
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, t, (int64_t)len, &st);
	UBreakIterator *bi = ubrk_open(UBRK_LINE, "en", NULL, 0, &st);
	ubrk_setUText(bi, ut, &st);
	assert_true(U_SUCCESS(st));
	for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
		ok[p] = true;
	ubrk_close(bi);
	utext_close(ut);
	return ok;
}

/* What the optimum minimises (linefit.h), from the outside: squared slack
 * of every line but the last, a penalty for a one-word last line, and one
 * for each break inside a word. */
static double raggedness(const text_layout *l, float width)
{
	size_t n = text_layout_line_count(l);
	size_t len;
	const char *t = text_layout_block_text(l, 0, &len);
	bool *ok = icu_line_breaks(t, len);
	double sum = 0;
	int64_t w64 = (int64_t)floorf(width * 64.0f);
	double wpx = (double)w64 / 64.0;
	for (size_t i = 0; i + 1 < n; i++) {
		text_line ln;
		text_layout_line(l, i, &ln);
		double slack = wpx - (double)ln.width;
		sum += slack * slack;
		if (!ok[ln.end])
			sum += 1.0 * wpx * wpx;
	}
	if (n > 1) {
		text_line ln;
		text_layout_line(l, n - 1, &ln);
		bool one_word = true;
		for (size_t b = ln.start + 1; b < ln.end; b++)
			if (ok[b])
				one_word = false;
		if (one_word)
			sum += 0.09 * wpx * wpx;
	}
	free(ok);
	return sum;
}

static void check_lines(text_engine *e, const text_layout *l, const char *t, size_t len,
			float width, float px)
{
	bool *ok = icu_line_breaks(t, len);
	size_t n = text_layout_line_count(l);
	assert_true(n >= 1);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		text_line ln;
		assert_int_equal(text_layout_line(l, i, &ln), 0);
		assert_int_equal(ln.start, at);
		assert_true(ln.end > ln.start);
		assert_true(ln.width <= width + 0.01f);
		if (!ok[ln.end]) {
			/* Only inside a word too wide for any line. */
			size_t a = ln.end, z = ln.end;
			while (a > 0 && !ok[a])
				a--;
			while (z < len && !ok[z])
				z++;
			assert_true(width_of(e, t + a, z - a, px) > width);
		}
		at = ln.end;
	}
	assert_int_equal(at, len);
	free(ok);
}

/* Wrapped seed paragraphs: every line fits, the lines are the paragraph,
 * breaks only at ICU opportunities; the optimum's cost is at most greedy's. */
static void wrapping_invariants(void **state)
{
	(void)state;
	text_engine *e = engine();
	lines_t seeds;
	read_seeds(&seeds);
	static const float widths[] = {90, 200, 333.3f, 480, 900};
	double sum_opt = 0, sum_greedy = 0;
	for (size_t i = 0; i < seeds.n; i++) {
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
			text_params p = params(widths[w], 20);
			text_layout *opt = lay(e, seeds.text[i], seeds.len[i], 0, &p);
			p.greedy = true;
			text_layout *gr = lay(e, seeds.text[i], seeds.len[i], 0, &p);
			check_lines(e, opt, seeds.text[i], seeds.len[i], widths[w], 20);
			check_lines(e, gr, seeds.text[i], seeds.len[i], widths[w], 20);
			double ro = raggedness(opt, widths[w]), rg = raggedness(gr, widths[w]);
			if (ro > rg + 1e-6 * (1 + rg))
				fprintf(stderr, "optimal %.1f > greedy %.1f at width %.1f: %s\n", ro, rg,
					(double)widths[w], seeds.text[i]);
			assert_true(ro <= rg + 1e-6 * (1 + rg));
			sum_opt += ro;
			sum_greedy += rg;
			text_layout_unref(opt);
			text_layout_unref(gr);
		}
	}
	printf("raggedness over the seed paragraphs: optimal %.0f, greedy %.0f\n", sum_opt,
	       sum_greedy);
	assert_true(sum_opt < sum_greedy);
	free_seeds(&seeds);
	text_engine_free(e);
}

/* Trailing spaces hang: a line's width stops at its last visible glyph. */
static void trailing_spaces_hang(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *t = "alpha beta gamma";
	float w_alpha = width_of(e, "alpha", 5, 20);
	float w_ab = width_of(e, "alpha beta", 10, 20);
	/* Room for "alpha beta" exactly: the space after it must not push
	 * "beta" down. */
	text_params p = params(w_ab + 0.5f, 20);
	p.greedy = true;
	text_layout *l = lay(e, t, strlen(t), 0, &p);
	assert_int_equal(text_layout_line_count(l), 2);
	text_line ln;
	text_layout_line(l, 0, &ln);
	assert_int_equal(ln.end, 11); /* "alpha beta " with its space */
	assert_true(fabsf(ln.width - w_ab) < 0.01f);
	assert_true(w_alpha < w_ab);
	text_layout_unref(l);
	text_engine_free(e);
}

/* Whether the line t[start..end) ends with a number and one space. */
static bool ends_with_number(const char *t, size_t start, size_t end)
{
	if (end - start < 2 || t[end - 1] != ' ' || t[end - 2] < '0' || t[end - 2] > '9')
		return false;
	size_t d = end - 2;
	while (d > start && ((t[d - 1] >= '0' && t[d - 1] <= '9') || t[d - 1] == ','))
		d--;
	return d == start || t[d - 1] == ' ' || t[d - 1] == '(';
}

/* A number stays on the line of the word it counts ("6 cam", "1,250
 * tudalen", "(7 gair"): at no width that holds the widest such pair does a
 * line end with a number. (Narrower, a pair is broken between its letters
 * as any word too wide for the line is.) */
static void number_keeps_its_word(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *t = "Daethoch o hyd i 4 o\xe2\x80\x99r 6 cam a 1,250 tudalen (7 gair) heddiw";
	size_t len = strlen(t);
	float full = width_of(e, t, len, 20);
	size_t lines = 0;
	for (float w = width_of(e, "1,250 tudalen", 13, 20) + 1; w < full; w += 2) {
		text_params p = params(w, 20);
		text_layout *l = lay(e, t, len, 0, &p);
		for (size_t i = 0; i < text_layout_line_count(l); i++, lines++) {
			text_line ln;
			text_layout_line(l, i, &ln);
			if (ends_with_number(t, ln.start, ln.end))
				fail_msg("at %.0f px, line %zu ends with a number: \"%.*s\"", (double)w,
					 i, (int)(ln.end - ln.start), t + ln.start);
		}
		text_layout_unref(l);
	}
	assert_true(lines > 50);
	text_engine_free(e);
}

static void glyph_ids(const text_layout *l, uint32_t *out, size_t *n)
{
	*n = 0;
	for (size_t r = 0; r < text_layout_run_count(l); r++) {
		text_run run;
		text_layout_run(l, r, &run);
		for (size_t g = 0; g < run.n; g++)
			out[(*n)++] = run.glyphs[g];
	}
}

/* w + U+0302 composes to ŵ (the font has it): same glyphs, same width. */
static void welsh_decomposed_same_as_composed(void **state)
{
	(void)state;
	text_engine *e = engine();
	static const char *const pairs[][2] = {
		{"d\xC5\xB5r", "dw\xCC\x82r"},                 /* dŵr */
		{"t\xC5\xB7", "ty\xCC\x82"},                   /* tŷ */
		{"\xC5\xB4YTHNOS \xC5\xB6", "W\xCC\x82YTHNOS Y\xCC\x82"}, /* Ŵ, Ŷ */
		{"cl\xC3\xAAr", "cle\xCC\x82r"},               /* clêr */
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		for (unsigned fl = 0; fl <= TEXT_ITALIC; fl += TEXT_BOLD) {
			text_params p = params(1000, 24);
			p.lang = LANG_CY;
			text_layout *a = lay(e, pairs[i][0], strlen(pairs[i][0]), fl, &p);
			text_layout *b = lay(e, pairs[i][1], strlen(pairs[i][1]), fl, &p);
			text_line la, lb;
			text_layout_line(a, 0, &la);
			text_layout_line(b, 0, &lb);
			assert_true(la.width > 10);
			assert_true(la.width == lb.width);
			uint32_t ga[32], gb[32];
			size_t na, nb;
			glyph_ids(a, ga, &na);
			glyph_ids(b, gb, &nb);
			assert_int_equal(na, nb);
			assert_memory_equal(ga, gb, na * sizeof *ga);
			assert_int_equal(text_layout_missing_glyphs(b), 0);
			text_layout_unref(a);
			text_layout_unref(b);
		}
	}
	text_engine_free(e);
}

/* range -> rects -> points -> range, and word_at on a known word. */
static void hit_testing_round_trip(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *t = "Mae adolygiadau arfer plant fel arfer yn nodi pwysigrwydd cyfathrebu a "
			"rhannu gwybodaeth rhwng gweithwyr proffesiynol ac asiantaethau.";
	size_t len = strlen(t);
	text_params p = params(300, 20);
	p.lang = LANG_CY;
	text_layout *l = lay(e, t, len, 0, &p);
	assert_true(text_layout_line_count(l) >= 3);

	size_t starts[64], ends[64];
	size_t nw = text_layout_words(l, 0, starts, ends, 64);
	assert_int_equal(nw, 18);
	assert_int_equal(starts[1], 4);
	assert_int_equal(ends[1], 15); /* "adolygiadau" */
	for (size_t w = 0; w < nw; w++) {
		text_rect r[4];
		size_t n = text_layout_range_rects(l, 0, starts[w], ends[w], r, 4);
		assert_int_equal(n, 1); /* words are never split at this width */
		assert_true(r[0].w > 0);
		text_pos pos;
		bool trailing;
		assert_int_equal(text_layout_hit(l, r[0].x + 0.5f, r[0].y + r[0].h / 2, &pos, &trailing), 0);
		assert_int_equal(pos.block, 0);
		assert_int_equal(pos.offset, starts[w]);
		assert_false(trailing);
		assert_int_equal(text_layout_hit(l, r[0].x + r[0].w - 0.5f, r[0].y + r[0].h / 2, &pos,
						 &trailing), 0);
		assert_true(trailing);
		assert_int_equal(pos.offset, ends[w] - 1); /* the last letter, caret after it */
		size_t b, s, z;
		assert_int_equal(text_layout_word_at(l, r[0].x + r[0].w / 2, r[0].y + r[0].h / 2, &b, &s,
						     &z), 0);
		assert_int_equal(s, starts[w]);
		assert_int_equal(z, ends[w]);
	}
	/* A range across lines: one rect per line segment, in line order. */
	text_rect r[8];
	size_t n = text_layout_range_rects(l, 0, 0, len, r, 8);
	assert_int_equal(n, text_layout_line_count(l));
	for (size_t i = 1; i < n; i++)
		assert_true(r[i].y > r[i - 1].y);
	/* Points off the text: nothing under them, but hit still finds a caret. */
	size_t b, s, z;
	assert_int_equal(text_layout_word_at(l, -5, 5, &b, &s, &z), -1);
	assert_int_equal(text_layout_word_at(l, 5, 1e4f, &b, &s, &z), -1);
	text_pos pos;
	bool trailing;
	assert_int_equal(text_layout_hit(l, 1e4f, 1e4f, &pos, &trailing), 0);
	assert_true(trailing);
	assert_int_equal(pos.offset, len - 1);
	/* The space between two words is not a word. */
	text_rect sp[2];
	assert_int_equal(text_layout_range_rects(l, 0, 3, 4, sp, 2), 1);
	assert_int_equal(text_layout_word_at(l, sp[0].x + sp[0].w / 2, sp[0].y + 2, &b, &s, &z), -1);
	text_layout_unref(l);
	text_engine_free(e);
}

static void check_cover(const text_layout *l, size_t len)
{
	size_t n = text_layout_line_count(l);
	assert_true(n >= 1);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		text_line ln;
		text_layout_line(l, i, &ln);
		assert_int_equal(ln.start, at);
		assert_true(ln.end > ln.start || len == 0);
		assert_true(isfinite(ln.width) && ln.width >= 0);
		at = ln.end;
	}
	assert_int_equal(at, len);
}

/* Garbage, empty, huge and absurd parameters: sane layouts, no crash. */
static void hostile_input(void **state)
{
	(void)state;
	text_engine *e = engine();
	static const char bad[] = "caf\xC3 \xE2\x82 \xF0\x9F\x98 ok \xFF\xFE \xC0\xAF end\xED\xA0\x80"
				  "\xF4\x90\x80\x80 \x80\x80\x80 tail\xE2";
	text_params p = params(120, 18);
	text_layout *l = lay(e, bad, sizeof bad - 1, 0, &p);
	check_cover(l, sizeof bad - 1);
	text_pos pos;
	bool tr;
	assert_int_equal(text_layout_hit(l, 50, 10, &pos, &tr), 0);
	size_t st[32], en[32];
	size_t nw = text_layout_words(l, 0, st, en, 32);
	for (size_t i = 0; i < nw && i < 32; i++)
		assert_true(st[i] < en[i] && en[i] <= sizeof bad - 1);
	text_layout_unref(l);

	/* Empty text: one empty line. */
	l = lay(e, "", 0, 0, &p);
	assert_int_equal(text_layout_line_count(l), 1);
	text_line ln;
	text_layout_line(l, 0, &ln);
	assert_int_equal(ln.start, 0);
	assert_int_equal(ln.end, 0);
	assert_true(ln.height > 0);
	assert_int_equal(text_layout_hit(l, 3, 3, &pos, &tr), 0);
	assert_int_equal(pos.offset, 0);
	text_layout_unref(l);

	/* Zero, negative, NaN widths and sizes. */
	const char *t = "Adolygiadau arfer plant";
	static const float ws[] = {0, -50, NAN, INFINITY, 1, 3};
	static const float ps[] = {0, -3, NAN, 1, 2000, 20};
	for (size_t i = 0; i < 6; i++) {
		text_params q = params(ws[i], ps[i]);
		q.line_height = -1;
		q.block_gap = NAN;
		q.measure_cap = -4;
		l = lay(e, t, strlen(t), 0, &q);
		check_cover(l, strlen(t));
		assert_true(isfinite(text_layout_height(l)) && text_layout_height(l) > 0);
		text_layout_unref(l);
	}

	/* Random bytes with every flag combination and silly spans. */
	srand(7);
	char buf[2048];
	for (int round = 0; round < 50; round++) {
		size_t n = (size_t)(rand() % (int)sizeof buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)(rand() % 256);
		text_span spans[3] = {{(size_t)rand() % 3000, (size_t)rand() % 3000, (unsigned)rand()},
				      {5, 2, TEXT_BOLD},
				      {0, SIZE_MAX, TEXT_LINK}};
		text_block b = {(text_block_kind)(rand() % 6), rand() % 7 - 2, buf, n, spans, 3};
		text_params q = params((float)(rand() % 400), (float)(rand() % 40));
		q.greedy = rand() % 2;
		q.align = (text_align)(rand() % 3);
		assert_int_equal(text_engine_layout(e, &b, 1, &q, &l), 0);
		check_cover(l, n);
		text_layout_unref(l);
	}
	text_engine_free(e);
}

/* A 1 MB paragraph: words, and one with no break opportunity at all. */
static void megabyte_paragraph(void **state)
{
	(void)state;
	text_engine *e = engine();
	size_t len = 1u << 20;
	char *t = malloc(len);
	static const char words[] = "gwybodaeth rhwng gweithwyr proffesiynol ac asiantaethau. ";
	for (size_t i = 0; i < len; i++)
		t[i] = words[i % (sizeof words - 1)];
	text_params p = params(600, 20);
	text_layout *l = lay(e, t, len, 0, &p);
	check_cover(l, len);
	assert_true(text_layout_line_count(l) > 10000);
	text_layout_unref(l);
	memset(t, 'w', len);
	l = lay(e, t, len, 0, &p);
	check_cover(l, len);
	for (size_t i = 0; i < text_layout_line_count(l); i++) {
		text_line ln;
		text_layout_line(l, i, &ln);
		assert_true(ln.width <= 600);
	}
	text_layout_unref(l);
	/* Font changes at every character, and joined Arabic with no break
	 * opportunity: both stay linear enough to finish. */
	for (size_t i = 0; i + 4 <= len; i += 4)
		memcpy(t + i, "a\xE2\x98\x83", 4); /* a☃ */
	l = lay(e, t, len, 0, &p);
	check_cover(l, len);
	text_layout_unref(l);
	for (size_t i = 0; i + 2 <= len; i += 2)
		memcpy(t + i, "\xD8\xA8", 2); /* ب */
	l = lay(e, t, len / 8, 0, &p);
	check_cover(l, len / 8);
	text_layout_unref(l);
	free(t);
	text_engine_free(e);
}

/* A word wider than the box breaks between graphemes and never overflows;
 * the pieces of a ligature are reshaped apart. */
static void overlong_word(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *t = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch a difficult office";
	size_t len = strlen(t);
	float box = 150;
	text_params p = params(box, 20);
	text_layout *l = lay(e, t, len, 0, &p);
	check_lines(e, l, t, len, box, 20);
	assert_true(text_layout_line_count(l) >= 4);
	text_layout_unref(l);

	/* "office" at a width that fits "of" but not "off": the break
	 * falls inside the "ffi" ligature, and each side is shaped alone. */
	float w_of = width_of(e, "of", 2, 40);
	p = params(w_of + 1, 40);
	p.greedy = true;
	l = lay(e, "office", 6, 0, &p);
	text_line ln;
	text_layout_line(l, 0, &ln);
	assert_int_equal(ln.end, 2);
	assert_true(fabsf(ln.width - w_of) < 0.01f);
	text_layout_line(l, 1, &ln);
	assert_int_equal(ln.start, 2);
	for (size_t i = 0; i < text_layout_line_count(l); i++) {
		text_layout_line(l, i, &ln);
		assert_true(ln.width <= w_of + 1);
	}
	/* The first line's glyphs are "o" and "f" alone: no ligature. */
	text_run run;
	text_layout_run(l, 0, &run);
	assert_int_equal(run.n, 2);
	assert_int_equal(run.clusters[1], 1);
	text_layout_unref(l);
	text_engine_free(e);
}

/* Characters Noto lacks come from DejaVu; characters nobody has are
 * counted; fonts_has_codepoint agrees. */
static void fallback_and_missing(void **state)
{
	(void)state;
	text_engine *e = engine();
	fonts *f = text_engine_fonts(e);
	assert_true(fonts_has_codepoint(f, 'a'));
	assert_true(fonts_has_codepoint(f, 0x175));  /* ŵ */
	assert_true(fonts_has_codepoint(f, 0x2603)); /* ☃, DejaVu only */
	assert_false(fonts_file_has(f, FONT_REGULAR, 0x2603));
	assert_false(fonts_has_codepoint(f, 0x4E00)); /* CJK: nobody */
	assert_false(fonts_has_codepoint(f, 0xE000));

	text_params p = params(500, 20);
	const char *snow = "x\xE2\x98\x83y"; /* x☃y */
	text_layout *l = lay(e, snow, strlen(snow), 0, &p);
	assert_int_equal(text_layout_missing_glyphs(l), 0);
	assert_int_equal(text_layout_run_count(l), 3);
	text_run run;
	text_layout_run(l, 1, &run);
	assert_int_equal(font_face_file(run.face), FONT_FALLBACK);
	assert_int_equal(run.clusters[0], 1);
	assert_true(run.glyphs[0] != 0);
	text_layout_run(l, 2, &run);
	assert_int_equal(font_face_file(run.face), FONT_REGULAR);
	text_layout_unref(l);

	const char *cjk = "a\xE4\xB8\x80 \xE4\xB8\x80"; /* a一 一 */
	l = lay(e, cjk, strlen(cjk), 0, &p);
	assert_int_equal(text_layout_missing_glyphs(l), 2);
	text_layout_unref(l);
	text_engine_free(e);
}

/* The size of the heading that is block 0 of l. */
static float heading_px(const text_layout *l)
{
	text_run run;
	assert_true(text_layout_run_count(l) > 0);
	text_layout_run(l, 0, &run);
	assert_int_equal(run.block, 0);
	return font_face_metrics(run.face)->px;
}

/* A heading is 1.75 times the body where a line of it holds 24 average
 * letters; in a box too narrow for that (large text on a portrait screen)
 * it is set smaller, so that a line holds them, but never below 1.15 times
 * the body. */
static void headings_keep_their_letters(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *h = "Learning from reviews and reports on serious failures to safeguard";
	text_block blocks[] = {{TEXT_BLOCK_HEADING, 1, h, strlen(h), NULL, 0}};
	const float body = 40;
	font_face *face;
	text_layout *l;
	text_params wide = params(2000, body);
	assert_int_equal(text_engine_layout(e, blocks, 1, &wide, &l), 0);
	assert_float_equal(heading_px(l), body * 1.75f, 0.01);
	assert_int_equal(fonts_face(text_layout_fonts(l), FONT_REGULAR, body, &face), 0);
	float letter = font_face_avg_lower(face) / body; /* a letter's width per px of size */
	text_layout_unref(l);

	text_params narrow = params(600, body);
	assert_int_equal(text_engine_layout(e, blocks, 1, &narrow, &l), 0);
	float px = heading_px(l);
	assert_true(px < body * 1.75f);
	assert_true(px * 24 * letter <= narrow.width + 0.5f);
	text_layout_unref(l);

	text_params tiny = params(200, body);
	assert_int_equal(text_engine_layout(e, blocks, 1, &tiny, &l), 0);
	assert_float_equal(heading_px(l), body * 1.15f, 0.01);
	text_layout_unref(l);
	text_engine_free(e);
}

/* Spans pick faces, links get underlines, headings are larger and bold,
 * lists hang their markers in the indent. */
static void blocks_and_styles(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *t = "Read the report on our website today please";
	text_span spans[] = {{5, 15, TEXT_BOLD}, {23, 30, TEXT_LINK}, {31, 36, TEXT_ITALIC}};
	const char *item = "All the agencies and professionals who have worked with you and your family";
	text_block blocks[] = {
		{TEXT_BLOCK_HEADING, 1, "Child Practice Reviews", 22, NULL, 0},
		{TEXT_BLOCK_PARAGRAPH, 0, t, strlen(t), spans, 3},
		{TEXT_BLOCK_BULLET, 0, item, strlen(item), NULL, 0},
		{TEXT_BLOCK_NUMBERED, 12, item, strlen(item), NULL, 0},
	};
	text_params p = params(400, 20);
	text_layout *l;
	assert_int_equal(text_engine_layout(e, blocks, 4, &p, &l), 0);
	assert_int_equal(text_layout_block_count(l), 4);

	bool saw_bold = false, saw_italic = false, saw_link = false, saw_heading = false;
	size_t markers = 0;
	for (size_t r = 0; r < text_layout_run_count(l); r++) {
		text_run run;
		text_layout_run(l, r, &run);
		const font_metrics *m = font_face_metrics(run.face);
		if (run.block == 0) {
			saw_heading = true;
			assert_int_equal(font_face_file(run.face), FONT_BOLD);
			assert_true(m->px > 30);
		}
		if (run.marker) {
			markers++;
			assert_true(run.block >= 2);
		}
		if (run.block == 1 && (run.flags & TEXT_BOLD)) {
			saw_bold = true;
			assert_int_equal(font_face_file(run.face), FONT_BOLD);
			assert_int_equal(run.clusters[0], 5);
		}
		if (run.block == 1 && (run.flags & TEXT_ITALIC)) {
			saw_italic = true;
			assert_int_equal(font_face_file(run.face), FONT_ITALIC);
		}
		if (run.flags & TEXT_LINK) {
			saw_link = true;
			assert_true(run.underline.w > 20 && run.underline.h >= 1);
			assert_int_equal(run.clusters[0], 23);
		} else {
			assert_true(run.underline.w == 0);
		}
	}
	assert_true(saw_bold && saw_italic && saw_link && saw_heading);
	assert_int_equal(markers, 2);

	/* Heading lines are taller; blocks are separated by the gap; list
	 * lines wrap under the text, not under the marker. */
	text_line first, prev = {0}, ln;
	text_layout_line(l, 0, &first);
	assert_true(first.height > 30);
	float list_x = -1;
	for (size_t i = 0; i < text_layout_line_count(l); i++) {
		text_layout_line(l, i, &ln);
		if (i > 0) {
			if (ln.block != prev.block)
				assert_true(ln.y >= prev.y + prev.height + 0.75f * 20 - 0.01f);
			else
				assert_true(fabsf(ln.y - (prev.y + prev.height)) < 0.01f);
		}
		if (ln.block == 2) {
			if (list_x < 0)
				list_x = ln.x;
			assert_true(ln.x == list_x);
			assert_true(ln.x >= 20);
		}
		if (ln.block == 1 || ln.block == 0)
			assert_true(ln.x == 0);
		prev = ln;
	}
	assert_true(list_x > 0);
	assert_true(fabsf(text_layout_height(l) - (prev.y + prev.height)) < 0.01f);
	text_layout_unref(l);
	text_engine_free(e);
}

/* The measure cap limits lines whatever the width; labels centre. */
static void measure_cap_and_centre(void **state)
{
	(void)state;
	text_engine *e = engine();
	lines_t seeds;
	read_seeds(&seeds);
	size_t longest = 0;
	for (size_t i = 0; i < seeds.n; i++)
		if (seeds.len[i] > seeds.len[longest])
			longest = i;
	text_params p = params(5000, 20);
	p.measure_cap = 60;
	text_layout *l = lay(e, seeds.text[longest], seeds.len[longest], 0, &p);
	float avg = width_of(e, "abcdefghijklmnopqrstuvwxyz", 26, 20) / 26;
	assert_true(text_layout_line_count(l) > 3);
	for (size_t i = 0; i < text_layout_line_count(l); i++) {
		text_line ln;
		text_layout_line(l, i, &ln);
		assert_true(ln.width <= 60 * avg + 1);
		assert_true(ln.end - ln.start < 100);
	}
	text_layout_unref(l);

	p = params(400, 20);
	p.align = TEXT_ALIGN_CENTER;
	l = lay(e, "Dechrau", 7, 0, &p);
	text_line ln;
	text_layout_line(l, 0, &ln);
	assert_true(fabsf(ln.x - (400 - ln.width) / 2) < 0.01f);
	text_layout_unref(l);
	free_seeds(&seeds);
	text_engine_free(e);
}

/* Newlines end lines; the newline itself shows nothing; tabs are spaces. */
static void mandatory_breaks(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *t = "one\ntwo\n\nfour";
	text_params p = params(1000, 20);
	text_layout *l = lay(e, t, strlen(t), 0, &p);
	assert_int_equal(text_layout_line_count(l), 4);
	text_line ln;
	text_layout_line(l, 0, &ln);
	assert_int_equal(ln.end, 4);
	assert_true(fabsf(ln.width - width_of(e, "one", 3, 20)) < 0.01f);
	text_layout_line(l, 2, &ln);
	assert_int_equal(ln.start, 8);
	assert_int_equal(ln.end, 9);
	assert_true(ln.width == 0);
	for (size_t r = 0; r < text_layout_run_count(l); r++) {
		text_run run;
		text_layout_run(l, r, &run);
		for (size_t g = 0; g < run.n; g++)
			if (t[run.clusters[g]] == '\n')
				assert_true(run.glyphs[g] == TEXT_GLYPH_NONE);
	}
	assert_int_equal(text_layout_missing_glyphs(l), 0);
	text_layout_unref(l);
	/* A tab shows nothing but keeps its words apart like a space. */
	assert_true(fabsf(width_of(e, "a\tb", 3, 20) - width_of(e, "a b", 3, 20)) < 0.01f);
	text_engine_free(e);
}

/* Same input, same layout; eviction and clearing never free a held one. */
static void cache_behaviour(void **state)
{
	(void)state;
	text_engine *e = engine();
	text_params p = params(300, 20);
	char t[64] = "Darllen pellach";
	text_layout *a = lay(e, t, strlen(t), 0, &p);
	text_layout *b = lay(e, t, strlen(t), 0, &p);
	assert_ptr_equal(a, b);
	text_layout_unref(b);
	b = lay(e, t, strlen(t), TEXT_BOLD, &p);
	assert_ptr_not_equal(a, b);
	text_layout_unref(b);
	p.width = 301;
	b = lay(e, t, strlen(t), 0, &p);
	assert_ptr_not_equal(a, b);
	text_layout_unref(b);
	/* The layout keeps its own copy: changing the caller's text after
	 * layout changes nothing, and is a different key. */
	p.width = 300;
	t[0] = 'd';
	b = lay(e, t, strlen(t), 0, &p);
	assert_ptr_not_equal(a, b);
	size_t len;
	assert_memory_equal(text_layout_block_text(a, 0, &len), "Darllen", 7);
	text_layout_unref(b);
	for (int i = 0; i < 600; i++) {
		char s[32];
		snprintf(s, sizeof s, "item %d", i);
		text_layout *x = lay(e, s, strlen(s), 0, &p);
		text_layout_unref(x);
	}
	text_engine_cache_clear(e);
	/* Still ours: readable after eviction and clearing. */
	assert_int_equal(text_layout_line_count(a), 1);
	text_layout *keep = lay(e, "held past the engine", 20, 0, &p);
	text_engine_free(e);
	assert_int_equal(text_layout_line_count(keep), 1);
	text_run run;
	assert_int_equal(text_layout_run(keep, 0, &run), 0);
	assert_true(font_face_metrics(run.face)->px == 20);
	text_layout_unref(keep);
	text_layout_unref(a);
}

/* Word queries need nothing of the engine's (they find words with an ICU
 * iterator of their own): a layout answers its first one after its engine
 * is gone, in its own language, and answers the same again from memory. */
static void words_without_the_engine(void **state)
{
	(void)state;
	text_engine *e = engine();
	const char *cy = "Dyma'r wybodaeth i rieni a gofalwyr.";
	text_params p = params(400, 20);
	p.lang = LANG_CY;
	text_layout *l = lay(e, cy, strlen(cy), 0, &p);
	p.lang = LANG_EN;
	text_layout *en = lay(e, "Here's the leaflet", 18, 0, &p);
	text_engine_free(e);

	size_t s1[16], e1[16], s2[16], e2[16];
	size_t n1 = text_layout_words(l, 0, s1, e1, 16);
	assert_int_equal(n1, 6); /* Dyma'r wybodaeth i rieni a gofalwyr */
	assert_int_equal(s1[0], 0);
	assert_int_equal(e1[0], 6);
	assert_int_equal(s1[5], 27);
	assert_int_equal(e1[5], 35);
	assert_int_equal(text_layout_words(l, 0, s2, e2, 16), n1);
	assert_memory_equal(s1, s2, n1 * sizeof *s1);
	assert_memory_equal(e1, e2, n1 * sizeof *e1);
	text_line ln;
	assert_int_equal(text_layout_line(l, 0, &ln), 0);
	size_t b, ws, we;
	assert_int_equal(text_layout_word_at(l, ln.x + 5, ln.y + ln.height / 2, &b, &ws, &we), 0);
	assert_int_equal(ws, 0);
	assert_int_equal(we, 6);

	assert_int_equal(text_layout_words(en, 0, s1, e1, 16), 3);
	assert_int_equal(e1[0], 6); /* Here's */
	text_layout_unref(en);
	text_layout_unref(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths_match_sdl_ttf),
		cmocka_unit_test(wrapping_invariants),
		cmocka_unit_test(trailing_spaces_hang),
		cmocka_unit_test(number_keeps_its_word),
		cmocka_unit_test(welsh_decomposed_same_as_composed),
		cmocka_unit_test(hit_testing_round_trip),
		cmocka_unit_test(hostile_input),
		cmocka_unit_test(megabyte_paragraph),
		cmocka_unit_test(overlong_word),
		cmocka_unit_test(fallback_and_missing),
		cmocka_unit_test(blocks_and_styles),
		cmocka_unit_test(headings_keep_their_letters),
		cmocka_unit_test(measure_cap_and_centre),
		cmocka_unit_test(mandatory_breaks),
		cmocka_unit_test(cache_behaviour),
		cmocka_unit_test(words_without_the_engine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
