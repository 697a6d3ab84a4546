/* The inactivity timer on a virtual clock: every time below is a number of
 * milliseconds we choose, never the machine's clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/idle.h"

/* An arbitrary origin, so that nothing depends on the clock starting at 0. */
#define T0 1000000u
#define S 1000u

static void test_defaults_and_minimum(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	assert_int_equal(t.timeout_ms, 90 * S);
	assert_int_equal(t.warning_ms, 30 * S);
	assert_int_equal(t.phase, IDLE_ACTIVE);
	idle_init(&t, 90, 5, T0);
	assert_int_equal(t.warning_ms, 20 * S);
	idle_init(&t, 90, 19, T0);
	assert_int_equal(t.warning_ms, 20 * S);
	idle_init(&t, 90, 20, T0);
	assert_int_equal(t.warning_ms, 20 * S);
	idle_init(&t, 90, 21, T0);
	assert_int_equal(t.warning_ms, 21 * S);
}

static void test_warning_at_exactly_timeout(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_tick(&t, T0, false), IDLE_NOTHING);
	assert_int_equal(idle_tick(&t, T0 + 90 * S - 1, false), IDLE_NOTHING);
	assert_int_equal(t.phase, IDLE_ACTIVE);
	assert_int_equal(idle_seconds_left(&t, T0 + 90 * S - 1), 0);
	assert_int_equal(idle_tick(&t, T0 + 90 * S, false), IDLE_SHOW_WARNING);
	assert_int_equal(t.phase, IDLE_WARNING);
	assert_int_equal(idle_seconds_left(&t, T0 + 90 * S), 30);
	/* Shown once: the same moment again says nothing new. */
	assert_int_equal(idle_tick(&t, T0 + 90 * S, false), IDLE_NOTHING);
}

/* From the warning to the reset, one tick per millisecond: the figure
 * changes exactly once a second, counting 30, 29, ... 1, then the reset. */
static void test_countdown_each_second(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_tick(&t, T0 + 90 * S, false), IDLE_SHOW_WARNING);
	int expect = 30, countdowns = 0;
	uint64_t now;
	for (now = T0 + 90 * S + 1; now < T0 + 120 * S; now++) {
		idle_event e = idle_tick(&t, now, false);
		if (e == IDLE_NOTHING)
			continue;
		assert_int_equal(e, IDLE_COUNTDOWN);
		expect--;
		countdowns++;
		/* It changes on the whole second, not a millisecond later. */
		assert_int_equal((now - T0) % S, 0);
		assert_int_equal(idle_seconds_left(&t, now), expect);
		assert_int_equal(t.shown_seconds, expect);
	}
	assert_int_equal(countdowns, 29);
	assert_int_equal(expect, 1);
	assert_int_equal(idle_tick(&t, now, false), IDLE_RESET);
}

static void test_reset_at_timeout_plus_warning(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 60, 20, T0);
	assert_int_equal(idle_tick(&t, T0 + 60 * S, false), IDLE_SHOW_WARNING);
	assert_int_equal(idle_tick(&t, T0 + 80 * S - 1, false), IDLE_COUNTDOWN);
	assert_int_equal(idle_seconds_left(&t, T0 + 80 * S - 1), 1);
	assert_int_equal(idle_tick(&t, T0 + 80 * S, false), IDLE_RESET);
	/* A fresh start: the timer runs again from the reset. */
	assert_int_equal(t.phase, IDLE_ACTIVE);
	assert_int_equal(idle_seconds_left(&t, T0 + 80 * S), 0);
	assert_int_equal(idle_tick(&t, T0 + 80 * S + 1, false), IDLE_NOTHING);
	assert_int_equal(idle_next_deadline(&t, false), T0 + 140 * S);
	assert_int_equal(idle_tick(&t, T0 + 140 * S, false), IDLE_SHOW_WARNING);
}

static void test_input_restarts(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	assert_false(idle_input(&t, T0 + 80 * S)); /* no warning to dismiss */
	assert_int_equal(idle_tick(&t, T0 + 90 * S, false), IDLE_NOTHING);
	assert_int_equal(idle_tick(&t, T0 + 170 * S - 1, false), IDLE_NOTHING);
	assert_int_equal(idle_tick(&t, T0 + 170 * S, false), IDLE_SHOW_WARNING);
}

static void test_input_during_warning(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_tick(&t, T0 + 90 * S, false), IDLE_SHOW_WARNING);
	assert_int_equal(idle_tick(&t, T0 + 100 * S, false), IDLE_COUNTDOWN);
	assert_true(idle_input(&t, T0 + 119 * S)); /* with 1 s to spare */
	assert_int_equal(t.phase, IDLE_ACTIVE);
	assert_int_equal(idle_seconds_left(&t, T0 + 119 * S), 0);
	/* The full timeout again before the next warning, and no reset. */
	assert_int_equal(idle_tick(&t, T0 + 120 * S, false), IDLE_NOTHING);
	assert_int_equal(idle_tick(&t, T0 + 209 * S - 1, false), IDLE_NOTHING);
	assert_int_equal(idle_tick(&t, T0 + 209 * S, false), IDLE_SHOW_WARNING);
	assert_int_equal(idle_seconds_left(&t, T0 + 209 * S), 30);
	/* Dismissing a second time works the same. */
	assert_true(idle_input(&t, T0 + 210 * S));
	assert_false(idle_input(&t, T0 + 211 * S));
}

static void test_nothing_on_welcome(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	for (uint64_t now = T0; now < T0 + 3600 * S; now += 500)
		assert_int_equal(idle_tick(&t, now, true), IDLE_NOTHING);
	assert_int_equal(idle_next_deadline(&t, true), UINT64_MAX);
	assert_int_equal(t.phase, IDLE_ACTIVE);

	/* Moving to the welcome screen while a warning is up: the app calls
	 * idle_input, which takes the warning down; the welcome screen then
	 * never times out. */
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_tick(&t, T0 + 90 * S, false), IDLE_SHOW_WARNING);
	assert_true(idle_input(&t, T0 + 95 * S));
	assert_int_equal(idle_tick(&t, T0 + 500 * S, true), IDLE_NOTHING);
	assert_int_equal(idle_seconds_left(&t, T0 + 500 * S), 0);
}

static void test_next_deadline(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_next_deadline(&t, false), T0 + 90 * S);
	idle_input(&t, T0 + 7);
	assert_int_equal(idle_next_deadline(&t, false), T0 + 7 + 90 * S);

	/* Sleeping exactly until each deadline sees every event, none early. */
	uint64_t now = idle_next_deadline(&t, false);
	assert_int_equal(idle_tick(&t, now - 1, false), IDLE_NOTHING);
	assert_int_equal(idle_tick(&t, now, false), IDLE_SHOW_WARNING);
	int countdowns = 0;
	for (;;) {
		uint64_t next = idle_next_deadline(&t, false);
		assert_true(next > now);
		assert_int_equal(next - now, S);
		assert_int_equal(idle_tick(&t, next - 1, false), IDLE_NOTHING);
		now = next;
		idle_event e = idle_tick(&t, now, false);
		if (e == IDLE_RESET)
			break;
		assert_int_equal(e, IDLE_COUNTDOWN);
		countdowns++;
	}
	assert_int_equal(countdowns, 29);
	assert_int_equal(now, T0 + 7 + 120 * S);
	assert_int_equal(idle_next_deadline(&t, false), now + 90 * S);
}

/* Ticks that arrive late (a busy or suspended machine) still give the
 * right events, and the figure jumps rather than replaying every second. */
static void test_late_ticks(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_tick(&t, T0 + 100 * S + 500, false), IDLE_SHOW_WARNING);
	assert_int_equal(idle_seconds_left(&t, T0 + 100 * S + 500), 20);
	assert_int_equal(idle_next_deadline(&t, false), T0 + 101 * S);
	assert_int_equal(idle_tick(&t, T0 + 115 * S, false), IDLE_COUNTDOWN);
	assert_int_equal(t.shown_seconds, 5);
	assert_int_equal(idle_tick(&t, T0 + 500 * S, false), IDLE_RESET);

	/* Asleep through the whole warning: straight to the reset. */
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_tick(&t, T0 + 120 * S, false), IDLE_RESET);

	/* A clock value before the last input (not monotonic): nothing. */
	idle_init(&t, 90, 30, T0);
	assert_int_equal(idle_tick(&t, T0 - 1, false), IDLE_NOTHING);
	assert_int_equal(idle_tick(&t, 0, false), IDLE_NOTHING);
}

/* Near the top of the clock the deadlines saturate instead of wrapping. */
static void test_clock_extremes(void **state)
{
	(void)state;
	idle_timer t;
	idle_init(&t, 3600, 300, UINT64_MAX - 10);
	assert_int_equal(idle_next_deadline(&t, false), UINT64_MAX);
	assert_int_equal(idle_tick(&t, UINT64_MAX - 1, false), IDLE_NOTHING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_minimum),
		cmocka_unit_test(test_warning_at_exactly_timeout),
		cmocka_unit_test(test_countdown_each_second),
		cmocka_unit_test(test_reset_at_timeout_plus_warning),
		cmocka_unit_test(test_input_restarts),
		cmocka_unit_test(test_input_during_warning),
		cmocka_unit_test(test_nothing_on_welcome),
		cmocka_unit_test(test_next_deadline),
		cmocka_unit_test(test_late_ticks),
		cmocka_unit_test(test_clock_extremes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
