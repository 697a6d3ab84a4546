/* The application: owns the fonts, content, view and state (struct app is
 * this file's alone); turns input into gesture samples and those into
 * actions; keeps the idle timer; rebuilds the view when the state changes.
 * Each screen and overlay is a row of the tables below, in a file of its
 * own, handed a screen_ctx (app_internal.h). */
#include "app/app_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "base/log.h"
#include "content/plural.h"
#include "content/schema.h"
#include "text/fonts.h"

/* The screens, one per row of app/screen_list.h: adding a screen is a file
 * with its screen_def, a row there and its strings (CONVENTIONS.md). */
static const screen_def *const screens[SCREEN_COUNT] = {
#define SCREEN(ID, NAME) [SCREEN_##ID] = &screen_##NAME,
#include "app/screen_list.h"
#undef SCREEN
};
/* The overlays likewise, drawn over any screen. */
static const screen_def *const overlays[OVERLAY_COUNT] = {
	[OVERLAY_IDLE_WARNING] = &overlay_idle_warning, [OVERLAY_STAFF_PIN] = &overlay_staff_pin,
	[OVERLAY_CONTACT] = &overlay_contact, [OVERLAY_LANGS] = &overlay_langs,
	[OVERLAY_CONTENTS] = &overlay_contents,
};
static const float text_scales[TEXT_SIZES] = {1.0f, 1.3f, 1.6f};

/* Inertia: speed decays with this time constant; below MIN_SPEED it stops. */
#define INERTIA_TAU_MS 325.0f
#define INERTIA_MIN_SPEED 0.02f
/* No flick or glide moves faster than a screen height a frame: anything
 * faster is a glitch (or a bad event), and the eye could not follow it. */
#define MAX_SCROLL_SCREENS_PER_FRAME 1.0f
#define FRAME_MS 16
/* A position may lie at most this many screens beyond an edge: a finger
 * sliding off the glass still drags, but a wild value (a glitching panel
 * can report 1e30) must not become an endless scroll or speed. */
#define OFF_SCREEN_REACH 1.0f
/* A swipe turns the page when it covers this share of the screen's width. */
#define SWIPE_TURN_SHARE 0.12f
/* Past the first or last page the page follows the finger this much, and
 * bounces back: there is nothing more that way. */
#define SWIPE_RUBBER 0.3f
/* A released page settles (turns, or slides back) in this long, easing out. */
#define SWIPE_SETTLE_MS 220
/* The staff gesture: hold the top-left corner this long. */
#define STAFF_HOLD_MS 5000
/* A staff screen closes itself this long after the last touch, the idle
 * warning's IDLE_MIN_WARNING_S included: staff walk away from it. */
#define STAFF_IDLE_S 60
#define STAFF_WARNING_S 20
/* The welcome prompt alternates languages this often. */
#define ATTRACT_PERIOD_MS 4000
/* The staff keypad closes itself after this long without a touch. */
#define PIN_PAD_IDLE_MS 30000
/* While a page is read aloud, the word being said is looked for this often
 * (a word lasts 200 ms or more). */
#define LISTEN_POLL_MS 40
/* A button's label that would wrap is set smaller, on one line, when down
 * to this share of its size is enough: Welsh labels are often the longer,
 * and wrapped they fill the button to its edges. Longer ones still wrap. */
#define LABEL_SHRINK_MIN 0.8f

struct app {
	app_options opts;
	text_engine *text;
	content *content;        /* NULL: out of order */
	SDL_Renderer *renderer;
	glyph_atlas *atlas;
	bool narrow;             /* glyphs blended four pixels at a time, never eight */
	SDL_Surface *surface;    /* what the renderer draws into, when the app knows (app_draw_into) */
	view *view;
	view_frame *frame;       /* what was drawn last, to draw only what changes */
	view_metrics m;
	int w, h;

	app_state st;
	session visit;           /* the usage figures' session, outside st: a reset ends it */
	idle_timer idle;
	pointer_state ptr;
	uint64_t now;

	float scroll_velocity;   /* px/ms, decays: inertia after a flick */
	uint64_t anim_last;      /* last inertia step */
	bool corner_held;        /* staff gesture: a finger is holding the corner */
	uint64_t corner_since;   /* since when */
	uint64_t attract_t0;     /* welcome prompt cycle start */
	int attract_phase;       /* which language the prompt shows, and fade step */
	pin_guard guard;         /* the keypad's lock: outside st, a reset does not lift it */
	uint64_t pin_touched;    /* the keypad's last touch, or its opening */
	int pin_shown_seconds;   /* the lock's countdown last drawn */

	bool dirty;  /* view must be rebuilt */
	bool redraw; /* frame must be drawn */
	bool quit;
	bool cursor_hidden;

	/* Where the visitor was reading before a language, text size or
	 * screen size change: the paragraph to bring back to the top, and the
	 * exact offset in the layout it was taken in, for a round trip
	 * (Welsh -> English -> Welsh) to come back to the same place. Valid
	 * while the offset is still the one the change set (scrolled says
	 * the visitor moved since) and on the same screen. */
	struct {
		bool valid;
		size_t block;
		lang_id lang;
		int text_size, w, h;
		float scroll; /* in that layout */
		float set;    /* the offset the last change left */
	} place;

	/* The page following a finger, or settling after it: the reading
	 * text drawn page_dx across, the neighbouring page (peer, built for
	 * peer_page; 0: none) beside it. */
	float page_dx;
	view *peer;
	int peer_page;
	bool peer_dirty;
	bool settling;
	float settle_from;
	uint64_t settle_t0, settle_frame;

	quiz_words words;        /* the quiz screen's */
	usage_figures figures;   /* the dashboard's */
	screen_marks marks;      /* of the view built last */

	/* Which schema_fields the screens looked up, bit i for field i, per
	 * language, and how many lookups named no declared field: the tests'
	 * proof that screens and schema agree. */
	uint64_t fields_asked[LANG_MAX][SCHEMA_WORDS];
	size_t undeclared_asks;

	/* Live content updates: when to load and swap (reload.c), the loaded
	 * content waiting for a safe moment, and which version shows (1 at
	 * start, +1 per swap). */
	reload *reload;
	content *staged;
	unsigned generation;

	/* Reading aloud (voice.h): the engine, the read-aloud state, and the
	 * word the band marks (spoken_on: one does). */
	voice voice;
	speech_word spoken;
	bool spoken_on;
	size_t spoken_block; /* the block read last: a restart begins there */
};

/* ---- state ---- */

/* Forgets the touch under way (a reset, or an overlay took over): its
 * later samples are ignored until the next "down". */
static void settle(app *a);

static void pointer_cancel(app *a)
{
	gesture g = a->ptr.g;
	gesture_cancel(&g);
	a->ptr = (pointer_state){.g = g};
	if (view_pressed(a->view)) {
		view_set_pressed(a->view, NULL);
		a->redraw = true;
	}
	/* A page the finger was holding goes back to its place. */
	if (a->page_dx != 0 && !a->settling)
		settle(a);
}

/* The button drawn pressed: b, or none. A change is drawn in the next
 * frame, so a touch shows at once on the button under it. */
static void show_pressed(app *a, const view_item *b)
{
	if (view_pressed(a->view) == b)
		return;
	view_set_pressed(a->view, b);
	a->redraw = true;
}

static void listen_apply(app *a, listen_cmd cmd);

static void fresh_state(app *a)
{
	/* A new visit: nothing is read, at the normal speed. */
	listen_apply(a, listen_stop(&a->voice.ls));
	listen_init(&a->voice.ls);
	a->page_dx = 0;
	a->settling = false;
	memset(&a->st, 0, sizeof a->st);
	a->st.screen = SCREEN_WELCOME;
	a->st.lang = LANG_CY;
	a->st.item = content_first_leaflet(a->content);
	a->st.page = 1;
	a->st.overlay = OVERLAY_NONE;
	a->scroll_velocity = 0;
	a->place.valid = false;
	a->corner_held = false;
	a->attract_t0 = a->now;
	a->attract_phase = 0;
	pointer_cancel(a);
	a->words.n = 0;
}

static void mark_dirty(app *a)
{
	a->dirty = true;
	a->peer_dirty = true;
	a->redraw = true;
}

/* The display's density as SDL reports it once a window is up; 0 when
 * unknown (headless, or a value no real display has). */
static float display_dpi(const app *a)
{
	float d = 0;
	if (a->renderer && SDL_WasInit(SDL_INIT_VIDEO) && SDL_GetDisplayDPI(0, NULL, NULL, &d) == 0 &&
	    d >= 30 && d <= 1000)
		return d;
	return 0;
}

static void relayout(app *a)
{
	a->m = view_metrics_for(a->w, a->h,
				a->opts.config.text_scale * text_scales[a->st.text_size],
				display_dpi(a));
	gesture_scale(&a->ptr.g, a->m.unit);
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
	a->peer = view_new();
	a->frame = view_frame_new();
	a->reload = reload_new();
	if (!a->view || !a->peer || !a->frame || !a->reload) {
		view_free(a->view);
		view_free(a->peer);
		view_frame_free(a->frame);
		reload_free(a->reload);
		text_engine_free(a->text);
		free(a);
		return -1;
	}
	load_content(a, diags);
	a->generation = 1;
	if (!opts->config.speech)
		LOG(LOG_INFO, "reading aloud is off (speech = off in the config)");
	voice_open(&a->voice, opts->config.speech && opts->audio, a->content);
	idle_init(&a->idle, opts->config.idle_timeout, opts->config.warning_seconds, 0);
	pin_guard_init(&a->guard);
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
	voice_close(&a->voice);
	view_free(a->view);
	view_free(a->peer);
	view_frame_free(a->frame);
	glyph_atlas_free(a->atlas);
	content_free(a->content);
	content_free(a->staged);
	reload_free(a->reload);
	text_engine_free(a->text);
	free(a->words.start);
	free(a->words.end);
	free(a);
}

int app_attach_renderer(app *a, SDL_Renderer *r, int w, int h)
{
	glyph_atlas_free(a->atlas);
	a->atlas = NULL;
	a->renderer = r;
	a->surface = NULL;
	view_frame_invalidate(a->frame);
	if (r && glyph_atlas_new(r, &a->atlas) != 0)
		return -1;
	if (a->atlas)
		glyph_atlas_set_wide(a->atlas, !a->narrow);
	app_resize(a, w, h);
	return 0;
}

/* The block of the reading text at the top of the scroll region, so a
 * language or size change can bring the same paragraph back to the top. */
static size_t reading_anchor(const app *a)
{
	if (!a->marks.reading || a->st.scroll <= 0)
		return SIZE_MAX;
	SDL_FRect region = view_scroll_region(a->view);
	size_t n = text_layout_line_count(a->marks.reading);
	for (size_t i = 0; i < n; i++) {
		text_line line;
		text_layout_line(a->marks.reading, i, &line);
		if (a->marks.reading_y + line.y + line.height > region.y + a->st.scroll)
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

/* The paragraph to keep at the top across a change: the one found before
 * the last change, if the visitor has not scrolled since, else the one at
 * the top now (remembered with the layout it is in). */
static size_t keep_place(app *a)
{
	if (a->place.valid && a->place.set == a->st.scroll)
		return a->place.block;
	a->place.valid = true;
	a->place.block = reading_anchor(a);
	a->place.lang = a->st.lang;
	a->place.text_size = a->st.text_size;
	a->place.w = a->w;
	a->place.h = a->h;
	a->place.scroll = a->st.scroll;
	return a->place.block;
}

static void restore_anchor(app *a, size_t block);

/* Brings back the kept paragraph; back in the very layout it was kept in,
 * the exact offset. */
static void restore_place(app *a, size_t block)
{
	restore_anchor(a, block);
	if (a->place.lang == a->st.lang && a->place.text_size == a->st.text_size &&
	    a->place.w == a->w && a->place.h == a->h) {
		a->st.scroll = a->place.scroll;
		clamp_scroll(a);
	}
	a->place.set = a->st.scroll;
}

static void set_velocity(app *a, float v)
{
	float limit = MAX_SCROLL_SCREENS_PER_FRAME * (float)a->h / FRAME_MS;
	a->scroll_velocity = isfinite(v) ? fmaxf(-limit, fminf(v, limit)) : 0;
}

static void build_view(app *a);
static void place_band(app *a, bool follow);

static void restore_anchor(app *a, size_t block)
{
	build_view(a);
	if (block == SIZE_MAX || !a->marks.reading) {
		a->st.scroll = 0;
		return;
	}
	SDL_FRect region = view_scroll_region(a->view);
	size_t n = text_layout_line_count(a->marks.reading);
	for (size_t i = 0; i < n; i++) {
		text_line line;
		text_layout_line(a->marks.reading, i, &line);
		if (line.block == block) {
			a->st.scroll = a->marks.reading_y + line.y - region.y;
			break;
		}
	}
	clamp_scroll(a);
}

void app_draw_into(app *a, SDL_Surface *s)
{
	if (!a->atlas)
		return;
	glyph_atlas_set_surface(a->atlas, s);
	a->surface = s;
	view_frame_invalidate(a->frame);
}

void app_set_two_threads(app *a, bool on)
{
	view_frame_set_two_threads(a->frame, on);
}

void app_set_wide_blend(app *a, bool on)
{
	a->narrow = !on;
	if (a->atlas)
		glyph_atlas_set_wide(a->atlas, on);
}

void app_redraw_all(app *a)
{
	view_frame_invalidate(a->frame);
	a->redraw = true;
}

void app_resize(app *a, int w, int h)
{
	if (w < 1 || h < 1)
		return;
	size_t anchor = keep_place(a);
	a->w = w;
	a->h = h;
	/* A glide measured on the old layout means nothing on the new one,
	 * and nor does a page moved sideways by the old width. */
	a->scroll_velocity = 0;
	a->page_dx = 0;
	a->settling = false;
	relayout(a);
	restore_place(a, anchor);
}

/* ---- the screens' context ---- */

/* The Unix time now, as app_options says it (NULL: from 0). */
static int64_t wall_now(const app *a)
{
	return a->opts.wall_time ? a->opts.wall_time(a->opts.wall_ctx, a->now)
				 : (int64_t)(a->now / 1000);
}

/* The language of the words a reading screen shows: the shown language, or
 * Welsh where its item lacks it (the note of screen_add_lang_note). Listen
 * reads in it, so Welsh words never go to another language's voice. */
static lang_id words_lang(const app *a)
{
	if (!a->content)
		return a->st.lang;
	size_t item = a->st.screen == SCREEN_LEAFLET ? a->st.item : content_quiz_item(a->content);
	return app_item_lang(a->content, item, a->st.lang);
}

/* What a screen is handed: read access to the state, the view, and for
 * actions (not builds) the state it may change. */
static screen_ctx ctx_for(app *a, bool may_change)
{
	screen_ctx c = {.app = a, .st = &a->st, .content = a->content, .config = &a->opts.config,
			.view = a->view, .m = a->m, .w = a->w, .h = a->h,
			.now = a->now, .idle_seconds = idle_seconds_left(&a->idle, a->now),
			.guard = &a->guard,
			.attract_phase = a->attract_phase, .ptr = &a->ptr, .words = &a->words,
			.can_listen = voice_can(&a->voice, a->content, words_lang(a)),
			.listen = &a->voice.ls,
			.shown = &a->marks, .figures = &a->figures,
			.rejection = reload_rejection(a->reload),
			.go = -1};
	if (may_change) {
		c.state = &a->st;
		c.words_rw = &a->words;
		c.pointer = &a->ptr;
		c.figures_rw = &a->figures;
		c.stats = a->opts.stats;
		c.wall_now = wall_now(a);
		c.guard_rw = &a->guard;
	}
	return c;
}

/* ---- strings ---- */

lang_id app_item_lang(const content *ct, size_t item, lang_id lang)
{
	return content_item_file(ct, item, lang) ? lang : LANG_CY;
}

/* The item a file of the schema means: the open leaflet, or the quiz. */
static size_t item_of(const screen_ctx *c, const char *file)
{
	return strcmp(file, "quiz") == 0 ? content_quiz_item(c->content) : c->st->item;
}

/* The section of a declared field, or NULL after logging a lookup the
 * schema does not declare. An item's field comes from that item, in Welsh
 * when it lacks lang. */
static const content_section *declared(app *a, size_t item, lang_id lang, const char *file,
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
	if (lang < 0 || lang >= LANG_MAX || !a->content)
		return NULL;
	a->fields_asked[lang][i / 64] |= UINT64_C(1) << (i % 64);
	if (strcmp(file, "ui") == 0)
		return content_get_section(a->content, lang, file, section);
	const content_file *f = content_item_file(a->content, item,
						  app_item_lang(a->content, item, lang));
	for (size_t j = 0; f && j < f->n_sections; j++)
		if (strcmp(f->sections[j].id, section) == 0)
			return &f->sections[j];
	return NULL;
}

const char *app_str(screen_ctx *c, lang_id lang, const char *file, const char *section,
		    const char *key)
{
	const content_section *s = declared(c->app, item_of(c, file), lang, file, section, key, false);
	const char *v = s ? content_section_field(s, key) : NULL;
	return v ? v : "";
}

const char *app_item_str(screen_ctx *c, size_t item, lang_id lang, const char *key)
{
	const content_section *s = declared(c->app, item, lang, "leaflet", "leaflet", key, false);
	const char *v = s ? content_section_field(s, key) : NULL;
	return v ? v : "";
}

const char *app_plural(screen_ctx *c, lang_id lang, const char *file, const char *section,
		       const char *key, long count)
{
	size_t item = item_of(c, file);
	const content_section *s = declared(c->app, item, lang, file, section, key, true);
	/* An item's field is in the item's language, which may be Welsh instead. */
	lang_id shown = strcmp(file, "ui") == 0 ? lang : app_item_lang(c->content, item, lang);
	const char *v = s ? plural_pick(content_plural_rules(c->content), shown, s, key, count) : NULL;
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

static text_params params_for(const screen_ctx *c, float px, float width, text_align al)
{
	text_params p = {0};
	p.width = width;
	p.body_px = px;
	p.lang = c->st->lang;
	p.align = al;
	p.measure_cap = al == TEXT_ALIGN_LEFT ? 65 : 0;
	return p;
}

text_layout *app_text(screen_ctx *c, const char *s, float px, unsigned flags, float width,
		      text_align al)
{
	text_span span = {0, strlen(s), flags};
	text_block b = {TEXT_BLOCK_PARAGRAPH, 0, s, strlen(s), &span, flags ? 1 : 0};
	text_params p = params_for(c, px, width, al);
	p.measure_cap = 0;
	text_layout *l = NULL;
	if (text_engine_layout(c->app->text, &b, 1, &p, &l) != 0)
		return NULL;
	return l;
}

text_layout *app_blocks(screen_ctx *c, const content_block *blocks, size_t n, float px,
			float width, float line_height)
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
		text_params p = params_for(c, px, width, TEXT_ALIGN_LEFT);
		p.line_height = line_height;
		if (text_engine_layout(c->app->text, tb, n, &p, &l) != 0)
			l = NULL;
	}
	free(spans);
	free(tb);
	return l;
}

view_item *app_add_text(screen_ctx *c, text_layout *l, float x, float y, view_color ink,
			bool scrolls)
{
	if (!l)
		return NULL;
	view_item it = {.kind = ITEM_TEXT, .ink = ink, .text = l, .tx = x, .ty = y,
			.scrolls = scrolls};
	it.rect = (SDL_FRect){x, y, text_layout_width(l), text_layout_height(l)};
	view_item *added = view_add(c->view, &it);
	text_layout_unref(l);
	return added;
}

/* The width of label in a button's bold at px, on one line. */
static float line_width(screen_ctx *c, const char *label, float px)
{
	text_layout *l = app_text(c, label, px, TEXT_BOLD, (float)c->w * 4, TEXT_ALIGN_LEFT);
	float w = l ? text_layout_width(l) : 0;
	if (l)
		text_layout_unref(l);
	return w;
}

float app_label_width(screen_ctx *c, const char *label)
{
	return line_width(c, label, c->m.label_px) + 2 * c->m.gap + 2;
}

view_item *app_add_button_px(screen_ctx *c, SDL_FRect r, const char *label, float px, bool primary,
			     int action, int arg)
{
	float pad = c->m.gap, avail = r.w - 2 * pad;
	text_layout *l = app_text(c, label, px, TEXT_BOLD, avail, TEXT_ALIGN_CENTER);
	if (l && text_layout_line_count(l) > 1) {
		float need = line_width(c, label, px), scale = need > 0 ? avail / need : 0;
		text_layout *small = scale >= LABEL_SHRINK_MIN
					     ? app_text(c, label, px * scale, TEXT_BOLD, avail,
							TEXT_ALIGN_CENTER)
					     : NULL;
		if (small && text_layout_line_count(small) == 1) {
			text_layout_unref(l);
			l = small;
		} else if (small) {
			text_layout_unref(small);
		}
	}
	float outline = primary ? 0 : fmaxf(2.0f, 3.0f * c->m.unit), inner = r.h - 2 * outline;
	if (l && text_layout_height(l) > inner) {
		/* Still too tall for the button (a short row of a long list):
		 * smaller, so that no label runs over its border. */
		text_layout *fit = app_text(c, label, px * inner / text_layout_height(l), TEXT_BOLD,
					    avail, TEXT_ALIGN_CENTER);
		if (fit && text_layout_height(fit) <= inner) {
			text_layout_unref(l);
			l = fit;
		} else if (fit) {
			text_layout_unref(fit);
		}
	}
	view_item it = {.kind = ITEM_BUTTON, .rect = r, .action = action, .arg = arg, .text = l};
	it.fill = primary ? COLOR_BUTTON : COLOR_SECONDARY;
	it.ink = primary ? COLOR_BUTTON_TEXT : COLOR_TEXT;
	it.outline = outline;
	it.outline_color = COLOR_OUTLINE;
	if (l) {
		/* The layout is centred within its own width; centre that box. */
		it.tx = r.x + pad;
		it.ty = r.y + (r.h - text_layout_height(l)) / 2;
	}
	view_item *added = view_add(c->view, &it);
	if (l)
		text_layout_unref(l);
	return added;
}

view_item *app_add_button(screen_ctx *c, SDL_FRect r, const char *label, bool primary, int action,
			  int arg)
{
	return app_add_button_px(c, r, label, c->m.label_px, primary, action, arg);
}

void app_add_panel(screen_ctx *c, SDL_FRect r)
{
	view_begin_modal(c->view);
	view_item scrim = {.kind = ITEM_RECT, .fill = COLOR_SCRIM,
			   .rect = {0, 0, (float)c->w, (float)c->h}};
	view_add(c->view, &scrim);
	view_item panel = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .rect = r,
			   .outline = 4 * c->m.unit, .outline_color = COLOR_OUTLINE};
	view_add(c->view, &panel);
	c->out.panel = r;
}

float app_close_height(screen_ctx *c)
{
	return *app_str(c, c->st->lang, "ui", "common", "close") ? c->m.gap + c->m.button_h : 0;
}

void app_add_close(screen_ctx *c, float x, float y, float w)
{
	const char *close = app_str(c, c->st->lang, "ui", "common", "close");
	if (*close)
		app_add_button(c, (SDL_FRect){x, y + c->m.gap, w, c->m.button_h}, close, false,
			       ACT_CLOSE, 0);
}

void app_close_overlay(screen_ctx *c)
{
	c->state->overlay = OVERLAY_NONE;
	c->changed = true;
}

void app_tap_outside_closes(screen_ctx *c, float x, float y)
{
	if (!view_rect_has(c->shown->panel, x, y))
		app_close_overlay(c);
}

void app_add_rect(screen_ctx *c, SDL_FRect r, view_color fill, bool scrolls)
{
	view_item it = {.kind = ITEM_RECT, .rect = r, .fill = fill, .scrolls = scrolls};
	view_add(c->view, &it);
}

float app_add_top_bar(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	app_add_rect(c, (SDL_FRect){0, 0, (float)c->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float y = pad;
	const char *home = app_str(c, c->st->lang, "ui", "common", "home");
	float hw = app_label_width(c, home);
	app_add_button(c, (SDL_FRect){m->margin / 2, y, hw, m->button_h}, home, false, ACT_HOME, 0);

	/* With two languages the toggle is labelled with the other one's own
	 * name; with more, the button names the language shown and opens the
	 * picker (a "▾" says so). */
	char label[128];
	if (content_n_langs(c->content) > 2)
		snprintf(label, sizeof label, "%s \xe2\x96\xbe",
			 app_str(c, c->st->lang, "ui", "common", "language_name"));
	else
		snprintf(label, sizeof label, "%s",
			 app_str(c, lang_other(c->st->lang), "ui", "common", "language_name"));
	float lw = app_label_width(c, label);
	float x = (float)c->w - m->margin / 2 - lw;
	app_add_button(c, (SDL_FRect){x, y, lw, m->button_h}, label, true, ACT_TOGGLE_LANG, 0);

	/* The text size as three steps, "A A A" growing, the one in use
	 * filled; named when the bar has room for the name. The letters grow
	 * with the steps, whichever is in use (labels do not scale with the
	 * text size). */
	float base = m->label_px;
	float step_w = m->button_h;
	/* Centred on the bar, so the steps stay put whatever the labels. */
	float steps_x = ((float)c->w - TEXT_SIZES * step_w - (TEXT_SIZES - 1) * m->gap / 2) / 2;
	for (int i = 0; i < TEXT_SIZES; i++)
		app_add_button_px(c, (SDL_FRect){steps_x + (float)i * (step_w + m->gap / 2), y, step_w,
					     m->button_h},
			      "A", base * text_scales[i] * 0.8f, i == c->st->text_size, ACT_TEXT_SIZE, i);
	/* Named only when the name fits in both languages, so that Welsh and
	 * English get the same bar (the Welsh name is the longer). */
	float need = 0;
	for (int l = 0; l < content_n_langs(c->content); l++) {
		text_layout *t = app_text(c, app_str(c, (lang_id)l, "ui", "common", "text_size"),
					  m->label_px * 0.8f, TEXT_REGULAR, (float)c->w, TEXT_ALIGN_LEFT);
		float home_w = app_label_width(c, app_str(c, (lang_id)l, "ui", "common", "home"));
		float w = t ? text_layout_width(t) + home_w : 0;
		need = w > need ? w : need;
		if (t)
			text_layout_unref(t);
	}
	const char *name = app_str(c, c->st->lang, "ui", "common", "text_size");
	text_layout *nl = app_text(c, name, m->label_px * 0.8f, TEXT_REGULAR, (float)c->w,
				   TEXT_ALIGN_LEFT);
	if (nl && steps_x - m->gap - need > m->margin / 2 + m->gap)
		app_add_text(c, nl, steps_x - m->gap - text_layout_width(nl),
			     (m->bar_h - text_layout_height(nl)) / 2, COLOR_MUTED, false);
	else if (nl)
		text_layout_unref(nl);
	return m->bar_h;
}

void app_column(const screen_ctx *c, float *x, float *w)
{
	float avail = (float)c->w - 2 * c->m.margin;
	/* The layout engine caps lines at about 65 characters; the column is
	 * centred on that cap so that wide screens keep a readable measure. */
	float cap = c->m.body_px * 0.52f * 65.0f;
	*w = avail < cap ? avail : cap;
	*x = ((float)c->w - *w) / 2;
}

void app_set_content_height(screen_ctx *c, SDL_FRect region, float content_h)
{
	view_set_scroll_region(c->view, region, content_h);
	if (content_h <= region.h + 0.5f)
		return;
	const view_metrics *m = &c->m;
	float bar_w = 10 * m->unit;
	view_item bar = {.kind = ITEM_SCROLLBAR, .fill = COLOR_BAR, .outline_color = COLOR_OUTLINE,
			 .rect = {region.x + region.w - m->gap - bar_w, region.y + m->gap, bar_w,
				  region.h - 2 * m->gap}};
	view_add(c->view, &bar);

	/* The cue is a button: it must not let a tap through to the words it
	 * covers, and a tap on "More below" may as well show more. */
	char cue[256];
	snprintf(cue, sizeof cue, "%s \xe2\x86\x93", app_str(c, c->st->lang, "ui", "common", "scroll_more"));
	float x, w;
	app_column(c, &x, &w);
	text_layout *cl = app_text(c, cue, m->body_px * 0.8f, TEXT_BOLD, w, TEXT_ALIGN_CENTER);
	if (!cl)
		return;
	float ch = text_layout_height(cl) + m->gap;
	float foot = region.y + region.h;
	view_item it = {.kind = ITEM_BUTTON, .fill = COLOR_PANEL, .ink = COLOR_MUTED, .text = cl,
			.tx = x, .ty = foot - ch + m->gap / 2, .action = ACT_SCROLL_MORE,
			.until_end = true, .rect = {region.x, foot - ch, region.w, ch}};
	view_add(c->view, &it);
	text_layout_unref(cl);
}

/* ---- reading aloud (docs/speech.md) ---- */

/* The widest label the controls may show while reading, in either
 * language: a switch of language does not move them. */
static float listen_label_need(screen_ctx *c)
{
	const char *keys[] = {"pause", "resume", "slower", "stop"};
	float need = 0;
	for (int l = 0; l < content_n_langs(c->content); l++)
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			need = fmaxf(need, app_label_width(c, app_str(c, (lang_id)l, "ui", "listen",
								   keys[i])));
	return need;
}

bool app_listen_fits(screen_ctx *c, float w)
{
	return 3 * listen_label_need(c) + 2 * c->m.gap <= w;
}

float app_add_listen_buttons(screen_ctx *c, float x, float y, float w, bool scrolls)
{
	const view_metrics *m = &c->m;
	lang_id l = c->st->lang;
	/* Looked up whether shown or not, so that the schema test sees every
	 * screen with the controls ask for every label. */
	const char *listen_label = app_str(c, l, "ui", "listen", "listen");
	const char *pause = app_str(c, l, "ui", "listen", "pause");
	const char *resume = app_str(c, l, "ui", "listen", "resume");
	const char *slower = app_str(c, l, "ui", "listen", "slower");
	const char *stop = app_str(c, l, "ui", "listen", "stop");
	if (!c->can_listen)
		return 0;
	view_item *b[3] = {NULL};
	if (c->listen->mode == LISTEN_OFF) {
		float bw = fminf(w, fmaxf(app_label_width(c, listen_label), 3 * m->button_h));
		b[0] = app_add_button(c, (SDL_FRect){x, y, bw, m->button_h}, listen_label, false,
				      ACT_LISTEN, 0);
	} else {
		float bw = (w - 2 * m->gap) / 3;
		const char *first = c->listen->mode == LISTEN_PAUSED ? resume : pause;
		b[0] = app_add_button(c, (SDL_FRect){x, y, bw, m->button_h}, first, false,
				      ACT_LISTEN_PAUSE, 0);
		/* Filled while the slower speed is on: the step is a toggle. */
		b[1] = app_add_button(c, (SDL_FRect){x + bw + m->gap, y, bw, m->button_h}, slower,
				      c->listen->slow, ACT_LISTEN_SLOWER, 0);
		b[2] = app_add_button(c, (SDL_FRect){x + 2 * (bw + m->gap), y, bw, m->button_h}, stop,
				      false, ACT_LISTEN_STOP, 0);
	}
	for (int i = 0; i < 3; i++)
		if (b[i])
			b[i]->scrolls = scrolls;
	return m->button_h;
}

void app_page_of(screen_ctx *c, int page, int pages, char *buf, size_t size)
{
	char n[16], total[16], tmp[64];
	snprintf(n, sizeof n, "%d", page);
	snprintf(total, sizeof total, "%d", pages);
	app_format(tmp, sizeof tmp, app_str(c, c->st->lang, "ui", "common", "page_of"), "page", n);
	app_format(buf, size, tmp, "pages", total);
}

void app_add_page_of(screen_ctx *c, int page, int pages, float bottom, float bw)
{
	const view_metrics *m = &c->m;
	char label[64];
	app_page_of(c, page, pages, label, sizeof label);
	float iw = (float)c->w - 2 * (m->margin / 2 + bw + m->gap);
	text_layout *ind = app_text(c, label, m->label_px, TEXT_BOLD, iw, TEXT_ALIGN_CENTER);
	if (ind)
		app_add_text(c, ind, ((float)c->w - iw) / 2,
			     bottom + (m->bar_h - text_layout_height(ind)) / 2, COLOR_TEXT, false);
}

float app_add_listen_bar(screen_ctx *c, float bottom, float x, float w)
{
	const view_metrics *m = &c->m;
	float top = bottom - m->button_h - m->gap;
	if (!c->can_listen) {
		app_add_listen_buttons(c, x, top, w, false); /* the labels' lookups */
		return bottom;
	}
	float line = fmaxf(1.0f, 2.0f * m->unit);
	app_add_rect(c, (SDL_FRect){0, top, (float)c->w, line}, COLOR_BAR, false);
	app_add_listen_buttons(c, x, top + m->gap / 2, w, false);
	return top;
}

void app_add_spoken_band(screen_ctx *c, bool scrolls)
{
	if (!c->can_listen)
		return;
	c->out.band = view_count(c->view) + 1;
	/* A soft band behind the word and a line under it, in the bars' and
	 * the outlines' colours: no quiz highlight looks like it (those are
	 * yellow, green and red fills without a line). Placed when shown. */
	view_item band = {.kind = ITEM_RECT, .fill = COLOR_BAR, .scrolls = scrolls, .hidden = true};
	view_add(c->view, &band);
	band.fill = COLOR_OUTLINE;
	view_add(c->view, &band);
}

void app_mark_listen(screen_ctx *c, const view_item *shown, const content_block *blocks, size_t n,
		     const char *para)
{
	for (size_t i = view_count(c->view); shown && i-- > 0;)
		if (view_get(c->view, i) == shown)
			c->out.listen_item = i + 1;
	c->out.listen_blocks = blocks;
	c->out.n_listen_blocks = n;
	c->out.listen_para = para;
}

/* ---- building and drawing ---- */

static void build_out_of_order(screen_ctx *c)
{
	/* The one text that cannot come from content: the content is what broke. */
	float x, w;
	app_column(c, &x, &w);
	text_layout *l = app_text(c, "Allan o drefn\nOut of order", c->m.body_px * 2, TEXT_BOLD, w,
				  TEXT_ALIGN_CENTER);
	if (l)
		app_add_text(c, l, x, ((float)c->h - text_layout_height(l)) / 2, COLOR_TEXT, false);
}

/* The screen, then the overlay over it. Building changes nothing but the
 * view and the marks the build recorded. */
static void build_view(app *a)
{
	view_clear(a->view);
	screen_ctx c = ctx_for(a, false);
	if (!a->content) {
		build_out_of_order(&c);
	} else {
		screens[a->st.screen]->build(&c);
		if (a->st.overlay != OVERLAY_NONE)
			overlays[a->st.overlay]->build(&c);
	}
	a->marks = c.out;
	a->dirty = false;
	place_band(a, false);
	if (c.out.overlay_failed) {
		LOG(LOG_ERROR, "the %s overlay could not be built; closed", overlays[a->st.overlay]->name);
		a->st.overlay = OVERLAY_NONE;
		build_view(a);
	}
}

/* ---- a page following the finger ---- */

/* Whether the screen shown turns pages and has page `page`. */
static bool has_page(const app *a, int page)
{
	const screen_def *d = screens[a->st.screen];
	return d->swipes && d->pages && a->content && page >= 1 &&
	       page <= d->pages(a->content, &a->st);
}

/* The neighbouring page, built as the same screen on a copy of the state:
 * building changes nothing but the view it is handed. */
static void build_peer(app *a, int page)
{
	view_clear(a->peer);
	app_state st = a->st;
	st.page = page;
	st.scroll = 0;
	st.overlay = OVERLAY_NONE;
	screen_ctx c = ctx_for(a, false);
	c.st = &st;
	c.view = a->peer;
	screens[a->st.screen]->build(&c);
	a->peer_page = page;
	a->peer_dirty = false;
}

/* The page page_dx across and, on the side it uncovers, its neighbour. */
static int add_turning(app *a)
{
	int rc = view_frame_add(a->frame, a->view, a->st.scroll, a->page_dx, false);
	int page = a->page_dx < 0 ? a->st.page + 1 : a->st.page - 1;
	if (!has_page(a, page))
		return rc;
	if (a->peer_dirty || a->peer_page != page)
		build_peer(a, page);
	float at = a->page_dx < 0 ? a->page_dx + (float)a->w : a->page_dx - (float)a->w;
	if (view_frame_add(a->frame, a->peer, 0, at, true) != 0)
		rc = -1;
	return rc;
}

/* The page let go at page_dx eases back to its place (a turn has already
 * put the new page beside it). */
static void settle(app *a)
{
	a->settling = a->page_dx != 0;
	a->settle_from = a->page_dx;
	a->settle_t0 = a->settle_frame = a->now;
	a->redraw = true;
}

/* Where the settling page is at now: a cubic ease-out, fast then gentle. */
static void step_settle(app *a)
{
	if (!a->settling)
		return;
	uint64_t t = a->now - a->settle_t0;
	if (t >= SWIPE_SETTLE_MS) {
		a->page_dx = 0;
		a->settling = false;
	} else {
		float rest = 1 - (float)t / SWIPE_SETTLE_MS;
		a->page_dx = a->settle_from * rest * rest * rest;
	}
	a->settle_frame = a->now;
	a->redraw = true;
}

int app_render(app *a)
{
	if (a->dirty)
		build_view(a);
	if (!a->renderer)
		return 0;
	view_frame_begin(a->frame, a->w, a->h);
	int rc = a->page_dx != 0 ? add_turning(a)
				 : view_frame_add(a->frame, a->view, a->st.scroll, 0, false);
	/* Only a surface of the app's own keeps its pixels from frame to
	 * frame: a renderer's back buffer is undefined after a present. */
	if (!a->surface)
		view_frame_invalidate(a->frame);
	if (view_frame_draw(a->frame, a->renderer, a->atlas, a->surface,
			    view_palette(COLOR_BACKGROUND)) != 0)
		rc = -1;
	a->redraw = false;
	return rc;
}

const SDL_Rect *app_damage(const app *a, int *n)
{
	return view_frame_damage(a->frame, n);
}

bool app_needs_redraw(const app *a)
{
	return a->redraw || a->dirty;
}

bool app_quit_requested(const app *a)
{
	return a->quit;
}

speech *app_speech(app *a)
{
	return a->voice.engine;
}

void app_speech_off(app *a)
{
	listen_apply(a, listen_stop(&a->voice.ls));
	voice_close(&a->voice);
	listen_init(&a->voice.ls);
	mark_dirty(a);
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
	session_begin(&a->visit, a->now, wall_now(a), a->st.lang);
	if (a->st.lang > LANG_EN) /* a language of the content's own */
		snprintf(a->visit.rec.start_tag, sizeof a->visit.rec.start_tag, "%s",
			 content_lang_tag(a->content, a->st.lang));
}

static void visit_end(app *a, stats_end why)
{
	stats_session s;
	/* A full queue is logged by stats; the visitor sees nothing. */
	if (session_end(&a->visit, a->now, why, &s) && a->opts.stats)
		stats_record_session(a->opts.stats, &s);
}

/* A screen counts as the page its row names (screen_def.visit_doc), or
 * the open leaflet's page (visit_item). */
static void visit_screen(app *a, screen_id s)
{
	const screen_def *d = screens[s];
	const char *doc = d->visit_item ? content_item_slug(a->content, a->st.item) : d->visit_doc;
	if (doc)
		session_page(&a->visit, doc, d->visit_page ? d->visit_page : a->st.page);
}

/* Scores only: which words were highlighted is never kept. */
static void visit_check(app *a)
{
	quiz_mark marks[QUIZ_MAX_HIGHLIGHTS];
	unsigned found = quiz_found(&a->st.quiz, marks);
	int partly = 0, wrong = 0;
	for (size_t h = 0; h < a->st.quiz.n_highlights; h++) {
		partly += marks[h] == QUIZ_MARK_PARTIAL;
		wrong += marks[h] == QUIZ_MARK_WRONG;
	}
	session_quiz_checked(&a->visit, quiz_count(found), partly, wrong);
}

/* The figures see every action before a screen takes it. */
static void visit_action(app *a, int action)
{
	if (action == ACT_CHECK && a->st.screen == SCREEN_QUIZ)
		visit_check(a);
}

/* ---- live content updates (docs/content.md) ---- */

const char *app_content_dir(const app *a, char *buf, size_t size)
{
	if (a->opts.config.content_dir[0])
		return a->opts.config.content_dir;
	snprintf(buf, size, "%s/assets/content", a->opts.data_dir);
	return buf;
}

void app_content_changed(app *a, uint64_t now)
{
	reload_changed(a->reload, now > a->now ? now : a->now);
}

void app_content_reload_requested(app *a, uint64_t now)
{
	reload_requested(a->reload, now > a->now ? now : a->now);
}

const char *app_content_rejection(const app *a)
{
	return reload_rejection(a->reload);
}

/* Between frames: nothing drawn or touchable may keep a layout of the old
 * content, and no screen may mix the two versions. */
static void swap_content(app *a)
{
	view_clear(a->view);
	view_clear(a->peer);
	a->peer_dirty = true;
	a->marks = (screen_marks){0};
	text_engine_cache_clear(a->text);
	content_free(a->content);
	a->content = a->staged;
	a->staged = NULL;
	/* Items are indexes into the catalogue, which may have changed; a swap
	 * happens where no leaflet is open. The language too: the new content
	 * may have fewer. */
	a->st.item = content_first_leaflet(a->content);
	if (a->st.lang >= content_n_langs(a->content))
		a->st.lang = LANG_CY;
	a->generation++;
	a->dirty = true;
	a->redraw = true;
	LOG(LOG_WARN, "content reloaded (generation %u)", a->generation);
}

/* Loads or swaps in reloaded content when reload.c says so. session_ended:
 * a visitor's session just ended (Home, the idle reset), so the content may
 * change even off the welcome screen. */
static void reload_step(app *a, bool session_ended)
{
	bool safe = session_ended || (a->st.screen == SCREEN_WELCOME &&
				      a->st.overlay == OVERLAY_NONE && !a->ptr.g.down);
	/* At most a load and then a swap: reload_tick never asks to load twice
	 * for one change. */
	for (int i = 0; i < 2; i++) {
		switch (reload_tick(a->reload, a->now, safe)) {
		case RELOAD_NOTHING: return;
		case RELOAD_LOAD: {
			char buf[4096];
			app_reload_load(a->reload, a->text, app_content_dir(a, buf, sizeof buf),
					a->generation, &a->staged);
			break;
		}
		case RELOAD_SWAP: swap_content(a); return;
		}
	}
}

/* ---- navigation ---- */

/* The idle timer for the screen shown, from now: a staff screen's limits
 * are its own. */
static idle_timer idle_for(const app *a)
{
	idle_timer t;
	if (screens[a->st.screen]->staff)
		idle_init(&t, STAFF_IDLE_S - STAFF_WARNING_S, STAFF_WARNING_S, a->now);
	else
		idle_init(&t, a->opts.config.idle_timeout, a->opts.config.warning_seconds, a->now);
	return t;
}

static void idle_restart(app *a)
{
	a->idle = idle_for(a);
}

/* Staff taking over ends the visitor's session (as idle: it lasted until
 * the visitor's last touch); a visitor's screen opened from the staff area
 * (the quiz) starts one, so that staff's quiz scores count. */
static void staff_turn(app *a, screen_id from, screen_id to)
{
	bool was = screens[from]->staff, is = screens[to]->staff;
	if (is && !was)
		visit_end(a, STATS_END_IDLE);
	else if (was && !is && to != SCREEN_WELCOME)
		visit_start(a);
}

/* ---- reading aloud ---- */

/* Puts the band under the word being said, or hides it; follow: the word
 * moved on, so scroll it into view (unless a finger holds the page). */
static void place_band(app *a, bool follow)
{
	const screen_marks *m = &a->marks;
	if (!m->band || !m->listen_item || m->band + 1 > view_count(a->view) ||
	    m->listen_item > view_count(a->view))
		return;
	view_item *band = view_get(a->view, m->band - 1), *line = view_get(a->view, m->band);
	const view_item *shown = view_get(a->view, m->listen_item - 1);
	text_rect r;
	bool on = a->spoken_on && shown->text &&
		  text_layout_range_rects(shown->text, a->spoken.block, a->spoken.offset,
					  a->spoken.offset + a->spoken.len, &r, 1) > 0;
	if (band->hidden == on)
		a->redraw = true;
	band->hidden = line->hidden = !on;
	if (!on)
		return;
	SDL_FRect b = {shown->tx + r.x, shown->ty + r.y, r.w, r.h};
	float thick = fmaxf(3.0f, 0.12f * a->m.body_px);
	band->rect = b;
	line->rect = (SDL_FRect){b.x, b.y + b.h - thick, b.w, thick};
	a->redraw = true;
	if (!follow || !band->scrolls || a->ptr.g.down)
		return;
	SDL_FRect region = view_scroll_region(a->view);
	float top = b.y - a->st.scroll;
	if (top >= region.y && top + b.h <= region.y + region.h)
		return;
	/* A third of the way down: the lines to come are in view. */
	a->st.scroll = b.y - region.y - region.h / 3;
	a->scroll_velocity = 0;
	clamp_scroll(a);
}

/* Follows the engine: the word being said, the end of the reading. */
static void step_listen(app *a)
{
	if (a->voice.ls.mode == LISTEN_OFF)
		return;
	if (voice_finished(&a->voice)) {
		listen_apply(a, listen_finished(&a->voice.ls));
		return;
	}
	speech_word w;
	bool on = voice_word(&a->voice, &w);
	bool moved = on != a->spoken_on ||
		     (on && (w.block != a->spoken.block || w.offset != a->spoken.offset));
	if (!moved)
		return;
	if (on) {
		a->spoken = w;
		a->spoken_block = w.block;
	}
	a->spoken_on = on;
	if (a->dirty)
		build_view(a);
	place_band(a, on);
}

/* Carries out a read-aloud command on what the screen shown marked. */
static void listen_apply(app *a, listen_cmd cmd)
{
	if (cmd == LISTEN_DO_NOTHING)
		return;
	if (cmd == LISTEN_DO_START && a->dirty)
		build_view(a);
	const screen_marks *m = &a->marks;
	content_block one = {.kind = CONTENT_PARAGRAPH, .text = m->listen_para,
			     .len = m->listen_para ? strlen(m->listen_para) : 0};
	const content_block *blocks = m->listen_para ? &one : m->listen_blocks;
	size_t n = m->listen_para ? 1 : m->n_listen_blocks;
	char dir[4096];
	voice_do(&a->voice, cmd, a->content, words_lang(a), blocks, n, app_content_dir(a, dir, sizeof dir),
		 a->generation);
	if (cmd == LISTEN_DO_START || cmd == LISTEN_DO_STOP) {
		a->spoken_on = false;
		a->spoken_block = a->voice.ls.from_block;
	}
	/* The bar's buttons change. */
	mark_dirty(a);
}

static void go(app *a, screen_id s)
{
	/* Another page or screen: its words are not the ones being read. */
	listen_apply(a, listen_stop(&a->voice.ls));
	screen_id from = a->st.screen;
	staff_turn(a, from, s);
	visit_screen(a, s);
	if (from != s) {
		screen_ctx c = ctx_for(a, true);
		if (screens[from]->leave)
			screens[from]->leave(&c, s);
		a->st.screen = s;
		if (screens[s]->enter)
			screens[s]->enter(&c, from);
		/* Into or out of the staff screens (app_open passes through the
		 * welcome screen, so compare the limits, not the screens). */
		idle_timer t = idle_for(a);
		if (t.timeout_ms != a->idle.timeout_ms || t.warning_ms != a->idle.warning_ms)
			a->idle = t;
	}
	a->st.scroll = 0;
	a->scroll_velocity = 0;
	a->place.valid = false;
	a->page_dx = 0;
	a->settling = false;
	mark_dirty(a);
}

/* Back to the welcome screen for the next visitor. */
static void reset(app *a, stats_end why)
{
	LOG(LOG_INFO, why == STATS_END_IDLE ? "idle reset" : "the visitor ended the visit");
	visit_end(a, why);
	fresh_state(a);
	idle_restart(a);
	relayout(a);
	reload_step(a, true);
}

/* The language changes in place: the same screen, page and reading place. */
static void set_lang(app *a, lang_id lang)
{
	if (lang < 0 || lang >= content_n_langs(a->content) || lang == a->st.lang)
		return;
	size_t anchor = keep_place(a);
	a->st.lang = lang;
	session_lang(&a->visit, a->st.lang);
	const screen_def *d = screens[a->st.screen];
	if (d->lang_changed) {
		screen_ctx c = ctx_for(a, true);
		d->lang_changed(&c);
	}
	relayout(a);
	restore_place(a, anchor);
	/* Reading goes on in the new language, from the start of the block
	 * it was in (the blocks of both languages correspond). */
	listen_apply(a, listen_lang_changed(&a->voice.ls, a->spoken_block,
					    voice_can(&a->voice, a->content, words_lang(a))));
}

static void do_action(app *a, int action, int arg);

/* What a screen's (or overlay's) handler asked for. An overlay that
 * appears takes the touch and stops a glide. */
static void follow(app *a, const screen_ctx *c, overlay_id before)
{
	if (before == OVERLAY_NONE && a->st.overlay != OVERLAY_NONE) {
		pointer_cancel(a);
		a->scroll_velocity = 0;
	}
	if (c->quit)
		a->quit = true;
	if (c->reset)
		reset(a, STATS_END_VISITOR);
	else if (c->go >= 0 && c->go < SCREEN_COUNT)
		go(a, (screen_id)c->go);
	else if (c->changed)
		mark_dirty(a);
	if (c->then_action != ACT_NONE)
		do_action(a, c->then_action, c->then_arg);
}

/* An action the overlay shown, or else the screen, takes as its own. */
static bool screen_action(app *a, int action, int arg)
{
	const screen_def *d = a->st.overlay != OVERLAY_NONE ? overlays[a->st.overlay] : screens[a->st.screen];
	if (!d->action)
		return false;
	screen_ctx c = ctx_for(a, true);
	overlay_id before = a->st.overlay;
	if (!d->action(&c, action, arg))
		return false;
	follow(a, &c, before);
	return true;
}

/* The actions of every screen: language, text size, navigation, the
 * "More below" cue. */
static void do_action(app *a, int action, int arg)
{
	visit_action(a, action);
	if (screen_action(a, action, arg))
		return;
	switch ((action_id)action) {
	case ACT_CHOOSE_LANG:
		a->st.lang = arg >= 0 && arg < content_n_langs(a->content) ? arg : LANG_CY;
		visit_start(a);
		relayout(a);
		go(a, SCREEN_MENU);
		break;
	case ACT_TOGGLE_LANG:
		/* Two languages: the other one. More: the picker lists them. */
		if (content_n_langs(a->content) > 2) {
			a->st.overlay = OVERLAY_LANGS;
			pointer_cancel(a);
			a->scroll_velocity = 0;
			mark_dirty(a);
		} else {
			set_lang(a, lang_other(a->st.lang));
		}
		break;
	case ACT_SET_LANG: set_lang(a, arg); break;
	case ACT_TEXT_SIZE: {
		if (arg < 0 || arg >= TEXT_SIZES || arg == a->st.text_size)
			break;
		size_t anchor = keep_place(a);
		a->st.text_size = arg;
		session_text_size(&a->visit, a->st.text_size > 0);
		relayout(a);
		restore_place(a, anchor);
		break;
	}
	case ACT_HOME:
		/* Home on the menu is the visitor's way of saying "done". */
		if (a->st.screen == SCREEN_MENU)
			reset(a, STATS_END_VISITOR);
		else {
			go(a, SCREEN_MENU);
			reload_step(a, true); /* the visitor's session is over */
		}
		break;
	case ACT_FINISH: reset(a, STATS_END_FINISH); break;
	case ACT_CLOSE: /* an overlay's Close (app_add_close) */
		a->st.overlay = OVERLAY_NONE;
		mark_dirty(a);
		break;
	case ACT_LISTEN:
		if (!voice_can(&a->voice, a->content, words_lang(a)))
			break;
		session_listened(&a->visit);
		listen_apply(a, listen_press(&a->voice.ls, a->now));
		break;
	case ACT_LISTEN_PAUSE: listen_apply(a, listen_toggle_pause(&a->voice.ls)); break;
	case ACT_LISTEN_STOP: listen_apply(a, listen_stop(&a->voice.ls)); break;
	case ACT_LISTEN_SLOWER:
		listen_apply(a, listen_toggle_slow(&a->voice.ls, a->spoken_block));
		break;
	case ACT_OPEN:
		if (arg == SCREEN_LEAFLET) {
			a->st.item = content_first_leaflet(a->content);
			a->st.page = 1;
		}
		if (arg >= 0 && arg < SCREEN_COUNT)
			go(a, (screen_id)arg);
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
	default: break; /* a screen's own, not on this screen */
	}
}

/* "NAME:ARG" where NAME is an overlay's: the screen it opens over, then
 * the overlay. -1 when it has no way to be opened so, or no such ARG. */
static int open_overlay(app *a, const screen_def *d, const char *arg, lang_id lang)
{
	char under[SCREEN_NAME_MAX];
	if (!d->open_over || !d->open || d->open_over(a->content, lang, arg, under, sizeof under) != 0 ||
	    app_open(a, under, lang) != 0)
		return -1;
	screen_ctx c = ctx_for(a, true);
	overlay_id before = a->st.overlay;
	int rc = d->open(&c, arg);
	follow(a, &c, before);
	return rc;
}

int app_lang_find(const app *a, const char *tag, lang_id *out)
{
	/* Without content (the out-of-order screen) Welsh and English remain. */
	return a->content ? content_lang_find(a->content, tag, out) : lang_parse(tag, out);
}

int app_open(app *a, const char *screen, lang_id lang)
{
	char name[32];
	/* NAME, NAME:ARG or NAME/ARG: the screen's row reads what follows. */
	size_t len = strcspn(screen, ":/");
	const char *arg = screen[len] ? screen + len : NULL;
	if (len >= sizeof name || lang < 0 || (a->content && lang >= content_n_langs(a->content)))
		return -1;
	memcpy(name, screen, len);
	name[len] = '\0';
	for (int i = OVERLAY_NONE + 1; arg && *arg == ':' && i < OVERLAY_COUNT; i++)
		if (strcmp(name, overlays[i]->name) == 0)
			return open_overlay(a, overlays[i], arg + 1, lang);
	int id = -1;
	for (int i = 0; i < SCREEN_COUNT; i++)
		if (strcmp(name, screens[i]->name) == 0)
			id = i;
	if (id < 0 || (arg && !screens[id]->open_arg))
		return -1;
	/* An argument that names nothing (a page or leaflet that does not
	 * exist) changes nothing: checked on a copy before the state is reset,
	 * or the view shown would no longer be the state's. */
	bool with_arg = screens[id]->open_arg && a->content;
	if (with_arg) {
		app_state probe = a->st;
		probe.lang = lang;
		if (screens[id]->open_arg(a->content, arg, &probe) != 0)
			return -1;
	}
	fresh_state(a);
	a->st.lang = lang;
	if (with_arg)
		screens[id]->open_arg(a->content, arg, &a->st);
	if (id != SCREEN_WELCOME && !screens[id]->staff)
		visit_start(a);
	relayout(a);
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

static bool note_input(app *a);

/* A touch on no button, offered to the screen (the quiz's strokes). */
static bool screen_pointer(app *a, gesture_step step, float x, float y)
{
	const screen_def *d = screens[a->st.screen];
	if (!d->pointer || !a->content)
		return false;
	screen_ctx c = ctx_for(a, true);
	overlay_id before = a->st.overlay;
	bool mine = d->pointer(&c, step, x, y);
	follow(a, &c, before);
	return mine;
}

/* A tap that hit no button, offered to the overlay shown or else the
 * screen (a link; outside the overlay's panel). */
static void screen_tap(app *a, float x, float y)
{
	const screen_def *d = a->st.overlay != OVERLAY_NONE ? overlays[a->st.overlay] : screens[a->st.screen];
	if (!d->tap || !a->content)
		return;
	screen_ctx c = ctx_for(a, true);
	overlay_id before = a->st.overlay;
	d->tap(&c, x, y);
	follow(a, &c, before);
}

/* A touch came down at (x, y): a button under it is pressed; on the quiz, a
 * word under it starts a stroke. */
static void pointer_down(app *a, float x, float y)
{
	pointer_state *p = &a->ptr;
	p->decided = false;
	p->mode = POINTER_UNDECIDED;
	p->pressed = NULL;
	p->on_word = false;
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
		p->mode = POINTER_BUTTON;
		show_pressed(a, b);
	} else if (a->st.overlay == OVERLAY_NONE && screen_pointer(a, GESTURE_BEGAN, x, y)) {
		p->mode = POINTER_HIGHLIGHT;
	}
}

/* The touch moved to (x, y), or lifted there (step GESTURE_ENDED). */
static void pointer_step(app *a, gesture_step step, float x, float y)
{
	pointer_state *p = &a->ptr;
	const gesture *g = &p->g;
	if (!gesture_near_start(g))
		a->corner_held = false;

	/* The page follows the finger from where it touched down, not from
	 * where the move left the slop. */
	float from_y = g->prev.y;
	if (p->mode == POINTER_HIGHLIGHT) {
		/* The screen lets go of a touch that turned out to be a scroll
		 * (the quiz's rule, docs/quiz.md). */
		if (!screen_pointer(a, step, x, y) && scrollable(a)) {
			p->mode = POINTER_SCROLL;
			p->decided = true;
			from_y = g->first.y;
			a->redraw = true;
		}
	} else if (gesture_moved(g) && !p->decided) {
		p->decided = true;
		if (a->st.overlay == OVERLAY_NONE) {
			if (g->dir == GESTURE_DIR_HORIZONTAL && screens[a->st.screen]->swipes)
				p->mode = POINTER_SWIPE;
			else if (scrollable(a)) {
				p->mode = POINTER_SCROLL;
				from_y = g->first.y;
			} else
				p->mode = POINTER_UNDECIDED;
			p->pressed = NULL;
			show_pressed(a, NULL);
		}
	}
	if (p->mode == POINTER_BUTTON && p->pressed) {
		/* Pressed while the finger is on its button: sliding off lets
		 * it go, coming back presses it again. */
		const view_item *b = view_button_at(a->view, x, y, a->st.scroll);
		bool same = b && b->action == p->pressed_action && b->arg == p->pressed_arg;
		show_pressed(a, step != GESTURE_ENDED && same ? b : NULL);
	}
	if (p->mode == POINTER_SCROLL) {
		a->st.scroll += from_y - y;
		clamp_scroll(a);
		a->redraw = true;
	}
	if (p->mode == POINTER_SWIPE && step != GESTURE_ENDED) {
		/* The page under the finger; held back past the first or the
		 * last page. */
		float dx = x - g->first.x;
		/* Never more than a page's width, whatever the finger did (it
		 * may have started on a wider screen before a resize). */
		float w = (float)a->w;
		dx = dx > w ? w : dx < -w ? -w : dx;
		a->page_dx = has_page(a, dx < 0 ? a->st.page + 1 : a->st.page - 1) ? dx : dx * SWIPE_RUBBER;
		a->settling = false;
		a->redraw = true;
	}
	if (step != GESTURE_ENDED)
		return;
	a->corner_held = false;
	float dx = x - g->first.x;
	if (p->mode == POINTER_BUTTON && p->pressed) {
		const view_item *b = view_button_at(a->view, x, y, a->st.scroll);
		if (b && b->action == p->pressed_action && b->arg == p->pressed_arg)
			do_action(a, p->pressed_action, p->pressed_arg);
	} else if (p->mode == POINTER_SWIPE) {
		int dir = dx < 0 ? +1 : -1;
		if (fabsf(dx) > SWIPE_TURN_SHARE * (float)a->w && has_page(a, a->st.page + dir)) {
			float shown = a->page_dx;
			do_action(a, ACT_PAGE, dir);
			/* The new page starts where it was, beside the old. */
			a->page_dx = shown + (dir > 0 ? (float)a->w : -(float)a->w);
		}
		settle(a);
	} else if (p->mode == POINTER_SCROLL && gesture_is_flick(g, GESTURE_DIR_VERTICAL)) {
		/* The speed is the finger's; the text glides the other way. */
		set_velocity(a, -g->vy);
		a->anim_last = a->now;
	} else if (p->mode == POINTER_UNDECIDED && gesture_near_start(g)) {
		screen_tap(a, x, y); /* a link, or outside an overlay's panel */
	}
}

/* One pointer sample, from to_sample or a test. Every sample of the touch
 * restarts the idle timer; a touch whose "down" dismissed the idle warning
 * does nothing else, so the visitor stays exactly where they were. */
static void pointer_sample(app *a, const gesture_sample *s)
{
	pointer_state *p = &a->ptr;
	gesture_step step = gesture_feed(&p->g, s);
	if (step == GESTURE_IGNORED)
		return;
	if (step == GESTURE_BEGAN) {
		p->consumed = note_input(a);
		if (p->consumed)
			return;
		if (a->dirty)
			build_view(a);
		pointer_down(a, s->x, s->y);
		return;
	}
	note_input(a);
	if (p->consumed)
		return;
	if (a->dirty)
		build_view(a);
	pointer_step(a, step, s->x, s->y);
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
	/* Keyboard paging helps staff checking content on a desktop: the
	 * keys are ACT_PAGE, which only the leaflet takes. */
	if (sym == SDLK_RIGHT || sym == SDLK_PAGEDOWN)
		do_action(a, ACT_PAGE, +1);
	else if (sym == SDLK_LEFT || sym == SDLK_PAGEUP)
		do_action(a, ACT_PAGE, -1);
}

static float clamp_coord(float v, int size)
{
	float reach = OFF_SCREEN_REACH * (float)size;
	return fmaxf(-reach, fminf(v, (float)size + reach));
}

/* The edge where SDL's input becomes gesture samples: a finger (its
 * position a fraction of the screen) and the left mouse button (pixels)
 * alike, with the app's clock. Everything after it sees samples only. It is
 * here, not in src/platform/, because app_handle_event(SDL_Event) is the one
 * entry that the loop, the replayer, the tests and the fuzzer share; it is
 * the only code of the app that reads pointer events. Returns false for an
 * event that is no pointer sample, or one to drop. */
static bool to_sample(const app *a, const SDL_Event *e, gesture_sample *s)
{
	const gesture *g = &a->ptr.g;
	switch (e->type) {
	case SDL_FINGERDOWN:
	case SDL_FINGERMOTION:
	case SDL_FINGERUP:
		s->id = e->tfinger.fingerId;
		s->kind = e->type == SDL_FINGERDOWN ? GESTURE_DOWN
			: e->type == SDL_FINGERUP ? GESTURE_UP : GESTURE_MOVE;
		s->x = e->tfinger.x * (float)a->w;
		s->y = e->tfinger.y * (float)a->h;
		if (!isfinite(s->x) || !isfinite(s->y) || !isfinite(e->tfinger.pressure)) {
			/* Dropped, except that the touch's lift still ends it
			 * where the finger last was: a lost lift would leave
			 * the kiosk deaf to every touch until the idle warning. */
			bool ends = s->kind == GESTURE_UP && g->down && g->first.id == s->id;
			LOG(LOG_DEBUG, "a touch at a non-finite position or pressure: %s",
			    ends ? "lifted where it last was" : "dropped");
			if (!ends)
				return false;
			s->x = g->last.x;
			s->y = g->last.y;
		}
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		/* Touches arrive as finger events; SDL's synthetic mouse
		 * copies would count every tap twice. */
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
			return false;
		s->id = GESTURE_MOUSE_ID;
		s->kind = e->type == SDL_MOUSEBUTTONDOWN ? GESTURE_DOWN : GESTURE_UP;
		s->x = (float)e->button.x;
		s->y = (float)e->button.y;
		break;
	case SDL_MOUSEMOTION:
		if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
			return false;
		s->id = GESTURE_MOUSE_ID;
		s->kind = GESTURE_MOVE;
		s->x = (float)e->motion.x;
		s->y = (float)e->motion.y;
		break;
	default:
		return false;
	}
	s->x = clamp_coord(s->x, a->w);
	s->y = clamp_coord(s->y, a->h);
	s->t_ms = a->now;
	return true;
}

/* Every kind of input restarts the idle timer; input that dismisses the
 * warning reports it, so that a touch doing so does nothing else. */
static bool note_input(app *a)
{
	bool dismissed = idle_input(&a->idle, a->now);
	session_input(&a->visit, a->now);
	a->pin_touched = a->now;
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
	gesture_sample s;
	if (to_sample(a, e, &s)) {
		if (e->type == SDL_FINGERDOWN || e->type == SDL_FINGERMOTION || e->type == SDL_FINGERUP)
			a->cursor_hidden = true;
		pointer_sample(a, &s);
		return;
	}
	switch (e->type) {
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
			app_redraw_all(a);
		return;
	default:
		return;
	}
}

void app_pointer(app *a, const gesture_sample *s)
{
	if (s->t_ms > a->now)
		a->now = s->t_ms;
	gesture_sample at = *s;
	at.t_ms = a->now;
	if (!isfinite(at.x) || !isfinite(at.y))
		return;
	at.x = clamp_coord(at.x, a->w);
	at.y = clamp_coord(at.y, a->h);
	pointer_sample(a, &at);
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
	step_settle(a);
	step_listen(a);
	/* Someone is listening: the kiosk is in use (up to a cap). */
	if (listen_holds_idle(&a->voice.ls, a->now) && a->st.overlay != OVERLAY_IDLE_WARNING)
		idle_input(&a->idle, a->now);

	if (a->corner_held && a->ptr.g.down && a->now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_held = false;
		pointer_cancel(a);
		a->st.overlay = OVERLAY_STAFF_PIN;
		a->st.pin[0] = '\0';
		a->pin_touched = a->now;
		mark_dirty(a);
	}
	if (a->st.overlay == OVERLAY_STAFF_PIN) {
		if (a->now - a->pin_touched >= PIN_PAD_IDLE_MS) {
			LOG(LOG_INFO, "the staff keypad closed itself, untouched");
			a->st.overlay = OVERLAY_NONE;
			a->st.pin[0] = '\0';
			a->st.pin_wrong = false;
			mark_dirty(a);
		} else if (pin_guard_seconds_left(&a->guard, a->now) != a->pin_shown_seconds) {
			a->pin_shown_seconds = pin_guard_seconds_left(&a->guard, a->now);
			mark_dirty(a);
		}
	}

	bool on_welcome = a->st.screen == SCREEN_WELCOME;
	switch (idle_tick(&a->idle, a->now, on_welcome)) {
	case IDLE_NOTHING: break;
	case IDLE_SHOW_WARNING:
		a->st.overlay = OVERLAY_IDLE_WARNING;
		pointer_cancel(a);
		a->scroll_velocity = 0;
		mark_dirty(a);
		break;
	case IDLE_COUNTDOWN: mark_dirty(a); break;
	case IDLE_RESET: reset(a, STATS_END_IDLE); break;
	}

	/* A screen's own animation (the quiz's first-time demonstration). */
	const screen_def *d = screens[a->st.screen];
	if (d->next_change && a->content && a->st.overlay == OVERLAY_NONE &&
	    d->next_change(&a->st, a->now) <= a->now)
		mark_dirty(a);

	if (on_welcome && a->content) {
		/* The prompt's language, each of the content's in turn. */
		int phase = (int)((a->now - a->attract_t0) / ATTRACT_PERIOD_MS %
				  (uint64_t)content_n_langs(a->content));
		if (phase != a->attract_phase) {
			a->attract_phase = phase;
			mark_dirty(a);
		}
	}
	reload_step(a, false);
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
	if (a->st.overlay == OVERLAY_STAFF_PIN && later(a->pin_touched, PIN_PAD_IDLE_MS) < next)
		next = later(a->pin_touched, PIN_PAD_IDLE_MS);
	/* Reading aloud: the word said moves on, the reading ends. */
	if (a->voice.ls.mode == LISTEN_PLAYING && later(a->now, LISTEN_POLL_MS) < next)
		next = later(a->now, LISTEN_POLL_MS);
	const screen_def *d = screens[a->st.screen];
	if (d->next_change && a->content && a->st.overlay == OVERLAY_NONE &&
	    d->next_change(&a->st, a->now) < next)
		next = d->next_change(&a->st, a->now);
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
	/* A settling page only repaints: step_settle places it by the time. */
	if (a->settling && later(a->settle_frame, FRAME_MS) < next)
		next = later(a->settle_frame, FRAME_MS);
	/* The lock's countdown only repaints. */
	if (a->st.overlay == OVERLAY_STAFF_PIN && pin_guard_next_deadline(&a->guard, a->now) < next)
		next = pin_guard_next_deadline(&a->guard, a->now);
	return next;
}

/* ---- introspection for scripts and tests ---- */

/* The word the band marks, as shown, or "none". */
static void spoken_word(app *a, char *buf, size_t size)
{
	snprintf(buf, size, "none");
	const screen_marks *m = &a->marks;
	if (!a->spoken_on || !m->listen_item || m->listen_item > view_count(a->view))
		return;
	const text_layout *l = view_get(a->view, m->listen_item - 1)->text;
	size_t len;
	const char *text = l && a->spoken.block < text_layout_block_count(l)
				   ? text_layout_block_text(l, a->spoken.block, &len)
				   : NULL;
	if (text && a->spoken.offset + a->spoken.len <= len)
		snprintf(buf, size, "%.*s", (int)a->spoken.len, text + a->spoken.offset);
}

/* A field a screen's or an overlay's row offers scripts. */
static int row_field(app *a, const char *name, char *buf, size_t size)
{
	for (int i = 0; i < SCREEN_COUNT + OVERLAY_COUNT; i++) {
		const screen_def *d = i < SCREEN_COUNT ? screens[i] : overlays[i - SCREEN_COUNT];
		for (const screen_field *f = d ? d->fields : NULL; f && f->name; f++) {
			if (strcmp(f->name, name) == 0) {
				screen_ctx c = ctx_for(a, false);
				f->value(&c, buf, size);
				return 0;
			}
		}
	}
	return -1;
}

int app_field(app *a, const char *name, char *buf, size_t size)
{
	if (a->dirty)
		build_view(a);
	if (strcmp(name, "screen") == 0)
		snprintf(buf, size, "%s", screens[a->st.screen]->name);
	else if (strcmp(name, "lang") == 0)
		snprintf(buf, size, "%s", content_lang_tag(a->content, a->st.lang));
	else if (strcmp(name, "page") == 0)
		snprintf(buf, size, "%d", a->st.page);
	else if (strcmp(name, "overlay") == 0)
		snprintf(buf, size, "%s",
			 a->st.overlay == OVERLAY_NONE ? "none" : overlays[a->st.overlay]->name);
	else if (strcmp(name, "text_size") == 0)
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
	} else if (strcmp(name, "page_offset") == 0)
		snprintf(buf, size, "%.0f", (double)roundf(a->page_dx) + 0.0);
	else if (strcmp(name, "content_generation") == 0)
		snprintf(buf, size, "%u", a->generation);
	else if (strcmp(name, "speaking") == 0)
		snprintf(buf, size, "%s", a->voice.ls.mode == LISTEN_PLAYING  ? "yes"
					  : a->voice.ls.mode == LISTEN_PAUSED ? "paused"
									      : "no");
	else if (strcmp(name, "spoken_word") == 0)
		spoken_word(a, buf, size);
	else
		return row_field(a, name, buf, size);
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

app_insides app_inside(app *a)
{
	return (app_insides){
		.st = &a->st, .idle = &a->idle, .guard = &a->guard, .view = a->view, .m = &a->m, .ptr = &a->ptr,
		.words = &a->words, .marks = &a->marks, .opts = &a->opts, .content = a->content,
		.w = a->w, .h = a->h, .now = &a->now, .anim_last = &a->anim_last,
		.corner_since = &a->corner_since, .attract_t0 = &a->attract_t0,
		.attract_phase = &a->attract_phase, .scroll_velocity = &a->scroll_velocity,
		.dirty = &a->dirty, .corner_held = &a->corner_held, .quit = &a->quit,
		.cursor_hidden = &a->cursor_hidden, .fields_asked = a->fields_asked,
		.undeclared_asks = &a->undeclared_asks, .screens = screens, .overlays = overlays,
		.voice = &a->voice};
}

screen_ctx app_inside_ctx(app *a)
{
	return ctx_for(a, false);
}
