/* Read-aloud's state on screen (app/listen.h), on a virtual clock: every
 * time below is a number of milliseconds we choose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/idle.h"
#include "app/listen.h"

#define T0 1000000u

static void test_press_pause_resume_stop(void **state)
{
	(void)state;
	listen_state l;
	listen_init(&l);
	assert_int_equal(l.mode, LISTEN_OFF);
	assert_false(l.used);
	/* Nothing to pause or stop before Listen. */
	assert_int_equal(listen_toggle_pause(&l), LISTEN_DO_NOTHING);
	assert_int_equal(listen_stop(&l), LISTEN_DO_NOTHING);
	assert_int_equal(listen_press(&l, T0), LISTEN_DO_START);
	assert_int_equal(l.mode, LISTEN_PLAYING);
	assert_int_equal(l.from_block, 0);
	assert_true(l.used);
	assert_int_equal(listen_toggle_pause(&l), LISTEN_DO_PAUSE);
	assert_int_equal(l.mode, LISTEN_PAUSED);
	assert_int_equal(listen_toggle_pause(&l), LISTEN_DO_RESUME);
	assert_int_equal(l.mode, LISTEN_PLAYING);
	assert_int_equal(listen_stop(&l), LISTEN_DO_STOP);
	assert_int_equal(l.mode, LISTEN_OFF);
	/* Used stays: the visit had a page read aloud. */
	assert_true(l.used);
	/* Paused, then stopped (a page change). */
	listen_press(&l, T0);
	listen_toggle_pause(&l);
	assert_int_equal(listen_stop(&l), LISTEN_DO_STOP);
	assert_int_equal(l.mode, LISTEN_OFF);
}

static void test_finished(void **state)
{
	(void)state;
	listen_state l;
	listen_init(&l);
	listen_press(&l, T0);
	assert_int_equal(listen_finished(&l), LISTEN_DO_STOP);
	assert_int_equal(l.mode, LISTEN_OFF);
	assert_int_equal(listen_finished(&l), LISTEN_DO_NOTHING);
}

static void test_language_switch(void **state)
{
	(void)state;
	listen_state l;
	listen_init(&l);
	/* Not reading: a switch does nothing. */
	assert_int_equal(listen_lang_changed(&l, 3, true), LISTEN_DO_NOTHING);
	assert_int_equal(l.mode, LISTEN_OFF);
	/* Reading block 3: again from its start, in the other language. */
	listen_press(&l, T0);
	assert_int_equal(listen_lang_changed(&l, 3, true), LISTEN_DO_START);
	assert_int_equal(l.mode, LISTEN_PLAYING);
	assert_int_equal(l.from_block, 3);
	/* Paused: it reads again, in the new language. */
	listen_toggle_pause(&l);
	assert_int_equal(listen_lang_changed(&l, 1, true), LISTEN_DO_START);
	assert_int_equal(l.mode, LISTEN_PLAYING);
	assert_int_equal(l.from_block, 1);
	/* No voice for the new language: it stops. */
	assert_int_equal(listen_lang_changed(&l, 1, false), LISTEN_DO_STOP);
	assert_int_equal(l.mode, LISTEN_OFF);
}

static void test_slower(void **state)
{
	(void)state;
	listen_state l;
	listen_init(&l);
	assert_false(l.slow);
	/* Chosen before Listen: only remembered. */
	assert_int_equal(listen_toggle_slow(&l, 0), LISTEN_DO_NOTHING);
	assert_true(l.slow);
	assert_int_equal(listen_toggle_slow(&l, 0), LISTEN_DO_NOTHING);
	assert_false(l.slow);
	/* While reading block 2: again from its start at the new speed. */
	listen_press(&l, T0);
	assert_int_equal(listen_toggle_slow(&l, 2), LISTEN_DO_START);
	assert_true(l.slow);
	assert_int_equal(l.from_block, 2);
	assert_int_equal(l.mode, LISTEN_PLAYING);
	/* Paused: the restart stays paused until Resume. */
	listen_toggle_pause(&l);
	assert_int_equal(listen_toggle_slow(&l, 4), LISTEN_DO_START);
	assert_false(l.slow);
	assert_int_equal(l.mode, LISTEN_PAUSED);
	assert_int_equal(l.from_block, 4);
	/* A stop keeps the speed chosen; a new visit (listen_init) does not. */
	listen_toggle_slow(&l, 4);
	listen_stop(&l);
	assert_true(l.slow);
	listen_init(&l);
	assert_false(l.slow);
	assert_false(l.used);
}

/* The idle timer is held back while reading, up to the cap from the press,
 * never while paused or stopped. */
static void test_idle_hold_and_cap(void **state)
{
	(void)state;
	listen_state l;
	listen_init(&l);
	assert_false(listen_holds_idle(&l, T0));
	assert_int_equal(listen_hold_until(&l), UINT64_MAX);
	listen_press(&l, T0);
	assert_true(listen_holds_idle(&l, T0));
	assert_true(listen_holds_idle(&l, T0 + LISTEN_IDLE_CAP_MS - 1));
	assert_false(listen_holds_idle(&l, T0 + LISTEN_IDLE_CAP_MS));
	assert_int_equal(listen_hold_until(&l), T0 + LISTEN_IDLE_CAP_MS);
	listen_toggle_pause(&l);
	assert_false(listen_holds_idle(&l, T0 + 1));
	listen_toggle_pause(&l);
	/* A restart (language, speed) does not move the cap. */
	listen_lang_changed(&l, 1, true);
	assert_false(listen_holds_idle(&l, T0 + LISTEN_IDLE_CAP_MS));
	listen_stop(&l);
	assert_false(listen_holds_idle(&l, T0 + 1));
	/* At the end of the clock nothing wraps. */
	listen_press(&l, UINT64_MAX - 5);
	assert_int_equal(listen_hold_until(&l), UINT64_MAX);
	assert_true(listen_holds_idle(&l, UINT64_MAX - 1));
}

/* As the app uses them together: reading for ten minutes keeps the idle
 * warning away for the cap, then it comes a timeout later. */
static void test_with_idle_timer(void **state)
{
	(void)state;
	listen_state l;
	listen_init(&l);
	idle_timer t;
	idle_init(&t, 90, 30, T0);
	listen_press(&l, T0);
	uint64_t warned = 0;
	for (uint64_t now = T0; now < T0 + 10 * 60 * 1000u && !warned; now += 40) {
		if (listen_holds_idle(&l, now))
			idle_input(&t, now);
		if (idle_tick(&t, now, false) == IDLE_SHOW_WARNING)
			warned = now;
	}
	assert_true(warned >= T0 + LISTEN_IDLE_CAP_MS + 90 * 1000u - 40);
	assert_true(warned <= T0 + LISTEN_IDLE_CAP_MS + 90 * 1000u + 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_press_pause_resume_stop),
		cmocka_unit_test(test_finished),
		cmocka_unit_test(test_language_switch),
		cmocka_unit_test(test_slower),
		cmocka_unit_test(test_idle_hold_and_cap),
		cmocka_unit_test(test_with_idle_timer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
