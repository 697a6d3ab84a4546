#include "speech/saylist.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unistd.h>

#include "base/file.h"
#include "base/lang.h"
#include "base/utf8.h"
#include "content/content.h"

typedef struct {
	char *key;   /* saylist_key form */
	char *spell; /* as written */
	int line;
} entry;

struct saylist {
	entry *e; /* sorted by key */
	size_t n, cap;
};

#define ARROW "\xe2\x86\x92" /* → */

int saylist_key(const char *word, size_t len, char *out, size_t cap)
{
	UChar in[SAYLIST_MAX_ENTRY + 1], folded[4 * SAYLIST_MAX_ENTRY + 8];
	int32_t n16 = 0;
	UErrorCode err = U_ZERO_ERROR;
	if (len > SAYLIST_MAX_ENTRY)
		return -1;
	u_strFromUTF8(in, SAYLIST_MAX_ENTRY + 1, &n16, word, (int32_t)len, &err);
	if (U_FAILURE(err))
		return -1;
	for (int32_t i = 0; i < n16; i++)
		if (in[i] == 0x2019 || in[i] == 0x02BC)
			in[i] = '\'';
	const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&err);
	int32_t nf16 = U_SUCCESS(err) ? unorm2_normalize(nf, in, n16, folded,
							 (int32_t)(sizeof folded / sizeof *folded), &err)
				      : 0;
	int32_t n8 = 0;
	if (U_SUCCESS(err))
		u_strToUTF8(out, (int32_t)cap, &n8, folded, nf16, &err);
	/* u_strToUTF8 reports a string that exactly fills out as a warning,
	 * without the NUL. */
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING || (size_t)n8 >= cap)
		return -1;
	return (int)n8;
}

static int by_key(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : x->line - y->line;
}

void saylist_free(saylist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->e[i].key);
		free(l->e[i].spell);
	}
	free(l->e);
	free(l);
}

size_t saylist_count(const saylist *l)
{
	return l ? l->n : 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && is_space(**s))
		(*s)++;
	while (*e > *s && is_space((*e)[-1]))
		(*e)--;
}

static int add(saylist *l, const char *key, const char *spell, size_t spell_len, int line)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		entry *e = realloc(l->e, cap * sizeof *e);
		if (!e)
			return -1;
		l->e = e;
		l->cap = cap;
	}
	entry *e = &l->e[l->n];
	e->key = strdup(key);
	e->spell = strndup(spell, spell_len);
	e->line = line;
	if (!e->key || !e->spell) {
		free(e->key);
		free(e->spell);
		return -1;
	}
	l->n++;
	return 0;
}

/* Checks one line; returns NULL when it is good, else the message. */
static const char *check_line(const char *s, const char *end, const char **word_end,
			      const char **spell, const char **spell_end)
{
	for (const char *p = s; p < end;) {
		uint32_t cp;
		int n = utf8_decode_strict(p, (size_t)(end - p), &cp);
		if (n <= 0)
			return "not valid UTF-8";
		if (cp < 0x20 && cp != '\t')
			return "a control character";
		p += n;
	}
	const char *arrow = NULL;
	size_t arrow_len = 0;
	for (const char *p = s; p < end && !arrow; p++) {
		if ((size_t)(end - p) >= 3 && memcmp(p, ARROW, 3) == 0)
			arrow = p, arrow_len = 3;
		else if ((size_t)(end - p) >= 2 && memcmp(p, "->", 2) == 0)
			arrow = p, arrow_len = 2;
	}
	if (!arrow)
		return "expected \"word → spelling\" (or \"word -> spelling\")";
	const char *w = s, *we = arrow, *sp = arrow + arrow_len, *spe = end;
	trim(&w, &we);
	trim(&sp, &spe);
	if (w == we)
		return "no word before the arrow";
	for (const char *p = w; p < we; p++)
		if (is_space(*p))
			return "the word before the arrow must be one word (no spaces)";
	if (sp == spe)
		return "no spelling after the arrow";
	if ((size_t)(we - w) > SAYLIST_MAX_ENTRY || (size_t)(spe - sp) > SAYLIST_MAX_ENTRY)
		return "longer than 200 bytes";
	/* The voice reads [[...]] as phonemes: an unclosed one would swallow
	 * the rest of the page. */
	bool open = false;
	for (const char *p = sp; p + 1 < spe; p++) {
		if (!open && p[0] == '[' && p[1] == '[')
			open = true, p++;
		else if (open && p[0] == ']' && p[1] == ']')
			open = false, p++;
	}
	if (open)
		return "\"[[\" without \"]]\" in the spelling";
	*word_end = we;
	*spell = sp;
	*spell_end = spe;
	return NULL;
}

int saylist_parse(const char *buf, size_t len, const char *path, diag_list *diags,
		  saylist **out)
{
	saylist *l = calloc(1, sizeof *l);
	if (!l) {
		diag_add(diags, path, 0, "out of memory");
		return -1;
	}
	size_t bad = 0;
	int line = 0;
	for (const char *p = buf, *end = buf + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		const char *s = p, *e = le;
		p = nl ? nl + 1 : end;
		/* A byte-order mark, as Notepad writes, is not part of the word. */
		if (line == 1 && e - s >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		trim(&s, &e);
		if (s == e || *s == ';')
			continue;
		const char *we, *sp, *spe;
		const char *why = check_line(s, e, &we, &sp, &spe);
		char key[4 * SAYLIST_MAX_ENTRY + 8];
		if (!why && saylist_key(s, (size_t)(we - s), key, sizeof key) < 0)
			why = "the word cannot be normalised";
		if (why) {
			diag_add(diags, path, line, "%s", why);
			bad++;
			continue;
		}
		if (add(l, key, sp, (size_t)(spe - sp), line) != 0) {
			diag_add(diags, path, line, "out of memory");
			saylist_free(l);
			return -1;
		}
	}
	if (l->n)
		qsort(l->e, l->n, sizeof *l->e, by_key);
	for (size_t i = 1; i < l->n; i++)
		if (strcmp(l->e[i].key, l->e[i - 1].key) == 0) {
			diag_add(diags, path, l->e[i].line, "\"%s\" is already listed on line %d",
				 l->e[i].key, l->e[i - 1].line);
			bad++;
		}
	if (bad) {
		saylist_free(l);
		return -1;
	}
	*out = l;
	return 0;
}

int saylist_load(const char *path, diag_list *diags, saylist **out)
{
	char *buf = NULL;
	size_t len = 0;
	const char *why = NULL;
	switch (file_read(path, SAYLIST_MAX_BYTES, &buf, &len, &why)) {
	case FILE_READ_OK:
		break;
	case FILE_READ_TOO_LARGE:
		diag_add(diags, path, 0, "larger than 1 MiB; a pronunciation list is far smaller");
		return -1;
	case FILE_READ_ERROR:
		if (access(path, F_OK) != 0) {
			/* Optional: no file is no list. */
			*out = calloc(1, sizeof **out);
			if (*out)
				return 0;
			why = "out of memory";
		}
		diag_add(diags, path, 0, "cannot read: %s", why);
		return -1;
	}
	int rc = saylist_parse(buf, len, path, diags, out);
	free(buf);
	return rc;
}

const char *saylist_lookup(const saylist *l, const char *word, size_t len)
{
	char key[4 * SAYLIST_MAX_ENTRY + 8];
	if (!l || l->n == 0 || saylist_key(word, len, key, sizeof key) < 0)
		return NULL;
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, l->e[mid].key);
		if (c == 0)
			return l->e[mid].spell;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t saylist_check_content(const char *dir, const content *c, diag_list *diags)
{
	size_t before = diag_count(diags);
	int n = c ? content_n_langs(c) : LANG_EN + 1;
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/say.txt", dir,
			 c ? content_lang_tag(c, (lang_id)i) : lang_code((lang_id)i));
		saylist *l = NULL;
		if (saylist_load(path, diags, &l) == 0)
			saylist_free(l);
	}
	return diag_count(diags) - before;
}
