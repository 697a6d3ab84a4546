/* When a content update is loaded and when it is shown, on a virtual clock:
 * every time below is a number of milliseconds we choose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/reload.h"

/* An arbitrary origin, so that nothing depends on the clock starting at 0. */
#define T0 1000000u
#define QUIET RELOAD_QUIET_MS

static void nothing_without_a_change(void **state)
{
	(void)state;
	reload *r = reload_new();
	assert_non_null(r);
	assert_int_equal(reload_next_deadline(r), UINT64_MAX);
	assert_int_equal(reload_tick(r, T0, true), RELOAD_NOTHING);
	assert_int_equal(reload_tick(r, UINT64_MAX, true), RELOAD_NOTHING);
	assert_null(reload_rejection(r));
	reload_free(r);
}

/* Loaded once the folder has been quiet for QUIET ms, and only once. */
static void loads_after_the_quiet_period(void **state)
{
	(void)state;
	reload *r = reload_new();
	reload_changed(r, T0);
	assert_int_equal(reload_next_deadline(r), T0 + QUIET);
	assert_int_equal(reload_tick(r, T0 + QUIET - 1, true), RELOAD_NOTHING);
	assert_int_equal(reload_tick(r, T0 + QUIET, true), RELOAD_LOAD);
	assert_int_equal(reload_next_deadline(r), UINT64_MAX);
	assert_int_equal(reload_tick(r, T0 + QUIET, true), RELOAD_NOTHING);
	reload_free(r);
}

/* A hundred changes in one second (a copy in progress): one load, QUIET ms
 * after the last of them. */
static void a_burst_is_loaded_once(void **state)
{
	(void)state;
	reload *r = reload_new();
	int loads = 0;
	uint64_t t = T0;
	for (int i = 0; i < 100; i++, t += 10) {
		reload_changed(r, t);
		loads += reload_tick(r, t, true) == RELOAD_LOAD;
	}
	uint64_t last = t - 10;
	assert_int_equal(reload_next_deadline(r), last + QUIET);
	uint64_t loaded_at = 0;
	for (t = last; t <= last + 3 * QUIET; t++)
		if (reload_tick(r, t, true) == RELOAD_LOAD) {
			loads++;
			loaded_at = t;
		}
	assert_int_equal(loads, 1);
	assert_int_equal(loaded_at, last + QUIET);
	reload_free(r);
}

/* Good content waits for a safe moment, and is swapped exactly once. */
static void swaps_only_when_safe(void **state)
{
	(void)state;
	reload *r = reload_new();
	reload_changed(r, T0);
	assert_int_equal(reload_tick(r, T0 + QUIET, false), RELOAD_LOAD);
	reload_loaded(r, true);
	assert_true(reload_staged(r));
	/* Waiting for the visitor is not a deadline: no tick is needed. */
	assert_int_equal(reload_next_deadline(r), UINT64_MAX);
	for (uint64_t t = T0 + QUIET; t < T0 + 100 * QUIET; t += 1000)
		assert_int_equal(reload_tick(r, t, false), RELOAD_NOTHING);
	assert_int_equal(reload_tick(r, T0 + 100 * QUIET, true), RELOAD_SWAP);
	assert_false(reload_staged(r));
	assert_int_equal(reload_tick(r, T0 + 100 * QUIET, true), RELOAD_NOTHING);
	reload_free(r);
}

/* A bad load keeps what is shown, and drops what was staged: the folder no
 * longer holds it. A change while content is staged holds the swap back
 * until the new load says what the folder holds now. */
static void bad_load_and_change_while_staged(void **state)
{
	(void)state;
	reload *r = reload_new();
	reload_changed(r, T0);
	assert_int_equal(reload_tick(r, T0 + QUIET, false), RELOAD_LOAD);
	reload_loaded(r, true);
	reload_changed(r, T0 + 5000);
	assert_int_equal(reload_tick(r, T0 + 5000, true), RELOAD_NOTHING);
	assert_int_equal(reload_tick(r, T0 + 5000 + QUIET, true), RELOAD_LOAD);
	reload_loaded(r, false);
	assert_false(reload_staged(r));
	assert_int_equal(reload_tick(r, T0 + 9000, true), RELOAD_NOTHING);
	reload_free(r);
}

/* The same problems found again are not news; different ones are; after a
 * good load the old problems are news again. */
static void rejections_are_logged_once(void **state)
{
	(void)state;
	reload *r = reload_new();
	assert_true(reload_rejected(r, "a.txt:1: bad\n"));
	assert_string_equal(reload_rejection(r), "a.txt:1: bad\n");
	assert_false(reload_rejected(r, "a.txt:1: bad\n"));
	assert_true(reload_rejected(r, "a.txt:2: bad\n"));
	assert_false(reload_rejected(r, "a.txt:2: bad\n"));
	reload_loaded(r, true);
	assert_null(reload_rejection(r));
	assert_true(reload_rejected(r, "a.txt:2: bad\n"));
	reload_free(r);
}

/* SIGHUP loads at once, but does not cut a settling change short. */
static void a_request_loads_at_once(void **state)
{
	(void)state;
	reload *r = reload_new();
	reload_requested(r, T0);
	assert_int_equal(reload_tick(r, T0, true), RELOAD_LOAD);
	reload_changed(r, T0 + 100);
	reload_requested(r, T0 + 200);
	assert_int_equal(reload_tick(r, T0 + 200, true), RELOAD_NOTHING);
	assert_int_equal(reload_tick(r, T0 + 100 + QUIET, true), RELOAD_LOAD);
	reload_free(r);
}

/* A clock near its end cannot wrap the deadline round into the past. */
static void deadline_saturates(void **state)
{
	(void)state;
	reload *r = reload_new();
	reload_changed(r, UINT64_MAX - 5);
	assert_int_equal(reload_next_deadline(r), UINT64_MAX);
	assert_int_equal(reload_tick(r, UINT64_MAX - 5, true), RELOAD_NOTHING);
	reload_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_without_a_change),
		cmocka_unit_test(loads_after_the_quiet_period),
		cmocka_unit_test(a_burst_is_loaded_once),
		cmocka_unit_test(swaps_only_when_safe),
		cmocka_unit_test(bad_load_and_change_while_staged),
		cmocka_unit_test(rejections_are_logged_once),
		cmocka_unit_test(a_request_loads_at_once),
		cmocka_unit_test(deadline_saturates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
