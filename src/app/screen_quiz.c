/* quiz and quiz-result: "Highlight six actions in the text". A finger drags
 * across words like a highlighter pen, or taps them one at a time; tapping a
 * highlight removes it. The result marks each highlight with a tick or a
 * cross and can outline the actions that were missed: never colour alone.
 * The rules themselves are in quiz.c. */
#include "app/app_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "base/log.h"
#include "base/vec.h"

#define TICK "\xe2\x9c\x93"  /* U+2713 */
#define CROSS "\xe2\x9c\x97" /* U+2717 */

static const char *qs(screen_ctx *c, const char *key)
{
	return app_str(c, c->st->lang, "quiz", "quiz", key);
}

/* Wider line spacing than reading text: more room for a finger to pick a
 * line, and for the result's marks between the lines. */
#define QUIZ_LINE_HEIGHT 1.7f

static text_layout *paragraph_layout(screen_ctx *c, const content_block *text)
{
	float x, w;
	app_column(c, &x, &w);
	return app_blocks(c, text, 1, c->m.body_px, w, QUIZ_LINE_HEIGHT);
}

/* Room for n words in w: both arrays share one capacity. */
static int grow_words(quiz_words *w, size_t n)
{
	void *const arrs[] = {&w->start, &w->end};
	const size_t elems[] = {sizeof *w->start, sizeof *w->end};
	return vec_reserve_many(arrs, elems, 2, &w->cap, n);
}

/* Sets up the quiz's words and targets in the current language. */
static void quiz_prepare(screen_ctx *c)
{
	app_state *st = c->state;
	quiz_words *w = c->words_rw;
	content_quiz q;
	st->quiz_ready = false;
	st->show_answers = false;
	w->n = 0;
	if (!c->content || content_get_quiz(c->content, st->lang, &q) != 0)
		return;
	text_layout *l = paragraph_layout(c, q.text);
	if (!l)
		return;
	size_t n = text_layout_words(l, 0, w->start, w->end, w->cap);
	if (n > w->cap) {
		if (grow_words(w, n) != 0) {
			LOG(LOG_ERROR, "out of memory for the quiz's %zu words", n);
			text_layout_unref(l);
			return;
		}
		text_layout_words(l, 0, w->start, w->end, w->cap);
	}
	text_layout_unref(l);
	w->n = n;

	int ids[CONTENT_QUIZ_TARGETS];
	quiz_span spans[CONTENT_QUIZ_TARGETS];
	size_t nt = 0;
	for (size_t i = 0; i < CONTENT_QUIZ_TARGETS; i++) {
		if (quiz_span_for_bytes(w->start, w->end, w->n, q.targets[i].start, q.targets[i].end,
					&spans[nt]) == 0)
			ids[nt++] = q.targets[i].id;
	}
	quiz_init(&st->quiz, w->n, ids, spans, nt);
	st->quiz_ready = true;
}

/* The word at a byte offset, or the last word starting before it. */
static size_t word_index(const quiz_words *w, size_t offset)
{
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->start[mid] <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

/* The paragraph being built, and where. */
typedef struct {
	const text_layout *text;
	float x, y;
} placed;

/* A mark in the corner of a highlight: a tick or a cross in an outlined
 * box, sitting in the space between the lines. */
static void add_badge(screen_ctx *c, const placed *at, const text_rect *last, const char *glyph)
{
	float size = c->m.body_px * 1.0f;
	text_layout *g = app_text(c, glyph, c->m.body_px * 0.75f, TEXT_BOLD, size, TEXT_ALIGN_CENTER);
	if (!g)
		return;
	float bx = at->x + last->x + last->w - size * 0.45f;
	float by = at->y + last->y + last->h * 0.15f - size * 0.75f;
	view_item box = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .scrolls = true,
			 .outline = fmaxf(2.0f, 2.5f * c->m.unit), .outline_color = COLOR_TEXT,
			 .rect = {bx, by, size, size}};
	view_add(c->view, &box);
	app_add_text(c, g, bx, by + (size - text_layout_height(g)) / 2, COLOR_TEXT, true);
}

static void add_span_rects(screen_ctx *c, const placed *at, quiz_span s, view_color fill,
			   float outline, const char *badge)
{
	const quiz_words *w = c->words;
	if (!at->text || s.first >= w->n || s.last >= w->n)
		return;
	text_rect r[32];
	size_t n = text_layout_range_rects(at->text, 0, w->start[s.first], w->end[s.last], r, 32);
	if (n > 32)
		n = 32;
	float pad = 3 * c->m.unit;
	for (size_t i = 0; i < n; i++) {
		/* The line box is twice the font size; mark only the band the
		 * letters occupy, so marks on neighbouring lines never touch. */
		float band = r[i].h * 0.72f;
		view_item it = {.kind = ITEM_RECT, .fill = fill, .scrolls = true,
				.outline = outline, .outline_color = COLOR_MISSED};
		it.rect = (SDL_FRect){at->x + r[i].x - pad, at->y + r[i].y + (r[i].h - band) / 2,
				      r[i].w + 2 * pad, band};
		view_add(c->view, &it);
		r[i].y += (r[i].h - band) / 2;
		r[i].h = band;
	}
	if (badge && n > 0)
		add_badge(c, at, &r[n - 1], badge);
}

/* Puts the highlight layer in front of the paragraph's position in the list:
 * rects first, then the text on top, so highlights never hide words. */
static void add_marks(screen_ctx *c, const placed *at)
{
	const quiz_state *q = &c->st->quiz;
	bool result = c->st->screen == SCREEN_QUIZ_RESULT;
	bool ok[QUIZ_MAX_HIGHLIGHTS];
	unsigned found = quiz_found(q, ok);
	if (result && c->st->show_answers) {
		for (size_t t = 0; t < q->n_targets; t++)
			if (!(found & (1u << t)))
				add_span_rects(c, at, q->target[t], COLOR_BACKGROUND,
					       fmaxf(2.0f, 3.0f * c->m.unit), NULL);
	}
	for (size_t h = 0; h < q->n_highlights; h++) {
		if (!result)
			add_span_rects(c, at, q->highlight[h], COLOR_HIGHLIGHT, 0, NULL);
		else
			add_span_rects(c, at, q->highlight[h], ok[h] ? COLOR_FOUND : COLOR_WRONG, 0,
				       ok[h] ? TICK : CROSS);
	}
	if (!result && c->ptr->g.down && c->ptr->mode == POINTER_HIGHLIGHT && c->ptr->on_word) {
		size_t lo = c->ptr->word0 < c->ptr->word1 ? c->ptr->word0 : c->ptr->word1;
		size_t hi = c->ptr->word0 < c->ptr->word1 ? c->ptr->word1 : c->ptr->word0;
		add_span_rects(c, at, (quiz_span){lo, hi}, COLOR_HIGHLIGHT, 0, NULL);
	}
}

static float add_line(screen_ctx *c, const char *s, float px, unsigned flags, view_color ink, float x,
		      float y, float w)
{
	if (!*s) /* an optional field left out (the hint) takes no room */
		return y;
	text_layout *l = app_text(c, s, px, flags, w, TEXT_ALIGN_LEFT);
	if (!l)
		return y;
	float h = text_layout_height(l);
	app_add_text(c, l, x, y, ink, true);
	return y + h + c->m.gap;
}

static float add_legend(screen_ctx *c, float x, float y, float w)
{
	char line[512];
	snprintf(line, sizeof line, TICK " %s    " CROSS " %s%s%s", qs(c, "found"), qs(c, "wrong"),
		 c->st->show_answers ? "    \xe2\x96\xad " : "", c->st->show_answers ? qs(c, "missed") : "");
	return add_line(c, line, c->m.body_px * 0.9f, TEXT_REGULAR, COLOR_TEXT, x, y, w);
}

/* Where the heading (instruction and hint, or score, rule and legend) and
 * the paragraph go. On a landscape screen with room beside the reading
 * column, the heading stands to the paragraph's left, so that the whole
 * paragraph fits below the top bar without scrolling; otherwise the heading
 * sits above the paragraph in the column. */
typedef struct {
	float head_x, head_w, text_x, text_w;
	bool beside;
} quiz_frame;

static quiz_frame frame_for(const screen_ctx *c)
{
	const view_metrics *m = &c->m;
	quiz_frame f;
	app_column(c, &f.text_x, &f.text_w);
	f.head_x = f.text_x;
	f.head_w = f.text_w;
	f.beside = false;
	float gutter = 2 * m->margin;
	float spare = (float)c->w - 2 * m->margin - gutter - f.text_w;
	if (c->w > c->h && spare >= 0.4f * f.text_w) {
		float head_w = fminf(spare, 0.6f * f.text_w);
		float left = ((float)c->w - head_w - gutter - f.text_w) / 2;
		f.head_x = left;
		f.head_w = head_w;
		f.text_x = left + head_w + gutter;
		f.beside = true;
	}
	return f;
}

static void quiz_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	bool result = c->st->screen == SCREEN_QUIZ_RESULT;
	float top = app_add_top_bar(c);
	float bottom = (float)c->h - m->bar_h;
	content_quiz q;
	if (!c->st->quiz_ready || content_get_quiz(c->content, c->st->lang, &q) != 0)
		return;
	quiz_frame f = frame_for(c);
	float x = f.head_x, w = f.head_w;
	float y = top + m->gap;

	if (!result) {
		y = add_line(c, qs(c, "instruction"), m->body_px * 1.1f, TEXT_BOLD, COLOR_TEXT, x, y, w);
		y = add_line(c, qs(c, "hint"), m->body_px * 0.9f, TEXT_REGULAR, COLOR_MUTED, x, y, w);
	} else {
		unsigned found = quiz_found(&c->st->quiz, NULL);
		int n = 0;
		for (size_t i = 0; i < c->st->quiz.n_targets; i++)
			n += (found >> i) & 1u;
		char nf[16], nt[16], tmp[256], score[256];
		snprintf(nf, sizeof nf, "%d", n);
		snprintf(nt, sizeof nt, "%zu", c->st->quiz.n_targets);
		app_format(tmp, sizeof tmp,
			   app_plural(c, c->st->lang, "quiz", "quiz", "score", (long)c->st->quiz.n_targets),
			   "found", nf);
		app_format(score, sizeof score, tmp, "total", nt);
		y = add_line(c, score, m->body_px * 1.3f, TEXT_BOLD, COLOR_TEXT, x, y, w);
		y = add_line(c, qs(c, "rule"), m->body_px * 0.85f, TEXT_REGULAR, COLOR_MUTED, x, y, w);
		y = add_legend(c, x, y, w);
	}
	float head_bottom = y;
	if (f.beside)
		y = top + m->gap;
	else
		y += m->gap;

	text_layout *para = paragraph_layout(c, q.text);
	if (para) {
		/* Marks go under the words: find their place before adding
		 * the text, then add the text on top. */
		placed at = {para, f.text_x, y};
		add_marks(c, &at);
		float ph = text_layout_height(para);
		view_item *it = app_add_text(c, para, f.text_x, y, COLOR_TEXT, true);
		if (it) {
			c->out.quiz_text = it->text;
			c->out.quiz_x = f.text_x;
			c->out.quiz_y = at.y;
		}
		y += ph;
	}
	y = fmaxf(y, head_bottom);
	app_set_content_height(c, (SDL_FRect){0, top, (float)c->w, bottom - top},
			       y + m->margin - top);

	app_add_rect(c, (SDL_FRect){0, bottom, (float)c->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = ((float)c->w - 2 * m->margin) * 0.45f;
	SDL_FRect left = {m->margin / 2, bottom + pad, bw, m->button_h};
	SDL_FRect right = {(float)c->w - m->margin / 2 - bw, bottom + pad, bw, m->button_h};
	if (!result) {
		char count[16], label[128];
		snprintf(count, sizeof count, "%zu", c->st->quiz.n_highlights);
		app_format(label, sizeof label,
			   app_plural(c, c->st->lang, "quiz", "quiz", "highlighted",
				      (long)c->st->quiz.n_highlights),
			   "count", count);
		text_layout *l = app_text(c, label, m->label_px, TEXT_BOLD, bw, TEXT_ALIGN_LEFT);
		if (l)
			app_add_text(c, l, left.x + m->gap, bottom + (m->bar_h - text_layout_height(l)) / 2,
				     COLOR_TEXT, false);
		app_add_button(c, right, qs(c, "check"), true, ACT_CHECK, 0);
	} else {
		/* Three across: show the answers, try again, and "Finish", which
		 * ends the visit (app.c's ACT_FINISH). */
		float tw = ((float)c->w - m->margin - 2 * m->gap) / 3;
		SDL_FRect slot = {m->margin / 2, bottom + pad, tw, m->button_h};
		if (!c->st->show_answers)
			app_add_button(c, slot, qs(c, "show_answers"), false, ACT_SHOW_ANSWERS, 0);
		slot.x += tw + m->gap;
		app_add_button(c, slot, qs(c, "try_again"), false, ACT_TRY_AGAIN, 0);
		slot.x += tw + m->gap;
		app_add_button(c, slot, app_str(c, c->st->lang, "ui", "common", "finish"), true,
			       ACT_FINISH, 0);
	}
}

/* A stroke over the words like a highlighter pen, or a tap on one word. */
static bool quiz_pointer(screen_ctx *c, gesture_step step, float x, float y)
{
	pointer_state *p = c->pointer;
	const screen_marks *at = c->shown;
	const quiz_words *w = c->words;
	if (!at->quiz_text || !c->st->quiz_ready)
		return false;
	float lx = x - at->quiz_x, ly = y - at->quiz_y + c->st->scroll;
	size_t block, start, end;
	bool hit = text_layout_word_at(at->quiz_text, lx, ly, &block, &start, &end) == 0;
	if (step == GESTURE_BEGAN) {
		if (!hit)
			return false;
		p->word0 = p->word1 = word_index(w, start);
		p->on_word = true;
		c->changed = true;
		return true;
	}
	if (!hit) {
		/* Between words or past the end of a line: snap to the nearest
		 * character's word so the pen keeps following the finger. */
		text_pos pos;
		bool trailing;
		if (text_layout_hit(at->quiz_text, lx, ly, &pos, &trailing) == 0)
			start = pos.offset;
		else
			start = w->start[p->word1];
	}
	size_t wi = word_index(w, start);
	if (wi != p->word1) {
		p->word1 = wi;
		c->changed = true;
	}
	if (step == GESTURE_ENDED) {
		/* Lifted within the slop of where it began, on one word: a tap. */
		if (p->word0 == p->word1 && gesture_near_start(&p->g))
			quiz_tap(&c->state->quiz, p->word0);
		else
			quiz_add(&c->state->quiz, p->word0, p->word1);
		p->on_word = false;
		c->changed = true;
	}
	return true;
}

static bool quiz_action(screen_ctx *c, int action, int arg)
{
	(void)arg;
	app_state *st = c->state;
	switch (action) {
	case ACT_CHECK: c->go = SCREEN_QUIZ_RESULT; return true;
	case ACT_SHOW_ANSWERS:
		st->show_answers = !st->show_answers;
		c->changed = true;
		return true;
	case ACT_TRY_AGAIN:
		quiz_clear(&st->quiz);
		st->show_answers = false;
		c->go = SCREEN_QUIZ;
		return true;
	default: return false;
	}
}

/* The quiz is set up on the way in (the result from a script's --screen
 * too) and forgotten on the way out of both. */
static void quiz_enter(screen_ctx *c, screen_id from)
{
	if (from != SCREEN_QUIZ_RESULT)
		quiz_prepare(c);
}

static void result_enter(screen_ctx *c, screen_id from)
{
	if (from != SCREEN_QUIZ)
		quiz_prepare(c);
}

static void quiz_leave(screen_ctx *c, screen_id to)
{
	if (to == SCREEN_QUIZ || to == SCREEN_QUIZ_RESULT)
		return;
	quiz_clear(&c->state->quiz);
	c->state->quiz_ready = false;
	c->state->show_answers = false;
}

/* The words of the other language, and in them the actions found so far. */
static void quiz_lang_changed(screen_ctx *c)
{
	if (!c->st->quiz_ready)
		return;
	quiz_state before = c->st->quiz;
	quiz_prepare(c);
	quiz_carry_over(&c->state->quiz, &before);
}

const screen_def screen_quiz = {.name = "quiz", .build = quiz_build, .action = quiz_action,
				.pointer = quiz_pointer, .enter = quiz_enter, .leave = quiz_leave,
				.lang_changed = quiz_lang_changed, .visit_doc = "learning",
				.visit_page = 2};
const screen_def screen_quiz_result = {.name = "quiz-result", .build = quiz_build,
				       .action = quiz_action, .enter = result_enter,
				       .leave = quiz_leave, .lang_changed = quiz_lang_changed,
				       .visit_doc = "learning", .visit_page = 3};
