/* What the unit tests (tests/unit/test_*.c) share: files and folders in a
 * scratch place, copies of the shipped content to break, the taflen binary
 * next to the test, and content diagnostics. Built once and linked into
 * every unit test by the Makefile.
 *
 * Every function fails the running cmocka test on an error of its own (a
 * file it cannot read, a `from` that is not there), so a test reads as its
 * checks. Who owns what is said at each function: strings returned are the
 * caller's to free; paths passed in stay the caller's. */
#ifndef TAFLEN_TESTLIB_H
#define TAFLEN_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "app/app.h"
#include "base/diag.h"
#include "content/content.h"
#include "platform/video.h"

/* The shipped content, relative to the repository root the tests run in. */
#define TL_SHIPPED "assets/content"

/* The whole of the file at path, NUL-terminated; its length (without the
 * NUL) goes to *len unless len is NULL. The caller frees it. */
char *tl_slurp(const char *path, size_t *len);

/* Writes len bytes of data (the caller's) as the whole of the file at path. */
void tl_spit(const char *path, const void *data, size_t len);

/* DIR/rel into out; the test fails if it does not fit. */
void tl_path_in(char *out, size_t size, const char *dir, const char *rel);

/* Runs the shell command made from fmt; the test fails unless it exits 0. */
void tl_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* How many times needle occurs in hay, not overlapping. */
int tl_count(const char *hay, const char *needle);

/* Replaces the first `from` in the file DIR/rel with `to`; returns the
 * 1-based line where `from` was. The test fails if the file no longer has
 * `from`, so a test cannot silently stop breaking what it means to. */
int tl_edit(const char *dir, const char *rel, const char *from, const char *to);

/* The 1-based line of the first `needle` in the file DIR/rel. */
int tl_line_of(const char *dir, const char *rel, const char *needle);

/* Copies the content folder `from` (LANG/NAME.txt for each language and
 * content file) into the folder `to`, which it makes (it must not exist). */
void tl_copy_content(const char *from, const char *to);
/* The shipped content's files, relative to its folder, NULL-terminated. */
extern const char *const tl_content_files[];

/* A new folder $TMPDIR/NAME-XXXXXX (or /tmp) holding a copy of the shipped
 * content, for a cmocka setup: NULL on failure. The caller frees the path
 * and removes the folder (tl_rm_tree). */
char *tl_shipped_copy(const char *name);

/* A new folder /tmp/NAME-XXXXXX, into dir, that others may read and enter
 * (0755), so that a child run as nobody finds what is in it. The caller
 * removes it (tl_rm_tree). */
void tl_temp_dir(char *dir, size_t size, const char *name);

/* cmocka setup and teardown for a test on a copy of the shipped content:
 * *state is the copy's path (tl_shipped_copy), which the teardown removes
 * and frees. */
int tl_setup_copy(void **state);
int tl_teardown_copy(void **state);

/* Removes path, a file or a folder with all it holds (links are removed,
 * not followed); nothing when it does not exist. */
void tl_rm_tree(const char *path);

/* A new app on options o (the caller's), into *a: its start-up must give no
 * diagnostics (they are printed if it does). The caller frees it. */
void tl_app_new(const app_options *o, app **a);

/* A headless video of w x h into *v, with app a drawing into its surface
 * (app_draw_into). The caller closes it after freeing the app. */
void tl_app_headless(app *a, int w, int h, video **v);

/* The taflen binary next to the test binary argv0 (BUILD/tests/test_x ->
 * BUILD/tests/../taflen), into out. */
void tl_program(const char *argv0, char *out, size_t size);

/* The rows the SQL query sql gives from the SQLite database at path (opened
 * read-only), into out: a line a row, its fields joined by "|", NULL as
 * "NULL". */
void tl_query(const char *path, const char *sql, char *out, size_t size);

/* The PNG at path as a new ARGB8888 surface; the caller frees it. */
SDL_Surface *tl_load_png(const char *path);

/* The share of s's pixels (ARGB8888) unlike its top-left one, the
 * background: how much a screen shows. */
double tl_ink(const SDL_Surface *s);

/* The content folder dir (TL_SHIPPED: the shipped content), loaded; the
 * test fails, with its problems printed, if it does not load. The caller
 * frees it (content_free). */
content *tl_load_content(const char *dir);

/* Prints every message of d, to explain a failed check. */
void tl_print_diags(const diag_list *d);

/* Whether d holds exactly the message msg. */
bool tl_has_diag(const diag_list *d, const char *msg);

/* A usage-figures database with known sessions at fixed dates, written into a
 * new database at path: for the figures' query (test_stats) and the
 * dashboard's goldens (test_golden).
 * Written through the real writer (stats_open, stats_record_session), so
 * the rows are what the kiosk would write.
 *
 * The 30 days are 2026-11-01 to 2026-11-30, "now" 2026-11-30 15:00 UTC. On
 * day d (0 = 1 November) there are BASE[d % 7] + d / 10 sessions, from 09:00
 * every half hour; session i (counted over the whole window from 0):
 *   - starts in Welsh when i % 5 is 0 or 2, else in English, and an English
 *     one with i % 10 == 4 switches to Welsh too (used both);
 *   - when i % 4 != 3 reads the leaflet to page 1 + (i * 3) % 8;
 *   - otherwise opens "learning" to page 1 + (i / 4) % 3, and at page 3
 *     checked the quiz once: (i / 4) % 7 found, i % 3 wrong.
 * Two more sessions lie outside the window, the day before it and the day
 * after now; nothing of theirs may be counted. */
#define TL_FIXTURE_NOW 1796050800       /* 2026-11-30 15:00:00 UTC */
#define TL_FIXTURE_FIRST_DAY 1793491200 /* 2026-11-01 00:00:00 UTC */
void tl_stats_fixture(const char *path);

/* The middle of the top bar's text-size step (0, 1, 2: "A A A") on a's
 * screen, into *x, *y (the view is built first); fails the test if there is
 * none. */
void tl_text_size_step(app *a, int step, float *x, float *y);

#endif
