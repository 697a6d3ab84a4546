/* Plural forms: ICU's CLDR categories for Welsh and English, the pick of
 * @key.CATEGORY with its fallback to @key.other, and the idle warning's
 * exact words for every count the countdown can show, in both languages.
 *
 * Run from the repository root (tests/run.sh does): it reads assets/content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

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
		cmocka_unit_test(category_names),
		cmocka_unit_test(pick_and_fall_back),
		cmocka_unit_test(idle_warning_words),
	};
	return cmocka_run_group_tests_name("plural", tests, NULL, NULL);
}
