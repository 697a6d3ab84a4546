#include "speech/utterance.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "base/utf8.h"

/* The words said for symbols and the parts of an e-mail address. Welsh
 * reads web and e-mail addresses with "at" and "dot" as English does. A
 * language without words here gives the voice the symbols themselves, for
 * its own dictionary to name (espeak-ng's Polish says "małpa", "kropka"). */
typedef struct {
	const char *and_, *at, *dot, *dash, *underscore, *plus;
	const char *vowels; /* an e-mail part without one of these is spelled */
} lang_words;

static const lang_words words_cy = {"a", "at", "dot", "cysylltnod", "tanlinell", "plws", "aeiouwy"};
static const lang_words words_en = {"and", "at", "dot", "dash", "underscore", "plus", "aeiouy"};
static const lang_words words_neutral = {"&", "@", ".", "-", "_", "+", "aeiouy"};

/* An e-mail part of at most this many letters is spelled ("uk"). */
#define SPELL_MAX_LETTERS 2

typedef struct {
	size_t start, len, block;
} segment;

struct utterance {
	char *text;
	long *owner; /* per byte of text: the word it was made from, or -1 */
	size_t len, text_cap, owner_cap;
	utterance_word *words;
	size_t n_words, cap_words;
	segment *segs;
	size_t n_segs, cap_segs;
};

/* The state of building one block. */
typedef struct {
	utterance *u;
	const content_block *b;
	size_t block;
	const lang_words *lw;
	const saylist *say;
	bool phone;      /* the last word was a phone number's digit group */
	bool failed;     /* out of memory */
} builder;

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static void put(builder *b, const char *s, size_t n, long owner)
{
	utterance *u = b->u;
	if (n == 0)
		return;
	if (b->failed || !grow((void **)&u->text, &u->text_cap, u->len + n, 1) ||
	    !grow((void **)&u->owner, &u->owner_cap, u->len + n, sizeof *u->owner)) {
		b->failed = true;
		return;
	}
	memcpy(u->text + u->len, s, n);
	for (size_t i = 0; i < n; i++)
		u->owner[u->len + i] = owner;
	u->len += n;
}

static void puts_(builder *b, const char *s, long owner)
{
	put(b, s, strlen(s), owner);
}

static char last(const builder *b, size_t seg_start)
{
	return b->u->len > seg_start ? b->u->text[b->u->len - 1] : '\0';
}

static long new_word(builder *b, size_t start, size_t len)
{
	utterance *u = b->u;
	if (b->failed || !grow((void **)&u->words, &u->cap_words, u->n_words + 1, sizeof *u->words)) {
		b->failed = true;
		return -1;
	}
	u->words[u->n_words] = (utterance_word){b->block, start, len};
	return (long)u->n_words++;
}

static bool is_word_cp(uint32_t cp)
{
	int8_t t = u_charType((UChar32)cp);
	return u_isalnum((UChar32)cp) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

static bool is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static bool is_hyphen(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static uint32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t cp = 0;
	size_t l = i < n ? utf8_decode(s + i, n - i, &cp) : 0;
	if (len)
		*len = l;
	return cp;
}

static bool in_tel_link(const content_block *b, size_t at)
{
	for (size_t i = 0; i < b->n_spans; i++) {
		const content_span *s = &b->spans[i];
		if (at >= s->start && at < s->end && s->href && strncmp(s->href, "tel:", 4) == 0)
			return true;
	}
	return false;
}

/* The end of the word starting at i: letters, digits and marks, joined by an
 * apostrophe or hyphen between word characters, or by . or , between
 * digits ("1,000", "2.5"). */
static size_t word_end(const char *s, size_t n, size_t i)
{
	size_t l;
	uint32_t cp = cp_at(s, n, i, &l);
	if (is_apostrophe(cp)) /* a leading one, "’r" */
		i += l;
	while (i < n) {
		uint32_t c = cp_at(s, n, i, &l);
		if (is_word_cp(c)) {
			i += l;
			continue;
		}
		size_t l2;
		uint32_t next = cp_at(s, n, i + l, &l2);
		uint32_t prev = 0;
		if (i > 0) {
			size_t k = i - 1;
			while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
				k--;
			prev = cp_at(s, n, k, NULL);
		}
		bool joins = ((is_apostrophe(c) || is_hyphen(c)) && is_word_cp(next)) ||
			     ((c == '.' || c == ',') && u_isdigit((UChar32)prev) &&
			      u_isdigit((UChar32)next));
		if (!joins)
			break;
		i += l + l2;
	}
	return i;
}

/* The word as the voice gets it: ’ as ', the other hyphens as -. */
static void put_plain(builder *b, const char *s, size_t n, long w)
{
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t cp = cp_at(s, n, i, &l);
		if (is_apostrophe(cp))
			puts_(b, "'", w);
		else if (is_hyphen(cp))
			puts_(b, "-", w);
		else
			put(b, s + i, l, w);
		i += l;
	}
}

static void put_spaced(builder *b, const char *s, long w)
{
	if (last(b, 0) != ' ' && b->u->len > 0)
		puts_(b, " ", -1);
	puts_(b, s, w);
	puts_(b, " ", -1);
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

static void put_word(builder *b, size_t start, size_t end)
{
	const char *s = b->b->text + start;
	size_t n = end - start;
	bool prev_phone = b->phone;
	b->phone = false;
	if (all_digits(s, n) && (s[0] == '0' || prev_phone || in_tel_link(b->b, start))) {
		long w = new_word(b, start, n);
		/* The pause between groups; the space before is already there. */
		if (prev_phone) {
			if (last(b, 0) == ' ')
				b->u->len--;
			puts_(b, ", ", -1);
		}
		for (size_t i = 0; i < n; i++) {
			const char *say = saylist_lookup(b->say, s + i, 1);
			if (i)
				puts_(b, " ", w);
			if (say)
				puts_(b, say, w);
			else
				put(b, s + i, 1, w);
		}
		b->phone = true;
		return;
	}
	long w = new_word(b, start, n);
	const char *say = saylist_lookup(b->say, s, n);
	if (say)
		puts_(b, say, w);
	else
		put_plain(b, s, n, w);
}

/* One part of an e-mail address: from the list, spelled, or as it is. */
static void put_mail_part(builder *b, const char *s, size_t n, long w)
{
	if (n == 0)
		return;
	const char *say = saylist_lookup(b->say, s, n);
	if (say) {
		puts_(b, say, w);
		return;
	}
	size_t letters = 0;
	bool vowel = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
		letters += c >= 'a' && c <= 'z';
		vowel = vowel || (c && strchr(b->lw->vowels, c));
	}
	if (letters > SPELL_MAX_LETTERS && vowel) {
		put_plain(b, s, n, w);
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t l;
		cp_at(s, n, i, &l);
		if (i)
			puts_(b, " ", w);
		put(b, s + i, l, w);
		i += l;
	}
}

/* The domain or a local part without a list entry: parts split at . - _ +. */
static void put_mail_parts(builder *b, const char *s, size_t n, long w)
{
	size_t i = 0;
	while (i <= n) {
		size_t j = i;
		while (j < n && !strchr(".-_+", s[j]))
			j++;
		put_mail_part(b, s + i, j - i, w);
		if (j == n)
			break;
		const char *sep = s[j] == '.' ? b->lw->dot
				  : s[j] == '-' ? b->lw->dash
				  : s[j] == '_' ? b->lw->underscore
						: b->lw->plus;
		put_spaced(b, sep, w);
		i = j + 1;
	}
}

/* An e-mail address in text[start..end): one word. */
static void put_email(builder *b, size_t start, size_t end, size_t at)
{
	const char *t = b->b->text;
	long w = new_word(b, start, end - start);
	const char *say = saylist_lookup(b->say, t + start, at - start);
	if (say)
		puts_(b, say, w);
	else
		put_mail_parts(b, t + start, at - start, w);
	put_spaced(b, b->lw->at, w);
	put_mail_parts(b, t + at + 1, end - at - 1, w);
	b->phone = false;
}

static bool ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* When the non-space run at i is an e-mail address (ASCII letters, digits
 * and . - _ +, one @ with a character either side and a dot after it), its
 * range without the punctuation around it. */
static bool find_email(const char *s, size_t n, size_t i, size_t *start, size_t *end, size_t *at)
{
	size_t e = i;
	while (e < n && s[e] != ' ' && s[e] != '\n' && s[e] != '\t')
		e++;
	/* An address starts and ends with a letter or digit: "(a@b.c)." is
	 * "a@b.c". */
	while (i < e && !ascii_alnum(s[i]))
		i++;
	while (e > i && !ascii_alnum(s[e - 1]))
		e--;
	const char *a = memchr(s + i, '@', e - i);
	if (!a || a == s + i || a + 1 >= s + e || memchr(a + 1, '@', (size_t)(s + e - a - 1)) ||
	    !memchr(a + 1, '.', (size_t)(s + e - a - 1)))
		return false;
	for (const char *p = s + i; p < s + e; p++)
		if (!(ascii_alnum(*p) || strchr(".-_+@", *p)))
			return false;
	*start = i;
	*end = e;
	*at = (size_t)(a - s);
	return true;
}

static void put_block(builder *b)
{
	const char *s = b->b->text;
	size_t n = b->b->len, seg_start = b->u->len, words_before = b->u->n_words;
	bool run_start = true;
	for (size_t i = 0; i < n && !b->failed;) {
		size_t l, ms, me, at;
		uint32_t cp = cp_at(s, n, i, &l);
		uint32_t next = cp_at(s, n, i + l, NULL);
		if (run_start && find_email(s, n, i, &ms, &me, &at)) {
			put(b, s + i, ms - i, -1); /* "(" and the like */
			put_email(b, ms, me, at);
			i = me;
			run_start = false;
			continue;
		}
		run_start = u_isUWhiteSpace((UChar32)cp) || u_iscntrl((UChar32)cp);
		if (is_word_cp(cp) || (is_apostrophe(cp) && is_word_cp(next))) {
			size_t e = word_end(s, n, i);
			put_word(b, i, e);
			i = e;
			continue;
		}
		if (cp == '&') {
			put_spaced(b, b->lw->and_, new_word(b, i, 1));
		} else if (run_start || strchr("[]{}<>/\\|_*#~^`", (int)(cp < 128 ? cp : 1)) ||
			   is_apostrophe(cp) || cp == 0x2018) {
			/* Not read; a space keeps the words apart. */
			if (last(b, seg_start) != ' ' && b->u->len > seg_start)
				puts_(b, " ", -1);
		} else {
			put(b, s + i, l, -1);
			b->phone = false;
		}
		i += l;
	}
	if (b->failed)
		return;
	if (b->u->n_words == words_before) {
		b->u->len = seg_start;
		return;
	}
	while (b->u->len > seg_start && last(b, seg_start) == ' ')
		b->u->len--;
	/* "... ar:" introduces what follows, but the block ends here. */
	if (strchr(",;:", last(b, seg_start)))
		b->u->len--;
	if (!strchr(".?!", last(b, seg_start)))
		puts_(b, ".", -1);
	size_t len = b->u->len - seg_start;
	put(b, "", 1, -1); /* the NUL that ends the segment's text */
	utterance *u = b->u;
	if (b->failed || !grow((void **)&u->segs, &u->cap_segs, u->n_segs + 1, sizeof *u->segs)) {
		b->failed = true;
		return;
	}
	u->segs[u->n_segs++] = (segment){seg_start, len, b->block};
}

int utterance_build(const content_block *blocks, size_t n, const char *tag, const saylist *say,
		    utterance **out)
{
	const lang_words *lw = strcmp(tag, "cy") == 0   ? &words_cy
			       : strcmp(tag, "en") == 0 ? &words_en
							: &words_neutral;
	utterance *u = calloc(1, sizeof *u);
	if (!u)
		return -1;
	builder b = {.u = u, .lw = lw, .say = say};
	for (size_t i = 0; i < n && !b.failed; i++) {
		b.b = &blocks[i];
		b.block = i;
		b.phone = false;
		put_block(&b);
	}
	if (b.failed) {
		utterance_free(u);
		return -1;
	}
	*out = u;
	return 0;
}

void utterance_free(utterance *u)
{
	if (!u)
		return;
	free(u->text);
	free(u->owner);
	free(u->words);
	free(u->segs);
	free(u);
}

size_t utterance_segments(const utterance *u)
{
	return u->n_segs;
}

const char *utterance_segment(const utterance *u, size_t i, size_t *len, size_t *block)
{
	if (len)
		*len = u->segs[i].len;
	if (block)
		*block = u->segs[i].block;
	return u->text + u->segs[i].start;
}

size_t utterance_words(const utterance *u)
{
	return u->n_words;
}

const utterance_word *utterance_word_get(const utterance *u, size_t i)
{
	return &u->words[i];
}

long utterance_word_from(const utterance *u, size_t seg, size_t off)
{
	const segment *s = &u->segs[seg];
	for (size_t i = off; i < s->len; i++)
		if (u->owner[s->start + i] >= 0)
			return u->owner[s->start + i];
	return -1;
}
