/* The real fullscreen window, under Xvfb: it starts and shows the welcome
 * screen as the headless renderer draws it, a click (xdotool) on "Cymraeg"
 * shows the Welsh menu likewise, a button pressed and let go (drawn and
 * shown only where it changed) leaves the menu as it was, with no GL library loaded when there is no
 * GPU render node (renderer = auto), Escape and a window-manager
 * close request do not end it, and Ctrl+Alt+Q does; so does SIGTERM, at once,
 * as `systemctl stop` sends it. All along it writes no
 * file: not in its home folder (where GL drivers keep shader caches), not
 * in its temporary folder, not where it was started. How much CPU the
 * window takes while idle is a figure of `make bench` (idle_cpu_pct), not a
 * test: tests never assert times. */
/* nftw */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <SDL_image.h>
#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/view.h"
#include "platform/video.h"

#define W 1920
#define H 1080
/* Waiting for the first screen: how often, how long, and how close to the
 * headless welcome it must come. */
#define POLL_MS 250
#define WELCOME_POLLS 80
#define WELCOME_SHARE 0.01

static char program[4096];
static char out_dir[2048];
/* Children to stop however the test ends (a failed assert jumps out). */
static pid_t children[2];

typedef struct {
	pid_t xvfb, kiosk;
	int display;
	char name[16];
	Display *x;
} world;

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The kiosk's home, temporary and working folders, empty at the start. */
static char sandbox[64];
/* The repository (the tests run from it): the data folder for a kiosk that
 * starts elsewhere, which a build/asan/taflen would not find by itself. */
static char repo[4096];

static pid_t spawn(char *const argv[], const char *display)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (display && sandbox[0]) {
			char path[128];
			snprintf(path, sizeof path, "%s/home", sandbox);
			setenv("HOME", path, 1);
			snprintf(path, sizeof path, "%s/tmp", sandbox);
			setenv("TMPDIR", path, 1);
			unsetenv("XDG_CACHE_HOME");
			unsetenv("XDG_CONFIG_HOME");
			unsetenv("XDG_DATA_HOME");
			unsetenv("MESA_SHADER_CACHE_DISABLE");
			setenv("TAFLEN_DATA_DIR", repo, 1);
			snprintf(path, sizeof path, "%s/cwd", sandbox);
			if (chdir(path) != 0)
				_exit(125);
		}
		if (display) {
			setenv("DISPLAY", display, 1);
			setenv("SDL_VIDEODRIVER", "x11", 1);
			/* A real X11 window makes SDL load libdbus and GL drivers,
			 * whose allocations outlive exit (in unloaded modules that
			 * a suppression cannot name). Our own code's leaks are
			 * checked by the headless sanitizer runs and valgrind. */
			setenv("LSAN_OPTIONS", "detect_leaks=0", 1);
		}
		/* Neither child may hold the test's output open after it ends. */
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static void start_xvfb(world *w)
{
	for (w->display = 71; w->display < 99; w->display++) {
		char lock[64];
		snprintf(lock, sizeof lock, "/tmp/.X%d-lock", w->display);
		if (access(lock, F_OK) != 0)
			break;
	}
	snprintf(w->name, sizeof w->name, ":%d", w->display);
	char *argv[] = {"Xvfb", w->name, "-screen", "0", "1920x1080x24", "-nolisten", "tcp", NULL};
	w->xvfb = children[0] = spawn(argv, NULL);
	for (int i = 0; i < 100 && !w->x; i++) {
		sleep_ms(100);
		w->x = XOpenDisplay(w->name);
	}
	if (!w->x)
		fail_msg("Xvfb %s did not start", w->name);
}

static Window find_window(Display *x, Window top, const char *name)
{
	char *title = NULL;
	if (XFetchName(x, top, &title) && title) {
		bool match = strcmp(title, name) == 0;
		XFree(title);
		if (match)
			return top;
	}
	Window root, parent, *kids = NULL;
	unsigned n = 0;
	Window found = 0;
	if (XQueryTree(x, top, &root, &parent, &kids, &n)) {
		for (unsigned i = 0; i < n && !found; i++)
			found = find_window(x, kids[i], name);
		if (kids)
			XFree(kids);
	}
	return found;
}

static int written;

static int note_written(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	/* Level 1 is the three folders made for the kiosk; below is its doing. */
	if (ftw->level >= 2) {
		printf("written by the kiosk: %s\n", path);
		written++;
	}
	return 0;
}

static void make_sandbox(void)
{
	snprintf(sandbox, sizeof sandbox, "/tmp/taflen-window-XXXXXX");
	assert_non_null(mkdtemp(sandbox));
	const char *sub[] = {"home", "tmp", "cwd"};
	for (size_t i = 0; i < 3; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", sandbox, sub[i]);
		assert_int_equal(mkdir(path, 0700), 0);
	}
}

static void remove_sandbox(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", sandbox);
	if (sandbox[0] && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", sandbox);
	sandbox[0] = '\0';
}

static bool alive(pid_t pid)
{
	int status;
	return waitpid(pid, &status, WNOHANG) == 0;
}

static void xdotool(world *w, const char *args)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "DISPLAY=%s xdotool %s", w->name, args);
	assert_int_equal(system(cmd), 0);
}

/* The screen as the X server has it, as an ARGB8888 surface. */
static SDL_Surface *grab(world *w)
{
	XImage *img = XGetImage(w->x, DefaultRootWindow(w->x), 0, 0, W, H, AllPlanes, ZPixmap);
	assert_non_null(img);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x] =
				0xff000000u | (Uint32)(XGetPixel(img, x, y) & 0xffffff);
	XDestroyImage(img);
	return s;
}

/* What the headless renderer draws for a screen, and where a text is. */
static SDL_Surface *headless(const char *screen, lang_id lang, const char *find, SDL_FRect *where)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	app *a = NULL;
	assert_int_equal(app_new(&o, d, &a), 0);
	diag_list_free(d);
	video *v = NULL;
	assert_int_equal(video_open_headless(W, H, &v), 0);
	assert_int_equal(app_attach_renderer(a, video_renderer(v), W, H), 0);
	app_draw_into(a, video_surface(v));
	assert_int_equal(app_open(a, screen, lang), 0);
	assert_int_equal(app_render(a), 0);
	if (find) {
		SDL_FRect last;
		assert_int_equal(app_find_text(a, find, where, &last), 0);
	}
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_int_equal(SDL_RenderReadPixels(video_renderer(v), NULL, SDL_PIXELFORMAT_ARGB8888,
					      s->pixels, s->pitch), 0);
	app_attach_renderer(a, NULL, W, H);
	video_close(v);
	app_free(a);
	return s;
}

static double differing_share(SDL_Surface *a, SDL_Surface *b)
{
	size_t differ = 0;
	for (int y = 0; y < H; y++) {
		const Uint32 *ra = (const Uint32 *)((const Uint8 *)a->pixels + y * a->pitch);
		const Uint32 *rb = (const Uint32 *)((const Uint8 *)b->pixels + y * b->pitch);
		for (int x = 0; x < W; x++) {
			int worst = 0;
			for (int c = 0; c < 24; c += 8) {
				int d = abs((int)((ra[x] >> c) & 0xff) - (int)((rb[x] >> c) & 0xff));
				worst = d > worst ? d : worst;
			}
			differ += worst > 24;
		}
	}
	return (double)differ / ((double)W * H);
}

/* A window that vanishes between lookup and use must fail the test, not
 * abort it: Xlib's default handler exits the process. */
static int x_error(Display *x, XErrorEvent *e)
{
	char what[256];
	XGetErrorText(x, e->error_code, what, sizeof what);
	fprintf(stderr, "X error: %s\n", what);
	return 0;
}

static void close_request(world *w, Window win)
{
	XEvent e = {0};
	e.xclient.type = ClientMessage;
	e.xclient.window = win;
	e.xclient.message_type = XInternAtom(w->x, "WM_PROTOCOLS", False);
	e.xclient.format = 32;
	e.xclient.data.l[0] = (long)XInternAtom(w->x, "WM_DELETE_WINDOW", False);
	e.xclient.data.l[1] = CurrentTime;
	XSendEvent(w->x, win, False, NoEventMask, &e);
	XFlush(w->x);
}

/* The kiosk in its sandbox, on the world's display; returns its window. */
/* The first GL library pid has mapped (libGL, libEGL, a Mesa driver), into
 * found; false when there is none. */
static bool maps_gl(pid_t pid, char *found, size_t size)
{
	static const char *const gl[] = {"/libGL", "/libEGL", "_dri.so", "/libgallium"};
	char path[64], line[4096];
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	bool any = false;
	while (!any && fgets(line, sizeof line, fp))
		for (size_t i = 0; i < sizeof gl / sizeof *gl && !any; i++)
			if (strstr(line, gl[i])) {
				any = true;
				snprintf(found, size, "%s", strchr(line, '/') ? strchr(line, '/') : line);
			}
	fclose(fp);
	return any;
}

static Window start_kiosk(world *w)
{
	char *argv[] = {program, "--config", "/dev/null", NULL};
	make_sandbox();
	w->kiosk = children[1] = spawn(argv, w->name);
	Window win = 0;
	for (int i = 0; i < 100 && !win; i++) {
		sleep_ms(100);
		win = find_window(w->x, DefaultRootWindow(w->x), "taflen");
	}
	if (!win)
		fail_msg("no taflen window appeared on %s", w->name);
	return win;
}

static void real_window(void **state)
{
	(void)state;
	world w = {0};
	start_xvfb(&w);
	XSetErrorHandler(x_error);
	Window win = start_kiosk(&w);

	/* The welcome screen, once the window is up and drawn. Its prompt
	 * alternates between the languages, a few tenths of a percent of the
	 * pixels; anything else (a blank or half-drawn screen) is far more. */
	SDL_FRect cymraeg;
	SDL_Surface *want = headless("welcome", LANG_CY, "Cymraeg", &cymraeg);
	double share = 1.0;
	for (int i = 0; i < WELCOME_POLLS && share >= WELCOME_SHARE; i++) {
		sleep_ms(POLL_MS);
		SDL_Surface *got = grab(&w);
		share = differing_share(got, want);
		SDL_FreeSurface(got);
	}
	SDL_FreeSurface(want);
	printf("real window vs headless welcome: %.3f%% of pixels differ\n", share * 100);
	if (share >= WELCOME_SHARE)
		fail_msg("the window did not show the welcome screen within %d s",
			 WELCOME_POLLS * POLL_MS / 1000);

	/* renderer = auto (the default): with no GPU render node, SDL's
	 * software renderer, shown through X shared memory, and no GL stack
	 * (llvmpipe) loaded for it. */
	glob_t g;
	bool gpu = glob("/dev/dri/renderD*", GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	char lib[4096];
	if (!gpu && maps_gl(w.kiosk, lib, sizeof lib))
		fail_msg("no GPU render node, yet the window loaded GL: %s", lib);

	SDL_FRect english;
	want = headless("menu", LANG_CY, "English", &english);
	char args[128];
	snprintf(args, sizeof args, "mousemove %d %d click 1", (int)(cymraeg.x + cymraeg.w / 2),
		 (int)(cymraeg.y + cymraeg.h / 2));
	xdotool(&w, args);
	sleep_ms(1500);
	SDL_Surface *got = grab(&w);
	char shot[4200];
	snprintf(shot, sizeof shot, "%s/window-menu-cy.png", out_dir);
	IMG_SavePNG(got, shot);
	share = differing_share(got, want);
	printf("real window vs headless menu: %.3f%% of pixels differ (%s)\n", share * 100, shot);
	assert_true(share < 0.002);
	SDL_FreeSurface(got);

	/* The language button pressed: only it is redrawn and shown, darker;
	 * the finger slid off and lifted: the menu as it was. */
	int ex = (int)(english.x + english.w / 2), ey = (int)(english.y + english.h / 2);
	snprintf(args, sizeof args, "mousemove %d %d mousedown 1", ex, ey);
	xdotool(&w, args);
	sleep_ms(1000);
	got = grab(&w);
	share = differing_share(got, want);
	printf("real window, a button pressed: %.3f%% of pixels differ\n", share * 100);
	assert_true(share > 0 && share < 0.01);
	SDL_FreeSurface(got);
	snprintf(args, sizeof args, "mousemove %d %d sleep 0.3 mouseup 1", ex, ey + 300);
	xdotool(&w, args);
	sleep_ms(1000);
	got = grab(&w);
	share = differing_share(got, want);
	printf("real window, the button let go: %.3f%% of pixels differ\n", share * 100);
	assert_true(share < 0.002);
	SDL_FreeSurface(got);
	SDL_FreeSurface(want);

	xdotool(&w, "key Escape");
	xdotool(&w, "key alt+F4");
	/* SDL may have replaced the window going fullscreen: look again. */
	win = find_window(w.x, DefaultRootWindow(w.x), "taflen");
	assert_true(win != 0);
	close_request(&w, win);
	sleep_ms(1000);
	assert_true(alive(w.kiosk));

	xdotool(&w, "key ctrl+alt+q");
	int status = 0;
	for (int i = 0; i < 50 && waitpid(w.kiosk, &status, WNOHANG) == 0; i++)
		sleep_ms(100);
	if (alive(w.kiosk)) {
		kill(w.kiosk, SIGKILL);
		fail_msg("Ctrl+Alt+Q did not end the kiosk");
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	children[1] = 0;
	XCloseDisplay(w.x);

	written = 0;
	assert_int_equal(nftw(sandbox, note_written, 16, FTW_PHYS), 0);
	printf("files written by the kiosk: %d\n", written);
	assert_int_equal(written, 0);
}

/* systemctl stop sends SIGTERM and waits 90 s before SIGKILL: the kiosk must
 * not treat the signal as a close request (which it ignores). */
static void sigterm_ends_it(void **state)
{
	(void)state;
	world w = {0};
	start_xvfb(&w);
	start_kiosk(&w);
	assert_int_equal(kill(w.kiosk, SIGTERM), 0);
	int status = 0;
	for (int i = 0; i < 20 && waitpid(w.kiosk, &status, WNOHANG) == 0; i++)
		sleep_ms(100);
	if (alive(w.kiosk))
		fail_msg("the kiosk was still running 2 s after SIGTERM");
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	children[1] = 0;
	XCloseDisplay(w.x);
}

static int stop_children(void **state)
{
	(void)state;
	/* SIGTERM lets Xvfb remove its /tmp/.X*-lock; killed, it would leave
	 * the display number taken for the next run. */
	for (size_t i = 0; i < 2; i++)
		if (children[i] > 0 && kill(children[i], i == 0 ? SIGTERM : SIGKILL) == 0)
			waitpid(children[i], NULL, 0);
	remove_sandbox();
	return 0;
}

int main(int argc, char **argv)
{
	(void)argc;
	char self[4096];
	snprintf(self, sizeof self, "%s", argv[0]);
	snprintf(out_dir, sizeof out_dir, "%s", dirname(self));
	snprintf(self, sizeof self, "%s/../taflen", out_dir);
	if (!getcwd(repo, sizeof repo)) {
		perror("getcwd");
		return 1;
	}
	/* Absolute: the kiosk starts in a folder of its own. */
	if (!realpath(self, program)) {
		fprintf(stderr, "%s: %s\n", self, strerror(errno));
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(real_window, stop_children),
		cmocka_unit_test_teardown(sigterm_ends_it, stop_children),
	};
	return cmocka_run_group_tests_name("window", tests, NULL, NULL);
}
