/* Usage figures: anonymous sessions in one SQLite file (docs/stats.md).
 *
 * What a session holds is a plain value (stats_session): times, languages,
 * leaflet pages, quiz scores; never anything a visitor typed or highlighted.
 * stats_record_session copies it into a small queue and returns at once; a
 * writer thread owns the database and commits each session in one
 * transaction. A session is "recorded" once committed (stats_committed).
 *
 * Faults never reach the caller: the writer opens the file itself and, when
 * it is not a usable taflen database (not a database, a newer schema, a failed
 * integrity check, locked, read-only), logs one line, moves it aside as
 * FILE.broken-YYYYmmddTHHMMSS and starts a fresh one; when nothing can be
 * written at all, recording is off for the run (one log line).
 *
 * Only libc, pthreads and SQLite: no SDL, no app. */
#ifndef TAFLEN_STATS_H
#define TAFLEN_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/lang.h"

#define STATS_SCHEMA_VERSION 1
#define STATS_SLUG_MAX 32
#define STATS_TAG_MAX 4
/* Per session; more leaflets or quiz checks than this are not recorded. */
#define STATS_MAX_LEAFLETS 8
#define STATS_MAX_CHECKS 16

typedef enum {
	STATS_END_VISITOR, /* Home on the menu */
	STATS_END_IDLE,    /* the idle reset */
	STATS_END_FINISH,  /* a "Finish" control (to come) */
	STATS_END_COUNT
} stats_end;

typedef struct {
	char slug[STATS_SLUG_MAX]; /* "child-practice-reviews", "learning" */
	int furthest_page;         /* 1-based */
} stats_leaflet;

typedef struct {
	int found, partly, wrong;
} stats_check;

typedef struct {
	int64_t start;       /* Unix time, seconds (UTC); stored to the minute */
	uint32_t duration_s;
	lang_id start_lang;
	/* Its tag when it is neither Welsh nor English ("pl": a language the
	 * content adds, which lang_code cannot name); else empty. */
	char start_tag[STATS_TAG_MAX];
	bool used[LANG_MAX]; /* the figures keep Welsh and English */
	stats_end end;
	bool larger_text;
	bool listen;         /* read-aloud; always false until it exists */
	size_t n_leaflets;
	stats_leaflet leaflets[STATS_MAX_LEAFLETS];
	size_t n_checks;
	stats_check checks[STATS_MAX_CHECKS];
} stats_session;

typedef struct stats stats;

typedef struct {
	const char *path;     /* the database file */
	const char *kiosk_id; /* stored in every row */
	unsigned keep_days;   /* sessions older than this are deleted daily */
	/* One line "stats: committed N" per commit, from the writer thread
	 * (NULL: none). Tests read it as the acknowledgement. */
	FILE *ack;
	/* Milliseconds the writer waits on a lock before calling the file
	 * locked; 0 means STATS_BUSY_MS. */
	unsigned busy_ms;
} stats_options;

#define STATS_BUSY_MS 5000

enum {
	STATS_OK = 0,
	STATS_ERR_MEMORY = -1, /* nothing started */
	STATS_ERR_THREAD = -2, /* the writer thread could not start */
	STATS_ERR_FULL = -3,   /* the queue is full: the session is dropped */
	STATS_ERR_OPEN = -4,   /* the database cannot be read */
	STATS_ERR_QUERY = -5,  /* a query failed (message in err) */
};

/* Starts the writer, which opens (or creates) o->path on its own thread, so
 * that start-up never waits on the disk. Strings in o are copied; o->ack
 * stays the caller's and must outlive the stats. Returns STATS_OK and sets
 * *out (freed with stats_close), or an error and *out = NULL. */
int stats_open(const stats_options *o, stats **out);
/* Commits what is queued, stops the writer and frees s. NULL is fine. */
void stats_close(stats *s);

/* Queues a copy of *sess; costs a lock and a copy, never a disk access.
 * STATS_OK, or STATS_ERR_FULL when the writer is that far behind (the
 * session is dropped; logged once per run of drops). */
int stats_record_session(stats *s, const stats_session *sess);
/* Waits until every session queued so far has been committed or dropped. */
void stats_sync(stats *s);
/* Sessions committed since stats_open. */
uint64_t stats_committed(stats *s);

/* Is the daily prune due at now, last done at last (Unix seconds; 0:
 * never)? Pure. */
bool stats_prune_due(int64_t last, int64_t now);

/* One CSV row per session that started on or after since (Unix seconds; 0
 * for all), with a header row, RFC 4180 quoting and CRLF line ends, to out
 * (the caller's, left open). Opens path read-only. STATS_OK, or an error
 * with a message in err (the caller's buffer). */
int stats_export_csv(const char *path, int64_t since, FILE *out, char *err, size_t err_size);
/* The headline figures as text, to out. STATS_OK, or an error with err. */
int stats_summary(const char *path, FILE *out, char *err, size_t err_size);

/* The command line's --stats-export OUT.csv ("-": stdout) [--since DATE]
 * and --stats-summary on the database at path; either may be NULL/false.
 * Problems go to stderr as "FILE: message". Returns the exit code: 0, 1 (the
 * database or the output failed) or 2 (a bad date). */
int stats_report(const char *path, const char *csv, const char *since, bool summary);

/* ---- the figures the staff dashboard shows ---- */

#define STATS_FIGURES_DAYS 30
/* Weeks ending today; the oldest holds the days left over (2 of 30). */
#define STATS_FIGURES_WEEKS ((STATS_FIGURES_DAYS + 6) / 7)
/* Pages counted per leaflet; a furthest page beyond counts as the last. */
#define STATS_FIGURES_PAGES 12
/* Quiz scores counted: 0 to 6 actions found; more counts as 6. */
#define STATS_FIGURES_SCORES 7

typedef struct {
	char slug[STATS_SLUG_MAX];
	uint32_t opened;                       /* sessions that opened it */
	/* [p]: sessions whose furthest page was page p + 1 or later */
	uint32_t reached[STATS_FIGURES_PAGES];
	int pages;                             /* the furthest page anyone reached */
} stats_leaflet_figures;

/* The last STATS_FIGURES_DAYS days (UTC) up to and including now's. "In
 * Welsh" is a session that used Welsh, only or as well (as the summary says
 * it); "in English" one that used only English. */
typedef struct {
	int64_t first_day;                       /* 00:00 UTC of the oldest day */
	uint32_t per_day[STATS_FIGURES_DAYS];    /* oldest first; the last is today */
	uint32_t sessions, in_welsh;             /* over all the days */
	int week_first[STATS_FIGURES_WEEKS];     /* each week's first day, index into per_day */
	uint32_t week_cy[STATS_FIGURES_WEEKS], week_en[STATS_FIGURES_WEEKS];
	size_t n_leaflets;                       /* most opened first, then by slug */
	stats_leaflet_figures leaflets[STATS_MAX_LEAFLETS];
	uint32_t checks;                         /* quiz checks, each one counted */
	uint32_t scores[STATS_FIGURES_SCORES];   /* [n]: checks that found n actions */
} stats_figures;

/* The figures of the days up to now (Unix seconds), read from s's database
 * on a read-only connection of the caller's own: one bounded query per
 * figure over the last STATS_FIGURES_DAYS days (the index on start), so the
 * writer is never stopped (WAL lets a reader run beside it) and what the
 * writer has committed is seen. Sessions dated after now's day are left
 * out. STATS_OK and *out filled, or an error with a message in err (the
 * caller's buffer) and *out zeroed. */
int stats_read_figures(stats *s, int64_t now, stats_figures *out, char *err, size_t err_size);
/* The same on the database at path. */
int stats_read_figures_at(const char *path, int64_t now, stats_figures *out, char *err,
			  size_t err_size);

/* "2026-11-30" into Unix seconds at 00:00 UTC; -1 if not such a date. */
int stats_parse_date(const char *s, int64_t *out);

#endif
