/* The QR module alone: codes come out as libqrencode makes them (finder
 * patterns where the standard puts them, the smallest version that holds
 * the text, level M), too long a text is refused, and the geometry gives
 * whole-pixel modules of at least QR_MIN_MODULE_PX with a quiet zone of
 * QR_QUIET modules and a code of at least QR_MIN_SIDE_MM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "qr/qr.h"

/* The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 core. */
static void finder_at(const qr_code *q, int x0, int y0)
{
	int n = qr_size(q);
	const uint8_t *m = qr_modules(q);
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 7; x++) {
			int ring = x == 0 || y == 0 || x == 6 || y == 6;
			int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			if (m[(y0 + y) * n + x0 + x] != (ring || core))
				fail_msg("finder at %d,%d: module %d,%d is wrong", x0, y0, x, y);
		}
}

static void encodes_a_phone_number(void **state)
{
	(void)state;
	qr_code *q = NULL;
	assert_int_equal(qr_encode("tel:02920871891", &q), QR_OK);
	/* 15 bytes at level M: "tel:" as bytes and the digits as numeric
	 * data fit version 1. */
	assert_int_equal(qr_version(q), 1);
	assert_int_equal(qr_size(q), 21);
	int n = qr_size(q);
	finder_at(q, 0, 0);
	finder_at(q, n - 7, 0);
	finder_at(q, 0, n - 7);
	for (int i = 0; i < n * n; i++)
		assert_true(qr_modules(q)[i] <= 1);
	qr_free(q);
}

static void version_grows_with_the_text(void **state)
{
	(void)state;
	char text[QR_MAX_BYTES + 1];
	memset(text, 'a', sizeof text - 1);
	text[200] = '\0';
	qr_code *q = NULL;
	assert_int_equal(qr_encode(text, &q), QR_OK);
	/* 200 bytes at level M need version 10 (213 bytes). */
	assert_int_equal(qr_version(q), 10);
	assert_int_equal(qr_size(q), 17 + 4 * 10);
	qr_free(q);
}

static void too_long_is_refused(void **state)
{
	(void)state;
	char text[2000];
	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	qr_code *q = NULL;
	assert_int_equal(qr_encode(text, &q), QR_TOO_LONG); /* past QR_MAX_VERSION */
	text[QR_MAX_BYTES + 1] = '\0';
	assert_int_equal(qr_encode(text, &q), QR_TOO_LONG);
	text[QR_MAX_BYTES] = '\0';
	assert_int_equal(qr_encode(text, &q), QR_OK);
	assert_int_equal(qr_version(q), QR_MAX_VERSION);
	qr_free(q);
	assert_int_equal(qr_encode("", &q), QR_FAILED);
}

/* qr_check answers as qr_encode does, on the edges and on texts of every
 * length up to far past QR_MAX_BYTES, made of runs of digits, capitals and
 * other bytes (the modes libqrencode mixes). */
static void check_agrees_with_encode(void **state)
{
	(void)state;
	static const char *const sets[] = {"0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:",
					   "abcdefghijklmnopqrstuvwxyz@?=&_\xC5\xB5"};
	char text[800];
	memset(text, 'a', QR_MAX_BYTES + 1);
	text[QR_MAX_BYTES + 1] = '\0';
	assert_int_equal(qr_check(text), QR_TOO_LONG);
	text[QR_MAX_BYTES] = '\0';
	assert_int_equal(qr_check(text), QR_OK);
	memset(text, '7', 600); /* digits pack tighter: 600 fit */
	text[600] = '\0';
	assert_int_equal(qr_check(text), QR_OK);
	assert_int_equal(qr_check(""), QR_FAILED);
	uint32_t seed = 20261130;
	for (int t = 0; t < 240; t++) {
		size_t len = 1 + (size_t)t * 3, i = 0;
		while (i < len) {
			seed = seed * 1103515245u + 12345u;
			const char *set = sets[(seed >> 16) % 3];
			size_t run = 1 + (seed >> 20) % 40, n = strlen(set);
			for (size_t k = 0; k < run && i < len; k++, i++) {
				seed = seed * 1103515245u + 12345u;
				text[i] = set[(seed >> 16) % n];
			}
		}
		text[len] = '\0';
		qr_code *q = NULL;
		qr_status want = qr_encode(text, &q);
		qr_free(q);
		if (qr_check(text) != want)
			fail_msg("qr_check says %d, qr_encode %d, for %zu bytes", (int)qr_check(text),
				 (int)want, len);
	}
}

static void geometry(void **state)
{
	(void)state;
	/* 21 modules + 2 x 4 quiet = 29 a side. */
	assert_int_equal(qr_side_px(21, 1), 29);
	assert_int_equal(qr_module_px(21, 290, 0), 10);
	assert_int_equal(qr_side_px(21, 10), 290);
	assert_int_equal(qr_module_px(21, 289, 0), 9); /* never rounded up */
	/* Under 4 px a module is too small: 29 * 4 = 116. */
	assert_int_equal(qr_module_px(21, 116, 0), 4);
	assert_int_equal(qr_module_px(21, 115, 0), 0);
	/* The whole code must reach min_side_px. */
	assert_int_equal(qr_module_px(21, 200, 200), 0); /* 6 px: 174 < 200 */
	assert_int_equal(qr_module_px(21, 203, 200), 7); /* 203 */
	assert_int_equal(qr_module_px(0, 100, 0), 0);
	/* 25 mm: 95 px at 96 dpi, 1 inch = 25.4 mm exactly at 101.6. */
	assert_int_equal(qr_min_side_px(96), 95);
	assert_int_equal(qr_min_side_px(101.6), 100);
	assert_int_equal(qr_min_side_px(300), 296);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodes_a_phone_number),
		cmocka_unit_test(version_grows_with_the_text),
		cmocka_unit_test(too_long_is_refused),
		cmocka_unit_test(check_agrees_with_encode),
		cmocka_unit_test(geometry),
	};
	return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
