#include "text/fonts.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_DRIVER_H
#include FT_MODULE_H
#include FT_OUTLINE_H
#include FT_SIZES_H
#include <errno.h>
#include <fcntl.h>
#include <hb-ft.h>
#include <hb-ot.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/log.h"
#include "base/utf8.h"
#include "base/vec.h"

/* Code points below this have their coverage in a bitmap per file: nearly all
 * of our text is Latin, and the fallback choice asks about every character. */
#define COVER_FAST 0x300
/* No font file we ship is near this; anything larger is not ours. */
#define FONT_FILE_MAX (64u << 20)

static const char *const file_names[FONT_FILE_COUNT] = {
	"NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "DejaVuSans.ttf"};

struct font_face {
	fonts *set;
	font_file file;
	long px64; /* 26.6 pixel size: the key with file */
	/* The file's FreeType face (fonts.ft), shared by all its sizes, and
	 * this one's size on it, made active (use_size) before FreeType
	 * does anything for this face that depends on the size. */
	FT_Face ft;
	FT_Size size;
	hb_font_t *hb_ft; /* HarfBuzz on FreeType: hinted advances */
	hb_font_t *hb;    /* what shaping uses: hb_ft with caches in front */
	unsigned n_glyphs;
	/* The hinted advances are the hmtx ones scaled by x_scale and rounded
	 * (plain_advances), read from the file's hmtx as asked, so no glyph is
	 * hinted to learn one and nothing is kept per size. */
	bool linear_adv;
	int64_t x_scale; /* FreeType's 16.16 design units to 26.6 pixels */
	/* Otherwise, advances by glyph id as hb_ft gives them, n_glyphs of
	 * them, each stored with its sign bit flipped (adv_store), so that the
	 * zeroes of calloc read as not yet known: nothing is written until
	 * asked. NULL when linear_adv. */
	uint32_t *adv;
	font_metrics metrics;
	float avg_lower; /* font_face_avg_lower's answer, once avg_known */
	bool avg_known;
};

/* One record of a font file's table directory. */
typedef struct {
	uint32_t tag, checksum, offset, length;
} font_table;

/* A font file kept open and read piece by piece, as FreeType and HarfBuzz
 * ask for its tables and glyphs, never whole: of a shipped file's half
 * megabyte, 70 % is outlines (glyf), of which a screen needs a few dozen.
 * Read with pread, not mapped: a file overwritten in place while mapped
 * kills the process (SIGBUS) at the next page of it touched, where a read
 * of it only comes back short, and the glyph is not drawn. */
typedef struct {
	int fd; /* -1: no file */
	size_t size;
	char *path;      /* for the warning of a short read */
	bool read_short; /* that warning given */
	font_table *tables; /* the directory, every record within size */
	size_t n_tables;
	/* The hmtx table, which FreeType reads two bytes at a time for every
	 * glyph it loads (its advance and side bearing), kept in memory so
	 * that those are not two reads of the file each; HarfBuzz's advances
	 * read the same bytes. NULL: the file has none. */
	unsigned char *hmtx;
	const font_table *hmtx_at;
	/* hhea's numberOfHMetrics, when the hmtx holds that many (else 0):
	 * glyphs from there on take the last one's advance. */
	unsigned n_hmetrics;
	FT_StreamRec stream; /* FreeType's way in (stream_read) */
} font_src;

struct fonts {
	int refs;
	FT_Library lib;
	font_src src[FONT_FILE_COUNT];
	/* Each file's FreeType face: coverage, the self-check, and every
	 * size of the file, each an FT_Size of it (font_face.size), so that
	 * the tables are read once per file, not again for every size. */
	FT_Face ft[FONT_FILE_COUNT];
	uint8_t fast[FONT_FILE_COUNT][COVER_FAST / 8];
	uint16_t gid[FONT_FILE_COUNT][COVER_FAST]; /* cmap below COVER_FAST; 0: none */
	hb_font_funcs_t *funcs; /* the cached cmap and advances (face_funcs) */
	/* HarfBuzz's face of each file, which every size of it shapes with:
	 * GSUB and GPOS are parsed and their lookups prepared once per file
	 * (about 1 M instructions for Noto Sans), where a face per size
	 * (hb_ft's own) would prepare them again for each size. */
	hb_face_t *hb_face[FONT_FILE_COUNT];
	bool apart[FONT_FILE_COUNT]; /* fonts_space_separates of the file */
	bool ascii[FONT_FILE_COUNT]; /* has every printable ASCII character */
	bool plain[FONT_FILE_COUNT]; /* one of plain_files */
	font_face **faces;
	size_t n_faces, cap_faces;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads n bytes at offset of src into buf. Returns how many: fewer only
 * when the file was cut short or the disk failed since it was checked at
 * load, which is said once per file. */
static size_t src_read(font_src *src, size_t offset, void *buf, size_t n)
{
	size_t got = file_read_at(src->fd, offset, buf, n);
	if (got < n && !src->read_short) {
		src->read_short = true;
		LOG(LOG_WARN, "%s: cannot read %zu bytes at %zu (the file changed or cut short since "
			      "the kiosk started?): letters not yet drawn from it will be missing",
		    src->path, n, offset);
	}
	return got;
}

/* FreeType opens a truncated font happily and fails (or reads garbage) only
 * when a missing table is needed, so check the sfnt table directory against
 * the file size up front, keeping it in src. Returns NULL or what is wrong. */
static const char *read_directory(font_src *src)
{
	unsigned char head[12];
	if (src->size < sizeof head || src_read(src, 0, head, sizeof head) < sizeof head)
		return "too short to be a font";
	uint32_t tag = be32(head);
	if (tag != 0x00010000u && tag != 0x4F54544Fu /* OTTO */ && tag != 0x74727565u /* true */)
		return "not a TrueType/OpenType font";
	size_t tables = (size_t)head[4] << 8 | head[5];
	if (tables == 0 || 12 + tables * 16 > src->size)
		return "truncated (table directory)";
	unsigned char *dir = malloc(tables * 16);
	src->tables = calloc(tables, sizeof *src->tables);
	if (!dir || !src->tables) {
		free(dir);
		return "out of memory";
	}
	const char *bad = NULL;
	if (src_read(src, 12, dir, tables * 16) < tables * 16)
		bad = "truncated (table directory)";
	for (size_t i = 0; i < tables && !bad; i++) {
		const unsigned char *rec = dir + i * 16;
		font_table *t = &src->tables[i];
		*t = (font_table){be32(rec), be32(rec + 4), be32(rec + 8), be32(rec + 12)};
		if ((uint64_t)t->offset + t->length > src->size)
			bad = "truncated (a table runs past the end of the file)";
	}
	free(dir);
	src->n_tables = tables;
	return bad;
}

static const font_table *find_table(const font_src *src, uint32_t tag)
{
	for (size_t i = 0; i < src->n_tables; i++)
		if (src->tables[i].tag == tag)
			return &src->tables[i];
	return NULL;
}

/* HarfBuzz's way into a file (hb_face_create_for_tables): one table read
 * into a blob of its own, which HarfBuzz keeps as long as it needs it. A
 * table missing, or a read coming back short, is an empty table, which
 * HarfBuzz takes as absent. */
static hb_blob_t *read_table(hb_face_t *face, hb_tag_t tag, void *data)
{
	(void)face;
	font_src *src = data;
	const font_table *t = find_table(src, tag);
	if (!t || t->length == 0)
		return NULL;
	if (t == src->hmtx_at)
		return hb_blob_create((const char *)src->hmtx, t->length, HB_MEMORY_MODE_READONLY,
				      NULL, NULL);
	char *bytes = malloc(t->length);
	if (!bytes)
		return NULL;
	if (src_read(src, t->offset, bytes, t->length) < t->length) {
		free(bytes);
		return NULL;
	}
	return hb_blob_create(bytes, t->length, HB_MEMORY_MODE_WRITABLE, bytes, free);
}

/* FreeType's way into a file (FT_StreamRec.read): a count of 0 is a seek. */
static unsigned long stream_read(FT_Stream stream, unsigned long offset, unsigned char *buf,
				 unsigned long count)
{
	font_src *src = stream->descriptor.pointer;
	if (count == 0)
		return offset <= src->size ? 0 : 1;
	const font_table *h = src->hmtx_at;
	if (h && offset >= h->offset && offset - h->offset <= h->length &&
	    count <= h->length - (offset - h->offset)) {
		memcpy(buf, src->hmtx + (offset - h->offset), count);
		return count;
	}
	return src_read(src, offset, buf, count);
}

static void src_close(font_src *src)
{
	if (src->fd >= 0)
		close(src->fd);
	free(src->tables);
	free(src->path);
	free(src->hmtx);
	*src = (font_src){.fd = -1};
}

/* The self-check every font passes at load. A font whose loca, hmtx or glyf
 * table is damaged, with its table directory intact, opens without a word
 * from FreeType and then draws nothing, or letters strewn across the page.
 * So a pangram in each language is shaped by HarfBuzz (its own readers of
 * cmap and hmtx) and its letters loaded by FreeType (loca and glyf), unhinted
 * at one small size, and what comes back is checked.
 *
 * It runs at every start, so it is kept cheap: each distinct glyph is loaded
 * once and only the first few are drawn, and HarfBuzz sees only the tables
 * it needs to map and advance, not GSUB and GPOS, whose parse alone costs
 * more than all the rest (HarfBuzz checks those tables itself and ignores a
 * damaged one, so they cannot draw nonsense). */
#define CHECK_PX 24
#define CHECK_EM (CHECK_PX * 64.0) /* an em in FreeType's 26.6 pixels */
/* What any letter of the pangrams may advance, in ems: 'i' is about 0.26
 * and 'W' about 1.0 in the fonts we ship and their stand-ins. */
#define LETTER_ADVANCE_MIN 0.15
#define ADVANCE_MAX 1.2
/* Where any glyph's outline may reach around its origin, in ems: letters
 * with accents and descenders stay well inside. */
#define BOX_LEFT -0.5
#define BOX_RIGHT 1.5
#define BOX_BOTTOM -0.6
#define BOX_TOP 1.5
/* Distinct glyphs loaded at most (the pangrams have about 45), and how many
 * of the first are drawn if letters ("Parcis"). */
#define CHECK_GLYPHS_MAX 96
#define CHECK_DRAWN 6

static const struct {
	const char *lang, *text;
} pangrams[] = {
	{"cy", "Parciais fy jac codi baw hud llawn dŵr ger tŷ Mabon."},
	{"en", "The quick brown fox jumps over the lazy dog."},
};

static bool is_letter(hb_unicode_funcs_t *uf, uint32_t cp)
{
	hb_unicode_general_category_t gc = hb_unicode_general_category(uf, cp);
	return gc == HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_TITLECASE_LETTER ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_OTHER_LETTER;
}

/* The tables the check's HarfBuzz face may see, from the file. */
static hb_blob_t *check_table(hb_face_t *face, hb_tag_t tag, void *src)
{
	static const hb_tag_t wanted[] = {HB_TAG('c', 'm', 'a', 'p'), HB_TAG('h', 'e', 'a', 'd'),
					  HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'),
					  HB_TAG('m', 'a', 'x', 'p')};
	for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
		if (tag == wanted[i])
			return read_table(face, tag, src);
	return NULL;
}

/* Loads glyph gid unhinted and checks where its outline lies; for a letter,
 * that it has one, and when draw, that it draws ink. Returns NULL or what is
 * wrong, in why, naming the character ch. */
static const char *check_glyph(FT_Face ft, uint32_t gid, bool letter, bool draw, const char *ch,
			       char *why, size_t why_size)
{
	FT_Error err = FT_Load_Glyph(ft, gid, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP);
	if (err) {
		snprintf(why, why_size, "FreeType cannot load '%s': error %d", ch, err);
		return why;
	}
	FT_GlyphSlot slot = ft->glyph;
	if (slot->format != FT_GLYPH_FORMAT_OUTLINE) {
		snprintf(why, why_size, "'%s' is not an outline", ch);
		return why;
	}
	if (slot->outline.n_points == 0) {
		if (!letter)
			return NULL;
		snprintf(why, why_size, "'%s' is empty", ch);
		return why;
	}
	FT_BBox box;
	FT_Outline_Get_CBox(&slot->outline, &box);
	if (box.xMin < BOX_LEFT * CHECK_EM || box.xMax > BOX_RIGHT * CHECK_EM ||
	    box.yMin < BOX_BOTTOM * CHECK_EM || box.yMax > BOX_TOP * CHECK_EM) {
		snprintf(why, why_size, "'%s' reaches from (%.2f, %.2f) to (%.2f, %.2f) em", ch,
			 box.xMin / CHECK_EM, box.yMin / CHECK_EM, box.xMax / CHECK_EM,
			 box.yMax / CHECK_EM);
		return why;
	}
	if (!letter || !draw)
		return NULL;
	if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) ||
	    slot->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY) {
		snprintf(why, why_size, "FreeType cannot draw '%s'", ch);
		return why;
	}
	for (unsigned y = 0; y < slot->bitmap.rows; y++)
		for (unsigned x = 0; x < slot->bitmap.width; x++)
			if (slot->bitmap.buffer[(long)y * slot->bitmap.pitch + (long)x])
				return NULL;
	snprintf(why, why_size, "'%s' draws no ink", ch);
	return why;
}

/* Shapes one pangram on hb and checks every glyph: a real glyph for each
 * letter, a sane advance, and, once per distinct glyph (seen), check_glyph.
 * HarfBuzz places nothing without GPOS, so every glyph sits at its pen
 * position, and advances of at least 0 (a letter's at least
 * LETTER_ADVANCE_MIN) are what make the pen move only rightwards, one letter
 * after another. Returns NULL or what is wrong, in why. */
static const char *check_text(hb_font_t *hb, hb_buffer_t *buf, FT_Face ft, const char *text,
			      const char *lang, uint32_t *seen, size_t *n_seen, char *why,
			      size_t why_size)
{
	hb_buffer_clear_contents(buf);
	hb_buffer_add_utf8(buf, text, -1, 0, -1);
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
	hb_buffer_set_language(buf, hb_language_from_string(lang, -1));
	hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
	hb_shape(hb, buf, NULL, 0);
	unsigned n = 0;
	const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
	const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
	if (!hb_buffer_allocation_successful(buf) || n == 0) {
		snprintf(why, why_size, "HarfBuzz cannot shape");
		return why;
	}
	double em = hb_face_get_upem(hb_font_get_face(hb));
	hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
	for (unsigned k = 0; k < n; k++) {
		const char *at = text + info[k].cluster;
		uint32_t cp;
		utf8_decode(at, strlen(at), &cp);
		char ch[5] = {0};
		utf8_encode(cp, ch);
		/* A decomposed accent is a second glyph in its letter's
		 * cluster, with no advance of its own: only a cluster's first
		 * glyph is held to a letter's rules. */
		bool letter = (k == 0 || info[k - 1].cluster != info[k].cluster) && is_letter(uf, cp);
		double adv = pos[k].x_advance / em;
		if (letter && info[k].codepoint == 0) {
			snprintf(why, why_size, "no glyph for '%s'", ch);
			return why;
		}
		if ((letter && adv < LETTER_ADVANCE_MIN) || adv < 0 || adv > ADVANCE_MAX) {
			snprintf(why, why_size, "'%s' advances %.2f em", ch, adv);
			return why;
		}
		bool done = false;
		for (size_t i = 0; i < *n_seen && !done; i++)
			done = seen[i] == info[k].codepoint;
		if (done)
			continue;
		if (*n_seen < CHECK_GLYPHS_MAX)
			seen[(*n_seen)++] = info[k].codepoint;
		if (check_glyph(ft, info[k].codepoint, letter, *n_seen <= CHECK_DRAWN, ch, why,
				why_size))
			return why;
	}
	return NULL;
}

/* Runs the self-check on the font in src, open in ft. Returns NULL or what
 * is wrong, in why. */
static const char *self_check(font_src *src, FT_Face ft, char *why, size_t why_size)
{
	if (FT_Set_Pixel_Sizes(ft, 0, CHECK_PX)) {
		snprintf(why, why_size, "FreeType cannot size it");
		return why;
	}
	hb_face_t *face = hb_face_create_for_tables(check_table, src, NULL);
	hb_font_t *hb = hb_font_create(face);
	hb_buffer_t *buf = hb_buffer_create();
	uint32_t seen[CHECK_GLYPHS_MAX];
	size_t n_seen = 0;
	const char *bad = NULL;
	for (size_t p = 0; p < sizeof pangrams / sizeof *pangrams && !bad; p++)
		bad = check_text(hb, buf, ft, pangrams[p].text, pangrams[p].lang, seen, &n_seen,
				 why, why_size);
	hb_buffer_destroy(buf);
	hb_font_destroy(hb);
	hb_face_destroy(face);
	return bad;
}

/* The files whose hinted advances are their hmtx ones rounded, glyph for
 * glyph (plain_advances): the shipped Noto Sans Regular, Bold and Italic
 * (version 2.007), compared with FreeType 2.12's hinted advances for every
 * glyph at every size from 8 to 120 px in steps of 13/64 px, and by
 * test_text_fonts at three sizes. Known by head's checkSumAdjustment (of
 * the whole file) and the table directory's checksums of the hinting code
 * and the glyphs, so that any other file, or these changed, is hinted. */
static const struct {
	uint32_t head_adjust, glyf, fpgm, prep;
} plain_files[] = {
	{0x8786aa29, 0x981f42fb, 0x622f0b83, 0x50470fbf}, /* NotoSans-Regular.ttf */
	{0xbee59ae3, 0x7ecaac9f, 0x622f0b83, 0x50470fbf}, /* NotoSans-Bold.ttf */
	{0xdb00b076, 0x9afc927f, 0x622f0982, 0x309c5289}, /* NotoSans-Italic.ttf */
};

/* Whether src, whose directory read_directory passed, is one of
 * plain_files. */
static bool is_plain_file(font_src *src)
{
	static const uint32_t tags[4] = {0x68656164 /* head */, 0x676C7966 /* glyf */,
					 0x6670676D /* fpgm */, 0x70726570 /* prep */};
	uint32_t sum[4] = {0}, adjust = 0;
	for (int t = 0; t < 4; t++) {
		const font_table *rec = find_table(src, tags[t]);
		sum[t] = rec ? rec->checksum : 0;
		unsigned char b[4];
		if (t == 0 && rec && rec->length >= 12 && src_read(src, rec->offset + 8, b, 4) == 4)
			adjust = be32(b);
	}
	for (size_t k = 0; k < sizeof plain_files / sizeof *plain_files; k++)
		if (plain_files[k].head_adjust == adjust && plain_files[k].glyf == sum[1] &&
		    plain_files[k].fpgm == sum[2] && plain_files[k].prep == sum[3])
			return true;
	return false;
}

/* Reads src's hmtx into memory (src->hmtx), and hhea's count of its long
 * metrics when the table holds that many. Returns NULL or what is wrong. */
static const char *read_hmtx(font_src *src)
{
	const font_table *h = find_table(src, HB_TAG('h', 'm', 't', 'x'));
	if (!h || h->length == 0)
		return NULL;
	if (!(src->hmtx = malloc(h->length)))
		return "out of memory";
	if (src_read(src, h->offset, src->hmtx, h->length) < h->length)
		return "cannot read its hmtx table";
	src->hmtx_at = h;
	const font_table *hhea = find_table(src, HB_TAG('h', 'h', 'e', 'a'));
	unsigned char b[2];
	if (hhea && hhea->length >= 36 && src_read(src, hhea->offset + 34, b, 2) == 2) {
		unsigned n = (unsigned)b[0] << 8 | b[1];
		src->n_hmetrics = n >= 1 && (size_t)n * 4 <= h->length ? n : 0;
	}
	return NULL;
}

/* Makes slot i from the file at path, open in its src (fd and size set;
 * the slot takes the descriptor). Returns 0, or -1 with what is wrong in why
 * and the slot left empty. */
static int load_src(fonts *f, font_file i, const char *path, char *why, size_t why_size)
{
	font_src *src = &f->src[i];
	src->path = strdup(path);
	const char *bad = !src->path ? "out of memory" : read_directory(src);
	if (!bad)
		bad = read_hmtx(src);
	src->stream = (FT_StreamRec){.size = (unsigned long)src->size,
				     .descriptor.pointer = src,
				     .read = stream_read};
	FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = &src->stream};
	FT_Error err = 0;
	if (!bad && (err = FT_Open_Face(f->lib, &args, 0, &f->ft[i])) != 0) {
		f->ft[i] = NULL;
		snprintf(why, why_size, "bad font: FreeType error %d", err);
		bad = why;
	} else if (!bad && (!FT_IS_SCALABLE(f->ft[i]) ||
			    FT_Select_Charmap(f->ft[i], FT_ENCODING_UNICODE))) {
		bad = "not a scalable font with a Unicode character map";
	} else if (!bad) {
		char failed[400];
		if (self_check(src, f->ft[i], failed, sizeof failed)) {
			snprintf(why, why_size, "failed its self-check (%s)", failed);
			bad = why;
		}
	}
	if (bad) {
		if (bad != why)
			snprintf(why, why_size, "bad font: %s", bad);
		if (f->ft[i])
			FT_Done_Face(f->ft[i]);
		f->ft[i] = NULL;
		src_close(src);
		return -1;
	}
	for (uint32_t cp = 0; cp < COVER_FAST; cp++) {
		FT_UInt g = FT_Get_Char_Index(f->ft[i], cp);
		if (g)
			f->fast[i][cp >> 3] |= (uint8_t)(1u << (cp & 7));
		f->gid[i][cp] = g <= UINT16_MAX ? (uint16_t)g : 0;
	}
	f->plain[i] = is_plain_file(src);
	f->ascii[i] = true;
	for (uint32_t cp = 0x20; cp < 0x7F; cp++)
		f->ascii[i] = f->ascii[i] && fonts_file_has(f, i, cp);
	return 0;
}

/* Fills slot i from a file. Returns 0, or -1 with what is wrong in why
 * ("cannot read font: ...", "bad font: ..." or "failed its self-check (...)"). */
static int load_path(fonts *f, font_file i, const char *path, char *why, size_t why_size)
{
	const char *err = NULL;
	switch (file_open(path, FONT_FILE_MAX, &f->src[i].fd, &f->src[i].size, &err)) {
	case FILE_READ_OK:
		return load_src(f, i, path, why, why_size);
	case FILE_READ_TOO_LARGE:
		err = "too large to be one of our fonts";
		break;
	case FILE_READ_ERROR:
		break;
	}
	snprintf(why, why_size, "cannot read font: %s", err);
	return -1;
}

/* What stands in for each shipped file when it is unusable: the same style
 * of DejaVu Sans, as Debian's fonts-dejavu-core installs it. */
static const char *const system_names[FONT_FILE_COUNT] = {
	"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans.ttf"};

/* Failing that, another slot's font, in this order of likeness: any face
 * that shows the words beats a kiosk that shows none. */
static const font_file stand_in_order[FONT_FILE_COUNT] = {FONT_REGULAR, FONT_FALLBACK, FONT_BOLD,
							  FONT_ITALIC};

bool fonts_space_separates(hb_font_t *font)
{
	hb_face_t *face = hb_font_get_face(font);
	hb_codepoint_t space;
	if (!hb_font_get_nominal_glyph(font, ' ', &space))
		return false;
	/* Kerning and morphing outside GSUB/GPOS (TrueType kern, AAT): we
	 * cannot see which glyphs they touch. */
	static const hb_tag_t opaque[] = {HB_TAG('k', 'e', 'r', 'n'), HB_TAG('k', 'e', 'r', 'x'),
					  HB_TAG('m', 'o', 'r', 'x'), HB_TAG('m', 'o', 'r', 't')};
	for (size_t i = 0; i < sizeof opaque / sizeof *opaque; i++) {
		hb_blob_t *blob = hb_face_reference_table(face, opaque[i]);
		unsigned n = hb_blob_get_length(blob);
		hb_blob_destroy(blob);
		if (n)
			return false;
	}
	static const hb_tag_t tables[] = {HB_OT_TAG_GSUB, HB_OT_TAG_GPOS};
	hb_set_t *sets[4];
	for (int k = 0; k < 4; k++)
		sets[k] = hb_set_create();
	bool touched = false;
	for (int t = 0; t < 2 && !touched; t++) {
		unsigned n = hb_ot_layout_table_get_lookup_count(face, tables[t]);
		for (unsigned l = 0; l < n && !touched; l++) {
			for (int k = 0; k < 4; k++)
				hb_set_clear(sets[k]);
			/* Context before, input, context after, output. */
			hb_ot_layout_lookup_collect_glyphs(face, tables[t], l, sets[0], sets[1],
							   sets[2], sets[3]);
			for (int k = 0; k < 4; k++)
				touched = touched || hb_set_has(sets[k], space) ||
					  !hb_set_allocation_successful(sets[k]);
		}
	}
	for (int k = 0; k < 4; k++)
		hb_set_destroy(sets[k]);
	return !touched;
}

/* Makes each loaded file's shared HarfBuzz face, reading its tables from
 * the open file (read_table), and asks it whether its words may be shaped
 * apart. Asking reads every GSUB and GPOS lookup, which prepares them as the
 * first shaping would: so it is done here, once per file as the fonts load
 * (the first screen shapes with Regular and Bold anyway), and not in the
 * first paragraph a visitor opens. The fallback file is never shaped word by
 * word, so it is not asked. Returns 0, or -1 when out of memory. */
static int share_faces(fonts *f)
{
	for (int i = 0; i < FONT_FILE_COUNT; i++) {
		if (!f->ft[i])
			continue;
		f->hb_face[i] = hb_face_create_for_tables(read_table, &f->src[i], NULL);
		if (f->hb_face[i] == hb_face_get_empty())
			return -1;
		hb_face_make_immutable(f->hb_face[i]);
		/* The tables every shaping reads (head, maxp) read now, from
		 * the file that was checked, not at the first paragraph. */
		hb_font_t *font = hb_font_create(f->hb_face[i]);
		if (font == hb_font_get_empty())
			return -1;
		hb_face_get_glyph_count(f->hb_face[i]);
		if (i != FONT_FALLBACK)
			f->apart[i] = fonts_space_separates(font);
		hb_font_destroy(font);
	}
	return 0;
}

int fonts_new_with_system(const char *dir, const char *system_dir, diag_list *diags, fonts **out)
{
	*out = NULL;
	fonts *f = calloc(1, sizeof *f);
	if (!f) {
		diag_add(diags, dir, 0, "out of memory loading fonts");
		return -1;
	}
	f->refs = 1;
	for (int i = 0; i < FONT_FILE_COUNT; i++)
		f->src[i].fd = -1;
	if (FT_Init_FreeType(&f->lib)) {
		free(f);
		diag_add(diags, dir, 0, "cannot start FreeType");
		return -1;
	}
	/* A broken shipped font must not stop the kiosk: systemd would only
	 * restart it into the same failure. Each unusable file gets one
	 * message saying what stands in for it. */
	char path[FONT_FILE_COUNT][4096], why[FONT_FILE_COUNT][512];
	char used[FONT_FILE_COUNT][4096]; /* the file each slot was read from */
	bool bad[FONT_FILE_COUNT] = {false};
	size_t usable = 0;
	for (int i = 0; i < FONT_FILE_COUNT; i++) {
		snprintf(path[i], sizeof path[i], "%s/%s", dir, file_names[i]);
		snprintf(used[i], sizeof used[i], "%s", path[i]);
		if (load_path(f, (font_file)i, path[i], why[i], sizeof why[i]) == 0) {
			usable++;
			continue;
		}
		if (system_dir) {
			char sys_why[512];
			snprintf(used[i], sizeof used[i], "%s/%s", system_dir, system_names[i]);
			if (load_path(f, (font_file)i, used[i], sys_why, sizeof sys_why) == 0) {
				diag_add(diags, path[i], 0, "%s; using %s instead", why[i], used[i]);
				usable++;
				continue;
			}
		}
		bad[i] = true;
	}
	for (int i = 0; i < FONT_FILE_COUNT; i++) {
		if (!bad[i])
			continue;
		int from = -1;
		for (int k = 0; k < FONT_FILE_COUNT && from < 0; k++)
			if (!bad[stand_in_order[k]])
				from = (int)stand_in_order[k];
		if (from < 0) {
			diag_add(diags, path[i], 0, "%s", why[i]);
			continue;
		}
		/* The same open file: reads at an offset share no position. */
		f->src[i].fd = fcntl(f->src[from].fd, F_DUPFD_CLOEXEC, 0);
		f->src[i].size = f->src[from].size;
		char copy_why[512];
		if (f->src[i].fd < 0) {
			diag_add(diags, path[i], 0, "%s; cannot open a stand-in: %s", why[i],
				 strerror(errno));
			fonts_unref(f);
			return -1;
		}
		if (load_src(f, (font_file)i, used[from], copy_why, sizeof copy_why) != 0) {
			diag_add(diags, path[i], 0, "%s; %s", why[i], copy_why);
			fonts_unref(f);
			return -1;
		}
		diag_add(diags, path[i], 0, "%s; using %s in its place", why[i], used[from]);
	}
	if (usable == 0) {
		if (system_dir)
			diag_add(diags, dir, 0,
				 "no usable font: every shipped font is unusable and DejaVu Sans is not "
				 "in %s (Debian package fonts-dejavu-core); text cannot be shown",
				 system_dir);
		else
			diag_add(diags, dir, 0, "no usable font: every shipped font is unusable; text "
				 "cannot be shown");
		fonts_unref(f);
		return -1;
	}
	if (share_faces(f) < 0) {
		diag_add(diags, dir, 0, "out of memory loading fonts");
		fonts_unref(f);
		return -1;
	}
	*out = f;
	return 0;
}

int fonts_new(const char *dir, diag_list *diags, fonts **out)
{
	return fonts_new_with_system(dir, FONTS_SYSTEM_DIR, diags, out);
}

fonts *fonts_ref(fonts *f)
{
	f->refs++;
	return f;
}

void fonts_unref(fonts *f)
{
	if (!f || --f->refs > 0)
		return;
	for (size_t i = 0; i < f->n_faces; i++) {
		/* hb_ft holds its own reference to the FT_Face
		 * (create_referenced); the size goes with the face. */
		hb_font_destroy(f->faces[i]->hb);
		hb_font_destroy(f->faces[i]->hb_ft);
		FT_Done_Size(f->faces[i]->size);
		free(f->faces[i]->adv);
		free(f->faces[i]);
	}
	free(f->faces);
	hb_font_funcs_destroy(f->funcs);
	for (int i = 0; i < FONT_FILE_COUNT; i++) {
		hb_face_destroy(f->hb_face[i]);
		if (f->ft[i])
			FT_Done_Face(f->ft[i]);
	}
	FT_Done_FreeType(f->lib);
	for (int i = 0; i < FONT_FILE_COUNT; i++)
		src_close(&f->src[i]);
	free(f);
}

bool fonts_file_has(const fonts *f, font_file file, uint32_t cp)
{
	if (cp < COVER_FAST)
		return f->fast[file][cp >> 3] & (1u << (cp & 7));
	return FT_Get_Char_Index(f->ft[file], cp) != 0;
}

bool fonts_file_has_ascii(const fonts *f, font_file file)
{
	return f->ascii[file];
}

bool fonts_has_codepoint(const fonts *f, uint32_t cp)
{
	for (int i = 0; i < FONT_FILE_COUNT; i++)
		if (fonts_file_has(f, (font_file)i, cp))
			return true;
	return false;
}

/* Makes face's size the one its FreeType face works at. Every way from
 * face into FreeType that depends on the size goes through here first: the
 * hb font funcs below (HarfBuzz's shaping reaches FreeType only through
 * them), face_new_advance and fonts_rasterize. */
static inline void use_size(const font_face *face)
{
	if (face->ft->size != face->size)
		FT_Activate_Size(face->size);
}

static void set_metrics(font_face *face)
{
	const FT_Size_Metrics *sm = &face->size->metrics;
	font_metrics *m = &face->metrics;
	m->px = (float)face->px64 / 64.0f;
	/* Hinted (rounded) size metrics, as SDL_ttf and every renderer use. */
	m->ascender = (float)sm->ascender / 64.0f;
	m->descender = (float)sm->descender / 64.0f;
	FT_Fixed ys = sm->y_scale;
	FT_Face ft = face->ft;
	m->underline_position = (float)FT_MulFix(ft->underline_position, ys) / 64.0f;
	m->underline_thickness = (float)FT_MulFix(ft->underline_thickness, ys) / 64.0f;
	if (m->underline_thickness < 1.0f)
		m->underline_thickness = 1.0f;
}

/* An advance as face->adv holds it, and back. 0, which calloc leaves, is
 * INT32_MIN, which no advance is: a glyph's is at most some thousands of
 * 26.6 pixels. (One that were would only be asked of FreeType again.) */
#define ADV_FLIP 0x80000000u

static inline uint32_t adv_store(hb_position_t adv)
{
	return (uint32_t)adv ^ ADV_FLIP;
}

static inline hb_position_t adv_load(uint32_t v)
{
	return (hb_position_t)(int32_t)(v ^ ADV_FLIP);
}

/* HarfBuzz asks for a glyph's cmap entry and its advance once per glyph
 * shaped; hb_ft answers with FreeType's cmap search and, for advances, a
 * lock and a small cache of its own. The same answers from arrays cost a
 * fraction of that. hb_ft is still asked the first time (so the advances are
 * its hinted ones, whatever it does) and for code points past COVER_FAST. */
static hb_bool_t face_nominal_glyph(hb_font_t *font, void *data, hb_codepoint_t cp,
				    hb_codepoint_t *glyph, void *user)
{
	(void)font;
	(void)user;
	const font_face *face = data;
	if (cp < COVER_FAST && face->set->gid[face->file][cp]) {
		*glyph = face->set->gid[face->file][cp];
		return true;
	}
	return hb_font_get_nominal_glyph(face->hb_ft, cp, glyph);
}

static unsigned face_nominal_glyphs(hb_font_t *font, void *data, unsigned count,
				    const hb_codepoint_t *cp, unsigned cp_stride, hb_codepoint_t *glyph,
				    unsigned glyph_stride, void *user)
{
	for (unsigned i = 0; i < count; i++) {
		if (!face_nominal_glyph(font, data, *cp, glyph, user))
			return i;
		cp = (const hb_codepoint_t *)(const void *)((const char *)cp + cp_stride);
		glyph = (hb_codepoint_t *)(void *)((char *)glyph + glyph_stride);
	}
	return count;
}

/* Whether FreeType's hinted advance of every glyph of face is its hmtx
 * advance scaled and rounded to a whole pixel, so that the advance can be
 * read without running the glyph's hinting bytecode (tens of thousands of
 * instructions a glyph, and the first paragraph on a new face asks for
 * dozens). Hinting under FreeType's v40 interpreter only rounds an advance
 * unless the font's own bytecode moves the glyph's phantom points, which
 * it may (DejaVu Sans Bold and Oblique do for a few glyphs at some sizes),
 * so this is known only for files whose every glyph was compared: the
 * shipped Noto Sans files (plain_files), with nothing changed in them, and
 * only under v40 (FREETYPE_PROPERTIES may choose another interpreter). */
static bool plain_advances(const fonts *f, font_file file)
{
	FT_UInt version = 0;
	return f->plain[file] && f->src[file].n_hmetrics &&
	       !FT_Property_Get(f->lib, "truetype", "interpreter-version", &version) &&
	       version == TT_INTERPRETER_VERSION_40;
}

/* Glyph's hinted advance, 26.6, as hb_ft gives it, kept in face->adv (for
 * glyph ids the array holds) so that each is worked out once. Kept out of
 * line: inlined, its stack frame would be set up on face_h_advance's
 * common path too, once per glyph shaped (0.3 M instructions a cold pass
 * over the bench corpus). */
__attribute__((noinline)) static hb_position_t face_new_advance(font_face *face, hb_codepoint_t glyph)
{
	use_size(face);
	hb_position_t adv = hb_font_get_glyph_h_advance(face->hb_ft, glyph);
	if (face->adv && glyph < face->n_glyphs)
		face->adv[glyph] = adv_store(adv);
	return adv;
}

/* A glyph's advance in the file's hmtx, scaled as FT_MulFix does (both
 * factors are positive) and rounded to a whole pixel, as FreeType's hinted
 * advance is for plain_advances files (shaping_font_is_hb_ft compares them
 * for every glyph). */
static inline hb_position_t linear_advance(const font_face *face, hb_codepoint_t glyph)
{
	const font_src *src = &face->set->src[face->file];
	unsigned i = glyph < src->n_hmetrics ? glyph : src->n_hmetrics - 1;
	const unsigned char *m = src->hmtx + 4 * (size_t)i;
	int64_t units = (int64_t)(m[0] << 8 | m[1]);
	int64_t adv = (units * face->x_scale + 0x8000) >> 16;
	return (hb_position_t)((adv + 32) & ~(int64_t)63);
}

static hb_position_t face_h_advance(hb_font_t *font, void *data, hb_codepoint_t glyph, void *user)
{
	(void)font;
	(void)user;
	font_face *face = data;
	if (glyph < face->n_glyphs) {
		if (face->linear_adv)
			return linear_advance(face, glyph);
		if (face->adv[glyph] != 0)
			return adv_load(face->adv[glyph]);
	}
	return face_new_advance(face, glyph);
}

static void face_h_advances(hb_font_t *font, void *data, unsigned count,
			    const hb_codepoint_t *glyph, unsigned glyph_stride, hb_position_t *adv,
			    unsigned adv_stride, void *user)
{
	for (unsigned i = 0; i < count; i++) {
		*adv = face_h_advance(font, data, *glyph, user);
		glyph = (const hb_codepoint_t *)(const void *)((const char *)glyph + glyph_stride);
		adv = (hb_position_t *)(void *)((char *)adv + adv_stride);
	}
}

/* What else hb_ft answers at a size (extents, contour points for GPOS
 * anchors, kerning, vertical metrics, outlines), passed to it unchanged, at
 * the same scale, with the face's size made active first (sized). */
static hb_font_t *sized(void *data)
{
	const font_face *face = data;
	use_size(face);
	return face->hb_ft;
}

static hb_bool_t face_glyph_extents(hb_font_t *font, void *data, hb_codepoint_t glyph,
				    hb_glyph_extents_t *ext, void *user)
{
	(void)font;
	(void)user;
	return hb_font_get_glyph_extents(sized(data), glyph, ext);
}

static hb_bool_t face_contour_point(hb_font_t *font, void *data, hb_codepoint_t glyph,
				    unsigned point, hb_position_t *x, hb_position_t *y, void *user)
{
	(void)font;
	(void)user;
	return hb_font_get_glyph_contour_point(sized(data), glyph, point, x, y);
}

static hb_position_t face_h_kerning(hb_font_t *font, void *data, hb_codepoint_t left,
				    hb_codepoint_t right, void *user)
{
	(void)font;
	(void)user;
	return hb_font_get_glyph_h_kerning(sized(data), left, right);
}

static hb_bool_t face_h_extents(hb_font_t *font, void *data, hb_font_extents_t *ext, void *user)
{
	(void)font;
	(void)user;
	return hb_font_get_h_extents(sized(data), ext);
}

static hb_bool_t face_v_extents(hb_font_t *font, void *data, hb_font_extents_t *ext, void *user)
{
	(void)font;
	(void)user;
	return hb_font_get_v_extents(sized(data), ext);
}

static hb_position_t face_v_advance(hb_font_t *font, void *data, hb_codepoint_t glyph, void *user)
{
	(void)font;
	(void)user;
	return hb_font_get_glyph_v_advance(sized(data), glyph);
}

static hb_bool_t face_v_origin(hb_font_t *font, void *data, hb_codepoint_t glyph, hb_position_t *x,
			       hb_position_t *y, void *user)
{
	(void)font;
	(void)user;
	return hb_font_get_glyph_v_origin(sized(data), glyph, x, y);
}

static void face_glyph_shape(hb_font_t *font, void *data, hb_codepoint_t glyph,
			     hb_draw_funcs_t *draw, void *draw_data, void *user)
{
	(void)font;
	(void)user;
	hb_font_get_glyph_shape(sized(data), glyph, draw, draw_data);
}

/* face->hb_ft, and face->hb: a sub-font of it whose cmap and advances come
 * from the arrays above, and whose every other answer is hb_ft's at the
 * face's size (the wrappers above). */
static int make_hb(fonts *f, font_face *face)
{
	if (!f->funcs) {
		f->funcs = hb_font_funcs_create();
		hb_font_funcs_set_nominal_glyph_func(f->funcs, face_nominal_glyph, NULL, NULL);
		hb_font_funcs_set_nominal_glyphs_func(f->funcs, face_nominal_glyphs, NULL, NULL);
		hb_font_funcs_set_glyph_h_advance_func(f->funcs, face_h_advance, NULL, NULL);
		hb_font_funcs_set_glyph_h_advances_func(f->funcs, face_h_advances, NULL, NULL);
		hb_font_funcs_set_glyph_extents_func(f->funcs, face_glyph_extents, NULL, NULL);
		hb_font_funcs_set_glyph_contour_point_func(f->funcs, face_contour_point, NULL, NULL);
		hb_font_funcs_set_glyph_h_kerning_func(f->funcs, face_h_kerning, NULL, NULL);
		hb_font_funcs_set_font_h_extents_func(f->funcs, face_h_extents, NULL, NULL);
		hb_font_funcs_set_font_v_extents_func(f->funcs, face_v_extents, NULL, NULL);
		hb_font_funcs_set_glyph_v_advance_func(f->funcs, face_v_advance, NULL, NULL);
		hb_font_funcs_set_glyph_v_origin_func(f->funcs, face_v_origin, NULL, NULL);
		hb_font_funcs_set_glyph_shape_func(f->funcs, face_glyph_shape, NULL, NULL);
		hb_font_funcs_make_immutable(f->funcs);
	}
	face->n_glyphs = face->ft->num_glyphs > 0 ? (unsigned)face->ft->num_glyphs : 0;
	face->linear_adv = plain_advances(f, face->file);
	face->x_scale = face->size->metrics.x_scale;
	if (!face->linear_adv)
		face->adv = calloc(face->n_glyphs ? face->n_glyphs : 1, sizeof *face->adv);
	use_size(face); /* hb_ft takes its scale from the active size */
	face->hb_ft = hb_ft_font_create_referenced(face->ft);
	if ((!face->linear_adv && !face->adv) || !face->hb_ft ||
	    face->hb_ft == hb_font_get_empty()) {
		free(face->adv);
		hb_font_destroy(face->hb_ft);
		return -1;
	}
	/* Hinted advances, whole pixels: what SDL_ttf measures with. */
	hb_ft_font_set_load_flags(face->hb_ft, FT_LOAD_DEFAULT);
	face->hb = hb_font_create_sub_font(face->hb_ft);
	if (face->hb == hb_font_get_empty()) {
		free(face->adv);
		hb_font_destroy(face->hb_ft);
		return -1;
	}
	hb_font_set_funcs(face->hb, f->funcs, face, NULL);
	/* The parent keeps its own face for what FreeType answers; shaping
	 * reads the tables through the file's shared one. */
	hb_font_set_face(face->hb, f->hb_face[face->file]);
	return 0;
}

int fonts_face(fonts *f, font_file file, float px, font_face **out)
{
	if (!(px >= 1.0f))
		px = 1.0f;
	if (px > 1000.0f)
		px = 1000.0f;
	long px64 = lroundf(px * 64.0f);
	for (size_t i = 0; i < f->n_faces; i++) {
		if (f->faces[i]->file == file && f->faces[i]->px64 == px64) {
			*out = f->faces[i];
			return 0;
		}
	}
	if (VEC_RESERVE(f->faces, f->cap_faces, f->n_faces + 1) < 0)
		return -1;
	font_face *face = calloc(1, sizeof *face);
	if (!face)
		return -1;
	face->set = f;
	face->file = file;
	face->px64 = px64;
	face->ft = f->ft[file];
	if (FT_New_Size(face->ft, &face->size)) {
		free(face);
		return -1;
	}
	/* The same call SDL_ttf makes for TTF_OpenFont(path, px): 72 dpi, so
	 * points are pixels, and our widths match its TTF_SizeUTF8. */
	use_size(face);
	if (FT_Set_Char_Size(face->ft, 0, px64, 0, 0) || make_hb(f, face) < 0) {
		FT_Done_Size(face->size);
		free(face);
		return -1;
	}
	set_metrics(face);
	f->faces[f->n_faces++] = face;
	LOG(LOG_DEBUG, "font %s at %.2f px", file_names[file], (double)face->metrics.px);
	*out = face;
	return 0;
}

hb_font_t *font_face_hb(const font_face *face)
{
	return face->hb;
}

font_file font_face_file(const font_face *face)
{
	return face->file;
}

uint32_t font_face_id(const font_face *face)
{
	return (uint32_t)face->file << 24 ^ (uint32_t)face->px64;
}

const font_metrics *font_face_metrics(const font_face *face)
{
	return &face->metrics;
}

float font_face_avg_lower(font_face *face)
{
	if (face->avg_known)
		return face->avg_lower;
	hb_position_t sum = 0;
	int n = 0;
	for (uint32_t c = 'a'; c <= 'z'; c++) {
		hb_codepoint_t g;
		if (hb_font_get_nominal_glyph(face->hb, c, &g)) {
			sum += hb_font_get_glyph_h_advance(face->hb, g);
			n++;
		}
	}
	/* A font without a..z (not one we ship) still gets a usable unit. */
	face->avg_lower = n ? (float)sum / 64.0f / (float)n : face->metrics.px * 0.5f;
	face->avg_known = true;
	return face->avg_lower;
}

bool font_face_apart(const font_face *face)
{
	return face->set->apart[face->file];
}

int fonts_rasterize(font_face *face, uint32_t gid, int quarter, font_bitmap *out)
{
	FT_Face ft = face->ft;
	use_size(face);
	if (FT_Load_Glyph(ft, gid, FT_LOAD_DEFAULT))
		return -1;
	FT_GlyphSlot slot = ft->glyph;
	if (slot->format == FT_GLYPH_FORMAT_OUTLINE)
		/* Quarter-pixel positioning: shift the outline, not the bitmap,
		 * so each phase is rasterised with its own coverage. */
		FT_Outline_Translate(&slot->outline, (FT_Pos)(quarter & 3) * 16, 0);
	if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL))
		return -1;
	if (slot->bitmap.pixel_mode != FT_PIXEL_MODE_GRAY && slot->bitmap.rows && slot->bitmap.width)
		return -1;
	out->pixels = slot->bitmap.buffer;
	out->pitch = slot->bitmap.pitch;
	out->width = (int)slot->bitmap.width;
	out->rows = (int)slot->bitmap.rows;
	out->left = slot->bitmap_left;
	out->top = slot->bitmap_top;
	return 0;
}
