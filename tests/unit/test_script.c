/* The replay script parser: every command, and every way a line can be bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "platform/script.h"

static script *parse_ok(const char *text)
{
	diag_list *d = diag_list_new();
	script *s = NULL;
	int rc = script_parse("t.script", text, strlen(text), d, &s);
	if (rc != 0)
		diag_print(d, stderr);
	assert_int_equal(rc, 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	return s;
}

/* Parses text that must fail; returns the first message, copied into buf. */
static const char *parse_bad(const char *text, char *buf, size_t size)
{
	diag_list *d = diag_list_new();
	script *s = NULL;
	assert_int_equal(script_parse("t.script", text, strlen(text), d, &s), -1);
	assert_null(s);
	assert_true(diag_count(d) >= 1);
	snprintf(buf, size, "%s", diag_get(d, 0));
	diag_list_free(d);
	return buf;
}

static void every_command(void **state)
{
	(void)state;
	script *s = parse_ok("# a comment\n"
			     "\n"
			     "wait 1500\n"
			     "tap 10 20.5\n"
			     "drag 1 2 3 4 250\n"
			     "tap-text \"Cymraeg\"\n"
			     "drag-text \"say \\\"hi\\\"\"\n"
			     "key Escape\n"
			     "key ctrl+alt+q\n"
			     "shot out/a.png\n"
			     "expect screen menu\r\n"
			     "resize 1920 1080\n"
			     "content-changed\n");
	assert_int_equal(script_count(s), 11);
	const script_cmd *c = script_get(s, 0);
	assert_int_equal(c->op, SCRIPT_WAIT);
	assert_int_equal(c->ms, 1500);
	assert_int_equal(c->line, 3);
	c = script_get(s, 1);
	assert_int_equal(c->op, SCRIPT_TAP);
	assert_true(c->x1 == 10 && c->y1 == 20.5);
	c = script_get(s, 2);
	assert_int_equal(c->op, SCRIPT_DRAG);
	assert_true(c->x2 == 3 && c->y2 == 4 && c->ms == 250);
	assert_string_equal(script_get(s, 3)->text, "Cymraeg");
	assert_string_equal(script_get(s, 4)->text, "say \"hi\"");
	assert_int_equal(script_get(s, 5)->key, SDLK_ESCAPE);
	c = script_get(s, 6);
	assert_int_equal(c->key, SDLK_q);
	assert_true((c->mod & KMOD_CTRL) && (c->mod & KMOD_ALT));
	assert_string_equal(script_get(s, 7)->text, "out/a.png");
	c = script_get(s, 8);
	assert_string_equal(c->text, "screen");
	assert_string_equal(c->value, "menu");
	assert_int_equal(script_get(s, 9)->op, SCRIPT_RESIZE);
	assert_int_equal(script_get(s, 10)->op, SCRIPT_CONTENT_CHANGED);
	assert_null(script_get(s, 11));
	script_free(s);

	/* A touch in parts: down, move and up, each at X Y. */
	s = parse_ok("down 10 20\nmove 30 40.5\nup 50 60\n");
	assert_int_equal(script_count(s), 3);
	c = script_get(s, 0);
	assert_int_equal(c->op, SCRIPT_DOWN);
	assert_true(c->x1 == 10 && c->y1 == 20);
	c = script_get(s, 1);
	assert_int_equal(c->op, SCRIPT_MOVE);
	assert_true(c->x1 == 30 && c->y1 == 40.5);
	c = script_get(s, 2);
	assert_int_equal(c->op, SCRIPT_UP);
	assert_true(c->x1 == 50 && c->y1 == 60);
	script_free(s);

	/* A press-and-hold: X Y MS. */
	s = parse_ok("hold 5 6 700\n");
	c = script_get(s, 0);
	assert_int_equal(c->op, SCRIPT_HOLD);
	assert_true(c->x1 == 5 && c->y1 == 6 && c->ms == 700);
	script_free(s);
}

/* A touchscreen's bad values, so that scripts can test the app ignores
 * them; nowhere else, and no other spelling. */
static void nan_and_inf(void **state)
{
	(void)state;
	script *s = parse_ok("tap nan inf\n"
			     "drag -inf 2 NAN Infinity 100\n");
	const script_cmd *c = script_get(s, 0);
	assert_true(isnan(c->x1) && isinf(c->y1) && c->y1 > 0);
	c = script_get(s, 1);
	assert_true(isinf(c->x1) && c->x1 < 0 && c->y1 == 2 && isnan(c->x2) && isinf(c->y2));
	script_free(s);
	char buf[256];
	assert_string_equal(parse_bad("resize nan 100\n", buf, sizeof buf),
			    "t.script:1: resize takes W H in pixels");
	assert_string_equal(parse_bad("wait inf\n", buf, sizeof buf),
			    "t.script:1: wait takes milliseconds, 0 to 604800000 (a week)");
	assert_string_equal(parse_bad("drag 1 2 3 4 nan\n", buf, sizeof buf),
			    "t.script:1: drag takes X1 Y1 X2 Y2 MS (non-negative pixels, up to 60000 ms)");
	assert_string_equal(parse_bad("tap 1e30 2\n", buf, sizeof buf),
			    "t.script:1: tap takes X Y, two non-negative pixel coordinates");
	assert_string_equal(parse_bad("tap nanx 2\n", buf, sizeof buf),
			    "t.script:1: tap takes X Y, two non-negative pixel coordinates");
}

static void bad_lines(void **state)
{
	(void)state;
	char buf[256];
	assert_string_equal(parse_bad("wait 10\nfly 1 2\n", buf, sizeof buf),
			    "t.script:2: unknown command (wait, tap, down, move, up, hold, drag, tap-text, "
			    "drag-text, key, shot, expect, resize, content-changed)");
	assert_string_equal(parse_bad("hold 1 2\n", buf, sizeof buf),
			    "t.script:1: hold takes X Y MS (non-negative pixels, up to 60000 ms)");
	assert_string_equal(parse_bad("hold 1 2 60001\n", buf, sizeof buf),
			    "t.script:1: hold takes X Y MS (non-negative pixels, up to 60000 ms)");
	assert_string_equal(parse_bad("down 5\n", buf, sizeof buf),
			    "t.script:1: down takes X Y, two non-negative pixel coordinates");
	assert_string_equal(parse_bad("move -1 5\n", buf, sizeof buf),
			    "t.script:1: move takes X Y, two non-negative pixel coordinates");
	assert_string_equal(parse_bad("up 1 2 3\n", buf, sizeof buf),
			    "t.script:1: unexpected text at the end of the line");
	assert_string_equal(parse_bad("content-changed now\n", buf, sizeof buf),
			    "t.script:1: unexpected text at the end of the line");
	assert_string_equal(parse_bad("tap -5 10\n", buf, sizeof buf),
			    "t.script:1: tap takes X Y, two non-negative pixel coordinates");
	assert_string_equal(parse_bad("tap 5\n", buf, sizeof buf),
			    "t.script:1: tap takes X Y, two non-negative pixel coordinates");
	assert_string_equal(parse_bad("wait 99999999999999\n", buf, sizeof buf),
			    "t.script:1: wait takes milliseconds, 0 to 604800000 (a week)");
	assert_string_equal(parse_bad("wait abc\n", buf, sizeof buf),
			    "t.script:1: wait takes milliseconds, 0 to 604800000 (a week)");
	assert_string_equal(parse_bad("tap-text Cymraeg\n", buf, sizeof buf),
			    "t.script:1: expected a non-empty \"quoted text\"");
	assert_string_equal(parse_bad("tap-text \"unclosed\n", buf, sizeof buf),
			    "t.script:1: expected a non-empty \"quoted text\"");
	assert_string_equal(parse_bad("key NoSuchKey\n", buf, sizeof buf),
			    "t.script:1: key takes an SDL key name, e.g. Escape or ctrl+alt+q");
	assert_string_equal(parse_bad("expect screen\n", buf, sizeof buf),
			    "t.script:1: expect takes FIELD VALUE");
	assert_string_equal(parse_bad("tap 1 2 3\n", buf, sizeof buf),
			    "t.script:1: unexpected text at the end of the line");
	assert_string_equal(parse_bad("shot picture.jpg\n", buf, sizeof buf),
			    "t.script:1: shot takes a FILE.png");
	assert_string_equal(parse_bad("resize 10 10\n", buf, sizeof buf),
			    "t.script:1: resize: the screen must be at least 64x64");
	assert_string_equal(parse_bad("drag 1 2 3 4 99999\n", buf, sizeof buf),
			    "t.script:1: drag takes X1 Y1 X2 Y2 MS (non-negative pixels, up to 60000 ms)");
}

static void binary_junk(void **state)
{
	(void)state;
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)((i * 7919u) & 0xff);
	diag_list *d = diag_list_new();
	script *s = NULL;
	assert_int_equal(script_parse("junk", junk, sizeof junk, d, &s), -1);
	assert_true(diag_count(d) > 0);
	diag_list_free(d);

	static const char nul[] = "wait 1\nta\0p 1 2\n";
	d = diag_list_new();
	assert_int_equal(script_parse("nul", nul, sizeof nul - 1, d, &s), -1);
	assert_string_equal(diag_get(d, 0), "nul:2: NUL byte in a script line");
	diag_list_free(d);
}

static void missing_file(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	script *s = NULL;
	assert_int_equal(script_load("tests/no-such.script", d, &s), -1);
	assert_string_equal(diag_get(d, 0), "tests/no-such.script: cannot read: No such file or directory");
	diag_list_free(d);
}

/* Scripts are bounded like content files: 1 MiB, a file or a buffer. */
static void size_limit(void **state)
{
	(void)state;
	size_t len = 2u << 20;
	char *text = malloc(len);
	assert_non_null(text);
	for (size_t i = 0; i < len; i += 16)
		memcpy(text + i, "wait 604800000\n\n", 16);
	char path[] = "/tmp/taflen-script-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	diag_list *d = diag_list_new();
	script *s = NULL;
	assert_int_equal(script_load(path, d, &s), -1);
	char want[128];
	snprintf(want, sizeof want, "%s: larger than 1 MiB; not a script", path);
	assert_string_equal(diag_get(d, 0), want);
	unlink(path);
	diag_clear(d);
	assert_int_equal(script_parse("big", text, SCRIPT_MAX_BYTES + 1, d, &s), -1);
	assert_string_equal(diag_get(d, 0), "big: larger than 1 MiB; not a script");
	/* Exactly at the limit is a script. */
	assert_int_equal(script_parse("max", text, SCRIPT_MAX_BYTES, d, &s), 0);
	assert_int_equal(script_count(s), SCRIPT_MAX_BYTES / 16);
	script_free(s);
	diag_list_free(d);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_command),
		cmocka_unit_test(nan_and_inf),
		cmocka_unit_test(bad_lines),
		cmocka_unit_test(binary_junk),
		cmocka_unit_test(missing_file),
		cmocka_unit_test(size_limit),
	};
	return cmocka_run_group_tests_name("script", tests, NULL, NULL);
}
