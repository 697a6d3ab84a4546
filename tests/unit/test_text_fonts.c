/* Font loading: the shipped files load; a missing, empty, truncated or
 * garbage file makes text_engine_new fail with a diagnostic naming it.
 * Runs from the repo root (fonts/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/fonts.h"
#include "text/layout.h"

static const char *const names[] = {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf",
				    "NotoSans-Italic.ttf", "DejaVuSans.ttf"};

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc((size_t)size);
	assert_int_equal(fread(b, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*n = (size_t)size;
	return b;
}

static void spit(const char *path, const void *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

typedef enum { GOOD, MISSING, EMPTY, TRUNCATED, GARBAGE, TABLE_PAST_END } damage;

/* A font folder with the shipped files, one of them damaged. Returns 0 when
 * text_engine_new accepts it, else -1 with the diagnostics in msg. */
static int try_fonts(int which, damage how, char *msg, size_t size)
{
	char dir[] = "/tmp/taflen-fonts-XXXXXX";
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 4; i++) {
		char src[256], dst[512];
		snprintf(src, sizeof src, "fonts/%s", names[i]);
		snprintf(dst, sizeof dst, "%s/%s", dir, names[i]);
		size_t n;
		unsigned char *b = slurp(src, &n);
		if (i == which) {
			if (how == EMPTY)
				n = 0;
			else if (how == TRUNCATED)
				n = n / 2;
			else if (how == GARBAGE)
				for (size_t k = 0; k < n; k++)
					b[k] = (unsigned char)(k * 7 + 3);
			else if (how == TABLE_PAST_END)
				b[12 + 12] = 0x7F; /* first table's length: huge */
		}
		if (i != which || how != MISSING)
			spit(dst, b, n);
		free(b);
	}
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	int rc = text_engine_new(dir, d, &e);
	msg[0] = '\0';
	for (size_t i = 0; i < diag_count(d); i++)
		snprintf(msg + strlen(msg), size - strlen(msg), "%s\n", diag_get(d, i));
	if (rc == 0) {
		assert_non_null(e);
		assert_int_equal(diag_count(d), 0);
	} else {
		assert_null(e);
		assert_true(diag_count(d) >= 1);
	}
	text_engine_free(e);
	diag_list_free(d);
	for (int i = 0; i < 4; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
	return rc;
}

static void good_fonts_load(void **state)
{
	(void)state;
	char msg[1024];
	assert_int_equal(try_fonts(-1, GOOD, msg, sizeof msg), 0);
}

static void bad_fonts_are_named(void **state)
{
	(void)state;
	static const damage hows[] = {MISSING, EMPTY, TRUNCATED, GARBAGE, TABLE_PAST_END};
	for (int which = 0; which < 4; which++) {
		for (size_t h = 0; h < sizeof hows / sizeof *hows; h++) {
			char msg[1024];
			assert_int_equal(try_fonts(which, hows[h], msg, sizeof msg), -1);
			if (!strstr(msg, names[which]))
				fprintf(stderr, "diagnostic without the file name: %s", msg);
			assert_non_null(strstr(msg, names[which]));
		}
	}
	char msg[1024];
	try_fonts(1, TRUNCATED, msg, sizeof msg);
	assert_non_null(strstr(msg, "truncated"));
}

static void no_such_folder(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	assert_int_equal(text_engine_new("/nonexistent/fonts", d, &e), -1);
	assert_null(e);
	assert_non_null(strstr(diag_get(d, 0), "/nonexistent/fonts/NotoSans-Regular.ttf"));
	diag_list_free(d);
}

/* Faces are made once per (file, size) and carry sane metrics. */
static void faces_are_shared(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	fonts *f;
	assert_int_equal(fonts_new("fonts", d, &f), 0);
	font_face *a, *b, *c;
	assert_int_equal(fonts_face(f, FONT_REGULAR, 20, &a), 0);
	assert_int_equal(fonts_face(f, FONT_REGULAR, 20, &b), 0);
	assert_int_equal(fonts_face(f, FONT_REGULAR, 21, &c), 0);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, c);
	const font_metrics *m = font_face_metrics(a);
	assert_true(m->px == 20);
	assert_true(m->ascender > 15 && m->ascender < 30);
	assert_true(m->descender < 0 && m->descender > -10);
	assert_true(m->avg_lower > 7 && m->avg_lower < 14);
	assert_true(m->underline_position < 0 && m->underline_thickness >= 1);
	font_bitmap bm;
	hb_codepoint_t g;
	assert_true(hb_font_get_nominal_glyph(font_face_hb(a), 'W', &g));
	assert_int_equal(fonts_rasterize(a, g, 2, &bm), 0);
	assert_true(bm.width > 10 && bm.rows > 10);
	fonts_unref(f);
	diag_list_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_fonts_load),
		cmocka_unit_test(bad_fonts_are_named),
		cmocka_unit_test(no_such_folder),
		cmocka_unit_test(faces_are_shared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
