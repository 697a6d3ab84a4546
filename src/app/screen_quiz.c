/* quiz and quiz-result: "Highlight six actions in the text". A finger drags
 * across words like a highlighter pen, or taps them one at a time; tapping a
 * highlight removes it; a swipe that sets off downwards scrolls instead. The
 * result marks each highlight with a tick, a half circle (partly right) or a
 * cross, lists the six actions with what became of each, and can outline
 * the ones not found: never colour alone. The rules themselves are in
 * quiz.c; docs/quiz.md says what the player sees. */
#include "app/app_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "base/log.h"
#include "base/vec.h"

#define TICK "\xe2\x9c\x93"  /* U+2713 */
#define CROSS "\xe2\x9c\x97" /* U+2717 */
#define HALF "\xe2\x97\x90"  /* U+25D0, a half-filled circle: partly right */
#define BOX "\xe2\x96\xad"   /* U+25AD, as the outline of a missed action */

/* The scroll rule (docs/quiz.md): on a page that scrolls, a touch on the
 * text that leaves the tap slop mainly vertically within this time is a
 * scroll; anything else on a word is a stroke, a press-and-hold
 * (GESTURE_HOLD_MS, far longer) included. */
#define QUIZ_SCROLL_DECIDE_MS 150u
/* A touch in the gap between words or just past a line's end snaps to the
 * nearest word of that line within this share of the font size: a fingertip
 * is wider than the gap. */
#define QUIZ_SNAP_EM 0.75f
/* The first-time demonstration: a fingertip comes down on a word, draws a
 * highlight across it and rests; a frame every QUIZ_HINT_FRAME_MS of the
 * app's clock (screen_def.next_change). */
#define QUIZ_HINT_MS 2400u
#define QUIZ_HINT_DOWN_MS 400u  /* the fingertip rests at the word's start */
#define QUIZ_HINT_DRAG_MS 1200u /* then draws across it */
#define QUIZ_HINT_FRAME_MS 40u
#define QUIZ_HINT_TIP 0.8f /* the fingertip's width, in body text sizes */
/* The demonstration's word: the first one at least this many bytes long
 * that is in no action, so that it gives nothing away. */
#define QUIZ_HINT_WORD_BYTES 4

/* The result's marks: boxes this share of the font size, in a gutter right
 * of the paragraph, so that no mark ever covers a letter. Two fit one above
 * the other in a line's height (QUIZ_LINE_HEIGHT). */
#define QUIZ_BADGE_EM 0.8f

static const char *qs(screen_ctx *c, const char *key)
{
	return app_str(c, c->st->lang, "quiz", "quiz", key);
}

/* The language the quiz is shown in: lang, or Welsh when the quiz item
 * lacks it. */
static lang_id quiz_lang(const content *ct, lang_id lang)
{
	return app_item_lang(ct, content_quiz_item(ct), lang);
}

/* Wider line spacing than reading text: more room for a finger to pick a
 * line, and for the result's marks between the lines. */
#define QUIZ_LINE_HEIGHT 1.7f

/* The gutter right of the paragraph that the result's marks stand in. */
static float badge_gutter(const screen_ctx *c)
{
	return QUIZ_BADGE_EM * c->m.body_px + c->m.gap;
}

static text_layout *paragraph_layout(screen_ctx *c, const content_block *text)
{
	float x, w;
	app_column(c, &x, &w);
	return app_blocks(c, text, 1, c->m.body_px, w - badge_gutter(c), QUIZ_LINE_HEIGHT);
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
	st->quiz_lang = quiz_lang(c->content, st->lang);
	if (!c->content || content_get_quiz(c->content, st->quiz_lang, &q) != 0)
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

/* The badges placed so far in one build, so that two highlights ending on
 * the same line get places one above the other in the gutter (a third goes
 * beside them). */
typedef struct {
	size_t n;
	float y[QUIZ_MAX_HIGHLIGHTS];
} badge_places;

/* A mark for a highlight whose last line is `last`: a tick, a cross or a
 * half circle in an outlined box, in the gutter right of the paragraph on
 * that line, never over a letter. */
static void add_badge(screen_ctx *c, const placed *at, const text_rect *last, const char *glyph,
		      badge_places *bp)
{
	float size = QUIZ_BADGE_EM * c->m.body_px;
	float line_y = at->y + last->y + last->h / 2; /* the middle of the band */
	size_t before = 0;
	for (size_t i = 0; i < bp->n; i++)
		before += fabsf(bp->y[i] - line_y) < 0.5f;
	if (bp->n < QUIZ_MAX_HIGHLIGHTS)
		bp->y[bp->n++] = line_y;
	/* The first on a line is centred on it, the second just below it: the
	 * gutter has no ink, and the next line's first badge starts lower. */
	float by = line_y - size / 2 + (float)(before % 2) * (size + c->m.unit);
	float bx = at->x + text_layout_width(at->text) + c->m.gap / 2 +
		   (float)(before / 2) * (size + c->m.gap / 2);
	text_layout *g = app_text(c, glyph, size * 0.8f, TEXT_BOLD, size, TEXT_ALIGN_CENTER);
	if (!g)
		return;
	view_item box = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .scrolls = true,
			 .outline = fmaxf(2.0f, 2.5f * c->m.unit), .outline_color = COLOR_TEXT,
			 .rect = {bx, by, size, size}};
	view_add(c->view, &box);
	app_add_text(c, g, bx, by + (size - text_layout_height(g)) / 2, COLOR_TEXT, true);
}

/* The bands a span of words covers, one per line, into r (at most max);
 * returns how many. Each is the band the letters occupy, not the line box,
 * so that marks on neighbouring lines never touch. */
static size_t span_bands(screen_ctx *c, const placed *at, quiz_span s, text_rect *r, size_t max)
{
	const quiz_words *w = c->words;
	if (!at->text || s.first >= w->n || s.last >= w->n)
		return 0;
	size_t n = text_layout_range_rects(at->text, 0, w->start[s.first], w->end[s.last], r, max);
	if (n > max)
		n = max;
	float pad = 3 * c->m.unit;
	for (size_t i = 0; i < n; i++) {
		float band = r[i].h * 0.72f;
		r[i].x = at->x + r[i].x - pad;
		r[i].y = at->y + r[i].y + (r[i].h - band) / 2;
		r[i].w += 2 * pad;
		r[i].h = band;
	}
	return n;
}

#define MAX_BANDS 32

static void add_span_fill(screen_ctx *c, const placed *at, quiz_span s, view_color fill,
			  const char *badge, badge_places *bp)
{
	text_rect r[MAX_BANDS];
	size_t n = span_bands(c, at, s, r, MAX_BANDS);
	for (size_t i = 0; i < n; i++)
		app_add_rect(c, (SDL_FRect){r[i].x, r[i].y, r[i].w, r[i].h}, fill, true);
	if (badge && n > 0) {
		text_rect last = r[n - 1];
		last.x -= at->x;
		last.y -= at->y;
		add_badge(c, at, &last, badge, bp);
	}
}

/* An action's outline, as four bars: drawn after the highlights, so that
 * no highlight ever hides it. */
static void add_span_outline(screen_ctx *c, const placed *at, quiz_span s)
{
	text_rect r[MAX_BANDS];
	size_t n = span_bands(c, at, s, r, MAX_BANDS);
	float t = fmaxf(2.0f, 3.0f * c->m.unit);
	for (size_t i = 0; i < n; i++) {
		SDL_FRect bars[4] = {{r[i].x - t, r[i].y - t, r[i].w + 2 * t, t},
				     {r[i].x - t, r[i].y + r[i].h, r[i].w + 2 * t, t},
				     {r[i].x - t, r[i].y, t, r[i].h},
				     {r[i].x + r[i].w, r[i].y, t, r[i].h}};
		for (int b = 0; b < 4; b++)
			app_add_rect(c, bars[b], COLOR_MISSED, true);
	}
}

static bool hint_playing(const app_state *st, uint64_t now)
{
	return st->screen == SCREEN_QUIZ && st->quiz_ready && st->quiz_hint_shown &&
	       !st->quiz_hint_skipped && now >= st->quiz_hint_t0 &&
	       now - st->quiz_hint_t0 < QUIZ_HINT_MS;
}

static uint64_t quiz_next_change(const app_state *st, uint64_t now)
{
	if (!hint_playing(st, now))
		return UINT64_MAX;
	/* The last frame falls on the end, where the demonstration goes. */
	return st->quiz_hint_t0 + ((now - st->quiz_hint_t0) / QUIZ_HINT_FRAME_MS + 1) *
					  QUIZ_HINT_FRAME_MS;
}

/* The demonstration's frame at c->now: the highlight grown across the word
 * so far, and under the line a fingertip at its leading edge. */
static void add_hint(screen_ctx *c, const placed *at)
{
	const quiz_words *w = c->words;
	const quiz_state *q = &c->st->quiz;
	size_t word = 0;
	bool any = false;
	for (size_t i = 0; i < w->n && !any; i++) {
		bool in_target = false;
		for (size_t t = 0; t < q->n_targets; t++)
			in_target |= q->target[t].first <= i && i <= q->target[t].last;
		if (!in_target && w->end[i] - w->start[i] >= QUIZ_HINT_WORD_BYTES) {
			word = i;
			any = true;
		}
	}
	text_rect r[1];
	if (!any || span_bands(c, at, (quiz_span){word, word}, r, 1) != 1)
		return;
	uint64_t t = c->now - c->st->quiz_hint_t0;
	float p = t < QUIZ_HINT_DOWN_MS ? 0.0f
		  : t >= QUIZ_HINT_DOWN_MS + QUIZ_HINT_DRAG_MS
		      ? 1.0f
		      : (float)(t - QUIZ_HINT_DOWN_MS) / (float)QUIZ_HINT_DRAG_MS;
	if (p > 0)
		app_add_rect(c, (SDL_FRect){r[0].x, r[0].y, r[0].w * p, r[0].h}, COLOR_HIGHLIGHT, true);
	float tip = QUIZ_HINT_TIP * c->m.body_px;
	view_item finger = {.kind = ITEM_DISC, .fill = COLOR_BUTTON, .scrolls = true,
			    .outline = fmaxf(2.0f, 2.0f * c->m.unit), .outline_color = COLOR_PANEL,
			    .rect = {r[0].x + r[0].w * p - tip / 2, r[0].y + r[0].h, tip, tip}};
	view_add(c->view, &finger);
}

/* Puts the highlight layer in front of the paragraph's position in the list:
 * fills, then the outlines of the actions not found, then (added by the
 * caller) the text on top, so that neither highlights nor outlines hide
 * words and no highlight hides an outline. */
static void add_marks(screen_ctx *c, const placed *at)
{
	const quiz_state *q = &c->st->quiz;
	bool result = c->st->screen == SCREEN_QUIZ_RESULT;
	quiz_mark marks[QUIZ_MAX_HIGHLIGHTS];
	unsigned found = quiz_found(q, marks);
	static const view_color fills[] = {[QUIZ_MARK_WRONG] = COLOR_WRONG,
					   [QUIZ_MARK_PARTIAL] = COLOR_HIGHLIGHT,
					   [QUIZ_MARK_FOUND] = COLOR_FOUND};
	static const char *const glyphs[] = {[QUIZ_MARK_WRONG] = CROSS, [QUIZ_MARK_PARTIAL] = HALF,
					     [QUIZ_MARK_FOUND] = TICK};
	badge_places bp = {0};
	for (size_t h = 0; h < q->n_highlights; h++) {
		if (!result)
			add_span_fill(c, at, q->highlight[h], COLOR_HIGHLIGHT, NULL, &bp);
		else
			add_span_fill(c, at, q->highlight[h], fills[marks[h]], glyphs[marks[h]], &bp);
	}
	if (!result && c->ptr->g.down && c->ptr->mode == POINTER_HIGHLIGHT && c->ptr->on_word) {
		size_t lo = c->ptr->word0 < c->ptr->word1 ? c->ptr->word0 : c->ptr->word1;
		size_t hi = c->ptr->word0 < c->ptr->word1 ? c->ptr->word1 : c->ptr->word0;
		add_span_fill(c, at, (quiz_span){lo, hi}, COLOR_HIGHLIGHT, NULL, &bp);
	}
	if (result && c->st->show_answers)
		for (size_t t = 0; t < q->n_targets; t++)
			if (!(found & (1u << t)))
				add_span_outline(c, at, q->target[t]);
	if (hint_playing(c->st, c->now))
		add_hint(c, at);
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

/* The legend: one mark and its words a line, so that no entry is ever
 * split, whatever the column's width. A no-break space keeps the mark with
 * its first word. */
static float add_legend(screen_ctx *c, float x, float y, float w)
{
	static const struct {
		const char *mark, *key;
	} entries[] = {{TICK, "found"}, {HALF, "partial"}, {CROSS, "wrong"}, {BOX, "missed"}};
	/* The last, the outline of a missed action, only while they are shown. */
	size_t n = sizeof entries / sizeof entries[0] - !c->st->show_answers;
	for (size_t i = 0; i < n; i++) {
		char line[512];
		snprintf(line, sizeof line, "%s\xc2\xa0%s", entries[i].mark, qs(c, entries[i].key));
		y = add_line(c, line, c->m.body_px * 0.9f, TEXT_REGULAR, COLOR_TEXT, x, y, w);
	}
	return y;
}

/* Under the result's paragraph, the actions by name, each with what the
 * player did about it in a mark and in words: found, partly, or missed.
 * A missed action is named only when the answers are shown; before that it
 * is "Action N", so that "Keep going" still has something to find. */
static float add_action_list(screen_ctx *c, const text_layout *para, const content_quiz *cq,
			     float x, float y, float w)
{
	const quiz_state *q = &c->st->quiz;
	unsigned found = quiz_found(q, NULL), part = quiz_partial(q);
	size_t len;
	const char *text = text_layout_block_text(para, 0, &len);
	/* Missed, partly, found: each a mark and words. */
	static const char *const marks[3] = {BOX, HALF, TICK};
	const char *said[3] = {qs(c, "missed"), qs(c, "partly"), qs(c, "found")};
	y = add_line(c, qs(c, "actions"), c->m.body_px, TEXT_BOLD, COLOR_TEXT, x, y, w);
	for (size_t t = 0; t < q->n_targets; t++) {
		size_t k = 0;
		while (k < CONTENT_QUIZ_TARGETS && cq->targets[k].id != q->target_id[t])
			k++;
		char name[512], id[16];
		snprintf(id, sizeof id, "%d", q->target_id[t]);
		bool named = (found & (1u << t)) || c->st->show_answers;
		if (named && k < CONTENT_QUIZ_TARGETS && cq->targets[k].end <= len)
			snprintf(name, sizeof name, "%.*s",
				 (int)(cq->targets[k].end - cq->targets[k].start),
				 text + cq->targets[k].start);
		else
			app_format(name, sizeof name, qs(c, "action_n"), "n", id);
		int is = found & (1u << t) ? 2 : part & (1u << t) ? 1 : 0;
		char line[1024];
		snprintf(line, sizeof line, "%s  %s \xe2\x80\x94 %s", marks[is], name, said[is]);
		y = add_line(c, line, c->m.body_px * 0.9f, TEXT_REGULAR, COLOR_TEXT, x, y, w);
	}
	return y;
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

/* The bottom bar's three places, left to right, for labels (NULL: none),
 * in thirds when every label fits its third on one line; otherwise each
 * is as wide as its label needs and the rest of the bar is shared out
 * evenly, so that a longer label (Welsh, often) keeps its size on one line.
 * When even that is too little, thirds again, and the labels shrink or
 * wrap (app_add_button). */
static void bar_slots(screen_ctx *c, const char *const label[3], float bottom, SDL_FRect slot[3])
{
	const view_metrics *m = &c->m;
	float pad = (m->bar_h - m->button_h) / 2;
	float room = (float)c->w - m->margin - 2 * m->gap;
	float need[3], sum = 0, widest = 0;
	for (int i = 0; i < 3; i++) {
		need[i] = label[i] ? app_label_width(c, label[i]) : 0;
		sum += need[i];
		widest = fmaxf(widest, need[i]);
	}
	bool thirds = widest <= room / 3 || sum > room;
	float x = m->margin / 2;
	for (int i = 0; i < 3; i++) {
		float w = thirds ? room / 3 : need[i] + (room - sum) / 3;
		slot[i] = (SDL_FRect){x, bottom + pad, w, m->button_h};
		x += w + m->gap;
	}
}

static void quiz_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	bool result = c->st->screen == SCREEN_QUIZ_RESULT;
	float top = screen_add_lang_note(c, content_quiz_item(c->content), app_add_top_bar(c));
	float bottom = (float)c->h - m->bar_h;
	content_quiz q;
	if (!c->st->quiz_ready || content_get_quiz(c->content, quiz_lang(c->content, c->st->lang), &q) != 0)
		return;
	quiz_frame f = frame_for(c);
	/* Only the instruction is read aloud (the paragraph would give the
	 * answers away; the result has nothing to read). Its controls follow
	 * the heading, taking no room from the paragraph, where they fit
	 * abreast; else they are the row above the bottom bar. */
	bool in_head = !result && app_listen_fits(c, f.head_w);
	/* The row starts under the heading's column, where the eye goes
	 * back to after reading the instruction. */
	float above = result || in_head ? bottom
					: app_add_listen_bar(c, bottom, f.head_x,
							     (float)c->w - 2 * f.head_x);
	float x = f.head_x, w = f.head_w;
	float y = top + m->gap;

	if (!result) {
		const char *instruction = qs(c, "instruction");
		app_add_spoken_band(c, true);
		size_t at = view_count(c->view);
		y = add_line(c, instruction, m->body_px * 1.1f, TEXT_BOLD, COLOR_TEXT, x, y, w);
		if (view_count(c->view) > at)
			app_mark_listen(c, view_get(c->view, at), NULL, 0, instruction);
		y = add_line(c, qs(c, "hint"), m->body_px * 0.9f, TEXT_REGULAR, COLOR_MUTED, x, y, w);
		char count[16], total[16], tmp[256], label[256];
		snprintf(count, sizeof count, "%zu", c->st->quiz.n_highlights);
		snprintf(total, sizeof total, "%zu", c->st->quiz.n_targets);
		app_format(tmp, sizeof tmp,
			   app_plural(c, c->st->lang, "quiz", "quiz", "highlighted",
				      (long)c->st->quiz.n_highlights),
			   "count", count);
		app_format(label, sizeof label, tmp, "total", total);
		y = add_line(c, label, m->body_px, TEXT_BOLD, COLOR_TEXT, x, y, w);
		float lh = in_head ? app_add_listen_buttons(c, x, y, w, true) : 0;
		y += lh ? lh + m->gap : 0;
	} else {
		unsigned found = quiz_found(&c->st->quiz, NULL);
		char nf[16], nt[16], tmp[256], score[256];
		snprintf(nf, sizeof nf, "%d", quiz_count(found));
		snprintf(nt, sizeof nt, "%zu", c->st->quiz.n_targets);
		app_format(tmp, sizeof tmp,
			   app_plural(c, c->st->lang, "quiz", "quiz", "score", (long)c->st->quiz.n_targets),
			   "found", nf);
		app_format(score, sizeof score, tmp, "total", nt);
		y = add_line(c, score, m->body_px * 1.3f, TEXT_BOLD, COLOR_TEXT, x, y, w);
		y = add_line(c, qs(c, "rule"), m->body_px * 0.85f, TEXT_REGULAR, COLOR_MUTED, x, y, w);
		y = add_legend(c, x, y, w);
		/* Beside the legend it completes, and it scrolls with it. */
		if (!c->st->show_answers) {
			view_item *b = app_add_button(c, (SDL_FRect){x, y, fminf(w, 0.6f * (float)c->w), m->button_h},
						      qs(c, "show_answers"), false, ACT_SHOW_ANSWERS, 0);
			if (b)
				b->scrolls = true;
			y += m->button_h + m->gap;
		}
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
		if (result)
			y = add_action_list(c, para, &q, f.text_x, y + m->gap, f.text_w);
	}
	y = fmaxf(y, head_bottom);
	app_set_content_height(c, (SDL_FRect){0, top, (float)c->w, above - top},
			       y + m->margin - top);

	app_add_rect(c, (SDL_FRect){0, bottom, (float)c->w, m->bar_h}, COLOR_BAR, false);
	/* Three places in the bar, filled from the right, the primary button
	 * outermost: the result's try again, keep going, and "Finish", which
	 * ends the visit (app.c's ACT_FINISH). */
	const char *label[3] = {NULL, NULL, qs(c, "check")};
	if (result) {
		label[0] = qs(c, "try_again");
		label[1] = qs(c, "keep_going");
		label[2] = app_str(c, c->st->lang, "ui", "common", "finish");
	}
	SDL_FRect slot[3];
	bar_slots(c, label, bottom, slot);
	if (!result) {
		app_add_button(c, slot[2], label[2], true, ACT_CHECK, 0);
	} else {
		app_add_button(c, slot[0], label[0], false, ACT_TRY_AGAIN, 0);
		app_add_button(c, slot[1], label[1], false, ACT_KEEP_GOING, 0);
		app_add_button(c, slot[2], label[2], true, ACT_FINISH, 0);
	}
}

/* The word under (lx, ly), or else the nearest one on the same line within
 * QUIZ_SNAP_EM: its bytes' start into *start. False when there is none, and
 * for a point beside the paragraph (a drag there scrolls). */
static bool word_near(const screen_ctx *c, const text_layout *l, float lx, float ly,
		      size_t *start)
{
	size_t block, end;
	if (text_layout_word_at(l, lx, ly, &block, start, &end) == 0)
		return true;
	if (lx < 0 || lx > text_layout_width(l))
		return false;
	float reach = QUIZ_SNAP_EM * c->m.body_px, step = fmaxf(1.0f, c->m.unit);
	for (float d = step; d <= reach; d += step)
		if (text_layout_word_at(l, lx - d, ly, &block, start, &end) == 0 ||
		    text_layout_word_at(l, lx + d, ly, &block, start, &end) == 0)
			return true;
	return false;
}

/* The scroll rule: on a page taller than the screen, a touch that left its
 * line mainly vertically within QUIZ_SCROLL_DECIDE_MS. */
static bool stroke_is_scroll(const screen_ctx *c, const gesture *g)
{
	SDL_FRect region = view_scroll_region(c->view);
	if (view_content_height(c->view) <= region.h + 0.5f)
		return false;
	return g->dir == GESTURE_DIR_VERTICAL && g->decided_ms <= QUIZ_SCROLL_DECIDE_MS;
}

/* A stroke over the words like a highlighter pen, or a tap on one word.
 * Returns false to let go of a touch that is a scroll (the app scrolls). */
static bool quiz_pointer(screen_ctx *c, gesture_step step, float x, float y)
{
	pointer_state *p = c->pointer;
	const screen_marks *at = c->shown;
	const quiz_words *w = c->words;
	if (!at->quiz_text || !c->st->quiz_ready)
		return false;
	float lx = x - at->quiz_x, ly = y - at->quiz_y + c->st->scroll;
	size_t start;
	bool hit = word_near(c, at->quiz_text, lx, ly, &start);
	if (step == GESTURE_BEGAN) {
		if (hint_playing(c->st, c->now)) {
			c->state->quiz_hint_skipped = true; /* any touch on the text */
			c->changed = true;
		}
		if (!hit)
			return false;
		p->word0 = p->word1 = word_index(w, start);
		p->on_word = true;
		c->changed = true;
		return true;
	}
	if (!p->on_word)
		return false;
	if (!p->decided && gesture_moved(&p->g)) {
		p->decided = true;
		if (stroke_is_scroll(c, &p->g)) {
			p->on_word = false;
			c->changed = true;
			return false;
		}
	}
	if (!hit) {
		/* Further past a line's end, or between lines: the nearest
		 * character's word, so the pen keeps following the finger. */
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
	st->quiz_hint_skipped = true; /* any button: the visitor has started */
	switch (action) {
	case ACT_CHECK: c->go = SCREEN_QUIZ_RESULT; return true;
	case ACT_SHOW_ANSWERS:
		st->show_answers = !st->show_answers;
		c->changed = true;
		return true;
	case ACT_KEEP_GOING:
		/* What was found stays found: a stray tap cannot lose it. */
		st->quiz.lock_found = true;
		st->quiz_other.lock_found = true;
		st->show_answers = false;
		c->go = SCREEN_QUIZ;
		return true;
	case ACT_TRY_AGAIN:
		quiz_clear(&st->quiz);
		quiz_clear(&st->quiz_other);
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
	if (!c->st->quiz_hint_shown) {
		c->state->quiz_hint_shown = true;
		c->state->quiz_hint_t0 = c->now;
	}
}

/* ---- the fields scripts `expect` (app_field), on any screen ---- */

/* Whether the first-time demonstration is playing: yes or no. */
static void hint_field(screen_ctx *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s", hint_playing(c->st, c->now) ? "yes" : "no");
}

/* How many highlights there are. */
static void highlights_field(screen_ctx *c, char *buf, size_t size)
{
	snprintf(buf, size, "%zu", c->st->quiz.n_highlights);
}

/* The ids of the actions found (quiz_found_string). */
static void found_field(screen_ctx *c, char *buf, size_t size)
{
	quiz_found_string(&c->st->quiz, buf, size);
}

/* The ids of the actions only partly highlighted. */
static void partial_field(screen_ctx *c, char *buf, size_t size)
{
	quiz_ids_string(&c->st->quiz, quiz_partial(&c->st->quiz), buf, size);
}

/* How many highlights are on no action. */
static void wrong_field(screen_ctx *c, char *buf, size_t size)
{
	quiz_mark marks[QUIZ_MAX_HIGHLIGHTS];
	quiz_found(&c->st->quiz, marks);
	int wrong = 0;
	for (size_t h = 0; h < c->st->quiz.n_highlights; h++)
		wrong += marks[h] == QUIZ_MARK_WRONG;
	snprintf(buf, size, "%d", wrong);
}

/* Whether the result outlines the actions missed: yes or no. */
static void answers_shown_field(screen_ctx *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s", c->st->show_answers ? "yes" : "no");
}

/* The result's score, "FOUND/TARGETS", or none on any other screen. */
static void score_field(screen_ctx *c, char *buf, size_t size)
{
	if (c->st->screen != SCREEN_QUIZ_RESULT)
		snprintf(buf, size, "none");
	else
		snprintf(buf, size, "%d/%zu", quiz_count(quiz_found(&c->st->quiz, NULL)),
			 c->st->quiz.n_targets);
}

static const screen_field quiz_fields[] = {
	{"hint", hint_field},       {"highlights", highlights_field},
	{"found", found_field},     {"partial", partial_field},
	{"wrong", wrong_field},     {"answers_shown", answers_shown_field},
	{NULL, NULL}};
static const screen_field result_fields[] = {{"score", score_field}, {NULL, NULL}};

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
	c->state->quiz_other = (quiz_state){0};
	c->state->quiz_ready = false;
	c->state->show_answers = false;
}

/* The words of the other language, with the highlights made in it before
 * (each language keeps its own), and the actions found in the one left
 * counted as found here without showing their words. */
static void quiz_lang_changed(screen_ctx *c)
{
	app_state *st = c->state;
	/* A language the quiz lacks shows the Welsh words again: nothing to
	 * swap (the highlights stay as they are). */
	if (!st->quiz_ready || quiz_lang(c->content, st->lang) == st->quiz_lang)
		return;
	quiz_state before = st->quiz;
	bool shown = st->show_answers;
	quiz_prepare(c);
	quiz_restore(&st->quiz, &st->quiz_other);
	quiz_credit(&st->quiz, &before);
	st->quiz_other = before;
	st->show_answers = shown;
}

const screen_def screen_quiz = {.name = "quiz", .build = quiz_build, .action = quiz_action,
				.pointer = quiz_pointer, .enter = quiz_enter, .leave = quiz_leave,
				.lang_changed = quiz_lang_changed, .next_change = quiz_next_change,
				.fields = quiz_fields, .visit_doc = "learning",
				.visit_page = 2};
const screen_def screen_quiz_result = {.name = "quiz-result", .build = quiz_build,
				       .action = quiz_action, .enter = result_enter,
				       .leave = quiz_leave, .lang_changed = quiz_lang_changed,
				       .fields = result_fields, .visit_doc = "learning",
				       .visit_page = 3};
