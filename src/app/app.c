/* The application: owns the fonts, content, view and state; turns input into
 * actions; keeps the idle timer; rebuilds the view when the state changes.
 * Each screen's look lives in its own screen_*.c. */
#include "app/app_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "content/plural.h"
#include "content/schema.h"
#include "text/fonts.h"

static const char *const screen_names[SCREEN_COUNT] = {
	[SCREEN_WELCOME] = "welcome", [SCREEN_MENU] = "menu",
	[SCREEN_LEAFLET] = "leaflet", [SCREEN_LEARN] = "learn",
	[SCREEN_QUIZ] = "quiz",       [SCREEN_QUIZ_RESULT] = "quiz-result",
};
static const char *const overlay_names[] = {"none", "idle-warning", "staff-pin", "contact"};
static const float text_scales[TEXT_SIZES] = {1.0f, 1.3f, 1.6f};

/* How far a finger may wander and still tap, at a 1080 px short side. */
#define TAP_SLOP 24.0f
/* Inertia: speed decays with this time constant; below MIN_SPEED it stops. */
#define INERTIA_TAU_MS 325.0f
#define INERTIA_MIN_SPEED 0.02f
/* A lift slower than this (px/ms) is a placed finger, not a flick. */
#define FLICK_MIN_SPEED 0.3f
/* No flick or glide moves faster than a screen height a frame: anything
 * faster is a glitch (or a bad event), and the eye could not follow it. */
#define MAX_SCROLL_SCREENS_PER_FRAME 1.0f
#define FRAME_MS 16
/* A position may lie at most this many screens beyond an edge: a finger
 * sliding off the glass still drags, but a wild value (a glitching panel
 * can report 1e30) must not become an endless scroll or speed. */
#define OFF_SCREEN_REACH 1.0f
/* The staff exit gesture: hold the top-left corner this long. */
#define STAFF_HOLD_MS 5000
/* The welcome prompt alternates languages this often. */
#define ATTRACT_PERIOD_MS 4000

/* ---- state ---- */

static void fresh_state(app *a)
{
	memset(&a->st, 0, sizeof a->st);
	a->st.screen = SCREEN_WELCOME;
	a->st.lang = LANG_CY;
	a->st.page = 1;
	a->st.overlay = OVERLAY_NONE;
	a->scroll_velocity = 0;
	a->corner_held = false;
	a->attract_t0 = a->now;
	a->attract_phase = 0;
	memset(&a->ptr, 0, sizeof a->ptr);
	a->n_words = 0;
}

static void mark_dirty(app *a)
{
	a->dirty = true;
	a->redraw = true;
}

static void relayout(app *a)
{
	a->m = view_metrics_for(a->w, a->h,
				a->opts.config.text_scale * text_scales[a->st.text_size]);
	text_engine_cache_clear(a->text);
	mark_dirty(a);
}

static bool has_glyph(void *ctx, uint32_t cp)
{
	return fonts_has_codepoint(ctx, cp);
}

int app_load_content(text_engine *eng, const char *dir, diag_list *diags, content **out)
{
	content *c;
	if (content_load(dir, diags, &c) != 0)
		return -1;
	if (content_check_glyphs(c, has_glyph, text_engine_fonts(eng), diags) != 0) {
		content_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

static int load_content(app *a, diag_list *diags)
{
	char shipped[4096];
	snprintf(shipped, sizeof shipped, "%s/assets/content", a->opts.data_dir);
	const char *wanted = a->opts.config.content_dir[0] ? a->opts.config.content_dir : shipped;
	if (app_load_content(a->text, wanted, diags, &a->content) == 0)
		return 0;
	if (wanted != shipped) {
		LOG(LOG_ERROR, "content in %s is invalid; showing the shipped content", wanted);
		if (app_load_content(a->text, shipped, diags, &a->content) == 0)
			return 0;
	}
	LOG(LOG_ERROR, "the shipped content in %s is unusable; showing out of order", shipped);
	a->content = NULL;
	return -1;
}

int app_new(const app_options *opts, diag_list *diags, app **out)
{
	app *a = calloc(1, sizeof *a);
	if (!a)
		return -1;
	a->opts = *opts;
	char fonts_dir[4096];
	snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", opts->data_dir);
	if (text_engine_new(fonts_dir, diags, &a->text) != 0) {
		free(a);
		return -1;
	}
	a->view = view_new();
	a->reload = reload_new();
	if (!a->view || !a->reload) {
		view_free(a->view);
		reload_free(a->reload);
		text_engine_free(a->text);
		free(a);
		return -1;
	}
	load_content(a, diags);
	a->generation = 1;
	idle_init(&a->idle, opts->config.idle_timeout, opts->config.warning_seconds, 0);
	fresh_state(a);
	a->w = 1080;
	a->h = 1920;
	relayout(a);
	*out = a;
	return 0;
}

void app_free(app *a)
{
	if (!a)
		return;
	view_free(a->view);
	glyph_atlas_free(a->atlas);
	content_free(a->content);
	content_free(a->staged);
	reload_free(a->reload);
	text_engine_free(a->text);
	free(a->word_start);
	free(a->word_end);
	free(a);
}

int app_attach_renderer(app *a, SDL_Renderer *r, int w, int h)
{
	glyph_atlas_free(a->atlas);
	a->atlas = NULL;
	a->renderer = r;
	if (r && glyph_atlas_new(r, &a->atlas) != 0)
		return -1;
	app_resize(a, w, h);
	return 0;
}

/* The block of the reading text at the top of the scroll region, so a
 * language or size change can bring the same paragraph back to the top. */
static size_t reading_anchor(const app *a)
{
	if (!a->reading || a->st.scroll <= 0)
		return SIZE_MAX;
	SDL_FRect region = view_scroll_region(a->view);
	size_t n = text_layout_line_count(a->reading);
	for (size_t i = 0; i < n; i++) {
		text_line line;
		text_layout_line(a->reading, i, &line);
		if (a->reading_y + line.y + line.height > region.y + a->st.scroll)
			return line.block;
	}
	return SIZE_MAX;
}

/* Written so that NaN fails every test and lands on 0: a NaN offset would
 * draw nothing and hit-test nothing until the next screen. */
static void clamp_scroll(app *a)
{
	SDL_FRect region = view_scroll_region(a->view);
	float max = view_content_height(a->view) - region.h;
	if (!(max > 0))
		max = 0;
	if (!(a->st.scroll >= 0))
		a->st.scroll = 0;
	if (a->st.scroll > max)
		a->st.scroll = max;
}

static void set_velocity(app *a, float v)
{
	float limit = MAX_SCROLL_SCREENS_PER_FRAME * (float)a->h / FRAME_MS;
	a->scroll_velocity = isfinite(v) ? fmaxf(-limit, fminf(v, limit)) : 0;
}

static void build_view(app *a);

static void restore_anchor(app *a, size_t block)
{
	build_view(a);
	if (block == SIZE_MAX || !a->reading) {
		a->st.scroll = 0;
		return;
	}
	SDL_FRect region = view_scroll_region(a->view);
	size_t n = text_layout_line_count(a->reading);
	for (size_t i = 0; i < n; i++) {
		text_line line;
		text_layout_line(a->reading, i, &line);
		if (line.block == block) {
			a->st.scroll = a->reading_y + line.y - region.y;
			break;
		}
	}
	clamp_scroll(a);
}

void app_draw_into(app *a, SDL_Surface *s)
{
	if (a->atlas)
		glyph_atlas_set_surface(a->atlas, s);
}

void app_resize(app *a, int w, int h)
{
	if (w < 1 || h < 1)
		return;
	size_t anchor = reading_anchor(a);
	a->w = w;
	a->h = h;
	/* A glide measured on the old layout means nothing on the new one. */
	a->scroll_velocity = 0;
	relayout(a);
	restore_anchor(a, anchor);
}

/* ---- strings ---- */

/* The section of a declared field, or NULL after logging a lookup the
 * schema does not declare. */
static const content_section *declared(app *a, lang_id lang, const char *file,
				       const char *section, const char *key, bool plural)
{
	int i = schema_find(file, section, key);
	if (i < 0 || schema_fields[i].plural != plural) {
		LOG(LOG_ERROR, "a screen asked for %s[%s] @%s, which the content schema %s", file,
		    section, key, i < 0 ? "does not declare" : plural ? "declares without a count"
								     : "declares with a count");
		a->undeclared_asks++;
		return NULL;
	}
	a->fields_asked[lang] |= UINT64_C(1) << i;
	return a->content ? content_get_section(a->content, lang, file, section) : NULL;
}

const char *app_str(app *a, lang_id lang, const char *file, const char *section,
		    const char *key)
{
	const content_section *s = declared(a, lang, file, section, key, false);
	const char *v = s ? content_section_field(s, key) : NULL;
	return v ? v : "";
}

const char *app_plural(app *a, lang_id lang, const char *file, const char *section,
		       const char *key, long count)
{
	const content_section *s = declared(a, lang, file, section, key, true);
	const char *v = s ? plural_pick(content_plural_rules(a->content), lang, s, key, count) : NULL;
	return v ? v : "";
}

void app_format(char *buf, size_t size, const char *tmpl, const char *name, const char *value)
{
	char pattern[64];
	snprintf(pattern, sizeof pattern, "{%s}", name);
	size_t plen = strlen(pattern), used = 0;
	buf[0] = '\0';
	while (*tmpl && used + 1 < size) {
		if (strncmp(tmpl, pattern, plen) == 0) {
			int n = snprintf(buf + used, size - used, "%s", value);
			used += n > 0 ? (size_t)n : 0;
			if (used >= size)
				used = size - 1;
			tmpl += plen;
		} else {
			buf[used++] = *tmpl++;
			buf[used] = '\0';
		}
	}
}

/* ---- layout helpers for screens ---- */

static text_params params_for(const app *a, float px, float width, text_align al)
{
	text_params p = {0};
	p.width = width;
	p.body_px = px;
	p.lang = a->st.lang;
	p.align = al;
	p.measure_cap = al == TEXT_ALIGN_LEFT ? 65 : 0;
	return p;
}

text_layout *app_text(app *a, const char *s, float px, unsigned flags, float width, text_align al)
{
	text_span span = {0, strlen(s), flags};
	text_block b = {TEXT_BLOCK_PARAGRAPH, 0, s, strlen(s), &span, flags ? 1 : 0};
	text_params p = params_for(a, px, width, al);
	p.measure_cap = 0;
	text_layout *l = NULL;
	if (text_engine_layout(a->text, &b, 1, &p, &l) != 0)
		return NULL;
	return l;
}

text_layout *app_blocks(app *a, const content_block *blocks, size_t n, float px, float width,
			float line_height)
{
	if (n == 0)
		return NULL;
	text_block *tb = calloc(n, sizeof *tb);
	size_t total_spans = 0;
	for (size_t i = 0; i < n; i++)
		total_spans += blocks[i].n_spans;
	text_span *spans = calloc(total_spans ? total_spans : 1, sizeof *spans);
	text_layout *l = NULL;
	if (tb && spans) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			const content_block *cb = &blocks[i];
			static const text_block_kind kinds[] = {
				[CONTENT_HEADING] = TEXT_BLOCK_HEADING,
				[CONTENT_PARAGRAPH] = TEXT_BLOCK_PARAGRAPH,
				[CONTENT_BULLET] = TEXT_BLOCK_BULLET,
				[CONTENT_NUMBERED] = TEXT_BLOCK_NUMBERED,
			};
			tb[i] = (text_block){kinds[cb->kind], cb->level, cb->text, cb->len,
					     spans + k, cb->n_spans};
			for (size_t j = 0; j < cb->n_spans; j++) {
				unsigned f = cb->spans[j].flags;
				spans[k++] = (text_span){
					cb->spans[j].start, cb->spans[j].end,
					(f & CONTENT_BOLD ? TEXT_BOLD : 0u) |
						(f & CONTENT_ITALIC ? TEXT_ITALIC : 0u) |
						(f & CONTENT_LINK ? TEXT_LINK : 0u)};
			}
		}
		text_params p = params_for(a, px, width, TEXT_ALIGN_LEFT);
		p.line_height = line_height;
		if (text_engine_layout(a->text, tb, n, &p, &l) != 0)
			l = NULL;
	}
	free(spans);
	free(tb);
	return l;
}

view_item *app_add_text(app *a, text_layout *l, float x, float y, view_color ink, bool scrolls)
{
	if (!l)
		return NULL;
	view_item it = {.kind = ITEM_TEXT, .ink = ink, .text = l, .tx = x, .ty = y,
			.scrolls = scrolls};
	it.rect = (SDL_FRect){x, y, text_layout_width(l), text_layout_height(l)};
	view_item *added = view_add(a->view, &it);
	text_layout_unref(l);
	return added;
}

view_item *app_add_button(app *a, SDL_FRect r, const char *label, bool primary, int action, int arg)
{
	float pad = a->m.gap;
	text_layout *l = app_text(a, label, a->m.label_px, TEXT_BOLD, r.w - 2 * pad,
				  TEXT_ALIGN_CENTER);
	view_item it = {.kind = ITEM_BUTTON, .rect = r, .action = action, .arg = arg, .text = l};
	it.fill = primary ? COLOR_BUTTON : COLOR_SECONDARY;
	it.ink = primary ? COLOR_BUTTON_TEXT : COLOR_TEXT;
	it.outline = primary ? 0 : fmaxf(2.0f, 3.0f * a->m.unit);
	it.outline_color = COLOR_OUTLINE;
	if (l) {
		/* The layout is centred within its own width; centre that box. */
		it.tx = r.x + pad;
		it.ty = r.y + (r.h - text_layout_height(l)) / 2;
	}
	view_item *added = view_add(a->view, &it);
	if (l)
		text_layout_unref(l);
	return added;
}

void app_add_rect(app *a, SDL_FRect r, view_color fill, bool scrolls)
{
	view_item it = {.kind = ITEM_RECT, .rect = r, .fill = fill, .scrolls = scrolls};
	view_add(a->view, &it);
}

/* Width a button needs for its label. */
static float label_width(app *a, const char *label)
{
	text_layout *l = app_text(a, label, a->m.label_px, TEXT_BOLD, (float)a->w, TEXT_ALIGN_LEFT);
	float w = l ? text_layout_width(l) : 0;
	if (l)
		text_layout_unref(l);
	return w + 2 * a->m.gap + 2;
}

float app_add_top_bar(app *a)
{
	const view_metrics *m = &a->m;
	app_add_rect(a, (SDL_FRect){0, 0, (float)a->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float y = pad;
	const char *home = app_str(a, a->st.lang, "ui", "common", "home");
	float hw = label_width(a, home);
	app_add_button(a, (SDL_FRect){m->margin / 2, y, hw, m->button_h}, home, false, ACT_HOME, 0);

	/* The toggle is labelled with the other language's own name. */
	const char *other = app_str(a, lang_other(a->st.lang), "ui", "common", "language_name");
	float lw = label_width(a, other);
	float x = (float)a->w - m->margin / 2 - lw;
	app_add_button(a, (SDL_FRect){x, y, lw, m->button_h}, other, true, ACT_TOGGLE_LANG, 0);

	const char *size_label = app_str(a, a->st.lang, "ui", "common",
					 a->st.text_size + 1 < TEXT_SIZES ? "larger_text" : "smaller_text");
	float sw = label_width(a, size_label);
	app_add_button(a, (SDL_FRect){x - m->gap - sw, y, sw, m->button_h}, size_label, false,
		       ACT_TEXT_SIZE, 0);
	return m->bar_h;
}

void app_column(const app *a, float *x, float *w)
{
	float avail = (float)a->w - 2 * a->m.margin;
	/* The layout engine caps lines at about 65 characters; the column is
	 * centred on that cap so that wide screens keep a readable measure. */
	float cap = a->m.body_px * 0.52f * 65.0f;
	*w = avail < cap ? avail : cap;
	*x = ((float)a->w - *w) / 2;
}

void app_set_content_height(app *a, SDL_FRect region, float content_h)
{
	view_set_scroll_region(a->view, region, content_h);
	if (content_h <= region.h + 0.5f)
		return;
	const view_metrics *m = &a->m;
	float bar_w = 10 * m->unit;
	view_item bar = {.kind = ITEM_SCROLLBAR, .fill = COLOR_BAR, .outline_color = COLOR_OUTLINE,
			 .rect = {region.x + region.w - m->gap - bar_w, region.y + m->gap, bar_w,
				  region.h - 2 * m->gap}};
	view_add(a->view, &bar);

	/* The cue is a button: it must not let a tap through to the words it
	 * covers, and a tap on "More below" may as well show more. */
	char cue[256];
	snprintf(cue, sizeof cue, "%s \xe2\x86\x93", app_str(a, a->st.lang, "ui", "common", "scroll_more"));
	float x, w;
	app_column(a, &x, &w);
	text_layout *c = app_text(a, cue, m->body_px * 0.8f, TEXT_BOLD, w, TEXT_ALIGN_CENTER);
	if (!c)
		return;
	float ch = text_layout_height(c) + m->gap;
	float foot = region.y + region.h;
	view_item it = {.kind = ITEM_BUTTON, .fill = COLOR_PANEL, .ink = COLOR_MUTED, .text = c,
			.tx = x, .ty = foot - ch + m->gap / 2, .action = ACT_SCROLL_MORE,
			.until_end = true, .rect = {region.x, foot - ch, region.w, ch}};
	view_add(a->view, &it);
	text_layout_unref(c);
}

/* ---- building and drawing ---- */

static void build_out_of_order(app *a)
{
	/* The one text that cannot come from content: the content is what broke. */
	float x, w;
	app_column(a, &x, &w);
	text_layout *l = app_text(a, "Allan o drefn\nOut of order", a->m.body_px * 2, TEXT_BOLD, w,
				  TEXT_ALIGN_CENTER);
	if (l)
		app_add_text(a, l, x, ((float)a->h - text_layout_height(l)) / 2, COLOR_TEXT, false);
}

static void build_view(app *a)
{
	view_clear(a->view);
	a->reading = NULL;
	a->quiz_text = NULL;
	if (!a->content) {
		build_out_of_order(a);
	} else {
		switch (a->st.screen) {
		case SCREEN_WELCOME: screen_welcome_build(a); break;
		case SCREEN_MENU: screen_menu_build(a); break;
		case SCREEN_LEAFLET: screen_leaflet_build(a); break;
		case SCREEN_LEARN: screen_learn_build(a); break;
		case SCREEN_QUIZ:
		case SCREEN_QUIZ_RESULT: screen_quiz_build(a); break;
		case SCREEN_COUNT: break;
		}
		if (a->st.overlay != OVERLAY_NONE)
			overlay_build(a);
	}
	a->dirty = false;
}

int app_render(app *a)
{
	if (a->dirty)
		build_view(a);
	if (!a->renderer)
		return 0;
	SDL_Color bg = view_palette(COLOR_BACKGROUND);
	SDL_SetRenderDrawColor(a->renderer, bg.r, bg.g, bg.b, 255);
	SDL_RenderClear(a->renderer);
	int rc = view_draw(a->view, a->renderer, a->atlas, a->st.scroll);
	a->redraw = false;
	return rc;
}

bool app_needs_redraw(const app *a)
{
	return a->redraw || a->dirty;
}

bool app_quit_requested(const app *a)
{
	return a->quit;
}

void app_atlas_stats(const app *a, size_t *glyphs, size_t *bytes)
{
	*glyphs = *bytes = 0;
	if (a->atlas)
		glyph_atlas_stats(a->atlas, glyphs, bytes);
}

/* ---- usage figures (docs/stats.md) ---- */

static void visit_start(app *a)
{
	int64_t wall = a->opts.wall_time ? a->opts.wall_time(a->opts.wall_ctx, a->now)
					 : (int64_t)(a->now / 1000);
	session_begin(&a->visit, a->now, wall, a->st.lang);
}

static void visit_end(app *a, stats_end why)
{
	stats_session s;
	/* A full queue is logged by stats; the visitor sees nothing. */
	if (session_end(&a->visit, a->now, why, &s) && a->opts.stats)
		stats_record_session(a->opts.stats, &s);
}

/* The learning page, the quiz and its result count as pages 1-3 of "learning". */
static void visit_screen(app *a, screen_id s)
{
	if (s == SCREEN_LEAFLET)
		session_page(&a->visit, "child-practice-reviews", a->st.page);
	else if (s == SCREEN_LEARN || s == SCREEN_QUIZ || s == SCREEN_QUIZ_RESULT)
		session_page(&a->visit, "learning", s == SCREEN_LEARN ? 1 : s == SCREEN_QUIZ ? 2 : 3);
}

/* Scores only: which words were highlighted is never kept. */
static void visit_check(app *a)
{
	bool ok[QUIZ_MAX_HIGHLIGHTS];
	unsigned found = quiz_found(&a->st.quiz, ok);
	int n = 0, wrong = 0;
	for (size_t i = 0; i < a->st.quiz.n_targets; i++)
		n += (found >> i) & 1u;
	for (size_t h = 0; h < a->st.quiz.n_highlights; h++)
		wrong += !ok[h];
	session_quiz_checked(&a->visit, n, 0, wrong);
}

/* ---- navigation ---- */

static void go(app *a, screen_id s)
{
	visit_screen(a, s);
	if (s == SCREEN_QUIZ && a->st.screen != SCREEN_QUIZ_RESULT)
		screen_quiz_prepare(a);
	a->st.screen = s;
	a->st.scroll = 0;
	a->scroll_velocity = 0;
	mark_dirty(a);
}

/* Back to the welcome screen for the next visitor. */
static void reset(app *a, stats_end why)
{
	LOG(LOG_INFO, why == STATS_END_IDLE ? "idle reset" : "the visitor ended the visit");
	visit_end(a, why);
	fresh_state(a);
	idle_init(&a->idle, a->opts.config.idle_timeout, a->opts.config.warning_seconds, a->now);
	relayout(a);
	app_reload_step(a, true);
}

static void toggle_lang(app *a)
{
	size_t anchor = reading_anchor(a);
	quiz_state before = a->st.quiz;
	bool had_quiz = a->st.quiz_ready;
	a->st.lang = lang_other(a->st.lang);
	session_lang(&a->visit, a->st.lang);
	if (had_quiz) {
		screen_quiz_prepare(a);
		quiz_carry_over(&a->st.quiz, &before);
	}
	relayout(a);
	restore_anchor(a, anchor);
}

/* The typed PIN: the exit, or "Wrong PIN" and a fresh start. */
static void submit_pin(app *a)
{
	if (config_pin_matches(&a->opts.config, a->st.pin)) {
		LOG(LOG_INFO, "staff exit");
		a->quit = true;
	}
	a->st.pin[0] = '\0';
	a->st.pin_wrong = !a->quit;
}

static void do_action(app *a, int action, int arg)
{
	switch ((action_id)action) {
	case ACT_NONE: break;
	case ACT_CHOOSE_LANG:
		a->st.lang = arg == LANG_EN ? LANG_EN : LANG_CY;
		visit_start(a);
		relayout(a);
		go(a, SCREEN_MENU);
		break;
	case ACT_TOGGLE_LANG: toggle_lang(a); break;
	case ACT_TEXT_SIZE: {
		size_t anchor = reading_anchor(a);
		a->st.text_size = (a->st.text_size + 1) % TEXT_SIZES;
		session_text_size(&a->visit, a->st.text_size > 0);
		relayout(a);
		restore_anchor(a, anchor);
		break;
	}
	case ACT_HOME:
		/* Home on the menu is the visitor's way of saying "done". */
		if (a->st.screen == SCREEN_MENU) {
			reset(a, STATS_END_VISITOR);
			break;
		}
		quiz_clear(&a->st.quiz);
		a->st.quiz_ready = false;
		a->st.show_answers = false;
		go(a, SCREEN_MENU);
		app_reload_step(a, true); /* the visitor's session is over */
		break;
	case ACT_OPEN:
		if (arg == SCREEN_LEAFLET)
			a->st.page = 1;
		if (arg >= 0 && arg < SCREEN_COUNT)
			go(a, (screen_id)arg);
		break;
	case ACT_PAGE: {
		int page = a->st.page + arg;
		if (page >= 1 && page <= screen_leaflet_pages(a)) {
			a->st.page = page;
			go(a, SCREEN_LEAFLET);
		}
		break;
	}
	case ACT_CHECK:
		visit_check(a);
		go(a, SCREEN_QUIZ_RESULT);
		break;
	case ACT_SCROLL_MORE: {
		/* Most of a screenful, as a glide (the flick's inertia) so that
		 * the eye can follow where the text went. With the decay of
		 * step_inertia, the distance covered is about v * FRAME_MS /
		 * (1 - decay per frame). */
		float page = 0.8f * view_scroll_region(a->view).h;
		float decay = expf(-(float)FRAME_MS / INERTIA_TAU_MS);
		set_velocity(a, page * (1 - decay) / FRAME_MS);
		a->anim_last = a->now;
		break;
	}
	case ACT_SHOW_ANSWERS:
		a->st.show_answers = !a->st.show_answers;
		mark_dirty(a);
		break;
	case ACT_TRY_AGAIN:
		quiz_clear(&a->st.quiz);
		a->st.show_answers = false;
		go(a, SCREEN_QUIZ);
		break;
	case ACT_CONTINUE:
		a->st.overlay = OVERLAY_NONE;
		mark_dirty(a);
		break;
	case ACT_PIN_DIGIT: {
		size_t len = strlen(a->st.pin);
		if (len + 1 < sizeof a->st.pin) {
			a->st.pin[len] = (char)('0' + arg);
			a->st.pin[len + 1] = '\0';
		}
		a->st.pin_wrong = false;
		/* A clear PIN is checked as soon as it is long enough; a hashed
		 * one's length is unknown, so the Exit key submits it. */
		if (strlen(a->st.pin) == config_pin_digits(&a->opts.config))
			submit_pin(a);
		mark_dirty(a);
		break;
	}
	case ACT_PIN_ENTER:
		if (a->st.pin[0])
			submit_pin(a);
		mark_dirty(a);
		break;
	case ACT_PIN_DELETE: {
		size_t len = strlen(a->st.pin);
		if (len)
			a->st.pin[len - 1] = '\0';
		mark_dirty(a);
		break;
	}
	case ACT_PIN_CANCEL:
		a->st.overlay = OVERLAY_NONE;
		a->st.pin[0] = '\0';
		a->st.pin_wrong = false;
		mark_dirty(a);
		break;
	case ACT_CARD_SHOW:
	case ACT_CARD_URL:
	case ACT_CARD_CLOSE: card_action(a, action, arg); break;
	}
}

int app_open(app *a, const char *screen, lang_id lang)
{
	char name[32];
	int page = 1;
	if (strncmp(screen, "contact:", strlen("contact:")) == 0)
		return card_open(a, screen + strlen("contact:"), lang);
	const char *colon = strchr(screen, ':');
	size_t len = colon ? (size_t)(colon - screen) : strlen(screen);
	if (len >= sizeof name)
		return -1;
	memcpy(name, screen, len);
	name[len] = '\0';
	if (colon) {
		char *end;
		long p = strtol(colon + 1, &end, 10);
		if (*end || end == colon + 1 || p < 1 || p > 1000)
			return -1;
		page = (int)p;
	}
	int id = -1;
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (strcmp(name, screen_names[i]) == 0)
			id = i;
	if (id < 0 || (colon && id != SCREEN_LEAFLET))
		return -1;
	fresh_state(a);
	a->st.lang = lang;
	if (id == SCREEN_LEAFLET) {
		if (a->content && page > screen_leaflet_pages(a))
			return -1;
		a->st.page = page;
	}
	if (id != SCREEN_WELCOME)
		visit_start(a);
	relayout(a);
	if (id == SCREEN_QUIZ_RESULT)
		screen_quiz_prepare(a);
	go(a, (screen_id)id);
	return 0;
}

/* ---- input ---- */

static bool scrollable(const app *a)
{
	SDL_FRect region = view_scroll_region(a->view);
	return view_content_height(a->view) > region.h + 0.5f;
}

static bool in_staff_corner(const app *a, float x, float y)
{
	float size = a->m.bar_h * 0.75f;
	return x < size && y < size;
}

static void pointer(app *a, int phase, float x, float y)
{
	pointer_state *p = &a->ptr;
	float slop = TAP_SLOP * a->m.unit;
	if (a->dirty)
		build_view(a);

	if (phase == POINTER_DOWN) {
		*p = (pointer_state){.down = true, .x0 = x, .y0 = y, .x = x, .y = y, .t0 = a->now,
				     .t = a->now};
		if (config_has_pin(&a->opts.config) && a->st.overlay == OVERLAY_NONE &&
		    in_staff_corner(a, x, y)) {
			a->corner_held = true;
			a->corner_since = a->now;
		}
		const view_item *b = view_button_at(a->view, x, y, a->st.scroll);
		if (b) {
			p->pressed = b;
			p->pressed_action = b->action;
			p->pressed_arg = b->arg;
			p->gesture = GESTURE_TAP;
		} else if (a->st.overlay == OVERLAY_NONE && a->st.screen == SCREEN_QUIZ &&
			   screen_quiz_pointer(a, POINTER_DOWN, x, y)) {
			p->gesture = GESTURE_HIGHLIGHT;
		}
		return;
	}
	if (!p->down)
		return;

	float dt = (float)(a->now - p->t);
	if (dt > 0)
		p->vy = 0.6f * ((p->y - y) / dt) + 0.4f * p->vy;
	float dx = x - p->x0, dy = y - p->y0;
	bool moved = fabsf(dx) > slop || fabsf(dy) > slop;
	if (moved)
		a->corner_held = false;

	if (p->gesture == GESTURE_HIGHLIGHT) {
		screen_quiz_pointer(a, phase, x, y);
	} else if (moved && (p->gesture == GESTURE_UNDECIDED || p->gesture == GESTURE_TAP) &&
		   a->st.overlay == OVERLAY_NONE) {
		if (fabsf(dx) > fabsf(dy) && a->st.screen == SCREEN_LEAFLET) {
			p->gesture = GESTURE_SWIPE;
		} else if (scrollable(a)) {
			/* The page follows the finger from where it touched
			 * down, not from where the move became a scroll. */
			p->gesture = GESTURE_SCROLL;
			p->y = p->y0;
		} else
			p->gesture = GESTURE_UNDECIDED;
		p->pressed = NULL;
	}
	if (p->gesture == GESTURE_SCROLL) {
		a->st.scroll += p->y - y;
		clamp_scroll(a);
		a->redraw = true;
	}
	p->x = x;
	p->y = y;
	p->t = a->now;

	if (phase != POINTER_UP)
		return;
	p->down = false;
	a->corner_held = false;
	if (p->gesture == GESTURE_TAP && p->pressed) {
		const view_item *b = view_button_at(a->view, x, y, a->st.scroll);
		if (b && b->action == p->pressed_action && b->arg == p->pressed_arg)
			do_action(a, p->pressed_action, p->pressed_arg);
	} else if (p->gesture == GESTURE_SWIPE) {
		if (fabsf(dx) > 0.12f * (float)a->w)
			do_action(a, ACT_PAGE, dx < 0 ? +1 : -1);
	} else if (p->gesture == GESTURE_SCROLL && fabsf(p->vy) > FLICK_MIN_SPEED * a->m.unit) {
		set_velocity(a, p->vy);
		a->anim_last = a->now;
	} else if (p->gesture == GESTURE_UNDECIDED && !moved) {
		card_tap(a, x, y); /* a link, or outside the contact card */
	}
}

static void key(app *a, const SDL_KeyboardEvent *k)
{
	SDL_Keymod mod = k->keysym.mod;
	SDL_Keycode sym = k->keysym.sym;
	if (sym == SDLK_q && (mod & KMOD_CTRL) && (mod & KMOD_ALT)) {
		LOG(LOG_INFO, "Ctrl+Alt+Q: exit");
		a->quit = true;
		return;
	}
	if (!a->opts.kiosk && sym == SDLK_ESCAPE) {
		a->quit = true;
		return;
	}
	if (a->st.overlay != OVERLAY_NONE)
		return;
	/* Keyboard paging helps staff checking content on a desktop. */
	if (a->st.screen == SCREEN_LEAFLET && (sym == SDLK_RIGHT || sym == SDLK_PAGEDOWN))
		do_action(a, ACT_PAGE, +1);
	else if (a->st.screen == SCREEN_LEAFLET && (sym == SDLK_LEFT || sym == SDLK_PAGEUP))
		do_action(a, ACT_PAGE, -1);
}

static float clamp_coord(float v, int size)
{
	float reach = OFF_SCREEN_REACH * (float)size;
	return fmaxf(-reach, fminf(v, (float)size + reach));
}

/* Every kind of input restarts the idle timer; a touch that dismisses the
 * warning does nothing else, so the visitor stays exactly where they were. */
static bool note_input(app *a)
{
	bool dismissed = idle_input(&a->idle, a->now);
	session_input(&a->visit, a->now);
	if (a->st.overlay == OVERLAY_IDLE_WARNING) {
		a->st.overlay = OVERLAY_NONE;
		mark_dirty(a);
		return true;
	}
	return dismissed;
}

void app_handle_event(app *a, const SDL_Event *e, uint64_t now)
{
	if (now > a->now)
		a->now = now;
	float x, y;
	int phase;
	switch (e->type) {
	case SDL_FINGERDOWN:
	case SDL_FINGERMOTION:
	case SDL_FINGERUP:
		/* One finger at a time: a second finger must not start a
		 * second gesture. */
		if (e->type != SDL_FINGERDOWN && (!a->ptr.down || e->tfinger.fingerId != a->ptr.finger))
			return;
		if (e->type == SDL_FINGERDOWN && a->ptr.down)
			return;
		x = e->tfinger.x * (float)a->w;
		y = e->tfinger.y * (float)a->h;
		if (!isfinite(x) || !isfinite(y) || !isfinite(e->tfinger.pressure)) {
			/* Dropped, except that a lift still ends the touch where
			 * the finger last was: a lost lift would leave the kiosk
			 * deaf to every touch until the idle warning. */
			LOG(LOG_DEBUG, "a touch at a non-finite position or pressure: %s",
			    e->type == SDL_FINGERUP ? "lifted where it last was" : "dropped");
			if (e->type != SDL_FINGERUP)
				return;
			x = a->ptr.x;
			y = a->ptr.y;
		}
		phase = e->type == SDL_FINGERDOWN ? POINTER_DOWN
			: e->type == SDL_FINGERUP ? POINTER_UP : POINTER_MOVE;
		a->cursor_hidden = true;
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		/* Touches arrive as finger events; SDL's synthetic mouse
		 * copies would count every tap twice. */
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
			return;
		x = (float)e->button.x;
		y = (float)e->button.y;
		phase = e->type == SDL_MOUSEBUTTONDOWN ? POINTER_DOWN : POINTER_UP;
		break;
	case SDL_MOUSEMOTION:
		if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
			return;
		x = (float)e->motion.x;
		y = (float)e->motion.y;
		phase = POINTER_MOVE;
		break;
	case SDL_KEYDOWN:
		note_input(a);
		key(a, &e->key);
		return;
	case SDL_QUIT:
		if (!a->opts.kiosk)
			a->quit = true;
		return;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_CLOSE && !a->opts.kiosk)
			a->quit = true;
		if (e->window.event == SDL_WINDOWEVENT_EXPOSED)
			a->redraw = true;
		return;
	default:
		return;
	}
	x = clamp_coord(x, a->w);
	y = clamp_coord(y, a->h);
	if (phase == POINTER_DOWN) {
		a->ptr.consumed = false;
		if (note_input(a)) {
			a->ptr.consumed = true;
			return;
		}
		pointer(a, phase, x, y);
		if (e->type == SDL_FINGERDOWN)
			a->ptr.finger = e->tfinger.fingerId;
		return;
	}
	note_input(a);
	if (a->ptr.consumed) {
		if (phase == POINTER_UP)
			a->ptr.consumed = false;
		return;
	}
	pointer(a, phase, x, y);
}

/* ---- time ---- */

static void step_inertia(app *a)
{
	/* anim_last never passes now; the difference cannot wrap round. */
	while (a->scroll_velocity != 0 && a->now - a->anim_last >= FRAME_MS) {
		a->anim_last += FRAME_MS;
		a->st.scroll += a->scroll_velocity * FRAME_MS;
		a->scroll_velocity *= expf(-(float)FRAME_MS / INERTIA_TAU_MS);
		float before = a->st.scroll;
		clamp_scroll(a);
		if (fabsf(a->scroll_velocity) < INERTIA_MIN_SPEED || before != a->st.scroll)
			a->scroll_velocity = 0;
		a->redraw = true;
	}
}

void app_tick(app *a, uint64_t now)
{
	if (now > a->now)
		a->now = now;
	step_inertia(a);

	if (a->corner_held && a->ptr.down && a->now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_held = false;
		a->ptr = (pointer_state){0};
		a->st.overlay = OVERLAY_STAFF_PIN;
		a->st.pin[0] = '\0';
		mark_dirty(a);
	}

	bool on_welcome = a->st.screen == SCREEN_WELCOME;
	switch (idle_tick(&a->idle, a->now, on_welcome)) {
	case IDLE_NOTHING: break;
	case IDLE_SHOW_WARNING:
		a->st.overlay = OVERLAY_IDLE_WARNING;
		a->ptr = (pointer_state){0};
		a->scroll_velocity = 0;
		mark_dirty(a);
		break;
	case IDLE_COUNTDOWN: mark_dirty(a); break;
	case IDLE_RESET: reset(a, STATS_END_IDLE); break;
	}

	if (on_welcome && a->content) {
		int phase = (int)((a->now - a->attract_t0) / ATTRACT_PERIOD_MS % 2);
		if (phase != a->attract_phase) {
			a->attract_phase = phase;
			mark_dirty(a);
		}
	}
	app_reload_step(a, false);
}

/* A clock value plus a duration; saturating, so that a clock near
 * UINT64_MAX cannot wrap round into "already due" and spin the main loop. */
static uint64_t later(uint64_t t, uint64_t ms)
{
	return t > UINT64_MAX - ms ? UINT64_MAX : t + ms;
}

uint64_t app_next_change(const app *a)
{
	uint64_t next = idle_next_deadline(&a->idle, a->st.screen == SCREEN_WELCOME);
	if (a->scroll_velocity != 0 && later(a->anim_last, FRAME_MS) < next)
		next = later(a->anim_last, FRAME_MS);
	if (a->corner_held && later(a->corner_since, STAFF_HOLD_MS) < next)
		next = later(a->corner_since, STAFF_HOLD_MS);
	if (reload_next_deadline(a->reload) < next)
		next = reload_next_deadline(a->reload);
	return next;
}

uint64_t app_next_deadline(const app *a)
{
	uint64_t next = app_next_change(a);
	if (a->st.screen == SCREEN_WELCOME && a->content) {
		uint64_t done = (a->now - a->attract_t0) / ATTRACT_PERIOD_MS * ATTRACT_PERIOD_MS;
		uint64_t flip = later(later(a->attract_t0, done), ATTRACT_PERIOD_MS);
		if (flip < next)
			next = flip;
	}
	return next;
}

/* ---- introspection for scripts and tests ---- */

int app_field(app *a, const char *name, char *buf, size_t size)
{
	if (a->dirty)
		build_view(a);
	if (strcmp(name, "screen") == 0)
		snprintf(buf, size, "%s", screen_names[a->st.screen]);
	else if (strcmp(name, "lang") == 0)
		snprintf(buf, size, "%s", lang_code(a->st.lang));
	else if (strcmp(name, "page") == 0)
		snprintf(buf, size, "%d", a->st.page);
	else if (strcmp(name, "overlay") == 0)
		snprintf(buf, size, "%s", overlay_names[a->st.overlay]);
	else if (strcmp(name, "highlights") == 0)
		snprintf(buf, size, "%zu", a->st.quiz.n_highlights);
	else if (strcmp(name, "found") == 0)
		quiz_found_string(&a->st.quiz, buf, size);
	else if (strcmp(name, "score") == 0) {
		if (a->st.screen != SCREEN_QUIZ_RESULT) {
			snprintf(buf, size, "none");
		} else {
			unsigned found = quiz_found(&a->st.quiz, NULL);
			int n = 0;
			for (size_t i = 0; i < a->st.quiz.n_targets; i++)
				n += (found >> i) & 1u;
			snprintf(buf, size, "%d/%zu", n, a->st.quiz.n_targets);
		}
	} else if (strcmp(name, "text_size") == 0)
		snprintf(buf, size, "%.1f", (double)text_scales[a->st.text_size]);
	else if (strcmp(name, "scroll") == 0)
		/* "%.0f" says nan or inf rather than hiding them as 0; adding
		 * 0.0 turns -0 into 0. */
		snprintf(buf, size, "%.0f", (double)roundf(a->st.scroll) + 0.0);
	else if (strcmp(name, "session") == 0) {
		/* Sessions committed: wait for the writer first, so that a
		 * script reads the same number on every run. */
		uint64_t n = 0;
		if (a->opts.stats) {
			stats_sync(a->opts.stats);
			n = stats_committed(a->opts.stats);
		}
		snprintf(buf, size, "%" PRIu64, n);
	} else if (strcmp(name, "qr") == 0)
		card_field(a, buf, size);
	else if (strcmp(name, "content_generation") == 0)
		snprintf(buf, size, "%u", a->generation);
	else
		return -1;
	return 0;
}

void app_describe(app *a, char *buf, size_t size)
{
	static const char *const fields[] = {"screen", "lang", "page", "overlay", "highlights",
					     "found", "score", "text_size", "scroll"};
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof fields / sizeof *fields && used < size; i++) {
		char v[64];
		app_field(a, fields[i], v, sizeof v);
		int n = snprintf(buf + used, size - used, "%s%s=%s", i ? " " : "", fields[i], v);
		used += n > 0 ? (size_t)n : 0;
	}
}

static bool visible(const app *a, const view_item *it, SDL_FRect r)
{
	if (r.x + r.w <= 0 || r.y + r.h <= 0 || r.x >= (float)a->w || r.y >= (float)a->h)
		return false;
	if (!it->scrolls)
		return true;
	SDL_FRect region = view_scroll_region(a->view);
	return r.y >= region.y - 1 && r.y + r.h <= region.y + region.h + 1;
}

int app_find_text(app *a, const char *needle, SDL_FRect *first, SDL_FRect *last)
{
	if (a->dirty)
		build_view(a);
	size_t nlen = strlen(needle);
	if (nlen == 0)
		return -1;
	/* Overlays are added last and cover what is below, so look there first. */
	for (size_t i = view_count(a->view); i-- > 0;) {
		const view_item *it = view_get(a->view, i);
		if (!it->text || it->hidden)
			continue;
		for (size_t b = 0; b < text_layout_block_count(it->text); b++) {
			size_t len;
			const char *text = text_layout_block_text(it->text, b, &len);
			for (size_t off = 0; off + nlen <= len; off++) {
				if (memcmp(text + off, needle, nlen) != 0)
					continue;
				text_rect rects[64];
				size_t n = text_layout_range_rects(it->text, b, off, off + nlen, rects, 64);
				if (n == 0)
					continue;
				if (n > 64)
					n = 64;
				float dy = it->scrolls ? -a->st.scroll : 0;
				SDL_FRect f = {it->tx + rects[0].x, it->ty + rects[0].y + dy, rects[0].w,
					       rects[0].h};
				SDL_FRect l = {it->tx + rects[n - 1].x, it->ty + rects[n - 1].y + dy,
					       rects[n - 1].w, rects[n - 1].h};
				if (!visible(a, it, f) || !visible(a, it, l))
					continue;
				*first = f;
				*last = l;
				return 0;
			}
		}
	}
	return -1;
}
