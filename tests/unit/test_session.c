/* The session tracker on a virtual clock, without SDL or SQLite: what a
 * visit turns into, and what it must never hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "app/session.h"

#define T0 5000000u /* app ms; arbitrary, so nothing depends on 0 */
#define WALL 1764496800 /* 2025-11-30 10:00 UTC */
#define S 1000u

static void test_nothing_before_a_visit(void **state)
{
	(void)state;
	session s = {0};
	stats_session out;
	/* Events with no session in progress are ignored, and there is
	 * nothing to record. */
	session_lang(&s, LANG_EN);
	session_page(&s, "child-practice-reviews", 3);
	session_quiz_checked(&s, 1, 0, 1);
	session_listened(&s);
	session_input(&s, T0);
	assert_false(session_end(&s, T0, STATS_END_IDLE, &out));
}

/* Listen used once in a visit sets its flag; the next visit starts without. */
static void test_listen_flag(void **state)
{
	(void)state;
	session s;
	stats_session out;
	session_begin(&s, T0, WALL, LANG_EN);
	session_listened(&s);
	session_listened(&s);
	assert_true(session_end(&s, T0 + S, STATS_END_FINISH, &out));
	assert_true(out.listen);
	session_begin(&s, T0 + 2 * S, WALL, LANG_EN);
	assert_true(session_end(&s, T0 + 3 * S, STATS_END_FINISH, &out));
	assert_false(out.listen);
}

static void test_welsh_visit_ended_by_visitor(void **state)
{
	(void)state;
	session s;
	stats_session out;
	session_begin(&s, T0, WALL, LANG_CY);
	session_page(&s, "child-practice-reviews", 1);
	session_page(&s, "child-practice-reviews", 4);
	session_page(&s, "child-practice-reviews", 2); /* back: furthest stays 4 */
	session_input(&s, T0 + 70 * S);
	assert_true(session_end(&s, T0 + 95 * S + 499, STATS_END_VISITOR, &out));
	assert_int_equal(out.start, WALL);
	assert_int_equal(out.duration_s, 95);
	assert_int_equal(out.start_lang, LANG_CY);
	assert_true(out.used[LANG_CY]);
	assert_false(out.used[LANG_EN]);
	assert_int_equal(out.end, STATS_END_VISITOR);
	assert_false(out.larger_text);
	assert_false(out.listen);
	assert_int_equal(out.n_leaflets, 1);
	assert_string_equal(out.leaflets[0].slug, "child-practice-reviews");
	assert_int_equal(out.leaflets[0].furthest_page, 4);
	assert_int_equal(out.n_checks, 0);
	/* Ended: a second end has nothing to give. */
	assert_false(session_end(&s, T0 + 100 * S, STATS_END_IDLE, &out));
}

static void test_idle_end_counts_to_the_last_input(void **state)
{
	(void)state;
	session s;
	stats_session out;
	session_begin(&s, T0, WALL, LANG_EN);
	session_input(&s, T0 + 30 * S);
	session_input(&s, T0 + 10 * S); /* out of order: never back */
	/* The reset comes two minutes later; the visitor left at 30 s. */
	assert_true(session_end(&s, T0 + 150 * S, STATS_END_IDLE, &out));
	assert_int_equal(out.duration_s, 30);
	assert_int_equal(out.end, STATS_END_IDLE);
}

static void test_switching_text_size_and_quiz(void **state)
{
	(void)state;
	session s;
	stats_session out;
	session_begin(&s, T0, WALL, LANG_EN);
	session_lang(&s, LANG_CY);
	session_lang(&s, LANG_EN);
	session_text_size(&s, false);
	session_text_size(&s, true);
	session_text_size(&s, false); /* back to normal: it was still used */
	session_page(&s, "learning", 1);
	session_page(&s, "learning", 2);
	session_quiz_checked(&s, 3, 0, 2);
	session_quiz_checked(&s, 6, 0, 0);
	session_page(&s, "learning", 3);
	assert_true(session_end(&s, T0 + 400, STATS_END_FINISH, &out));
	assert_int_equal(out.duration_s, 0);
	assert_int_equal(out.start_lang, LANG_EN);
	assert_true(out.used[LANG_CY] && out.used[LANG_EN]);
	assert_true(out.larger_text);
	assert_int_equal(out.end, STATS_END_FINISH);
	assert_int_equal(out.n_leaflets, 1);
	assert_int_equal(out.leaflets[0].furthest_page, 3);
	assert_int_equal(out.n_checks, 2);
	assert_int_equal(out.checks[0].found, 3);
	assert_int_equal(out.checks[0].partly, 0);
	assert_int_equal(out.checks[0].wrong, 2);
	assert_int_equal(out.checks[1].found, 6);
}

static void test_limits_and_a_fresh_start(void **state)
{
	(void)state;
	session s;
	stats_session out;
	session_begin(&s, T0, WALL, LANG_CY);
	char slug[64];
	for (int i = 0; i < STATS_MAX_LEAFLETS + 3; i++) {
		snprintf(slug, sizeof slug, "leaflet-%d", i);
		session_page(&s, slug, 1);
	}
	/* A slug longer than the field is cut, not overrun. */
	memset(slug, 'x', sizeof slug - 1);
	slug[sizeof slug - 1] = '\0';
	for (int i = 0; i < STATS_MAX_CHECKS + 5; i++)
		session_quiz_checked(&s, i, 0, 0);
	assert_int_equal(s.rec.n_leaflets, STATS_MAX_LEAFLETS);
	assert_int_equal(s.rec.n_checks, STATS_MAX_CHECKS);
	assert_int_equal(s.rec.checks[STATS_MAX_CHECKS - 1].found, STATS_MAX_CHECKS - 1);
	/* A new begin drops everything of the old one. */
	session_begin(&s, T0 + 9 * S, WALL + 9, LANG_EN);
	session_page(&s, slug, 2);
	assert_true(session_end(&s, T0 + 10 * S, STATS_END_VISITOR, &out));
	assert_int_equal(out.start, WALL + 9);
	assert_int_equal(out.n_checks, 0);
	assert_int_equal(out.n_leaflets, 1);
	assert_int_equal(strlen(out.leaflets[0].slug), STATS_SLUG_MAX - 1);
	assert_false(out.used[LANG_CY]);
	assert_int_equal(out.duration_s, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_before_a_visit),
		cmocka_unit_test(test_welsh_visit_ended_by_visitor),
		cmocka_unit_test(test_listen_flag),
		cmocka_unit_test(test_idle_end_counts_to_the_last_input),
		cmocka_unit_test(test_switching_text_size_and_quiz),
		cmocka_unit_test(test_limits_and_a_fresh_start),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
