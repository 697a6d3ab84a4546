/* Bad input to the real program, as an office would give it: broken copies
 * of the content folder, the fonts, a config file and replay scripts, made
 * in a scratch folder. For each: the exact message, naming the file and the
 * line (or byte column), appears once on stderr; the exit code; and what
 * the screen shows: the shipped content exactly as usual (the same pixels
 * as an unbroken run), the bilingual out-of-order screen when even the
 * shipped content is unusable, and never a blank screen or a crash.
 *
 * The custom copy's welcome titles are changed (MARKER_TITLE), so that
 * accepting a broken copy would show: where the shipped content must be
 * shown, the shipped titles are on screen and the copy's are not, as the
 * program itself finds them (a replay script's tap-text). custom_content_shown
 * proves the changed titles do show when the copy is valid.
 *
 * Runs build/taflen (found next to this test, as test_cli does) from the
 * repo root, with TAFLEN_DATA_DIR pointing at the scratch copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define SIZE "--size 360x640"
#define SYSTEM_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static char program[4096];
/* The first frame of the untouched program and data, made once. */
static char reference[64];
/* The shipped welcome titles (Welsh, English), read once. */
static char shipped_title[2][256];

/* ---- files ---- */

static int lines_in(const char *s, size_t len)
{
	int n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* A scratch data folder: copies of assets/ and fonts/, and a second copy of
 * the content as DIR/custom for --content, whose welcome titles are
 * MARKER_TITLE. */
typedef struct {
	char dir[64];
	char path[1024]; /* scratch for paths inside it */
} scratch;

static const char *in(scratch *s, const char *rel)
{
	snprintf(s->path, sizeof s->path, "%s/%s", s->dir, rel);
	return s->path;
}

/* Rewrites a content file line by line: a line starting with `prefix` is
 * replaced by `with` (NULL: dropped); returns its line number. */
static int edit_line(scratch *s, const char *rel, const char *prefix, const char *with)
{
	size_t len;
	char *text = tl_slurp(in(s, rel), &len);
	char *out = malloc(len + (with ? strlen(with) : 0) + 2);
	assert_non_null(out);
	size_t used = 0;
	int line = 0, found = 0;
	for (char *p = text; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		line++;
		if (!found && strncmp(p, prefix, strlen(prefix)) == 0) {
			found = line;
			if (with)
				used += (size_t)sprintf(out + used, "%s\n", with);
		} else {
			memcpy(out + used, p, n);
			used += n;
		}
		p += n;
	}
	if (!found)
		fail_msg("%s has no line starting \"%s\"", rel, prefix);
	tl_spit(s->path, out, used);
	free(out);
	free(text);
	return found;
}

/* The titles the custom copy's welcome screen shows instead of the shipped
 * ones (Welsh, English). */
static const char *const MARKER_TITLE[2] = {"Teitl y copi toredig", "Title of the broken copy"};

static int scratch_setup(void **state)
{
	scratch *s = calloc(1, sizeof *s);
	assert_non_null(s);
	snprintf(s->dir, sizeof s->dir, "/tmp/taflen-bad-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	tl_sh("cp -r assets fonts '%s'/ && cp -r assets/content '%s/custom'", s->dir, s->dir);
	char title[256];
	snprintf(title, sizeof title, "@title: %s", MARKER_TITLE[0]);
	edit_line(s, "custom/cy/ui.txt", "@title:", title);
	snprintf(title, sizeof title, "@title: %s", MARKER_TITLE[1]);
	edit_line(s, "custom/en/ui.txt", "@title:", title);
	*state = s;
	return 0;
}

static int scratch_teardown(void **state)
{
	scratch *s = *state;
	tl_rm_tree(s->dir);
	free(s);
	return 0;
}

/* ---- running taflen ---- */

typedef struct {
	int rc;
	char err[65536]; /* stderr */
} result;

static result *run(scratch *s, const char *args)
{
	static result r; /* 64 KB: too big for the stack; one run at a time */
	char errfile[128], cmd[16384];
	snprintf(errfile, sizeof errfile, "%s/stderr.txt", s->dir);
	snprintf(cmd, sizeof cmd, "TAFLEN_DATA_DIR='%s' '%s' %s >/dev/null 2>'%s'", s->dir, program,
		 args, errfile);
	int status = system(cmd);
	r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	size_t len;
	char *err = tl_slurp(errfile, &len);
	snprintf(r.err, sizeof r.err, "%s", err);
	free(err);
	return &r;
}

static void expect_once(const result *r, const char *msg)
{
	int n = tl_count(r->err, msg);
	if (n != 1)
		fail_msg("wanted once on stderr (got %d times):\n  %s\nstderr was:\n%s", n, msg, r->err);
}

/* ---- what the screen shows ---- */

typedef enum { SHOWS_SHIPPED, SHOWS_OUT_OF_ORDER, SHOWS_SOMETHING } screen_kind;

static bool same_pixels(const SDL_Surface *a, const SDL_Surface *b)
{
	if (a->w != b->w || a->h != b->h)
		return false;
	for (int y = 0; y < a->h; y++)
		if (memcmp((const Uint8 *)a->pixels + (size_t)y * a->pitch,
			   (const Uint8 *)b->pixels + (size_t)y * b->pitch, (size_t)a->w * 4) != 0)
			return false;
	return true;
}

/* Whether the program, run with args, shows text on its first screen, as
 * a replay script finds it: tap-text taps it (exit 0) or says it is not on
 * screen (exit 1). */
static bool on_screen(scratch *s, const char *args, const char *text)
{
	char script[1024], full[8192];
	size_t n = (size_t)snprintf(script, sizeof script, "tap-text \"");
	for (const char *c = text; *c && n + 8 < sizeof script; c++) {
		if (*c == '"' || *c == '\\')
			script[n++] = '\\';
		script[n++] = *c;
	}
	snprintf(script + n, sizeof script - n, "\"\n");
	tl_spit(in(s, "find.script"), script, strlen(script));
	snprintf(full, sizeof full, "--headless " SIZE " %s --script '%s'", args, s->path);
	result *r = run(s, full);
	if (r->rc == 0)
		return true;
	if (r->rc == 1 && tl_count(r->err, "is not on screen\n") == 1)
		return false;
	fail_msg("taflen %s: exit %d; stderr:\n%s", full, r->rc, r->err);
	return false;
}

/* Runs the kiosk's first frame with args (and TAFLEN_DATA_DIR); checks the
 * exit code, and the picture against an unbroken run's. Where the shipped
 * content must show, its titles must be on screen and the custom copy's not. */
static result *kiosk(scratch *s, const char *args, int want_rc, screen_kind want)
{
	if (want == SHOWS_SHIPPED) {
		for (int l = 0; l < 2; l++) {
			if (!on_screen(s, args, shipped_title[l]))
				fail_msg("taflen %s: the shipped title \"%s\" is not on screen", args,
					 shipped_title[l]);
			if (on_screen(s, args, MARKER_TITLE[l]))
				fail_msg("taflen %s: the broken copy's title \"%s\" is on screen", args,
					 MARKER_TITLE[l]);
		}
	}
	char shot[128], full[8192];
	snprintf(shot, sizeof shot, "%s/shot.png", s->dir);
	snprintf(full, sizeof full, "--screenshot '%s' " SIZE " %s", shot, args);
	result *r = run(s, full);
	if (r->rc != want_rc)
		fail_msg("taflen %s: exit %d, wanted %d; stderr:\n%s", args, r->rc, want_rc, r->err);
	if (want_rc != 0)
		return r;
	SDL_Surface *a = tl_load_png(shot), *b = tl_load_png(reference);
	double share = tl_ink(a);
	bool same = same_pixels(a, b);
	SDL_FreeSurface(a);
	SDL_FreeSurface(b);
	if (share < 0.005)
		fail_msg("taflen %s: the screen is blank (%.2f%% ink)", args, share * 100);
	if (want == SHOWS_SHIPPED && !same)
		fail_msg("taflen %s: the screen is not the shipped content's usual one", args);
	if (want != SHOWS_SHIPPED && same)
		fail_msg("taflen %s: the screen looks just as usual", args);
	if (want == SHOWS_OUT_OF_ORDER)
		expect_once(r, "showing out of order");
	else
		assert_int_equal(tl_count(r->err, "out of order"), 0);
	return r;
}

/* ---- content ---- */

static void content_folder_missing(void **state)
{
	scratch *s = *state;
	char args[4096], msg[4096];
	snprintf(args, sizeof args, "--content '%s'", in(s, "nowhere"));
	snprintf(msg, sizeof msg, "%s: cannot open the content folder: No such file or directory\n",
		 in(s, "nowhere"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void content_folder_is_a_file(void **state)
{
	scratch *s = *state;
	char args[4096], msg[4096];
	snprintf(args, sizeof args, "--content '%s'", in(s, "assets/taflen.conf"));
	snprintf(msg, sizeof msg, "%s: cannot open the content folder: not a folder\n",
		 in(s, "assets/taflen.conf"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void content_file_is_a_folder(void **state)
{
	scratch *s = *state;
	char args[4096], msg[4096];
	tl_sh("rm '%s' && mkdir '%s'", in(s, "custom/en/ui.txt"), in(s, "custom/en/ui.txt"));
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	snprintf(msg, sizeof msg, "%s: cannot read: it is a folder, not a file\n", in(s, "custom/en/ui.txt"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void welsh_file_missing(void **state)
{
	scratch *s = *state;
	char args[4096], msg[4096];
	tl_sh("rm '%s'", in(s, "custom/leaflets/learning-from-reviews/cy.txt"));
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	snprintf(msg, sizeof msg, "%s: the leaflet has no Welsh file, cy.txt: every leaflet needs one\n",
		 in(s, "custom/leaflets/learning-from-reviews"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void welsh_folder_missing(void **state)
{
	scratch *s = *state;
	char args[4096], msg[4096];
	tl_sh("rm -r '%s'", in(s, "custom/cy"));
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	snprintf(msg, sizeof msg, "%s: cannot open the Welsh folder: No such file or directory\n",
		 in(s, "custom/cy"));
	result *r = kiosk(s, args, 0, SHOWS_SHIPPED);
	expect_once(r, msg);
	/* One message for the folder, not one for each file in it. */
	assert_int_equal(tl_count(r->err, "custom/cy/"), 0);
}

/* The check above can fail: a valid copy is taken, and its titles show. */
static void custom_content_shown(void **state)
{
	scratch *s = *state;
	char args[4096];
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	for (int l = 0; l < 2; l++) {
		assert_true(on_screen(s, args, MARKER_TITLE[l]));
		assert_false(on_screen(s, args, shipped_title[l]));
	}
	result *r = kiosk(s, args, 0, SHOWS_SOMETHING);
	if (r->err[0])
		fail_msg("a valid copy of the content, yet stderr says:\n%s", r->err);
}

/* Appends tail to a content file; returns the line the tail ends on and,
 * in *column, the 1-based byte column where the tail starts on it. */
static int append(scratch *s, const char *rel, const char *tail, size_t *column)
{
	size_t len;
	char *text = tl_slurp(in(s, rel), &len);
	while (len && text[len - 1] == '\n')
		len--;
	size_t line_start = len;
	while (line_start && text[line_start - 1] != '\n')
		line_start--;
	*column = len - line_start + 1;
	int line = lines_in(text, len) + 1;
	char *out = malloc(len + strlen(tail));
	assert_non_null(out);
	memcpy(out, text, len);
	memcpy(out + len, tail, strlen(tail));
	tl_spit(s->path, out, len + strlen(tail));
	free(out);
	free(text);
	return line;
}

static void invalid_utf8(void **state)
{
	scratch *s = *state;
	size_t col;
	int line = append(s, "custom/leaflets/child-practice-reviews/en.txt", " caf\xC3\x28 bad\n", &col);
	char args[4096], msg[4096];
	snprintf(msg, sizeof msg, "%s:%d: invalid UTF-8 at byte column %zu (byte 0xC3)\n",
		 in(s, "custom/leaflets/child-practice-reviews/en.txt"), line, col + 4);
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void truncated_mid_sequence(void **state)
{
	scratch *s = *state;
	size_t col;
	/* The first two bytes of the three of U+2019 ’, and then the end. */
	int line = append(s, "custom/leaflets/learning-from-reviews/cy.txt", " \xE2\x80", &col);
	char args[4096], msg[4096];
	snprintf(msg, sizeof msg,
		 "%s:%d: the file ends in the middle of a UTF-8 character (byte column %zu)\n",
		 in(s, "custom/leaflets/learning-from-reviews/cy.txt"), line, col + 1);
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void ten_megabyte_file(void **state)
{
	scratch *s = *state;
	size_t n = 10u << 20;
	char *big = malloc(n);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = i % 80 == 79 ? '\n' : 'a' + (char)(i % 26);
	tl_spit(in(s, "custom/leaflets/child-practice-reviews/cy.txt"), big, n);
	free(big);
	char args[4096], msg[4096];
	snprintf(msg, sizeof msg, "%s: the file is larger than 1 MiB (10485760 bytes); it was not read\n",
		 in(s, "custom/leaflets/child-practice-reviews/cy.txt"));
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void quiz_five_targets(void **state)
{
	scratch *s = *state;
	edit_line(s, "custom/leaflets/learning-from-reviews/en.txt", "@target.6:", NULL);
	edit_line(s, "custom/leaflets/learning-from-reviews/cy.txt", "@target.6:", NULL);
	int line = edit_line(s, "custom/leaflets/learning-from-reviews/en.txt", "[quiz]", "[quiz]");
	char args[4096], msg[4096];
	snprintf(msg, sizeof msg, "%s:%d: [quiz] has no @target.6: the quiz needs exactly 6 targets, "
				  "@target.1 to @target.6\n", in(s, "custom/leaflets/learning-from-reviews/en.txt"), line);
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void quiz_seven_targets(void **state)
{
	scratch *s = *state;
	int line = edit_line(s, "custom/leaflets/learning-from-reviews/cy.txt", "@target.6:",
			     "@target.7: plentyn\n@target.6: cymryd y camau angenrheidiol i amddiffyn "
			     "plant");
	char args[4096], msg[4096];
	snprintf(msg, sizeof msg, "%s:%d: @target.7: the quiz has exactly 6 targets, @target.1 to "
				  "@target.6\n", in(s, "custom/leaflets/learning-from-reviews/cy.txt"), line);
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

static void quiz_target_not_in_text(void **state)
{
	scratch *s = *state;
	int line = edit_line(s, "custom/leaflets/learning-from-reviews/en.txt", "@target.3:", "@target.3: a timetable of events");
	char args[4096], msg[4096];
	snprintf(msg, sizeof msg,
		 "%s:%d: @target.3 'a timetable of events' is not in the quiz paragraph\n",
		 in(s, "custom/leaflets/learning-from-reviews/en.txt"), line);
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	expect_once(kiosk(s, args, 0, SHOWS_SHIPPED), msg);
}

/* The shipped content itself broken: nothing to fall back on. */
static void shipped_content_broken(void **state)
{
	scratch *s = *state;
	int line = edit_line(s, "assets/content/leaflets/learning-from-reviews/en.txt", "@target.3:",
			     "@target.3: a timetable of events");
	char msg[4096];
	snprintf(msg, sizeof msg,
		 "%s:%d: @target.3 'a timetable of events' is not in the quiz paragraph\n",
		 in(s, "assets/content/leaflets/learning-from-reviews/en.txt"), line);
	expect_once(kiosk(s, "", 0, SHOWS_OUT_OF_ORDER), msg);
}

static void shipped_and_custom_content_broken(void **state)
{
	scratch *s = *state;
	tl_sh("rm -r '%s'", in(s, "assets/content"));
	edit_line(s, "custom/leaflets/learning-from-reviews/cy.txt", "@target.6:", NULL);
	char args[4096], msg[4096];
	snprintf(args, sizeof args, "--content '%s'", in(s, "custom"));
	result *r = kiosk(s, args, 0, SHOWS_OUT_OF_ORDER);
	snprintf(msg, sizeof msg, "%s: cannot open the content folder: No such file or directory\n",
		 in(s, "assets/content"));
	expect_once(r, msg);
	expect_once(r, "has no @target.6");
}

/* ---- fonts ---- */

static void font_problem(scratch *s, const char *file, const char *why)
{
	char msg[4096];
	snprintf(msg, sizeof msg, "%s/fonts/%s: %s; using ", s->dir, file, why);
	result *r = kiosk(s, "", 0, SHOWS_SOMETHING);
	expect_once(r, msg);
	assert_int_equal(tl_count(r->err, "\n"), 1);
}

static void font_missing(void **state)
{
	scratch *s = *state;
	tl_sh("rm '%s'", in(s, "fonts/NotoSans-Bold.ttf"));
	font_problem(s, "NotoSans-Bold.ttf", "cannot read font: No such file or directory");
}

static void font_truncated(void **state)
{
	scratch *s = *state;
	size_t len;
	char *font = tl_slurp(in(s, "fonts/NotoSans-Regular.ttf"), &len);
	tl_spit(s->path, font, len / 2);
	free(font);
	font_problem(s, "NotoSans-Regular.ttf",
		     "bad font: truncated (a table runs past the end of the file)");
}

static void font_corrupt(void **state)
{
	scratch *s = *state;
	size_t len;
	char *font = tl_slurp(in(s, "fonts/NotoSans-Regular.ttf"), &len);
	for (size_t i = 0; i < len; i++)
		font[i] = (char)(i * 7 + 3);
	tl_spit(s->path, font, len);
	free(font);
	font_problem(s, "NotoSans-Regular.ttf", "bad font: not a TrueType/OpenType font");
}

/* Every shipped font gone: the system's DejaVu Sans shows the words when it
 * is installed; without it the program says so and stops (exit 1). */
static void every_font_missing(void **state)
{
	scratch *s = *state;
	tl_sh("rm '%s'/fonts/*.ttf", s->dir);
	bool system_font = access(SYSTEM_FONT, R_OK) == 0;
	result *r = kiosk(s, "", system_font ? 0 : 1, SHOWS_SOMETHING);
	char msg[4096];
	snprintf(msg, sizeof msg, "%s/fonts/NotoSans-Italic.ttf: cannot read font: No such file or "
				  "directory", s->dir);
	expect_once(r, msg);
	if (system_font)
		expect_once(r, "using /usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf instead");
	else
		expect_once(r, "no usable font");
}

/* ---- config ---- */

static result *with_config(scratch *s, const void *text, size_t len)
{
	tl_spit(in(s, "bad.conf"), text, len);
	char args[4096];
	snprintf(args, sizeof args, "--config '%s'", s->path);
	return kiosk(s, args, 0, SHOWS_SHIPPED);
}

static void config_bad_values(void **state)
{
	scratch *s = *state;
	const char *text = "[taflen]\nidle_timeout = abc\nrotation = 45\n";
	result *r = with_config(s, text, strlen(text));
	char msg[4096];
	snprintf(msg, sizeof msg, "%s:2: idle_timeout: \"abc\" is not a whole number of seconds; "
				  "using 90\n", in(s, "bad.conf"));
	expect_once(r, msg);
	snprintf(msg, sizeof msg, "%s:3: rotation: \"45\" is not 0, 90, 180 or 270; using 0\n",
		 in(s, "bad.conf"));
	expect_once(r, msg);
}

static void config_unknown_key(void **state)
{
	scratch *s = *state;
	const char *text = "; comment\ncolour = blue\n";
	result *r = with_config(s, text, strlen(text));
	char msg[4096];
	snprintf(msg, sizeof msg, "%s:2: unknown key \"colour\"; ignored (docs/config.md lists the "
				  "keys)\n", in(s, "bad.conf"));
	expect_once(r, msg);
}

static void config_binary_junk(void **state)
{
	scratch *s = *state;
	unsigned char junk[8192];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof junk; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	result *r = with_config(s, junk, sizeof junk);
	char msg[4096];
	snprintf(msg, sizeof msg, "%s:1: ", in(s, "bad.conf"));
	expect_once(r, msg);
	expect_once(r, "unreadable lines: this does not look like a config file; stopped reading");
	/* Bounded: junk stops being read, it does not flood the journal. */
	assert_true(tl_count(r->err, "\n") <= 25);
}

/* ---- scripts ---- */

static result *script(scratch *s, const char *text)
{
	tl_spit(in(s, "bad.script"), text, strlen(text));
	char args[4096];
	snprintf(args, sizeof args, "--headless " SIZE " --script '%s'", s->path);
	return run(s, args);
}

static void script_huge_wait(void **state)
{
	scratch *s = *state;
	result *r = script(s, "wait 100\nwait 99999999999999\n");
	assert_int_equal(r->rc, 2);
	char msg[4096];
	snprintf(msg, sizeof msg, "%s:2: wait takes milliseconds, 0 to 604800000 (a week)\n",
		 in(s, "bad.script"));
	expect_once(r, msg);
}

/* The longest wait allowed runs through (the virtual clock does not
 * sleep) and ends where a week of nobody ends: the welcome screen. */
static void script_week_wait(void **state)
{
	scratch *s = *state;
	result *r = script(s, "tap-text \"English\"\nexpect screen menu\nwait 604800000\n"
			      "expect screen welcome\n");
	if (r->rc != 0)
		fail_msg("exit %d: %s", r->rc, r->err);
}

static void script_negative_coordinates(void **state)
{
	scratch *s = *state;
	result *r = script(s, "# a tap\ntap -5 10\n");
	assert_int_equal(r->rc, 2);
	char msg[4096];
	snprintf(msg, sizeof msg, "%s:2: tap takes X Y, two non-negative pixel coordinates\n",
		 in(s, "bad.script"));
	expect_once(r, msg);
}

static void script_off_screen(void **state)
{
	scratch *s = *state;
	result *r = script(s, "tap 10 10\ndrag 10 10 10 700 200\n");
	assert_int_equal(r->rc, 2);
	char msg[4096];
	snprintf(msg, sizeof msg, "%s:2: coordinates are off the 360x640 screen\n", in(s, "bad.script"));
	expect_once(r, msg);
}

int main(int argc, char **argv)
{
	(void)argc;
	tl_program(argv[0], program, sizeof program);
#define T(f) cmocka_unit_test_setup_teardown(f, scratch_setup, scratch_teardown)
	const struct CMUnitTest tests[] = {
		T(custom_content_shown),
		T(content_folder_missing),
		T(content_folder_is_a_file),
		T(content_file_is_a_folder),
		T(welsh_file_missing),
		T(welsh_folder_missing),
		T(invalid_utf8),
		T(truncated_mid_sequence),
		T(ten_megabyte_file),
		T(quiz_five_targets),
		T(quiz_seven_targets),
		T(quiz_target_not_in_text),
		T(shipped_content_broken),
		T(shipped_and_custom_content_broken),
		T(font_missing),
		T(font_truncated),
		T(font_corrupt),
		T(every_font_missing),
		T(config_bad_values),
		T(config_unknown_key),
		T(config_binary_junk),
		T(script_huge_wait),
		T(script_week_wait),
		T(script_negative_coordinates),
		T(script_off_screen),
	};
#undef T
	for (int l = 0; l < 2; l++) {
		/* The line the scratch copy's MARKER_TITLE replaces. */
		char path[64];
		snprintf(path, sizeof path, "assets/content/%s/ui.txt", l == 0 ? "cy" : "en");
		size_t len;
		char *ui = tl_slurp(path, &len);
		const char *t = strstr(ui, "\n@title:");
		if (!t) {
			fprintf(stderr, "%s: no @title line\n", path);
			return 1;
		}
		t += strlen("\n@title:");
		t += strspn(t, " ");
		snprintf(shipped_title[l], sizeof shipped_title[l], "%.*s", (int)strcspn(t, "\r\n"), t);
		free(ui);
	}
	snprintf(reference, sizeof reference, "/tmp/taflen-bad-reference-%d.png", (int)getpid());
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "'%s' --screenshot '%s' " SIZE, program, reference);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot make the reference screenshot with %s\n", program);
		return 1;
	}
	int rc = cmocka_run_group_tests_name("bad input", tests, NULL, NULL);
	remove(reference);
	IMG_Quit();
	return rc;
}
