/* The gesture classifier fed sample streams: every gesture the app knows,
 * from hand-written samples with their own times, no SDL and no clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/gesture.h"

/* An arbitrary origin, so that nothing depends on the clock starting at 0. */
#define T0 5000000u
#define FINGER 7

static gesture_step feed(gesture *g, int64_t id, gesture_sample_kind kind, float x, float y,
			 uint64_t t)
{
	gesture_sample s = {.id = id, .kind = kind, .x = x, .y = y, .t_ms = t};
	return gesture_feed(g, &s);
}

/* A straight stroke from (x0, y0) to (x1, y1) over ms, one sample every
 * 10 ms, lifted at the end. Returns the step of the lift. */
static gesture_step stroke(gesture *g, float x0, float y0, float x1, float y1, uint64_t t,
			   uint64_t ms)
{
	assert_int_equal(feed(g, FINGER, GESTURE_DOWN, x0, y0, t), GESTURE_BEGAN);
	for (uint64_t dt = 10; dt < ms; dt += 10) {
		float f = (float)dt / (float)ms;
		feed(g, FINGER, GESTURE_MOVE, x0 + f * (x1 - x0), y0 + f * (y1 - y0), t + dt);
	}
	return feed(g, FINGER, GESTURE_UP, x1, y1, t + ms);
}

static void a_tap(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	assert_int_equal(gesture_kind_of(&g), GESTURE_NONE);
	assert_int_equal(feed(&g, FINGER, GESTURE_DOWN, 100, 200, T0), GESTURE_BEGAN);
	assert_true(g.down);
	assert_int_equal(gesture_kind_of(&g), GESTURE_TAP);
	assert_int_equal(feed(&g, FINGER, GESTURE_UP, 100, 200, T0 + 80), GESTURE_ENDED);
	assert_false(g.down);
	assert_int_equal(gesture_kind_of(&g), GESTURE_TAP);
	assert_false(gesture_moved(&g));
	assert_true(gesture_near_start(&g));
}

static void a_tap_with_slop(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	/* A finger rolls a little as it lands and lifts: up to the slop on
	 * either axis is still a tap. */
	feed(&g, FINGER, GESTURE_DOWN, 100, 200, T0);
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 100 + GESTURE_TAP_SLOP, 190, T0 + 40),
			 GESTURE_MOVED);
	assert_int_equal(feed(&g, FINGER, GESTURE_UP, 90, 200 - GESTURE_TAP_SLOP, T0 + 90),
			 GESTURE_ENDED);
	assert_int_equal(gesture_kind_of(&g), GESTURE_TAP);

	/* Just past it is not; the slop scales with the screen's unit. */
	feed(&g, FINGER, GESTURE_DOWN, 100, 200, T0 + 1000);
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 100.5f + GESTURE_TAP_SLOP, 200, T0 + 1040),
			 GESTURE_DECIDED);
	gesture_init(&g, 2.0f);
	feed(&g, FINGER, GESTURE_DOWN, 100, 200, T0);
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 100.5f + GESTURE_TAP_SLOP, 200, T0 + 40),
			 GESTURE_MOVED);
	feed(&g, FINGER, GESTURE_UP, 100, 200, T0 + 80);
	assert_int_equal(gesture_kind_of(&g), GESTURE_TAP);
}

static void a_hold(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	feed(&g, FINGER, GESTURE_DOWN, 300, 300, T0);
	assert_int_equal(gesture_hold_deadline(&g), T0 + GESTURE_HOLD_MS);
	assert_false(gesture_check_hold(&g, T0 + GESTURE_HOLD_MS - 1));
	assert_int_equal(gesture_kind_of(&g), GESTURE_TAP);
	/* Nothing moves, so no sample comes: the deadline is what tells. */
	assert_true(gesture_check_hold(&g, T0 + GESTURE_HOLD_MS));
	assert_false(gesture_check_hold(&g, T0 + GESTURE_HOLD_MS + 1)); /* once */
	assert_int_equal(gesture_kind_of(&g), GESTURE_HOLD);
	assert_int_equal(gesture_hold_deadline(&g), UINT64_MAX);
	feed(&g, FINGER, GESTURE_UP, 305, 298, T0 + 900);
	assert_int_equal(gesture_kind_of(&g), GESTURE_HOLD);

	/* A sample's own time does it too: a lift after the hold time. */
	feed(&g, FINGER, GESTURE_DOWN, 300, 300, T0 + 2000);
	feed(&g, FINGER, GESTURE_UP, 300, 300, T0 + 2000 + GESTURE_HOLD_MS);
	assert_true(g.held);
	assert_int_equal(gesture_kind_of(&g), GESTURE_HOLD);

	/* A held finger may then drag (a highlight over several lines): it
	 * stays held, and its direction is set when it leaves the slop. */
	feed(&g, FINGER, GESTURE_DOWN, 300, 300, T0 + 4000);
	assert_true(gesture_check_hold(&g, T0 + 4000 + GESTURE_HOLD_MS));
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 300, 380, T0 + 4700), GESTURE_DECIDED);
	assert_true(g.held);
	assert_int_equal(g.dir, GESTURE_DIR_VERTICAL);
	assert_int_equal(g.decided_ms, 700);
	feed(&g, FINGER, GESTURE_UP, 300, 500, T0 + 5000);
	assert_int_equal(gesture_kind_of(&g), GESTURE_SCROLL);

	/* A finger that moves before the hold time never becomes a hold. */
	feed(&g, FINGER, GESTURE_DOWN, 300, 300, T0 + 6000);
	feed(&g, FINGER, GESTURE_MOVE, 400, 300, T0 + 6100);
	assert_int_equal(gesture_hold_deadline(&g), UINT64_MAX);
	assert_false(gesture_check_hold(&g, T0 + 7000));
	assert_int_equal(gesture_kind_of(&g), GESTURE_SWIPE);
}

static void a_slow_drag(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	/* 400 px down in 4 s: 0.1 px/ms, a finger placing the text. */
	assert_int_equal(stroke(&g, 500, 600, 500, 1000, T0, 4000), GESTURE_ENDED);
	assert_int_equal(gesture_kind_of(&g), GESTURE_SCROLL);
	assert_true(gesture_moved(&g));
	assert_false(gesture_is_flick(&g, GESTURE_DIR_NONE));
	assert_true(g.vy > 0.05f && g.vy < 0.15f);
}

static void a_flick(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	/* 400 px up in 100 ms: 4 px/ms. The speed is towards +y, so negative. */
	stroke(&g, 500, 1000, 500, 600, T0, 100);
	assert_int_equal(gesture_kind_of(&g), GESTURE_SCROLL);
	assert_true(gesture_is_flick(&g, GESTURE_DIR_NONE));
	assert_true(gesture_is_flick(&g, GESTURE_DIR_VERTICAL));
	assert_false(gesture_is_flick(&g, GESTURE_DIR_HORIZONTAL));
	assert_true(g.vy < -2.0f);
	/* Samples that go back in time count as taken at the same time: no
	 * division by zero, no speed from nowhere. */
	feed(&g, FINGER, GESTURE_DOWN, 500, 1000, T0 + 1000);
	feed(&g, FINGER, GESTURE_MOVE, 500, 900, T0 + 900);
	assert_true(g.vy == 0.0f);
	assert_int_equal(g.last.t_ms, T0 + 1000);
}

static void a_vertical_scroll(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	feed(&g, FINGER, GESTURE_DOWN, 500, 600, T0);
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 505, 610, T0 + 16), GESTURE_MOVED);
	assert_int_equal(g.dir, GESTURE_DIR_NONE);
	/* Mostly down, a little across: vertical, decided at 48 ms. */
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 515, 640, T0 + 48), GESTURE_DECIDED);
	assert_int_equal(g.dir, GESTURE_DIR_VERTICAL);
	assert_int_equal(g.decided_ms, 48);
	/* The samples are there to follow the finger from. */
	assert_true(g.first.y == 600 && g.prev.y == 610 && g.last.y == 640);
	/* The direction is the one at the decision: a later sideways move
	 * does not turn the scroll into a swipe. */
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 800, 650, T0 + 64), GESTURE_MOVED);
	assert_int_equal(feed(&g, FINGER, GESTURE_UP, 800, 650, T0 + 80), GESTURE_ENDED);
	assert_int_equal(gesture_kind_of(&g), GESTURE_SCROLL);
	assert_false(gesture_near_start(&g));
}

static void a_horizontal_swipe(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	stroke(&g, 900, 800, 300, 840, T0, 200);
	assert_int_equal(gesture_kind_of(&g), GESTURE_SWIPE);
	assert_int_equal(g.dir, GESTURE_DIR_HORIZONTAL);
	assert_true(g.decided_ms <= 20);
	assert_true(gesture_is_flick(&g, GESTURE_DIR_NONE));
	assert_true(g.vx < 0);
	assert_true(g.last.x - g.first.x == -600.0f);
	/* A lift that is itself the first move past the slop decides too. */
	feed(&g, FINGER, GESTURE_DOWN, 900, 800, T0 + 1000);
	assert_int_equal(feed(&g, FINGER, GESTURE_UP, 700, 800, T0 + 1100), GESTURE_ENDED);
	assert_int_equal(gesture_kind_of(&g), GESTURE_SWIPE);
}

static void a_drag_from_the_gap(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	/* A finger lands in the gap between two words (x 412, between a word
	 * ending at 400 and one starting at 424) and drags right: the down
	 * sample stays reported all along, for the quiz to snap it to the
	 * nearest word, and the direction says it highlights. */
	feed(&g, FINGER, GESTURE_DOWN, 412, 700, T0);
	feed(&g, FINGER, GESTURE_MOVE, 430, 702, T0 + 30);
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 470, 704, T0 + 60), GESTURE_DECIDED);
	feed(&g, FINGER, GESTURE_MOVE, 600, 706, T0 + 120);
	assert_int_equal(g.dir, GESTURE_DIR_HORIZONTAL);
	assert_true(g.decided_ms < 150);
	assert_true(g.first.x == 412 && g.first.y == 700);
	assert_true(g.last.x == 600);
	feed(&g, FINGER, GESTURE_UP, 600, 706, T0 + 150);
	assert_true(g.first.x == 412 && g.first.t_ms == T0);
}

static void a_second_finger(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	feed(&g, FINGER, GESTURE_DOWN, 100, 100, T0);
	/* A second finger lands, moves far and lifts: all ignored. */
	assert_int_equal(feed(&g, FINGER + 1, GESTURE_DOWN, 800, 800, T0 + 10), GESTURE_IGNORED);
	assert_int_equal(feed(&g, FINGER + 1, GESTURE_MOVE, 100, 900, T0 + 20), GESTURE_IGNORED);
	/* The mouse is another pointer. */
	assert_int_equal(feed(&g, GESTURE_MOUSE_ID, GESTURE_DOWN, 50, 50, T0 + 25), GESTURE_IGNORED);
	assert_int_equal(feed(&g, FINGER + 1, GESTURE_UP, 100, 900, T0 + 30), GESTURE_IGNORED);
	assert_true(g.down);
	assert_int_equal(g.first.id, FINGER);
	assert_true(g.last.x == 100 && g.last.y == 100);
	assert_int_equal(gesture_kind_of(&g), GESTURE_TAP);
	/* The first finger goes on, and its lift ends the gesture. */
	assert_int_equal(feed(&g, FINGER, GESTURE_UP, 102, 101, T0 + 60), GESTURE_ENDED);
	assert_int_equal(gesture_kind_of(&g), GESTURE_TAP);
	/* Once it is up, any pointer may start the next gesture; the other
	 * finger's stale samples are still ignored. */
	assert_int_equal(feed(&g, FINGER + 1, GESTURE_MOVE, 0, 0, T0 + 70), GESTURE_IGNORED);
	assert_int_equal(feed(&g, FINGER + 1, GESTURE_DOWN, 300, 300, T0 + 80), GESTURE_BEGAN);
	assert_int_equal(g.first.id, FINGER + 1);
}

static void a_cancel(void **state)
{
	(void)state;
	gesture g;
	gesture_init(&g, 1.0f);
	feed(&g, FINGER, GESTURE_DOWN, 100, 100, T0);
	gesture_cancel(&g);
	assert_false(g.down);
	assert_int_equal(gesture_kind_of(&g), GESTURE_NONE);
	assert_int_equal(feed(&g, FINGER, GESTURE_MOVE, 500, 100, T0 + 10), GESTURE_IGNORED);
	assert_int_equal(feed(&g, FINGER, GESTURE_UP, 500, 100, T0 + 20), GESTURE_IGNORED);
	assert_true(g.slop == GESTURE_TAP_SLOP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_tap),
		cmocka_unit_test(a_tap_with_slop),
		cmocka_unit_test(a_hold),
		cmocka_unit_test(a_slow_drag),
		cmocka_unit_test(a_flick),
		cmocka_unit_test(a_vertical_scroll),
		cmocka_unit_test(a_horizontal_swipe),
		cmocka_unit_test(a_drag_from_the_gap),
		cmocka_unit_test(a_second_finger),
		cmocka_unit_test(a_cancel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
