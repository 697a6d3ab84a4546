/* When to reload the content folder and when to show what was loaded: the
 * decisions of a live content update, apart from files and the screen.
 *
 * A change to the folder (seen by the watcher, or asked for with SIGHUP)
 * starts a quiet period; every further change restarts it, so a copy in
 * progress is never read half-way. When the folder has been quiet for
 * RELOAD_QUIET_MS, the caller loads it (RELOAD_LOAD) and reports the result.
 * Good content is staged and swapped in at the next safe moment (the welcome
 * screen with no finger down, or the end of a visitor's session), never
 * under a visitor's finger. A rejection is remembered, so that the same
 * problems found again on the next change are not logged again.
 *
 * Pure: time is an argument, so tests run it on a virtual clock.
 *
 * Ownership: reload_new's state is freed with reload_free; it copies the
 * messages given to reload_rejected. */
#ifndef TAFLEN_RELOAD_H
#define TAFLEN_RELOAD_H

#include <stdbool.h>
#include <stdint.h>

/* How long the folder must be still before it is read. */
#define RELOAD_QUIET_MS 2000u

typedef enum {
	RELOAD_NOTHING, /* nothing to do now */
	RELOAD_LOAD,    /* load the folder now and call reload_loaded */
	RELOAD_SWAP     /* show the staged content now */
} reload_action;

typedef struct reload reload;

/* NULL only when out of memory. */
reload *reload_new(void);
void reload_free(reload *r);

/* The folder changed at now: (re)start the quiet period. */
void reload_changed(reload *r, uint64_t now);
/* Someone asked for a reload (SIGHUP): load at now, unless a change is
 * still settling, which keeps its later deadline. */
void reload_requested(reload *r, uint64_t now);

/* The result of the load that RELOAD_LOAD asked for. ok: the content is
 * staged for a swap. Not ok: anything staged before is dropped too (it is
 * no longer what the folder holds), and what is shown stays. */
void reload_loaded(reload *r, bool ok);

/* A rejected load's messages (one per line). Returns true when they differ
 * from the last rejection's (log them), false when they are the same (the
 * same problems, already logged). A successful load forgets the rejection. */
bool reload_rejected(reload *r, const char *messages);
/* The last rejection's messages, or NULL when the last load was good (or
 * none failed yet). Owned by r. */
const char *reload_rejection(const reload *r);

/* What to do at now. safe: the screen may change content now (the welcome
 * screen with no finger down, or a session just ended). A load comes before
 * a swap: content loaded at a safe moment is swapped on the next call. */
reload_action reload_tick(reload *r, uint64_t now, bool safe);

/* True while loaded content waits for a safe moment. */
bool reload_staged(const reload *r);

/* The next time reload_tick has something to do by itself (the end of the
 * quiet period), or UINT64_MAX. A staged swap waits for the app's state,
 * not for a time. */
uint64_t reload_next_deadline(const reload *r);

#endif
