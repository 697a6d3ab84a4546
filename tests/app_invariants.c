#include "app_invariants.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 3, 4))) static int broken(char *why, size_t size, const char *fmt,
							...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -1;
}

static bool on_quiz(screen_id sc)
{
	return sc == SCREEN_QUIZ || sc == SCREEN_QUIZ_RESULT;
}

/* Highlights within the words, sorted, disjoint (quiz.h: separate strokes
 * may touch); targets within the words. */
static int check_quiz(app *a, char *why, size_t size)
{
	app_insides in = app_inside(a);
	const quiz_state *q = &in.st->quiz;
	if (q->n_words != in.words->n)
		return broken(why, size, "the quiz has %zu words, the paragraph %zu", q->n_words,
			      in.words->n);
	if (q->n_highlights > QUIZ_MAX_HIGHLIGHTS || q->n_targets > QUIZ_MAX_TARGETS ||
	    q->n_targets > CONTENT_QUIZ_TARGETS)
		return broken(why, size, "%zu highlights, %zu targets", q->n_highlights, q->n_targets);
	for (size_t i = 0; i < q->n_highlights; i++) {
		quiz_span h = q->highlight[i];
		if (h.first > h.last || h.last >= q->n_words)
			return broken(why, size, "highlight %zu is words %zu..%zu of %zu", i, h.first,
				      h.last, q->n_words);
		if (i > 0 && q->highlight[i - 1].last >= h.first)
			return broken(why, size, "highlights %zu and %zu overlap", i - 1, i);
	}
	for (size_t t = 0; t < q->n_targets; t++)
		if (q->target[t].first > q->target[t].last || q->target[t].last >= q->n_words)
			return broken(why, size, "target %zu is outside the words", t);
	unsigned found = quiz_found(q, NULL);
	if (q->n_targets < sizeof found * 8 && found >> q->n_targets)
		return broken(why, size, "found bits 0x%x beyond %zu targets", found, q->n_targets);
	const pointer_state *p = in.ptr;
	if (p->g.down && p->on_word && (p->word0 >= in.words->n || p->word1 >= in.words->n))
		return broken(why, size, "the stroke is on words %zu..%zu of %zu", p->word0, p->word1,
			      in.words->n);
	return 0;
}

/* What scripts see agrees with the state: highlights, found, score, scroll. */
static int check_fields(app *a, char *why, size_t size)
{
	app_insides in = app_inside(a);
	const quiz_state *q = &in.st->quiz;
	char buf[128];
	if (app_field(a, "highlights", buf, sizeof buf) != 0 ||
	    strtoul(buf, NULL, 10) != q->n_highlights)
		return broken(why, size, "highlights=%s but %zu highlights", buf, q->n_highlights);

	unsigned found = quiz_found(q, NULL);
	size_t n_found = 0;
	for (size_t t = 0; t < q->n_targets; t++)
		n_found += (found >> t) & 1u;
	app_field(a, "found", buf, sizeof buf);
	size_t listed = 0;
	int seen[QUIZ_MAX_TARGETS];
	if (strcmp(buf, "none") != 0) {
		for (char *p = buf, *end; *p; p = *end ? end + 1 : end) {
			long id = strtol(p, &end, 10);
			bool known = false;
			for (size_t t = 0; t < q->n_targets; t++)
				known |= q->target_id[t] == id && ((found >> t) & 1u);
			for (size_t i = 0; i < listed; i++)
				if (seen[i] == id)
					known = false;
			if (end == p || !known || listed == QUIZ_MAX_TARGETS)
				return broken(why, size, "found=%s: not the found targets' ids, once each",
					      buf);
			seen[listed++] = (int)id;
		}
	}
	if (listed != n_found || n_found > CONTENT_QUIZ_TARGETS)
		return broken(why, size, "found=%s but %zu targets found", buf, n_found);

	app_field(a, "score", buf, sizeof buf);
	char want[32] = "none";
	if (in.st->screen == SCREEN_QUIZ_RESULT)
		snprintf(want, sizeof want, "%zu/%zu", n_found, q->n_targets);
	if (strcmp(buf, want) != 0)
		return broken(why, size, "score=%s, not %s", buf, want);

	app_field(a, "scroll", buf, sizeof buf);
	char *end;
	double shown = strtod(buf, &end);
	if (*end || shown != roundf(in.st->scroll))
		return broken(why, size, "scroll=%s but the offset is %g", buf,
			      (double)in.st->scroll);
	return 0;
}

/* Whether the view has a button for action. */
static bool has_button(app *a, int action)
{
	view *v = app_inside(a).view;
	for (size_t i = 0; i < view_count(v); i++) {
		const view_item *it = view_get(v, i);
		if (it->kind == ITEM_BUTTON && it->action == action)
			return true;
	}
	return false;
}

/* Reading aloud (docs/speech.md): the fields scripts see agree with the
 * state; only the leaflet, the learning page and the quiz read aloud, and
 * only in a language with a voice; the controls shown are the state's; a
 * word is marked only while reading, with its band shown. */
static int check_listen(app *a, char *why, size_t size)
{
	app_insides in = app_inside(a);
	const app_state *st = in.st;
	const listen_state *l = &in.voice->ls;
	char speaking[32], word[256];
	if (app_field(a, "speaking", speaking, sizeof speaking) != 0 ||
	    app_field(a, "spoken_word", word, sizeof word) != 0)
		return broken(why, size, "no speaking or spoken_word field");
	const char *want = l->mode == LISTEN_PLAYING ? "yes" : l->mode == LISTEN_PAUSED ? "paused" : "no";
	if (strcmp(speaking, want) != 0)
		return broken(why, size, "speaking=%s but the state says %s", speaking, want);
	bool reads_here = st->screen == SCREEN_LEAFLET || st->screen == SCREEN_LEARN ||
			  st->screen == SCREEN_QUIZ;
	bool can = voice_can(in.voice, in.content, st->lang);
	if (l->mode != LISTEN_OFF && (!reads_here || !can))
		return broken(why, size, "speaking=%s on %s in %s (voice: %s)", speaking,
			      in.screens[st->screen]->name, lang_code(st->lang), can ? "yes" : "no");
	if (strcmp(word, "none") != 0 && l->mode == LISTEN_OFF)
		return broken(why, size, "spoken_word=%s while nothing is read", word);
	bool listen = has_button(a, ACT_LISTEN), stop = has_button(a, ACT_LISTEN_STOP);
	if (listen != (reads_here && can && l->mode == LISTEN_OFF) ||
	    stop != (reads_here && can && l->mode != LISTEN_OFF))
		return broken(why, size, "Listen %s, Stop %s with speaking=%s on %s",
			      listen ? "shown" : "not shown", stop ? "shown" : "not shown", speaking,
			      in.screens[st->screen]->name);
	const screen_marks *m = in.marks;
	if (strcmp(word, "none") != 0 &&
	    (!m->band || m->band >= view_count(in.view) || view_get(in.view, m->band - 1)->hidden))
		return broken(why, size, "spoken_word=%s without its band", word);
	return 0;
}

#define STAFF_MINUTE_MS 60000u

int app_invariants_check(app *a, char *why, size_t size)
{
	app_insides in = app_inside(a);
	const app_state *st = in.st;
	char buf[64];
	if ((unsigned)st->screen >= SCREEN_COUNT || app_field(a, "screen", buf, sizeof buf) != 0)
		return broken(why, size, "no valid screen (%d)", (int)st->screen);
	int langs = in.content ? content_n_langs(in.content) : LANG_EN + 1;
	if (st->lang < 0 || st->lang >= langs)
		return broken(why, size, "language %d of %d", (int)st->lang, langs);
	if (in.content && (st->item >= content_n_items(in.content) ||
			   content_item_kind(in.content, st->item) != CONTENT_KIND_LEAFLET))
		return broken(why, size, "item %zu is not a leaflet of the catalogue", st->item);
	if (st->menu_page < 0)
		return broken(why, size, "menu page %d", st->menu_page);
	if (st->text_size < 0 || st->text_size >= TEXT_SIZES)
		return broken(why, size, "text size %d", st->text_size);
	if ((unsigned)st->overlay >= OVERLAY_COUNT)
		return broken(why, size, "overlay %d", (int)st->overlay);
	if (in.content && st->screen == SCREEN_LEAFLET &&
	    (st->page < 1 || st->page > screen_leaflet_pages(in.content, st->item, st->lang)))
		return broken(why, size, "leaflet page %d of %d", st->page,
			      screen_leaflet_pages(in.content, st->item, st->lang));

	/* app_field has rebuilt the view, so the region is the screen's. */
	SDL_FRect region = view_scroll_region(in.view);
	float max = view_content_height(in.view) - region.h;
	if (!isfinite(st->scroll) || st->scroll < 0 || st->scroll > (max > 0 ? max : 0) + 0.5f)
		return broken(why, size, "scroll %g outside 0..%g", (double)st->scroll, (double)max);
	/* Flick speeds are capped at a screen a frame; a screen a millisecond
	 * is a looser bound that needs no copy of the frame time. */
	if (!isfinite(*in.scroll_velocity) || fabsf(*in.scroll_velocity) > (float)in.h)
		return broken(why, size, "scroll speed %g px/ms", (double)*in.scroll_velocity);
	const gesture *g = &in.ptr->g;
	if (g->down && !(isfinite(g->first.x) && isfinite(g->first.y) && isfinite(g->last.x) &&
			 isfinite(g->last.y) && isfinite(g->vx) && isfinite(g->vy)))
		return broken(why, size, "the finger is at (%g, %g) from (%g, %g), speed (%g, %g)",
			      (double)g->last.x, (double)g->last.y, (double)g->first.x,
			      (double)g->first.y, (double)g->vx, (double)g->vy);

	if (!on_quiz(st->screen) && (st->quiz_ready || st->quiz.n_highlights ||
				     st->quiz_other.n_highlights || st->show_answers))
		return broken(why, size, "quiz state on a screen that is not the quiz's");
	if (st->screen == SCREEN_QUIZ_RESULT && in.content && !st->quiz_ready)
		return broken(why, size, "a quiz result without a quiz");
	if (st->quiz_ready && check_quiz(a, why, size) != 0)
		return -1;
	if (check_fields(a, why, size) != 0)
		return -1;
	if (check_listen(a, why, size) != 0)
		return -1;

	if (st->overlay == OVERLAY_IDLE_WARNING &&
	    (st->screen == SCREEN_WELCOME || in.idle->phase != IDLE_WARNING))
		return broken(why, size, "the idle warning shows on %s, the timer is %s", buf,
			      in.idle->phase == IDLE_WARNING ? "warning" : "not warning");
	/* A staff screen closes itself a minute after the last touch, its
	 * warning included, whatever the config says for visitors. */
	if (in.screens[st->screen]->staff &&
	    in.idle->timeout_ms + in.idle->warning_ms != STAFF_MINUTE_MS)
		return broken(why, size, "%s closes %llu ms after the last touch, not a minute", buf,
			      (unsigned long long)(in.idle->timeout_ms + in.idle->warning_ms));
	if (st->overlay == OVERLAY_STAFF_PIN && !config_has_pin(&in.opts->config))
		return broken(why, size, "the staff PIN overlay with no PIN configured");
	size_t pin_len = strnlen(st->pin, sizeof st->pin);
	if (pin_len == sizeof st->pin || strspn(st->pin, "0123456789") != pin_len)
		return broken(why, size, "the PIN typed so far is not digits");
	if (view_count(in.view) == 0)
		return broken(why, size, "an empty view: a blank screen");

	/* Only a button is drawn pressed, and only under a finger. */
	const view_item *pressed = view_pressed(in.view);
	if (pressed && (pressed->kind != ITEM_BUTTON || !g->down))
		return broken(why, size, "an item of kind %d drawn pressed, the finger %s",
			      (int)pressed->kind, g->down ? "down" : "up");
	/* A page moved sideways is under a finger or settling (a frame due),
	 * and never further than a few widths. */
	char *end;
	if (app_field(a, "page_offset", buf, sizeof buf) != 0)
		return broken(why, size, "no page_offset field");
	double across = strtod(buf, &end);
	if (*end || !(fabs(across) <= 3.0 * in.w))
		return broken(why, size, "the page is drawn %s px across", buf);
	/* (Not now + 16: at the clock's last value, a fuzzed script's
	 * UINT64_MAX, that sum wraps to 15.) */
	uint64_t next = app_next_deadline(a);
	if (across != 0 && !g->down && next > *in.now && next - *in.now > 16)
		return broken(why, size, "the page rests %s px across", buf);
	return 0;
}
