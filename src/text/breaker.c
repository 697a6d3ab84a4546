#include "text/breaker.h"

#include <stdint.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "base/log.h"
#include "base/vec.h"

enum { IT_LINE, IT_CHAR, IT_COUNT };

struct breaker {
	UBreakIterator *it[LANG_MAX][IT_COUNT];
	lang_id lang;
	size_t len;
	size_t line_at; /* ICU's line iterator position, to skip redundant seeks */
	/* Text made only of the characters of simple_class: its line breaks,
	 * found without ICU (the last is len), and where the last
	 * breaker_next_line found its answer. */
	bool simple;
	size_t *fast;
	size_t n_fast, cap_fast, fast_i;
	/* The text, for the grapheme iterator, which simple text sets only
	 * when first asked (char_ready): most paragraphs never ask. */
	const char *text;
	bool char_set, char_ok;
};

/* The UAX #14 line-breaking classes of the characters most reading text in
 * Welsh and English is made of, as Unicode 15.0 (ICU 72) gives them. */
enum { C_AL, C_NU, C_SP, C_IS, C_EX, C_SY, C_HY, C_QU, C_OP, C_CP, C_OTHER };

/* The class of the character at t[p] (its length in *n), or C_OTHER for
 * anything else: ASCII letters, digits and the punctuation below, the
 * letters of Latin-1 and Latin Extended-A (all AL, but for the signs x and
 * / of Latin-1, which are AI), and the curly quotation marks. */
static int simple_class(const unsigned char *t, size_t len, size_t p, size_t *n)
{
	static const signed char ascii[128] = {
		[' '] = C_SP,  ['.'] = C_IS, [','] = C_IS, [':'] = C_IS, [';'] = C_IS,
		['!'] = C_EX,  ['?'] = C_EX, ['/'] = C_SY, ['-'] = C_HY, ['\''] = C_QU,
		['"'] = C_QU,  ['('] = C_OP, ['['] = C_OP, [')'] = C_CP, [']'] = C_CP,
	};
	unsigned char c = t[p];
	*n = 1;
	if (c < 0x80) {
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			return C_AL;
		if (c >= '0' && c <= '9')
			return C_NU;
		return ascii[c] ? ascii[c] : C_OTHER;
	}
	if (p + 1 < len && (t[p + 1] & 0xC0) == 0x80) {
		*n = 2;
		if ((c == 0xC3 && t[p + 1] != 0x97 && t[p + 1] != 0xB7) || c == 0xC4 || c == 0xC5)
			return C_AL;
	}
	/* U+2018, U+2019, U+201C, U+201D */
	if (c == 0xE2 && p + 2 < len && t[p + 1] == 0x80 &&
	    (t[p + 2] == 0x98 || t[p + 2] == 0x99 || t[p + 2] == 0x9C || t[p + 2] == 0x9D)) {
		*n = 3;
		return C_QU;
	}
	return C_OTHER;
}

/* Between two characters neither of which is a space: may a line break
 * there? (LB13, LB14, LB19, LB21, LB23, LB25, LB28, LB29, LB30; LB31 for
 * the rest.) Rows: the class before, columns: the class after. SY before
 * NU and HY before AL depend on more than the pair (see simple_break). */
static const bool pair_breaks[C_OTHER][C_OTHER] = {
	/*             AL NU SP IS EX SY HY QU OP CP */
	[C_AL] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	[C_NU] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	[C_IS] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0},
	[C_EX] = {1, 1, 0, 0, 0, 0, 0, 0, 1, 0},
	[C_SY] = {1, 1, 0, 0, 0, 0, 0, 0, 1, 0},
	[C_HY] = {1, 0, 0, 0, 0, 0, 0, 0, 1, 0},
	[C_QU] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	[C_OP] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	[C_CP] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0},
};

/* What simple_break needs to know of the text before a position. */
typedef struct {
	int prev;       /* the class of the character before (C_OTHER: none) */
	int before_sp;  /* the class before the spaces that end the text so far */
	bool in_number; /* NU (NU | SY | IS)* ends the text so far */
	bool lone_hy;   /* prev is a HY at the start or after a break */
} simple_state;

/* May a line break before a character of class c? digit_next: the one
 * after it is a digit (NU). */
static bool simple_break(const simple_state *st, int c, bool digit_next)
{
	if (st->prev == C_OTHER || c == C_SP)
		return false; /* LB2, LB7 */
	if (st->prev == C_SP) {
		/* LB18 breaks after spaces, but LB13 keeps IS, EX, SY and CP
		 * with the text before (ICU: unless an IS starts a number, as
		 * in " .5"), and LB14 and LB15 keep what follows an opening
		 * bracket (or a quotation mark and then one). */
		if ((c == C_IS && !digit_next) || c == C_EX || c == C_SY || c == C_CP)
			return false;
		return !(st->before_sp == C_OP || (st->before_sp == C_QU && c == C_OP));
	}
	/* LB25 as ICU has it: SY keeps a digit only inside a number ("1/2",
	 * not "a/2"). */
	if (st->prev == C_SY && c == C_NU)
		return !st->in_number;
	/* ICU's LB20.09: a hyphen at the start or right after a break stays
	 * with the letter after it ("-word"). */
	if (st->prev == C_HY && c == C_AL)
		return !st->lone_hy;
	return pair_breaks[st->prev][c];
}

/* Moves st past a character of class c; broke: a line may break before it. */
static void simple_step(simple_state *st, int c, bool broke)
{
	if (c == C_SP && st->prev != C_SP)
		st->before_sp = st->prev;
	st->in_number = c == C_NU || (st->in_number && (c == C_SY || c == C_IS));
	st->lone_hy = c == C_HY && (st->prev == C_OTHER || broke);
	st->prev = c;
}

/* If text[0..len) is made only of simple_class characters, its line break
 * opportunities into b->fast and true; false otherwise (ICU's job). */
static int find_simple_breaks(breaker *b, const char *text, size_t len, bool *simple)
{
	const unsigned char *t = (const unsigned char *)text;
	*simple = false;
	b->n_fast = 0;
	b->fast_i = 0;
	simple_state st = {C_OTHER, C_OTHER, false, false};
	for (size_t p = 0; p < len;) {
		/* Letters after a letter, digits after a digit: most of the
		 * text, never a break, and the state stays as it is. */
		unsigned char ch = t[p];
		if ((st.prev == C_AL && (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') ||
		    (st.prev == C_NU && ch >= '0' && ch <= '9')) {
			p++;
			continue;
		}
		/* A letter, one space and a letter: the break between words,
		 * as simple_break and simple_step give it (the space is not a
		 * break, the letter after it is; of the state only before_sp
		 * changes, for in_number and lone_hy are false after a letter). */
		if (st.prev == C_AL && ch == ' ' && p + 1 < len && (t[p + 1] | 0x20) >= 'a' &&
		    (t[p + 1] | 0x20) <= 'z') {
			if (VEC_RESERVE(b->fast, b->cap_fast, b->n_fast + 1) < 0)
				return -1;
			b->fast[b->n_fast++] = p + 1;
			st.before_sp = C_AL;
			p += 2;
			continue;
		}
		size_t n;
		int c = simple_class(t, len, p, &n);
		if (c == C_OTHER)
			return 0;
		bool digit_next = p + n < len && t[p + n] >= '0' && t[p + n] <= '9';
		bool broke = simple_break(&st, c, digit_next);
		if (broke) {
			if (VEC_RESERVE(b->fast, b->cap_fast, b->n_fast + 1) < 0)
				return -1;
			b->fast[b->n_fast++] = p;
		}
		simple_step(&st, c, broke);
		p += n;
	}
	if (VEC_RESERVE(b->fast, b->cap_fast, b->n_fast + 1) < 0)
		return -1;
	b->fast[b->n_fast++] = len;
	*simple = true;
	return 0;
}

int breaker_new(breaker **out)
{
	breaker *b = calloc(1, sizeof *b);
	*out = b;
	if (!b)
		return -1;
	return 0;
}

void breaker_free(breaker *b)
{
	if (!b)
		return;
	for (int l = 0; l < LANG_MAX; l++)
		for (int i = 0; i < IT_COUNT; i++)
			if (b->it[l][i])
				ubrk_close(b->it[l][i]);
	free(b->fast);
	free(b);
}

/* Points iterators first..IT_COUNT-1 of lang at b->text. Returns 0, or -1
 * when ICU fails (logged). */
static int set_iterators(breaker *b, lang_id lang, int first)
{
	static const UBreakIteratorType types[IT_COUNT] = {UBRK_LINE, UBRK_CHARACTER};
	UErrorCode st = U_ZERO_ERROR;
	/* An empty text still needs a valid pointer for ICU. */
	UText *ut = utext_openUTF8(NULL, b->len ? b->text : "", (int64_t)b->len, &st);
	if (U_FAILURE(st)) {
		LOG(LOG_ERROR, "utext_openUTF8: %s", u_errorName(st));
		return -1;
	}
	for (int i = first; i < IT_COUNT; i++) {
		if (!b->it[lang][i]) {
			b->it[lang][i] = ubrk_open(types[i], lang_code(lang), NULL, 0, &st);
			if (U_FAILURE(st)) {
				LOG(LOG_ERROR, "ubrk_open(%s): %s", lang_code(lang), u_errorName(st));
				b->it[lang][i] = NULL;
				utext_close(ut);
				return -1;
			}
		}
		/* The iterator keeps a shallow clone of ut, so ut can go. */
		ubrk_setUText(b->it[lang][i], ut, &st);
	}
	utext_close(ut);
	if (U_FAILURE(st)) {
		LOG(LOG_ERROR, "ubrk_setUText: %s", u_errorName(st));
		return -1;
	}
	return 0;
}

int breaker_set_text(breaker *b, lang_id lang, const char *text, size_t len)
{
	if (len > INT32_MAX || lang < 0 || lang >= LANG_MAX)
		return -1;
	bool simple;
	if (find_simple_breaks(b, text, len, &simple) < 0)
		return -1;
	b->lang = lang;
	b->text = text;
	b->len = len;
	b->line_at = 0;
	b->simple = simple;
	/* Simple text needs ICU for grapheme clusters only, and those when
	 * asked (char_ready). */
	b->char_set = !simple;
	b->char_ok = true;
	return simple ? 0 : set_iterators(b, lang, 0);
}

/* Whether the grapheme iterator is set to the text, setting it now if
 * not (once a text). False when ICU failed (logged): the callers then step
 * by code point, which is what a grapheme of one character is. */
static bool char_ready(breaker *b)
{
	if (!b->char_set) {
		b->char_set = true;
		b->char_ok = set_iterators(b, b->lang, IT_CHAR) == 0;
	}
	return b->char_ok;
}

/* ICU positions clamped into (after, len]: malformed UTF-8 must never send
 * a caller backwards or past the end. */
static size_t clamp_after(const breaker *b, int32_t p, size_t after)
{
	if (p == UBRK_DONE || (size_t)p > b->len)
		return b->len;
	if ((size_t)p <= after)
		return after + 1 <= b->len ? after + 1 : b->len;
	return (size_t)p;
}

size_t breaker_next_line(breaker *b, size_t after, bool *hard)
{
	*hard = false;
	if (after >= b->len)
		return b->len + 1;
	if (b->simple) {
		/* Callers go forward from the last answer; anything else
		 * searches from the start. */
		size_t i = b->fast_i < b->n_fast && (b->fast_i == 0 || b->fast[b->fast_i - 1] <= after)
				   ? b->fast_i
				   : 0;
		while (b->fast[i] <= after)
			i++; /* the last is len > after */
		b->fast_i = i + 1;
		*hard = b->fast[i] == b->len;
		return b->fast[i];
	}
	UBreakIterator *it = b->it[b->lang][IT_LINE];
	int32_t p = b->line_at == after ? ubrk_next(it) : ubrk_following(it, (int32_t)after);
	size_t pos = clamp_after(b, p, after);
	if (pos == b->len) {
		*hard = true;
	} else {
		int32_t st = ubrk_getRuleStatus(it);
		*hard = st >= UBRK_LINE_HARD && st < UBRK_LINE_HARD_LIMIT;
	}
	b->line_at = (p == UBRK_DONE || (size_t)p != pos) ? (size_t)-1 : pos;
	return pos;
}

const size_t *breaker_simple_lines(const breaker *b, size_t *n)
{
	*n = 0;
	if (!b->simple)
		return NULL;
	/* As breaker_next_line from 0: answers after 0, none for no text. */
	size_t i = 0;
	while (i < b->n_fast && b->fast[i] == 0)
		i++;
	*n = b->len ? b->n_fast - i : 0;
	return b->fast + i;
}

size_t breaker_next_grapheme(breaker *b, size_t pos)
{
	if (pos >= b->len)
		return b->len;
	if (!char_ready(b)) {
		size_t p = pos + 1;
		while (p < b->len && ((unsigned char)b->text[p] & 0xC0) == 0x80)
			p++;
		return p;
	}
	return clamp_after(b, ubrk_following(b->it[b->lang][IT_CHAR], (int32_t)pos), pos);
}

size_t breaker_grapheme_start(breaker *b, size_t pos)
{
	if (pos >= b->len)
		return b->len;
	if (!char_ready(b))
		return pos;
	UBreakIterator *it = b->it[b->lang][IT_CHAR];
	if (ubrk_isBoundary(it, (int32_t)pos))
		return pos;
	int32_t p = ubrk_preceding(it, (int32_t)pos);
	return p == UBRK_DONE || p < 0 || (size_t)p > pos ? pos : (size_t)p;
}

/* The word-like segments of the iterator's text (len bytes), in order. */
static int collect_words(UBreakIterator *it, size_t len, size_t **starts, size_t **ends,
			 size_t *n)
{
	size_t cap = 0, count = 0;
	size_t *s = NULL, *e = NULL;
	size_t prev = 0;
	for (int32_t p = ubrk_first(it); p != UBRK_DONE; p = ubrk_next(it)) {
		size_t pos = (size_t)p;
		if (p <= 0 || pos <= prev || pos > len)
			continue;
		int32_t st = ubrk_getRuleStatus(it);
		if (!(st >= UBRK_WORD_NONE && st < UBRK_WORD_NONE_LIMIT)) {
			void *const arrs[] = {&s, &e};
			const size_t elems[] = {sizeof *s, sizeof *e};
			if (vec_reserve_many(arrs, elems, 2, &cap, count + 1) < 0) {
				free(s);
				free(e);
				return -1;
			}
			s[count] = prev;
			e[count] = pos;
			count++;
		}
		prev = pos;
	}
	*starts = s;
	*ends = e;
	*n = count;
	return 0;
}

int breaker_words(lang_id lang, const char *text, size_t len, size_t **starts, size_t **ends,
		  size_t *n)
{
	*starts = *ends = NULL;
	*n = 0;
	if (len > INT32_MAX || lang < 0 || lang >= LANG_MAX)
		return -1;
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, len ? text : "", (int64_t)len, &st);
	UBreakIterator *it = U_SUCCESS(st) ? ubrk_open(UBRK_WORD, lang_code(lang), NULL, 0, &st)
					   : NULL;
	/* The iterator keeps a shallow clone of ut, so ut can go. */
	if (U_SUCCESS(st))
		ubrk_setUText(it, ut, &st);
	utext_close(ut);
	int rc = -1;
	if (U_FAILURE(st))
		LOG(LOG_ERROR, "word iterator (%s): %s", lang_code(lang), u_errorName(st));
	else
		rc = collect_words(it, len, starts, ends, n);
	ubrk_close(it);
	return rc;
}
