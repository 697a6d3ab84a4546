/* The config file: every key with good and bad values, sections, syntax
 * errors, junk, and the exact "FILE:LINE: message" of each diagnostic. Each
 * case writes its text to a temporary file and loads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/config.h"

typedef struct {
	char dir[64];
	char path[96];
	diag_list *diags;
	app_config c;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/taflen-config-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof f->path, "%s/taflen.conf", f->dir);
	f->diags = diag_list_new();
	*state = f;
	return f->diags ? 0 : -1;
}

static int teardown(void **state)
{
	fixture *f = *state;
	unlink(f->path);
	rmdir(f->dir);
	diag_list_free(f->diags);
	free(f);
	return 0;
}

/* Loads `len` bytes of text over the defaults; returns config_load's result. */
static int load_bytes(fixture *f, const char *text, size_t len)
{
	FILE *out = fopen(f->path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(text, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
	diag_clear(f->diags);
	config_defaults(&f->c);
	return config_load(f->path, false, &f->c, f->diags);
}

static int load(fixture *f, const char *text)
{
	return load_bytes(f, text, strlen(text));
}

/* The i-th diagnostic must be exactly "PATH:LINE: msg". */
static void diag_is(fixture *f, size_t i, int line, const char *msg)
{
	char want[1024];
	snprintf(want, sizeof want, "%s:%d: %s", f->path, line, msg);
	if (i >= diag_count(f->diags))
		fail_msg("no diagnostic %zu; wanted \"%s\"", i, want);
	assert_string_equal(diag_get(f->diags, i), want);
}

static void no_diags(fixture *f)
{
	if (diag_count(f->diags) != 0)
		fail_msg("unexpected: %s", diag_get(f->diags, 0));
}

static void is_default(const app_config *c)
{
	app_config d;
	config_defaults(&d);
	assert_int_equal(c->idle_timeout, d.idle_timeout);
	assert_int_equal(c->warning_seconds, d.warning_seconds);
	assert_string_equal(c->content_dir, d.content_dir);
	assert_string_equal(c->staff_pin, d.staff_pin);
	assert_string_equal(c->staff_pin_hash, d.staff_pin_hash);
	assert_int_equal(c->rotation, d.rotation);
	assert_true(c->text_scale == d.text_scale);
	assert_int_equal(c->fullscreen, d.fullscreen);
	assert_int_equal(c->renderer, d.renderer);
	assert_int_equal(c->quiz_on_menu, d.quiz_on_menu);
	assert_int_equal(c->speech, d.speech);
}

#define DEPRECATED "staff_pin: a PIN in clear text is deprecated; put the line that taflen --hash-pin prints here instead"

static void test_defaults(void **state)
{
	(void)state;
	app_config c;
	config_defaults(&c);
	assert_int_equal(c.idle_timeout, 90);
	assert_int_equal(c.warning_seconds, 30);
	assert_string_equal(c.content_dir, "");
	assert_string_equal(c.staff_pin, "");
	assert_string_equal(c.staff_pin_hash, "");
	assert_int_equal(c.rotation, 0);
	assert_true(c.text_scale == 1.0f);
	assert_true(c.fullscreen);
	assert_int_equal(c.renderer, CONFIG_RENDERER_AUTO);
	assert_true(c.quiz_on_menu);
	assert_true(c.speech);
}

static void test_every_key_good(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "; a comment\n"
				 "# another\n"
				 "\n"
				 "idle_timeout = 120\n"
				 "warning_seconds = 45\n"
				 "content_dir = /srv/taflen/content\n"
				 "staff_pin = 024680\n"
				 "rotation = 270\n"
				 "text_scale = 1.25\n"
				 "fullscreen = false\n"
				 "renderer = software\n"
				 "quiz_on_menu = no\n"
				 "speech = off\n"),
			 0);
	assert_int_equal(diag_count(f->diags), 1);
	diag_is(f, 0, 7, DEPRECATED);
	assert_int_equal(f->c.idle_timeout, 120);
	assert_int_equal(f->c.warning_seconds, 45);
	assert_string_equal(f->c.content_dir, "/srv/taflen/content");
	assert_string_equal(f->c.staff_pin, "024680");
	assert_int_equal(f->c.rotation, 270);
	assert_true(f->c.text_scale == 1.25f);
	assert_false(f->c.fullscreen);
	assert_false(f->c.quiz_on_menu);
	assert_false(f->c.speech);
	assert_int_equal(f->c.renderer, CONFIG_RENDERER_SOFTWARE);
	assert_int_equal(load(f, "renderer = Accelerated\n"), 0);
	assert_int_equal(f->c.renderer, CONFIG_RENDERER_ACCELERATED);
	assert_int_equal(load(f, "renderer = auto\n"), 0);
	assert_int_equal(f->c.renderer, CONFIG_RENDERER_AUTO);
}

/* Keys before any section and under [taflen] are the same; names of keys and
 * the section ignore case; the usual ways people write INI all work. */
static void test_layout_variants(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "\xEF\xBB\xBFidle_timeout = 60\r\n"
				 "[TAFLEN]\r\n"
				 "   Rotation=90   ; indented, no spaces, inline comment\r\n"
				 "\twarning_seconds: 25\r\n"
				 "content_dir = \"/srv/with space\"\r\n"
				 "[taflen]\n"
				 "staff_pin =\n"
				 "text_scale = 2\n"
				 "FullScreen = No"),
			 0);
	no_diags(f);
	assert_int_equal(f->c.idle_timeout, 60);
	assert_int_equal(f->c.rotation, 90);
	assert_int_equal(f->c.warning_seconds, 25);
	assert_string_equal(f->c.content_dir, "/srv/with space");
	assert_string_equal(f->c.staff_pin, "");
	assert_true(f->c.text_scale == 2.0f);
	assert_false(f->c.fullscreen);
}

/* A byte order mark before a comment or a section is not a key line. */
static void test_bom(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "\xEF\xBB\xBF; taflen\nrotation = 90\n"), 0);
	no_diags(f);
	assert_int_equal(load(f, "\xEF\xBB\xBF  [taflen]\nrotation = 90\n"), 0);
	no_diags(f);
	assert_int_equal(f->c.rotation, 90);
	/* Only at the start of the file. */
	assert_int_equal(load(f, "rotation = 90\n\xEF\xBB\xBF; x\n"), 0);
	assert_int_equal(diag_count(f->diags), 1);
	diag_is(f, 0, 2, "expected \"key = value\"; line ignored");
}

/* One line per case; the message is what follows "FILE:1: " (NULL: none). */
static const struct {
	const char *line;
	const char *msg;
} cases[] = {
	{"idle_timeout = abc", "idle_timeout: \"abc\" is not a whole number of seconds; using 90"},
	{"idle_timeout = 90s", "idle_timeout: \"90s\" is not a whole number of seconds; using 90"},
	{"idle_timeout = -5", "idle_timeout: \"-5\" is not a whole number of seconds; using 90"},
	{"idle_timeout =", "idle_timeout: \"\" is not a whole number of seconds; using 90"},
	{"idle_timeout = 9", "idle_timeout: 9 is outside 10..3600 seconds; using 90"},
	{"idle_timeout = 3601", "idle_timeout: 3601 is outside 10..3600 seconds; using 90"},
	{"idle_timeout = 99999999999999999999999",
	 "idle_timeout: 99999999999999999999999 is outside 10..3600 seconds; using 90"},
	{"warning_seconds = soon",
	 "warning_seconds: \"soon\" is not a whole number of seconds; using 30"},
	{"warning_seconds = 301", "warning_seconds: 301 is outside 20..300 seconds; using 30"},
	{"staff_pin = 123", "staff_pin: must be 4 to 12 digits (0-9); the staff exit gesture is "
			    "disabled"},
	{"staff_pin = 1234567890123", "staff_pin: must be 4 to 12 digits (0-9); the staff exit "
				      "gesture is disabled"},
	{"staff_pin = 12a4", "staff_pin: must be 4 to 12 digits (0-9); the staff exit gesture is "
			     "disabled"},
	{"rotation = 45", "rotation: \"45\" is not 0, 90, 180 or 270; using 0"},
	{"rotation = 360", "rotation: \"360\" is not 0, 90, 180 or 270; using 0"},
	{"rotation = -90", "rotation: \"-90\" is not 0, 90, 180 or 270; using 0"},
	{"rotation = left", "rotation: \"left\" is not 0, 90, 180 or 270; using 0"},
	{"text_scale = big", "text_scale: \"big\" is not a number such as 1.25; using 1"},
	{"text_scale = 1,5", "text_scale: \"1,5\" is not a number such as 1.25; using 1"},
	{"text_scale = .", "text_scale: \".\" is not a number such as 1.25; using 1"},
	{"text_scale = 1.2.3", "text_scale: \"1.2.3\" is not a number such as 1.25; using 1"},
	{"text_scale = 0.7", "text_scale: 0.7 is outside 0.75..2; using 1"},
	{"text_scale = 2.01", "text_scale: 2.01 is outside 0.75..2; using 1"},
	{"text_scale = 1e9", "text_scale: \"1e9\" is not a number such as 1.25; using 1"},
	{"text_scale = 99999999999999999999",
	 "text_scale: 99999999999999999999 is outside 0.75..2; using 1"},
	{"fullscreen = maybe", "fullscreen: \"maybe\" is not true, false, yes, no, on, off, 1 or 0; using true"},
	{"fullscreen = enabled", "fullscreen: \"enabled\" is not true, false, yes, no, on, off, 1 or 0; using true"},
	{"renderer = gpu", "renderer: \"gpu\" is not auto, software or accelerated; using auto"},
	{"renderer =", "renderer: \"\" is not auto, software or accelerated; using auto"},
	{"quiz_on_menu = hidden", "quiz_on_menu: \"hidden\" is not true, false, yes, no, on, off, 1 or 0; using true"},
	{"speech = loud", "speech: \"loud\" is not true, false, yes, no, on, off, 1 or 0; using true"},
	{"volume = 11", "unknown key \"volume\"; ignored (docs/config.md lists the keys)"},
	{"idle-timeout = 60", "unknown key \"idle-timeout\"; ignored (docs/config.md lists the keys)"},
	{"= 5", "no key name before the \"=\"; line ignored"},
	{"idle_timeout 60", "expected \"key = value\"; line ignored"},
	{"[taflen", "section header without \"]\"; line ignored"},
};

static void test_bad_values_keep_defaults(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(load(f, cases[i].line), 0);
		if (diag_count(f->diags) != 1)
			fail_msg("\"%s\": %zu diagnostics", cases[i].line, diag_count(f->diags));
		diag_is(f, 0, 1, cases[i].msg);
		is_default(&f->c);
	}
}

static void test_ranges(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "idle_timeout = 10\nwarning_seconds = 20\ntext_scale = 0.75\n"),
			 0);
	no_diags(f);
	assert_int_equal(f->c.idle_timeout, 10);
	assert_int_equal(f->c.warning_seconds, 20);
	assert_true(f->c.text_scale == 0.75f);
	assert_int_equal(load(f, "idle_timeout = 3600\nwarning_seconds = 300\ntext_scale = 2.0\n"
				 "staff_pin = 123456789012\nrotation = 180\nfullscreen = 0\n"),
			 0);
	assert_int_equal(diag_count(f->diags), 1);
	diag_is(f, 0, 4, DEPRECATED);
	assert_int_equal(f->c.idle_timeout, 3600);
	assert_int_equal(f->c.warning_seconds, 300);
	assert_true(f->c.text_scale == 2.0f);
	assert_string_equal(f->c.staff_pin, "123456789012");
	assert_int_equal(f->c.rotation, 180);
	assert_false(f->c.fullscreen);
	assert_int_equal(load(f, "staff_pin = 0000\ntext_scale = .8\nfullscreen = YES\n"), 0);
	assert_int_equal(diag_count(f->diags), 1);
	diag_is(f, 0, 1, DEPRECATED);
	assert_string_equal(f->c.staff_pin, "0000");
	assert_true(f->c.text_scale == 0.8f);
	assert_true(f->c.fullscreen);
	assert_int_equal(load(f, "fullscreen = 1\nrotation = 0\n"), 0);
	no_diags(f);
	assert_true(f->c.fullscreen);
}

/* Too short a warning is raised to the minimum, not reset to the default. */
static void test_warning_too_short(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "warning_seconds = 10\n"), 0);
	diag_is(f, 0, 1, "warning_seconds: 10 is under 20 seconds, too short to react to; using 20");
	assert_int_equal(f->c.warning_seconds, 20);
	assert_int_equal(load(f, "warning_seconds = 0\n"), 0);
	assert_int_equal(f->c.warning_seconds, 20);
}

/* A bad PIN disables the exit gesture even after a good one. */
static void test_bad_pin_disables(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "staff_pin = 4321\nstaff_pin = 43 21\n"), 0);
	assert_int_equal(diag_count(f->diags), 3);
	diag_is(f, 0, 1, DEPRECATED);
	diag_is(f, 1, 2, "staff_pin: also set on line 1; this later line wins");
	diag_is(f, 2, 2, "staff_pin: must be 4 to 12 digits (0-9); the staff exit gesture is "
			 "disabled");
	assert_string_equal(f->c.staff_pin, "");
}

/* A bad value keeps what the file said earlier, and the message says so. */
static void test_bad_value_keeps_earlier(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "idle_timeout = 45\n\nidle_timeout = forever\n"), 0);
	assert_int_equal(diag_count(f->diags), 2);
	diag_is(f, 0, 3, "idle_timeout: also set on line 1; this later line wins");
	diag_is(f, 1, 3, "idle_timeout: \"forever\" is not a whole number of seconds; using 45");
	assert_int_equal(f->c.idle_timeout, 45);
}

static void test_other_sections(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "rotation = 90\n"
				 "[display]\n"
				 "rotation = 180\n"
				 "[taflen]\n"
				 "idle_timeout = 30\n"
				 "[taflen ;x]\n"
				 "idle_timeout = 40\n"),
			 0);
	/* "[taflen ;x]": the inline comment hides the "]", so inih rejects the
	 * line, and the keys below stay in the section before. */
	assert_int_equal(diag_count(f->diags), 3);
	diag_is(f, 0, 3, "[display] rotation: only the [taflen] section is read; ignored");
	diag_is(f, 1, 7, "idle_timeout: also set on line 5; this later line wins");
	diag_is(f, 2, 6, "not a \"[section]\" or \"key = value\" line; ignored");
	assert_int_equal(f->c.rotation, 90);
	assert_int_equal(f->c.idle_timeout, 40);
}

/* Several syntax errors: each is reported on its own line, and the good
 * lines between them still count. */
static void test_syntax_errors(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "rotation 90\n"
				 "idle_timeout = 20\n"
				 "[oops\n"
				 "just some words\n"
				 "fullscreen = no\n"),
			 0);
	assert_int_equal(diag_count(f->diags), 3);
	diag_is(f, 0, 1, "expected \"key = value\"; line ignored");
	diag_is(f, 1, 3, "section header without \"]\"; line ignored");
	diag_is(f, 2, 4, "expected \"key = value\"; line ignored");
	assert_int_equal(f->c.idle_timeout, 20);
	assert_false(f->c.fullscreen);
}

static void test_missing_file(void **state)
{
	fixture *f = *state;
	diag_clear(f->diags);
	app_config c;
	config_defaults(&c);
	c.rotation = 180; /* must stay as it was */
	char path[128];
	snprintf(path, sizeof path, "%s/nope.conf", f->dir);
	assert_int_equal(config_load(path, false, &c, f->diags), CONFIG_UNREADABLE);
	assert_int_equal(diag_count(f->diags), 1);
	char want[256];
	snprintf(want, sizeof want, "%s: cannot read: No such file or directory; using the defaults",
		 path);
	assert_string_equal(diag_get(f->diags, 0), want);
	assert_int_equal(c.rotation, 180);

	diag_clear(f->diags);
	assert_int_equal(config_load(f->dir, false, &c, f->diags), CONFIG_UNREADABLE);
	assert_int_equal(diag_count(f->diags), 1);
	snprintf(want, sizeof want, "%s: cannot read: it is a folder, not a file; using the defaults",
		 f->dir);
	assert_string_equal(diag_get(f->diags, 0), want);
}

/* The default config (missing_ok): absent is normal and silent; there but
 * unreadable is one line, and the defaults. */
static void test_default_config_optional(void **state)
{
	fixture *f = *state;
	app_config c;
	config_defaults(&c);
	c.rotation = 180;
	char path[128], want[256];
	snprintf(path, sizeof path, "%s/nope.conf", f->dir);
	diag_clear(f->diags);
	assert_int_equal(config_load(path, true, &c, f->diags), CONFIG_ABSENT);
	no_diags(f);
	assert_int_equal(c.rotation, 180);

	/* A folder, and a FIFO: not absent, so said. */
	assert_int_equal(config_load(f->dir, true, &c, f->diags), CONFIG_UNREADABLE);
	assert_int_equal(diag_count(f->diags), 1);
	assert_int_equal(mkfifo(f->path, 0600), 0);
	diag_clear(f->diags);
	assert_int_equal(config_load(f->path, true, &c, f->diags), CONFIG_UNREADABLE);
	snprintf(want, sizeof want, "%s: cannot read: not a regular file; using the defaults",
		 f->path);
	assert_int_equal(diag_count(f->diags), 1);
	assert_string_equal(diag_get(f->diags, 0), want);
	unlink(f->path);

	/* Permission denied, which root never sees. */
	if (geteuid() == 0)
		return;
	FILE *out = fopen(f->path, "w");
	assert_non_null(out);
	fputs("rotation = 90\n", out);
	fclose(out);
	assert_int_equal(chmod(f->path, 0), 0);
	diag_clear(f->diags);
	assert_int_equal(config_load(f->path, true, &c, f->diags), CONFIG_UNREADABLE);
	snprintf(want, sizeof want, "%s: cannot read: Permission denied; using the defaults", f->path);
	assert_int_equal(diag_count(f->diags), 1);
	assert_string_equal(diag_get(f->diags, 0), want);
	assert_int_equal(c.rotation, 180);
}

static char *print_to_string(const app_config *c)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	assert_non_null(out);
	config_print(c, out);
	assert_int_equal(fclose(out), 0);
	return buf;
}

/* From taflen --hash-pin, PIN 1234. */
#define HASH_1234 \
	"$argon2id$v=19$m=65536,t=2,p=1$Bot+p9Jqe/HwUXvr39ma1A$O+C9zSLSlk+uPf6LNpYDrL0AKT4fc96ckeby51mLW9Y"

/* What --hash-pin makes is a config line; the PIN checks against it. */
static void test_pin_hash(void **state)
{
	fixture *f = *state;
	char line[256];
	const char *why = NULL;
	assert_int_equal(config_hash_pin("2468", line, sizeof line, &why), 0);
	assert_int_equal(strncmp(line, "staff_pin_hash = $argon2id$", 27), 0);
	assert_int_equal(load(f, line), 0);
	no_diags(f);
	assert_true(config_has_pin(&f->c));
	assert_true(config_pin_matches(&f->c, "2468"));
	assert_false(config_pin_matches(&f->c, "2469"));
	assert_false(config_pin_matches(&f->c, ""));
	/* Printed, it reads back as the same hash. */
	char *printed = print_to_string(&f->c);
	assert_non_null(strstr(printed, line));
	app_config saved = f->c;
	assert_int_equal(load(f, printed), 0);
	free(printed);
	no_diags(f);
	assert_string_equal(f->c.staff_pin_hash, saved.staff_pin_hash);

	assert_int_equal(config_hash_pin("123", line, sizeof line, &why), -1);
	assert_string_equal(why, "a staff PIN is 4 to 12 digits (0-9)");
	assert_int_equal(config_hash_pin("12a4", line, sizeof line, &why), -1);
	/* The clear PIN, deprecated, still works. */
	assert_int_equal(load(f, "staff_pin = 97531\n"), 0);
	assert_true(config_pin_matches(&f->c, "97531"));
	assert_false(config_pin_matches(&f->c, "97532"));
}

/* Both set: the hash wins, and a line says so. */
static void test_pin_hash_wins(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "staff_pin = 4321\nrotation = 90\nstaff_pin_hash = " HASH_1234 "\n"),
			 0);
	assert_int_equal(diag_count(f->diags), 2);
	diag_is(f, 0, 1, DEPRECATED);
	diag_is(f, 1, 1, "staff_pin and staff_pin_hash (line 3) are both set; staff_pin_hash is "
			 "used");
	assert_string_equal(f->c.staff_pin, "");
	assert_string_equal(f->c.staff_pin_hash, HASH_1234);
	assert_true(config_pin_matches(&f->c, "1234"));
	assert_false(config_pin_matches(&f->c, "4321"));
}

/* Anything but an Argon2id hash string is an error and turns the gesture
 * off, even with a clear PIN set too. */
static void test_pin_hash_bad(void **state)
{
	fixture *f = *state;
	static const char *const bad[] = {
		"1234",
		"$argon2i$v=19$m=65536,t=2,p=1$Bot+p9Jqe/HwUXvr39ma1A$O+C9zSLSlk+uPf6LNpYDrL0AKT4fc96ckeby51mLW9Y",
		"$argon2id$",
		"$argon2id$v=19$m=65536,t=2,p=1$Bot+p9Jqe/HwUXvr39ma1A",
		"$argon2id$v=19$m=65536,t=2,p=1$Bot+p9Jqe/HwUXvr39ma1A$O+C9zSLSlk+uPf6LNpYDrL0AKT4fc96c!!",
		"$2y$10$abcdefghijklmnopqrstuuJ0vZ6FG0C/Mo5YzcxNfD1Z5qBhK9Z0e",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[512];
		snprintf(text, sizeof text, "staff_pin = 1234\nstaff_pin_hash = %s\n", bad[i]);
		assert_int_equal(load(f, text), 0);
		if (diag_count(f->diags) != 2)
			fail_msg("\"%s\": %zu diagnostics", bad[i], diag_count(f->diags));
		diag_is(f, 1, 2, "staff_pin_hash: not an Argon2id hash (\"$argon2id$...\") from taflen "
				 "--hash-pin; the staff exit gesture is disabled");
		assert_false(config_has_pin(&f->c));
		assert_false(config_pin_matches(&f->c, "1234"));
	}
	/* An empty value is no hash, and no error. */
	assert_int_equal(load(f, "staff_pin_hash =\n"), 0);
	no_diags(f);
	assert_false(config_has_pin(&f->c));
}

/* The line numbers stay right after lines the reader throws away. */
static void test_junk_lines(void **state)
{
	fixture *f = *state;
	char text[2048];
	size_t n = 0;
	n += (size_t)sprintf(text + n, "idle_timeout = 60\n");
	memset(text + n, 'x', 500); /* 2: too long for inih */
	n += 500;
	n += (size_t)sprintf(text + n, "\nrotation = 45\n");     /* 3 */
	memcpy(text + n, "staff_pin = 12\0 34\n", 19);           /* 4: NUL */
	n += 19;
	n += (size_t)sprintf(text + n, "content_dir = /a\xFF\n"); /* 5: not UTF-8 */
	n += (size_t)sprintf(text + n, "content_dir = /b\x1B[0m\n"); /* 6: escape */
	n += (size_t)sprintf(text + n, "text_scale = 1.5\n");    /* 7 */
	n += (size_t)sprintf(text + n, "content_dir = /srv/caf\xC3\xA9\n"); /* 8: fine */
	n += (size_t)sprintf(text + n, "content_dir = \xC0\xAF\n");  /* 9: overlong '/' */
	n += (size_t)sprintf(text + n, "content_dir = \xED\xA0\x80\n"); /* 10: surrogate */
	n += (size_t)sprintf(text + n, "content_dir = \xE2\x82\n");  /* 11: cut short */
	assert_int_equal(load_bytes(f, text, n), 0);
	assert_int_equal(diag_count(f->diags), 8);
	diag_is(f, 0, 2, "the line is longer than 199 bytes; ignored");
	diag_is(f, 1, 3, "rotation: \"45\" is not 0, 90, 180 or 270; using 0");
	diag_is(f, 2, 4, "control character 0x00 at column 15; line ignored");
	diag_is(f, 3, 5, "byte 0xFF at column 17 is not valid UTF-8; line ignored");
	diag_is(f, 4, 6, "control character 0x1B at column 17; line ignored");
	diag_is(f, 5, 9, "byte 0xC0 at column 15 is not valid UTF-8; line ignored");
	diag_is(f, 6, 10, "byte 0xED at column 15 is not valid UTF-8; line ignored");
	diag_is(f, 7, 11, "byte 0xE2 at column 15 is not valid UTF-8; line ignored");
	assert_int_equal(f->c.idle_timeout, 60);
	assert_true(f->c.text_scale == 1.5f);
	assert_string_equal(f->c.content_dir, "/srv/caf\xC3\xA9");
	assert_string_equal(f->c.staff_pin, "");
}

/* Random bytes: no crash, a bounded number of messages, and the reader gives
 * up on a file that is plainly not a config file. */
static void test_binary_junk(void **state)
{
	fixture *f = *state;
	enum { SIZE = 64 * 1024 };
	char *junk = malloc(SIZE);
	assert_non_null(junk);
	uint32_t x = 12345;
	for (size_t i = 0; i < SIZE; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 24);
	}
	assert_int_equal(load_bytes(f, junk, SIZE), 0);
	free(junk);
	size_t n = diag_count(f->diags);
	assert_true(n >= 1 && n <= 21);
	const char *last = diag_get(f->diags, n - 1);
	assert_non_null(strstr(last, "unreadable lines: this does not look like a config file; "
				     "stopped reading"));
	is_default(&f->c);
}

/* A device is refused before it is read, endless or not. */
static void test_endless_file(void **state)
{
	fixture *f = *state;
	if (access("/dev/zero", R_OK) != 0)
		skip();
	diag_clear(f->diags);
	app_config c;
	config_defaults(&c);
	assert_int_equal(config_load("/dev/zero", false, &c, f->diags), CONFIG_UNREADABLE);
	assert_int_equal(diag_count(f->diags), 1);
	assert_string_equal(diag_get(f->diags, 0),
			    "/dev/zero: cannot read: not a regular file; using the defaults");
	is_default(&c);
}

/* Over 1 MiB is not a config file: not read at all. config_parse, given
 * the bytes, stops at the same limit. */
static void test_large_file(void **state)
{
	fixture *f = *state;
	const char *line = "; padding padding padding padding padding padding\n";
	size_t len = strlen(line), lines = 1024 * 1024 / len + 2;
	char *text = malloc(lines * len + 32);
	assert_non_null(text);
	size_t n = (size_t)sprintf(text, "rotation = 90\n");
	for (size_t i = 0; i < lines; i++, n += len)
		memcpy(text + n, line, len);
	assert_int_equal(load_bytes(f, text, n), CONFIG_UNREADABLE);
	assert_int_equal(diag_count(f->diags), 1);
	char want[256];
	snprintf(want, sizeof want, "%s: larger than 1024 KiB, so not a config file; using the "
				    "defaults", f->path);
	assert_string_equal(diag_get(f->diags, 0), want);
	is_default(&f->c);
	diag_clear(f->diags);
	config_parse("big.conf", text, n, &f->c, f->diags);
	free(text);
	assert_int_equal(diag_count(f->diags), 1);
	assert_non_null(strstr(diag_get(f->diags, 0), "larger than 1048576 bytes"));
	assert_int_equal(f->c.rotation, 90);
}

static void test_print(void **state)
{
	fixture *f = *state;
	app_config c;
	config_defaults(&c);
	char *s = print_to_string(&c);
	char host[64], want[512];
	assert_int_equal(gethostname(host, sizeof host), 0);
	host[sizeof host - 1] = '\0';
	snprintf(want, sizeof want,
		 "[taflen]\n"
		 "idle_timeout = 90\n"
		 "warning_seconds = 30\n"
		 "content_dir =\n"
		 "; staff_pin: not set\n"
		 "staff_pin_hash =\n"
		 "rotation = 0\n"
		 "text_scale = 1\n"
		 "fullscreen = true\n"
		 "renderer = auto\n"
		 "quiz_on_menu = true\n"
		 "speech = true\n"
		 "stats = true\n"
		 "stats_db = /var/lib/taflen/stats.db\n"
		 "stats_keep_days = 400\n"
		 "kiosk_id = %s\n", host);
	assert_string_equal(s, want);
	free(s);

	/* What it prints reads back as the same configuration. */
	c.idle_timeout = 300;
	c.warning_seconds = 60;
	snprintf(c.content_dir, sizeof c.content_dir, "/srv/taflen");
	snprintf(c.staff_pin, sizeof c.staff_pin, "97531");
	c.rotation = 90;
	c.text_scale = 1.5f;
	c.fullscreen = false;
	c.renderer = CONFIG_RENDERER_ACCELERATED;
	c.quiz_on_menu = false;
	c.speech = false;
	c.stats = false;
	snprintf(c.stats_db, sizeof c.stats_db, "/srv/figures.db");
	c.stats_keep_days = 30;
	snprintf(c.kiosk_id, sizeof c.kiosk_id, "reception-1");
	s = print_to_string(&c);
	/* The clear PIN is never printed; that one is set is. */
	assert_null(strstr(s, "97531"));
	assert_non_null(strstr(s, "; staff_pin: set (not shown)\n"));
	assert_int_equal(load(f, s), 0);
	free(s);
	no_diags(f);
	assert_int_equal(f->c.idle_timeout, 300);
	assert_int_equal(f->c.warning_seconds, 60);
	assert_false(f->c.quiz_on_menu);
	assert_false(f->c.speech);
	assert_string_equal(f->c.content_dir, "/srv/taflen");
	assert_string_equal(f->c.staff_pin, "");
	assert_int_equal(f->c.rotation, 90);
	assert_true(f->c.text_scale == 1.5f);
	assert_false(f->c.fullscreen);
	assert_int_equal(f->c.renderer, CONFIG_RENDERER_ACCELERATED);
	assert_false(f->c.stats);
	assert_string_equal(f->c.stats_db, "/srv/figures.db");
	assert_int_equal(f->c.stats_keep_days, 30);
	assert_string_equal(f->c.kiosk_id, "reception-1");

	/* Paths read back as they were: one that starts with ";" (fuzz_config
	 * found "stats_db =;; 93" printed as "stats_db = ;; 93", a comment),
	 * one with spaces at its ends, and one as long as a line may be (found
	 * printed as a line the reader refuses). */
	char line[256];
	memset(line, 'x', sizeof line);
	memcpy(line, "content_dir=/", 13);
	line[199] = '\0';
	for (int i = 0; i < 2; i++) {
		char text[512];
		snprintf(text, sizeof text, "stats_db =;; 93\n%s\n",
			 i ? line : "content_dir = \" /srv/a \"");
		assert_int_equal(load(f, text), 0);
		no_diags(f);
		app_config read = f->c;
		s = print_to_string(&f->c);
		assert_int_equal(load(f, s), 0);
		free(s);
		no_diags(f);
		assert_string_equal(f->c.stats_db, ";; 93");
		assert_string_equal(f->c.content_dir, read.content_dir);
	}
}

/* The usage-figure keys; a bad value is reported and the default kept. */
static void test_stats_keys(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "stats = off\nstats_db = /srv/s.db\nstats_keep_days = 31\n"
				 "kiosk_id = lobby-2\n"), 0);
	no_diags(f);
	assert_false(f->c.stats);
	assert_string_equal(f->c.stats_db, "/srv/s.db");
	assert_int_equal(f->c.stats_keep_days, 31);
	assert_string_equal(f->c.kiosk_id, "lobby-2");
	app_config d;
	config_defaults(&d);
	assert_int_equal(load(f, "stats = maybe\nstats_db =\nstats_keep_days = 0\n"
				 "kiosk_id = front desk\n"), 0);
	assert_int_equal(diag_count(f->diags), 4);
	assert_true(f->c.stats);
	assert_string_equal(f->c.stats_db, "/var/lib/taflen/stats.db");
	assert_int_equal(f->c.stats_keep_days, 400);
	assert_string_equal(f->c.kiosk_id, d.kiosk_id);
	/* ";" or "#" would start a comment when config_print writes the id back. */
	static const char *const commenty[] = {"kiosk_id =;\n", "kiosk_id =#a\n", "kiosk_id = a;b\n"};
	for (size_t i = 0; i < sizeof commenty / sizeof *commenty; i++) {
		assert_int_equal(load(f, commenty[i]), 0);
		assert_int_equal(diag_count(f->diags), 1);
		assert_string_equal(f->c.kiosk_id, d.kiosk_id);
	}
}

/* A scale written with many digits prints as the shortest decimal that reads
 * back as the same float (found by fuzz_config: "%g" printed 1.27778). */
static void test_print_scale_round_trip(void **state)
{
	fixture *f = *state;
	assert_int_equal(load(f, "[taflen]\ntext_scale = 1.2777777777777777777\n"), 0);
	no_diags(f);
	float scale = f->c.text_scale;
	char *s = print_to_string(&f->c);
	assert_non_null(strstr(s, "text_scale = 1.2777778\n"));
	config_defaults(&f->c);
	assert_int_equal(load(f, s), 0);
	free(s);
	assert_true(f->c.text_scale == scale);
}

/* The sample shipped in assets/ loads without a single diagnostic and
 * holds the defaults (it documents them; it must not change them). */
static void test_shipped_sample(void **state)
{
	fixture *f = *state;
	diag_clear(f->diags);
	app_config c;
	config_defaults(&c);
	assert_int_equal(config_load("assets/taflen.conf", false, &c, f->diags), 0);
	no_diags(f);
	is_default(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_every_key_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_layout_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values_keep_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warning_too_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pin_disables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_value_keeps_earlier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_config_optional, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_hash_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pin_hash_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junk_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_junk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endless_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_scale_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shipped_sample, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
