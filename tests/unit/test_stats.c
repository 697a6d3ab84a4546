/* The usage figures' store on its own: rows written exactly, the CSV and the
 * summary read back from them, the daily prune, and every fault the kiosk
 * must survive (docs/stats.md). The database is read back with SQLite here,
 * not through stats.c, so the two cannot share a mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stats/stats.h"
#include "testlib.h"

#define WALL 1764496800 /* 2025-11-30 10:00:00 UTC */
#define DAY 86400
#define NOBODY 65534

/* ---- helpers ---- */

static stats_session visit(int64_t start, uint32_t duration, lang_id lang, stats_end end)
{
	stats_session s = {.start = start, .duration_s = duration, .start_lang = lang, .end = end};
	s.used[lang] = true;
	return s;
}

static void add_leaflet(stats_session *s, const char *slug, int page)
{
	snprintf(s->leaflets[s->n_leaflets].slug, STATS_SLUG_MAX, "%s", slug);
	s->leaflets[s->n_leaflets++].furthest_page = page;
}

static stats *open_at(const char *path, const char *kiosk, unsigned keep_days)
{
	stats_options o = {.path = path, .kiosk_id = kiosk, .keep_days = keep_days, .busy_ms = 200};
	stats *s;
	assert_int_equal(stats_open(&o, &s), STATS_OK);
	return s;
}

/* stderr into a file while fn runs; its contents into out. */
static void capture(void (*fn)(void *), void *arg, char *out, size_t size)
{
	char path[] = "/tmp/taflen-test-stats-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	int saved = dup(2);
	dup2(fd, 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ssize_t n = pread(fd, out, size - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
}

/* The names in dir starting with prefix, but for the -wal and -shm files
 * moved aside with a database. */
static int count_files(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		bool extra = len > 4 && (strcmp(e->d_name + len - 4, "-wal") == 0 ||
					 strcmp(e->d_name + len - 4, "-shm") == 0);
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0 && !extra;
	}
	closedir(d);
	return n;
}

/* ---- rows, export, summary ---- */

static void record_four(const char *path)
{
	stats *s = open_at(path, "lobby, \"front\"", 400);
	/* Welsh, leaflet to page 4, by the visitor; the start is stored to the
	 * minute. */
	stats_session a = visit(WALL + 37, 95, LANG_CY, STATS_END_VISITOR);
	add_leaflet(&a, "child-practice-reviews", 4);
	/* English, the quiz checked twice, idle. */
	stats_session b = visit(WALL + 120, 300, LANG_EN, STATS_END_IDLE);
	add_leaflet(&b, "learning", 3);
	b.checks[b.n_checks++] = (stats_check){3, 0, 2};
	b.checks[b.n_checks++] = (stats_check){6, 0, 0};
	/* Welsh, switched to English, larger text, idle. */
	stats_session c = visit(WALL + DAY, 40, LANG_CY, STATS_END_IDLE);
	c.used[LANG_EN] = true;
	c.larger_text = true;
	add_leaflet(&c, "child-practice-reviews", 1);
	add_leaflet(&c, "learning", 1);
	/* English, straight back: by the visitor. */
	stats_session d = visit(WALL + 2 * DAY, 10, LANG_EN, STATS_END_VISITOR);
	assert_int_equal(stats_record_session(s, &a), STATS_OK);
	assert_int_equal(stats_record_session(s, &b), STATS_OK);
	assert_int_equal(stats_record_session(s, &c), STATS_OK);
	assert_int_equal(stats_record_session(s, &d), STATS_OK);
	stats_sync(s);
	assert_int_equal(stats_committed(s), 4);
	stats_close(s);
}

static void test_rows_exactly(void **state)
{
	(void)state;
	char dir[64], path[128], got[4096];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/sub/folder/stats.db", dir); /* folders created */
	record_four(path);
	tl_query(path, "SELECT kiosk, start, duration_s, start_lang, used_cy, used_en, ended_by,"
		    " larger_text, listen FROM sessions ORDER BY id", got, sizeof got);
	assert_string_equal(got, "lobby, \"front\"|1764496800|95|cy|1|0|visitor|0|0\n"
				 "lobby, \"front\"|1764496920|300|en|0|1|idle|0|0\n"
				 "lobby, \"front\"|1764583200|40|cy|1|1|idle|1|0\n"
				 "lobby, \"front\"|1764669600|10|en|0|1|visitor|0|0\n");
	tl_query(path, "SELECT session_id, slug, furthest_page FROM leaflets ORDER BY rowid", got,
	      sizeof got);
	assert_string_equal(got, "1|child-practice-reviews|4\n2|learning|3\n"
				 "3|child-practice-reviews|1\n3|learning|1\n");
	tl_query(path, "SELECT session_id, seq, found, partly, wrong FROM quiz_checks", got, sizeof got);
	assert_string_equal(got, "2|1|3|0|2\n2|2|6|0|0\n");
	tl_query(path, "PRAGMA user_version", got, sizeof got);
	assert_string_equal(got, "1\n");
	tl_query(path, "PRAGMA journal_mode", got, sizeof got);
	assert_string_equal(got, "wal\n");
	/* Reopening a good file keeps it and adds to it. */
	stats *s = open_at(path, "k2", 400);
	stats_session e = visit(WALL + 3 * DAY, 5, LANG_CY, STATS_END_FINISH);
	assert_int_equal(stats_record_session(s, &e), STATS_OK);
	stats_sync(s);
	assert_int_equal(stats_committed(s), 1);
	stats_close(s);
	tl_query(path, "SELECT count(*), max(ended_by) FROM sessions", got, sizeof got);
	assert_string_equal(got, "5|visitor\n");
	tl_query(path, "PRAGMA integrity_check", got, sizeof got);
	assert_string_equal(got, "ok\n");
	tl_rm_tree(dir);
}

static void test_csv_and_summary(void **state)
{
	(void)state;
	char dir[64], path[128], err[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	record_four(path);
	char *buf;
	size_t len;
	FILE *out = open_memstream(&buf, &len);
	assert_int_equal(stats_export_csv(path, 0, out, err, sizeof err), STATS_OK);
	fclose(out);
	assert_string_equal(
		buf,
		"kiosk,start,duration_s,start_lang,languages,ended_by,larger_text,listen,leaflets,"
		"quiz_checks,quiz_scores\r\n"
		"\"lobby, \"\"front\"\"\",2025-11-30T10:00Z,95,cy,cy,visitor,0,0,"
		"child-practice-reviews:4,0,\r\n"
		"\"lobby, \"\"front\"\"\",2025-11-30T10:02Z,300,en,en,idle,0,0,learning:3,2,"
		"3/0/2;6/0/0\r\n"
		"\"lobby, \"\"front\"\"\",2025-12-01T10:00Z,40,cy,cy+en,idle,1,0,"
		"child-practice-reviews:1;learning:1,0,\r\n"
		"\"lobby, \"\"front\"\"\",2025-12-02T10:00Z,10,en,en,visitor,0,0,,0,\r\n");
	free(buf);

	/* --since: from that day on. */
	int64_t since;
	assert_int_equal(stats_parse_date("2025-12-01", &since), 0);
	out = open_memstream(&buf, &len);
	assert_int_equal(stats_export_csv(path, since, out, err, sizeof err), STATS_OK);
	fclose(out);
	assert_int_equal(tl_count(buf, "\r\n"), 3);
	assert_null(strstr(buf, "2025-11-30"));
	free(buf);

	out = open_memstream(&buf, &len);
	assert_int_equal(stats_summary(path, out, err, sizeof err), STATS_OK);
	fclose(out);
	/* Welsh only 1, English only 2, both 1: Welsh in 2 of 4. Durations
	 * 10 40 95 300: median 67.5, shown as 68. */
	assert_non_null(strstr(buf, "Sessions:                 4 (2025-11-30 to 2025-12-02)\n"));
	assert_non_null(strstr(buf, "  in Welsh only:          1\n"));
	assert_non_null(strstr(buf, "  in English only:        2\n"));
	assert_non_null(strstr(buf, "  in both:                1\n"));
	assert_non_null(strstr(buf, "Share in Welsh:           50.0%"));
	assert_non_null(strstr(buf, "Started in Welsh:         50.0%"));
	assert_non_null(strstr(buf, "Median duration:          68 s\n"));
	assert_non_null(strstr(buf, "Ended by the visitor:     2\n"));
	assert_non_null(strstr(buf, "Ended by the idle reset:  2\n"));
	assert_non_null(strstr(buf, "Quiz checks:              2\n"));
	assert_non_null(strstr(buf, "mean score:             4.5 found, 0.0 partly, 1.0 wrong\n"));
	free(buf);
	tl_rm_tree(dir);
}

static void test_reading_bad_files(void **state)
{
	(void)state;
	char dir[64], path[128], err[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/none.db", dir);
	assert_int_equal(stats_export_csv(path, 0, stdout, err, sizeof err), STATS_ERR_OPEN);
	assert_non_null(strstr(err, "none.db: cannot be opened"));
	/* Nothing was created by looking. */
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof path, "%s/text.db", dir);
	FILE *f = fopen(path, "w");
	fputs("not a database, just words and more words to fill a page header", f);
	fclose(f);
	assert_int_equal(stats_summary(path, stdout, err, sizeof err), STATS_ERR_OPEN);
	assert_non_null(strstr(err, "text.db: is not a database"));
	tl_rm_tree(dir);
}

static void test_dates(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(stats_parse_date("1970-01-01", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(stats_parse_date("2025-11-30", &t), 0);
	assert_int_equal(t, WALL - 10 * 3600);
	assert_int_equal(stats_parse_date("2024-02-29", &t), 0);
	assert_int_equal(stats_parse_date("2025-02-29", &t), -1);
	assert_int_equal(stats_parse_date("2025-13-01", &t), -1);
	assert_int_equal(stats_parse_date("2025-1-01", &t), -1);
	assert_int_equal(stats_parse_date("2025-01-01x", &t), -1);
	assert_int_equal(stats_parse_date("yesterday", &t), -1);
}

/* ---- the daily prune, on the sessions' clock ---- */

static void test_prune(void **state)
{
	(void)state;
	assert_true(stats_prune_due(0, WALL));
	assert_false(stats_prune_due(WALL, WALL + DAY - 1));
	assert_true(stats_prune_due(WALL, WALL + DAY));
	assert_true(stats_prune_due(WALL, WALL - 1)); /* the clock went back */

	char dir[64], path[128], got[1024];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	stats *s = open_at(path, "k", 2);
	stats_session a = visit(WALL, 60, LANG_CY, STATS_END_IDLE);
	add_leaflet(&a, "child-practice-reviews", 2);
	a.checks[a.n_checks++] = (stats_check){1, 0, 0};
	stats_session b = visit(WALL + DAY + 3600, 60, LANG_EN, STATS_END_IDLE);
	/* Three days on: a is older than two days, b is not. */
	stats_session c = visit(WALL + 3 * DAY, 60, LANG_EN, STATS_END_IDLE);
	stats_record_session(s, &a);
	stats_record_session(s, &b);
	stats_sync(s);
	tl_query(path, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "2\n");
	stats_record_session(s, &c);
	stats_close(s);
	tl_query(path, "SELECT start FROM sessions ORDER BY start", got, sizeof got);
	assert_string_equal(got, "1764586800\n1764756000\n");
	/* With the session, its pages and scores. */
	tl_query(path, "SELECT (SELECT count(*) FROM leaflets), (SELECT count(*) FROM quiz_checks)",
	      got, sizeof got);
	assert_string_equal(got, "0|0\n");
	tl_rm_tree(dir);
}

/* ---- faults: the kiosk goes on, one log line, the bad file kept ---- */

typedef struct {
	const char *path;
	int sessions;
	uint64_t committed;
} fault_run;

static void run_writer(void *arg)
{
	fault_run *r = arg;
	stats *s = open_at(r->path, "k", 400);
	for (int i = 0; i < r->sessions; i++) {
		stats_session v = visit(WALL + i * 60, 30, LANG_CY, STATS_END_VISITOR);
		assert_int_equal(stats_record_session(s, &v), STATS_OK);
		if (i % 32 == 31) /* the queue holds 64 */
			stats_sync(s);
	}
	stats_sync(s);
	r->committed = stats_committed(s);
	stats_close(s);
}

/* Runs the writer on path with stderr captured; checks one "stats:" line
 * containing want, and how many sessions were committed. */
static void expect_fault(const char *path, const char *want, uint64_t committed)
{
	char log[2048];
	fault_run r = {path, 3, 0};
	capture(run_writer, &r, log, sizeof log);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, want))
		fail_msg("wanted one line with \"%s\", got:\n%s", want, log);
	assert_int_equal(r.committed, committed);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_not_a_database(void **state)
{
	(void)state;
	char dir[64], path[128], got[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	write_file(path, "These are someone's notes, saved over the database by mistake.\n"
			 "They are longer than a database header, so SQLite reads them.\n");
	expect_fault(path, "stats.db is not a database; moved aside to", 3);
	assert_int_equal(count_files(dir, "stats.db.broken-"), 1);
	tl_query(path, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "3\n");
	tl_rm_tree(dir);
}

static void test_newer_schema(void **state)
{
	(void)state;
	char dir[64], path[128], got[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE future (x); PRAGMA user_version = 7",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	expect_fault(path, "has schema version 7, newer than this taflen's 1; moved aside", 3);
	assert_int_equal(count_files(dir, "stats.db.broken-"), 1);
	tl_query(path, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "3\n");
	tl_rm_tree(dir);
}

static void test_someone_elses_database(void **state)
{
	(void)state;
	char dir[64], path[128];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE sessions (x); PRAGMA user_version = 1",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	expect_fault(path, "is not a taflen statistics database; moved aside", 3);
	assert_int_equal(count_files(dir, "stats.db.broken-"), 1);
	tl_rm_tree(dir);
}

static void test_damaged(void **state)
{
	(void)state;
	char dir[64], path[128], got[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	fault_run r = {path, 200, 0};
	run_writer(&r);
	/* Garbage over all of page 2 (the sessions table's root), not the
	 * header or the schema on page 1. */
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size > 4 * 4096);
	assert_int_equal(fseek(f, 4096, SEEK_SET), 0);
	for (int i = 0; i < 4096; i++)
		fputc(0xA5 ^ i, f);
	fclose(f);
	char log[2048];
	fault_run again = {path, 3, 0};
	capture(run_writer, &again, log, sizeof log);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, "moved aside to") ||
	    (!strstr(log, "fails its integrity check") && !strstr(log, "is damaged")))
		fail_msg("got:\n%s", log);
	assert_int_equal(again.committed, 3);
	assert_int_equal(count_files(dir, "stats.db.broken-"), 1);
	tl_query(path, "PRAGMA integrity_check", got, sizeof got);
	assert_string_equal(got, "ok\n");
	tl_rm_tree(dir);
}

static void test_locked(void **state)
{
	(void)state;
	char dir[64], path[128], got[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	fault_run r = {path, 1, 0};
	run_writer(&r);
	/* Another program holds the file with an exclusive lock. */
	sqlite3 *holder;
	assert_int_equal(sqlite3_open(path, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;"
					      " INSERT INTO sessions VALUES (99,'x',0,0,'cy',1,0,'idle',0,0)",
				      NULL, NULL, NULL), SQLITE_OK);
	expect_fault(path, "is locked by another program; moved aside to", 3);
	sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(holder);
	assert_int_equal(count_files(dir, "stats.db.broken-"), 1);
	/* The holder closing must not take our sessions with it. */
	tl_query(path, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "3\n");
	tl_query(path, "PRAGMA integrity_check", got, sizeof got);
	assert_string_equal(got, "ok\n");
	tl_rm_tree(dir);
}

/* In a child process, as the user nobody (root can write anything), or with
 * a file size limit: returns the child's exit status, its stderr in log. */
typedef enum { AS_NOBODY, SIZE_LIMIT, SIZE_LIMIT_LATER } child_mode;

/* A full disk as the writer sees it: every write fails (EFBIG) instead of
 * killing the process. */
static int limit_file_size(void)
{
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit lim = {0, 0};
	return setrlimit(RLIMIT_FSIZE, &lim);
}

static int in_child(child_mode mode, const char *path, char *log, size_t size, int *committed)
{
	/* stderr through a pipe: a log file would hit the size limit too. */
	int errfd[2], pipefd[2];
	assert_int_equal(pipe(errfd), 0);
	assert_int_equal(pipe(pipefd), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(errfd[1], 2);
		close(errfd[0]);
		close(pipefd[0]);
		if (mode == AS_NOBODY) {
			if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
				_exit(3);
		} else if (mode == SIZE_LIMIT && limit_file_size() != 0) {
			_exit(3);
		}
		stats_options o = {.path = path, .kiosk_id = "k", .keep_days = 400, .busy_ms = 200};
		stats *s;
		if (stats_open(&o, &s) != STATS_OK)
			_exit(4);
		if (mode == SIZE_LIMIT_LATER) {
			/* The disk fills up with the kiosk running. */
			stats_session v = visit(WALL - 60, 30, LANG_EN, STATS_END_IDLE);
			stats_record_session(s, &v);
			stats_sync(s);
			if (limit_file_size() != 0)
				_exit(3);
		}
		for (int i = 0; i < 3; i++) {
			stats_session v = visit(WALL + i * 60, 30, LANG_CY, STATS_END_IDLE);
			v.used[LANG_CY] = true;
			if (stats_record_session(s, &v) != STATS_OK)
				_exit(5);
		}
		stats_sync(s);
		int n = (int)stats_committed(s);
		stats_close(s);
		if (write(pipefd[1], &n, sizeof n) != sizeof n)
			_exit(6);
		_exit(0);
	}
	close(pipefd[1]);
	close(errfd[1]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(read(pipefd[0], committed, sizeof *committed), sizeof *committed);
	close(pipefd[0]);
	ssize_t n = read(errfd[0], log, size - 1);
	log[n > 0 ? n : 0] = '\0';
	close(errfd[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void test_read_only_folder(void **state)
{
	(void)state;
	if (geteuid() != 0) /* becoming nobody needs root */
		skip();
	char dir[64], path[160], log[2048];
	int committed = -1;
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats"); /* root's, 0755: nobody cannot write here */
	snprintf(path, sizeof path, "%s/stats.db", dir);
	assert_int_equal(in_child(AS_NOBODY, path, log, sizeof log, &committed), 0);
	assert_int_equal(committed, 0);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, "recording is off for this run"))
		fail_msg("got:\n%s", log);
	/* A missing folder in a read-only one cannot be made either. */
	snprintf(path, sizeof path, "%s/missing/stats.db", dir);
	assert_int_equal(in_child(AS_NOBODY, path, log, sizeof log, &committed), 0);
	assert_int_equal(committed, 0);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, "cannot create the folder"))
		fail_msg("got:\n%s", log);
	tl_rm_tree(dir);
}

static void test_read_only_file(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	char dir[64], sub[96], path[160], log[2048], got[256];
	int committed = -1;
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(sub, sizeof sub, "%s/kiosk", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof path, "%s/stats.db", sub);
	fault_run r = {path, 1, 0};
	run_writer(&r); /* root's file, 0644 */
	/* The folder is nobody's, the file is not. */
	assert_int_equal(chown(sub, NOBODY, NOBODY), 0);
	assert_int_equal(in_child(AS_NOBODY, path, log, sizeof log, &committed), 0);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, "is read-only; moved aside to"))
		fail_msg("got:\n%s", log);
	assert_int_equal(committed, 3);
	assert_int_equal(count_files(sub, "stats.db.broken-"), 1);
	tl_query(path, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "3\n");
	tl_rm_tree(dir);
}

static void test_full_disk(void **state)
{
	(void)state;
	char dir[64], path[128], log[2048], got[256];
	int committed = -1;
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	fault_run r = {path, 2, 0};
	run_writer(&r);
	/* Full from the start: recording off; nothing is moved aside, as the
	 * file is not at fault. */
	assert_int_equal(in_child(SIZE_LIMIT, path, log, sizeof log, &committed), 0);
	assert_int_equal(committed, 0);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, "recording is off for this run"))
		fail_msg("got:\n%s", log);
	assert_int_equal(count_files(dir, "stats.db.broken-"), 0);
	/* Full while running: one session in, then three that cannot be
	 * written, with one line, not three. */
	assert_int_equal(in_child(SIZE_LIMIT_LATER, path, log, sizeof log, &committed), 0);
	assert_int_equal(committed, 1);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, "this session is not recorded"))
		fail_msg("got:\n%s", log);
	assert_int_equal(count_files(dir, "stats.db.broken-"), 0);
	tl_query(path, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "3\n");
	tl_query(path, "PRAGMA integrity_check", got, sizeof got);
	assert_string_equal(got, "ok\n");
	/* A new file on a full disk: recording off. */
	snprintf(path, sizeof path, "%s/new.db", dir);
	assert_int_equal(in_child(SIZE_LIMIT, path, log, sizeof log, &committed), 0);
	assert_int_equal(committed, 0);
	if (tl_count(log, "stats: ") != 1 || !strstr(log, "recording is off for this run"))
		fail_msg("got:\n%s", log);
	tl_rm_tree(dir);
}

static void test_queue_full_drops_and_logs_once(void **state)
{
	(void)state;
	char dir[64], path[128], got[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	/* Hold the file so the writer stalls on the lock while the queue fills. */
	fault_run r = {path, 1, 0};
	run_writer(&r);
	sqlite3 *holder;
	assert_int_equal(sqlite3_open(path, &holder), SQLITE_OK);
	assert_int_equal(sqlite3_exec(holder, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
	stats_options o = {.path = path, .kiosk_id = "k", .keep_days = 400, .busy_ms = 3000};
	stats *s;
	assert_int_equal(stats_open(&o, &s), STATS_OK);
	int ok = 0, full = 0;
	char log[4096];
	fflush(stderr);
	char logpath[] = "/tmp/taflen-test-stats-log-XXXXXX";
	int fd = mkstemp(logpath), saved = dup(2);
	dup2(fd, 2);
	for (int i = 0; i < 200; i++) {
		stats_session v = visit(WALL + i, 1, LANG_EN, STATS_END_IDLE);
		int rc = stats_record_session(s, &v);
		ok += rc == STATS_OK;
		full += rc == STATS_ERR_FULL;
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	sqlite3_exec(holder, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(holder);
	stats_sync(s);
	uint64_t n = stats_committed(s);
	stats_close(s);
	ssize_t len = pread(fd, log, sizeof log - 1, 0);
	log[len > 0 ? len : 0] = '\0';
	close(fd);
	unlink(logpath);
	/* The writer took at most one off the queue before it stalled. */
	assert_true(ok >= 64 && ok <= 65);
	assert_int_equal(ok + full, 200);
	assert_int_equal(tl_count(log, "sessions are dropped until it catches up"), 1);
	assert_int_equal((int)n, ok);
	tl_query(path, "SELECT count(*) FROM sessions", got, sizeof got);
	snprintf(log, sizeof log, "%d\n", 1 + ok);
	assert_string_equal(got, log);
	tl_rm_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_exactly),
		cmocka_unit_test(test_csv_and_summary),
		cmocka_unit_test(test_reading_bad_files),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_prune),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_newer_schema),
		cmocka_unit_test(test_someone_elses_database),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_read_only_folder),
		cmocka_unit_test(test_read_only_file),
		cmocka_unit_test(test_full_disk),
		cmocka_unit_test(test_queue_full_drops_and_logs_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
