/* Watching the content folder for changes, for live content updates.
 *
 * inotify on the folder (following a symlink to it), its language folders
 * and its parent (which sees the folder itself replaced: a symlink swapped
 * with `mv -T`, a folder deleted or renamed); the watches are set again
 * after every change, so they follow a swapped symlink to its new target.
 * As a fallback (inotify missing or out of watches, a network file system
 * that sends no events) a cheap fingerprint of the folder (the kind, inode,
 * size and times of the folder, its language folders and every content
 * file, symlinks followed) is compared every check_ms. Optionally, SIGHUP
 * is read through a signalfd as a request to reload.
 *
 * watch_wait blocks, so the main loop runs it on a thread of its own;
 * watch_stop may be called from any thread.
 *
 * Ownership: watch_new's watch is freed with watch_free, after the thread
 * waiting in it has returned. */
#ifndef TAFLEN_WATCH_H
#define TAFLEN_WATCH_H

#include <stdbool.h>
#include <stdint.h>

/* The fallback check's period on a kiosk. */
#define WATCH_CHECK_MS 60000

typedef enum {
	WATCH_CHANGED, /* the folder changed */
	WATCH_HANGUP,  /* SIGHUP: reload now */
	WATCH_TIMEOUT, /* nothing within the time asked for */
	WATCH_STOPPED  /* watch_stop was called */
} watch_event;

typedef struct {
	int check_ms;  /* the fingerprint's period, > 0 */
	bool inotify;  /* false: the fingerprint only (tests of the fallback) */
	bool hangup;   /* read SIGHUP (call watch_block_hangup first) */
} watch_options;

typedef struct watch watch;

/* Blocks SIGHUP in the calling thread, and so in every thread it starts
 * later, so that the signalfd, not the default action (exit), gets it.
 * Call before any thread starts (before SDL_Init). Returns 0 or -1. */
int watch_block_hangup(void);

/* Watches dir, which need not exist yet. Returns 0, or -1 with the reason in
 * *why (a static string) when even the fallback cannot be set up. inotify
 * failing is not an error: the fingerprint still works, and *why, if not
 * NULL, says so (else it is set to NULL). */
int watch_new(const char *dir, const watch_options *opts, watch **out, const char **why);
void watch_free(watch *w);

/* Waits up to timeout_ms (-1: for ever) for a change, SIGHUP or
 * watch_stop. Changes that arrive together are reported once. */
watch_event watch_wait(watch *w, int timeout_ms);

/* Makes watch_wait return WATCH_STOPPED, now or at its next call. */
void watch_stop(watch *w);

#endif
