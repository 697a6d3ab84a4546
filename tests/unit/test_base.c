/* src/base: whole-file reading (what it refuses and why), the one UTF-8
 * decoder every module uses (strict and lenient, encoding, quoting), the
 * growable arrays, the hash function and the worker thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/file.h"
#include "base/hash.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "base/worker.h"

typedef struct {
	char dir[64];
	char path[96];
} scratch;

static int setup(void **state)
{
	scratch *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	snprintf(s->dir, sizeof s->dir, "/tmp/taflen-base-XXXXXX");
	if (!mkdtemp(s->dir)) {
		free(s);
		return -1;
	}
	snprintf(s->path, sizeof s->path, "%s/f", s->dir);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	scratch *s = *state;
	unlink(s->path);
	rmdir(s->dir);
	free(s);
	return 0;
}

static void put(const char *path, const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void read_whole_file(void **state)
{
	scratch *s = *state;
	put(s->path, "a\0b\n", 4);
	char *buf = NULL;
	size_t len = 0;
	const char *why = NULL;
	assert_int_equal(file_read(s->path, 4, &buf, &len, &why), FILE_READ_OK);
	assert_int_equal(len, 4);
	assert_memory_equal(buf, "a\0b\n", 4);
	assert_int_equal(buf[4], '\0'); /* terminated for the caller */
	free(buf);

	put(s->path, "", 0);
	assert_int_equal(file_read(s->path, 4, &buf, &len, &why), FILE_READ_OK);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
}

static void refuse_too_large(void **state)
{
	scratch *s = *state;
	put(s->path, "12345", 5);
	char *buf = NULL;
	size_t len = 0;
	const char *why = NULL;
	assert_int_equal(file_read(s->path, 4, &buf, &len, &why), FILE_READ_TOO_LARGE);
	assert_int_equal(len, 5); /* the size, for the message */
	assert_null(buf);
}

static void refuse_missing_folder_and_fifo(void **state)
{
	scratch *s = *state;
	char *buf = NULL;
	size_t len = 0;
	const char *why = NULL;
	assert_int_equal(file_read(s->path, 100, &buf, &len, &why), FILE_READ_ERROR);
	assert_string_equal(why, "No such file or directory");

	assert_int_equal(file_read(s->dir, 100, &buf, &len, &why), FILE_READ_ERROR);
	assert_string_equal(why, "it is a folder, not a file");

	/* With no writer, a blocking open of a FIFO would never return. */
	assert_int_equal(mkfifo(s->path, 0600), 0);
	assert_int_equal(file_read(s->path, 100, &buf, &len, &why), FILE_READ_ERROR);
	assert_string_equal(why, "not a regular file");
	assert_null(buf);
}

/* A file kept open and read in pieces (the fonts): file_open makes
 * file_read's checks, and file_read_at reads at an offset, short only past
 * the end, as when the file was cut short after it was opened. */
static void read_in_pieces(void **state)
{
	scratch *s = *state;
	put(s->path, "0123456789", 10);
	int fd = -1;
	size_t len = 0;
	const char *why = NULL;
	assert_int_equal(file_open(s->path, 4, &fd, &len, &why), FILE_READ_TOO_LARGE);
	assert_int_equal(len, 10);
	assert_int_equal(file_open(s->dir, 100, &fd, &len, &why), FILE_READ_ERROR);
	assert_string_equal(why, "it is a folder, not a file");
	assert_int_equal(file_open(s->path, 100, &fd, &len, &why), FILE_READ_OK);
	assert_int_equal(len, 10);
	char buf[8] = {0};
	assert_int_equal(file_read_at(fd, 3, buf, 4), 4);
	assert_memory_equal(buf, "3456", 4);
	assert_int_equal(file_read_at(fd, 8, buf, 4), 2);
	assert_int_equal(truncate(s->path, 5), 0);
	assert_int_equal(file_read_at(fd, 3, buf, 4), 2);
	assert_memory_equal(buf, "34", 2);
	assert_int_equal(file_read_at(fd, 7, buf, 4), 0);
	close(fd);
}

static void strict_decoding(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(utf8_decode_strict("\xC5\xB5", 2, &cp), 2); /* ŵ */
	assert_int_equal(cp, 0x175);
	assert_int_equal(utf8_decode_strict("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(utf8_decode_strict("\x80", 1, &cp), 0);         /* lone continuation */
	assert_int_equal(utf8_decode_strict("\xC0\xAF", 2, &cp), 0);     /* overlong */
	assert_int_equal(utf8_decode_strict("\xE0\x80\xAF", 3, &cp), 0); /* overlong */
	assert_int_equal(utf8_decode_strict("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
	assert_int_equal(utf8_decode_strict("\xF4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
	assert_int_equal(utf8_decode_strict("\xE2\x82", 2, &cp), -1);        /* cut short */
	/* Cut short, but already invalid: called invalid, not truncated. */
	assert_int_equal(utf8_decode_strict("\xED\xA0", 2, &cp), 0);
}

static void lenient_decoding_always_advances(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(utf8_decode("\xC5\xB5", 2, &cp), 2);
	assert_int_equal(cp, 0x175);
	assert_int_equal(utf8_decode("\xE2\x82", 2, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xFF", 1, &cp), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_true(utf8_valid_at("w\xCC\x82", 3));
	assert_false(utf8_valid_at("\xCC", 1));
}

static void encode_and_quote(void **state)
{
	(void)state;
	char out[4];
	assert_int_equal(utf8_encode(0x175, out), 2);
	assert_memory_equal(out, "\xC5\xB5", 2);
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);

	assert_string_equal(utf8_quote("byr", 3).s, "byr");
	/* 59 ASCII bytes then ŵ: the cut falls inside ŵ, so it goes whole. */
	char text[64];
	memset(text, 'a', 59);
	memcpy(text + 59, "\xC5\xB5", 2);
	utf8_quoted q = utf8_quote(text, 61);
	assert_int_equal(strlen(q.s), 59 + 3);
	assert_memory_equal(q.s + 59, "\xE2\x80\xA6", 3);
}

/* Growing keeps what is there, doubles, and takes at least what is asked. */
static void vec_grows_and_keeps(void **state)
{
	(void)state;
	int *a = NULL;
	size_t cap = 0;
	assert_int_equal(VEC_RESERVE(a, cap, 1), 0);
	assert_non_null(a);
	assert_int_equal(cap, VEC_MIN_CAP);
	for (int i = 0; i < VEC_MIN_CAP; i++)
		a[i] = i * 7;
	assert_int_equal(VEC_RESERVE(a, cap, VEC_MIN_CAP + 1), 0);
	assert_int_equal(cap, 2 * VEC_MIN_CAP);
	assert_int_equal(VEC_RESERVE(a, cap, 10 * VEC_MIN_CAP), 0);
	assert_int_equal(cap, 16 * VEC_MIN_CAP);
	for (int i = 0; i < VEC_MIN_CAP; i++)
		assert_int_equal(a[i], i * 7);
	int *before = a;
	assert_int_equal(VEC_RESERVE(a, cap, 3), 0); /* room already: nothing moves */
	assert_ptr_equal(a, before);
	free(a);
}

/* A size that overflows fails and changes nothing. */
static void vec_refuses_overflow(void **state)
{
	(void)state;
	double *a = NULL;
	size_t cap = 0;
	assert_int_equal(VEC_RESERVE(a, cap, 5), 0);
	a[4] = 2.5;
	double *before = a;
	size_t cap_before = cap;
	/* need * sizeof *a wraps round to 8 bytes */
	assert_int_equal(VEC_RESERVE(a, cap, SIZE_MAX / sizeof *a + 2), -1);
	assert_ptr_equal(a, before);
	assert_int_equal(cap, cap_before);
	assert_true(a[4] == 2.5);
	free(a);
}

/* Parallel arrays share one capacity, grown for all or none. */
static void vec_many_share_capacity(void **state)
{
	(void)state;
	uint8_t *small = NULL;
	uint64_t *big = NULL;
	size_t cap = 0;
	void *const arrs[] = {&small, &big};
	const size_t elems[] = {sizeof *small, sizeof *big};
	assert_int_equal(vec_reserve_many(arrs, elems, 2, &cap, 100), 0);
	assert_true(cap >= 100);
	small[99] = 9;
	big[99] = UINT64_MAX;
	size_t cap_before = cap;
	assert_int_equal(vec_reserve_many(arrs, elems, 2, &cap, SIZE_MAX / 2), -1);
	assert_int_equal(cap, cap_before);
	assert_int_equal(small[99], 9);
	assert_true(big[99] == UINT64_MAX);
	free(small);
	free(big);
}

/* Same input, same hash; a change of one byte, of the length or of the
 * starting value gives another. */
static void hash_separates(void **state)
{
	(void)state;
	const char *a = "Adolygiadau Ymarfer Plant";
	size_t n = strlen(a);
	uint64_t h = hash_bytes(0, a, n);
	assert_true(h == hash_bytes(0, a, n));
	char b[64];
	for (size_t i = 0; i < n; i++) {
		memcpy(b, a, n);
		b[i] ^= 1;
		assert_true(hash_bytes(0, b, n) != h);
	}
	memcpy(b, a, n);
	b[n] = '\0';
	assert_true(hash_bytes(0, b, n + 1) != h);
	assert_true(hash_bytes(0, a, n - 1) != h);
	assert_true(hash_bytes(1, a, n) != h);
	assert_true(hash_mix(hash_mix(0, 1), 2) != hash_mix(hash_mix(0, 2), 1));
	/* Consecutive small keys spread over a small table's slots. */
	unsigned used[64] = {0};
	size_t distinct = 0;
	for (uint64_t k = 0; k < 64; k++)
		if (used[hash_mix(0x1234, k) % 64]++ == 0)
			distinct++;
	assert_true(distinct > 32);
}

typedef struct {
	long *slots;
	int from, to, round;
	thrd_t ran_on;
} half_job;

/* Writes round into its slots, slowly enough that a wait that returned
 * early would find some still unwritten. */
static void fill_half(void *arg)
{
	half_job *j = arg;
	j->ran_on = thrd_current();
	for (int i = j->from; i < j->to; i++) {
		if (i % 64 == 0)
			thrd_sleep(&(struct timespec){0, 20000}, NULL);
		j->slots[i] = j->round;
	}
}

/* Each job runs once, on another thread, and all it wrote is there when
 * worker_wait returns; the owner's half goes on meanwhile. */
static void worker_runs_half_the_job(void **state)
{
	(void)state;
	enum { SLOTS = 512, ROUNDS = 40 };
	long slots[SLOTS] = {0};
	worker *w = NULL;
	assert_int_equal(worker_new(&w), 0);
	assert_non_null(w);
	for (int round = 1; round <= ROUNDS; round++) {
		half_job theirs = {slots, 0, SLOTS / 2, round, thrd_current()};
		half_job ours = {slots, SLOTS / 2, SLOTS, round, thrd_current()};
		worker_start(w, fill_half, &theirs);
		fill_half(&ours);
		worker_wait(w);
		assert_false(thrd_equal(theirs.ran_on, thrd_current()));
		for (int i = 0; i < SLOTS; i++)
			assert_int_equal(slots[i], round);
	}
	worker_wait(w); /* nothing started: returns at once */
	worker_free(w);
	worker_free(NULL);
	/* Freed while idle, never given a job. */
	assert_int_equal(worker_new(&w), 0);
	worker_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(read_whole_file, setup, teardown),
		cmocka_unit_test_setup_teardown(refuse_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(refuse_missing_folder_and_fifo, setup, teardown),
		cmocka_unit_test_setup_teardown(read_in_pieces, setup, teardown),
		cmocka_unit_test(strict_decoding),
		cmocka_unit_test(lenient_decoding_always_advances),
		cmocka_unit_test(encode_and_quote),
		cmocka_unit_test(vec_grows_and_keeps),
		cmocka_unit_test(vec_refuses_overflow),
		cmocka_unit_test(vec_many_share_capacity),
		cmocka_unit_test(hash_separates),
		cmocka_unit_test(worker_runs_half_the_job),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
