/* Live content updates in the real kiosk: the program in its real main loop,
 * fullscreen under Xvfb, on a temporary content folder behind a symlink.
 * The watcher's thread must wake the loop, which sleeps in
 * SDL_WaitEventTimeout: an edit on the welcome screen shows as
 * "content reloaded (generation 2)"; SIGHUP reloads (and does not end the
 * kiosk, as its default action would); a symlink swapped to a broken
 * folder is refused; Ctrl+Alt+Q still ends it cleanly (the thread stops).
 *
 * Events arrive in real time, so each step polls the kiosk's log with a
 * bound; nothing asserts a duration. The headless details (sessions, the
 * quiet period, logging once) are test_content_update's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/lang.h"
#include "content/content.h"
#include "testlib.h"

/* A bound on waiting, not a speed test: generous, because a loaded machine
 * (CI's two cores shared with the sanitizer build) once took more than 15 s
 * to bring the window up. */
#define POLL_MS 100
#define MAX_POLLS 600

static char program[4096];
static char repo[4096];
static char base[256];     /* the temporary folder */
static pid_t children[2];  /* Xvfb and the kiosk, stopped however the test ends */

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return strdup("");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)(n > 0 ? n : 0) + 1);
	assert_non_null(buf);
	size_t got = n > 0 ? fread(buf, 1, (size_t)n, f) : 0;
	buf[got] = '\0';
	fclose(f);
	return buf;
}

static pid_t spawn(char *const argv[], const char *display, const char *log)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (display) {
			setenv("DISPLAY", display, 1);
			setenv("SDL_VIDEODRIVER", "x11", 1);
			setenv("TAFLEN_DATA_DIR", repo, 1);
			/* As in test_window: X11 and GL drivers' allocations
			 * outlive exit; our own leaks are the headless runs'. */
			setenv("LSAN_OPTIONS", "detect_leaks=0", 1);
		}
		int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/* Polls the log, with a bound, until `needle` appears `times` times. */
static void wait_for_log(const char *log, const char *needle, int times)
{
	for (int i = 0; i < MAX_POLLS; i++) {
		char *text = slurp(log);
		int n = tl_count(text, needle);
		free(text);
		if (n >= times)
			return;
		sleep_ms(POLL_MS);
	}
	char *text = slurp(log);
	fail_msg("\"%s\" did not appear %d times in the kiosk's log:\n%s", needle, times, text);
	free(text);
}

static bool alive(pid_t pid)
{
	int status;
	return waitpid(pid, &status, WNOHANG) == 0;
}

static int xdotool(const char *display, const char *args)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "DISPLAY=%s xdotool %s >/dev/null 2>&1", display, args);
	return system(cmd);
}

static void updates_in_the_real_loop(void **state)
{
	(void)state;
	/* Xvfb picks a free display itself and writes its number when it
	 * is ready (-displayfd): no race with another X server starting
	 * on a number that looked free, as a scan of the lock files has. */
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	char fd_arg[16], display[16] = ":";
	snprintf(fd_arg, sizeof fd_arg, "%d", ready[1]);
	char *xvfb[] = {"Xvfb", "-displayfd", fd_arg, "-screen", "0", "1080x1920x24",
			"-nolisten", "tcp", NULL};
	children[0] = spawn(xvfb, NULL, NULL);
	close(ready[1]);
	struct pollfd pfd = {ready[0], POLLIN, 0};
	ssize_t got = 0;
	if (poll(&pfd, 1, POLL_MS * MAX_POLLS) == 1)
		got = read(ready[0], display + 1, sizeof display - 2);
	close(ready[0]);
	if (got <= 0)
		fail_msg("Xvfb did not start (no display number from -displayfd)");
	display[1 + strcspn(display + 1, "\n")] = '\0';

	char v1[300], v2[300], live[300], tmp[320], log[300];
	snprintf(v1, sizeof v1, "%s/v1", base);
	snprintf(v2, sizeof v2, "%s/v2", base);
	snprintf(live, sizeof live, "%s/live", base);
	snprintf(log, sizeof log, "%s/kiosk.log", base);
	tl_copy_content(TL_SHIPPED, v1);
	assert_int_equal(symlink("v1", live), 0);

	/* The kiosk, on the X server that is ready. */
	char *kiosk[] = {program, "--config", "/dev/null", "--content", live, NULL};
	int i;
	children[1] = spawn(kiosk, display, log);
	/* Its window shows after the watch is set up (main.c). */
	for (i = 0; i < MAX_POLLS && xdotool(display, "search --name taflen") != 0; i++)
		sleep_ms(POLL_MS);
	if (i == MAX_POLLS) {
		char *text = slurp(log);
		fail_msg("no taflen window on %s after %d ms; the kiosk is %s; its log:\n%s", display,
			 POLL_MS * MAX_POLLS, alive(children[1]) ? "running" : "gone", text);
		free(text);
	}

	tl_edit(v1, "en/ui.txt", "Information for parents and carers", "Information for parents");
	wait_for_log(log, "content reloaded (generation 2)", 1);

	assert_int_equal(kill(children[1], SIGHUP), 0);
	wait_for_log(log, "content reloaded (generation 3)", 1);
	assert_true(alive(children[1]));

	tl_copy_content(TL_SHIPPED, v2);
	tl_edit(v2, "leaflets/learning-from-reviews/cy.txt", "[", "[[");
	snprintf(tmp, sizeof tmp, "%s.new", live);
	assert_int_equal(symlink("v2", tmp), 0);
	assert_int_equal(rename(tmp, live), 0);
	wait_for_log(log, "rejected", 1);

	assert_int_equal(xdotool(display, "key ctrl+alt+q"), 0);
	int status = 0;
	for (i = 0; i < MAX_POLLS && waitpid(children[1], &status, WNOHANG) == 0; i++)
		sleep_ms(POLL_MS);
	assert_true(i < MAX_POLLS);
	children[1] = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	char *text = slurp(log);
	assert_int_equal(tl_count(text, "content reloaded"), 2);
	assert_int_equal(tl_count(text, "rejected"), 1);
	free(text);
}

static int setup(void **state)
{
	(void)state;
	const char *t = getenv("TMPDIR");
	snprintf(base, sizeof base, "%s/taflen-reload-window-XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	/* SIGTERM lets Xvfb remove its lock file. */
	for (size_t i = 0; i < 2; i++)
		if (children[i] > 0 && kill(children[i], i == 0 ? SIGTERM : SIGKILL) == 0)
			waitpid(children[i], NULL, 0);
	tl_rm_tree(base);
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	char self[4096];
	snprintf(self, sizeof self, "%s/../taflen", dirname(argv[0]));
	if (!getcwd(repo, sizeof repo) || !realpath(self, program)) {
		fprintf(stderr, "%s: %s\n", self, strerror(errno));
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(updates_in_the_real_loop, setup, teardown),
	};
	return cmocka_run_group_tests_name("content reload window", tests, NULL, NULL);
}
