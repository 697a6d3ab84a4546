/* The taflen program as a user runs it: options, exit codes, and the
 * headless screenshot of the welcome screen in both languages and both
 * orientations (the right size, and not blank). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

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
	assert_int_equal(run("--screenshot /tmp/x.png --lang fr", out, sizeof out), 2);
	assert_string_equal(out, "taflen: --lang is cy or en, not: fr (see --help)\n");
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

static void screenshot(const char *lang, int w, int h)
{
	char path[256], args[512], out[8192];
	snprintf(path, sizeof path, "/tmp/taflen-test-welcome-%s-%dx%d.png", lang, w, h);
	remove(path);
	snprintf(args, sizeof args, "--screenshot %s --size %dx%d --lang %s --screen welcome", path, w,
		 h, lang);
	int rc = run(args, out, sizeof out);
	if (rc != 0)
		fail_msg("taflen %s: exit %d: %s", args, rc, out);
	SDL_Surface *s = IMG_Load(path);
	assert_non_null(s);
	assert_int_equal(s->w, w);
	assert_int_equal(s->h, h);
	SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	assert_non_null(rgb);
	/* Not blank: many pixels differ from the top-left one, in several colours. */
	Uint32 corner = ((Uint32 *)rgb->pixels)[rgb->w * (rgb->h / 2)];
	size_t differ = 0;
	Uint32 seen[8];
	size_t n_seen = 0;
	for (int y = 0; y < rgb->h; y += 3) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)rgb->pixels + (size_t)y * rgb->pitch);
		for (int x = 0; x < rgb->w; x += 3) {
			if (row[x] == corner)
				continue;
			differ++;
			bool known = false;
			for (size_t i = 0; i < n_seen; i++)
				known |= seen[i] == row[x];
			if (!known && n_seen < 8)
				seen[n_seen++] = row[x];
		}
	}
	SDL_FreeSurface(rgb);
	SDL_FreeSurface(s);
	assert_true(differ > (size_t)(w / 3) * (h / 3) / 50);
	assert_true(n_seen >= 4);
}

static void welcome_screenshots(void **state)
{
	(void)state;
	screenshot("cy", 1080, 1920);
	screenshot("en", 1080, 1920);
	screenshot("cy", 1920, 1080);
	screenshot("en", 1920, 1080);
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

int main(int argc, char **argv)
{
	(void)argc;
	char self[4096];
	snprintf(self, sizeof self, "%s", argv[0]);
	snprintf(program, sizeof program, "%s/../taflen", dirname(self));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_and_bad_options),
		cmocka_unit_test(unknown_screen),
		cmocka_unit_test(no_display),
		cmocka_unit_test(welcome_screenshots),
		cmocka_unit_test(check_content_shipped),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
