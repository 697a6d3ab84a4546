/* Live content updates end to end: the real watcher (inotify, and the
 * fingerprint fallback) on a temporary copy of the shipped content, feeding
 * the app, which runs headless on the virtual clock as a script does.
 *
 * Files change in real time, so after each change the test polls the
 * watcher, with a bound, until it has reported the change and gone quiet;
 * it never sleeps a fixed time and never asserts a duration. The app's
 * quiet period and sessions run on the virtual clock.
 *
 * What the kiosk logs is captured from stderr: a reload says "content
 * reloaded (generation N)", a rejection names each problem once.
 *
 * Run from the repository root (tests/run.sh does): it reads assets/ and
 * fonts/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "platform/replay.h"
#include "platform/video.h"
#include "platform/watch.h"
#include "testlib.h"

#define W 1080
#define H 1920
/* How long one poll of the watcher may wait, and how many polls a change
 * may take to show up: a bound, not an expected time. */
#define POLL_MS 200
#define MAX_POLLS 100
/* An edit every 10 ms of virtual time: a hundred in one second. */
#define BURST 100
#define BURST_STEP_MS 10

#define OLD_TEXT "A child practice review is a way"
#define NEW_TEXT "A kiosk test review is a way"
/* As long as OLD_TEXT, to be written over it. */
#define PKG_TEXT "A kiosk package review is a way,"

/* ---- files ---- */

/* Points the symlink `link` at target at once, as `mv -T` does. */
static void swap_link(const char *target, const char *link)
{
	char tmp[700];
	snprintf(tmp, sizeof tmp, "%s.new", link);
	unlink(tmp);
	assert_int_equal(symlink(target, tmp), 0);
	assert_int_equal(rename(tmp, link), 0);
}

/* ---- stderr ---- */

typedef struct {
	int saved;
	FILE *f; /* NULL: not capturing */
} capture;

static void capture_start(capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	assert_non_null(c->f);
	c->saved = dup(STDERR_FILENO);
	assert_true(c->saved >= 0);
	assert_true(dup2(fileno(c->f), STDERR_FILENO) >= 0);
}

/* What was written to stderr since capture_start; the caller frees it. */
static char *capture_end(capture *c)
{
	fflush(stderr);
	assert_true(dup2(c->saved, STDERR_FILENO) >= 0);
	close(c->saved);
	long n = ftell(c->f);
	assert_true(n >= 0);
	rewind(c->f);
	char *s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, c->f), (size_t)n);
	s[n] = '\0';
	fclose(c->f);
	c->f = NULL;
	/* Shown after the test's own output, to explain a failure. */
	fputs(s, stderr);
	return s;
}

/* ---- the kiosk ---- */

typedef struct {
	char base[512];    /* the temporary folder */
	char content[600]; /* the folder the kiosk reads */
	app *a;
	video *v;
	watch *w;
	uint64_t now;
	capture cap;
} rig;

static int setup(void **state)
{
	rig *r = calloc(1, sizeof *r);
	if (!r)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(r->base, sizeof r->base, "%s/taflen-update-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(r->base))
		return -1;
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	rig *r = *state;
	/* A failed check leaves stderr captured, cmocka's message with it. */
	if (r->cap.f)
		free(capture_end(&r->cap));
	app_free(r->a);
	video_close(r->v);
	watch_free(r->w);
	tl_rm_tree(r->base);
	free(r);
	return 0;
}

/* Starts the kiosk on dir, watched by the real watcher; stderr is captured
 * from here on. */
static void rig_open(rig *r, const char *dir, const watch_options *wo)
{
	snprintf(r->content, sizeof r->content, "%s", dir);
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	snprintf(o.config.content_dir, sizeof o.config.content_dir, "%s", dir);
	tl_app_new(&o, &r->a);
	tl_app_headless(r->a, W, H, &r->v);
	watch_options inotify = {.check_ms = WATCH_CHECK_MS, .inotify = true};
	const char *why;
	assert_int_equal(watch_new(dir, wo ? wo : &inotify, &r->w, &why), 0);
	capture_start(&r->cap);
}

/* A fresh copy of the shipped content at base/name. */
static void fresh_copy(rig *r, const char *name, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", r->base, name);
	tl_copy_content(TL_SHIPPED, out);
}

static void advance(rig *r, uint64_t ms)
{
	replay_advance(r->a, &r->now, r->now + ms, NULL);
}

/* Waits, with a bound, for the watcher to report a change, and tells the
 * app at the current virtual time. inotify queues a change's events before
 * the writing call returns, so what is left after the first report is read
 * at once, without waiting: the folder is quiet when the test stops
 * writing. */
static void notice(rig *r)
{
	watch_event ev = WATCH_TIMEOUT;
	for (int i = 0; i < MAX_POLLS && ev != WATCH_CHANGED; i++)
		ev = watch_wait(r->w, POLL_MS);
	if (ev != WATCH_CHANGED)
		fail_msg("the watcher reported no change to %s", r->content);
	do
		app_content_changed(r->a, r->now);
	while (watch_wait(r->w, 0) == WATCH_CHANGED);
}

/* A change noticed, then the folder left quiet for longer than the quiet
 * period (virtual time). */
static void settle(rig *r)
{
	notice(r);
	advance(r, RELOAD_QUIET_MS + 500);
}

/* The same folder loaded again with nothing changed (a spurious event, a
 * SIGHUP): a retry, which must not log the same problems again. */
static void retry(rig *r)
{
	app_content_changed(r->a, r->now);
	advance(r, RELOAD_QUIET_MS + 500);
}

static void expect(rig *r, const char *field, const char *value)
{
	char got[128];
	assert_int_equal(app_field(r->a, field, got, sizeof got), 0);
	if (strcmp(got, value) != 0)
		fail_msg("expected %s=%s, got %s=%s", field, value, field, got);
}

static bool shown(rig *r, const char *text)
{
	SDL_FRect f, l;
	return app_find_text(r->a, text, &f, &l) == 0;
}

static void tap_text(rig *r, const char *text)
{
	SDL_FRect f, l;
	if (app_find_text(r->a, text, &f, &l) != 0)
		fail_msg("\"%s\" is not on screen", text);
	float x = f.x + f.w / 2, y = f.y + f.h / 2;
	SDL_Event e = replay_finger(SDL_FINGERDOWN, x, y, W, H, r->now);
	app_handle_event(r->a, &e, r->now);
	e = replay_finger(SDL_FINGERUP, x, y, W, H, r->now);
	app_handle_event(r->a, &e, r->now);
	advance(r, 500);
}

/* The first English leaflet page shows the old or the new sentence. */
static void expect_leaflet_text(rig *r, const char *text, const char *not)
{
	assert_true(shown(r, text));
	assert_false(shown(r, not));
}

/* ---- valid updates ---- */

/* A visitor reading a page keeps the old text however long the new content
 * has been ready; Home ends the session and shows the new content; an idle
 * reset does too. */
static void valid_edit_waits_for_the_session_to_end(void **state)
{
	rig *r = *state;
	char dir[600];
	fresh_copy(r, "content", dir, sizeof dir);
	rig_open(r, dir, NULL);
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", OLD_TEXT, NEW_TEXT);
	settle(r);
	advance(r, 30000);
	expect(r, "screen", "leaflet");
	expect(r, "content_generation", "1");
	expect_leaflet_text(r, OLD_TEXT, NEW_TEXT);

	tap_text(r, "Home");
	expect(r, "screen", "menu");
	expect(r, "content_generation", "2");
	tap_text(r, "Child Practice Reviews");
	expect_leaflet_text(r, NEW_TEXT, OLD_TEXT);

	/* The next change waits on the page until the idle reset. */
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", NEW_TEXT, "A second test review is a way");
	settle(r);
	expect(r, "content_generation", "2");
	expect_leaflet_text(r, NEW_TEXT, "A second test review");
	advance(r, 200000);
	expect(r, "screen", "welcome");
	expect(r, "content_generation", "3");
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	expect_leaflet_text(r, "A second test review is a way", NEW_TEXT);

	char *log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, "content reloaded (generation 2)"), 1);
	assert_int_equal(tl_count(log, "content reloaded (generation 3)"), 1);
	assert_int_equal(tl_count(log, "content reloaded"), 2);
	assert_null(app_content_rejection(r->a));
	free(log);
}

/* On the welcome screen the new content shows once the folder has been
 * quiet for the quiet period, not before; a finger held down on the welcome
 * screen holds it back until it lifts. */
static void valid_edit_on_welcome_after_the_quiet_period(void **state)
{
	rig *r = *state;
	char dir[600];
	fresh_copy(r, "content", dir, sizeof dir);
	rig_open(r, dir, NULL);
	const char *v1 = "Information for parents and carers", *v2 = "Information for parents",
		   *v3 = "Information for carers";
	assert_true(shown(r, v1));
	tl_edit(dir, "en/ui.txt", v1, v2);
	notice(r);
	advance(r, RELOAD_QUIET_MS - 1);
	expect(r, "content_generation", "1");
	assert_true(shown(r, v1));
	advance(r, 1);
	expect(r, "content_generation", "2");
	assert_true(shown(r, v2));
	assert_false(shown(r, v1));

	tl_edit(dir, "en/ui.txt", v2, v3);
	notice(r);
	SDL_Event e = replay_finger(SDL_FINGERDOWN, 5, H - 5, W, H, r->now);
	app_handle_event(r->a, &e, r->now);
	advance(r, RELOAD_QUIET_MS + 1000);
	expect(r, "content_generation", "2");
	assert_true(shown(r, v2));
	/* Lifted away from where it came down: no tap, which on the
	 * welcome screen would start a visit. */
	e = replay_finger(SDL_FINGERMOTION, 300, H - 5, W, H, r->now);
	app_handle_event(r->a, &e, r->now);
	e = replay_finger(SDL_FINGERUP, 300, H - 5, W, H, r->now);
	app_handle_event(r->a, &e, r->now);
	advance(r, 16);
	expect(r, "screen", "welcome");
	expect(r, "content_generation", "3");
	assert_true(shown(r, v3));
	assert_false(shown(r, v2));
	free(capture_end(&r->cap));
}

/* A content package installed over the folder, as dpkg does it: each file
 * written beside its old self as NAME.dpkg-new, then renamed over it. */
static void package_install_is_picked_up(void **state)
{
	_Static_assert(sizeof PKG_TEXT == sizeof OLD_TEXT, "PKG_TEXT replaces OLD_TEXT in place");
	rig *r = *state;
	char dir[600], path[700], tmp[720];
	fresh_copy(r, "content", dir, sizeof dir);
	rig_open(r, dir, NULL);
	for (size_t i = 0; tl_content_files[i]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, tl_content_files[i]);
		snprintf(tmp, sizeof tmp, "%s.dpkg-new", path);
		size_t len;
		char *buf = tl_slurp(path, &len);
		char *at = strstr(buf, OLD_TEXT);
		if (at && strstr(tl_content_files[i], "en"))
			memcpy(at, PKG_TEXT, strlen(PKG_TEXT));
		tl_spit(tmp, buf, len);
		free(buf);
		assert_int_equal(rename(tmp, path), 0);
	}
	settle(r);
	expect(r, "content_generation", "2");
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	expect_leaflet_text(r, PKG_TEXT, OLD_TEXT);
	char *log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, "content reloaded"), 1);
	free(log);
}

/* The catalogue changes under a running kiosk: a leaflet's folder added
 * (a folder the watch did not have) and a language and a leaflet taken
 * away while a visitor reads that leaflet in that language. The visitor's
 * page stays until Home; then the menu is the new catalogue, in Welsh. */
static void catalogue_and_languages_change(void **state)
{
	rig *r = *state;
	char dir[600];
	snprintf(dir, sizeof dir, "%s/library", r->base);
	tl_copy_content("tests/fixtures/library", dir);
	rig_open(r, dir, NULL);
	lang_id pl;
	assert_int_equal(app_lang_find(r->a, "pl", &pl), 0);
	assert_int_equal(app_open(r->a, "leaflet/contact-us:2", pl), 0);

	tl_sh("mkdir '%s/leaflets/parking' && sed 's/^@title: .*/@title: Parcio/' "
	      "'%s/leaflets/opening-hours/cy.txt' >'%s/leaflets/parking/cy.txt'", dir, dir, dir);
	settle(r);
	expect(r, "content_generation", "1");
	tl_sh("rm -r '%s/pl' '%s/leaflets/contact-us' && rm '%s'/leaflets/*/pl.txt", dir, dir, dir);
	settle(r);
	expect(r, "content_generation", "1");
	expect(r, "leaflet", "contact-us");
	expect(r, "lang", "pl");

	tap_text(r, "Start");
	expect(r, "screen", "menu");
	expect(r, "content_generation", "2");
	expect(r, "lang", "cy");
	assert_false(shown(r, "Cysylltu â ni"));
	tap_text(r, "Parcio");
	expect(r, "leaflet", "parking");
	free(capture_end(&r->cap));
}

/* ---- bad updates: the last good content stays, the problem is logged once ---- */

/* A character no font has (the glyph check, as --check-content runs it):
 * logged once with its file and line, not again when the same broken file
 * is saved again, again when it breaks differently; fixed, it shows. */
static void broken_edit_is_logged_once(void **state)
{
	rig *r = *state;
	char dir[600];
	fresh_copy(r, "content", dir, sizeof dir);
	rig_open(r, dir, NULL);
	int line = tl_edit(dir, "leaflets/child-practice-reviews/en.txt", OLD_TEXT, "A kiosk test review \xf0\x9f\x91\x8d is a way");
	char want[1024];
	snprintf(want, sizeof want, "%s/leaflets/child-practice-reviews/en.txt:%d: no shipped font has U+1F44D", dir, line);
	settle(r);
	expect(r, "content_generation", "1");
	assert_non_null(app_content_rejection(r->a));
	assert_non_null(strstr(app_content_rejection(r->a), want));
	/* Staff see it on the dashboard. */
	assert_int_equal(app_open(r->a, "dashboard", LANG_EN), 0);
	char shown[1100];
	snprintf(shown, sizeof shown, "Content update rejected: %s", want);
	SDL_FRect f, l;
	if (app_find_text(r->a, shown, &f, &l) != 0)
		fail_msg("the dashboard does not show \"%s\"", shown);
	assert_int_equal(app_open(r->a, "welcome", LANG_CY), 0);

	/* Saved again, unchanged: the watcher sees it, the log does not. */
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "review", "review");
	settle(r);
	/* A second problem: news. */
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "@title: Child Practice Reviews",
	     "@title: Child Practice Reviews \xf0\x9f\x91\x8e");
	settle(r);
	expect(r, "content_generation", "1");
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	expect_leaflet_text(r, OLD_TEXT, "A kiosk test review");

	char *log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, want), 2); /* alone, then with the second problem */
	assert_int_equal(tl_count(log, "U+1F44E"), 1);
	assert_int_equal(tl_count(log, "rejected"), 2);
	assert_int_equal(tl_count(log, "content reloaded"), 0);
	free(log);

	capture_start(&r->cap);
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "A kiosk test review \xf0\x9f\x91\x8d is a way", NEW_TEXT);
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "@title: Child Practice Reviews \xf0\x9f\x91\x8e",
	     "@title: Child Practice Reviews");
	settle(r);
	tap_text(r, "Home");
	expect(r, "content_generation", "2");
	assert_null(app_content_rejection(r->a));
	free(capture_end(&r->cap));
}

/* A file caught half-written, cut off in the middle of a line and of a
 * character: refused, logged once however often it is seen. */
static void half_written_file_is_refused(void **state)
{
	rig *r = *state;
	char dir[600], path[700];
	fresh_copy(r, "content", dir, sizeof dir);
	rig_open(r, dir, NULL);
	snprintf(path, sizeof path, "%s/leaflets/child-practice-reviews/cy.txt", dir);
	size_t len;
	char *buf = tl_slurp(path, &len);
	char *cut = strstr(buf, "\xe2\x80\x99"); /* ’, three bytes */
	assert_non_null(cut);
	tl_spit(path, buf, (size_t)(cut - buf) + 1);
	settle(r);
	tl_spit(path, buf, (size_t)(cut - buf) + 1);
	settle(r);
	expect(r, "content_generation", "1");
	assert_non_null(app_content_rejection(r->a));
	assert_non_null(strstr(app_content_rejection(r->a), "leaflets/child-practice-reviews/cy.txt"));
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_CY), 0);
	assert_true(shown(r, "Adolygiadau Ymarfer Plant"));

	char *log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, "rejected"), 1);
	free(log);
	/* Written out in full, it is good again. */
	tl_spit(path, buf, len);
	settle(r);
	free(buf);
	tap_text(r, "Hafan");
	expect(r, "content_generation", "2");
}

/* The folder deleted: the kiosk keeps what it shows; put back, it is read
 * again. */
static void deleted_folder_keeps_the_content(void **state)
{
	rig *r = *state;
	char dir[600];
	fresh_copy(r, "content", dir, sizeof dir);
	rig_open(r, dir, NULL);
	tl_rm_tree(dir);
	settle(r);
	retry(r);
	expect(r, "content_generation", "1");
	assert_non_null(app_content_rejection(r->a));
	assert_true(shown(r, "Touch to start") || shown(r, "Cyffyrddwch"));
	char *log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, "rejected"), 1);
	free(log);

	capture_start(&r->cap);
	tl_copy_content(TL_SHIPPED, dir);
	settle(r);
	expect(r, "content_generation", "2");
	assert_null(app_content_rejection(r->a));
	free(capture_end(&r->cap));
}

/* The recommended way to publish (docs/content.md): a new folder, then a
 * symlink swapped with mv -T. A good folder is picked up, and the old one
 * is no longer watched; a broken one is refused and logged once. */
static void symlink_swaps(void **state)
{
	rig *r = *state;
	char v1[600], v2[600], v3[600], link[600];
	fresh_copy(r, "v1", v1, sizeof v1);
	snprintf(link, sizeof link, "%s/live", r->base);
	assert_int_equal(symlink("v1", link), 0);
	rig_open(r, link, NULL);

	fresh_copy(r, "v2", v2, sizeof v2);
	tl_edit(v2, "leaflets/child-practice-reviews/en.txt", OLD_TEXT, NEW_TEXT);
	/* Preparing a folder beside the live one changes nothing. */
	assert_int_equal(watch_wait(r->w, POLL_MS), WATCH_TIMEOUT);
	swap_link("v2", link);
	settle(r);
	expect(r, "content_generation", "2");
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	expect_leaflet_text(r, NEW_TEXT, OLD_TEXT);
	/* The old folder is nobody's now. */
	tl_edit(v1, "leaflets/child-practice-reviews/en.txt", OLD_TEXT, "An old folder's edit");
	assert_int_equal(watch_wait(r->w, POLL_MS), WATCH_TIMEOUT);

	fresh_copy(r, "v3", v3, sizeof v3);
	tl_edit(v3, "leaflets/learning-from-reviews/cy.txt", "[", "[[");
	swap_link("v3", link);
	settle(r);
	retry(r);
	advance(r, 200000); /* a session end: still nothing to swap in */
	expect(r, "content_generation", "2");
	assert_non_null(app_content_rejection(r->a));
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	expect_leaflet_text(r, NEW_TEXT, OLD_TEXT);
	char *log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, "rejected"), 1);
	assert_int_equal(tl_count(log, "content reloaded"), 1);
	free(log);
}

/* A hundred saves in one second (virtual time, one per real change the
 * watcher reports): one load, once the folder is quiet. Ending broken, the
 * kiosk keeps the last good content and logs once; ending good, it shows
 * the last version, one generation on. */
static void hundred_edits_in_a_second(void **state)
{
	rig *r = *state;
	char dir[600], path[700];
	fresh_copy(r, "content", dir, sizeof dir);
	rig_open(r, dir, NULL);
	snprintf(path, sizeof path, "%s/leaflets/child-practice-reviews/en.txt", dir);
	size_t len;
	char *good = tl_slurp(path, &len);
	for (int i = 1; i <= BURST; i++) {
		/* Ever longer pieces of the file, as a slow copy writes it;
		 * the last is whole but for its last heading's '#'. */
		size_t n = i < BURST ? len * (size_t)i / BURST : len;
		if (i == BURST) {
			char *h = strrchr(good, '#');
			assert_non_null(h);
			*h = '@';
		}
		tl_spit(path, good, n);
		notice(r);
		advance(r, BURST_STEP_MS);
		expect(r, "content_generation", "1");
	}
	advance(r, RELOAD_QUIET_MS + 500);
	retry(r);
	expect(r, "content_generation", "1");
	assert_non_null(app_content_rejection(r->a));
	char *log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, "rejected"), 1);
	free(log);

	capture_start(&r->cap);
	free(good);
	good = tl_slurp(TL_SHIPPED "/leaflets/child-practice-reviews/en.txt", &len);
	char *at = strstr(good, "A child practice review");
	assert_non_null(at);
	for (int i = 1; i <= BURST; i++) {
		char digits[4];
		snprintf(digits, sizeof digits, "%03d", i);
		memcpy(at + 2, digits, 3); /* "A 001ld practice review", ... */
		tl_spit(path, good, len);
		notice(r);
		advance(r, BURST_STEP_MS);
	}
	/* Quiet counts from the last edit, not the first. */
	advance(r, RELOAD_QUIET_MS - BURST_STEP_MS - 1);
	expect(r, "content_generation", "1");
	advance(r, 1);
	expect(r, "content_generation", "2");
	assert_null(app_content_rejection(r->a));
	assert_int_equal(app_open(r->a, "leaflet:1", LANG_EN), 0);
	assert_true(shown(r, "A 100ld practice review"));
	free(good);
	log = capture_end(&r->cap);
	assert_int_equal(tl_count(log, "content reloaded"), 1);
	free(log);
}

/* ---- the watcher alone ---- */

/* Without inotify, the fingerprint still sees an edit in place and a
 * symlink swapped. */
static void fingerprint_fallback(void **state)
{
	rig *r = *state;
	char v1[600], v2[600], link[600];
	fresh_copy(r, "v1", v1, sizeof v1);
	fresh_copy(r, "v2", v2, sizeof v2);
	snprintf(link, sizeof link, "%s/live", r->base);
	assert_int_equal(symlink("v1", link), 0);
	watch_options wo = {.check_ms = 20, .inotify = false};
	rig_open(r, link, &wo);
	assert_int_equal(watch_wait(r->w, POLL_MS), WATCH_TIMEOUT);
	tl_edit(v1, "en/ui.txt", "@home: Home", "@home: Home page");
	settle(r);
	expect(r, "content_generation", "2");
	swap_link("v2", link);
	settle(r);
	expect(r, "content_generation", "3");
	free(capture_end(&r->cap));
}

/* SIGHUP (blocked, read through the signalfd) asks for a reload: loaded at
 * once, no quiet period. watch_stop ends any wait. */
static void hangup_and_stop(void **state)
{
	rig *r = *state;
	char dir[600];
	fresh_copy(r, "content", dir, sizeof dir);
	watch_options wo = {.check_ms = WATCH_CHECK_MS, .inotify = true, .hangup = true};
	rig_open(r, dir, &wo);
	assert_int_equal(kill(getpid(), SIGHUP), 0);
	watch_event ev = WATCH_TIMEOUT;
	for (int i = 0; i < MAX_POLLS && ev == WATCH_TIMEOUT; i++)
		ev = watch_wait(r->w, POLL_MS);
	assert_int_equal(ev, WATCH_HANGUP);
	app_content_reload_requested(r->a, r->now);
	advance(r, 0);
	expect(r, "content_generation", "2");
	watch_stop(r->w);
	assert_int_equal(watch_wait(r->w, -1), WATCH_STOPPED);
	assert_int_equal(watch_wait(r->w, POLL_MS), WATCH_STOPPED);
	free(capture_end(&r->cap));
}

int main(void)
{
	/* As main.c does for the kiosk: SIGHUP for the signalfd, not exit. */
	if (watch_block_hangup() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
		T(valid_edit_waits_for_the_session_to_end),
		T(catalogue_and_languages_change),
		T(valid_edit_on_welcome_after_the_quiet_period),
		T(package_install_is_picked_up),
		T(broken_edit_is_logged_once),
		T(half_written_file_is_refused),
		T(deleted_folder_keeps_the_content),
		T(symlink_swaps),
		T(hundred_edits_in_a_second),
		T(fingerprint_fallback),
		T(hangup_and_stop),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
