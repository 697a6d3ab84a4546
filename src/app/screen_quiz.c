/* quiz and quiz-result: "Highlight six actions in the text". A finger drags
 * across words like a highlighter pen, or taps them one at a time; tapping a
 * highlight removes it. The result marks each highlight with a tick or a
 * cross and can outline the actions that were missed: never colour alone.
 * The rules themselves are in quiz.c. */
#include "app/app_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/log.h"

#define TICK "\xe2\x9c\x93"  /* U+2713 */
#define CROSS "\xe2\x9c\x97" /* U+2717 */

static const char *qs(app *a, const char *key)
{
	return app_str(a, a->st.lang, "quiz", "quiz", key);
}

/* Wider line spacing than reading text: more room for a finger to pick a
 * line, and for the result's marks between the lines. */
#define QUIZ_LINE_HEIGHT 1.7f

static text_layout *paragraph_layout(app *a, const content_block *text)
{
	float x, w;
	app_column(a, &x, &w);
	return app_blocks(a, text, 1, a->m.body_px, w, QUIZ_LINE_HEIGHT);
}

/* Room for n words in a->word_start/word_end. */
static int grow_words(app *a, size_t n)
{
	if (n > SIZE_MAX / sizeof(size_t))
		return -1;
	size_t *s = realloc(a->word_start, n * sizeof *s);
	if (!s)
		return -1;
	a->word_start = s;
	size_t *e = realloc(a->word_end, n * sizeof *e);
	if (!e)
		return -1;
	a->word_end = e;
	a->words_cap = n;
	return 0;
}

void screen_quiz_prepare(app *a)
{
	content_quiz q;
	a->st.quiz_ready = false;
	a->st.show_answers = false;
	a->n_words = 0;
	if (!a->content || content_get_quiz(a->content, a->st.lang, &q) != 0)
		return;
	text_layout *l = paragraph_layout(a, q.text);
	if (!l)
		return;
	size_t n = text_layout_words(l, 0, a->word_start, a->word_end, a->words_cap);
	if (n > a->words_cap) {
		if (grow_words(a, n) != 0) {
			LOG(LOG_ERROR, "out of memory for the quiz's %zu words", n);
			text_layout_unref(l);
			return;
		}
		text_layout_words(l, 0, a->word_start, a->word_end, a->words_cap);
	}
	text_layout_unref(l);
	a->n_words = n;

	int ids[CONTENT_QUIZ_TARGETS];
	quiz_span spans[CONTENT_QUIZ_TARGETS];
	size_t nt = 0;
	for (size_t i = 0; i < CONTENT_QUIZ_TARGETS; i++) {
		if (quiz_span_for_bytes(a->word_start, a->word_end, a->n_words, q.targets[i].start,
					q.targets[i].end, &spans[nt]) == 0)
			ids[nt++] = q.targets[i].id;
	}
	quiz_init(&a->st.quiz, a->n_words, ids, spans, nt);
	a->st.quiz_ready = true;
}

/* The word at a byte offset, or the last word starting before it. */
static size_t word_index(const app *a, size_t offset)
{
	size_t lo = 0, hi = a->n_words;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a->word_start[mid] <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : 0;
}

/* A mark in the corner of a highlight: a tick or a cross in an outlined
 * box, sitting in the space between the lines. */
static void add_badge(app *a, const text_rect *last, const char *glyph)
{
	float size = a->m.body_px * 1.0f;
	text_layout *g = app_text(a, glyph, a->m.body_px * 0.75f, TEXT_BOLD, size, TEXT_ALIGN_CENTER);
	if (!g)
		return;
	float bx = a->quiz_x + last->x + last->w - size * 0.45f;
	float by = a->quiz_y + last->y + last->h * 0.15f - size * 0.75f;
	view_item box = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .scrolls = true,
			 .outline = fmaxf(2.0f, 2.5f * a->m.unit), .outline_color = COLOR_TEXT,
			 .rect = {bx, by, size, size}};
	view_add(a->view, &box);
	app_add_text(a, g, bx, by + (size - text_layout_height(g)) / 2, COLOR_TEXT, true);
}

static void add_span_rects(app *a, quiz_span s, view_color fill, float outline, const char *badge)
{
	if (!a->quiz_text || s.first >= a->n_words || s.last >= a->n_words)
		return;
	text_rect r[32];
	size_t n = text_layout_range_rects(a->quiz_text, 0, a->word_start[s.first],
					   a->word_end[s.last], r, 32);
	if (n > 32)
		n = 32;
	float pad = 3 * a->m.unit;
	for (size_t i = 0; i < n; i++) {
		/* The line box is twice the font size; mark only the band the
		 * letters occupy, so marks on neighbouring lines never touch. */
		float band = r[i].h * 0.72f;
		view_item it = {.kind = ITEM_RECT, .fill = fill, .scrolls = true,
				.outline = outline, .outline_color = COLOR_MISSED};
		it.rect = (SDL_FRect){a->quiz_x + r[i].x - pad, a->quiz_y + r[i].y + (r[i].h - band) / 2,
				      r[i].w + 2 * pad, band};
		view_add(a->view, &it);
		r[i].y += (r[i].h - band) / 2;
		r[i].h = band;
	}
	if (badge && n > 0)
		add_badge(a, &r[n - 1], badge);
}

/* Puts the highlight layer in front of the paragraph's position in the list:
 * rects first, then the text on top, so highlights never hide words. */
static void add_marks(app *a)
{
	const quiz_state *q = &a->st.quiz;
	bool result = a->st.screen == SCREEN_QUIZ_RESULT;
	bool ok[QUIZ_MAX_HIGHLIGHTS];
	unsigned found = quiz_found(q, ok);
	if (result && a->st.show_answers) {
		for (size_t t = 0; t < q->n_targets; t++)
			if (!(found & (1u << t)))
				add_span_rects(a, q->target[t], COLOR_BACKGROUND,
					       fmaxf(2.0f, 3.0f * a->m.unit), NULL);
	}
	for (size_t h = 0; h < q->n_highlights; h++) {
		if (!result)
			add_span_rects(a, q->highlight[h], COLOR_HIGHLIGHT, 0, NULL);
		else
			add_span_rects(a, q->highlight[h], ok[h] ? COLOR_FOUND : COLOR_WRONG, 0,
				       ok[h] ? TICK : CROSS);
	}
	if (!result && a->ptr.down && a->ptr.gesture == GESTURE_HIGHLIGHT && a->ptr.on_word) {
		size_t lo = a->ptr.word0 < a->ptr.word1 ? a->ptr.word0 : a->ptr.word1;
		size_t hi = a->ptr.word0 < a->ptr.word1 ? a->ptr.word1 : a->ptr.word0;
		add_span_rects(a, (quiz_span){lo, hi}, COLOR_HIGHLIGHT, 0, NULL);
	}
}

static float add_line(app *a, const char *s, float px, unsigned flags, view_color ink, float x,
		      float y, float w)
{
	if (!*s) /* an optional field left out (the hint) takes no room */
		return y;
	text_layout *l = app_text(a, s, px, flags, w, TEXT_ALIGN_LEFT);
	if (!l)
		return y;
	float h = text_layout_height(l);
	app_add_text(a, l, x, y, ink, true);
	return y + h + a->m.gap;
}

static float add_legend(app *a, float x, float y, float w)
{
	char line[512];
	snprintf(line, sizeof line, TICK " %s    " CROSS " %s%s%s", qs(a, "found"), qs(a, "wrong"),
		 a->st.show_answers ? "    \xe2\x96\xad " : "", a->st.show_answers ? qs(a, "missed") : "");
	return add_line(a, line, a->m.body_px * 0.9f, TEXT_REGULAR, COLOR_TEXT, x, y, w);
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

static quiz_frame frame_for(const app *a)
{
	const view_metrics *m = &a->m;
	quiz_frame f;
	app_column(a, &f.text_x, &f.text_w);
	f.head_x = f.text_x;
	f.head_w = f.text_w;
	f.beside = false;
	float gutter = 2 * m->margin;
	float spare = (float)a->w - 2 * m->margin - gutter - f.text_w;
	if (a->w > a->h && spare >= 0.4f * f.text_w) {
		float head_w = fminf(spare, 0.6f * f.text_w);
		float left = ((float)a->w - head_w - gutter - f.text_w) / 2;
		f.head_x = left;
		f.head_w = head_w;
		f.text_x = left + head_w + gutter;
		f.beside = true;
	}
	return f;
}

void screen_quiz_build(app *a)
{
	const view_metrics *m = &a->m;
	bool result = a->st.screen == SCREEN_QUIZ_RESULT;
	float top = app_add_top_bar(a);
	float bottom = (float)a->h - m->bar_h;
	content_quiz q;
	if (!a->st.quiz_ready || content_get_quiz(a->content, a->st.lang, &q) != 0)
		return;
	quiz_frame f = frame_for(a);
	float x = f.head_x, w = f.head_w;
	float y = top + m->gap;

	if (!result) {
		y = add_line(a, qs(a, "instruction"), m->body_px * 1.1f, TEXT_BOLD, COLOR_TEXT, x, y, w);
		y = add_line(a, qs(a, "hint"), m->body_px * 0.9f, TEXT_REGULAR, COLOR_MUTED, x, y, w);
	} else {
		unsigned found = quiz_found(&a->st.quiz, NULL);
		int n = 0;
		for (size_t i = 0; i < a->st.quiz.n_targets; i++)
			n += (found >> i) & 1u;
		char nf[16], nt[16], tmp[256], score[256];
		snprintf(nf, sizeof nf, "%d", n);
		snprintf(nt, sizeof nt, "%zu", a->st.quiz.n_targets);
		app_format(tmp, sizeof tmp,
			   app_plural(a, a->st.lang, "quiz", "quiz", "score", (long)a->st.quiz.n_targets),
			   "found", nf);
		app_format(score, sizeof score, tmp, "total", nt);
		y = add_line(a, score, m->body_px * 1.3f, TEXT_BOLD, COLOR_TEXT, x, y, w);
		y = add_line(a, qs(a, "rule"), m->body_px * 0.85f, TEXT_REGULAR, COLOR_MUTED, x, y, w);
		y = add_legend(a, x, y, w);
	}
	float head_bottom = y;
	if (f.beside)
		y = top + m->gap;
	else
		y += m->gap;

	text_layout *para = paragraph_layout(a, q.text);
	if (para) {
		/* Marks go under the words: find their place before adding
		 * the text, then add the text on top. */
		a->quiz_text = para;
		a->quiz_x = f.text_x;
		a->quiz_y = y;
		add_marks(a);
		float ph = text_layout_height(para);
		view_item *it = app_add_text(a, para, f.text_x, y, COLOR_TEXT, true);
		a->quiz_text = it ? it->text : NULL;
		y += ph;
	}
	y = fmaxf(y, head_bottom);
	app_set_content_height(a, (SDL_FRect){0, top, (float)a->w, bottom - top},
			       y + m->margin - top);

	app_add_rect(a, (SDL_FRect){0, bottom, (float)a->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = ((float)a->w - 2 * m->margin) * 0.45f;
	SDL_FRect left = {m->margin / 2, bottom + pad, bw, m->button_h};
	SDL_FRect right = {(float)a->w - m->margin / 2 - bw, bottom + pad, bw, m->button_h};
	if (!result) {
		char count[16], label[128];
		snprintf(count, sizeof count, "%zu", a->st.quiz.n_highlights);
		app_format(label, sizeof label,
			   app_plural(a, a->st.lang, "quiz", "quiz", "highlighted",
				      (long)a->st.quiz.n_highlights),
			   "count", count);
		text_layout *c = app_text(a, label, m->label_px, TEXT_BOLD, bw, TEXT_ALIGN_LEFT);
		if (c)
			app_add_text(a, c, left.x + m->gap, bottom + (m->bar_h - text_layout_height(c)) / 2,
				     COLOR_TEXT, false);
		app_add_button(a, right, qs(a, "check"), true, ACT_CHECK, 0);
	} else {
		if (!a->st.show_answers)
			app_add_button(a, left, qs(a, "show_answers"), false, ACT_SHOW_ANSWERS, 0);
		app_add_button(a, right, qs(a, "try_again"), true, ACT_TRY_AGAIN, 0);
	}
}

bool screen_quiz_pointer(app *a, int phase, float x, float y)
{
	pointer_state *p = &a->ptr;
	if (!a->quiz_text || !a->st.quiz_ready)
		return false;
	float lx = x - a->quiz_x, ly = y - a->quiz_y + a->st.scroll;
	size_t block, start, end;
	bool hit = text_layout_word_at(a->quiz_text, lx, ly, &block, &start, &end) == 0;
	if (phase == POINTER_DOWN) {
		if (!hit)
			return false;
		p->word0 = p->word1 = word_index(a, start);
		p->on_word = true;
		a->dirty = a->redraw = true;
		return true;
	}
	if (!hit) {
		/* Between words or past the end of a line: snap to the nearest
		 * character's word so the pen keeps following the finger. */
		text_pos pos;
		bool trailing;
		if (text_layout_hit(a->quiz_text, lx, ly, &pos, &trailing) == 0)
			start = pos.offset;
		else
			start = a->word_start[p->word1];
	}
	size_t w = word_index(a, start);
	if (w != p->word1) {
		p->word1 = w;
		a->dirty = a->redraw = true;
	}
	if (phase == POINTER_UP) {
		float slop = 24.0f * a->m.unit;
		bool moved = fabsf(x - p->x0) > slop || fabsf(y - p->y0) > slop;
		if (p->word0 == p->word1 && !moved)
			quiz_tap(&a->st.quiz, p->word0);
		else
			quiz_add(&a->st.quiz, p->word0, p->word1);
		p->on_word = false;
		a->dirty = a->redraw = true;
	}
	return true;
}
