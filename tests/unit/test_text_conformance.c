/* The breaker against the Unicode Consortium's own test data, read from
 * Debian's unicode-data (the install script installs it):
 *
 *   LineBreakTest.txt  (UAX #14) through breaker_next_line, the function
 *                      the line fitter breaks on; every boundary is compared,
 *                      and whether a break is mandatory too;
 *   WordBreakTest.txt  (UAX #29) through breaker_words, the function that
 *                      quiz hit-testing and highlighting use. It hands out
 *                      word-like segments only, so what is compared is every
 *                      boundary at either end of a word, that no boundary
 *                      falls inside one, and that every segment holding a
 *                      letter, digit or ideograph is handed out; a boundary
 *                      between two non-word segments (say, two punctuation
 *                      marks) cannot be seen through it.
 *
 * ICU 72 tailors a few rules on purpose, so a handful of cases disagree with
 * the default algorithm: each one is listed below by the test file's line
 * number, in a group that says why. A listed case that starts passing fails
 * the test too, so the list never outlives its reasons. Both languages run
 * (the breaker opens ICU's iterators per locale, cy and en).
 *
 * The breaker finds the line breaks of plain Latin text (letters, digits,
 * spaces and common punctuation) without ICU: random strings of those
 * characters, and of them mixed with others, must get exactly ICU's breaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

#include "text/breaker.h"

#define UCD_DIR "/usr/share/unicode/auxiliary/"

/* One parsed test line: the code points as UTF-8, and for each code point
 * boundary i (0 .. n) its byte offset and whether the file wants a break. */
typedef struct {
	int line;
	size_t n;
	uint32_t cp[64];
	size_t off[65];
	bool brk[65];
	char utf8[64 * 4 + 1];
	size_t len;
	const char *comment;
	size_t comment_len;
} ucase;

/* Groups of known disagreements: a reason and the file's line numbers. */
typedef struct {
	const char *reason;
	const int *lines;
	size_t n;
} skip_group;

#define GROUP(reason, arr) {reason, arr, sizeof arr / sizeof *arr}

/* LineBreakTest.txt (15.0.0): 7,654 cases, 22 listed. */
static const int lb_hyphen_start[] = {2265, 2267, 2421, 2423, 2425, 2427, 2429, 2431};
static const int lb_leading_is[] = {2873, 2875, 7477, 7576, 7577, 7578, 7579, 7580, 7581,
				    7583, 7584, 7585, 7586, 7587};

static const skip_group line_skips[] = {
	GROUP("ICU 72 tailors LB21 with its rule LB20.09 (CSS's behaviour): no break after a "
	      "hyphen-minus at the start of text or after a space when a letter follows (AL, and "
	      "AI, XX, SA resolved to AL), so \"-word\" stays whole",
	      lb_hyphen_start),
	GROUP("ICU 72 tailors LB13/LB25 with the full number pattern of UAX #14's example 7: a "
	      "full stop or comma (IS) before digits starts a number (\".35\", \",0\"), so no "
	      "break between the IS and the digit, and a break before the IS after a space",
	      lb_leading_is),
};

/* WordBreakTest.txt (15.0.0): 1,823 cases, 17 listed. */
static const int wb_colon[] = {1253, 1254, 1267, 1268, 1283, 1284, 1285, 1286,
			       1287, 1288, 1289, 1290, 1291, 1292, 1712};
static const int wb_zwj_pict[] = {1729, 1731};

static const skip_group word_skips[] = {
	GROUP("ICU 72's root word rules (CLDR; cy and en use them) take U+003A COLON out of "
	      "MidLetter (only fi and sv keep it), so WB6/WB7 do not hold \"a:b\" together: "
	      "ICU breaks at the colon",
	      wb_colon),
	GROUP("ICU 72 gives a letter + ZWJ + pictograph segment (WB3c) the rule status 'none', "
	      "so breaker_words does not hand it out as a word; the boundaries themselves agree",
	      wb_zwj_pict),
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open it; it comes with Debian's unicode-data package, which "
			 "tools/install-deps.sh installs (apt-get install unicode-data)",
			 path);
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static size_t put_utf8(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Parses one line (without its newline). Returns 1 for a test case, 0 for a
 * blank or comment line; a malformed line fails the test naming it. */
static int parse_case(const char *path, int lineno, const char *s, size_t len, ucase *c)
{
	static const char BREAK[] = "\xC3\xB7", NOBREAK[] = "\xC3\x97"; /* ÷ × */
	const char *end = s + len;
	const char *hash = memchr(s, '#', len);
	c->line = lineno;
	c->n = 0;
	c->len = 0;
	c->comment = hash ? hash + 1 : end;
	c->comment_len = (size_t)(end - c->comment);
	if (hash)
		end = hash;
	bool want_mark = true;
	for (const char *p = s; p < end;) {
		if (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
			continue;
		}
		if (end - p >= 2 && (memcmp(p, BREAK, 2) == 0 || memcmp(p, NOBREAK, 2) == 0)) {
			if (!want_mark)
				fail_msg("%s:%d: two marks in a row", path, lineno);
			c->brk[c->n] = p[1] == BREAK[1];
			want_mark = false;
			p += 2;
			continue;
		}
		char *stop;
		unsigned long v = strtoul(p, &stop, 16);
		if (stop == p || want_mark)
			fail_msg("%s:%d: expected %s at byte %zu", path, lineno,
				 want_mark ? "a mark (÷ or ×)" : "a hex code point", (size_t)(p - s));
		if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			fail_msg("%s:%d: U+%lX is not a scalar value", path, lineno, v);
		if (c->n + 1 >= sizeof c->cp / sizeof *c->cp)
			fail_msg("%s:%d: more than %zu code points", path, lineno,
				 sizeof c->cp / sizeof *c->cp - 1);
		c->off[c->n] = c->len;
		c->cp[c->n++] = (uint32_t)v;
		c->len += put_utf8(c->utf8 + c->len, (uint32_t)v);
		want_mark = true;
		p = stop;
	}
	if (c->n == 0) {
		if (!want_mark)
			fail_msg("%s:%d: a mark without code points", path, lineno);
		return 0;
	}
	if (want_mark)
		fail_msg("%s:%d: the line does not end with a mark", path, lineno);
	c->off[c->n] = c->len;
	c->utf8[c->len] = '\0';
	return 1;
}

/* The file's Unicode version from its first line ("# LineBreakTest-15.0.0.txt"),
 * checked against the one ICU was built for: a mismatch is not a failure,
 * but it explains disagreements, so it is said. */
static void say_versions(const char *name, const char *buf)
{
	int maj = 0, min = 0, mic = 0;
	char fmt[96];
	snprintf(fmt, sizeof fmt, "# %s-%%d.%%d.%%d.txt", name);
	if (sscanf(buf, fmt, &maj, &min, &mic) != 3)
		fail_msg(UCD_DIR "%s.txt:1: no \"# %s-X.Y.Z.txt\" version line", name, name);
	UVersionInfo uv;
	u_getUnicodeVersion(uv);
	char icu[U_MAX_VERSION_STRING_LENGTH];
	u_versionToString(uv, icu);
	bool same = uv[0] == maj && uv[1] == min;
	printf("%s.txt is Unicode %d.%d.%d; ICU %s implements Unicode %s%s\n", name, maj, min, mic,
	       U_ICU_VERSION, icu, same ? "" : " (DIFFERENT VERSIONS: expect extra disagreements)");
}

/* Outcome of one test file run. */
typedef struct {
	size_t passed, skipped, failed;
} tally;

static const skip_group *find_skip(const skip_group *g, size_t ng, int line)
{
	for (size_t i = 0; i < ng; i++)
		for (size_t j = 0; j < g[i].n; j++)
			if (g[i].lines[j] == line)
				return &g[i];
	return NULL;
}

static void describe(const ucase *c, const char *what)
{
	printf("  line %d: %s:%.*s\n", c->line, what, (int)c->comment_len, c->comment);
}

/* UAX #14: every break opportunity breaker_next_line gives must be a ÷ of
 * the file and every ÷ must be given; a break after a BK, CR, LF or NL (LB4,
 * LB5) must be marked hard, and no other. */
static bool line_case_ok(breaker *b, lang_id lang, const ucase *c, char *why, size_t why_size)
{
	(void)lang; /* b is set to the case in lang */
	bool got[65] = {false};
	bool hard_at[65] = {false};
	size_t ci = 0;
	size_t after = 0;
	for (size_t calls = 0;; calls++) {
		bool hard;
		size_t p = breaker_next_line(b, after, &hard);
		if (p > c->len)
			break;
		if (calls > c->n || (calls > 0 && p <= after)) {
			snprintf(why, why_size, "breaker_next_line gave %zu after %zu", p, after);
			return false;
		}
		while (ci <= c->n && c->off[ci] < p)
			ci++;
		if (ci > c->n || c->off[ci] != p) {
			snprintf(why, why_size, "break inside a code point at byte %zu", p);
			return false;
		}
		got[ci] = true;
		hard_at[ci] = hard;
		after = p;
	}
	for (size_t i = 1; i <= c->n; i++) {
		if (got[i] != c->brk[i]) {
			snprintf(why, why_size, "%s before code point %zu", got[i] ? "break" : "no break",
				 i);
			return false;
		}
		if (i < c->n && got[i]) {
			int lb = u_getIntPropertyValue(c->cp[i - 1], UCHAR_LINE_BREAK);
			bool mandatory = lb == U_LB_MANDATORY_BREAK || lb == U_LB_CARRIAGE_RETURN ||
					 lb == U_LB_LINE_FEED || lb == U_LB_NEXT_LINE;
			if (mandatory != hard_at[i]) {
				snprintf(why, why_size, "break before code point %zu %s hard", i,
					 hard_at[i] ? "marked" : "not marked");
				return false;
			}
		}
	}
	return true;
}

/* UAX #29 through breaker_words, which hands out only word-like segments:
 * each must run from one ÷ to the next ÷ of the file (no boundary missed
 * inside it, none invented at its ends), and each of the file's segments
 * that holds a letter, a digit or an ideograph must be handed out. */
static bool holds_word_char(const ucase *c, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		int wb = u_getIntPropertyValue(c->cp[i], UCHAR_WORD_BREAK);
		if (wb == U_WB_ALETTER || wb == U_WB_HEBREW_LETTER || wb == U_WB_NUMERIC ||
		    wb == U_WB_KATAKANA || u_hasBinaryProperty(c->cp[i], UCHAR_IDEOGRAPHIC))
			return true;
	}
	return false;
}

static bool word_case_ok(breaker *b, lang_id lang, const ucase *c, char *why, size_t why_size)
{
	size_t *starts, *ends, n;
	(void)b; /* breaker_words uses an iterator of its own */
	assert_int_equal(breaker_words(lang, c->utf8, c->len, &starts, &ends, &n), 0);
	bool ok = true;
	size_t w = 0;
	for (size_t i = 0; i < c->n && ok; i++) {
		if (!c->brk[i])
			continue;
		size_t j = i + 1;
		while (!c->brk[j])
			j++;
		size_t s = c->off[i], e = c->off[j];
		/* Word segments the breaker gives that start before this one. */
		if (w < n && starts[w] < s) {
			snprintf(why, why_size, "word [%zu,%zu) does not start at a boundary",
				 starts[w], ends[w]);
			ok = false;
		} else if (w < n && starts[w] == s) {
			if (ends[w] != e) {
				snprintf(why, why_size, "word [%zu,%zu), file's segment [%zu,%zu)",
					 starts[w], ends[w], s, e);
				ok = false;
			}
			w++;
		} else if (holds_word_char(c, i, j)) {
			snprintf(why, why_size, "segment [%zu,%zu) has a letter but is not a word", s,
				 e);
			ok = false;
		}
	}
	if (ok && w < n) {
		snprintf(why, why_size, "word [%zu,%zu) does not start at a boundary", starts[w],
			 ends[w]);
		ok = false;
	}
	free(starts);
	free(ends);
	return ok;
}

typedef bool (*case_fn)(breaker *b, lang_id lang, const ucase *c, char *why, size_t why_size);

static tally run_file(const char *name, case_fn check, const skip_group *skips, size_t n_skips,
		      lang_id lang)
{
	char path[256];
	snprintf(path, sizeof path, UCD_DIR "%s.txt", name);
	size_t len;
	char *buf = read_file(path, &len);
	if (lang == LANG_CY)
		say_versions(name, buf);
	breaker *b;
	assert_int_equal(breaker_new(&b), 0);
	tally t = {0, 0, 0};
	size_t skip_total = 0, skip_seen = 0;
	for (size_t g = 0; g < n_skips; g++)
		skip_total += skips[g].n;
	int lineno = 0;
	for (const char *p = buf; p < buf + len;) {
		const char *nl = memchr(p, '\n', (size_t)(buf + len - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(buf + len - p);
		lineno++;
		ucase c;
		if (parse_case(path, lineno, p, ll, &c)) {
			assert_int_equal(breaker_set_text(b, lang, c.utf8, c.len), 0);
			char why[160] = "";
			bool ok = check(b, lang, &c, why, sizeof why);
			const skip_group *sk = find_skip(skips, n_skips, lineno);
			if (sk)
				skip_seen++;
			if (ok && !sk) {
				t.passed++;
			} else if (!ok && sk) {
				t.skipped++;
			} else if (ok) {
				t.failed++;
				printf("%s (%s): ", name, lang_code(lang));
				describe(&c, "listed as skipped but passes now; take it off the list");
			} else {
				t.failed++;
				printf("%s (%s): ", name, lang_code(lang));
				describe(&c, why);
			}
		}
		p += ll + 1;
	}
	if (skip_seen != skip_total) {
		printf("%s: %zu skip-list lines are not test cases of this file\n", name,
		       skip_total - skip_seen);
		t.failed += skip_total - skip_seen;
	}
	breaker_free(b);
	free(buf);
	printf("%s (%s): %zu passed, %zu skipped (listed), %zu failed\n", name, lang_code(lang),
	       t.passed, t.skipped, t.failed);
	if (lang == LANG_CY)
		for (size_t g = 0; g < n_skips; g++)
			printf("  skipped %zu: %s\n", skips[g].n, skips[g].reason);
	/* cmocka reports on stderr: keep the two in order when both go to a file. */
	fflush(stdout);
	return t;
}

static void line_break_test(void **state)
{
	(void)state;
	size_t failed = 0;
	for (int l = 0; l <= LANG_EN; l++)
		failed += run_file("LineBreakTest", line_case_ok, line_skips,
				   sizeof line_skips / sizeof *line_skips, (lang_id)l).failed;
	assert_int_equal(failed, 0);
}

static void word_break_test(void **state)
{
	(void)state;
	size_t failed = 0;
	for (int l = 0; l <= LANG_EN; l++)
		failed += run_file("WordBreakTest", word_case_ok, word_skips,
				   sizeof word_skips / sizeof *word_skips, (lang_id)l).failed;
	assert_int_equal(failed, 0);
}

/* ICU's own line breaks of text[0..len) in lang, with their hardness, as
 * breaker_next_line hands them out. */
static size_t icu_lines(lang_id lang, const char *text, size_t len, size_t *pos, bool *hard)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
	UBreakIterator *it = ubrk_open(UBRK_LINE, lang_code(lang), NULL, 0, &st);
	ubrk_setUText(it, ut, &st);
	assert_true(U_SUCCESS(st));
	size_t n = 0;
	for (int32_t p = ubrk_following(it, 0); p != UBRK_DONE; p = ubrk_next(it)) {
		int32_t rs = ubrk_getRuleStatus(it);
		pos[n] = (size_t)p;
		hard[n++] = (size_t)p == len || (rs >= UBRK_LINE_HARD && rs < UBRK_LINE_HARD_LIMIT);
	}
	ubrk_close(it);
	utext_close(ut);
	return n;
}

/* The characters of the breaker's fast path, every class of it, and a few
 * that are not (so that mixed text goes to ICU whole). */
static const char *const pieces[] = {
	"a",  "Z",  "w",  "\xC5\xB5", "\xC3\xA9", "\xC3\xB4", "\xC4\x81", "7", "0", " ", " ",
	" ",  ".",  ",",  ":",        ";",        "!",        "?",        "/", "-", "'", "\"",
	"(",  "[",  ")",  "]",        "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
	"\xE2\x80\x9D", "\xC3\x97", "\xE2\x80\x94", "\n", "#", "\xC2\xA0", "%", "\xCC\x82"};

static void fast_path_is_icu(void **state)
{
	(void)state;
	srand(77);
	breaker *b = NULL;
	assert_int_equal(breaker_new(&b), 0);
	enum { ROUNDS = 60000, MAX_PIECES = 16 };
	char text[MAX_PIECES * 3 + 1];
	size_t want[sizeof text + 1];
	bool want_hard[sizeof text + 1];
	size_t n_pieces = sizeof pieces / sizeof *pieces;
	for (int round = 0; round < ROUNDS; round++) {
		/* Mostly the fast path's own characters. */
		size_t pool = round % 4 ? n_pieces - 6 : n_pieces;
		size_t len = 0, count = (size_t)(rand() % MAX_PIECES) + 1;
		for (size_t k = 0; k < count; k++) {
			const char *pc = pieces[rand() % (int)pool];
			memcpy(text + len, pc, strlen(pc));
			len += strlen(pc);
		}
		text[len] = '\0';
		lang_id lang = (lang_id)(round % (LANG_EN + 1));
		size_t nw = icu_lines(lang, text, len, want, want_hard);
		assert_int_equal(breaker_set_text(b, lang, text, len), 0);
		size_t k = 0;
		bool hard;
		for (size_t p = breaker_next_line(b, 0, &hard); p <= len;
		     p = breaker_next_line(b, p, &hard), k++)
			if (k >= nw || p != want[k] || hard != want_hard[k])
				fail_msg("\"%s\" (%s): break %zu at %zu%s, ICU: %zu%s", text,
					 lang_code(lang), k, p, hard ? " hard" : "",
					 k < nw ? want[k] : 0, k < nw && want_hard[k] ? " hard" : "");
		assert_int_equal(k, nw);
	}
	breaker_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(line_break_test),
		cmocka_unit_test(word_break_test),
		cmocka_unit_test(fast_path_is_icu),
	};
	return cmocka_run_group_tests_name("text_conformance", tests, NULL, NULL);
}
