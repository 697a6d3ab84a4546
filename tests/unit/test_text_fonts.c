/* Font loading: the shipped files load and pass the self-check; a missing,
 * empty, truncated or garbage file, or one whose tables are damaged behind
 * an intact table directory, gets one diagnostic naming it and a stand-in
 * (the system's DejaVu Sans, else another shipped file), so the engine
 * still starts; only when no font at all loads does it fail. Runs from the
 * repo root (fonts/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <hb-ft.h>

#include "base/utf8.h"
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

typedef enum {
	GOOD, MISSING, EMPTY, TRUNCATED, GARBAGE, TABLE_PAST_END,
	/* Behind an intact table directory: */
	LOCA_ZERO, HMTX_RANDOM, GLYF_ZERO, /* whole tables */
	P_FLAT, P_FAR, P_UNMAPPED, /* the glyph of 'P', the pangrams' first letter */
} damage;

static uint32_t be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return be16(p) << 16 | be16(p + 2);
}

static void put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* The table tag of the font in b, found through the table directory. */
static unsigned char *table(unsigned char *b, size_t n, const char *tag, size_t *len)
{
	for (size_t i = 0; i < be16(b + 4); i++) {
		unsigned char *rec = b + 12 + i * 16;
		if (memcmp(rec, tag, 4) == 0) {
			size_t off = be32(rec + 8);
			*len = be32(rec + 12);
			assert_true(off + *len <= n);
			return b + off;
		}
	}
	fail_msg("no %s table", tag);
	return NULL;
}

/* Where the glyph of 'P' is in glyf, and how long, through cmap and loca. */
static unsigned char *glyph_of_p(unsigned char *b, size_t n, size_t *len)
{
	hb_blob_t *blob = hb_blob_create((const char *)b, (unsigned)n, HB_MEMORY_MODE_READONLY,
					 NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	hb_codepoint_t gid = 0;
	assert_true(hb_font_get_nominal_glyph(font, 'P', &gid));
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	size_t head_len, loca_len, glyf_len;
	bool long_loca = be16(table(b, n, "head", &head_len) + 50) == 1;
	unsigned char *loca = table(b, n, "loca", &loca_len);
	size_t start = long_loca ? be32(loca + 4 * gid) : 2 * be16(loca + 2 * gid);
	size_t end = long_loca ? be32(loca + 4 * gid + 4) : 2 * be16(loca + 2 * gid + 2);
	*len = end - start;
	return table(b, n, "glyf", &glyf_len) + start;
}

/* Rewrites the font in b so that 'P' has no glyph in the cmap (format 4)
 * the pangrams' HarfBuzz face reads: its segment now starts after it. */
static void unmap_p(unsigned char *b, size_t n)
{
	size_t len;
	unsigned char *cmap = table(b, n, "cmap", &len);
	for (size_t i = 0; i < be16(cmap + 2); i++) {
		unsigned char *sub = cmap + be32(cmap + 4 + i * 8 + 4);
		assert_int_equal(be16(sub), 4);
		size_t segs = be16(sub + 6) / 2;
		unsigned char *ends = sub + 14, *starts = ends + 2 * segs + 2;
		for (size_t k = 0; k < segs; k++) {
			if (be16(starts + 2 * k) <= 'P' && 'P' < be16(ends + 2 * k)) {
				put16(starts + 2 * k, 'P' + 1);
				break;
			}
		}
	}
}

static void damage_font(unsigned char *b, size_t n, damage how)
{
	size_t len;
	unsigned char *t;
	/* 'P' as one contour of three points: all at the origin (draws
	 * nothing), or reaching 30,000 units (30 em) to the right. */
	static const unsigned char flat[] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0,
					     0x31, 0x31, 0x31};
	static const unsigned char far[] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 1, 1,
					    0, 0, 0x75, 0x30, 0, 0, 0, 0, 0, 0, 0x02, 0xBC};
	uint32_t seed = 12345;
	switch (how) {
	case LOCA_ZERO:
	case GLYF_ZERO:
		t = table(b, n, how == LOCA_ZERO ? "loca" : "glyf", &len);
		memset(t, 0, len);
		break;
	case HMTX_RANDOM:
		t = table(b, n, "hmtx", &len);
		for (size_t k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			t[k] = (unsigned char)(seed >> 16);
		}
		break;
	case P_FLAT:
	case P_FAR:
		t = glyph_of_p(b, n, &len);
		assert_true(len >= sizeof far);
		if (how == P_FLAT)
			memcpy(t, flat, sizeof flat);
		else
			memcpy(t, far, sizeof far);
		break;
	case P_UNMAPPED:
		unmap_p(b, n);
		break;
	default:
		break;
	}
}

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
			else
				damage_font(b, n, how);
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

/* Damaged tables behind an intact directory: FreeType opens each such font
 * without complaint, and before the self-check the kiosk drew nothing, or
 * letters strewn over the page, and --check-content passed it. */
static void damaged_tables_fail_self_check(void **state)
{
	(void)state;
	static const struct {
		damage how;
		const char *why;
	} cases[] = {
		{LOCA_ZERO, "failed its self-check ('P' is empty)"},
		{HMTX_RANDOM, "failed its self-check ('P' advances "},
		{GLYF_ZERO, "failed its self-check ('P' is empty)"},
	};
	for (int which = 0; which < 4; which++) {
		for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
			char msg[1024];
			size_t n;
			assert_int_equal(try_fonts(which, cases[c].how, NULL, msg, sizeof msg, &n), 0);
			if (n != 1 || !strstr(msg, names[which]) || !strstr(msg, cases[c].why) ||
			    !strstr(msg, "in its place"))
				fail_msg("%s, damage %d: want one diagnostic with \"%s\" and its "
					 "stand-in, got: %s", names[which], (int)cases[c].how,
					 cases[c].why, msg);
		}
	}
}

/* One glyph damaged: each of the other things the check looks at. */
static void damaged_glyph_fails_self_check(void **state)
{
	(void)state;
	static const struct {
		damage how;
		const char *why;
	} cases[] = {
		{P_FLAT, "failed its self-check ('P' draws no ink); using "},
		/* (FreeType moves the outline by the font's left bearing.) */
		{P_FAR, "failed its self-check ('P' reaches from (0.10, 0.00) to (30.10, 0.70) "
			"em); using "},
		{P_UNMAPPED, "failed its self-check (no glyph for 'P'); using "},
	};
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		char msg[1024];
		size_t n;
		assert_int_equal(try_fonts(FONT_REGULAR, cases[c].how, NULL, msg, sizeof msg, &n), 0);
		if (n != 1 || !strstr(msg, cases[c].why))
			fail_msg("want one diagnostic with \"%s\", got: %s", cases[c].why, msg);
	}
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
	assert_int_equal(try_fonts(FONT_REGULAR, LOCA_ZERO, sys, msg, sizeof msg, &count), 0);
	snprintf(want, sizeof want, "NotoSans-Regular.ttf: failed its self-check ('P' is empty); "
				    "using %s/DejaVuSans.ttf instead\n", sys);
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
	float avg = font_face_avg_lower(a);
	assert_true(avg > 7 && avg < 14);
	assert_true(font_face_avg_lower(a) == avg);
	assert_true(m->underline_position < 0 && m->underline_thickness >= 1);
	font_bitmap bm;
	hb_codepoint_t g;
	assert_true(hb_font_get_nominal_glyph(font_face_hb(a), 'W', &g));
	assert_int_equal(fonts_rasterize(a, g, 2, &bm), 0);
	assert_true(bm.width > 10 && bm.rows > 10);
	fonts_unref(f);
	diag_list_free(d);
}

/* Every size of a file shapes with one HarfBuzz face, so that GSUB and GPOS
 * are prepared once per file; whether its words may be shaped apart is
 * known from loading: the Noto files may, the fallback never is. */
static void sizes_share_one_hb_face(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	fonts *f = NULL;
	assert_int_equal(fonts_new("fonts", d, &f), 0);
	diag_list_free(d);
	hb_face_t *seen[FONT_FILE_COUNT];
	for (int file = 0; file < FONT_FILE_COUNT; file++) {
		font_face *a, *b;
		assert_int_equal(fonts_face(f, (font_file)file, 19, &a), 0);
		assert_int_equal(fonts_face(f, (font_file)file, 44.8f, &b), 0);
		seen[file] = hb_font_get_face(font_face_hb(a));
		assert_ptr_equal(hb_font_get_face(font_face_hb(b)), seen[file]);
		for (int other = 0; other < file; other++)
			assert_ptr_not_equal(seen[other], seen[file]);
		assert_int_equal(font_face_apart(a), file != FONT_FALLBACK);
		assert_int_equal(font_face_apart(b), file != FONT_FALLBACK);
	}
	fonts_unref(f);
}

/* The font shaping uses answers as HarfBuzz on FreeType does (hinted, as
 * the engine sets it up and as bench/text.c's floor does), at its own size
 * although every size of a file shares one FreeType face (each is asked
 * after the others were made, so another size is the active one): the
 * same glyph
 * for every code point below U+0300 and a range above, and the same
 * advance for each, asked first (filling its cache) and again (from it).
 * The advances come from hmtx where hinting keeps them (fonts.c,
 * hinting_keeps_advances): at a fractional size (a heading's), where
 * DejaVu Sans is hinted at a rounded size, every glyph of each file is
 * compared besides; and a few glyphs drawn, against FreeType's own. */
static void shaping_font_is_hb_ft(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	fonts *f = NULL;
	assert_int_equal(fonts_new("fonts", d, &f), 0);
	diag_list_free(d);
	FT_Library lib;
	assert_int_equal(FT_Init_FreeType(&lib), 0);
	static const float sizes[] = {19, 32, 44.8f};
	const size_t every_glyph = 2; /* sizes[every_glyph]: all glyph ids too */
	size_t compared = 0;
	for (int file = 0; file < FONT_FILE_COUNT; file++) {
		char path[64];
		snprintf(path, sizeof path, "fonts/%s", names[file]);
		font_face *faces[sizeof sizes / sizeof *sizes];
		for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++)
			assert_int_equal(fonts_face(f, (font_file)file, sizes[z], &faces[z]), 0);
		for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
			font_face *face = faces[z];
			FT_Face ft;
			assert_int_equal(FT_New_Face(lib, path, 0, &ft), 0);
			assert_int_equal(FT_Select_Charmap(ft, FT_ENCODING_UNICODE), 0);
			assert_int_equal(FT_Set_Char_Size(ft, 0, (FT_F26Dot6)(sizes[z] * 64), 0, 0), 0);
			hb_font_t *want = hb_ft_font_create_referenced(ft);
			hb_ft_font_set_load_flags(want, FT_LOAD_DEFAULT);
			hb_font_t *got = font_face_hb(face);
			for (uint32_t cp = 0; cp < 0x2200; cp = cp == 0x400 ? 0x2000 : cp + 1) {
				hb_codepoint_t gw = 0, gg = 0;
				bool hw = hb_font_get_nominal_glyph(want, cp, &gw);
				bool hg = hb_font_get_nominal_glyph(got, cp, &gg);
				if (hw != hg || gw != gg)
					fail_msg("%s U+%04X: glyph %u (%d), hb_ft %u (%d)", names[file],
						 cp, gg, hg, gw, hw);
				if (!hw)
					continue;
				hb_position_t aw = hb_font_get_glyph_h_advance(want, gw);
				for (int again = 0; again < 2; again++)
					if (hb_font_get_glyph_h_advance(got, gw) != aw)
						fail_msg("%s glyph %u: advance %d, hb_ft %d", names[file], gw,
							 hb_font_get_glyph_h_advance(got, gw), aw);
				compared++;
			}
			for (hb_codepoint_t g = 0; z == every_glyph && g < (hb_codepoint_t)ft->num_glyphs;
			     g++) {
				hb_position_t aw = hb_font_get_glyph_h_advance(want, g);
				if (hb_font_get_glyph_h_advance(got, g) != aw)
					fail_msg("%s at %.1f px, glyph %u: advance %d, hb_ft %d",
						 names[file], (double)sizes[z], g,
						 hb_font_get_glyph_h_advance(got, g), aw);
				compared++;
			}
			/* Shaped whole (the file's shared face, GSUB and GPOS
			 * included): the same glyphs and positions. */
			int xw, yw, xg, yg;
			hb_font_get_scale(want, &xw, &yw);
			hb_font_get_scale(got, &xg, &yg);
			assert_true(xw == xg && yw == yg);
			/* With marks to place on their letters (GPOS anchors). */
			static const char sample[] = "AVATAR Tŷ ffôn, “Wyf” — fi ffl Tê. Yr ŵyr. "
						     "w\u0302y\u0302 a\u0308\u0301";
			hb_buffer_t *bw = hb_buffer_create(), *bg = hb_buffer_create();
			hb_buffer_add_utf8(bw, sample, -1, 0, -1);
			hb_buffer_add_utf8(bg, sample, -1, 0, -1);
			hb_buffer_guess_segment_properties(bw);
			hb_buffer_guess_segment_properties(bg);
			hb_shape(want, bw, NULL, 0);
			hb_shape(got, bg, NULL, 0);
			unsigned nw, ng;
			hb_glyph_info_t *iw = hb_buffer_get_glyph_infos(bw, &nw);
			hb_glyph_info_t *ig = hb_buffer_get_glyph_infos(bg, &ng);
			hb_glyph_position_t *pw = hb_buffer_get_glyph_positions(bw, NULL);
			hb_glyph_position_t *pg = hb_buffer_get_glyph_positions(bg, NULL);
			assert_int_equal(ng, nw);
			for (unsigned i = 0; i < nw; i++)
				if (iw[i].codepoint != ig[i].codepoint ||
				    iw[i].cluster != ig[i].cluster ||
				    pw[i].x_advance != pg[i].x_advance ||
				    pw[i].x_offset != pg[i].x_offset || pw[i].y_offset != pg[i].y_offset)
					fail_msg("%s at %.1f px, glyph %u of the sample: %u %+d%+d, "
						 "hb_ft %u %+d%+d",
						 names[file], (double)sizes[z], i, ig[i].codepoint,
						 pg[i].x_advance, pg[i].x_offset, iw[i].codepoint,
						 pw[i].x_advance, pw[i].x_offset);
			hb_buffer_destroy(bw);
			hb_buffer_destroy(bg);
			hb_font_extents_t fw, fg;
			hb_font_get_h_extents(want, &fw);
			hb_font_get_h_extents(got, &fg);
			assert_memory_equal(&fw, &fg, sizeof fw);
			hb_font_get_v_extents(want, &fw);
			hb_font_get_v_extents(got, &fg);
			assert_memory_equal(&fw, &fg, sizeof fw);
			hb_codepoint_t ga = 0, gv = 0;
			assert_true(hb_font_get_nominal_glyph(want, 'A', &ga) &&
				    hb_font_get_nominal_glyph(want, 'V', &gv));
			assert_int_equal(hb_font_get_glyph_h_kerning(want, ga, gv),
					 hb_font_get_glyph_h_kerning(got, ga, gv));
			/* Drawn: the same coverage, byte for byte; and asked. */
			for (const char *c = "gWŷ"; *c;) {
				uint32_t cp;
				c += utf8_decode(c, strlen(c), &cp);
				hb_codepoint_t g;
				assert_true(hb_font_get_nominal_glyph(want, cp, &g));
				/* Whatever else HarfBuzz may ask at the size. */
				hb_glyph_extents_t ew, eg;
				assert_true(hb_font_get_glyph_extents(want, g, &ew));
				assert_true(hb_font_get_glyph_extents(got, g, &eg));
				assert_memory_equal(&ew, &eg, sizeof ew);
				hb_position_t pxw, pyw, pxg, pyg;
				assert_int_equal(hb_font_get_glyph_contour_point(want, g, 1, &pxw, &pyw),
						 hb_font_get_glyph_contour_point(got, g, 1, &pxg, &pyg));
				assert_true(pxw == pxg && pyw == pyg);
				assert_int_equal(hb_font_get_glyph_v_advance(want, g),
						 hb_font_get_glyph_v_advance(got, g));
				assert_int_equal(hb_font_get_glyph_v_origin(want, g, &pxw, &pyw),
						 hb_font_get_glyph_v_origin(got, g, &pxg, &pyg));
				assert_true(pxw == pxg && pyw == pyg);
				font_bitmap bm;
				assert_int_equal(fonts_rasterize(face, g, 1, &bm), 0);
				assert_int_equal(FT_Load_Glyph(ft, g, FT_LOAD_DEFAULT), 0);
				FT_Outline_Translate(&ft->glyph->outline, 16, 0);
				assert_int_equal(FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL), 0);
				const FT_Bitmap *fb = &ft->glyph->bitmap;
				if (bm.width != (int)fb->width || bm.rows != (int)fb->rows ||
				    bm.left != ft->glyph->bitmap_left || bm.top != ft->glyph->bitmap_top)
					fail_msg("%s at %.1f px, U+%04X drawn %dx%d at %d,%d, FreeType "
						 "%ux%u at %d,%d",
						 names[file], (double)sizes[z], cp, bm.width, bm.rows,
						 bm.left, bm.top, fb->width, fb->rows,
						 ft->glyph->bitmap_left, ft->glyph->bitmap_top);
				for (int y = 0; y < bm.rows; y++)
					assert_memory_equal(bm.pixels + (long)y * bm.pitch,
							    fb->buffer + (long)y * fb->pitch,
							    (size_t)bm.width);
			}
			hb_font_destroy(want);
			FT_Done_Face(ft);
		}
	}
	printf("%zu glyphs and advances compared with hb_ft\n", compared);
	assert_true(compared > 2000);
	FT_Done_FreeType(lib);
	fonts_unref(f);
}

/* The files stay open and are read as glyphs are needed, never mapped: a
 * file cut short in place while the kiosk runs (`cp` over it truncates it
 * first) costs the glyphs not yet read, not the process, which a mapped
 * file would kill with SIGBUS at its next page touched. What was read at
 * load (the tables HarfBuzz shapes with) still serves. */
static void file_cut_short_while_open(void **state)
{
	(void)state;
	char dir[] = "/tmp/taflen-fonts-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[4][512];
	for (int i = 0; i < 4; i++) {
		char src[256];
		snprintf(src, sizeof src, "fonts/%s", names[i]);
		snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
		size_t n;
		unsigned char *b = slurp(src, &n);
		spit(path[i], b, n);
		free(b);
	}
	diag_list *d = diag_list_new();
	fonts *f = NULL;
	assert_int_equal(fonts_new_with_system(dir, NULL, d, &f), 0);
	assert_int_equal(diag_count(d), 0);
	font_face *face;
	assert_int_equal(fonts_face(f, FONT_REGULAR, 40, &face), 0);
	hb_codepoint_t a, q;
	assert_true(hb_font_get_nominal_glyph(font_face_hb(face), 'a', &a));
	assert_true(hb_font_get_nominal_glyph(font_face_hb(face), 'Q', &q));
	font_bitmap bm;
	assert_int_equal(fonts_rasterize(face, a, 0, &bm), 0);
	assert_int_equal(truncate(path[FONT_REGULAR], 0), 0);
	/* 'Q' is in neither pangram: its outline was never read. */
	assert_int_equal(fonts_rasterize(face, q, 0, &bm), -1);
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, "Croeso", -1, 0, -1);
	hb_buffer_guess_segment_properties(buf);
	hb_shape(font_face_hb(face), buf, NULL, 0);
	unsigned n;
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
	assert_int_equal(n, 6);
	for (unsigned i = 0; i < n; i++)
		assert_true(pos[i].x_advance > 0);
	hb_buffer_destroy(buf);
	fonts_unref(f);
	diag_list_free(d);
	for (int i = 0; i < 4; i++)
		unlink(path[i]);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_fonts_load),
		cmocka_unit_test(bad_fonts_are_named),
		cmocka_unit_test(damaged_tables_fail_self_check),
		cmocka_unit_test(damaged_glyph_fails_self_check),
		cmocka_unit_test(system_font_stands_in),
		cmocka_unit_test(no_such_folder),
		cmocka_unit_test(faces_are_shared),
		cmocka_unit_test(sizes_share_one_hb_face),
		cmocka_unit_test(shaping_font_is_hb_ft),
		cmocka_unit_test(file_cut_short_while_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
