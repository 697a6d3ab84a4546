#include "content/cmatch.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unicode/uchar.h>

#include "base/utf8.h"

/* One unit of the normalised text: a case-folded character, or SEP standing
 * for a whole run of spaces and punctuation. start/end are byte offsets in
 * the original text. */
typedef struct {
	uint32_t cp;
	size_t start, end;
} unit;

#define SEP 0x20u
#define APOS 0x27u

struct cmatch_text {
	unit *u;
	size_t n;
};

static bool is_apostrophe(uint32_t c)
{
	return c == APOS || c == 0x2019 || c == 0x2018 || c == 0x02BC;
}

static bool is_separator(uint32_t c)
{
	if (u_isUWhiteSpace((UChar32)c) || u_ispunct((UChar32)c) || u_iscntrl((UChar32)c))
		return true;
	int8_t t = u_charType((UChar32)c);
	return t == U_MATH_SYMBOL || t == U_CURRENCY_SYMBOL || t == U_MODIFIER_SYMBOL ||
	       t == U_OTHER_SYMBOL;
}

/* Decodes s into folded units. An apostrophe counts as a letter only between
 * two word characters ("a’i", "family's"); elsewhere it is a quote mark, i.e.
 * punctuation. With trim, leading and trailing separators are dropped (for
 * phrases); the text keeps them so that word boundaries are visible. */
static int normalise(const char *s, size_t len, bool trim, unit **out, size_t *n_out)
{
	unit *raw = malloc((len ? len : 1) * sizeof *raw);
	if (!raw)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int r = utf8_decode_strict(s + i, len - i, &cp);
		if (r <= 0) { /* the callers pass valid UTF-8; be safe anyway */
			cp = 0xFFFD;
			r = 1;
		}
		raw[n].cp = cp;
		raw[n].start = i;
		raw[n].end = i + (size_t)r;
		n++;
		i += (size_t)r;
	}

	/* A separate output array: the apostrophe rule looks at the neighbours
	 * as they were read. */
	unit *norm = malloc((n ? n : 1) * sizeof *norm);
	if (!norm) {
		free(raw);
		return -1;
	}
	size_t m = 0;
	bool pending_sep = false;
	size_t sep_start = 0, sep_end = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t c = raw[i].cp;
		bool sep;
		if (is_apostrophe(c)) {
			bool inner = i > 0 && i + 1 < n && !is_separator(raw[i - 1].cp) &&
				     !is_apostrophe(raw[i - 1].cp) && !is_separator(raw[i + 1].cp) &&
				     !is_apostrophe(raw[i + 1].cp);
			sep = !inner;
			c = APOS;
		} else {
			sep = is_separator(c);
			if (!sep)
				c = (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT);
		}
		if (sep) {
			if (!pending_sep)
				sep_start = raw[i].start;
			pending_sep = true;
			sep_end = raw[i].end;
			continue;
		}
		if (pending_sep && !(trim && m == 0))
			norm[m++] = (unit){SEP, sep_start, sep_end};
		pending_sep = false;
		norm[m++] = (unit){c, raw[i].start, raw[i].end};
	}
	if (pending_sep && !trim)
		norm[m++] = (unit){SEP, sep_start, sep_end};
	free(raw);
	*out = norm;
	*n_out = m;
	return 0;
}

int cmatch_text_new(const char *text, size_t len, cmatch_text **out)
{
	cmatch_text *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	if (normalise(text, len, false, &t->u, &t->n) != 0) {
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

void cmatch_text_free(cmatch_text *t)
{
	if (!t)
		return;
	free(t->u);
	free(t);
}

int cmatch_find(const cmatch_text *t, const char *phrase, size_t plen, size_t *count,
		size_t *start, size_t *end)
{
	unit *pat;
	size_t m;
	if (normalise(phrase, plen, true, &pat, &m) != 0)
		return -1;
	*count = 0;
	if (m == 0 || m > t->n) {
		free(pat);
		return 0;
	}
	/* KMP failure function over the pattern's code points. */
	size_t *fail = malloc(m * sizeof *fail);
	if (!fail) {
		free(pat);
		return -1;
	}
	fail[0] = 0;
	for (size_t i = 1, k = 0; i < m; i++) {
		while (k > 0 && pat[i].cp != pat[k].cp)
			k = fail[k - 1];
		if (pat[i].cp == pat[k].cp)
			k++;
		fail[i] = k;
	}
	const unit *u = t->u;
	for (size_t i = 0, k = 0; i < t->n; i++) {
		while (k > 0 && u[i].cp != pat[k].cp)
			k = fail[k - 1];
		if (u[i].cp == pat[k].cp)
			k++;
		if (k == m) {
			size_t first = i + 1 - m;
			/* The trimmed phrase starts and ends with a word character, so
			 * a separator (or the text's edge) on both sides means whole
			 * words. */
			bool left = first == 0 || u[first - 1].cp == SEP;
			bool right = i + 1 == t->n || u[i + 1].cp == SEP;
			if (left && right) {
				if (*count == 0) {
					*start = u[first].start;
					*end = u[i].end;
				}
				(*count)++;
			}
			k = fail[k - 1];
		}
	}
	free(fail);
	free(pat);
	return 0;
}
