#include "text/breaker.h"

#include <stdint.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "base/log.h"
#include "base/vec.h"

enum { IT_LINE, IT_WORD, IT_CHAR, IT_COUNT };

struct breaker {
	UBreakIterator *it[LANG_COUNT][IT_COUNT];
	lang_id lang;
	size_t len;
	size_t line_at; /* ICU's line iterator position, to skip redundant seeks */
};

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
	for (int l = 0; l < LANG_COUNT; l++)
		for (int i = 0; i < IT_COUNT; i++)
			if (b->it[l][i])
				ubrk_close(b->it[l][i]);
	free(b);
}

int breaker_set_text(breaker *b, lang_id lang, const char *text, size_t len)
{
	static const UBreakIteratorType types[IT_COUNT] = {UBRK_LINE, UBRK_WORD, UBRK_CHARACTER};
	if (len > INT32_MAX || lang < 0 || lang >= LANG_COUNT)
		return -1;
	UErrorCode st = U_ZERO_ERROR;
	/* An empty text still needs a valid pointer for ICU. */
	UText *ut = utext_openUTF8(NULL, len ? text : "", (int64_t)len, &st);
	if (U_FAILURE(st)) {
		LOG(LOG_ERROR, "utext_openUTF8: %s", u_errorName(st));
		return -1;
	}
	for (int i = 0; i < IT_COUNT; i++) {
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
	b->lang = lang;
	b->len = len;
	b->line_at = 0;
	return 0;
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

size_t breaker_next_grapheme(breaker *b, size_t pos)
{
	if (pos >= b->len)
		return b->len;
	return clamp_after(b, ubrk_following(b->it[b->lang][IT_CHAR], (int32_t)pos), pos);
}

size_t breaker_grapheme_start(breaker *b, size_t pos)
{
	if (pos >= b->len)
		return b->len;
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
	if (len > INT32_MAX || lang < 0 || lang >= LANG_COUNT)
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
