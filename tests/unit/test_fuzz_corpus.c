/* Every fuzz seed and every crash a fuzz run ever found, replayed through the
 * fuzz targets' own entry functions (tests/fuzz/fuzz_*.c, included here
 * without their libFuzzer entry points). make test runs this in the normal
 * build and under ASan+UBSan, so an input that once broke something stays a
 * regression test for ever, and no libFuzzer is needed to run it.
 * Runs from the repo root (tests/fuzz/, assets/content, fonts/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FUZZ_NO_LIBFUZZER
#include "fuzz/fuzz_app.c"
#include "fuzz/fuzz_config.c"
#include "fuzz/fuzz_content.c"
#include "fuzz/fuzz_layout.c"
#include "fuzz/fuzz_script.c"
#include "fuzz/fuzz_say.c"

typedef int (*entry_fn)(void *ctx, const uint8_t *data, size_t size);

static int content_entry(void *ctx, const uint8_t *data, size_t size)
{
	return fuzz_content_one(ctx, data, size);
}

static int layout_entry(void *ctx, const uint8_t *data, size_t size)
{
	return fuzz_layout_one(ctx, data, size);
}

static int script_entry(void *ctx, const uint8_t *data, size_t size)
{
	(void)ctx;
	return fuzz_script_one(data, size);
}

static int app_entry(void *ctx, const uint8_t *data, size_t size)
{
	return fuzz_app_one(ctx, data, size);
}

static int config_entry(void *ctx, const uint8_t *data, size_t size)
{
	(void)ctx;
	return fuzz_config_one(data, size);
}

static int say_entry(void *ctx, const uint8_t *data, size_t size)
{
	(void)ctx;
	return fuzz_say_one(data, size);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot read: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf = malloc(cap);
	assert_non_null(buf);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds every file of dir (sorted, so failures repeat in order) to fn.
 * Returns how many there were; a missing folder has none. */
static size_t replay_dir(const char *dir, entry_fn fn, void *ctx)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof *names);
		assert_non_null(names);
		names[n] = strdup(e->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	size_t failures = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t len;
		uint8_t *data = slurp(path, &len);
		if (fn(ctx, data, len) != 0) {
			print_error("%s: broke an invariant (message above)\n", path);
			failures++;
		}
		free(data);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (failures)
		fail_msg("%zu input%s in %s failed", failures, failures == 1 ? "" : "s", dir);
	return n;
}

/* The seeds must be there (an empty corpus would pass for nothing); the
 * crashes folder exists once a fuzz run has found something. */
static void replay(const char *name, entry_fn fn, void *ctx)
{
	char seeds[256], crashes[256];
	snprintf(seeds, sizeof seeds, "tests/fuzz/corpus/%s", name);
	snprintf(crashes, sizeof crashes, "tests/fuzz/crashes/%s", name);
	size_t n_seeds = replay_dir(seeds, fn, ctx);
	size_t n_crashes = replay_dir(crashes, fn, ctx);
	if (n_seeds == 0)
		fail_msg("%s: no seed inputs (run from the repo root)", seeds);
	print_message("fuzz_%s: %zu seeds and %zu kept crashes replayed\n", name, n_seeds,
		      n_crashes);
}

static void content_corpus(void **state)
{
	(void)state;
	fuzz_content_env env;
	int rc = fuzz_content_env_init(&env, "assets/content");
	if (rc != 0) {
		fuzz_content_env_done(&env);
		fail_msg("cannot copy assets/content to a scratch folder");
	}
	/* The shipped folder itself must load through the target's own path,
	 * or the folder-mode seeds would only ever test the error paths. */
	uint8_t *shipped = malloc(1 + env.orig_len[0]);
	assert_non_null(shipped);
	shipped[0] = 0;
	memcpy(shipped + 1, env.orig[0], env.orig_len[0]);
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(fuzz_content_one(&env, shipped, 1 + env.orig_len[0]), 0);
	assert_int_equal(content_load(env.dir, d, &c), 0);
	content_free(c);
	diag_list_free(d);
	free(shipped);
	replay("content", content_entry, &env);
	fuzz_content_env_done(&env);
}

static void layout_corpus(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	text_engine *eng = NULL;
	assert_int_equal(text_engine_new("fonts", d, &eng), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	replay("layout", layout_entry, eng);
	text_engine_free(eng);
}

static void script_corpus(void **state)
{
	(void)state;
	replay("script", script_entry, NULL);
}

/* One app for every input, in order, as in a fuzz run (fuzz_app.c). */
static void app_corpus(void **state)
{
	(void)state;
	fuzz_app_env env;
	assert_int_equal(fuzz_app_env_init(&env), 0);
	replay("app", app_entry, &env);
	fuzz_app_env_done(&env);
}

static void config_corpus(void **state)
{
	(void)state;
	replay("config", config_entry, NULL);
}

static void say_corpus(void **state)
{
	(void)state;
	replay("say", say_entry, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(content_corpus),
		cmocka_unit_test(layout_corpus),
		cmocka_unit_test(script_corpus),
		cmocka_unit_test(config_corpus),
		cmocka_unit_test(app_corpus),
		cmocka_unit_test(say_corpus),
	};
	return cmocka_run_group_tests_name("fuzz corpus", tests, NULL, NULL);
}
