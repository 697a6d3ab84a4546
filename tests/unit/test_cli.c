/* The taflen program as a user runs it: options, exit codes, and headless
 * screenshots. A screenshot must be what the app draws for that screen and
 * language (compared pixel for pixel with an in-process render, whose text
 * the app can find); the welcome screen is bilingual, so it is the same
 * whatever --lang says and shows both titles, while the menu differs by
 * language and shows only its own. Both orientations; never blank. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "app/app.h"
#include "content/content.h"
#include "platform/video.h"
#include "testlib.h"

static char program[4096];

/* Runs taflen with args; returns its exit code and its output (stdout and
 * stderr together) in out. */
static int run(const char *args, char *out, size_t size)
{
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "%s %s 2>&1", program, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void help_and_bad_options(void **state)
{
	(void)state;
	char out[8192];
	assert_int_equal(run("--help", out, sizeof out), 0);
	assert_non_null(strstr(out, "--screenshot OUT.png"));
	assert_non_null(strstr(out, "--check-content"));
	assert_int_equal(run("--frobnicate", out, sizeof out), 2);
	assert_string_equal(out, "taflen: unknown option: --frobnicate (see --help)\n");
	/* A well-formed tag the content does not have, then no tag at all. */
	assert_int_equal(run("--screenshot /tmp/x.png --lang fr", out, sizeof out), 2);
	assert_string_equal(out, "taflen: --lang fr: the content has no such language\n");
	assert_int_equal(run("--screenshot /tmp/x.png --lang Welsh", out, sizeof out), 2);
	assert_string_equal(out,
			    "taflen: --lang is a language tag such as cy, en or pl, not: Welsh (see --help)\n");
	assert_int_equal(run("--screenshot /tmp/x.png --size 10x10", out, sizeof out), 2);
	assert_int_equal(run("--script x.script", out, sizeof out), 2);
}

static void unknown_screen(void **state)
{
	(void)state;
	char out[8192];
	assert_int_equal(run("--screenshot /tmp/taflen-x.png --screen nowhere", out, sizeof out), 2);
	assert_non_null(strstr(out, "unknown screen \"nowhere\""));
}

static void no_display(void **state)
{
	(void)state;
	char out[8192], args[256];
	snprintf(args, sizeof args, "--windowed");
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER= %s %s 2>&1",
		 program, args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_non_null(strstr(out, "no display"));
	assert_non_null(strstr(out, "--screenshot"));
	size_t lines = 0;
	for (const char *c = out; *c; c++)
		lines += *c == '\n';
	assert_int_equal(lines, 1);
}

/* taflen --screenshot of screen in lang at w x h, as a new ARGB8888
 * surface; it must be the right size and not blank. */
static SDL_Surface *screenshot(const char *screen, lang_id lang, int w, int h)
{
	char path[256], args[512], out[8192];
	snprintf(path, sizeof path, "/tmp/taflen-test-%s-%s-%dx%d.png", screen, lang_code(lang), w,
		 h);
	remove(path);
	/* No config: the in-process render it is compared with has none. */
	snprintf(args, sizeof args,
		 "--config /dev/null --screenshot %s --size %dx%d --lang %s --screen %s", path, w, h,
		 lang_code(lang), screen);
	int rc = run(args, out, sizeof out);
	if (rc != 0)
		fail_msg("taflen %s: exit %d: %s", args, rc, out);
	SDL_Surface *rgb = tl_load_png(path);
	remove(path);
	assert_int_equal(rgb->w, w);
	assert_int_equal(rgb->h, h);
	/* Not blank: many pixels differ from the middle of the left edge, in
	 * several colours. */
	Uint32 edge = ((Uint32 *)rgb->pixels)[rgb->w * (rgb->h / 2)];
	size_t differ = 0;
	Uint32 seen[8];
	size_t n_seen = 0;
	for (int y = 0; y < rgb->h; y += 3) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)rgb->pixels + (size_t)y * rgb->pitch);
		for (int x = 0; x < rgb->w; x += 3) {
			if (row[x] == edge)
				continue;
			differ++;
			bool known = false;
			for (size_t i = 0; i < n_seen; i++)
				known |= seen[i] == row[x];
			if (!known && n_seen < 8)
				seen[n_seen++] = row[x];
		}
	}
	assert_true(differ > (size_t)(w / 3) * (h / 3) / 50);
	assert_true(n_seen >= 4);
	return rgb;
}

/* Red, green and blue of every pixel alike (a PNG may drop alpha). */
static bool same_pixels(const SDL_Surface *a, const SDL_Surface *b)
{
	if (a->w != b->w || a->h != b->h)
		return false;
	for (int y = 0; y < a->h; y++) {
		const Uint32 *ra = (const Uint32 *)((const Uint8 *)a->pixels + (size_t)y * a->pitch);
		const Uint32 *rb = (const Uint32 *)((const Uint8 *)b->pixels + (size_t)y * b->pitch);
		for (int x = 0; x < a->w; x++)
			if ((ra[x] ^ rb[x]) & 0xffffffu)
				return false;
	}
	return true;
}

/* A screen drawn in-process, as run_headless in main.c draws it. */
typedef struct {
	app *a;
	video *v;
	SDL_Surface *pixels;
} drawn;

static void draw(drawn *d, const char *screen, lang_id lang, int w, int h)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	diag_list *diags = diag_list_new();
	assert_non_null(diags);
	assert_int_equal(app_new(&o, diags, &d->a), 0);
	if (diag_count(diags))
		diag_print(diags, stderr);
	assert_int_equal(diag_count(diags), 0);
	diag_list_free(diags);
	assert_int_equal(video_open_headless(w, h, &d->v), 0);
	assert_int_equal(app_attach_renderer(d->a, video_renderer(d->v), w, h), 0);
	app_draw_into(d->a, video_surface(d->v));
	assert_int_equal(app_open(d->a, screen, lang), 0);
	video_begin(d->v);
	assert_int_equal(app_render(d->a), 0);
	video_present(d->v);
	d->pixels = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(d->pixels);
	assert_int_equal(SDL_RenderReadPixels(video_renderer(d->v), NULL, SDL_PIXELFORMAT_ARGB8888,
					      d->pixels->pixels, d->pixels->pitch),
			 0);
}

static bool shows(drawn *d, const char *text)
{
	SDL_FRect first, last;
	return app_find_text(d->a, text, &first, &last) == 0;
}

static void undraw(drawn *d)
{
	SDL_FreeSurface(d->pixels);
	app_attach_renderer(d->a, NULL, 0, 0);
	video_close(d->v);
	app_free(d->a);
}

/* The shipped content's [SECTION] @title of ui.txt in each language. */
static void titles(const char *section, char out[LANG_EN + 1][256])
{
	content *c = tl_load_content(TL_SHIPPED);
	for (int l = 0; l <= LANG_EN; l++) {
		const char *t = content_section_field(content_get_section(c, (lang_id)l, "ui", section),
						      "title");
		if (!t)
			fail_msg("assets/content/%s/ui.txt: no @title in [%s]", lang_code((lang_id)l),
				 section);
		snprintf(out[l], 256, "%s", t);
	}
	content_free(c);
	if (strcmp(out[LANG_CY], out[LANG_EN]) == 0)
		fail_msg("[%s] @title is \"%s\" in both languages: the test cannot tell them apart",
			 section, out[LANG_CY]);
}

/* The welcome screen is bilingual: --lang says only which language the kiosk
 * goes on in, so the screenshot is the same for both, and shows both titles. */
static void welcome_is_bilingual(void **state)
{
	(void)state;
	char title[LANG_EN + 1][256];
	titles("welcome", title);
	const int sizes[2][2] = {{1080, 1920}, {1920, 1080}};
	for (size_t i = 0; i < 2; i++) {
		int w = sizes[i][0], h = sizes[i][1];
		SDL_Surface *cy = screenshot("welcome", LANG_CY, w, h);
		SDL_Surface *en = screenshot("welcome", LANG_EN, w, h);
		if (!same_pixels(cy, en))
			fail_msg("welcome %dx%d: --lang cy and --lang en differ", w, h);
		drawn d;
		draw(&d, "welcome", LANG_EN, w, h);
		if (!same_pixels(en, d.pixels))
			fail_msg("welcome %dx%d: the screenshot is not what the app draws", w, h);
		for (int l = 0; l <= LANG_EN; l++)
			if (!shows(&d, title[l]))
				fail_msg("welcome %dx%d: \"%s\" is not on it", w, h, title[l]);
		undraw(&d);
		SDL_FreeSurface(cy);
		SDL_FreeSurface(en);
	}
}

/* The menu is in one language: the two screenshots differ, and each is the
 * app's menu in its language, which shows that language's title and not
 * the other's. */
static void menu_by_language(void **state)
{
	(void)state;
	char title[LANG_EN + 1][256];
	titles("menu", title);
	const int sizes[2][2] = {{1080, 1920}, {1920, 1080}};
	for (size_t i = 0; i < 2; i++) {
		int w = sizes[i][0], h = sizes[i][1];
		SDL_Surface *shot[LANG_EN + 1];
		for (int l = 0; l <= LANG_EN; l++) {
			shot[l] = screenshot("menu", (lang_id)l, w, h);
			drawn d;
			draw(&d, "menu", (lang_id)l, w, h);
			if (!same_pixels(shot[l], d.pixels))
				fail_msg("menu --lang %s %dx%d: the screenshot is not the app's menu "
					 "in that language",
					 lang_code((lang_id)l), w, h);
			if (!shows(&d, title[l]))
				fail_msg("menu --lang %s: \"%s\" is not on it", lang_code((lang_id)l),
					 title[l]);
			if (shows(&d, title[1 - l]))
				fail_msg("menu --lang %s: \"%s\" is on it", lang_code((lang_id)l),
					 title[1 - l]);
			undraw(&d);
		}
		if (same_pixels(shot[LANG_CY], shot[LANG_EN]))
			fail_msg("menu %dx%d: --lang cy and --lang en give the same picture", w, h);
		SDL_FreeSurface(shot[LANG_CY]);
		SDL_FreeSurface(shot[LANG_EN]);
	}
}

static void check_content_shipped(void **state)
{
	(void)state;
	char out[8192];
	int rc = run("--check-content", out, sizeof out);
	if (rc != 0)
		fail_msg("--check-content: exit %d: %s", rc, out);
	assert_non_null(strstr(out, "valid"));
}

/* The test library (tests/fixtures/library): three languages, Polish among
 * them, every file checked, the fonts' glyphs included. */
static void check_content_library(void **state)
{
	(void)state;
	char out[8192];
	int rc = run("--check-content tests/fixtures/library", out, sizeof out);
	if (rc != 0)
		fail_msg("--check-content: exit %d: %s", rc, out);
	assert_string_equal(out, "tests/fixtures/library: valid: 4 items in the catalogue, 3 languages: "
				 "14 files, 63 sections, 68 blocks\n");
}

/* --screen names a leaflet by its folder and a page of it, in any language
 * of the content; one it does not have is refused. */
static void screen_names_a_leaflet(void **state)
{
	(void)state;
	char out[8192];
	static const char *const good[] = {"leaflet", "leaflet:2", "leaflet/your-visit",
					   "leaflet/your-visit:3", "leaflet/contact-us:2"};
	static const char *const bad[] = {"leaflet/your-visit:4", "leaflet/nope", "leaflet/",
					  "leaflet/learning-from-reviews", "leaflet:0",
					  "leaflet/your-visit:x", "learn/x"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		char args[256];
		snprintf(args, sizeof args,
			 "--content tests/fixtures/library --screenshot /tmp/x.png --lang pl --screen %s",
			 good[i]);
		if (run(args, out, sizeof out) != 0)
			fail_msg("--screen %s: %s", good[i], out);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char args[256];
		snprintf(args, sizeof args,
			 "--content tests/fixtures/library --screenshot /tmp/x.png --lang pl --screen %s",
			 bad[i]);
		if (run(args, out, sizeof out) != 2 || !strstr(out, "unknown screen"))
			fail_msg("--screen %s was not refused: %s", bad[i], out);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	tl_program(argv[0], program, sizeof program);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_and_bad_options),
		cmocka_unit_test(unknown_screen),
		cmocka_unit_test(no_display),
		cmocka_unit_test(welcome_is_bilingual),
		cmocka_unit_test(menu_by_language),
		cmocka_unit_test(check_content_shipped),
		cmocka_unit_test(check_content_library),
		cmocka_unit_test(screen_names_a_leaflet),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
