/* Font loading: the shipped files load; a missing, empty, truncated or
 * garbage file gets one diagnostic naming it and a stand-in (the system's
 * DejaVu Sans, else another shipped file), so the engine still starts; only
 * when no font at all loads does it fail. Runs from the repo root (fonts/). */
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

/* A font folder with the shipped files, one of them damaged, loaded with
 * fonts_new_with_system(dir, system_dir). Returns what that returned, with
 * the diagnostics in msg and their number in *n_diags. */
static int try_fonts(int which, damage how, const char *system_dir, char *msg, size_t size,
		     size_t *n_diags)
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
	fonts *f = NULL;
	int rc = fonts_new_with_system(dir, system_dir, d, &f);
	msg[0] = '\0';
	for (size_t i = 0; i < diag_count(d); i++)
		snprintf(msg + strlen(msg), size - strlen(msg), "%s\n", diag_get(d, i));
	*n_diags = diag_count(d);
	if (rc == 0) {
		assert_non_null(f);
		/* Whatever stands in, every slot can make a face and shape. */
		for (int i = 0; i < FONT_FILE_COUNT; i++) {
			font_face *face;
			assert_int_equal(fonts_face(f, (font_file)i, 20, &face), 0);
			assert_true(fonts_file_has(f, (font_file)i, 'a'));
		}
	} else {
		assert_null(f);
		assert_true(diag_count(d) >= 1);
	}
	fonts_unref(f);
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
	size_t n;
	assert_int_equal(try_fonts(-1, GOOD, NULL, msg, sizeof msg, &n), 0);
	assert_int_equal(n, 0);
}

/* Without a system font, a damaged file borrows a shipped one. */
static void bad_fonts_are_named(void **state)
{
	(void)state;
	static const damage hows[] = {MISSING, EMPTY, TRUNCATED, GARBAGE, TABLE_PAST_END};
	for (int which = 0; which < 4; which++) {
		for (size_t h = 0; h < sizeof hows / sizeof *hows; h++) {
			char msg[1024];
			size_t n;
			assert_int_equal(try_fonts(which, hows[h], NULL, msg, sizeof msg, &n), 0);
			if (n != 1 || !strstr(msg, names[which]) || !strstr(msg, "in its place"))
				fail_msg("want one diagnostic naming %s and its stand-in, got: %s",
					 names[which], msg);
		}
	}
	char msg[1024];
	size_t n;
	try_fonts(1, TRUNCATED, NULL, msg, sizeof msg, &n);
	assert_non_null(strstr(msg, "truncated"));
	assert_non_null(strstr(msg, "NotoSans-Regular.ttf in its place"));
}

/* With one, the system's DejaVu Sans in the same style stands in. The
 * "system" folder here is a copy of our DejaVuSans.ttf under the names
 * Debian gives the styles, so the test does not depend on the machine. */
static void system_font_stands_in(void **state)
{
	(void)state;
	char sys[] = "/tmp/taflen-sysfonts-XXXXXX";
	assert_non_null(mkdtemp(sys));
	static const char *const sys_names[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
						"DejaVuSans-Oblique.ttf"};
	size_t n;
	unsigned char *b = slurp("fonts/DejaVuSans.ttf", &n);
	for (int i = 0; i < 3; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s/%s", sys, sys_names[i]);
		spit(p, b, n);
	}
	free(b);
	char msg[1024], want[512];
	size_t count;
	assert_int_equal(try_fonts(FONT_BOLD, GARBAGE, sys, msg, sizeof msg, &count), 0);
	snprintf(want, sizeof want, "NotoSans-Bold.ttf: bad font: not a TrueType/OpenType font; "
				    "using %s/DejaVuSans-Bold.ttf instead", sys);
	if (count != 1 || !strstr(msg, want))
		fail_msg("want \"%s\", got: %s", want, msg);
	for (int i = 0; i < 3; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s/%s", sys, sys_names[i]);
		unlink(p);
	}
	rmdir(sys);
}

/* Nothing usable at all: the one case that fails, saying why. */
static void no_such_folder(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	fonts *f = NULL;
	assert_int_equal(fonts_new_with_system("/nonexistent/fonts", "/nonexistent/system", d, &f),
			 -1);
	assert_null(f);
	assert_int_equal(diag_count(d), 5);
	assert_string_equal(diag_get(d, 0), "/nonexistent/fonts/NotoSans-Regular.ttf: cannot read "
					    "font: No such file or directory");
	assert_non_null(strstr(diag_get(d, 4), "/nonexistent/fonts: no usable font"));
	assert_non_null(strstr(diag_get(d, 4), "fonts-dejavu-core"));
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
		cmocka_unit_test(system_font_stands_in),
		cmocka_unit_test(no_such_folder),
		cmocka_unit_test(faces_are_shared),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
