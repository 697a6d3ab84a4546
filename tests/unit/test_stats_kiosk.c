/* The usage figures through the real program: scripted visits give exactly
 * the rows expected and the export and summary agree with them; a kiosk
 * killed at random moments keeps every acknowledged session and a sound
 * file; and each fault of the database leaves the visit untouched, with one
 * log line (docs/stats.md). Runs build/taflen (next to this test's folder). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

#define NOBODY 65534
/* The crash test: runs, and sessions in each run's script. */
#define CRASH_RUNS 12
#define CRASH_SESSIONS 300

static char program[4096];

/* ---- helpers ---- */

typedef enum { PLAIN, AS_NOBODY, SIZE_LIMIT } run_mode;

/* Starts taflen with argv (NULL-terminated, without the program); its
 * stdout and stderr go to *out_fd (a pipe), or to out_fd's file. */
static pid_t start(run_mode mode, char *const *args, int *out_fd)
{
	int p[2];
	assert_int_equal(pipe(p), 0);
	char *argv[32] = {program};
	for (int i = 0; args[i] && i < 30; i++)
		argv[i + 1] = args[i];
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		if (mode == AS_NOBODY && (setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
			_exit(120);
		if (mode == SIZE_LIMIT) {
			/* A full disk: writes fail with EFBIG instead of
			 * killing the process (both survive exec). */
			struct rlimit lim = {0, 0};
			signal(SIGXFSZ, SIG_IGN);
			if (setrlimit(RLIMIT_FSIZE, &lim) != 0)
				_exit(121);
		}
		execv(program, argv);
		_exit(122);
	}
	close(p[1]);
	*out_fd = p[0];
	return pid;
}

/* Runs to the end; its output in out, its exit code returned. */
static int run(run_mode mode, char *const *args, char *out, size_t size)
{
	int fd;
	pid_t pid = start(mode, args, &fd);
	size_t used = 0;
	for (ssize_t n; (n = read(fd, out + used, size - 1 - used)) > 0;)
		used += (size_t)n;
	out[used] = '\0';
	close(fd);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int count_aside(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		n += strncmp(e->d_name, "stats.db.broken-", 16) == 0 &&
		     strcmp(e->d_name + len - 4, "-wal") != 0 && strcmp(e->d_name + len - 4, "-shm") != 0;
	}
	closedir(d);
	return n;
}

/* ---- scripted visits ---- */

/* A visit in a language the content adds is recorded under its own tag. */
static void test_visit_in_a_third_language(void **state)
{
	(void)state;
	char dir[64], db[128], out[1 << 16], got[512];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats-kiosk");
	snprintf(db, sizeof db, "%s/stats.db", dir);
	char *args[] = {"--headless", "--stats-db", db, "--content", "tests/fixtures/library",
			"--lang", "pl", "--screen", "leaflet/your-visit:2", "--script",
			"tests/stats/library_visit.script", NULL};
	if (run(PLAIN, args, out, sizeof out) != 0)
		fail_msg("%s", out);
	tl_query(db, "SELECT start_lang, used_cy, used_en, (SELECT group_concat(slug || ':' ||"
		  " furthest_page) FROM leaflets WHERE session_id = s.id) FROM sessions s",
		  got, sizeof got);
	assert_string_equal(got, "pl|0|0|your-visit:3\n");
	tl_rm_tree(dir);
}

static void test_visits(void **state)
{
	(void)state;
	char dir[64], db[128], csv[128], out[1 << 16], got[4096];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats-kiosk");
	snprintf(db, sizeof db, "%s/stats.db", dir);
	snprintf(csv, sizeof csv, "%s/out.csv", dir);
	time_t before = time(NULL);
	char *args[] = {"--headless", "--trace", "--stats-db", db, "--script",
			"tests/stats/visits.script", NULL};
	if (run(PLAIN, args, out, sizeof out) != 0)
		fail_msg("%s", out);
	time_t after = time(NULL);
	assert_int_equal(tl_count(out, "stats: committed "), 5);

	tl_query(db, "SELECT id, duration_s, start_lang, used_cy, used_en, ended_by, larger_text,"
		  " listen, (SELECT group_concat(slug || ':' || furthest_page) FROM leaflets"
		  "   WHERE session_id = s.id),"
		  " (SELECT group_concat(found || '/' || partly || '/' || wrong) FROM quiz_checks"
		  "   WHERE session_id = s.id) FROM sessions s ORDER BY id", got, sizeof got);
	assert_string_equal(got, "1|95|cy|1|0|visitor|0|0|child-practice-reviews:3|NULL\n"
				 "2|33|en|0|1|idle|0|0|learning:3|2/0/1,0/0/0\n"
				 "3|40|cy|1|1|visitor|1|0|child-practice-reviews:1|NULL\n"
				 "4|0|en|0|1|idle|0|0|NULL|NULL\n"
				 "5|12|en|0|1|finish|0|0|child-practice-reviews:8|NULL\n");
	/* Every start is a whole minute of the run's wall-clock time plus the
	 * script's virtual minutes (under 15), and they go forward. */
	sqlite3 *h;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT start, kiosk FROM sessions ORDER BY id", -1,
					    &q, NULL), SQLITE_OK);
	int64_t last = 0;
	char expect_csv[4096] = "kiosk,start,duration_s,start_lang,languages,ended_by,larger_text,"
				"listen,leaflets,quiz_checks,quiz_scores\r\n";
	static const char *const rest[] = {
		"95,cy,cy,visitor,0,0,child-practice-reviews:3,0,",
		"33,en,en,idle,0,0,learning:3,2,2/0/1;0/0/0",
		"40,cy,cy+en,visitor,1,0,child-practice-reviews:1,0,",
		"0,en,en,idle,0,0,,0,",
		"12,en,en,finish,0,0,child-practice-reviews:8,0,",
	};
	for (int i = 0; sqlite3_step(q) == SQLITE_ROW; i++) {
		int64_t t = sqlite3_column_int64(q, 0);
		assert_int_equal(t % 60, 0);
		assert_true(t >= before - 60 && t <= after + 15 * 60 && t >= last);
		last = t;
		char stamp[32];
		time_t tt = (time_t)t;
		struct tm tm;
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%MZ", gmtime_r(&tt, &tm));
		size_t used = strlen(expect_csv);
		snprintf(expect_csv + used, sizeof expect_csv - used, "%s,%s,%s\r\n",
			 (const char *)sqlite3_column_text(q, 1), stamp, rest[i]);
	}
	sqlite3_finalize(q);
	sqlite3_close(h);

	/* The export says the same. */
	char *exp[] = {"--stats-db", db, "--stats-export", csv, NULL};
	if (run(PLAIN, exp, out, sizeof out) != 0)
		fail_msg("%s", out);
	FILE *f = fopen(csv, "r");
	assert_non_null(f);
	size_t n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	assert_string_equal(got, expect_csv);

	/* The summary: Welsh in sessions 1 and 3 of 5. */
	char *sum[] = {"--stats-db", db, "--stats-summary", NULL};
	assert_int_equal(run(PLAIN, sum, out, sizeof out), 0);
	assert_non_null(strstr(out, "Sessions:                 5 ("));
	assert_non_null(strstr(out, "  in Welsh only:          1\n"));
	assert_non_null(strstr(out, "  in English only:        3\n"));
	assert_non_null(strstr(out, "  in both:                1\n"));
	assert_non_null(strstr(out, "Share in Welsh:           40.0%"));
	assert_non_null(strstr(out, "Ended by the idle reset:  2\n"));
	assert_non_null(strstr(out, "Ended by the visitor:     3\n"));
	assert_non_null(strstr(out, "Quiz checks:              2\n"));

	/* A bad date and a missing file are clear errors. */
	char *bad[] = {"--stats-db", db, "--stats-export", csv, "--since", "30/11/2025", NULL};
	assert_int_equal(run(PLAIN, bad, out, sizeof out), 2);
	assert_non_null(strstr(out, "--since wants a date such as"));
	snprintf(db, sizeof db, "%s/none.db", dir);
	assert_int_equal(run(PLAIN, sum, out, sizeof out), 1);
	assert_non_null(strstr(out, "none.db: cannot be opened"));
	/* --since belongs to the export; the export and summary are modes of
	 * their own. */
	char *since[] = {"--stats-db", db, "--since", "2026-01-01", NULL};
	assert_int_equal(run(PLAIN, since, out, sizeof out), 2);
	assert_non_null(strstr(out, "--since needs --stats-export"));
	char *both[] = {"--stats-summary", "--stats-export", csv, NULL};
	assert_int_equal(run(PLAIN, both, out, sizeof out), 2);
	assert_non_null(strstr(out, "cannot be used together"));
	tl_rm_tree(dir);
}

/* ---- crash safety ---- */

/* The largest N of the "stats: committed N" lines in buf. */
static long last_ack(const char *buf)
{
	long n = 0;
	for (const char *p = buf; (p = strstr(p, "stats: committed ")); p++)
		n = strtol(p + 17, NULL, 10);
	return n;
}

static void test_killed_at_random(void **state)
{
	(void)state;
	char dir[64], db[128], script[128], got[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats-kiosk");
	snprintf(db, sizeof db, "%s/stats.db", dir);
	snprintf(script, sizeof script, "%s/long.script", dir);
	FILE *f = fopen(script, "w");
	assert_non_null(f);
	for (int i = 1; i <= CRASH_SESSIONS; i++) {
		fputs(i % 2 ? "tap-text \"Cymraeg\"\nwait 1000\ntap-text \"Hafan\"\n"
			    : "tap-text \"English\"\nwait 1000\ntap-text \"Home\"\n",
		      f);
		/* Now and then wait for the writer, as the disk is slower
		 * than a virtual clock. */
		if (i % 20 == 0)
			fputs("expect session >0\n", f);
	}
	fclose(f);
	unsigned seed = (unsigned)time(NULL);
	srand(seed);
	long total = 0;
	char *args[] = {"--headless", "--trace", "--stats-db", db, "--script", script, NULL};
	for (int run_no = 0; run_no < CRASH_RUNS; run_no++) {
		int fd;
		pid_t pid = start(PLAIN, args, &fd);
		/* Kill after a random number of acknowledgements (sometimes
		 * none), a random moment after the last. */
		long kill_after = rand() % 60;
		static char buf[1 << 20];
		size_t used = 0;
		while (last_ack(buf) < kill_after || used == 0) {
			ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
			if (n <= 0)
				break;
			used += (size_t)n;
			buf[used] = '\0';
			if (kill_after == 0)
				break;
		}
		usleep((useconds_t)(rand() % 3000));
		kill(pid, SIGKILL);
		/* What it printed before it died was acknowledged too. */
		for (ssize_t n; (n = read(fd, buf + used, sizeof buf - 1 - used)) > 0;)
			used += (size_t)n;
		buf[used] = '\0';
		close(fd);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		long acked = last_ack(buf);
		tl_query(db, "PRAGMA integrity_check", got, sizeof got);
		if (strcmp(got, "ok\n") != 0)
			fail_msg("seed %u, run %d: integrity_check: %s", seed, run_no, got);
		tl_query(db, "SELECT count(*) FROM sessions", got, sizeof got);
		long rows = strtol(got, NULL, 10);
		if (rows < total + acked || rows > total + CRASH_SESSIONS)
			fail_msg("seed %u, run %d: %ld rows, but %ld before and %ld acknowledged", seed,
				 run_no, rows, total, acked);
		print_message("run %d: killed after %ld acknowledged, %ld rows\n", run_no, acked,
			      rows - total);
		total = rows;
	}
	tl_rm_tree(dir);
}

/* ---- faults: the visit goes on, one log line, the bad file kept ---- */

/* Runs one visit on db; checks exit 0, one "stats:" line containing want,
 * and n acknowledged commits. */
static void one_visit(run_mode mode, const char *db, const char *want, int commits)
{
	char out[1 << 16];
	char *args[] = {"--headless", "--trace", "--stats-db", (char *)db, "--script",
			"tests/stats/one_visit.script", NULL};
	int rc = run(mode, args, out, sizeof out);
	if (rc != 0 || tl_count(out, "stats: ") - tl_count(out, "stats: committed") != 1 ||
	    !strstr(out, want) || tl_count(out, "stats: committed") != commits)
		fail_msg("exit %d; wanted one line with \"%s\" and %d commit(s), got:\n%s", rc, want,
			 commits, out);
}

static void test_faults(void **state)
{
	(void)state;
	char dir[64], db[160], got[256];
	tl_temp_dir(dir, sizeof dir, "taflen-test-stats-kiosk");
	snprintf(db, sizeof db, "%s/stats.db", dir);

	/* Not a database. */
	FILE *f = fopen(db, "w");
	fputs("Minutes of the staff meeting, saved over the database by mistake, and long enough "
	      "for SQLite to read a header from.\n", f);
	fclose(f);
	one_visit(PLAIN, db, "stats.db is not a database; moved aside to", 1);
	assert_int_equal(count_aside(dir), 1);

	/* A newer schema. */
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	sleep(1); /* a new timestamp for the name; a clash would get "-2" */
	one_visit(PLAIN, db, "has schema version 2, newer than this taflen's 1; moved aside", 1);
	assert_int_equal(count_aside(dir), 2);

	/* Locked by another program. */
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;"
					 " DELETE FROM sessions", NULL, NULL, NULL), SQLITE_OK);
	one_visit(PLAIN, db, "is locked by another program; moved aside to", 1);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	assert_int_equal(count_aside(dir), 3);
	tl_query(db, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "1\n");

	/* A full disk: the file is not at fault and stays. */
	one_visit(SIZE_LIMIT, db, "recording is off for this run", 0);
	assert_int_equal(count_aside(dir), 3);
	tl_query(db, "SELECT count(*) FROM sessions", got, sizeof got);
	assert_string_equal(got, "1\n");

	/* stats = off: nothing, not even a file, whatever --stats-db says. */
	char conf[128], out[1 << 16];
	snprintf(conf, sizeof conf, "%s/off.conf", dir);
	f = fopen(conf, "w");
	fputs("stats = off\n", f);
	fclose(f);
	snprintf(db, sizeof db, "%s/off.db", dir);
	char *off[] = {"--headless", "--trace", "--config", conf, "--stats-db", db, "--script",
		       "tests/stats/one_visit.script", NULL};
	assert_int_equal(run(PLAIN, off, out, sizeof out), 0);
	assert_null(strstr(out, "stats:"));
	assert_int_equal(access(db, F_OK), -1);
	snprintf(db, sizeof db, "%s/stats.db", dir);

	/* A read-only folder (root's; the kiosk runs as nobody, so only a
	 * test run as root can make it). */
	if (geteuid() == 0) {
		one_visit(AS_NOBODY, db, "recording is off for this run", 0);
		snprintf(db, sizeof db, "%s/new/stats.db", dir);
		one_visit(AS_NOBODY, db, "cannot create the folder of", 0);
	}
	tl_rm_tree(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	tl_program(argv[0], program, sizeof program);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visits),
		cmocka_unit_test(test_visit_in_a_third_language),
		cmocka_unit_test(test_killed_at_random),
		cmocka_unit_test(test_faults),
	};
	return cmocka_run_group_tests_name("stats_kiosk", tests, NULL, NULL);
}
