#include "content/plural.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/ures.h>

/* Why the rules are read and evaluated here, not by ICU's uplrules: that
 * API lives in libicui18n, a 3.4 MB library that taflen would load for it
 * alone, which costs about 1 MB of resident memory and 0.4 ms of every
 * start (docs/performance.md). The rules themselves are still ICU's: its
 * copy of CLDR's plural data ("plurals" in ICU's data, read with
 * libicuuc's resource API, which the breaker and the normaliser load
 * anyway), with ICU's fallback from a locale to its parents. Counts are
 * whole numbers, so only the integer operands arise (n = i, the rest 0);
 * test_plural holds this evaluator to uplrules_select for every locale ICU
 * has rules for. */

/* The longest locale ID and rule that ICU's data holds are far shorter. */
#define LOCALE_MAX 96
#define RULE_MAX 512

static const char *const names[PLURAL_COUNT] = {"zero", "one", "two", "few", "many", "other"};

struct plural_rules {
	/* Each language's condition for each category but other, without
	 * CLDR's samples (after '@'); NULL: none, the category is unused. */
	char *rule[LANG_MAX][PLURAL_OTHER];
	unsigned used[LANG_MAX]; /* the categories each language uses */
};

const char *plural_category_name(plural_category c)
{
	return c >= 0 && c < PLURAL_COUNT ? names[c] : "other";
}

int plural_category_parse(const char *s, size_t n, plural_category *out)
{
	for (int c = 0; c < PLURAL_COUNT; c++) {
		if (strlen(names[c]) == n && memcmp(names[c], s, n) == 0) {
			*out = (plural_category)c;
			return 0;
		}
	}
	return -1;
}

/* ---- evaluating a rule (CLDR, UTS #35 part 3, "Plural rules syntax") --- */

typedef struct {
	const char *p;
	bool bad;
} cursor;

static void skip_space(cursor *c)
{
	while (*c->p == ' ')
		c->p++;
}

/* Takes the word or sign w if the rule goes on with it. */
static bool take(cursor *c, const char *w)
{
	skip_space(c);
	size_t n = strlen(w);
	if (strncmp(c->p, w, n) != 0)
		return false;
	c->p += n;
	return true;
}

static long long number(cursor *c)
{
	skip_space(c);
	if (!isdigit((unsigned char)*c->p)) {
		c->bad = true;
		return 0;
	}
	long long v = 0;
	while (isdigit((unsigned char)*c->p) && v < 1000000000000LL)
		v = v * 10 + (*c->p++ - '0');
	return v;
}

/* The operand's value for the whole number n: n and i are n; v, w, f, t
 * (the fraction's digits) and c, e (the compact exponent) are 0. */
static long long operand(cursor *c, long long n)
{
	skip_space(c);
	char op = *c->p;
	if (!op || !strchr("niwvftce", op)) {
		c->bad = true;
		return 0;
	}
	c->p++;
	return op == 'n' || op == 'i' ? n : 0;
}

/* relation: operand [mod|% m] (= | != | [not] in | [not] within | is [not])
 * list of values and ranges. */
static bool relation(cursor *c, long long n)
{
	long long x = operand(c, n);
	if (take(c, "mod") || take(c, "%")) {
		long long m = number(c);
		x = m > 0 ? x % m : x;
	}
	bool negate;
	if (take(c, "!=")) {
		negate = true;
	} else if (take(c, "=")) {
		negate = false;
	} else if (take(c, "is")) {
		negate = take(c, "not");
	} else {
		negate = take(c, "not");
		if (!take(c, "in") && !take(c, "within"))
			c->bad = true;
	}
	bool in = false;
	do {
		long long lo = number(c), hi = lo;
		if (strncmp(c->p, "..", 2) == 0) {
			c->p += 2;
			hi = number(c);
		}
		in = in || (lo <= x && x <= hi);
		skip_space(c);
	} while (!c->bad && *c->p == ',' && c->p++);
	return in != negate;
}

/* condition: and_condition (or and_condition)*, where and_condition is
 * relation (and relation)*. Sets c->bad on anything else. */
static bool condition(cursor *c, long long n)
{
	bool any = false;
	do {
		bool all = true;
		do
			all = relation(c, n) && all;
		while (!c->bad && take(c, "and"));
		any = any || all;
	} while (!c->bad && take(c, "or"));
	skip_space(c);
	if (*c->p)
		c->bad = true;
	return any && !c->bad;
}

/* ---- reading ICU's data ------------------------------------------------ */

/* The rule set ICU's data names for tag or its nearest parent with one
 * (as PluralRules::forLocale looks), in set; false when there is none, and
 * the language has only other. */
static bool rule_set(UResourceBundle *locales, const char *tag, char *set, size_t cap)
{
	char loc[LOCALE_MAX];
	UErrorCode st = U_ZERO_ERROR;
	uloc_getBaseName(tag, loc, (int32_t)sizeof loc, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return false;
	for (;;) {
		UErrorCode s2 = U_ZERO_ERROR;
		int32_t n = 0;
		const UChar *v = ures_getStringByKey(locales, loc, &n, &s2);
		if (U_SUCCESS(s2) && n > 0 && (size_t)n < cap) {
			for (int32_t i = 0; i < n; i++)
				set[i] = v[i] < 0x80 ? (char)v[i] : '?';
			set[n] = '\0';
			return true;
		}
		s2 = U_ZERO_ERROR;
		if (uloc_getParent(loc, loc, (int32_t)sizeof loc, &s2) <= 0 || U_FAILURE(s2))
			return false;
	}
}

/* Reads the rules of set into r's language l. Returns 0, or -1 when out of
 * memory or a rule is longer than RULE_MAX. */
static int read_rules(plural_rules *r, size_t l, UResourceBundle *rules, const char *set)
{
	UErrorCode st = U_ZERO_ERROR;
	UResourceBundle *one = ures_getByKey(rules, set, NULL, &st);
	int rc = U_SUCCESS(st) ? 0 : -1;
	while (rc == 0 && ures_hasNext(one)) {
		const char *key = NULL;
		int32_t n = 0;
		const UChar *v = ures_getNextString(one, &n, &key, &st);
		plural_category c;
		if (U_FAILURE(st) || !key || plural_category_parse(key, strlen(key), &c) != 0) {
			rc = -1;
			break;
		}
		if (c == PLURAL_OTHER)
			continue;
		if (n >= RULE_MAX || !(r->rule[l][c] = malloc((size_t)n + 1))) {
			rc = -1;
			break;
		}
		int32_t k = 0;
		while (k < n && v[k] != '@') {
			r->rule[l][c][k] = v[k] < 0x80 ? (char)v[k] : '?';
			k++;
		}
		while (k > 0 && r->rule[l][c][k - 1] == ' ')
			k--;
		r->rule[l][c][k] = '\0';
		r->used[l] |= 1u << c;
	}
	ures_close(one);
	return rc;
}

int plural_rules_new(const char *const *tags, size_t n, plural_rules **out)
{
	plural_rules *r = n <= LANG_MAX ? calloc(1, sizeof *r) : NULL;
	if (!r)
		return -1;
	UErrorCode st = U_ZERO_ERROR;
	UResourceBundle *data = ures_openDirect(NULL, "plurals", &st);
	UResourceBundle *locales = ures_getByKey(data, "locales", NULL, &st);
	UResourceBundle *rules = ures_getByKey(data, "rules", NULL, &st);
	int rc = U_SUCCESS(st) ? 0 : -1;
	for (size_t l = 0; l < n && rc == 0; l++) {
		char set[LOCALE_MAX];
		r->used[l] = 1u << PLURAL_OTHER;
		if (rule_set(locales, tags[l], set, sizeof set))
			rc = read_rules(r, l, rules, set);
	}
	ures_close(rules);
	ures_close(locales);
	ures_close(data);
	if (rc != 0) {
		plural_rules_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

void plural_rules_free(plural_rules *r)
{
	if (!r)
		return;
	for (int l = 0; l < LANG_MAX; l++)
		for (int c = 0; c < PLURAL_OTHER; c++)
			free(r->rule[l][c]);
	free(r);
}

plural_category plural_select(const plural_rules *r, lang_id lang, long count)
{
	if (lang < 0 || lang >= LANG_MAX)
		return PLURAL_OTHER;
	long long n = count < 0 ? -(long long)count : count;
	for (int c = 0; c < PLURAL_OTHER; c++) {
		if (!r->rule[lang][c])
			continue;
		cursor cur = {r->rule[lang][c], false};
		if (condition(&cur, n))
			return (plural_category)c;
	}
	return PLURAL_OTHER;
}

unsigned plural_categories(const plural_rules *r, lang_id lang)
{
	return lang >= 0 && lang < LANG_MAX && r->used[lang] ? r->used[lang] : 1u << PLURAL_OTHER;
}

const char *plural_pick(const plural_rules *r, lang_id lang, const content_section *s,
			const char *key, long count)
{
	char form[128];
	plural_category c = plural_select(r, lang, count);
	for (int pass = 0; pass < 2; pass++) {
		const char *cat = plural_category_name(pass == 0 ? c : PLURAL_OTHER);
		int n = snprintf(form, sizeof form, "%s.%s", key, cat);
		if (n < 0 || (size_t)n >= sizeof form)
			return NULL;
		const char *v = content_section_field(s, form);
		if (v)
			return v;
	}
	return NULL;
}
