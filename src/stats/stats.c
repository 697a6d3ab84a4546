#include "stats/stats.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

/* Sessions waiting for the writer. A visitor session takes minutes, so the
 * writer is only ever behind after a stall of the disk; 64 covers that. */
#define QUEUE_CAP 64
#define DAY_S 86400
#define PATH_MAX_LEN 4096

static const char *const end_names[STATS_END_COUNT] = {
	[STATS_END_VISITOR] = "visitor", [STATS_END_IDLE] = "idle", [STATS_END_FINISH] = "finish"};

/* The migration steps: step i takes the schema from version i to i + 1, in
 * one transaction with the new user_version. Never edit a shipped step; add
 * one. */
static const char *const migrations[STATS_SCHEMA_VERSION] = {
	"CREATE TABLE sessions ("
	" id INTEGER PRIMARY KEY,"
	" kiosk TEXT NOT NULL,"
	" start INTEGER NOT NULL," /* Unix seconds, UTC, a whole minute */
	" duration_s INTEGER NOT NULL,"
	" start_lang TEXT NOT NULL,"
	" used_cy INTEGER NOT NULL,"
	" used_en INTEGER NOT NULL,"
	" ended_by TEXT NOT NULL,"
	" larger_text INTEGER NOT NULL,"
	" listen INTEGER NOT NULL);"
	"CREATE INDEX sessions_start ON sessions(start);"
	"CREATE TABLE leaflets ("
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" slug TEXT NOT NULL,"
	" furthest_page INTEGER NOT NULL);"
	"CREATE INDEX leaflets_session ON leaflets(session_id);"
	"CREATE TABLE quiz_checks ("
	" session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL,"
	" found INTEGER NOT NULL,"
	" partly INTEGER NOT NULL,"
	" wrong INTEGER NOT NULL);"
	"CREATE INDEX quiz_checks_session ON quiz_checks(session_id);",
};

enum { ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_SESSION, ST_LEAFLET, ST_CHECK, ST_PRUNE, ST_COUNT };
static const char *const statements[ST_COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_SESSION] = "INSERT INTO sessions (kiosk, start, duration_s, start_lang, used_cy,"
		       " used_en, ended_by, larger_text, listen) VALUES (?,?,?,?,?,?,?,?,?)",
	[ST_LEAFLET] = "INSERT INTO leaflets (session_id, slug, furthest_page) VALUES (?,?,?)",
	[ST_CHECK] = "INSERT INTO quiz_checks (session_id, seq, found, partly, wrong)"
		     " VALUES (?,?,?,?,?)",
	[ST_PRUNE] = "DELETE FROM sessions WHERE start < ?",
};

struct stats {
	char path[PATH_MAX_LEN];
	char kiosk[256];
	unsigned keep_days, busy_ms;
	FILE *ack;

	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake; /* to the writer: work or stop */
	pthread_cond_t done; /* to stats_sync: the queue moved */
	stats_session queue[QUEUE_CAP];
	size_t head, count;
	bool writing; /* the writer holds a session taken off the queue */
	bool stop;
	bool dropping; /* the queue was full at the last stats_record_session */
	uint64_t committed;

	/* The writer's own. */
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	int64_t last_prune;
	int failing; /* the SQLite code of the last failed commit, 0 if none */
};

/* ---- small pure helpers ---- */

bool stats_prune_due(int64_t last, int64_t now)
{
	return last == 0 || now < last || now - last >= DAY_S;
}

static int64_t days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic
	 * Gregorian calendar, without the time zone that mktime would apply. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int stats_parse_date(const char *s, int64_t *out)
{
	int y, m, d, n = 0;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return -1;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	*out = days_from_civil(y, m, d) * DAY_S;
	return 0;
}

static const char *why_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOTADB: return "is not a database";
	case SQLITE_CORRUPT: return "is damaged";
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return "is locked by another program";
	case SQLITE_READONLY: return "is read-only";
	case SQLITE_FULL: return "cannot grow: the disk is full";
	case SQLITE_IOERR: return "cannot be written (a disk error, or a size limit)";
	case SQLITE_CANTOPEN: return "cannot be opened";
	default: return sqlite3_errstr(rc);
	}
}

/* ---- opening, with every fault handled ---- */

enum open_result { OPEN_OK, OPEN_BAD_FILE, OPEN_NO_WRITE };

/* What an SQLite error while opening says: the file is at fault (move it
 * aside and start afresh), or writing is (a full disk, a size limit, a disk
 * error, an unwritable folder: a fresh file would fare no better). */
static enum open_result fault_of(int rc, bool existed)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_NOMEM: return OPEN_NO_WRITE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return OPEN_BAD_FILE;
	default: return existed ? OPEN_BAD_FILE : OPEN_NO_WRITE;
	}
}

static void close_db(stats *s)
{
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(s->st[i]);
		s->st[i] = NULL;
	}
	sqlite3_close(s->db);
	s->db = NULL;
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The single integer or text a PRAGMA returns. */
static int pragma(sqlite3 *db, const char *sql, char *text, size_t size, int64_t *num)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if (text)
			snprintf(text, size, "%s", (const char *)sqlite3_column_text(q, 0));
		if (num)
			*num = sqlite3_column_int64(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc;
}

/* Creates the folder of path, and its parents, if missing. */
static int make_parent(const char *path)
{
	char dir[PATH_MAX_LEN];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(dir, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static enum open_result try_open(stats *s, char *why, size_t size)
{
	bool existed = access(s->path, F_OK) == 0;
	int rc = sqlite3_open_v2(s->path, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(why, size, "%s", why_of(rc));
		return fault_of(rc, existed);
	}
	sqlite3_busy_timeout(s->db, (int)s->busy_ms);
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		snprintf(why, size, "is read-only");
		return OPEN_BAD_FILE;
	}
	char text[64];
	int64_t version = 0;
	/* The first statement that reads the file: a file that is not a
	 * database, or one locked by another program, fails here. */
	if ((rc = pragma(s->db, "PRAGMA user_version", NULL, 0, &version)) != SQLITE_OK) {
		snprintf(why, size, "%s", why_of(rc));
		return fault_of(rc, existed);
	}
	if (version > STATS_SCHEMA_VERSION || version < 0) {
		snprintf(why, size, "has schema version %" PRId64 ", newer than this taflen's %d",
			 version, STATS_SCHEMA_VERSION);
		return OPEN_BAD_FILE;
	}
	if ((rc = pragma(s->db, "PRAGMA integrity_check", text, sizeof text, NULL)) != SQLITE_OK ||
	    strcmp(text, "ok") != 0) {
		snprintf(why, size, "%s", rc != SQLITE_OK ? why_of(rc) : "fails its integrity check");
		return rc != SQLITE_OK ? fault_of(rc, existed) : OPEN_BAD_FILE;
	}
	if ((rc = pragma(s->db, "PRAGMA journal_mode=WAL", text, sizeof text, NULL)) != SQLITE_OK ||
	    strcmp(text, "wal") != 0) {
		snprintf(why, size, "%s", rc != SQLITE_OK ? why_of(rc)
				: "cannot use write-ahead logging (is its folder read-only?)");
		return rc != SQLITE_OK ? fault_of(rc, existed) : existed ? OPEN_BAD_FILE : OPEN_NO_WRITE;
	}
	/* synchronous=FULL: a commit is on the disk before it is acknowledged,
	 * so that a power cut loses no acknowledged session either.
	 * wal_autocheckpoint=1: each commit goes on into the main file at
	 * once, so the -wal file is empty between sessions; a program that
	 * held a file we moved aside deletes "-wal" by name when it closes,
	 * and must find nothing of ours in it. */
	if ((rc = exec(s->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			      " PRAGMA wal_autocheckpoint=1")) != SQLITE_OK) {
		snprintf(why, size, "%s", why_of(rc));
		return fault_of(rc, existed);
	}
	for (int64_t v = version; v < STATS_SCHEMA_VERSION; v++) {
		char set[64];
		snprintf(set, sizeof set, "PRAGMA user_version=%" PRId64, v + 1);
		if ((rc = exec(s->db, "BEGIN IMMEDIATE")) != SQLITE_OK ||
		    (rc = exec(s->db, migrations[v])) != SQLITE_OK ||
		    (rc = exec(s->db, set)) != SQLITE_OK || (rc = exec(s->db, "COMMIT")) != SQLITE_OK) {
			exec(s->db, "ROLLBACK");
			snprintf(why, size, "%s", why_of(rc));
			return (rc & 0xff) == SQLITE_CANTOPEN ? OPEN_NO_WRITE : fault_of(rc, existed);
		}
	}
	for (int i = 0; i < ST_COUNT; i++) {
		if ((rc = sqlite3_prepare_v3(s->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT,
					     &s->st[i], NULL)) != SQLITE_OK) {
			/* Version 1 but not our tables: someone else's file. */
			snprintf(why, size, "is not a taflen statistics database");
			return OPEN_BAD_FILE;
		}
	}
	return OPEN_OK;
}

/* Renames path (and its -wal and -shm) to path.broken-YYYYmmddTHHMMSS. */
static int move_aside(const char *path, char *aside, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	char stamp[32];
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	snprintf(aside, size, "%s.broken-%s", path, stamp);
	for (int n = 2; access(aside, F_OK) == 0 && n < 100; n++)
		if (snprintf(aside, size, "%s.broken-%s-%d", path, stamp, n) >= (int)size)
			return -1;
	if (rename(path, aside) != 0)
		return -1;
	static const char *const extra[] = {"-wal", "-shm"};
	for (size_t i = 0; i < 2; i++) {
		char from[PATH_MAX_LEN + 8], to[PATH_MAX_LEN + 48];
		snprintf(from, sizeof from, "%s%s", path, extra[i]);
		snprintf(to, sizeof to, "%s%s", aside, extra[i]);
		/* One left behind would be read into the fresh database as if
		 * it were its own. */
		if (rename(from, to) != 0 && errno != ENOENT)
			unlink(from);
	}
	return 0;
}

/* Leaves s->db open and ready, or NULL with recording off; one log line
 * for whatever went wrong. */
static void open_db(stats *s)
{
	if (make_parent(s->path) != 0) {
		LOG(LOG_ERROR, "stats: cannot create the folder of %s: %s; recording is off for this "
			       "run", s->path, strerror(errno));
		return;
	}
	char why[160];
	enum open_result r = try_open(s, why, sizeof why);
	if (r == OPEN_BAD_FILE) {
		close_db(s);
		char aside[PATH_MAX_LEN + 40];
		if (move_aside(s->path, aside, sizeof aside) != 0) {
			LOG(LOG_ERROR, "stats: %s %s and cannot be moved aside (%s); recording is off "
				       "for this run", s->path, why, strerror(errno));
			return;
		}
		LOG(LOG_ERROR, "stats: %s %s; moved aside to %s, starting a fresh one", s->path,
		    why, aside);
		r = try_open(s, why, sizeof why);
	}
	if (r != OPEN_OK) {
		close_db(s);
		LOG(LOG_ERROR, "stats: %s %s; recording is off for this run", s->path, why);
	}
}

/* ---- writing ---- */

static int step(sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int insert(stats *s, const stats_session *x)
{
	sqlite3_stmt *q = s->st[ST_SESSION];
	sqlite3_bind_text(q, 1, s->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, x->start - x->start % 60);
	sqlite3_bind_int64(q, 3, x->duration_s);
	sqlite3_bind_text(q, 4, x->start_tag[0] ? x->start_tag : lang_code(x->start_lang), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(q, 5, x->used[LANG_CY]);
	sqlite3_bind_int(q, 6, x->used[LANG_EN]);
	sqlite3_bind_text(q, 7, end_names[x->end < STATS_END_COUNT ? x->end : 0], -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 8, x->larger_text);
	sqlite3_bind_int(q, 9, x->listen);
	int rc = step(q);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_int64 id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < x->n_leaflets && i < STATS_MAX_LEAFLETS; i++) {
		q = s->st[ST_LEAFLET];
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_text(q, 2, x->leaflets[i].slug,
				  (int)strnlen(x->leaflets[i].slug, STATS_SLUG_MAX), SQLITE_STATIC);
		sqlite3_bind_int(q, 3, x->leaflets[i].furthest_page);
		if ((rc = step(q)) != SQLITE_OK)
			return rc;
	}
	for (size_t i = 0; i < x->n_checks && i < STATS_MAX_CHECKS; i++) {
		q = s->st[ST_CHECK];
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int(q, 2, (int)i + 1);
		sqlite3_bind_int(q, 3, x->checks[i].found);
		sqlite3_bind_int(q, 4, x->checks[i].partly);
		sqlite3_bind_int(q, 5, x->checks[i].wrong);
		if ((rc = step(q)) != SQLITE_OK)
			return rc;
	}
	/* Pruning goes by the sessions' own clock: the virtual one in tests. */
	int64_t now = x->start + x->duration_s;
	if (stats_prune_due(s->last_prune, now)) {
		q = s->st[ST_PRUNE];
		sqlite3_bind_int64(q, 1, now - (int64_t)s->keep_days * DAY_S);
		if ((rc = step(q)) != SQLITE_OK)
			return rc;
		s->last_prune = now;
	}
	return SQLITE_OK;
}

/* One session, one transaction. */
static bool write_session(stats *s, const stats_session *x)
{
	if (!s->db)
		return false;
	int64_t pruned = s->last_prune;
	int rc = step(s->st[ST_BEGIN]);
	if (rc == SQLITE_OK)
		rc = insert(s, x);
	if (rc == SQLITE_OK)
		rc = step(s->st[ST_COMMIT]);
	if (rc != SQLITE_OK) {
		step(s->st[ST_ROLLBACK]);
		s->last_prune = pruned;
		/* One line when recording starts failing, one when it recovers:
		 * a full disk must not flood the journal. */
		if (s->failing != rc)
			LOG(LOG_ERROR, "stats: %s %s; this session is not recorded, nor are the next "
				       "until it can be", s->path, why_of(rc));
		s->failing = rc;
		return false;
	}
	if (s->failing)
		LOG(LOG_WARN, "stats: %s: recording again", s->path);
	s->failing = 0;
	return true;
}

static void *writer(void *arg)
{
	stats *s = arg;
	uint64_t acked = 0;
	open_db(s);
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->count && !s->stop)
			pthread_cond_wait(&s->wake, &s->mu);
		if (!s->count)
			break;
		stats_session x = s->queue[s->head];
		s->writing = true;
		s->head = (s->head + 1) % QUEUE_CAP;
		s->count--;
		pthread_mutex_unlock(&s->mu);
		bool ok = write_session(s, &x);
		/* Outside the lock: a slow reader of the acknowledgements must
		 * not hold up stats_record_session. */
		if (ok && s->ack) {
			fprintf(s->ack, "stats: committed %" PRIu64 "\n", ++acked);
			fflush(s->ack);
		}
		pthread_mutex_lock(&s->mu);
		s->writing = false;
		s->committed += ok;
		pthread_cond_broadcast(&s->done);
	}
	pthread_mutex_unlock(&s->mu);
	close_db(s);
	return NULL;
}

int stats_open(const stats_options *o, stats **out)
{
	*out = NULL;
	stats *s = calloc(1, sizeof *s);
	if (!s)
		return STATS_ERR_MEMORY;
	snprintf(s->path, sizeof s->path, "%s", o->path);
	snprintf(s->kiosk, sizeof s->kiosk, "%s", o->kiosk_id ? o->kiosk_id : "");
	s->keep_days = o->keep_days;
	s->busy_ms = o->busy_ms ? o->busy_ms : STATS_BUSY_MS;
	s->ack = o->ack;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->wake, NULL);
	pthread_cond_init(&s->done, NULL);
	if (pthread_create(&s->thread, NULL, writer, s) != 0) {
		pthread_cond_destroy(&s->done);
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return STATS_ERR_THREAD;
	}
	*out = s;
	return STATS_OK;
}

void stats_close(stats *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->done);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

int stats_record_session(stats *s, const stats_session *sess)
{
	pthread_mutex_lock(&s->mu);
	if (s->count == QUEUE_CAP) {
		bool first = !s->dropping;
		s->dropping = true;
		pthread_mutex_unlock(&s->mu);
		/* Once per run of drops: the log must not cost more than the
		 * write would have. */
		if (first)
			LOG(LOG_WARN, "stats: %s: the writer is %d sessions behind; sessions are "
				      "dropped until it catches up", s->path, QUEUE_CAP);
		return STATS_ERR_FULL;
	}
	s->dropping = false;
	s->queue[(s->head + s->count) % QUEUE_CAP] = *sess;
	s->count++;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->mu);
	return STATS_OK;
}

void stats_sync(stats *s)
{
	pthread_mutex_lock(&s->mu);
	while (s->count || s->writing)
		pthread_cond_wait(&s->done, &s->mu);
	pthread_mutex_unlock(&s->mu);
}

uint64_t stats_committed(stats *s)
{
	pthread_mutex_lock(&s->mu);
	uint64_t n = s->committed;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* ---- reading: export and summary ---- */

/* Opens path for reading, checking it is a taflen database this build
 * understands. */
static int open_read(const char *path, sqlite3 **db, char *err, size_t size)
{
	int rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL);
	int64_t version = 0;
	if (rc == SQLITE_OK)
		rc = pragma(*db, "PRAGMA user_version", NULL, 0, &version);
	if (rc != SQLITE_OK) {
		snprintf(err, size, "%s: %s", path, why_of(rc));
	} else if (version != STATS_SCHEMA_VERSION) {
		snprintf(err, size, "%s: schema version %" PRId64 ", but this taflen reads %d", path,
			 version, STATS_SCHEMA_VERSION);
		rc = SQLITE_ERROR;
	}
	if (rc != SQLITE_OK) {
		sqlite3_close(*db);
		*db = NULL;
		return STATS_ERR_OPEN;
	}
	return STATS_OK;
}

/* An RFC 4180 field: quoted when it holds a comma, a quote or a line end. */
static void csv_field(FILE *out, const char *v, bool last)
{
	if (strpbrk(v, ",\"\r\n")) {
		fputc('"', out);
		for (; *v; v++) {
			if (*v == '"')
				fputc('"', out);
			fputc(*v, out);
		}
		fputc('"', out);
	} else {
		fputs(v, out);
	}
	fputs(last ? "\r\n" : ",", out);
}

static const char export_sql[] =
	"SELECT kiosk, start, duration_s, start_lang, used_cy, used_en, ended_by, larger_text,"
	" listen,"
	" (SELECT group_concat(slug || ':' || furthest_page, ';') FROM"
	"   (SELECT slug, furthest_page FROM leaflets WHERE session_id = s.id ORDER BY rowid)),"
	" (SELECT count(*) FROM quiz_checks WHERE session_id = s.id),"
	" (SELECT group_concat(found || '/' || partly || '/' || wrong, ';') FROM"
	"   (SELECT found, partly, wrong FROM quiz_checks WHERE session_id = s.id ORDER BY seq))"
	" FROM sessions s WHERE start >= ? ORDER BY start, id";

static const char *col(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	return t ? (const char *)t : "";
}

int stats_export_csv(const char *path, int64_t since, FILE *out, char *err, size_t err_size)
{
	sqlite3 *db;
	if (open_read(path, &db, err, err_size) != STATS_OK)
		return STATS_ERR_OPEN;
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, export_sql, -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(q, 1, since);
		fputs("kiosk,start,duration_s,start_lang,languages,ended_by,larger_text,listen,"
		      "leaflets,quiz_checks,quiz_scores\r\n", out);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			time_t t = (time_t)sqlite3_column_int64(q, 1);
			struct tm tm;
			char start[32];
			gmtime_r(&t, &tm);
			strftime(start, sizeof start, "%Y-%m-%dT%H:%MZ", &tm);
			bool cy = sqlite3_column_int(q, 4), en = sqlite3_column_int(q, 5);
			csv_field(out, col(q, 0), false);
			csv_field(out, start, false);
			csv_field(out, col(q, 2), false);
			csv_field(out, col(q, 3), false);
			csv_field(out, cy && en ? "cy+en" : cy ? "cy" : en ? "en" : "", false);
			for (int i = 6; i <= 11; i++)
				csv_field(out, col(q, i), i == 11);
		}
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc != SQLITE_OK)
		snprintf(err, err_size, "%s: %s", path, sqlite3_errmsg(db));
	sqlite3_finalize(q);
	sqlite3_close(db);
	return rc == SQLITE_OK ? STATS_OK : STATS_ERR_QUERY;
}

/* One row of numbers from sql (with arg bound to its parameter, if it has
 * one) into v[0..n). */
static int query_ints(sqlite3 *db, const char *sql, int64_t arg, double *v, int n)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (sqlite3_bind_parameter_count(q) > 0)
		sqlite3_bind_int64(q, 1, arg);
	rc = sqlite3_step(q);
	for (int i = 0; i < n; i++)
		v[i] = rc == SQLITE_ROW ? sqlite3_column_double(q, i) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	sqlite3_finalize(q);
	return rc;
}

static double share(double part, double whole)
{
	return whole > 0 ? 100.0 * part / whole : 0;
}

int stats_summary(const char *path, FILE *out, char *err, size_t err_size)
{
	sqlite3 *db;
	if (open_read(path, &db, err, err_size) != STATS_OK)
		return STATS_ERR_OPEN;
	enum { N, CY_ONLY, EN_ONLY, BOTH, START_CY, BY_VISITOR, BY_IDLE, BY_FINISH, LARGER, FIRST,
	       LAST, COUNTS };
	double c[COUNTS], mid[2] = {0, 0}, quiz[4];
	int rc = query_ints(db,
			    "SELECT count(*), total(used_cy AND NOT used_en),"
			    " total(used_en AND NOT used_cy), total(used_cy AND used_en),"
			    " total(start_lang = 'cy'), total(ended_by = 'visitor'),"
			    " total(ended_by = 'idle'), total(ended_by = 'finish'), total(larger_text),"
			    " min(start), max(start) FROM sessions",
			    0, c, COUNTS);
	/* The median: the middle one, or the mean of the middle two. */
	int64_t n = (int64_t)c[N];
	if (rc == SQLITE_OK && n > 0)
		rc = query_ints(db, "SELECT duration_s FROM sessions ORDER BY duration_s LIMIT 1 OFFSET ?",
				(n - 1) / 2, &mid[0], 1);
	if (rc == SQLITE_OK && n > 0)
		rc = query_ints(db, "SELECT duration_s FROM sessions ORDER BY duration_s LIMIT 1 OFFSET ?",
				n / 2, &mid[1], 1);
	if (rc == SQLITE_OK)
		rc = query_ints(db, "SELECT count(*), avg(found), avg(partly), avg(wrong) FROM quiz_checks",
				0, quiz, 4);
	if (rc != SQLITE_OK) {
		snprintf(err, err_size, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return STATS_ERR_QUERY;
	}
	sqlite3_close(db);

	fprintf(out, "%s\n", path);
	if (n > 0) {
		char from[16], to[16];
		time_t t0 = (time_t)c[FIRST], t1 = (time_t)c[LAST];
		struct tm tm;
		strftime(from, sizeof from, "%Y-%m-%d", gmtime_r(&t0, &tm));
		strftime(to, sizeof to, "%Y-%m-%d", gmtime_r(&t1, &tm));
		fprintf(out, "Sessions:                 %" PRId64 " (%s to %s)\n", n, from, to);
	} else {
		fprintf(out, "Sessions:                 0\n");
	}
	fprintf(out, "  in Welsh only:          %.0f\n", c[CY_ONLY]);
	fprintf(out, "  in English only:        %.0f\n", c[EN_ONLY]);
	fprintf(out, "  in both:                %.0f\n", c[BOTH]);
	fprintf(out, "Share in Welsh:           %.1f%% (used Welsh, only or as well)\n",
		share(c[CY_ONLY] + c[BOTH], (double)n));
	fprintf(out, "Started in Welsh:         %.1f%%\n", share(c[START_CY], (double)n));
	fprintf(out, "Median duration:          %.0f s\n", (mid[0] + mid[1]) / 2);
	fprintf(out, "Ended by the visitor:     %.0f\n", c[BY_VISITOR] + c[BY_FINISH]);
	fprintf(out, "Ended by the idle reset:  %.0f\n", c[BY_IDLE]);
	fprintf(out, "Used larger text:         %.0f\n", c[LARGER]);
	fprintf(out, "Quiz checks:              %.0f\n", quiz[0]);
	if (quiz[0] > 0)
		fprintf(out, "  mean score:             %.1f found, %.1f partly, %.1f wrong\n",
			quiz[1], quiz[2], quiz[3]);
	return STATS_OK;
}

/* ---- reading: the dashboard's figures ---- */

/* A reader waits this long for the writer's lock at most: a staff screen
 * may pause a moment, never for the writer's 5 s. */
#define FIGURES_BUSY_MS 250

/* Runs sql with the window [from, to) bound to its two parameters; row is
 * called with each result row. */
static int each_row(sqlite3 *db, const char *sql, int64_t from, int64_t to,
		    void (*row)(sqlite3_stmt *q, stats_figures *f), stats_figures *f)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, to);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		row(q, f);
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Day index, sessions, of which in Welsh. */
static void day_row(sqlite3_stmt *q, stats_figures *f)
{
	int64_t day = sqlite3_column_int64(q, 0);
	if (day < 0 || day >= STATS_FIGURES_DAYS)
		return;
	uint32_t n = (uint32_t)sqlite3_column_int64(q, 1), cy = (uint32_t)sqlite3_column_int64(q, 2);
	f->per_day[day] = n;
	f->sessions += n;
	f->in_welsh += cy;
	for (int w = STATS_FIGURES_WEEKS - 1; w >= 0; w--) {
		if (day >= f->week_first[w]) {
			f->week_cy[w] += cy;
			f->week_en[w] += n - cy;
			break;
		}
	}
}

/* Slug, furthest page, sessions; pages beyond the last counted count as it. */
static void page_row(sqlite3_stmt *q, stats_figures *f)
{
	const char *slug = col(q, 0);
	int64_t page = sqlite3_column_int64(q, 1);
	uint32_t n = (uint32_t)sqlite3_column_int64(q, 2);
	if (page < 1)
		return;
	if (page > STATS_FIGURES_PAGES)
		page = STATS_FIGURES_PAGES;
	stats_leaflet_figures *l = NULL;
	for (size_t i = 0; i < f->n_leaflets && !l; i++)
		if (strcmp(f->leaflets[i].slug, slug) == 0)
			l = &f->leaflets[i];
	if (!l) {
		if (f->n_leaflets == STATS_MAX_LEAFLETS)
			return;
		l = &f->leaflets[f->n_leaflets++];
		snprintf(l->slug, sizeof l->slug, "%s", slug);
	}
	l->opened += n;
	for (int64_t p = 0; p < page; p++)
		l->reached[p] += n;
	if (page > l->pages)
		l->pages = (int)page;
}

static void score_row(sqlite3_stmt *q, stats_figures *f)
{
	int64_t found = sqlite3_column_int64(q, 0);
	if (found < 0)
		return;
	if (found >= STATS_FIGURES_SCORES)
		found = STATS_FIGURES_SCORES - 1;
	f->scores[found] += (uint32_t)sqlite3_column_int64(q, 1);
	f->checks += (uint32_t)sqlite3_column_int64(q, 1);
}

static int by_opened(const void *a, const void *b)
{
	const stats_leaflet_figures *x = a, *y = b;
	if (x->opened != y->opened)
		return x->opened < y->opened ? 1 : -1;
	return strcmp(x->slug, y->slug);
}

int stats_read_figures_at(const char *path, int64_t now, stats_figures *out, char *err,
			  size_t err_size)
{
	memset(out, 0, sizeof *out);
	int64_t today = now >= 0 ? now / DAY_S : (now - DAY_S + 1) / DAY_S;
	int64_t from = (today - STATS_FIGURES_DAYS + 1) * DAY_S, to = (today + 1) * DAY_S;
	stats_figures f = {.first_day = from};
	for (int w = 0; w < STATS_FIGURES_WEEKS; w++) {
		int first = STATS_FIGURES_DAYS - 7 * (STATS_FIGURES_WEEKS - w);
		f.week_first[w] = first < 0 ? 0 : first;
	}
	sqlite3 *db;
	if (open_read(path, &db, err, err_size) != STATS_OK)
		return STATS_ERR_OPEN;
	sqlite3_busy_timeout(db, FIGURES_BUSY_MS);
	/* ?1 and ?2 are the window; the day is counted from ?1. */
	int rc = each_row(db,
			  "SELECT (start - ?1) / 86400 AS day, count(*), total(used_cy)"
			  " FROM sessions WHERE start >= ?1 AND start < ?2 GROUP BY day",
			  from, to, day_row, &f);
	if (rc == SQLITE_OK)
		rc = each_row(db,
			      "SELECT l.slug, l.furthest_page, count(*)"
			      " FROM leaflets l JOIN sessions s ON s.id = l.session_id"
			      " WHERE s.start >= ?1 AND s.start < ?2 GROUP BY 1, 2 ORDER BY 1, 2",
			      from, to, page_row, &f);
	if (rc == SQLITE_OK)
		rc = each_row(db,
			      "SELECT c.found, count(*)"
			      " FROM quiz_checks c JOIN sessions s ON s.id = c.session_id"
			      " WHERE s.start >= ?1 AND s.start < ?2 GROUP BY 1",
			      from, to, score_row, &f);
	if (rc != SQLITE_OK) {
		snprintf(err, err_size, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return STATS_ERR_QUERY;
	}
	sqlite3_close(db);
	qsort(f.leaflets, f.n_leaflets, sizeof f.leaflets[0], by_opened);
	*out = f;
	return STATS_OK;
}

int stats_read_figures(stats *s, int64_t now, stats_figures *out, char *err, size_t err_size)
{
	return stats_read_figures_at(s->path, now, out, err, err_size);
}

int stats_report(const char *path, const char *csv, const char *since, bool summary)
{
	int64_t from = 0;
	if (since && stats_parse_date(since, &from) != 0) {
		fprintf(stderr, "taflen: --since wants a date such as 2026-01-31, not \"%s\"\n", since);
		return 2;
	}
	char err[512];
	if (csv) {
		bool to_stdout = strcmp(csv, "-") == 0;
		FILE *out = to_stdout ? stdout : fopen(csv, "w");
		if (!out) {
			fprintf(stderr, "%s: cannot write: %s\n", csv, strerror(errno));
			return 1;
		}
		int rc = stats_export_csv(path, from, out, err, sizeof err);
		bool failed = ferror(out);
		if (!to_stdout && fclose(out) != 0)
			failed = true;
		if (rc != STATS_OK) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		if (failed) {
			fprintf(stderr, "%s: write error\n", csv);
			return 1;
		}
	}
	if (summary && stats_summary(path, stdout, err, sizeof err) != STATS_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	return 0;
}
