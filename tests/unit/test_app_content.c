/* The app on edited copies of the shipped content: a folder whose text the
 * fonts cannot draw, or would draw backwards, is refused at start-up and the
 * shipped content shown instead; a quiz paragraph of any length can be
 * played to its last word.
 *
 * Run from the repository root (tests/run.sh does): it reads assets/ and
 * fonts/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "platform/replay.h"
#include "platform/video.h"
#include "testlib.h"

#define W 1080
#define H 1920

/* ---- the app ---- */

typedef struct {
	app *a;
	video *v;
	uint64_t now;
} rig;

/* Starts the kiosk on the content folder dir; its start-up problems go to d. */
static void rig_open(rig *r, const char *dir, diag_list *d)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	snprintf(o.config.content_dir, sizeof o.config.content_dir, "%s", dir);
	assert_int_equal(app_new(&o, d, &r->a), 0);
	assert_non_null(app_inside(r->a).content);
	tl_app_headless(r->a, W, H, &r->v);
	r->now = 0;
}

static void rig_close(rig *r)
{
	app_free(r->a);
	video_close(r->v);
}

static void finger(rig *r, Uint32 type, float x, float y)
{
	SDL_Event e = replay_finger(type, x, y, W, H, r->now);
	app_handle_event(r->a, &e, r->now);
}

static void tap(rig *r, float x, float y)
{
	finger(r, SDL_FINGERDOWN, x, y);
	finger(r, SDL_FINGERUP, x, y);
	r->now += 500;
}

static SDL_FRect find(rig *r, const char *text, bool last)
{
	SDL_FRect f, l;
	if (app_find_text(r->a, text, &f, &l) != 0)
		fail_msg("\"%s\" is not on screen", text);
	return last ? l : f;
}

static void expect(rig *r, const char *field, const char *value)
{
	char got[128];
	assert_int_equal(app_field(r->a, field, got, sizeof got), 0);
	if (strcmp(got, value) != 0)
		fail_msg("expected %s=%s, got %s=%s", field, value, field, got);
}

/* ---- refused folders ---- */

/* The first leaflet page in English shows the shipped sentence, not the
 * edited one: the folder was refused, not drawn. */
static void expect_shipped_leaflet(rig *r)
{
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	SDL_FRect f, l;
	assert_int_equal(app_find_text(r->a, "A child practice review is a way", &f, &l), 0);
	assert_int_not_equal(app_find_text(r->a, "A kiosk test review", &f, &l), 0);
}

/* Writes `to` over the English leaflet's first sentence and starts the
 * kiosk on the folder: start-up refuses it with exactly one problem,
 * "DIR/leaflets/child-practice-reviews/en.txt:LINE: " then `problem`, and shows the shipped
 * leaflet. */
static void expect_refused(const char *dir, const char *to, const char *problem)
{
	int line = tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "A child practice review is a way", to);
	diag_list *d = diag_list_new();
	rig r;
	rig_open(&r, dir, d);
	char want[1024];
	snprintf(want, sizeof want, "%s/leaflets/child-practice-reviews/en.txt:%d: %s", dir, line, problem);
	if (diag_count(d) != 1)
		tl_print_diags(d);
	assert_int_equal(diag_count(d), 1);
	assert_true(tl_has_diag(d, want));
	expect_shipped_leaflet(&r);
	rig_close(&r);
	diag_list_free(d);
}

/* Start-up refuses a folder with a character no shipped font has, as
 * --check-content does, naming the file and line. */
static void missing_glyph_shows_shipped_content(void **state)
{
	expect_refused(*state, "A kiosk test review \xf0\x9f\x91\x8d is a way",
		       "no shipped font has U+1F44D '\xf0\x9f\x91\x8d'");
}

static void right_to_left_shows_shipped_content(void **state)
{
	expect_refused(*state, "A kiosk test review \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d is a way",
		       "right-to-left text (U+05E9 '\xd7\xa9') is not supported yet: the kiosk would draw it backwards");
}

/* The same folder with nothing wrong is shown: the two tests above tell a
 * refusal from a folder that was never read. */
static void edited_folder_is_shown(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "A child practice review is a way", "A kiosk test review is a way");
	diag_list *d = diag_list_new();
	rig r;
	rig_open(&r, dir, d);
	if (diag_count(d) != 0)
		tl_print_diags(d);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(app_open(r.a, "leaflet:1", LANG_EN), 0);
	SDL_FRect f, l;
	assert_int_equal(app_find_text(r.a, "A kiosk test review is a way", &f, &l), 0);
	rig_close(&r);
	diag_list_free(d);
}

/* ---- a long quiz paragraph ---- */

#define PAD_WORDS 560

/* Scrolls the quiz up by about dy px with a slow finger in the margin, off
 * the words (a drag on a word would highlight), slow enough for no glide. */
static void scroll_by(rig *r, float dy)
{
	const float x = 8, y0 = 1200, step = 20;
	finger(r, SDL_FINGERDOWN, x, y0);
	for (float d = step; d <= dy; d += step) {
		r->now += 200;
		finger(r, SDL_FINGERMOTION, x, y0 - d);
	}
	r->now += 200;
	finger(r, SDL_FINGERUP, x, y0 - dy);
	r->now += 500;
	replay_advance(r->a, &r->now, r->now + 2000, NULL);
}

/* Scrolls until `text` is on screen and clear of the "More below" cue at
 * the region's foot (which is gone once the end is reached). */
static void scroll_to(rig *r, const char *text)
{
	SDL_FRect region = view_scroll_region(app_inside(r->a).view);
	float before = -1;
	for (int i = 0; i < 60; i++) {
		SDL_FRect f, l;
		bool at_end = app_inside(r->a).st->scroll == before;
		if (app_find_text(r->a, text, &f, &l) == 0 &&
		    (at_end || l.y + l.h < region.y + 0.75f * region.h))
			return;
		before = app_inside(r->a).st->scroll;
		scroll_by(r, 300);
	}
	fail_msg("\"%s\" never scrolled into view", text);
}

/* Targets far past the 512th word are found by a drag and by taps, and the
 * result counts all six. */
static void long_quiz_paragraph_plays_to_the_end(void **state)
{
	const char *dir = *state;
	char *pad = malloc(PAD_WORDS * 7 + 64);
	assert_non_null(pad);
	pad[0] = '\0';
	for (int i = 0; i < PAD_WORDS; i++)
		strcat(pad, i % 10 == 9 ? "filler\n" : "filler ");
	strcat(pad, "To ensure improvement,");
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "To ensure improvement,", pad);
	free(pad);

	diag_list *d = diag_list_new();
	rig r;
	rig_open(&r, dir, d);
	if (diag_count(d) != 0)
		tl_print_diags(d);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(app_open(r.a, "quiz", LANG_EN), 0);
	assert_true(app_inside(r.a).words->n > 600);
	expect(&r, "found", "none");

	/* A drag across "keeping clear and accurate records" (target 2). */
	scroll_to(&r, "keeping clear and accurate records");
	SDL_FRect f = find(&r, "keeping clear and accurate records", false);
	SDL_FRect l = find(&r, "keeping clear and accurate records", true);
	size_t first_word = app_inside(r.a).st->quiz.target[1].first;
	assert_true(first_word > 550);
	finger(&r, SDL_FINGERDOWN, f.x + 2, f.y + f.h / 2);
	r.now += 100;
	finger(&r, SDL_FINGERMOTION, l.x + l.w - 2, l.y + l.h / 2);
	finger(&r, SDL_FINGERUP, l.x + l.w - 2, l.y + l.h / 2);
	r.now += 500;
	expect(&r, "highlights", "1");
	assert_int_equal(app_inside(r.a).st->quiz.highlight[0].first, first_word);
	expect(&r, "found", "2");

	/* Taps on "timeline" and "of": half of "a timeline of events"
	 * (target 3), enough to find it. */
	scroll_to(&r, "a timeline of events");
	f = find(&r, "timeline", false);
	tap(&r, f.x + f.w / 2, f.y + f.h / 2);
	l = find(&r, "timeline of", true);
	tap(&r, l.x + l.w - 4, l.y + l.h / 2);
	expect(&r, "highlights", "2");
	expect(&r, "found", "2,3");

	SDL_FRect check = find(&r, "Check answers", false);
	tap(&r, check.x + check.w / 2, check.y + check.h / 2);
	expect(&r, "screen", "quiz-result");
	expect(&r, "score", "2/6");
	find(&r, "You found 2 of the 6 actions", false);
	rig_close(&r);
	diag_list_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define COPY(t) cmocka_unit_test_setup_teardown(t, tl_setup_copy, tl_teardown_copy)
		COPY(missing_glyph_shows_shipped_content),
		COPY(right_to_left_shows_shipped_content),
		COPY(edited_folder_is_shown),
		COPY(long_quiz_paragraph_plays_to_the_end),
#undef COPY
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
