/* The process figures of `make bench`, measured on the real program from
 * outside, as an operator would see it. Runs from the repo root.
 *
 *   proc --taflen BUILD/taflen [--smoke]
 *       startup_ms: fork to exit of `taflen --headless --size 1920x1080`,
 *       which starts, draws the first frame of the welcome screen and exits
 *       (so the figure includes the exit); median of 5 fresh processes.
 *       peak_rss_kb: the child's ru_maxrss (wait4) for a scripted run that
 *       visits every screen in both languages (bench/visit.script).
 *   proc --taflen BUILD/taflen --idle DISPLAY
 *       idle_cpu_pct: the real window on DISPLAY (an Xvfb that run.sh
 *       starts): after a 2 s settle, user + system CPU time of the process
 *       (all threads, /proc/PID/stat) over 10 s, as a percentage of one CPU.
 *
 * Exit status 1 when a child cannot be started or fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define STARTS 5
#define VISIT_SCRIPT "bench/visit.script"
#define SETTLE_S 2
#define IDLE_S 10

/* Starts argv with env_extra (NULL-terminated "K=V" list, or NULL) added to
 * the environment; stdout goes to /dev/null. Returns the pid or -1. */
static pid_t spawn(char *const argv[], char *const env_extra[])
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	for (size_t i = 0; env_extra && env_extra[i]; i++)
		putenv(env_extra[i]);
	if (!freopen("/dev/null", "w", stdout))
		_exit(127);
	execv(argv[0], argv);
	fprintf(stderr, "bench: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Waits for pid; 0 when it exited with 0, else -1 (with a message). */
static int reap(pid_t pid, const char *what, struct rusage *ru)
{
	int status;
	pid_t got;
	do
		got = wait4(pid, &status, 0, ru);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		perror("bench: wait4");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		fprintf(stderr, "bench: %s exited with %d\n", what, WEXITSTATUS(status));
	else
		fprintf(stderr, "bench: %s died of signal %d\n", what, WTERMSIG(status));
	return -1;
}

static int startup(const char *taflen, const bench_plan *plan)
{
	int n = plan->smoke ? 1 : STARTS;
	double ms[STARTS];
	char *argv[] = {(char *)taflen, "--headless", "--size", "1920x1080", NULL};
	for (int i = 0; i < n; i++) {
		struct rusage ru;
		double t0 = bench_now_us();
		pid_t pid = spawn(argv, NULL);
		if (pid < 0 || reap(pid, "taflen --headless", &ru) < 0)
			return -1;
		ms[i] = (bench_now_us() - t0) / 1e3;
	}
	bench_print("startup_ms", bench_median(ms, (size_t)n), "ms", BENCH_AT_MOST, 50);
	return 0;
}

static int peak_rss(const char *taflen)
{
	char *argv[] = {(char *)taflen, "--headless", "--size", "1920x1080", "--script",
			VISIT_SCRIPT, NULL};
	struct rusage ru;
	pid_t pid = spawn(argv, NULL);
	if (pid < 0 || reap(pid, "taflen --script " VISIT_SCRIPT, &ru) < 0)
		return -1;
	bench_print("peak_rss_kb", (double)ru.ru_maxrss, "KB", BENCH_AT_MOST, 30000);
	return 0;
}

/* utime + stime of pid in clock ticks, from /proc/PID/stat (fields 14 and
 * 15, counted after the parenthesised command name, which may hold spaces). */
static int cpu_ticks(pid_t pid, unsigned long long *out)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *fp = fopen(path, "r");
	if (!fp)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');
	unsigned long long ut, st;
	/* After ')': state (3), then fields 4..13, then utime (14), stime (15). */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	*out = ut + st;
	return 0;
}

static void sleep_s(int s)
{
	struct timespec ts = {s, 0};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Still running? (Reaps it if it has exited.) */
static int alive(pid_t pid)
{
	int status;
	return waitpid(pid, &status, WNOHANG) == 0;
}

static int idle_cpu(const char *taflen, const char *display)
{
	char disp[256];
	snprintf(disp, sizeof disp, "DISPLAY=%s", display);
	char *env[] = {"SDL_VIDEODRIVER=x11", disp, NULL};
	char *argv[] = {(char *)taflen, NULL};
	pid_t pid = spawn(argv, env);
	if (pid < 0)
		return -1;
	sleep_s(SETTLE_S);
	unsigned long long t0 = 0, t1 = 0;
	double w0 = bench_now_us();
	int rc = alive(pid) && cpu_ticks(pid, &t0) == 0 ? 0 : -1;
	if (rc == 0) {
		sleep_s(IDLE_S);
		rc = alive(pid) && cpu_ticks(pid, &t1) == 0 ? 0 : -1;
	}
	double wall_s = (bench_now_us() - w0) / 1e6;
	if (rc < 0)
		fprintf(stderr, "bench: the windowed taflen on %s did not keep running\n", display);
	/* SDL turns SIGTERM into a quit request; a kiosk may refuse it. */
	kill(pid, SIGTERM);
	for (int i = 0; i < 20 && alive(pid); i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (alive(pid))
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (rc < 0)
		return -1;
	double cpu_s = (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK);
	bench_print("idle_cpu_pct", cpu_s / wall_s * 100.0, "%", BENCH_AT_MOST, 0.5);
	return 0;
}

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(STARTS, 0);
	const char *taflen = NULL, *display = NULL;
	for (int i = 1; i < argc; i++) {
		if (bench_parse_arg(argv[i], &plan))
			continue;
		if (strcmp(argv[i], "--taflen") == 0 && i + 1 < argc) {
			taflen = argv[++i];
		} else if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc) {
			display = argv[++i];
		} else {
			taflen = NULL;
			break;
		}
	}
	if (!taflen) {
		fprintf(stderr, "usage: %s --taflen PATH [--smoke | --idle DISPLAY]\n", argv[0]);
		return 2;
	}
	if (display)
		return idle_cpu(taflen, display) < 0 ? 1 : 0;
	if (startup(taflen, &plan) < 0 || peak_rss(taflen) < 0)
		return 1;
	return 0;
}
