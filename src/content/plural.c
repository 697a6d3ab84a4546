#include "content/plural.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uenum.h>
#include <unicode/upluralrules.h>

/* CLDR keywords are short ASCII words; "other" is the longest. */
#define KEYWORD_MAX 16

static const char *const names[PLURAL_COUNT] = {"zero", "one", "two", "few", "many", "other"};

struct plural_rules {
	UPluralRules *rules[LANG_MAX];
	unsigned used[LANG_MAX]; /* the categories each language uses, asked once */
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

static unsigned keywords_of(const UPluralRules *rules)
{
	UErrorCode status = U_ZERO_ERROR;
	UEnumeration *e = uplrules_getKeywords(rules, &status);
	unsigned mask = 1u << PLURAL_OTHER;
	if (U_FAILURE(status))
		return mask;
	const char *kw;
	int32_t len;
	while ((kw = uenum_next(e, &len, &status)) && U_SUCCESS(status)) {
		plural_category c;
		if (plural_category_parse(kw, (size_t)len, &c) == 0)
			mask |= 1u << c;
	}
	uenum_close(e);
	return mask;
}

int plural_rules_new(const char *const *tags, size_t n, plural_rules **out)
{
	plural_rules *r = n <= LANG_MAX ? calloc(1, sizeof *r) : NULL;
	if (!r)
		return -1;
	for (size_t l = 0; l < n; l++) {
		UErrorCode status = U_ZERO_ERROR;
		r->rules[l] = uplrules_open(tags[l], &status);
		if (U_FAILURE(status) || !r->rules[l]) {
			plural_rules_free(r);
			return -1;
		}
		r->used[l] = keywords_of(r->rules[l]);
	}
	*out = r;
	return 0;
}

void plural_rules_free(plural_rules *r)
{
	if (!r)
		return;
	for (int l = 0; l < LANG_MAX; l++)
		if (r->rules[l])
			uplrules_close(r->rules[l]);
	free(r);
}

plural_category plural_select(const plural_rules *r, lang_id lang, long count)
{
	if (lang < 0 || lang >= LANG_MAX || !r->rules[lang])
		return PLURAL_OTHER;
	UChar kw[KEYWORD_MAX];
	UErrorCode status = U_ZERO_ERROR;
	int32_t n = uplrules_select(r->rules[lang], (double)count, kw, KEYWORD_MAX, &status);
	if (U_FAILURE(status) || n <= 0 || n >= KEYWORD_MAX)
		return PLURAL_OTHER;
	char ascii[KEYWORD_MAX];
	for (int32_t i = 0; i < n; i++)
		ascii[i] = kw[i] < 0x80 ? (char)kw[i] : '?';
	plural_category c;
	return plural_category_parse(ascii, (size_t)n, &c) == 0 ? c : PLURAL_OTHER;
}

unsigned plural_categories(const plural_rules *r, lang_id lang)
{
	return lang >= 0 && lang < LANG_MAX && r->rules[lang] ? r->used[lang] : 1u << PLURAL_OTHER;
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
