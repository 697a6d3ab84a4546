/* The quiz screens as drawn (issue #14): on the result, the actions' outlines
 * come above every highlight, and no mark ever sits on the paragraph's
 * letters, at every screen size, text size and language. The rules
 * themselves are test_quiz's; whole visits are the quiz_*.script replays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "platform/video.h"
#include "testlib.h"

typedef struct {
	app *a;
	video *v;
	int w, h;
} rig;

static void rig_open(rig *r, int w, int h)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	tl_app_new(&o, &r->a);
	assert_int_equal(video_open_headless(w, h, &r->v), 0);
	assert_int_equal(app_attach_renderer(r->a, video_renderer(r->v), w, h), 0);
	r->w = w;
	r->h = h;
}

static void rig_close(rig *r)
{
	app_free(r->a);
	video_close(r->v);
}

/* Taps the button that does action (the text size, Show answers). */
static void press(rig *r, int action)
{
	char buf[64];
	app_field(r->a, "screen", buf, sizeof buf); /* rebuilds the view if needed */
	app_insides in = app_inside(r->a);
	for (size_t i = 0; i < view_count(in.view); i++) {
		const view_item *it = view_get(in.view, i);
		if (it->kind != ITEM_BUTTON || it->action != action)
			continue;
		float x = it->rect.x + it->rect.w / 2, y = it->rect.y + it->rect.h / 2;
		app_pointer(r->a, &(gesture_sample){GESTURE_MOUSE_ID, GESTURE_DOWN, x, y, 0});
		app_pointer(r->a, &(gesture_sample){GESTURE_MOUSE_ID, GESTURE_UP, x, y, 0});
		return;
	}
	fail_msg("no button for action %d", action);
}

/* The result screen in lang with the highlights hl (word runs) checked. */
static void result_with(rig *r, lang_id lang, const quiz_span *hl, size_t n, int text_taps)
{
	assert_int_equal(app_open(r->a, "quiz", lang), 0);
	for (int i = 0; i < text_taps; i++)
		press(r, ACT_TEXT_SIZE);
	app_insides in = app_inside(r->a);
	for (size_t i = 0; i < n; i++)
		quiz_add(&in.st->quiz, hl[i].first, hl[i].last);
	*in.dirty = true;
	press(r, ACT_CHECK);
	char buf[64];
	assert_int_equal(app_field(r->a, "screen", buf, sizeof buf), 0);
	assert_string_equal(buf, "quiz-result");
}

/* The paragraph's rects for bytes [start, end), where the view draws them. */
static size_t paragraph_rects(rig *r, size_t start, size_t end, SDL_FRect *out, size_t max)
{
	app_insides in = app_inside(r->a);
	text_rect tr[64];
	size_t n = text_layout_range_rects(in.marks->quiz_text, 0, start, end, tr, 64);
	assert_true(n <= 64 && n <= max);
	for (size_t i = 0; i < n; i++)
		out[i] = (SDL_FRect){in.marks->quiz_x + tr[i].x, in.marks->quiz_y + tr[i].y, tr[i].w,
				     tr[i].h};
	return n;
}

static bool meet(SDL_FRect a, SDL_FRect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool is_outline(const view_item *it)
{
	return it->kind == ITEM_RECT && (it->fill == COLOR_MISSED ||
					 (it->outline > 0 && it->outline_color == COLOR_MISSED));
}

static bool is_fill(const view_item *it)
{
	return it->kind == ITEM_RECT && (it->fill == COLOR_HIGHLIGHT || it->fill == COLOR_FOUND ||
					 it->fill == COLOR_WRONG);
}

/* Every action not found is outlined, on every line it runs over, by an
 * outline drawn after every highlight on that line. */
static void assert_missed_outlined_on_top(rig *r)
{
	app_insides in = app_inside(r->a);
	const quiz_state *q = &in.st->quiz;
	unsigned found = quiz_found(q, NULL);
	size_t outlined = 0;
	for (size_t t = 0; t < q->n_targets; t++) {
		if (found & (1u << t))
			continue;
		SDL_FRect lines[64];
		size_t n = paragraph_rects(r, in.words->start[q->target[t].first],
					   in.words->end[q->target[t].last], lines, 64);
		for (size_t k = 0; k < n; k++) {
			size_t last_fill = 0, last_outline = 0;
			bool any_outline = false;
			for (size_t i = 0; i < view_count(in.view); i++) {
				const view_item *it = view_get(in.view, i);
				if (!meet(it->rect, lines[k]))
					continue;
				if (is_fill(it))
					last_fill = i;
				if (is_outline(it)) {
					last_outline = i;
					any_outline = true;
				}
			}
			if (!any_outline)
				fail_msg("action %d is not outlined on its line %zu", q->target_id[t], k);
			if (last_outline < last_fill)
				fail_msg("a highlight is drawn over action %d's outline (line %zu)",
					 q->target_id[t], k);
		}
		outlined++;
	}
	assert_true(outlined > 0);
}

static void expect(rig *r, const char *field, const char *value)
{
	char got[128];
	assert_int_equal(app_field(r->a, field, got, sizeof got), 0);
	if (strcmp(got, value) != 0)
		fail_msg("expected %s=%s, got %s=%s", field, value, field, got);
}

/* "Show answers" after highlighting the whole paragraph, and after a 4/6
 * with wrong highlights over both missed actions (issue #14, defect 1). */
static void answers_above_highlights(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, 1080, 1920);
	for (int l = 0; l <= LANG_EN; l++) {
		assert_int_equal(app_open(r.a, "quiz", (lang_id)l), 0);
		app_insides in = app_inside(r.a);
		size_t n = in.st->quiz.n_words;
		result_with(&r, (lang_id)l, (quiz_span[]){{0, n - 1}}, 1, 0);
		press(&r, ACT_SHOW_ANSWERS);
		expect(&r, "answers_shown", "yes");
		assert_missed_outlined_on_top(&r);

		/* Four found; 4 and 6 under wrong highlights reaching past them. */
		const quiz_state *q = &in.st->quiz;
		quiz_span t4 = q->target[3], t6 = q->target[5];
		quiz_span hl[6] = {q->target[0], q->target[1], q->target[2], q->target[4],
				   {t4.first - 4, t4.first + 1}, {t6.first - 6, t6.first + 1}};
		result_with(&r, (lang_id)l, hl, 6, 0);
		expect(&r, "score", "4/6");
		press(&r, ACT_SHOW_ANSWERS);
		expect(&r, "answers_shown", "yes");
		assert_missed_outlined_on_top(&r);
	}
	rig_close(&r);
}

/* Marks in the gutter, never on the paragraph's lines (issue #14, defect
 * 7): every line's rect is its ink's reach. Many highlights, ending all
 * over the paragraph, at three screen sizes, three text sizes, both
 * languages. */
static void marks_never_over_ink(void **state)
{
	(void)state;
	static const int sizes[][2] = {{1080, 1920}, {1920, 1080}, {1280, 800}};
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		rig r;
		rig_open(&r, sizes[s][0], sizes[s][1]);
		for (int l = 0; l <= LANG_EN; l++) {
			for (int ts = 0; ts < TEXT_SIZES; ts++) {
				assert_int_equal(app_open(r.a, "quiz", (lang_id)l), 0);
				app_insides in = app_inside(r.a);
				quiz_state q = in.st->quiz;
				for (size_t t = 0; t < q.n_targets; t++)
					quiz_add(&q, q.target[t].first, q.target[t].first + 1);
				for (size_t w = 0; w < q.n_words; w += 5)
					if (quiz_highlight_at(&q, w) < 0)
						quiz_add(&q, w, w);
				/* text size taps: each reopening starts at the default */
				while (app_inside(r.a).st->text_size != 0)
					press(&r, ACT_TEXT_SIZE);
				result_with(&r, (lang_id)l, q.highlight, q.n_highlights, ts);
				in = app_inside(r.a);
				size_t len;
				text_layout_block_text(in.marks->quiz_text, 0, &len);
				SDL_FRect lines[64];
				size_t nl = paragraph_rects(&r, 0, len, lines, 64);
				size_t badges = 0;
				for (size_t i = 0; i < view_count(in.view); i++) {
					const view_item *it = view_get(in.view, i);
					if (it->kind != ITEM_RECT || it->fill != COLOR_PANEL ||
					    it->outline_color != COLOR_TEXT || !it->scrolls)
						continue;
					badges++;
					for (size_t k = 0; k < nl; k++)
						if (meet(it->rect, lines[k]))
							fail_msg("%dx%d %s text size %d: a mark at %.0f,%.0f "
								 "is over line %zu",
								 r.w, r.h, lang_code((lang_id)l), ts,
								 (double)it->rect.x, (double)it->rect.y, k);
					if (it->rect.x + it->rect.w > (float)r.w)
						fail_msg("%dx%d: a mark is off the screen", r.w, r.h);
				}
				assert_int_equal(badges, in.st->quiz.n_highlights);
			}
		}
		rig_close(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(answers_above_highlights),
		cmocka_unit_test(marks_never_over_ink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
