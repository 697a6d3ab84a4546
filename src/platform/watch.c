#include "platform/watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/lang.h"
#include "base/log.h"
#include "content/content.h"

/* In the folder and the folders under it: anything that can change what a
 * load would read, and the folder itself going away. */
#define DIR_MASK                                                                          \
	(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | \
	 IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
/* In the parent: the folder's own name coming and going (a symlink swapped
 * with mv -T arrives as IN_MOVED_TO). IN_DONT_FOLLOW is not wanted: a
 * symlinked parent is watched where it points. */
#define PARENT_MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB)
#define EVENT_BUFFER 4096

/* The watch descriptors kept: the parent, then the folder and the folders
 * under it (its languages and leaflets/, then one per leaflet), as many as a
 * valid content folder has and some to spare. */
enum { WD_PARENT, WD_DIR, WD_COUNT = WD_DIR + 1 + 2 * LANG_MAX + CONTENT_MAX_ITEMS };
/* How deep the content goes: DIR/leaflets/SLUG is a folder of level 2,
 * whose files a load reads. */
#define WALK_LEVELS 2

struct watch {
	char dir[PATH_MAX];
	char parent[PATH_MAX];
	char name[NAME_MAX + 1];
	watch_options opts;
	int in_fd, sig_fd, stop_fd; /* -1 when not in use */
	int wd[WD_COUNT];
	uint64_t print;      /* the last fingerprint */
	uint64_t next_check; /* when to compare it again, monotonic ms */
};

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- the fingerprint ---- */

/* FNV-1a, 64-bit: cheap, and a collision only delays an update until the
 * next change. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* Symlinks followed: a swapped symlink leads to another folder's inode. */
static uint64_t mix_stat(uint64_t h, const char *path)
{
	struct stat st;
	int ok = stat(path, &st) == 0;
	h = mix(h, &ok, sizeof ok);
	if (!ok)
		return h;
	int64_t v[] = {(int64_t)st.st_dev, (int64_t)st.st_ino, (int64_t)st.st_mode,
		       (int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec, (int64_t)st.st_mtim.tv_nsec,
		       (int64_t)st.st_ctim.tv_sec, (int64_t)st.st_ctim.tv_nsec};
	return mix(h, v, sizeof v);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Calls fn for each entry of path, which are of the given level (DIR's are
 * of level 1), sorted so that the fingerprint does not depend on the file
 * system's order; a folder of level WALK_LEVELS or less is entered. */
static void walk(const char *path, int level, void (*fn)(void *arg, const char *path, bool folder),
		 void *arg)
{
	struct dirent **v;
	int n = scandir(path, &v, NULL, by_name);
	for (int i = 0; i < n; i++) {
		char sub[PATH_MAX];
		struct stat st;
		if (v[i]->d_name[0] != '.' &&
		    snprintf(sub, sizeof sub, "%s/%s", path, v[i]->d_name) < (int)sizeof sub) {
			bool folder = stat(sub, &st) == 0 && S_ISDIR(st.st_mode);
			fn(arg, sub, folder);
			if (folder && level <= WALK_LEVELS)
				walk(sub, level + 1, fn, arg);
		}
		free(v[i]);
	}
	if (n >= 0)
		free(v);
}

static void mix_entry(void *arg, const char *path, bool folder)
{
	uint64_t *h = arg;
	(void)folder;
	*h = mix(*h, path, strlen(path));
	*h = mix_stat(*h, path);
}

static uint64_t fingerprint(const watch *w)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	h = mix_stat(h, w->dir);
	walk(w->dir, 1, mix_entry, &h);
	return h;
}

/* ---- inotify ---- */

static bool wd_kept(const watch *w, int wd, int except)
{
	for (int i = 0; i < WD_COUNT; i++)
		if (i != except && w->wd[i] == wd)
			return true;
	return false;
}

static void set_watch(watch *w, int slot, const char *path, uint32_t mask)
{
	int wd = inotify_add_watch(w->in_fd, path, mask);
	int old = w->wd[slot];
	w->wd[slot] = wd;
	/* A folder that was swapped out (the old target of a symlink) must not
	 * go on reporting its own changes. */
	if (old >= 0 && old != wd && !wd_kept(w, old, -1))
		inotify_rm_watch(w->in_fd, old);
}

typedef struct {
	watch *w;
	int slot;
} arming;

static void arm_entry(void *arg, const char *path, bool folder)
{
	arming *a = arg;
	if (folder && a->slot < WD_COUNT)
		set_watch(a->w, a->slot++, path, DIR_MASK);
}

/* (Re)sets every watch where the paths lead now; a folder gone frees its
 * slot. */
static void arm(watch *w)
{
	if (w->in_fd < 0)
		return;
	set_watch(w, WD_PARENT, w->parent, PARENT_MASK);
	set_watch(w, WD_DIR, w->dir, DIR_MASK);
	arming a = {w, WD_DIR + 1};
	walk(w->dir, 1, arm_entry, &a);
	for (int i = a.slot; i < WD_COUNT; i++) {
		int old = w->wd[i];
		w->wd[i] = -1;
		if (old >= 0 && !wd_kept(w, old, -1))
			inotify_rm_watch(w->in_fd, old);
	}
}

/* Reads every queued event; true if one of them concerns the folder. */
static bool drain(watch *w)
{
	bool changed = false;
	_Alignas(struct inotify_event) char buf[EVENT_BUFFER];
	for (;;) {
		ssize_t n = read(w->in_fd, buf, sizeof buf);
		if (n <= 0)
			return changed;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;
			p += sizeof *e + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				changed = true; /* events were lost: assume the worst */
				continue;
			}
			/* IN_IGNORED follows our own inotify_rm_watch, or a
			 * deletion already reported by IN_DELETE_SELF. */
			if ((e->mask & IN_IGNORED) || !wd_kept(w, e->wd, -1))
				continue;
			if (e->wd == w->wd[WD_PARENT] &&
			    (e->len == 0 || strcmp(e->name, w->name) != 0))
				continue;
			changed = true;
		}
	}
}

/* ---- set-up ---- */

int watch_block_hangup(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	return sigprocmask(SIG_BLOCK, &set, NULL) == 0 ? 0 : -1;
}

/* dir without trailing slashes, split into parent and name. */
static int split(watch *w, const char *dir)
{
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (len == 0 || len >= sizeof w->dir)
		return -1;
	memcpy(w->dir, dir, len);
	w->dir[len] = '\0';
	const char *slash = strrchr(w->dir, '/');
	const char *name = slash ? slash + 1 : w->dir;
	if (strlen(name) >= sizeof w->name)
		return -1;
	snprintf(w->name, sizeof w->name, "%s", name);
	if (!slash)
		snprintf(w->parent, sizeof w->parent, ".");
	else if (slash == w->dir)
		snprintf(w->parent, sizeof w->parent, "/");
	else
		snprintf(w->parent, sizeof w->parent, "%.*s", (int)(slash - w->dir), w->dir);
	return 0;
}

int watch_new(const char *dir, const watch_options *opts, watch **out, const char **why)
{
	if (why)
		*why = NULL;
	watch *w = calloc(1, sizeof *w);
	if (!w) {
		if (why)
			*why = "out of memory";
		return -1;
	}
	w->opts = *opts;
	w->in_fd = w->sig_fd = -1;
	for (int i = 0; i < WD_COUNT; i++)
		w->wd[i] = -1;
	if (opts->check_ms <= 0 || split(w, dir) != 0) {
		if (why)
			*why = "not a usable folder name";
		free(w);
		return -1;
	}
	w->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->stop_fd < 0) {
		if (why)
			*why = "no eventfd";
		free(w);
		return -1;
	}
	if (opts->hangup) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGHUP);
		w->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	}
	if (opts->inotify) {
		w->in_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (w->in_fd < 0 && why)
			*why = "inotify is not available; checking the folder every minute only";
	}
	arm(w);
	w->print = fingerprint(w);
	w->next_check = now_ms() + (uint64_t)opts->check_ms;
	*out = w;
	return 0;
}

void watch_free(watch *w)
{
	if (!w)
		return;
	if (w->in_fd >= 0)
		close(w->in_fd);
	if (w->sig_fd >= 0)
		close(w->sig_fd);
	close(w->stop_fd);
	free(w);
}

void watch_stop(watch *w)
{
	uint64_t one = 1;
	/* Only fails when the counter is full, which still wakes the reader. */
	if (write(w->stop_fd, &one, sizeof one) < 0)
		return;
}

/* ---- waiting ---- */

watch_event watch_wait(watch *w, int timeout_ms)
{
	uint64_t start = now_ms();
	for (;;) {
		uint64_t now = now_ms();
		if (now >= w->next_check) {
			w->next_check = now + (uint64_t)w->opts.check_ms;
			uint64_t print = fingerprint(w);
			if (print != w->print) {
				w->print = print;
				arm(w);
				return WATCH_CHANGED;
			}
		}
		uint64_t wait = w->next_check - now, spent = now - start;
		if (timeout_ms >= 0) {
			uint64_t left = spent < (uint64_t)timeout_ms ? (uint64_t)timeout_ms - spent : 0;
			if (left < wait)
				wait = left;
		}
		struct pollfd fds[] = {{w->stop_fd, POLLIN, 0}, {w->sig_fd, POLLIN, 0},
				       {w->in_fd, POLLIN, 0}};
		int n = poll(fds, 3, (int)wait);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			LOG(LOG_ERROR, "watching %s stopped: poll: %s", w->dir, strerror(errno));
			return WATCH_STOPPED;
		}
		/* The stop stays readable, so every later call stops too. */
		if (fds[0].revents)
			return WATCH_STOPPED;
		if (fds[1].revents) {
			struct signalfd_siginfo si;
			while (read(w->sig_fd, &si, sizeof si) == (ssize_t)sizeof si)
				;
			return WATCH_HANGUP;
		}
		if (fds[2].revents && drain(w)) {
			arm(w);
			w->print = fingerprint(w);
			return WATCH_CHANGED;
		}
		/* Checked after polling, so that a timeout of 0 still looks. */
		if (timeout_ms >= 0 && now_ms() - start >= (uint64_t)timeout_ms &&
		    now_ms() < w->next_check)
			return WATCH_TIMEOUT;
	}
}
