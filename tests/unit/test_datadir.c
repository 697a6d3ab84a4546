/* Finding the shipped data. The program is installed with `make install`
 * into a scratch DESTDIR, or copied into a scratch build tree, and run from
 * the repo root (a source tree with its own assets/): an installed program
 * uses its installed data, and a data folder missing its main font still
 * starts, on a stand-in, instead of the "cannot find" exit that systemd would
 * restart onto a blank screen every five seconds.
 *
 * A font damaged behind an intact table directory is likewise replaced by
 * its stand-in, in the kiosk and in --check-content.
 *
 * The DESTDIR keeps the install's systemd unit out of the real /etc; where
 * the data is found depends only on where the program is, not on PREFIX.
 * Runs from the repo root; finds the build folder from its own path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <errno.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/paths.h"
#include "testlib.h"

#define SIZE "--size 360x640"
#define SYSTEM_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static char build[4096]; /* the build folder holding taflen and this test */
static char here[4096];  /* the repo root, the current folder */

typedef struct {
	char dir[64];
	char prog[1024]; /* the copy of taflen under test */
	char data[1024]; /* where its data should be found */
} scratch;

static int scratch_setup(void **state)
{
	scratch *s = calloc(1, sizeof *s);
	assert_non_null(s);
	snprintf(s->dir, sizeof s->dir, "/tmp/taflen-datadir-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
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

/* `make install` of this build's taflen (never rebuilt here: -o) into the
 * scratch folder, as DESTDIR with the default PREFIX. */
static void install(scratch *s)
{
	tl_sh("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory -o '%s/taflen' "
	   "install BUILD='%s' PREFIX=/usr/local DESTDIR='%s' >/dev/null",
	   build, build, s->dir);
	snprintf(s->prog, sizeof s->prog, "%s/usr/local/bin/taflen", s->dir);
	snprintf(s->data, sizeof s->data, "%s/usr/local/share/taflen", s->dir);
}

/* A build tree of its own: TREE/build/taflen with TREE/assets and fonts. */
static void build_tree(scratch *s)
{
	tl_sh("mkdir '%s/build' && cp '%s/taflen' '%s/build/' && cp -r assets fonts '%s/'", s->dir,
	   build, s->dir, s->dir);
	snprintf(s->prog, sizeof s->prog, "%s/build/taflen", s->dir);
	snprintf(s->data, sizeof s->data, "%s", s->dir);
}

typedef struct {
	int rc;
	char out[65536], err[65536];
} result;

/* Runs the copy from the folder cwd, without TAFLEN_DATA_DIR. */
static result *run(scratch *s, const char *cwd, const char *args)
{
	static result r; /* too big for the stack; one run at a time */
	char cmd[16384];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && env -u TAFLEN_DATA_DIR '%s' %s >'%s/out.txt' 2>'%s/err.txt'", cwd,
		 s->prog, args, s->dir, s->dir);
	int status = system(cmd);
	r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	char path[1024];
	snprintf(path, sizeof path, "%s/out.txt", s->dir);
	char *text = tl_slurp(path, NULL);
	snprintf(r.out, sizeof r.out, "%s", text);
	free(text);
	snprintf(path, sizeof path, "%s/err.txt", s->dir);
	text = tl_slurp(path, NULL);
	snprintf(r.err, sizeof r.err, "%s", text);
	free(text);
	return &r;
}

/* Share of pixels unlike the top-left one (the background). */
static double ink(const char *png)
{
	SDL_Surface *s = tl_load_png(png);
	double share = tl_ink(s);
	SDL_FreeSurface(s);
	return share;
}

/* The first frame, without the data's main font: exit 0, one line naming
 * the stand-in, and a screen with words on it. */
static void starts_without_main_font(scratch *s)
{
	tl_sh("rm '%s/fonts/NotoSans-Regular.ttf'", s->data);
	char args[2048], want[4096];
	snprintf(args, sizeof args, "--screenshot '%s/shot.png' " SIZE, s->dir);
	result *r = run(s, here, args);
	if (r->rc != 0)
		fail_msg("taflen %s: exit %d; stderr:\n%s", args, r->rc, r->err);
	if (access(SYSTEM_FONT, R_OK) == 0)
		snprintf(want, sizeof want,
			 "%s/fonts/NotoSans-Regular.ttf: cannot read font: No such file or "
			 "directory; using " SYSTEM_FONT " instead\n", s->data);
	else
		snprintf(want, sizeof want,
			 "%s/fonts/NotoSans-Regular.ttf: cannot read font: No such file or "
			 "directory; using %s/fonts/DejaVuSans.ttf in its place\n", s->data, s->data);
	if (strcmp(r->err, want) != 0)
		fail_msg("wanted on stderr:\n%sgot:\n%s", want, r->err);
	char shot[1024];
	snprintf(shot, sizeof shot, "%s/shot.png", s->dir);
	double share = ink(shot);
	if (share < 0.05)
		fail_msg("the screen is blank (%.2f%% ink)", share * 100);
}

static void installed_without_main_font(void **state)
{
	scratch *s = *state;
	install(s);
	starts_without_main_font(s);
}

static void build_tree_without_main_font(void **state)
{
	scratch *s = *state;
	build_tree(s);
	starts_without_main_font(s);
}

/* Run from a source tree, an installed program checks the installed content,
 * says so, and sees a problem there that the source tree does not have. */
static void installed_checks_its_own_content(void **state)
{
	scratch *s = *state;
	install(s);
	result *r = run(s, here, "--check-content");
	char want[4096];
	snprintf(want, sizeof want,
		 "checking %s/assets/content\n%s/assets/content: valid: ", s->data, s->data);
	if (r->rc != 0 || strncmp(r->out, want, strlen(want)) != 0)
		fail_msg("exit %d; wanted stdout to start:\n%s\ngot:\n%s%s", r->rc, want, r->out,
			 r->err);
	tl_sh("rm '%s/assets/content/en/ui.txt'", s->data);
	r = run(s, here, "--check-content");
	snprintf(want, sizeof want, "%s/assets/content/en/ui.txt: cannot read", s->data);
	if (r->rc != 1 || !strstr(r->out, want))
		fail_msg("exit %d; wanted stdout to name %s; got:\n%s%s", r->rc, want, r->out,
			 r->err);
}

/* A build tree's program checks its own tree's content, from anywhere. */
static void build_tree_checks_its_own_content(void **state)
{
	scratch *s = *state;
	build_tree(s);
	result *r = run(s, "/", "--check-content");
	char want[4096];
	snprintf(want, sizeof want, "checking %s/assets/content\n", s->data);
	if (r->rc != 0 || strncmp(r->out, want, strlen(want)) != 0)
		fail_msg("exit %d; wanted stdout to start:\n%s\ngot:\n%s%s", r->rc, want, r->out,
			 r->err);
}

/* Nothing anywhere: one line saying so, exit 1. */
static void no_data_anywhere(void **state)
{
	scratch *s = *state;
	tl_sh("mkdir '%s/build' && cp '%s/taflen' '%s/build/'", s->dir, build, s->dir);
	snprintf(s->prog, sizeof s->prog, "%s/build/taflen", s->dir);
	result *r = run(s, "/", "--check-content");
	assert_int_equal(r->rc, 1);
	assert_string_equal(r->err, "taflen: cannot find the shipped data (a folder with "
				    "assets/content) next to the program or in the current "
				    "folder; set TAFLEN_DATA_DIR\n");
}

/* Zeroes the loca table of the font at path, found through the table
 * directory, which stays intact: FreeType opens the font as before. */
static void zero_loca(const char *path)
{
	FILE *f = fopen(path, "r+b");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	unsigned char head[12], rec[16];
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	bool done = false;
	for (int i = 0; i < (head[4] << 8 | head[5]) && !done; i++) {
		assert_int_equal(fread(rec, 1, sizeof rec, f), sizeof rec);
		if (memcmp(rec, "loca", 4) != 0)
			continue;
		long off = (long)rec[8] << 24 | rec[9] << 16 | rec[10] << 8 | rec[11];
		long len = (long)rec[12] << 24 | rec[13] << 16 | rec[14] << 8 | rec[15];
		assert_int_equal(fseek(f, off, SEEK_SET), 0);
		for (long k = 0; k < len; k++)
			assert_int_equal(fputc(0, f), 0);
		done = true;
	}
	assert_true(done);
	assert_int_equal(fclose(f), 0);
}

/* A damaged main font: --check-content names it and its stand-in, and the
 * leaflet is drawn exactly as with the font missing, on the stand-in,
 * where it used to be blank. */
static void damaged_main_font(void **state)
{
	scratch *s = *state;
	build_tree(s);
	char font[2048], args[2048], want[4096];
	snprintf(font, sizeof font, "%s/fonts/NotoSans-Regular.ttf", s->data);
	zero_loca(font);
	result *r = run(s, "/", "--check-content");
	snprintf(want, sizeof want, "%s: failed its self-check ('P' is empty); using ", font);
	if (r->rc != 1 || !strstr(r->out, want) || !strstr(r->out, "/assets/content: 1 problem\n"))
		fail_msg("exit %d; wanted on stdout \"%s\" and one problem; got:\n%s%s", r->rc,
			 want, r->out, r->err);
	snprintf(args, sizeof args, "--screenshot '%s/damaged.png' --screen leaflet --lang en " SIZE,
		 s->dir);
	r = run(s, "/", args);
	if (r->rc != 0 || !strstr(r->err, want))
		fail_msg("exit %d; wanted on stderr \"%s\"; got:\n%s", r->rc, want, r->err);
	tl_sh("rm '%s'", font);
	snprintf(args, sizeof args, "--screenshot '%s/missing.png' --screen leaflet --lang en " SIZE,
		 s->dir);
	r = run(s, "/", args);
	assert_int_equal(r->rc, 0);
	tl_sh("cmp -s '%s/damaged.png' '%s/missing.png'", s->dir, s->dir);
}

/* The rule itself, on folders made here. */
static void lookup_rules(void **state)
{
	scratch *s = *state;
	char exe[1024], got[4096], want[1024];
	/* Installed: PREFIX/share/taflen, even when it is not there. */
	snprintf(exe, sizeof exe, "%s/prefix/bin/", s->dir);
	assert_int_equal(paths_data_dir_for(exe, got, sizeof got), 0);
	snprintf(want, sizeof want, "%s/prefix/share/taflen", s->dir);
	assert_string_equal(got, want);
	/* A build tree: the folder above, when it has assets/content... */
	tl_sh("mkdir -p '%s/tree/build' '%s/tree/assets/content'", s->dir, s->dir);
	snprintf(exe, sizeof exe, "%s/tree/build/", s->dir);
	assert_int_equal(paths_data_dir_for(exe, got, sizeof got), 0);
	snprintf(want, sizeof want, "%s/tree", s->dir);
	assert_string_equal(got, want);
	/* ...and fonts alone do not make a data folder... */
	tl_sh("mkdir -p '%s/fontsonly/build' '%s/fontsonly/fonts'", s->dir, s->dir);
	snprintf(exe, sizeof exe, "%s/fontsonly/build/", s->dir);
	assert_int_equal(paths_data_dir_for(exe, got, sizeof got), 0);
	assert_string_equal(got, "."); /* the repo root, where this test runs */
	/* ...else the current folder, when it is one. */
	snprintf(exe, sizeof exe, "%s/tree/build/asan/", s->dir);
	assert_int_equal(paths_data_dir_for(exe, got, sizeof got), 0);
	assert_string_equal(got, ".");
	assert_int_equal(chdir(s->dir), 0);
	assert_int_equal(paths_data_dir_for(exe, got, sizeof got), -1);
	assert_int_equal(paths_data_dir_for(NULL, got, sizeof got), -1);
	assert_int_equal(chdir(here), 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	char self[4096];
	snprintf(self, sizeof self, "%s", argv[0]);
	snprintf(build, sizeof build, "%s", dirname(dirname(self)));
	if (!getcwd(here, sizeof here))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(installed_without_main_font, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(build_tree_without_main_font, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(installed_checks_its_own_content, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(build_tree_checks_its_own_content, scratch_setup,
						scratch_teardown),
		cmocka_unit_test_setup_teardown(no_data_anywhere, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(damaged_main_font, scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(lookup_rules, scratch_setup, scratch_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
