/* Every screen, in both languages, at portrait and landscape and the odd
 * sizes: rendered with the software renderer, then checked as a person would
 * glance at it: something is drawn, no text leaves the screen, no two
 * buttons overlap, every button is big enough for a finger. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "content/schema.h"
#include "platform/replay.h"
#include "platform/video.h"
#include "testlib.h"

/* Besides every screen of the table (app.c), by its name: more pages, the
 * contact card's codes over theirs, and the list of the leaflet's pages
 * over two of them. */
static const char *const more_screens[] = {"leaflet:4",      "leaflet:8",    "contact:tel",
					   "contact:mailto", "contact:save", "contents:3",
					   "contents:8"};
#define N_SCREENS (SCREEN_COUNT + sizeof more_screens / sizeof *more_screens)

static const char *screen_name(app *a, size_t i)
{
	return i < SCREEN_COUNT ? app_inside(a).screens[i]->name : more_screens[i - SCREEN_COUNT];
}
static const int sizes[][2] = {{1080, 1920}, {1920, 1080}, {1280, 800}, {3840, 2160}};

static app *new_app(void)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	app *a = NULL;
	assert_int_equal(app_new(&o, d, &a), 0);
	if (diag_count(d))
		diag_print(d, stderr);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	return a;
}

/* An app on the content in dir (NULL: the shipped content), drawing
 * headless at w x h into *v; app_off ends both. */
static app *app_on(const char *dir, int w, int h, video **v)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	if (dir)
		snprintf(o.config.content_dir, sizeof o.config.content_dir, "%s", dir);
	app *a = NULL;
	tl_app_new(&o, &a);
	tl_app_headless(a, w, h, v);
	return a;
}

static void app_off(app *a, video *v, int w, int h)
{
	app_attach_renderer(a, NULL, w, h);
	video_close(v);
	app_free(a);
}

static bool overlap(SDL_FRect a, SDL_FRect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Share of pixels that differ from the background colour. */
static double ink_share(video *v, int w, int h)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	assert_int_equal(SDL_RenderReadPixels(video_renderer(v), NULL, SDL_PIXELFORMAT_ARGB8888,
					      s->pixels, s->pitch), 0);
	SDL_Color bg = view_palette(COLOR_BACKGROUND);
	Uint32 bgp = SDL_MapRGB(s->format, bg.r, bg.g, bg.b);
	size_t differ = 0;
	for (int y = 0; y < h; y += 2) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
		for (int x = 0; x < w; x += 2)
			differ += (row[x] & 0xffffff) != (bgp & 0xffffff);
	}
	SDL_FreeSurface(s);
	return (double)differ / ((double)(w / 2) * (h / 2));
}

/* ---- screens and the content schema ---- */

#define SCHEMA_W 1080
#define SCHEMA_H 1920

static void touch(app *a, Uint32 type, float x, float y, uint64_t now)
{
	SDL_Event e = replay_finger(type, x, y, SCHEMA_W, SCHEMA_H, now);
	app_handle_event(a, &e, now);
}

/* Builds everything a visitor or staff member can see in lang: every screen
 * at the smallest and the largest text (the top bar's label changes), the
 * welcome prompt in its other language, the answers shown on the result, the staff keypad after a wrong PIN, and the
 * idle warning. */
static void build_everything(app *a, lang_id lang, uint64_t *clock)
{
	for (size_t i = 0; i < N_SCREENS; i++) {
		for (int size = 0; size < TEXT_SIZES; size += TEXT_SIZES - 1) {
			assert_int_equal(app_open(a, screen_name(a, i), lang), 0);
			app_inside(a).st->text_size = size;
			app_resize(a, SCHEMA_W, SCHEMA_H);
			assert_int_equal(app_render(a), 0);
		}
	}
	assert_int_equal(app_open(a, "quiz-result", lang), 0);
	app_inside(a).st->show_answers = true;
	*app_inside(a).dirty = true;
	assert_int_equal(app_render(a), 0);

	/* The welcome prompt shows English after Welsh. */
	uint64_t now = *clock;
	assert_int_equal(app_open(a, "welcome", lang), 0);
	replay_advance(a, &now, now + 4000, NULL);
	assert_int_equal(app_render(a), 0);

	assert_int_equal(app_open(a, "menu", lang), 0);
	touch(a, SDL_FINGERDOWN, 5, 5, now);
	replay_advance(a, &now, now + 5000, NULL);
	touch(a, SDL_FINGERUP, 5, 5, now);
	assert_int_equal(app_inside(a).st->overlay, OVERLAY_STAFF_PIN);
	assert_int_equal(app_render(a), 0);
	for (const char *d = "0000"; *d; d++) {
		SDL_FRect f, l;
		char digit[2] = {*d, 0};
		assert_int_equal(app_find_text(a, digit, &f, &l), 0);
		touch(a, SDL_FINGERDOWN, f.x + f.w / 2, f.y + f.h / 2, now);
		touch(a, SDL_FINGERUP, f.x + f.w / 2, f.y + f.h / 2, now);
	}
	/* Only the Exit key submits. */
	assert_false(app_inside(a).st->pin_wrong);
	for (size_t i = 0; i < view_count(app_inside(a).view); i++) {
		const view_item *it = view_get(app_inside(a).view, i);
		if (it->kind == ITEM_BUTTON && it->action == ACT_PIN_ENTER) {
			float x = it->rect.x + it->rect.w / 2, y = it->rect.y + it->rect.h / 2;
			touch(a, SDL_FINGERDOWN, x, y, now);
			touch(a, SDL_FINGERUP, x, y, now);
			break;
		}
	}
	assert_true(app_inside(a).st->pin_wrong);
	assert_int_equal(app_render(a), 0);

	/* The staff area with the quiz on it (quiz_on_menu = no), and the
	 * dashboard with figures, with figures it cannot read and with a
	 * rejected content update: built by their rows with such a context. */
	assert_int_equal(app_open(a, "staff", lang), 0);
	screen_ctx c = app_inside_ctx(a);
	app_config cfg = *c.config;
	cfg.quiz_on_menu = false;
	c.config = &cfg;
	view_clear(c.view);
	app_inside(a).screens[SCREEN_STAFF]->build(&c);
	assert_int_equal(app_open(a, "dashboard", lang), 0);
	c = app_inside_ctx(a);
	usage_figures u = {.rc = STATS_OK, .now = 1796050800};
	u.f.first_day = 1793491200;
	u.f.sessions = u.f.in_welsh = u.f.per_day[3] = 2;
	u.f.n_leaflets = 1;
	snprintf(u.f.leaflets[0].slug, sizeof u.f.leaflets[0].slug, "learning");
	u.f.leaflets[0].opened = u.f.leaflets[0].reached[0] = 2;
	u.f.leaflets[0].pages = 1;
	c.figures = &u;
	c.rejection = "cy/ui.txt:3: a message";
	view_clear(c.view);
	app_inside(a).screens[SCREEN_DASHBOARD]->build(&c);
	u.rc = STATS_ERR_OPEN;
	snprintf(u.err, sizeof u.err, "stats.db: not a database");
	view_clear(c.view);
	app_inside(a).screens[SCREEN_DASHBOARD]->build(&c);
	*app_inside(a).dirty = true;
	assert_int_equal(app_render(a), 0);

	/* Last: the warning stays pending in the idle timer across app_open. */
	assert_int_equal(app_open(a, "menu", lang), 0);
	replay_advance(a, &now, now + 90000, NULL);
	assert_int_equal(app_inside(a).st->overlay, OVERLAY_IDLE_WARNING);
	assert_int_equal(app_render(a), 0);
	replay_advance(a, &now, now + 30000, NULL); /* the reset, for a clean next walk */
	assert_int_equal(app_inside(a).st->overlay, OVERLAY_NONE);
	*clock = now;
}

/* Every lookup a screen makes is declared in the schema, and every declared
 * field is asked for by some screen in each language: the schema that
 * --check-content enforces is exactly what the screens show. */
static void screens_and_schema_agree(void **state)
{
	(void)state;
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	snprintf(o.config.staff_pin, sizeof o.config.staff_pin, "%s", "1234");
	diag_list *d = diag_list_new();
	app *a = NULL;
	assert_int_equal(app_new(&o, d, &a), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	video *v = NULL;
	assert_int_equal(video_open_headless(SCHEMA_W, SCHEMA_H, &v), 0);
	assert_int_equal(app_attach_renderer(a, video_renderer(v), SCHEMA_W, SCHEMA_H), 0);
	app_draw_into(a, video_surface(v));

	/* A screen in one language shows some words of the other (the
	 * language toggle's label, the idle warning), so the walk through both
	 * comes before the check of each. */
	memset(app_inside(a).fields_asked, 0, (LANG_EN + 1) * sizeof *app_inside(a).fields_asked);
	uint64_t clock = 0;
	for (int l = 0; l <= LANG_EN; l++) {
		*app_inside(a).undeclared_asks = 0;
		build_everything(a, (lang_id)l, &clock);
		if ((*app_inside(a).undeclared_asks))
			fail_msg("%s: %zu lookups of fields the schema does not declare (see the log)",
				 lang_code((lang_id)l), (*app_inside(a).undeclared_asks));
	}
	for (int l = 0; l <= LANG_EN; l++) {
		for (size_t i = 0; i < schema_n_fields; i++) {
			const schema_field *f = &schema_fields[i];
			if (!(app_inside(a).fields_asked[l][i / 64] & (UINT64_C(1) << (i % 64))))
				fail_msg("%s: no screen asked for %s [%s] @%s (declared for %s)",
					 lang_code((lang_id)l), f->file, f->section, f->key, f->screen);
		}
	}

	/* A lookup the schema does not declare, or of the wrong kind, gives
	 * nothing and is counted. */
	*app_inside(a).undeclared_asks = 0;
	screen_ctx c = app_inside_ctx(a);
	assert_string_equal(app_str(&c, LANG_EN, "ui", "common", "back"), "");
	assert_string_equal(app_str(&c, LANG_EN, "ui", "idle", "countdown"), "");
	assert_string_equal(app_plural(&c, LANG_EN, "ui", "idle", "title", 2), "");
	assert_int_equal((*app_inside(a).undeclared_asks), 3);
	assert_string_equal(app_str(&c, LANG_EN, "ui", "idle", "title"), "Are you still there?");
	assert_string_equal(app_plural(&c, LANG_EN, "quiz", "quiz", "highlighted", 1), "{count} highlighted — find {total}");
	assert_int_equal((*app_inside(a).undeclared_asks), 3);

	app_attach_renderer(a, NULL, SCHEMA_W, SCHEMA_H);
	video_close(v);
	app_free(a);
}

/* one_line: every button's label is on one line (the shipped content's
 * screens); else a label may wrap, but only within its button's border. */
static void check_view(app *a, const char *what, bool one_line)
{
	float min_touch = 60.0f * app_inside(a).m->unit;
	size_t n = view_count(app_inside(a).view);
	size_t buttons = 0;
	for (size_t i = 0; i < n; i++) {
		const view_item *it = view_get(app_inside(a).view, i);
		SDL_FRect r = it->rect;
		if (it->text && !it->scrolls) {
			SDL_FRect t = {it->tx, it->ty, text_layout_width(it->text),
				       text_layout_height(it->text)};
			if (t.x < -0.5f || t.y < -0.5f || t.x + t.w > (float)app_inside(a).w + 0.5f ||
			    t.y + t.h > (float)app_inside(a).h + 0.5f)
				fail_msg("%s: text item %zu at %.0f,%.0f %.0fx%.0f leaves the %dx%d screen",
					 what, i, t.x, t.y, t.w, t.h, app_inside(a).w, app_inside(a).h);
		}
		if (it->text && it->scrolls) {
			float right = it->tx + text_layout_width(it->text);
			if (it->tx < -0.5f || right > (float)app_inside(a).w + 0.5f)
				fail_msg("%s: scrolling text item %zu leaves the screen sideways", what, i);
		}
		if (it->kind != ITEM_BUTTON || it->hidden)
			continue;
		buttons++;
		if (r.w < min_touch || r.h < min_touch)
			fail_msg("%s: button %zu is %.0fx%.0f, under %.0f px", what, i, r.w, r.h, min_touch);
		if (r.x < 0 || r.y < 0 || r.x + r.w > (float)app_inside(a).w + 0.5f || r.y + r.h > (float)app_inside(a).h + 0.5f)
			fail_msg("%s: button %zu leaves the screen", what, i);
		if (it->text && text_layout_width(it->text) > r.w + 0.5f)
			fail_msg("%s: button %zu's label is wider than the button", what, i);
		/* Wrapped, a label fills the button to its border: the
		 * shipped labels all fit on one line, at the least shrunk to
		 * LABEL_SHRINK_MIN (app.c), in every language and size. */
		if (one_line && it->text && text_layout_line_count(it->text) > 1)
			fail_msg("%s: button %zu's label takes %zu lines", what, i,
				 text_layout_line_count(it->text));
		if (it->text && (it->ty < r.y + it->outline - 0.5f ||
				 it->ty + text_layout_height(it->text) > r.y + r.h - it->outline + 0.5f))
			fail_msg("%s: button %zu's label (%zu lines) runs over its border", what, i,
				 text_layout_line_count(it->text));
		for (size_t j = 0; j < i; j++) {
			const view_item *o = view_get(app_inside(a).view, j);
			/* An overlay's buttons cover the screen's: only they
			 * can be touched while it shows. */
			bool layers = view_in_modal(app_inside(a).view, j) !=
				      view_in_modal(app_inside(a).view, i);
			if (o->kind == ITEM_BUTTON && !o->hidden && o->scrolls == it->scrolls &&
			    !layers && overlap(o->rect, r))
				fail_msg("%s: buttons %zu and %zu overlap", what, j, i);
		}
	}
	if (buttons == 0)
		fail_msg("%s: no button at all", what);
}

static void every_screen(void **state)
{
	(void)state;
	app *a = new_app();
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		int w = sizes[s][0], h = sizes[s][1];
		video *v = NULL;
		assert_int_equal(video_open_headless(w, h, &v), 0);
		assert_int_equal(app_attach_renderer(a, video_renderer(v), w, h), 0);
		app_draw_into(a, video_surface(v));
		for (int l = 0; l <= LANG_EN; l++) {
			for (size_t i = 0; i < N_SCREENS; i++) {
				char what[128];
				snprintf(what, sizeof what, "%s %s %dx%d", screen_name(a, i),
					 lang_code((lang_id)l), w, h);
				assert_int_equal(app_open(a, screen_name(a, i), (lang_id)l), 0);
				assert_int_equal(app_render(a), 0);
				check_view(a, what, true);
				double ink = ink_share(v, w, h);
				if (ink < 0.02)
					fail_msg("%s: only %.1f%% of the screen is drawn", what, ink * 100);
			}
		}
		app_attach_renderer(a, NULL, w, h);
		video_close(v);
	}
	app_free(a);
}

/* A leaflet of 32 pages: the list of its pages cannot fit one column at
 * 1280x800, even with its rows shrunk to a finger's size, and takes more,
 * every page on the screen, in both languages. */
static void contents_in_columns(void **state)
{
	(void)state;
	enum { PAGES = 32 };
	char *dir = tl_shipped_copy("taflen-columns");
	static const char *const langs[] = {"cy", "en"};
	for (int l = 0; l < 2; l++) {
		char rel[128], path[4200], more[PAGES * 40];
		size_t used = 0;
		for (int p = 9; p <= PAGES; p++)
			used += (size_t)snprintf(more + used, sizeof more - used,
						 "\n[extra-%d]\n# %s %d\n\nText.\n", p, langs[l], p);
		snprintf(rel, sizeof rel, "leaflets/child-practice-reviews/%s.txt", langs[l]);
		tl_path_in(path, sizeof path, dir, rel);
		size_t len;
		char *text = tl_slurp(path, &len);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite(text, 1, len, f);
		fwrite(more, 1, used, f);
		fclose(f);
		free(text);
	}
	video *v = NULL;
	app *a = app_on(dir, 1280, 800, &v);
	for (int l = 0; l <= LANG_EN; l++) {
		assert_int_equal(app_open(a, "contents:1", (lang_id)l), 0);
		assert_int_equal(app_render(a), 0);
		check_view(a, l == LANG_CY ? "contents:1 cy 1280x800" : "contents:1 en 1280x800",
			   false);
		/* The last page's row is there, in a column of its own right. */
		float first_x = -1, last_x = -1;
		for (size_t i = 0; i < view_count(app_inside(a).view); i++) {
			const view_item *it = view_get(app_inside(a).view, i);
			if (it->kind != ITEM_BUTTON || it->action != ACT_GOTO_PAGE)
				continue;
			if (it->arg == 2)
				first_x = it->rect.x;
			if (it->arg == PAGES)
				last_x = it->rect.x;
		}
		assert_true(first_x >= 0 && last_x > first_x);
	}
	app_off(a, v, 1280, 800);
	tl_rm_tree(dir);
	free(dir);
}

/* Whether the view has a button for action. */
static bool has_action(app *a, int action)
{
	for (size_t i = 0; i < view_count(app_inside(a).view); i++) {
		const view_item *it = view_get(app_inside(a).view, i);
		if (it->kind == ITEM_BUTTON && !it->hidden && it->action == action)
			return true;
	}
	return false;
}

/* [common]'s @close is optional: without it the list of pages has no Close
 * (a tap outside still closes it); with it, it has. */
static void close_is_optional(void **state)
{
	(void)state;
	char *dir = tl_shipped_copy("taflen-close");
	tl_edit(dir, "cy/ui.txt", "@close: Cau\n", "");
	tl_edit(dir, "en/ui.txt", "@close: Close\n", "");
	for (int with = 0; with < 2; with++) {
		video *v = NULL;
		app *a = app_on(with ? NULL : dir, 1920, 1080, &v);
		for (int l = 0; l <= LANG_EN; l++) {
			assert_int_equal(app_open(a, "contents:2", (lang_id)l), 0);
			assert_int_equal(app_render(a), 0);
			assert_int_equal(has_action(a, ACT_CLOSE), with);
			check_view(a, with ? "contents:2 with @close" : "contents:2 without @close",
				   true);
		}
		app_off(a, v, 1920, 1080);
	}
	tl_rm_tree(dir);
	free(dir);
}

/* A leaflet of one page has its page number, and no list to open. */
static void one_page_no_list(void **state)
{
	(void)state;
	char *dir = tl_shipped_copy("taflen-one-page");
	static const char *const langs[] = {"cy", "en"};
	for (int l = 0; l < 2; l++) {
		char rel[128], path[4200];
		snprintf(rel, sizeof rel, "leaflets/child-practice-reviews/%s.txt", langs[l]);
		tl_path_in(path, sizeof path, dir, rel);
		size_t len;
		char *text = tl_slurp(path, &len);
		char *second = strstr(text, "\n[why]\n"); /* the leaflet's second page */
		assert_non_null(second);
		tl_spit(path, text, (size_t)(second - text) + 1);
		free(text);
		/* Without the contact page, no link for the contact record. */
		tl_edit(dir, rel, "@org: ", "; @org: ");
	}
	video *v = NULL;
	app *a = app_on(dir, 1920, 1080, &v);
	for (int l = 0; l <= LANG_EN; l++) {
		assert_int_equal(app_open(a, "leaflet:1", (lang_id)l), 0);
		assert_int_equal(app_render(a), 0);
		SDL_FRect first, last;
		assert_int_equal(app_find_text(a, "1 / 1", &first, &last), 0);
		assert_false(has_action(a, ACT_CONTENTS));
		check_view(a, "leaflet:1 of a one-page leaflet", true);
	}
	assert_int_not_equal(app_open(a, "leaflet:2", LANG_CY), 0);
	app_off(a, v, 1920, 1080);
	tl_rm_tree(dir);
	free(dir);
}

/* Cards side by side on the menu start their words at one height, so that
 * their titles line up, however many lines each card has: the library's
 * quiz card has no subtitle. */
static void menu_titles_line_up(void **state)
{
	(void)state;
	video *v = NULL;
	app *a = app_on("tests/fixtures/library", 1920, 1080, &v);
	static const char *const rows[][2] = {{"Oriau agor", "Eich ymweliad"},
					      {"Cysylltu â ni", "Dysgu o adolygiadau"}};
	assert_int_equal(app_open(a, "menu", LANG_CY), 0);
	assert_int_equal(app_render(a), 0);
	for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
		SDL_FRect left, right, last;
		assert_int_equal(app_find_text(a, rows[r][0], &left, &last), 0);
		assert_int_equal(app_find_text(a, rows[r][1], &right, &last), 0);
		assert_true(right.x > left.x);
		if (fabsf(left.y - right.y) > 0.5f)
			fail_msg("\"%s\" at y %.1f, \"%s\" beside it at %.1f", rows[r][0], left.y,
				 rows[r][1], right.y);
	}
	app_off(a, v, 1920, 1080);
}

/* Every screen_id and overlay_id has its row in the tables, with a name
 * and a build, and a screen's name opens that screen. */
static void every_row(void **state)
{
	(void)state;
	app *a = new_app();
	app_insides in = app_inside(a);
	for (int i = 0; i < SCREEN_COUNT; i++) {
		const screen_def *d = in.screens[i];
		if (!d || !d->name || !d->build)
			fail_msg("screen %d has no row, name or build", i);
		assert_int_equal(app_open(a, d->name, LANG_EN), 0);
		assert_int_equal(in.st->screen, i);
	}
	assert_null(in.overlays[OVERLAY_NONE]);
	for (int i = OVERLAY_NONE + 1; i < OVERLAY_COUNT; i++) {
		const screen_def *d = in.overlays[i];
		if (!d || !d->name || !d->build)
			fail_msg("overlay %d has no row, name or build", i);
	}
	app_free(a);
}

#define MAX_ROW_FIELDS 64 /* all the rows' together */

/* Adding a screen is one row: every field a row offers scripts is one
 * app_field answers, with the row's own value, on every screen (a field of
 * app.c's of the same name, answering first, gives itself away by another
 * value somewhere), and no two rows offer the same name. */
static void row_fields(void **state)
{
	(void)state;
	app *a = new_app();
	app_insides in = app_inside(a);
	const screen_field *seen[MAX_ROW_FIELDS];
	size_t n_seen = 0;
	for (int i = 0; i < SCREEN_COUNT + OVERLAY_COUNT; i++) {
		const screen_def *d = i < SCREEN_COUNT ? in.screens[i] : in.overlays[i - SCREEN_COUNT];
		for (const screen_field *f = d ? d->fields : NULL; f && f->name; f++) {
			for (size_t k = 0; k < n_seen; k++)
				if (strcmp(seen[k]->name, f->name) == 0)
					fail_msg("two rows offer the field \"%s\"", f->name);
			assert_true(n_seen < sizeof seen / sizeof *seen);
			seen[n_seen++] = f;
		}
	}
	assert_true(n_seen > 0);
	for (size_t i = 0; i < N_SCREENS; i++) {
		assert_int_equal(app_open(a, screen_name(a, i), LANG_EN), 0);
		for (size_t k = 0; k < n_seen; k++) {
			char got[256], want[256];
			if (app_field(a, seen[k]->name, got, sizeof got) != 0)
				fail_msg("%s: app_field knows no \"%s\"", screen_name(a, i),
					 seen[k]->name);
			screen_ctx c = app_inside_ctx(a);
			seen[k]->value(&c, want, sizeof want);
			if (strcmp(got, want) != 0)
				fail_msg("%s: %s=%s, but its row says %s", screen_name(a, i),
					 seen[k]->name, got, want);
		}
	}
	app_free(a);
}

static void unknown_screens(void **state)
{
	(void)state;
	app *a = new_app();
	assert_int_equal(app_open(a, "nowhere", LANG_CY), -1);
	assert_int_equal(app_open(a, "leaflet:0", LANG_CY), -1);
	assert_int_equal(app_open(a, "leaflet:99", LANG_CY), -1);
	assert_int_equal(app_open(a, "leaflet:2x", LANG_CY), -1);
	assert_int_equal(app_open(a, "menu:2", LANG_CY), -1);
	/* The shipped content names no web address: there is no such card. */
	assert_int_equal(app_open(a, "contact:url", LANG_CY), -1);
	assert_int_equal(app_open(a, "contact:fax", LANG_CY), -1);
	assert_int_equal(app_open(a, "leaflet:3", LANG_EN), 0);
	char buf[32];
	app_field(a, "page", buf, sizeof buf);
	assert_string_equal(buf, "3");
	app_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_screen),
		cmocka_unit_test(contents_in_columns),
		cmocka_unit_test(menu_titles_line_up),
		cmocka_unit_test(close_is_optional),
		cmocka_unit_test(one_page_no_list),
		cmocka_unit_test(every_row),
		cmocka_unit_test(row_fields),
		cmocka_unit_test(unknown_screens),
		cmocka_unit_test(screens_and_schema_agree),
	};
	return cmocka_run_group_tests_name("screens", tests, NULL, NULL);
}
