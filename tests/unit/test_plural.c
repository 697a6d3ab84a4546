/* Plural forms: ICU's CLDR categories for Welsh and English, the same as
 * ICU's own uplrules_select for every locale ICU has plural rules for, the
 * pick of @key.CATEGORY with its fallback to @key.other, and the idle
 * warning's exact words for every count the countdown can show, in both
 * languages.
 *
 * Run from the repository root (tests/run.sh does): it reads assets/content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <unicode/uenum.h>
#include <unicode/upluralrules.h>
#include <unicode/ures.h>

#include "content/content.h"
#include "content/plural.h"

#define SHIPPED "assets/content"
#define MAX_COUNT 30 /* the idle warning counts down from 30 by default */

static plural_rules *open_rules(void)
{
	static const char *const tags[] = {"cy", "en"};
	plural_rules *r = NULL;
	assert_int_equal(plural_rules_new(tags, 2, &r), 0);
	assert_non_null(r);
	return r;
}

static void welsh_and_english_categories(void **state)
{
	(void)state;
	plural_rules *r = open_rules();
	for (long n = 0; n <= MAX_COUNT; n++) {
		plural_category cy = n == 0 ? PLURAL_ZERO
				     : n == 1 ? PLURAL_ONE
				     : n == 2 ? PLURAL_TWO
				     : n == 3 ? PLURAL_FEW
				     : n == 6 ? PLURAL_MANY
						: PLURAL_OTHER;
		plural_category en = n == 1 ? PLURAL_ONE : PLURAL_OTHER;
		if (plural_select(r, LANG_CY, n) != cy)
			fail_msg("Welsh %ld: %s, wanted %s", n,
				 plural_category_name(plural_select(r, LANG_CY, n)),
				 plural_category_name(cy));
		if (plural_select(r, LANG_EN, n) != en)
			fail_msg("English %ld: %s, wanted %s", n,
				 plural_category_name(plural_select(r, LANG_EN, n)),
				 plural_category_name(en));
	}
	assert_int_equal(plural_categories(r, LANG_CY), (1u << PLURAL_COUNT) - 1);
	assert_int_equal(plural_categories(r, LANG_EN), (1u << PLURAL_ONE) | (1u << PLURAL_OTHER));
	plural_rules_free(r);
}

/* ICU's category of n in rules, or PLURAL_COUNT when it names none. */
static plural_category icu_select(const UPluralRules *rules, long n)
{
	UChar kw[16];
	char ascii[16];
	UErrorCode st = U_ZERO_ERROR;
	int32_t len = uplrules_select(rules, (double)n, kw, 16, &st);
	assert_true(U_SUCCESS(st) && len > 0 && len < 16);
	for (int32_t i = 0; i < len; i++)
		ascii[i] = (char)kw[i];
	plural_category c;
	return plural_category_parse(ascii, (size_t)len, &c) == 0 ? c : PLURAL_COUNT;
}

static unsigned icu_categories(const UPluralRules *rules)
{
	UErrorCode st = U_ZERO_ERROR;
	UEnumeration *e = uplrules_getKeywords(rules, &st);
	assert_true(U_SUCCESS(st));
	unsigned mask = 0;
	const char *kw;
	int32_t len;
	while ((kw = uenum_next(e, &len, &st)) && U_SUCCESS(st)) {
		plural_category c;
		assert_int_equal(plural_category_parse(kw, (size_t)len, &c), 0);
		mask |= 1u << c;
	}
	uenum_close(e);
	return mask;
}

/* The counts compared: every one to 2,000, then the powers of ten and
 * their neighbours, and the round millions that French and others set apart. */
static bool next_count(long *n)
{
	if (*n < 2000) {
		++*n;
		return true;
	}
	static const long big[] = {9999,     10000,    10001,     100000,    999999,
				   1000000,  1000001,  2000000,   10000000,  100000000,
				   1000000000, 2147483647};
	for (size_t i = 0; i < sizeof big / sizeof *big; i++) {
		if (big[i] > *n) {
			*n = big[i];
			return true;
		}
	}
	return false;
}

/* Every locale in ICU's plural data, a tag it does not know and a tag of a
 * region it has no rules of its own for (its language's are used). */
static void same_as_icu_everywhere(void **state)
{
	(void)state;
	UErrorCode st = U_ZERO_ERROR;
	UResourceBundle *data = ures_openDirect(NULL, "plurals", &st);
	UResourceBundle *locales = ures_getByKey(data, "locales", NULL, &st);
	assert_true(U_SUCCESS(st));
	size_t compared = 0;
	const char *extra[] = {"xx", "en-GB", "cy-GB", "pt-BR", "sr-Latn"};
	int32_t total = ures_getSize(locales);
	for (int32_t i = 0; i < total + (int32_t)(sizeof extra / sizeof *extra); i++) {
		char tag[64];
		if (i < total) {
			UErrorCode s2 = U_ZERO_ERROR;
			UResourceBundle *item = ures_getByIndex(locales, i, NULL, &s2);
			assert_true(U_SUCCESS(s2));
			snprintf(tag, sizeof tag, "%s", ures_getKey(item));
			ures_close(item);
		} else {
			snprintf(tag, sizeof tag, "%s", extra[i - total]);
		}
		UErrorCode s3 = U_ZERO_ERROR;
		UPluralRules *icu = uplrules_open(tag, &s3);
		assert_true(U_SUCCESS(s3));
		const char *tags[] = {tag};
		plural_rules *ours = NULL;
		assert_int_equal(plural_rules_new(tags, 1, &ours), 0);
		if (plural_categories(ours, 0) != icu_categories(icu))
			fail_msg("%s: categories %#x, ICU %#x", tag, plural_categories(ours, 0),
				 icu_categories(icu));
		long n = -1;
		while (next_count(&n)) {
			plural_category want = icu_select(icu, n), got = plural_select(ours, 0, n);
			if (got != want)
				fail_msg("%s %ld: %s, ICU %s", tag, n, plural_category_name(got),
					 want == PLURAL_COUNT ? "?" : plural_category_name(want));
			compared++;
		}
		plural_rules_free(ours);
		uplrules_close(icu);
	}
	ures_close(locales);
	ures_close(data);
	assert_true(compared > 200 * 2000);
}

static void category_names(void **state)
{
	(void)state;
	plural_category c;
	for (int i = 0; i < PLURAL_COUNT; i++) {
		const char *name = plural_category_name((plural_category)i);
		assert_int_equal(plural_category_parse(name, strlen(name), &c), 0);
		assert_int_equal(c, i);
	}
	assert_string_equal(plural_category_name(PLURAL_MANY), "many");
	assert_int_equal(plural_category_parse("others", 6, &c), -1);
	assert_int_equal(plural_category_parse("other", 4, &c), -1);
	assert_int_equal(plural_category_parse("", 0, &c), -1);
}

/* Every form different, so that the pick shows which one it took. */
static void pick_and_fall_back(void **state)
{
	(void)state;
	plural_rules *r = open_rules();
	content_field all[] = {{"n.zero", "Z", 1}, {"n.one", "O", 2},  {"n.two", "T", 3},
			       {"n.few", "F", 4},  {"n.many", "M", 5}, {"n.other", "X", 6}};
	content_section s = {.id = "t", .fields = all, .n_fields = 6};
	const char *want[] = {"Z", "O", "T", "F", "X", "X", "M", "X"};
	for (long n = 0; n < 8; n++)
		assert_string_equal(plural_pick(r, LANG_CY, &s, "n", n), want[n]);
	assert_string_equal(plural_pick(r, LANG_EN, &s, "n", 1), "O");
	assert_string_equal(plural_pick(r, LANG_EN, &s, "n", 0), "X");

	/* Only .one and .other: Welsh's other categories fall back to .other. */
	content_field two[] = {{"n.one", "O", 1}, {"n.other", "X", 2}};
	content_section t = {.id = "t", .fields = two, .n_fields = 2};
	assert_string_equal(plural_pick(r, LANG_CY, &t, "n", 1), "O");
	assert_string_equal(plural_pick(r, LANG_CY, &t, "n", 2), "X");
	assert_string_equal(plural_pick(r, LANG_CY, &t, "n", 0), "X");
	assert_null(plural_pick(r, LANG_CY, &t, "m", 1));

	/* No .other: nothing for the counts without their own form. */
	content_field one[] = {{"n.one", "O", 1}};
	content_section u = {.id = "t", .fields = one, .n_fields = 1};
	assert_string_equal(plural_pick(r, LANG_EN, &u, "n", 1), "O");
	assert_null(plural_pick(r, LANG_EN, &u, "n", 5));
	plural_rules_free(r);
}

/* "{seconds}" filled in, as the idle warning does. */
static void fill(char *out, size_t size, const char *tmpl, long n)
{
	const char *at = strstr(tmpl, "{seconds}");
	assert_non_null(at);
	snprintf(out, size, "%.*s%ld%s", (int)(at - tmpl), tmpl, n, at + strlen("{seconds}"));
}

static void idle_warning_words(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(SHIPPED, d, &c), 0);
	diag_list_free(d);
	const plural_rules *r = content_plural_rules(c);
	assert_non_null(r);
	for (long n = 0; n <= MAX_COUNT; n++) {
		char want[256], got[256];
		snprintf(want, sizeof want, "The screen will go back to the start in %ld %s.", n,
			 n == 1 ? "second" : "seconds");
		fill(got, sizeof got,
		     plural_pick(r, LANG_EN, content_get_section(c, LANG_EN, "ui", "idle"), "countdown", n),
		     n);
		assert_string_equal(got, want);
		/* Welsh keeps the noun singular after a numeral, in every form. */
		snprintf(want, sizeof want,
			 "Bydd y sgrin yn mynd yn \xc3\xb4l i\xe2\x80\x99r dechrau ymhen %ld eiliad.", n);
		fill(got, sizeof got,
		     plural_pick(r, LANG_CY, content_get_section(c, LANG_CY, "ui", "idle"), "countdown", n),
		     n);
		assert_string_equal(got, want);
	}
	char got[256];
	fill(got, sizeof got,
	     plural_pick(r, LANG_EN, content_get_section(c, LANG_EN, "ui", "idle"), "countdown", 1), 1);
	assert_string_equal(got, "The screen will go back to the start in 1 second.");
	fill(got, sizeof got,
	     plural_pick(r, LANG_EN, content_get_section(c, LANG_EN, "ui", "idle"), "countdown", 20), 20);
	assert_string_equal(got, "The screen will go back to the start in 20 seconds.");
	content_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(welsh_and_english_categories),
		cmocka_unit_test(same_as_icu_everywhere),
		cmocka_unit_test(category_names),
		cmocka_unit_test(pick_and_fall_back),
		cmocka_unit_test(idle_warning_words),
	};
	return cmocka_run_group_tests_name("plural", tests, NULL, NULL);
}
