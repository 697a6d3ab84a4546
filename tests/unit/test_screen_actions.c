/* The screens' and overlays' own actions as pure transitions: each is
 * handed a state and a context made here, no app, no SDL, no clock, and
 * says what follows (go, changed, quit) instead of doing it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/app_internal.h"

typedef struct {
	app_state st;
	app_config config;
	quiz_words words;
	pointer_state ptr;
	screen_marks marks;
	pin_guard guard;
	screen_ctx c;
} bench;

/* A state on screen s and a context to change it through, as app.c makes
 * one for an action (content: none, so the leaflet has no pages). */
static void bench_on(bench *b, screen_id s)
{
	memset(b, 0, sizeof *b);
	b->st.screen = s;
	b->st.lang = LANG_CY;
	b->st.page = 1;
	config_defaults(&b->config);
	pin_guard_init(&b->guard);
	b->c = (screen_ctx){.st = &b->st, .config = &b->config, .ptr = &b->ptr, .words = &b->words,
			    .shown = &b->marks, .guard = &b->guard, .state = &b->st,
			    .words_rw = &b->words, .pointer = &b->ptr, .guard_rw = &b->guard,
			    .go = -1};
}

/* Fresh outputs for the next action on the same state. */
static screen_ctx *again(bench *b)
{
	b->c.go = -1;
	b->c.changed = b->c.quit = b->c.reset = false;
	return &b->c;
}

static void the_keypad(void **state)
{
	(void)state;
	bench b;
	bench_on(&b, SCREEN_MENU);
	snprintf(b.config.staff_pin, sizeof b.config.staff_pin, "2468");
	b.st.overlay = OVERLAY_STAFF_PIN;
	const screen_def *pin = &overlay_staff_pin;

	assert_true(pin->action(again(&b), ACT_PIN_DIGIT, 2));
	assert_true(b.c.changed);
	assert_int_equal(b.c.go, -1);
	pin->action(again(&b), ACT_PIN_DIGIT, 4);
	pin->action(again(&b), ACT_PIN_DELETE, 0);
	assert_string_equal(b.st.pin, "2");
	/* Nothing is checked at the PIN's length: only Exit submits; a wrong
	 * PIN is cleared. */
	pin->action(again(&b), ACT_PIN_DIGIT, 1);
	pin->action(again(&b), ACT_PIN_DIGIT, 1);
	pin->action(again(&b), ACT_PIN_DIGIT, 1);
	assert_false(b.st.pin_wrong);
	assert_string_equal(b.st.pin, "2111");
	pin->action(again(&b), ACT_PIN_ENTER, 0);
	assert_true(b.st.pin_wrong);
	assert_string_equal(b.st.pin, "");
	assert_false(b.c.quit);
	/* The right one opens the staff area, at OK; leaving is one tap further. */
	for (const char *d = "2468"; *d; d++)
		pin->action(again(&b), ACT_PIN_DIGIT, *d - '0');
	assert_int_equal(b.c.go, -1);
	pin->action(again(&b), ACT_PIN_ENTER, 0);
	assert_false(b.c.quit);
	assert_int_equal(b.c.go, SCREEN_STAFF);
	assert_int_equal(b.st.overlay, OVERLAY_NONE);
	assert_false(b.st.pin_wrong);
	assert_string_equal(b.st.pin, "");
	b.st.overlay = OVERLAY_STAFF_PIN;
	/* Five wrong ones lock it: digits are refused and OK checks nothing
	 * until the minute has gone (the time is the context's). */
	for (int i = 0; i < PIN_GUARD_TRIES; i++) {
		pin->action(again(&b), ACT_PIN_DIGIT, 9);
		pin->action(again(&b), ACT_PIN_ENTER, 0);
	}
	pin->action(again(&b), ACT_PIN_DIGIT, 2);
	assert_string_equal(b.st.pin, "");
	b.c.now = PIN_GUARD_LOCK_MS;
	for (const char *d = "2468"; *d; d++)
		pin->action(again(&b), ACT_PIN_DIGIT, *d - '0');
	pin->action(again(&b), ACT_PIN_ENTER, 0);
	assert_int_equal(b.c.go, SCREEN_STAFF);
	b.st.overlay = OVERLAY_STAFF_PIN;
	/* Cancel closes the keypad; an action not its own is refused. */
	pin->action(again(&b), ACT_PIN_DIGIT, 5);
	assert_true(pin->action(again(&b), ACT_PIN_CANCEL, 0));
	assert_int_equal(b.st.overlay, OVERLAY_NONE);
	assert_string_equal(b.st.pin, "");
	assert_false(pin->action(again(&b), ACT_HOME, 0));
	assert_false(b.c.changed);
}

/* The staff area: Exit quits, Close goes back for the next visitor; the
 * others are buttons to screens (ACT_OPEN), not its own. */
static void the_staff_area(void **state)
{
	(void)state;
	bench b;
	bench_on(&b, SCREEN_STAFF);
	assert_true(screen_staff.action(again(&b), ACT_STAFF_CLOSE, 0));
	assert_true(b.c.reset);
	assert_false(b.c.quit);
	assert_true(screen_staff.action(again(&b), ACT_STAFF_EXIT, 0));
	assert_true(b.c.quit);
	assert_false(b.c.reset);
	assert_false(screen_staff.action(again(&b), ACT_OPEN, SCREEN_DASHBOARD));
	assert_true(screen_staff.staff && screen_dashboard.staff);
	assert_false(screen_menu.staff || screen_learn.staff);
}

/* With recording off the dashboard has nothing to read and says so. */
static void the_dashboard_without_figures(void **state)
{
	(void)state;
	bench b;
	bench_on(&b, SCREEN_DASHBOARD);
	usage_figures u = {.rc = -99};
	b.c.figures_rw = &u;
	b.c.wall_now = 1796050800;
	screen_dashboard.enter(again(&b), SCREEN_STAFF);
	assert_true(u.off);
	assert_int_equal(u.rc, STATS_OK);
	assert_int_equal(u.now, 1796050800);
}

static void the_idle_warning(void **state)
{
	(void)state;
	bench b;
	bench_on(&b, SCREEN_LEAFLET);
	b.st.overlay = OVERLAY_IDLE_WARNING;
	assert_false(overlay_idle_warning.action(again(&b), ACT_PIN_DIGIT, 1));
	assert_int_equal(b.st.overlay, OVERLAY_IDLE_WARNING);
	assert_true(overlay_idle_warning.action(again(&b), ACT_CONTINUE, 0));
	assert_int_equal(b.st.overlay, OVERLAY_NONE);
	assert_true(b.c.changed);
}

static void the_quiz(void **state)
{
	(void)state;
	bench b;
	bench_on(&b, SCREEN_QUIZ);
	int ids[1] = {1};
	quiz_span t[1] = {{2, 3}};
	quiz_init(&b.st.quiz, 10, ids, t, 1);
	b.st.quiz_ready = true;
	quiz_add(&b.st.quiz, 2, 3);

	assert_true(screen_quiz.action(again(&b), ACT_CHECK, 0));
	assert_int_equal(b.c.go, SCREEN_QUIZ_RESULT);
	b.st.screen = SCREEN_QUIZ_RESULT;
	assert_true(screen_quiz_result.action(again(&b), ACT_SHOW_ANSWERS, 0));
	assert_true(b.st.show_answers && b.c.changed && b.c.go == -1);
	assert_true(screen_quiz_result.action(again(&b), ACT_TRY_AGAIN, 0));
	assert_int_equal(b.c.go, SCREEN_QUIZ);
	assert_int_equal(b.st.quiz.n_highlights, 0);
	assert_false(b.st.show_answers);
	assert_true(b.st.quiz_ready);
	assert_false(screen_quiz.action(again(&b), ACT_PAGE, 1));

	/* Between the quiz and its result nothing is forgotten; leaving both
	 * forgets the game. */
	quiz_add(&b.st.quiz, 5, 5);
	screen_quiz.leave(again(&b), SCREEN_QUIZ_RESULT);
	assert_int_equal(b.st.quiz.n_highlights, 1);
	screen_quiz_result.leave(again(&b), SCREEN_MENU);
	assert_int_equal(b.st.quiz.n_highlights, 0);
	assert_false(b.st.quiz_ready);
}

static void the_leaflet(void **state)
{
	(void)state;
	bench b;
	bench_on(&b, SCREEN_LEAFLET);
	/* Without content there are no pages: the action is the leaflet's,
	 * and changes nothing. */
	assert_true(screen_leaflet.action(again(&b), ACT_PAGE, +1));
	assert_int_equal(b.st.page, 1);
	assert_int_equal(b.c.go, -1);
	assert_false(screen_leaflet.action(again(&b), ACT_CHECK, 0));

	diag_list *d = diag_list_new();
	content *ct = NULL;
	assert_int_equal(content_load("assets/content", d, &ct), 0);
	diag_list_free(d);
	b.c.content = ct;
	int pages = screen_leaflet_pages(ct, content_first_leaflet(ct), LANG_CY);
	assert_true(pages > 1);
	assert_true(screen_leaflet.action(again(&b), ACT_PAGE, +1));
	assert_int_equal(b.st.page, 2);
	assert_int_equal(b.c.go, SCREEN_LEAFLET);
	screen_leaflet.action(again(&b), ACT_PAGE, -1);
	screen_leaflet.action(again(&b), ACT_PAGE, -1);
	assert_int_equal(b.st.page, 1);
	assert_int_equal(b.c.go, -1);
	b.st.page = pages;
	screen_leaflet.action(again(&b), ACT_PAGE, +1);
	assert_int_equal(b.st.page, pages);
	content_free(ct);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_keypad),
		cmocka_unit_test(the_idle_warning),
		cmocka_unit_test(the_staff_area),
		cmocka_unit_test(the_dashboard_without_figures),
		cmocka_unit_test(the_quiz),
		cmocka_unit_test(the_leaflet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
