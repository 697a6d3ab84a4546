/* The process figures of `make bench`, measured on the real program from
 * outside, as an operator would see it. Runs from the repo root.
 *
 *   proc --taflen BUILD/taflen [--smoke]
 *       startup_ms: fork to exit of `taflen --headless --size 1920x1080`,
 *       which starts, draws the first frame of the welcome screen and exits
 *       (so the figure includes the exit); median of 5 fresh processes.
 *       screenshot_ms: the same for `taflen --screenshot FILE --size
 *       1080x1920`, which also writes the PNG.
 *       startup_peak_rss_kb: the largest ru_maxrss (wait4) of those start-ups,
 *       which draw one whole frame.
 *       peak_rss_kb: the child's ru_maxrss for a scripted run that visits
 *       every screen in both languages (bench/visit.script). A replay draws
 *       no frame unless the script takes a screenshot, so this one never
 *       touches the frame's pixels.
 *       listen_peak_rss_kb: the same visit with every page read aloud for
 *       a while (bench/listen.script); speech_rss_extra_kb the difference,
 *       what reading aloud costs.
 *   proc --taflen BUILD/taflen --window DISPLAY --minimal BUILD/bench/minimal_sdl
 *       The real window on DISPLAY (an Xvfb with a black root, -br, that
 *       run.sh starts), SDL_VIDEODRIVER=x11, renderer auto:
 *       window_first_frame_ms: fork until the window's first frame is on
 *       the screen (a pixel near the top left corner is no longer the black
 *       root, read back from the X server every millisecond); median of 5,
 *       alternating with minimal_sdl_first_frame_ms, the same for the
 *       smallest SDL program that shows a frame (bench/minimal_sdl.c).
 *       idle_cpu_pct: after a 2 s settle, user + system CPU time of the
 *       process (all threads, /proc/PID/stat) over 10 s, as a percentage of
 *       one CPU. window_peak_rss_kb: that process's ru_maxrss when stopped
 *       after it; minimal_sdl_peak_rss_kb the yardstick's.
 *       drag_cpu_pct: `taflen --screen quiz --lang en` in the window; after
 *       a settle (the quiz's demonstration over), a highlight dragged along
 *       the first line of the quiz text and back, once a second, with
 *       DRAG_MOVES_PER_S pointer moves a second for DRAG_S seconds (one
 *       xdotool process: mousedown, mousemove and sleep, mouseup); the CPU
 *       time of the taflen process over the drag as a percentage of one
 *       CPU. The line is found by laying the screen out in-process
 *       (app_find_text), as the window lays it out. drag_moves_per_s: the
 *       moves xdotool made a second. scroll_cpu_pct: the same for the
 *       learning page (`--screen learn`), which scrolls at 1920x1080,
 *       dragged up and down by DRAG_SCROLL_PX in the middle of the screen:
 *       every move scrolls the text. What the programs in the window write
 *       to stderr is shown only when a figure fails.
 *
 * Exit status 1 when a child cannot be started or fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "app/app.h"
#include "app/config.h"
#include "base/diag.h"
#include "bench.h"
#include "platform/video.h"

#define STARTS 5
#define VISIT_SCRIPT "bench/visit.script"
#define LISTEN_SCRIPT "bench/listen.script"
#define SETTLE_S 2
#define IDLE_S 10
/* Where the first frame is looked for: a pixel near the top left corner,
 * black (Xvfb -br) until a frame covers it, never black in the first frame
 * of taflen (its header) or of minimal_sdl (taflen's background colour). */
#define PROBE_X 8
#define PROBE_Y 8
#define BLACK_RGB 0ul
#define FIRST_FRAME_TIMEOUT_MS 20000
/* The targets (#20). */
#define STARTUP_TARGET_MS 10 /* #20 */
#define SCREENSHOT_TARGET_MS 40
#define PEAK_RSS_TARGET_KB 18000
#define WINDOW_RSS_TARGET_KB 35000
#define SPEECH_RSS_TARGET_KB 15000 /* #17 */
#define IDLE_CPU_TARGET_PCT 0.5
#define DRAG_CPU_TARGET_PCT 5.0
/* #20: the window's first frame within this of the minimal program's. */
#define FIRST_FRAME_MARGIN_TARGET_MS 50
/* The drag: the window's size (run.sh's Xvfb), the words dragged over, how
 * long, how often the pointer moves, and the settle before it (longer than
 * the quiz's 2.4 s demonstration). */
#define WINDOW_W 1920
#define WINDOW_H 1080
#define DRAG_TEXT "ensure improvement, child practice reviews usually identify"
#define DRAG_S 5
#define DRAG_MOVES_PER_S 60
#define DRAG_SETTLE_S 4
#define DRAG_SCROLL_PX 400

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
	long peak_kb = 0;
	char *argv[] = {(char *)taflen, "--headless", "--size", "1920x1080", NULL};
	for (int i = 0; i < n; i++) {
		struct rusage ru;
		double t0 = bench_now_us();
		pid_t pid = spawn(argv, NULL);
		if (pid < 0 || reap(pid, "taflen --headless", &ru) < 0)
			return -1;
		ms[i] = (bench_now_us() - t0) / 1e3;
		if (ru.ru_maxrss > peak_kb)
			peak_kb = ru.ru_maxrss;
	}
	bench_print("startup_ms", bench_median(ms, (size_t)n), "ms", BENCH_AT_MOST, STARTUP_TARGET_MS);
	bench_print("startup_peak_rss_kb", (double)peak_kb, "KB", BENCH_NO_TARGET, 0);
	return 0;
}

static int screenshot(const char *taflen, const bench_plan *plan)
{
	int n = plan->smoke ? 1 : STARTS;
	double ms[STARTS];
	char path[] = "/tmp/taflen-bench-XXXXXX.png";
	int fd = mkstemps(path, 4);
	if (fd < 0) {
		perror("bench: mkstemps");
		return -1;
	}
	close(fd);
	char *argv[] = {(char *)taflen, "--screenshot", path, "--size", "1080x1920", NULL};
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		struct rusage ru;
		double t0 = bench_now_us();
		pid_t pid = spawn(argv, NULL);
		if (pid < 0 || reap(pid, "taflen --screenshot", &ru) < 0)
			rc = -1;
		ms[i] = (bench_now_us() - t0) / 1e3;
	}
	remove(path);
	if (rc == 0)
		bench_print("screenshot_ms", bench_median(ms, (size_t)n), "ms", BENCH_AT_MOST,
			    SCREENSHOT_TARGET_MS);
	return rc;
}

static int peak_rss(const char *taflen)
{
	char *argv[] = {(char *)taflen, "--headless", "--size", "1920x1080", "--script",
			VISIT_SCRIPT, NULL};
	struct rusage ru;
	pid_t pid = spawn(argv, NULL);
	if (pid < 0 || reap(pid, "taflen --script " VISIT_SCRIPT, &ru) < 0)
		return -1;
	bench_print("peak_rss_kb", (double)ru.ru_maxrss, "KB", BENCH_AT_MOST, PEAK_RSS_TARGET_KB);
	long without = ru.ru_maxrss;
	char *listen[] = {(char *)taflen, "--headless", "--size", "1920x1080", "--script",
			  LISTEN_SCRIPT, NULL};
	pid = spawn(listen, NULL);
	if (pid < 0 || reap(pid, "taflen --script " LISTEN_SCRIPT, &ru) < 0)
		return -1;
	bench_print("listen_peak_rss_kb", (double)ru.ru_maxrss, "KB", BENCH_NO_TARGET, 0);
	bench_print("speech_rss_extra_kb", (double)(ru.ru_maxrss - without), "KB", BENCH_AT_MOST,
		    SPEECH_RSS_TARGET_KB);
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

/* Still running? An exited child is left to be reaped (WNOWAIT), so that
 * wait4 can still read its resource use. */
static int alive(pid_t pid)
{
	siginfo_t info = {0};
	return waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       info.si_pid == 0;
}

/* Stops pid: SIGTERM (SDL turns it into a quit request, which a kiosk may
 * refuse), then SIGKILL; *ru gets its resource use. */
static void stop(pid_t pid, struct rusage *ru)
{
	kill(pid, SIGTERM);
	for (int i = 0; i < 20 && alive(pid); i++) {
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (alive(pid))
		kill(pid, SIGKILL);
	while (wait4(pid, NULL, 0, ru) < 0 && errno == EINTR)
		;
}

/* The probe pixel of the root window, as 0xRRGGBB (a 24-bit TrueColor
 * screen, as run.sh starts Xvfb). */
static unsigned long probe(Display *x)
{
	XImage *img = XGetImage(x, DefaultRootWindow(x), PROBE_X, PROBE_Y, 1, 1, AllPlanes, ZPixmap);
	if (!img)
		return 0;
	unsigned long px = XGetPixel(img, 0, 0) & 0xfffffful;
	XDestroyImage(img);
	return px;
}

/* Polls the probe until a frame covers it (framed) or the screen is black
 * again (!framed); returns the ms it took since t0, or -1 after
 * FIRST_FRAME_TIMEOUT_MS or when pid (if > 0) has died. */
static double wait_probe(Display *x, bool framed, pid_t pid, double t0)
{
	for (;;) {
		double ms = (bench_now_us() - t0) / 1e3;
		if ((probe(x) != BLACK_RGB) == framed)
			return ms;
		if (ms > FIRST_FRAME_TIMEOUT_MS || (pid > 0 && !alive(pid)))
			return -1;
		struct timespec ts = {0, 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

/* Starts argv on the display, waits for its first frame and stops it:
 * *ms the time to the frame, *rss_kb the process's peak RSS. */
static int first_frame(Display *x, char *const argv[], char *const env[], double *ms,
		       long *rss_kb)
{
	/* The last window must be gone first (the root is black). */
	if (wait_probe(x, false, 0, bench_now_us()) < 0) {
		fprintf(stderr, "bench: the screen did not clear before %s\n", argv[0]);
		return -1;
	}
	double t0 = bench_now_us();
	pid_t pid = spawn(argv, env);
	if (pid < 0)
		return -1;
	*ms = wait_probe(x, true, pid, t0);
	struct rusage ru;
	stop(pid, &ru);
	*rss_kb = ru.ru_maxrss;
	if (*ms < 0)
		fprintf(stderr, "bench: %s showed no frame\n", argv[0]);
	return *ms < 0 ? -1 : 0;
}

/* idle_cpu_pct of the running window pid, after a settle. */
static int idle_cpu(pid_t pid)
{
	sleep_s(SETTLE_S);
	unsigned long long t0 = 0, t1 = 0;
	double w0 = bench_now_us();
	int rc = alive(pid) && cpu_ticks(pid, &t0) == 0 ? 0 : -1;
	if (rc == 0) {
		sleep_s(IDLE_S);
		rc = alive(pid) && cpu_ticks(pid, &t1) == 0 ? 0 : -1;
	}
	double wall_s = (bench_now_us() - w0) / 1e6;
	if (rc < 0) {
		fprintf(stderr, "bench: the windowed taflen did not keep running\n");
		return -1;
	}
	double cpu_s = (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK);
	bench_print("idle_cpu_pct", cpu_s / wall_s * 100.0, "%", BENCH_AT_MOST, IDLE_CPU_TARGET_PCT);
	return 0;
}

/* The first line of the quiz text as the window shows it: the app laid out
 * in-process at the window's size. Returns 0 with its left and right ends
 * and its middle's height. */
static int drag_line(int *x0, int *x1, int *y)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	app *a = NULL;
	video *v = NULL;
	SDL_FRect first, last;
	int rc = -1;
	if (d && app_new(&o, d, &a) == 0 && video_open_headless(WINDOW_W, WINDOW_H, &v) == 0 &&
	    app_attach_renderer(a, video_renderer(v), WINDOW_W, WINDOW_H) == 0 &&
	    app_open(a, "quiz", LANG_EN) == 0 && app_render(a) == 0 &&
	    app_find_text(a, DRAG_TEXT, &first, &last) == 0 && first.y == last.y) {
		*x0 = (int)(first.x + 2);
		*x1 = (int)(last.x + last.w - 2);
		*y = (int)(first.y + first.h / 2);
		rc = 0;
	} else {
		fprintf(stderr, "bench: \"%s\" is not on one line of the quiz at %dx%d\n", DRAG_TEXT,
			WINDOW_W, WINDOW_H);
	}
	app_free(a);
	video_close(v);
	diag_list_free(d);
	return rc;
}

/* A drag measured: the figure, the screen, from (x0, y0) to (x1, y1) and
 * back once a second, and the target (0: none). */
typedef struct {
	const char *figure, *screen;
	int x0, y0, x1, y1;
	double target_pct;
} drag_spec;

/* drag_cpu_pct or scroll_cpu_pct (see the top of the file); skipped
 * without xdotool. */
static int drag_cpu(const char *taflen, char *const env[], const drag_spec *d)
{
	char xdotool[4096] = "";
	const char *path = getenv("PATH");
	for (const char *p = path ? path : ""; *p && !*xdotool;) {
		size_t n = strcspn(p, ":");
		snprintf(xdotool, sizeof xdotool, "%.*s/xdotool", (int)n, p);
		if (access(xdotool, X_OK) != 0)
			*xdotool = '\0';
		p += n + (p[n] == ':');
	}
	if (!*xdotool) {
		puts("drag figures skipped no-xdotool");
		return 0;
	}
	/* One argument list: mousemove X Y, mousedown 1, then per move
	 * mousemove X Y sleep S, then mouseup 1. */
	enum { MOVES = DRAG_S * DRAG_MOVES_PER_S, ARGS = 1 + 3 + 2 + MOVES * 5 + 2 + 1 };
	static char nums[MOVES + 1][2][16];
	char *argv[ARGS];
	size_t k = 0;
	char sx[16], sy[16], pause[16];
	snprintf(sx, sizeof sx, "%d", d->x0);
	snprintf(sy, sizeof sy, "%d", d->y0);
	snprintf(pause, sizeof pause, "%.4f", 1.0 / DRAG_MOVES_PER_S);
	argv[k++] = xdotool;
	argv[k++] = "mousemove";
	argv[k++] = sx;
	argv[k++] = sy;
	argv[k++] = "mousedown";
	argv[k++] = "1";
	for (int i = 0; i < MOVES; i++) {
		/* There and back once a second. */
		double t = (double)(i % DRAG_MOVES_PER_S) / DRAG_MOVES_PER_S;
		double along = t < 0.5 ? 2 * t : 2 * (1 - t);
		snprintf(nums[i][0], sizeof nums[i][0], "%d", d->x0 + (int)(along * (d->x1 - d->x0)));
		snprintf(nums[i][1], sizeof nums[i][1], "%d", d->y0 + (int)(along * (d->y1 - d->y0)));
		argv[k++] = "mousemove";
		argv[k++] = nums[i][0];
		argv[k++] = nums[i][1];
		argv[k++] = "sleep";
		argv[k++] = pause;
	}
	argv[k++] = "mouseup";
	argv[k++] = "1";
	argv[k] = NULL;

	char *argv_taflen[] = {(char *)taflen, "--screen", (char *)d->screen, "--lang", "en", NULL};
	pid_t pid = spawn(argv_taflen, env);
	if (pid < 0)
		return -1;
	sleep_s(DRAG_SETTLE_S);
	unsigned long long t0 = 0, t1 = 0;
	double w0 = bench_now_us();
	int rc = alive(pid) && cpu_ticks(pid, &t0) == 0 ? 0 : -1;
	if (rc == 0) {
		struct rusage ru;
		pid_t drag = spawn(argv, env);
		rc = drag < 0 || reap(drag, "xdotool", &ru) < 0 ? -1 : 0;
	}
	if (rc == 0)
		rc = alive(pid) && cpu_ticks(pid, &t1) == 0 ? 0 : -1;
	double wall_s = (bench_now_us() - w0) / 1e6;
	struct rusage ru;
	stop(pid, &ru);
	if (rc < 0) {
		fprintf(stderr, "bench: the drag over the windowed taflen failed\n");
		return -1;
	}
	double cpu_s = (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK);
	bench_print(d->figure, cpu_s / wall_s * 100.0, "%",
		    d->target_pct > 0 ? BENCH_AT_MOST : BENCH_NO_TARGET, d->target_pct);
	if (strcmp(d->figure, "drag_cpu_pct") == 0)
		bench_print("drag_moves_per_s", MOVES / wall_s, "1/s", BENCH_NO_TARGET, 0);
	return 0;
}

/* The highlight dragged along the quiz's first line, then the learning
 * page scrolled. */
static int drags(const char *taflen, char *const env[])
{
	int x0, x1, y;
	if (drag_line(&x0, &x1, &y) < 0)
		return -1;
	drag_spec quiz = {"drag_cpu_pct", "quiz", x0, y, x1, y, DRAG_CPU_TARGET_PCT};
	int mid = WINDOW_H / 2 + DRAG_SCROLL_PX / 2;
	drag_spec scroll = {"scroll_cpu_pct", "learn", WINDOW_W / 2, mid, WINDOW_W / 2,
			    mid - DRAG_SCROLL_PX, 0};
	if (drag_cpu(taflen, env, &quiz) < 0 || drag_cpu(taflen, env, &scroll) < 0)
		return -1;
	return 0;
}

static int window_figures(const char *taflen, const char *minimal, const char *display)
{
	Display *x = XOpenDisplay(display);
	if (!x) {
		fprintf(stderr, "bench: cannot open the X display %s\n", display);
		return -1;
	}
	char disp[256];
	snprintf(disp, sizeof disp, "DISPLAY=%s", display);
	char *env[] = {"SDL_VIDEODRIVER=x11", disp, NULL};
	char *argv_taflen[] = {(char *)taflen, NULL};
	char *argv_minimal[] = {(char *)minimal, NULL};
	double ms[2][STARTS];
	long rss[2] = {0, 0};
	int rc = 0;
	/* What taflen's renderer = auto picks here (src/platform/video.c). */
	glob_t g;
	bool gpu = glob("/dev/dri/renderD*", GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	printf("# window: Xvfb %s 1920x1080x24, SDL_VIDEODRIVER=x11, renderer auto (%s here), "
	       "the welcome screen; minimal_sdl with SDL's software renderer\n",
	       display, gpu ? "accelerated: a GPU render node exists" : "software: no GPU render node");
	fflush(stdout);
	/* Taking turns, so that both see the machine alike. */
	for (int i = 0; i < STARTS && rc == 0; i++) {
		for (int k = 0; k < 2 && rc == 0; k++) {
			long kb = 0;
			rc = first_frame(x, k ? argv_minimal : argv_taflen, env, &ms[k][i], &kb);
			if (kb > rss[k])
				rss[k] = kb;
		}
	}
	if (rc == 0) {
		bench_print("window_first_frame_ms", bench_median(ms[0], STARTS), "ms",
			    BENCH_NO_TARGET, 0);
		bench_print("minimal_sdl_first_frame_ms", bench_median(ms[1], STARTS), "ms",
			    BENCH_NO_TARGET, 0);
		bench_print("window_first_frame_over_minimal_ms",
			    bench_median(ms[0], STARTS) - bench_median(ms[1], STARTS), "ms",
			    BENCH_AT_MOST, FIRST_FRAME_MARGIN_TARGET_MS);
		bench_print("minimal_sdl_peak_rss_kb", (double)rss[1], "KB", BENCH_NO_TARGET, 0);
		/* The kiosk left on its welcome screen: idle CPU, then its peak. */
		pid_t pid = spawn(argv_taflen, env);
		if (pid < 0)
			rc = -1;
		else {
			rc = idle_cpu(pid);
			struct rusage ru;
			stop(pid, &ru);
			if (rc == 0)
				bench_print("window_peak_rss_kb", (double)ru.ru_maxrss, "KB",
					    BENCH_AT_MOST, WINDOW_RSS_TARGET_KB);
		}
	}
	if (rc == 0)
		rc = drags(taflen, env);
	XCloseDisplay(x);
	return rc;
}

/* The window's figures, with what the programs in the window write to
 * stderr kept aside and shown only when a figure fails: without a sound
 * card (Xvfb in a VM or CI) ALSA and taflen each say so at every start, a
 * dozen lines a start that would otherwise run into the figures. */
static int window(const char *taflen, const char *minimal, const char *display)
{
	fflush(stderr);
	FILE *log = tmpfile();
	int saved = log ? dup(STDERR_FILENO) : -1;
	if (saved < 0 || dup2(fileno(log), STDERR_FILENO) < 0) {
		perror("bench: cannot set the window programs' stderr aside");
		if (log)
			fclose(log);
		if (saved >= 0)
			close(saved);
		return -1;
	}
	int rc = window_figures(taflen, minimal, display);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	if (rc < 0) {
		fputs("bench: what the window's programs wrote to stderr:\n", stderr);
		rewind(log);
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, log)) > 0)
			fwrite(buf, 1, n, stderr);
	}
	fclose(log);
	return rc;
}

int main(int argc, char **argv)
{
	bench_plan plan = bench_default_plan(STARTS, 0);
	const char *taflen = NULL, *display = NULL, *minimal = NULL;
	for (int i = 1; i < argc; i++) {
		if (bench_parse_arg(argv[i], &plan))
			continue;
		if (strcmp(argv[i], "--taflen") == 0 && i + 1 < argc) {
			taflen = argv[++i];
		} else if (strcmp(argv[i], "--window") == 0 && i + 1 < argc) {
			display = argv[++i];
		} else if (strcmp(argv[i], "--minimal") == 0 && i + 1 < argc) {
			minimal = argv[++i];
		} else {
			taflen = NULL;
			break;
		}
	}
	if (!taflen || !display != !minimal) {
		fprintf(stderr,
			"usage: %s --taflen PATH [--smoke | --window DISPLAY --minimal PATH]\n",
			argv[0]);
		return 2;
	}
	if (display)
		return window(taflen, minimal, display) < 0 ? 1 : 0;
	puts("# processes: whole taflen processes, fork to exit, SDL's software renderer into "
	     "memory; startup_ms at 1920x1080, screenshot_ms at 1080x1920, peak_rss_kb over "
	     "bench/visit.script at 1920x1080, listen_peak_rss_kb over bench/listen.script (the same "
	     "visit, every page read aloud for 3 s)");
	fflush(stdout); /* before any fork: a child would write the buffer out again */
	if (startup(taflen, &plan) < 0 || screenshot(taflen, &plan) < 0 || peak_rss(taflen) < 0)
		return 1;
	return 0;
}
