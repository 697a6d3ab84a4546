/* Plural forms: which wording a count takes in each language, by the CLDR
 * rules that ICU's data carries (plural.c says why it evaluates them itself
 * rather than through ICU's uplrules). English has two categories, one and
 * other ("1 second", "2 seconds"); Welsh has six, zero, one, two, few, many
 * and other. A content field that depends on a count is written once per
 * category, "@countdown.one: ...", "@countdown.other: ...", and .other
 * serves every count whose category has no line of its own
 * (docs/content.md, "Counts").
 *
 * Ownership: plural_rules_new opens each language's rules once; the caller
 * frees them with plural_rules_free. The strings plural_pick returns belong
 * to the section they come from. */
#ifndef TAFLEN_CONTENT_PLURAL_H
#define TAFLEN_CONTENT_PLURAL_H

#include <stddef.h>

#include "base/lang.h"
#include "content/content.h"

/* The CLDR categories, in CLDR's order. */
typedef enum {
	PLURAL_ZERO,
	PLURAL_ONE,
	PLURAL_TWO,
	PLURAL_FEW,
	PLURAL_MANY,
	PLURAL_OTHER,
	PLURAL_COUNT
} plural_category;

/* "zero", "one", ... "other": the suffix of a field's key. */
const char *plural_category_name(plural_category c);
/* Returns 0 and sets *out when the n bytes at s name a category; else -1. */
int plural_category_parse(const char *s, size_t n, plural_category *out);

typedef struct plural_rules plural_rules;

/* The rules of the n (at most LANG_MAX) languages tags names, lang_id i
 * being tags[i]: a tag's own, else its nearest parent's ("en-GB": "en"),
 * as ICU looks them up; a tag ICU has none for has only other. Returns 0,
 * or -1 when ICU's plural data cannot be read or out of memory. */
int plural_rules_new(const char *const *tags, size_t n, plural_rules **out);
void plural_rules_free(plural_rules *r);

/* The category of count in lang. */
plural_category plural_select(const plural_rules *r, lang_id lang, long count);
/* The categories lang uses, as a bit mask (1u << category); every language
 * uses PLURAL_OTHER. */
unsigned plural_categories(const plural_rules *r, lang_id lang);

/* The value of "@key.CATEGORY" in s for count's category in lang, else of
 * "@key.other", else NULL. */
const char *plural_pick(const plural_rules *r, lang_id lang, const content_section *s,
			const char *key, long count);

#endif
