/* The command line's limits and modes (issues #12 and #21): a config that is
 * a FIFO, a folder or a device; the PIN never printed in clear; --hash-pin;
 * sizes and numbers out of range; options that cannot go together; the
 * --dump-layout size cap. Each case runs the real program in a child with
 * a time limit (alarm, which survives exec), so a hang fails the test
 * instead of stopping the suite; no case looks at how long anything took. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

/* Far beyond any case's needs: only a hang reaches it. */
#define CHILD_LIMIT_S 120

static char program[4096];

typedef struct {
	int rc;       /* exit code; -1 when killed by a signal */
	char out[16384];
	char err[16384];
} result;

static void slurp_fd(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;
	lseek(fd, 0, SEEK_SET);
	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	close(fd);
}

static int temp_fd(void)
{
	char path[] = "/tmp/taflen-options-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

/* Runs taflen with args (NULL-terminated) and `input` on standard input. */
static result *run(const char *input, const char *const *args)
{
	result *r = calloc(1, sizeof *r);
	assert_non_null(r);
	int in = temp_fd(), out = temp_fd(), err = temp_fd();
	if (input)
		assert_int_equal(write(in, input, strlen(input)), (ssize_t)strlen(input));
	lseek(in, 0, SEEK_SET);
	const char *argv[32] = {program};
	size_t n = 1;
	for (; args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		alarm(CHILD_LIMIT_S);
		execv(program, (char *const *)argv);
		_exit(127);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(in);
	slurp_fd(out, r->out, sizeof r->out);
	slurp_fd(err, r->err, sizeof r->err);
	if (WIFSIGNALED(status))
		fail_msg("taflen %s ...: killed by signal %d (a hang?); stderr: %s", args[0],
			 WTERMSIG(status), r->err);
	r->rc = WEXITSTATUS(status);
	return r;
}

#define RUN(input, ...) run((input), (const char *const[]){__VA_ARGS__, NULL})

static void has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("wanted \"%s\" in:\n%s", needle, text);
}

static size_t lines(const char *text)
{
	size_t n = 0;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* A FIFO as the config returns at once with one line, and the defaults;
 * so do a folder and a device. */
static void config_not_a_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/taflen-options-XXXXXX", fifo[128], want[256];
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/taflen.conf", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	result *r = RUN(NULL, "--print-config", "--config", fifo);
	assert_int_equal(r->rc, 0);
	snprintf(want, sizeof want, "%s: cannot read: not a regular file; using the defaults\n", fifo);
	assert_string_equal(r->err, want);
	has(r->out, "idle_timeout = 90\n");
	free(r);

	r = RUN(NULL, "--print-config", "--config", dir);
	snprintf(want, sizeof want, "%s: cannot read: it is a folder, not a file; using the defaults\n",
		 dir);
	assert_string_equal(r->err, want);
	free(r);
	r = RUN(NULL, "--print-config", "--config", "/dev/zero");
	assert_string_equal(r->err, "/dev/zero: cannot read: not a regular file; using the defaults\n");
	free(r);
	unlink(fifo);
	rmdir(dir);
}

/* A file named with --config must be there; saying so is one line. */
static void config_missing(void **state)
{
	(void)state;
	result *r = RUN(NULL, "--print-config", "--config", "/tmp/taflen-no-such.conf");
	assert_int_equal(r->rc, 0);
	assert_string_equal(r->err, "/tmp/taflen-no-such.conf: cannot read: No such file or "
				    "directory; using the defaults\n");
	has(r->out, "rotation = 0\n");
	free(r);
}

/* --print-config says whether a clear PIN is set, never what it is. */
static void print_config_hides_pin(void **state)
{
	(void)state;
	char path[] = "/tmp/taflen-options-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, "staff_pin = 97531\nrotation = 90\n");
	result *r = RUN(NULL, "--print-config", "--config", path);
	assert_int_equal(r->rc, 0);
	assert_null(strstr(r->out, "97531"));
	assert_null(strstr(r->err, "97531"));
	has(r->out, "; staff_pin: set (not shown)\n");
	has(r->out, "rotation = 90\n");
	has(r->err, ":1: staff_pin: a PIN in clear text is deprecated; put the line that taflen "
		    "--hash-pin prints here instead\n");
	free(r);
	unlink(path);
}

/* --hash-pin prints a line that, pasted into the config, loads cleanly. */
static void hash_pin(void **state)
{
	(void)state;
	result *r = RUN("2468\n", "--hash-pin");
	assert_int_equal(r->rc, 0);
	assert_int_equal(strncmp(r->out, "staff_pin_hash = $argon2id$", 27), 0);
	assert_int_equal(lines(r->out), 1);
	assert_null(strstr(r->out, "2468"));
	char path[] = "/tmp/taflen-options-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_file(path, r->out);
	result *p = RUN(NULL, "--print-config", "--config", path);
	assert_int_equal(p->rc, 0);
	assert_string_equal(p->err, "");
	has(p->out, r->out);
	has(p->out, "; staff_pin: not set\n");
	free(p);
	free(r);
	unlink(path);

	r = RUN("12\n", "--hash-pin");
	assert_int_equal(r->rc, 1);
	assert_string_equal(r->err, "taflen: --hash-pin: a staff PIN is 4 to 12 digits (0-9)\n");
	assert_string_equal(r->out, "");
	free(r);
	r = RUN("", "--hash-pin");
	assert_int_equal(r->rc, 1);
	assert_string_equal(r->err, "taflen: --hash-pin: no PIN on standard input\n");
	free(r);
}

/* A size that overflowed int became the default; now it is refused. */
static void size_out_of_range(void **state)
{
	(void)state;
	static const char *const bad[] = {"1080x4294969216", "1080x-1920", "199x1920",
					  "1080x16385", "1080x1920x3", "x1920", "1080x",
					  "1080x 1920", "+1080x1920", "1080X1920", "nan"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		result *r = RUN(NULL, "--screenshot", "/tmp/taflen-options.png", "--size", bad[i]);
		if (r->rc != 2)
			fail_msg("--size %s: exit %d, stderr: %s", bad[i], r->rc, r->err);
		char want[256];
		snprintf(want, sizeof want, "taflen: --size wants WxH, each from 200 to 16384 pixels: "
					    "%s (see --help)\n", bad[i]);
		assert_string_equal(r->err, want);
		free(r);
	}
}

/* --dump-layout's numbers: finite and in range. */
static void dump_numbers(void **state)
{
	(void)state;
	static const char *const widths[] = {"nan", "inf", "-inf", "1e999", "0", "-5", "16385", "12px"};
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		result *r = RUN(NULL, "--dump-layout", "README.md", "--width", widths[i], "--size", "20");
		if (r->rc != 2)
			fail_msg("--width %s: exit %d", widths[i], r->rc);
		has(r->err, "taflen: --width wants a number of pixels from 1 to 16384: ");
		free(r);
		r = RUN(NULL, "--dump-layout", "README.md", "--width", "400", "--size", widths[i]);
		if (r->rc != 2)
			fail_msg("--size %s: exit %d", widths[i], r->rc);
		has(r->err, "taflen: --size wants a font size from 1 to 1000 px with --dump-layout: ");
		free(r);
	}
}

/* Two modes, or an option that means nothing in the mode given, are an
 * error naming both options, not silently resolved. */
static void conflicts(void **state)
{
	(void)state;
	static const struct {
		const char *args[6];
		const char *msg;
	} cases[] = {
		{{"--screenshot", "/tmp/x.png", "--headless"}, "--screenshot and --headless"},
		{{"--headless", "--screenshot", "/tmp/x.png"}, "--headless and --screenshot"},
		{{"--check-content", "--screenshot", "/tmp/x.png"}, "--check-content and --screenshot"},
		{{"--print-config", "--hash-pin"}, "--print-config and --hash-pin"},
		{{"--dump-layout", "x", "--check-content"}, "--dump-layout and --check-content"},
		{{"--windowed", "--screenshot", "/tmp/x.png"}, "--windowed and --screenshot"},
		{{"--check-content", "--content", "assets/content"}, "--check-content and --content"},
		{{"--print-config", "--screen", "menu"}, "--print-config and --screen"},
		{{"--width", "300", "--headless"}, "--width and --headless"},
		{{"--hash-pin", "--config", "/tmp/x.conf"}, "--hash-pin and --config"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *const *a = cases[i].args;
		result *r = run(NULL, a);
		char want[256];
		snprintf(want, sizeof want, "taflen: options %s cannot be used together (see --help)\n",
			 cases[i].msg);
		if (r->rc != 2 || strcmp(r->err, want) != 0)
			fail_msg("%s %s: exit %d, stderr: %s", a[0], a[1], r->rc, r->err);
		free(r);
	}
	result *r = RUN(NULL, "--greedy");
	assert_int_equal(r->rc, 2);
	assert_string_equal(r->err, "taflen: --greedy needs --dump-layout (see --help)\n");
	free(r);
	r = RUN(NULL, "--check-content", "assets/content", "extra");
	assert_int_equal(r->rc, 2);
	assert_string_equal(r->err, "taflen: unexpected argument: extra (see --help)\n");
	free(r);
}

/* --dump-layout reads at most 1 MiB (it needs ~128 bytes per byte). */
static void dump_layout_cap(void **state)
{
	(void)state;
	char path[] = "/tmp/taflen-options-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t len = 1024 * 1024 + 1;
	char *text = malloc(len);
	assert_non_null(text);
	memset(text, '\n', len);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	result *r = RUN(NULL, "--dump-layout", path, "--width", "400", "--size", "20");
	assert_int_equal(r->rc, 1);
	char want[256];
	snprintf(want, sizeof want, "%s: larger than 1 MiB, the --dump-layout limit\n", path);
	assert_string_equal(r->err, want);
	free(r);
	/* One byte less is laid out. */
	assert_int_equal(truncate(path, (off_t)len - 1), 0);
	r = RUN(NULL, "--dump-layout", path, "--width", "400", "--size", "20");
	if (r->rc != 0)
		fail_msg("1 MiB exactly: exit %d: %s", r->rc, r->err);
	free(r);
	free(text);
	unlink(path);
}

/* getopt_long's forms work: --opt=value, and -h. */
static void option_forms(void **state)
{
	(void)state;
	result *r = RUN(NULL, "-h");
	assert_int_equal(r->rc, 0);
	has(r->out, "--hash-pin");
	free(r);
	r = RUN(NULL, "--print-config", "--config=/tmp/taflen-no-such.conf");
	assert_int_equal(r->rc, 0);
	has(r->err, "/tmp/taflen-no-such.conf: cannot read:");
	free(r);
	r = RUN(NULL, "--size");
	assert_int_equal(r->rc, 2);
	assert_string_equal(r->err, "taflen: missing value for: --size (see --help)\n");
	free(r);
}

int main(int argc, char **argv)
{
	(void)argc;
	tl_program(argv[0], program, sizeof program);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_not_a_file),
		cmocka_unit_test(config_missing),
		cmocka_unit_test(print_config_hides_pin),
		cmocka_unit_test(hash_pin),
		cmocka_unit_test(size_out_of_range),
		cmocka_unit_test(dump_numbers),
		cmocka_unit_test(conflicts),
		cmocka_unit_test(dump_layout_cap),
		cmocka_unit_test(option_forms),
	};
	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
