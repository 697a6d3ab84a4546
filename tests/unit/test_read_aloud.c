/* Reading aloud on screen (docs/speech.md), through the real app and
 * espeak-ng on the virtual clock: the replay plays exactly the samples of
 * the time a script waits (platform/audio.h), so a wait lands on a known
 * word. The band under the word said is checked in the pixels of the frame,
 * against the word's rectangle in the layout. And the program itself: no
 * Listen with speech = off or without a sound output, and no error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/app_internal.h"
#include "app_invariants.h"
#include "platform/replay.h"
#include "platform/script.h"
#include "platform/video.h"
#include "testlib.h"

#define W 1080
#define H 1920

typedef struct {
	app *a;
	video *v;
	uint64_t clock;
} rig;

static void rig_open(rig *r, bool speech_on, const char *screen, lang_id lang)
{
	memset(r, 0, sizeof *r);
	app_options o = {.data_dir = ".", .kiosk = true, .audio = true};
	config_defaults(&o.config);
	o.config.speech = speech_on;
	tl_app_new(&o, &r->a);
	tl_app_headless(r->a, W, H, &r->v);
	assert_int_equal(app_open(r->a, screen, lang), 0);
}

static void rig_close(rig *r)
{
	app_attach_renderer(r->a, NULL, W, H);
	app_free(r->a);
	video_close(r->v);
}

/* Runs the lines of a script; each must hold. */
static void run(rig *r, const char *text)
{
	diag_list *d = diag_list_new();
	script *s = NULL;
	if (script_parse("read_aloud", text, strlen(text), d, &s) != 0) {
		diag_print(d, stderr);
		fail_msg("the test's own script does not parse");
	}
	diag_list_free(d);
	int rc = replay_run(r->a, r->v, s, NULL, &r->clock);
	script_free(s);
	if (rc != REPLAY_OK)
		fail_msg("the replay failed (%d); see the message above", rc);
	char why[256];
	if (app_invariants_check(r->a, why, sizeof why) != 0)
		fail_msg("%s", why);
}

static void field(rig *r, const char *name, char *buf, size_t size)
{
	assert_int_equal(app_field(r->a, name, buf, size), 0);
}

static SDL_Color pixel(const SDL_Surface *s, int x, int y)
{
	Uint32 p = ((const Uint32 *)(const void *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
	SDL_Color c;
	SDL_GetRGB(p, s->format, &c.r, &c.g, &c.b);
	return c;
}

static bool same(SDL_Color a, SDL_Color b)
{
	return abs(a.r - b.r) <= 2 && abs(a.g - b.g) <= 2 && abs(a.b - b.b) <= 2;
}

/* How many pixels of row y, from x0 to x1, have colour c. */
static int run_of(const SDL_Surface *s, int y, int x0, int x1, SDL_Color c)
{
	int n = 0;
	for (int x = x0 < 0 ? 0 : x0; x < x1 && x < s->w; x++)
		n += same(pixel(s, x, y), c);
	return n;
}

/* The rectangle of the word the script field spoken_word names, from the
 * layout the screen read: the engine's word (block, bytes) in it, moved by
 * the scroll. Checks that its text is the field's. */
static SDL_FRect spoken_rect(rig *r, const char *word)
{
	app_insides in = app_inside(r->a);
	speech_word w;
	assert_true(voice_word(in.voice, &w));
	assert_true(in.marks->listen_item > 0);
	const view_item *shown = view_get(in.view, in.marks->listen_item - 1);
	size_t len;
	const char *text = text_layout_block_text(shown->text, w.block, &len);
	assert_true(w.offset + w.len <= len);
	assert_int_equal(w.len, strlen(word));
	assert_memory_equal(text + w.offset, word, w.len);
	text_rect t;
	assert_true(text_layout_range_rects(shown->text, w.block, w.offset, w.offset + w.len, &t, 1) > 0);
	float dy = shown->scrolls ? -in.st->scroll : 0;
	return (SDL_FRect){shown->tx + t.x, shown->ty + t.y + dy, t.w, t.h};
}

static SDL_Surface *shot(rig *r)
{
	char dir[512], path[600];
	tl_temp_dir(dir, sizeof dir, "read_aloud");
	snprintf(path, sizeof path, "shot %s/frame.png\n", dir);
	run(r, path);
	snprintf(path, sizeof path, "%s/frame.png", dir);
	SDL_Surface *s = tl_load_png(path);
	tl_rm_tree(dir);
	return s;
}

/* Listen, wait, the frame: the band lies under the word spoken_word names
 * (its line along the rectangle's foot, the band's colour behind it), and
 * under no other word of the line. */
static void test_band_under_spoken_word(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, true, "leaflet:2", LANG_CY);
	char buf[256];
	field(&r, "speaking", buf, sizeof buf);
	assert_string_equal(buf, "no");
	run(&r, "tap-text \"Gwrando\"\nexpect speaking yes\nwait 1000\n");
	field(&r, "spoken_word", buf, sizeof buf);
	assert_string_not_equal(buf, "none");
	SDL_FRect at = spoken_rect(&r, buf);
	SDL_Surface *s = shot(&r);
	assert_non_null(s);
	SDL_Color line = view_palette(COLOR_OUTLINE), band = view_palette(COLOR_BAR);
	int foot = (int)(at.y + at.h) - 1, x0 = (int)at.x + 1, x1 = (int)(at.x + at.w) - 1;
	/* The line under the whole word. */
	assert_true(run_of(s, foot, x0, x1, line) >= (x1 - x0) * 9 / 10);
	/* The band behind it: its colour at the word's top, between glyphs. */
	assert_true(run_of(s, (int)at.y + 1, x0, x1, band) >= (x1 - x0) / 2);
	/* Nowhere else on that row: not under the words before or after. */
	assert_int_equal(run_of(s, foot, 0, x0 - 2, line), 0);
	assert_int_equal(run_of(s, foot, x1 + 2, s->w - 40, line), 0);
	SDL_FreeSurface(s);
	rig_close(&r);
}

/* wait 1500 plays exactly 1.5 s: after it the play position is 1500 ms. */
static void test_virtual_clock_plays_the_wait(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, true, "leaflet:1", LANG_EN);
	run(&r, "tap-text \"Listen\"\nwait 1500\n");
	uint32_t pos;
	assert_int_equal(speech_status(app_speech(r.a), &pos), SPEECH_PLAYING);
	assert_int_equal(pos, 1500);
	run(&r, "tap-text \"Pause\"\nexpect speaking paused\nwait 700\n");
	assert_int_equal(speech_status(app_speech(r.a), &pos), SPEECH_PAUSED);
	assert_int_equal(pos, 1500);
	run(&r, "tap-text \"Resume\"\nexpect speaking yes\nwait 300\n");
	speech_status(app_speech(r.a), &pos);
	assert_int_equal(pos, 1800);
	run(&r, "tap-text \"Stop\"\nexpect speaking no\nexpect spoken_word none\n");
	assert_int_equal(app_find_text(r.a, "Listen", &(SDL_FRect){0}, &(SDL_FRect){0}), 0);
	rig_close(&r);
}

/* Another page, Home, the idle reset: the reading stops. */
static void test_stops(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, true, "leaflet:2", LANG_EN);
	run(&r, "tap-text \"Listen\"\nwait 500\nexpect speaking yes\n"
		"tap-text \"Next\"\nexpect page 3\nexpect speaking no\nexpect spoken_word none\n");
	assert_int_equal(speech_status(app_speech(r.a), NULL), SPEECH_IDLE);
	run(&r, "tap-text \"Listen\"\nwait 500\nexpect speaking yes\n"
		"tap-text \"Home\"\nexpect screen menu\nexpect speaking no\n");
	assert_int_equal(speech_status(app_speech(r.a), NULL), SPEECH_IDLE);
	/* Paused, the idle timer runs: the warning, the reset, and silence. */
	app_open(r.a, "learn", LANG_EN);
	run(&r, "tap-text \"Listen\"\nwait 500\ntap-text \"Pause\"\nwait 90000\n"
		"expect overlay idle-warning\nexpect speaking paused\nwait 30000\n"
		"expect screen welcome\nexpect speaking no\n");
	assert_int_equal(speech_status(app_speech(r.a), NULL), SPEECH_IDLE);
	rig_close(&r);
}

/* While it reads, the idle timer does not run out: with a 20 s timeout, a
 * page that reads for 27 s has no warning at 25 s, and the warning comes
 * 20 s after the reading ended. */
static void test_idle_waits_while_reading(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, true, "leaflet:3", LANG_CY);
	app_insides in = app_inside(r.a);
	in.idle->timeout_ms = 20000;
	run(&r, "tap-text \"Gwrando\"\nwait 25000\nexpect speaking yes\nexpect overlay none\n");
	char buf[32] = "yes";
	for (int i = 0; i < 60 && strcmp(buf, "yes") == 0; i++) {
		run(&r, "wait 1000\n");
		field(&r, "speaking", buf, sizeof buf);
	}
	assert_string_equal(buf, "no");
	/* It ended within the last second. */
	run(&r, "wait 18000\nexpect overlay none\nwait 2100\nexpect overlay idle-warning\n");
	rig_close(&r);
}

/* A switch of language while reading: reading goes on in the other
 * language, from the start of the block it was in. */
static void test_language_switch_continues(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, true, "leaflet:2", LANG_CY);
	/* The second block (the paragraph) starts after the heading and its
	 * pause: a few seconds in, it is being read. */
	run(&r, "tap-text \"Gwrando\"\nwait 3000\nexpect speaking yes\n");
	speech_word w;
	assert_true(voice_word(app_inside(r.a).voice, &w));
	assert_int_equal(w.block, 1);
	run(&r, "tap-text \"English\"\nexpect lang en\nexpect speaking yes\nwait 100\n");
	char buf[64];
	field(&r, "spoken_word", buf, sizeof buf);
	/* The English paragraph's first word, not the heading's. */
	assert_true(voice_word(app_inside(r.a).voice, &w));
	assert_int_equal(w.block, 1);
	assert_int_equal(w.offset, 0);
	assert_string_equal(buf, "The");
	rig_close(&r);
}

/* A page longer than the screen: each word said is within the scrolling
 * region when it is marked, and the page has scrolled to follow it. */
static void test_page_follows_the_word(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, true, "learn", LANG_CY);
	run(&r, "expect scroll 0\ntap-text \"Gwrando\"\n");
	char word[256], speaking[16] = "yes";
	int marked = 0;
	for (int i = 0; i < 40 && strcmp(speaking, "yes") == 0; i++) {
		run(&r, "wait 2500\n");
		field(&r, "speaking", speaking, sizeof speaking);
		field(&r, "spoken_word", word, sizeof word);
		if (strcmp(word, "none") == 0)
			continue;
		SDL_FRect at = spoken_rect(&r, word);
		SDL_FRect region = view_scroll_region(app_inside(r.a).view);
		assert_true(at.y >= region.y - 1 && at.y + at.h <= region.y + region.h + 1);
		marked++;
	}
	assert_true(marked > 10);
	/* Read to its end, far down the page. */
	assert_string_equal(speaking, "no");
	char scroll[32];
	field(&r, "scroll", scroll, sizeof scroll);
	assert_true(atoi(scroll) > 200);
	rig_close(&r);
}

/* A new temporary folder (named after name) in dir, holding an
 * espeak-ng-data that is the system's but for the dictionaries the shell
 * pattern drop matches ("*cy_dict|*pl_dict"). */
static void data_without(const char *name, const char *drop, char *dir, size_t size)
{
	speech *s = NULL;
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	char sys_data[4096], data[600];
	snprintf(sys_data, sizeof sys_data, "%s", speech_data_dir(s));
	speech_free(s);
	tl_temp_dir(dir, size, name);
	snprintf(data, sizeof data, "%s/espeak-ng-data", dir);
	tl_sh("mkdir '%s' && for f in '%s'/*; do case \"$f\" in %s) ;; *) ln -s \"$f\" '%s'/ ;; esac; done",
	      data, sys_data, drop, data);
}

/* The program headless on dir's espeak-ng data with args, replaying the
 * script lines; returns its exit status, and its standard error in *err (the
 * caller frees it). */
static int run_on_data(const char *dir, const char *args, const char *lines, char **err)
{
	char cmd[8192], prog[1024], scr[700], err_path[700];
	tl_program("build/tests/test_read_aloud", prog, sizeof prog);
	snprintf(scr, sizeof scr, "%s/v.script", dir);
	snprintf(err_path, sizeof err_path, "%s/err.txt", dir);
	tl_spit(scr, lines, strlen(lines));
	snprintf(cmd, sizeof cmd, "TAFLEN_ESPEAK_DATA=%s %s --headless %s --script %s 2>%s", dir,
		 prog, args, scr, err_path);
	int rc = system(cmd);
	size_t n;
	*err = tl_slurp(err_path, &n);
	return rc;
}

/* A language whose espeak-ng dictionary is missing has no Listen; the
 * other still has. The program on a data folder without cy_dict and
 * pl_dict: Polish, a language of the test library, has none either. */
static void test_voice_missing_for_a_language(void **state)
{
	(void)state;
	char dir[512], *e;
	data_without("read_aloud_voice", "*cy_dict|*pl_dict", dir, sizeof dir);
	const char *lines = "expect speaking no\ntap-text \"English\"\ntap-text \"Listen\"\n"
			    "expect speaking yes\n";
	assert_int_equal(run_on_data(dir, "--lang cy --screen leaflet:2", lines, &e), 0);
	assert_non_null(strstr(e, "no espeak-ng voice \"cy\""));
	assert_int_equal(tl_count(e, "\n"), 1);
	free(e);
	/* And no Gwrando on the Welsh page. */
	assert_int_not_equal(
		run_on_data(dir, "--lang cy --screen leaflet:2", "tap-text \"Gwrando\"\n", &e), 0);
	assert_non_null(strstr(e, "\"Gwrando\" is not on screen"));
	free(e);
	assert_int_not_equal(run_on_data(dir,
					 "--content tests/fixtures/library --lang pl "
					 "--screen leaflet/contact-us:1",
					 "tap-text \"Słuchaj\"\n", &e),
			     0);
	assert_non_null(strstr(e, "no espeak-ng voice \"pl\": no Listen in pl\n"));
	assert_non_null(strstr(e, "\"Słuchaj\" is not on screen"));
	free(e);
	tl_rm_tree(dir);
}

/* Welsh words are read by the Welsh voice, whatever the language shown: the
 * test library's learning page has no Polish, so in Polish it shows its
 * Welsh under a note, and Listen is offered even without a Polish voice
 * (the data folder here lacks pl_dict), while a page in Polish has none. */
static void test_welsh_shown_for_a_language_reads_in_welsh(void **state)
{
	(void)state;
	char dir[512], *e;
	data_without("read_aloud_shown", "*pl_dict", dir, sizeof dir);
	const char *lines = "tap-text \"Słuchaj\"\nwait 1000\nexpect speaking yes\n";
	int rc = run_on_data(dir, "--content tests/fixtures/library --lang pl --screen learn", lines,
			     &e);
	if (rc != 0)
		fail_msg("the Welsh learning page in Polish offers no Listen: %s", e);
	free(e);
	assert_int_not_equal(run_on_data(dir,
					 "--content tests/fixtures/library --lang pl "
					 "--screen leaflet/contact-us:1",
					 lines, &e),
			     0);
	assert_non_null(strstr(e, "\"Słuchaj\" is not on screen"));
	free(e);
	tl_rm_tree(dir);
}

/* speech = off: no control, nothing reads. */
static void test_speech_off(void **state)
{
	(void)state;
	rig r;
	rig_open(&r, false, "leaflet:2", LANG_CY);
	assert_null(app_speech(r.a));
	assert_int_equal(app_find_text(r.a, "Gwrando", &(SDL_FRect){0}, &(SDL_FRect){0}), -1);
	run(&r, "expect speaking no\nexpect spoken_word none\n");
	app_open(r.a, "quiz", LANG_EN);
	assert_int_equal(app_find_text(r.a, "Listen", &(SDL_FRect){0}, &(SDL_FRect){0}), -1);
	rig_close(&r);
}

/* The program: speech = off, and a sound output that does not open (SDL
 * has no such driver): no Listen, exit 0, and for the missing output one
 * line that says so. */
static void test_program_without_sound(void **state)
{
	(void)state;
	char prog[1024], dir[512], cmd[4096];
	tl_program("build/tests/test_read_aloud", prog, sizeof prog);
	tl_temp_dir(dir, sizeof dir, "read_aloud_cli");
	char scr[600], conf[600], err[600];
	snprintf(scr, sizeof scr, "%s/no_listen.script", dir);
	snprintf(conf, sizeof conf, "%s/off.conf", dir);
	snprintf(err, sizeof err, "%s/err.txt", dir);
	const char *lines = "expect speaking no\nexpect screen leaflet\n";
	tl_spit(scr, lines, strlen(lines));
	tl_spit(conf, "speech = off\n", 13);
	/* Listen is there with sound. */
	char with[600];
	snprintf(with, sizeof with, "%s/listen.script", dir);
	tl_spit(with, "tap-text \"Listen\"\nexpect speaking yes\n", 38);
	snprintf(cmd, sizeof cmd, "%s --headless --lang en --screen leaflet:2 --script %s 2>%s", prog,
		 with, err);
	assert_int_equal(system(cmd), 0);
	/* speech = off. */
	snprintf(cmd, sizeof cmd, "%s --config %s --headless --lang en --screen leaflet:2 --script %s 2>%s",
		 prog, conf, with, err);
	assert_int_not_equal(system(cmd), 0);
	size_t n;
	char *e = tl_slurp(err, &n);
	assert_non_null(strstr(e, "\"Listen\" is not on screen"));
	free(e);
	snprintf(cmd, sizeof cmd, "%s --config %s --headless --lang en --screen leaflet:2 --script %s 2>%s",
		 prog, conf, scr, err);
	assert_int_equal(system(cmd), 0);
	e = tl_slurp(err, &n);
	assert_int_equal(n, 0);
	free(e);
	/* No sound output. */
	snprintf(cmd, sizeof cmd,
		 "SDL_AUDIODRIVER=no-such-driver %s --headless --lang en --screen leaflet:2 --script %s 2>%s",
		 prog, with, err);
	assert_int_not_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd,
		 "SDL_AUDIODRIVER=no-such-driver %s --headless --lang en --screen leaflet:2 --script %s 2>%s",
		 prog, scr, err);
	assert_int_equal(system(cmd), 0);
	e = tl_slurp(err, &n);
	assert_int_equal(tl_count(e, "\n"), 1);
	assert_non_null(strstr(e, "no sound output"));
	assert_non_null(strstr(e, "reading aloud is off"));
	free(e);
	tl_rm_tree(dir);
}

/* The usage figures: a visit that used Listen is recorded with listen = 1,
 * the next one (without) with 0. */
static void test_listen_recorded(void **state)
{
	(void)state;
	char prog[1024], dir[512], cmd[4096], scr[600], db[600], rows[256];
	tl_program("build/tests/test_read_aloud", prog, sizeof prog);
	tl_temp_dir(dir, sizeof dir, "read_aloud_stats");
	snprintf(scr, sizeof scr, "%s/visits.script", dir);
	snprintf(db, sizeof db, "%s/stats.db", dir);
	const char *lines = "tap-text \"Listen\"\nwait 500\ntap-text \"Home\"\ntap-text \"Home\"\n"
			    "expect session 1\ntap-text \"English\"\ntap-text \"Home\"\n"
			    "expect session 2\n";
	tl_spit(scr, lines, strlen(lines));
	snprintf(cmd, sizeof cmd, "%s --headless --stats-db %s --lang en --screen leaflet:2 --script %s",
		 prog, db, scr);
	assert_int_equal(system(cmd), 0);
	tl_query(db, "SELECT listen FROM sessions ORDER BY id", rows, sizeof rows);
	assert_string_equal(rows, "1\n0\n");
	tl_rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_band_under_spoken_word),
		cmocka_unit_test(test_virtual_clock_plays_the_wait),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_idle_waits_while_reading),
		cmocka_unit_test(test_language_switch_continues),
		cmocka_unit_test(test_page_follows_the_word),
		cmocka_unit_test(test_voice_missing_for_a_language),
		cmocka_unit_test(test_welsh_shown_for_a_language_reads_in_welsh),
		cmocka_unit_test(test_speech_off),
		cmocka_unit_test(test_program_without_sound),
		cmocka_unit_test(test_listen_recorded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
