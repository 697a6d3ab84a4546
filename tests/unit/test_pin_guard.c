/* The staff keypad's lock on a virtual clock: every time is a number we
 * choose, never the machine's clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/pin_guard.h"

#define T0 5000000u
#define S 1000u

static void test_locks_after_five_wrong(void **state)
{
	(void)state;
	pin_guard g;
	pin_guard_init(&g);
	for (int i = 1; i < PIN_GUARD_TRIES; i++) {
		assert_false(pin_guard_failed(&g, T0 + (uint64_t)i));
		assert_false(pin_guard_locked(&g, T0 + (uint64_t)i));
	}
	assert_true(pin_guard_failed(&g, T0 + 10));
	assert_true(pin_guard_locked(&g, T0 + 10));
	assert_int_equal(pin_guard_seconds_left(&g, T0 + 10), 60);
	assert_int_equal(pin_guard_seconds_left(&g, T0 + 10 + 59 * S), 1);
	assert_true(pin_guard_locked(&g, T0 + 10 + 60 * S - 1));
	assert_false(pin_guard_locked(&g, T0 + 10 + 60 * S));
	assert_int_equal(pin_guard_seconds_left(&g, T0 + 10 + 60 * S), 0);
}

static void test_right_pin_clears_count(void **state)
{
	(void)state;
	pin_guard g;
	pin_guard_init(&g);
	for (int i = 1; i < PIN_GUARD_TRIES; i++)
		pin_guard_failed(&g, T0);
	pin_guard_passed(&g);
	assert_false(pin_guard_failed(&g, T0));
	assert_false(pin_guard_locked(&g, T0));
}

static void test_wrong_pins_while_locked_do_not_extend(void **state)
{
	(void)state;
	pin_guard g;
	pin_guard_init(&g);
	for (int i = 0; i < PIN_GUARD_TRIES; i++)
		pin_guard_failed(&g, T0);
	assert_false(pin_guard_failed(&g, T0 + 30 * S));
	assert_false(pin_guard_locked(&g, T0 + 60 * S));
	/* After the lock, five more are needed to lock again. */
	for (int i = 1; i < PIN_GUARD_TRIES; i++)
		assert_false(pin_guard_failed(&g, T0 + 61 * S));
	assert_true(pin_guard_failed(&g, T0 + 61 * S));
}

static void test_deadline_at_each_second(void **state)
{
	(void)state;
	pin_guard g;
	pin_guard_init(&g);
	assert_int_equal(pin_guard_next_deadline(&g, T0), UINT64_MAX);
	for (int i = 0; i < PIN_GUARD_TRIES; i++)
		pin_guard_failed(&g, T0);
	/* 60 shown until T0 + 1 s, when 59 shows; and so on to the end. */
	assert_int_equal(pin_guard_next_deadline(&g, T0), T0 + S);
	assert_int_equal(pin_guard_next_deadline(&g, T0 + 400), T0 + S);
	assert_int_equal(pin_guard_seconds_left(&g, T0 + S - 1), 60);
	assert_int_equal(pin_guard_seconds_left(&g, T0 + S), 59);
	assert_int_equal(pin_guard_next_deadline(&g, T0 + S), T0 + 2 * S);
	assert_int_equal(pin_guard_next_deadline(&g, T0 + 59 * S + 5), T0 + 60 * S);
	assert_int_equal(pin_guard_next_deadline(&g, T0 + 60 * S), UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locks_after_five_wrong),
		cmocka_unit_test(test_right_pin_clears_count),
		cmocka_unit_test(test_wrong_pins_while_locked_do_not_extend),
		cmocka_unit_test(test_deadline_at_each_second),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
