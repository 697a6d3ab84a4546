/* The shipped fonts: Noto Sans Regular, Bold and Italic, then DejaVu Sans as
 * the fallback for characters Noto lacks. A face per (file, pixel size),
 * created on first use and owned here: HarfBuzz on one FreeType face per
 * file, at a FreeType size of its own.
 *
 * The engine owns its fonts (text_engine_fonts); only the coverage query is
 * meant for the rest of the app, for the content check. The other functions
 * serve the layout engine and the atlas.
 *
 * Ownership: fonts_new's set is refcounted (fonts_ref / fonts_unref) because
 * layouts point at its faces and may outlive the engine that made them. A
 * font_face belongs to its fonts set and lives as long as the set. */
#ifndef TAFLEN_TEXT_FONTS_H
#define TAFLEN_TEXT_FONTS_H

#include <hb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

typedef struct fonts fonts;
typedef struct font_face font_face;

/* The shipped files, in fallback order after the styled primary. */
typedef enum {
	FONT_REGULAR,
	FONT_BOLD,
	FONT_ITALIC,
	FONT_FALLBACK, /* DejaVu Sans */
	FONT_FILE_COUNT
} font_file;

/* Metrics of a face at its size, in pixels (y up, as FreeType gives them). */
typedef struct {
	float px;
	float ascender;  /* > 0 */
	float descender; /* <= 0 */
	float underline_position;  /* centre of the underline, below the baseline: < 0 */
	float underline_thickness;
} font_metrics;

/* A rendered glyph: coverage bytes owned by the face, valid until the face
 * is next used (rasterising or shaping). */
typedef struct {
	const uint8_t *pixels;
	int pitch, width, rows;
	int left, top; /* bitmap origin relative to the pen, y up */
} font_bitmap;

/* Where Debian's fonts-dejavu-core installs DejaVu Sans. */
#define FONTS_SYSTEM_DIR "/usr/share/fonts/truetype/dejavu"

/* Opens the four files from dir, keeping them open: FreeType and HarfBuzz
 * read their tables and glyphs from them as they need them, never whole
 * (a file cut short since costs the glyphs not yet read, said once in the
 * log). A file that is missing, unreadable, not a usable font, or fails the
 * self-check (a Welsh and an English pangram shaped and drawn: damaged
 * glyph tables behind an intact table directory) gets one diagnostic
 * naming it and what stands in for it: the same style of DejaVu Sans from
 * system_dir (NULL: none), else another shipped file that did load.
 * Returns 0 when every slot has a font (diagnostics or not), or -1 when no
 * font at all could be loaded, with a diagnostic saying so. */
int fonts_new_with_system(const char *dir, const char *system_dir, diag_list *diags, fonts **out);
/* fonts_new_with_system with FONTS_SYSTEM_DIR. */
int fonts_new(const char *dir, diag_list *diags, fonts **out);
fonts *fonts_ref(fonts *f);
void fonts_unref(fonts *f);

/* True when any shipped font has a glyph for the code point. */
bool fonts_has_codepoint(const fonts *f, uint32_t cp);
/* True when that file has a glyph for the code point. */
bool fonts_file_has(const fonts *f, font_file file, uint32_t cp);
/* Whether the file has every printable ASCII character (U+0020..U+007E). */
bool fonts_file_has_ascii(const fonts *f, font_file file);

/* The face for (file, px), created on first use. px is clamped to 1..1000.
 * Returns 0, or -1 when FreeType or memory fails. */
int fonts_face(fonts *f, font_file file, float px, font_face **out);

/* The HarfBuzz font to shape with: HarfBuzz on FreeType (hinted advances,
 * FT_LOAD_DEFAULT) behind arrays that keep its cmap answers below U+0300 and
 * its advances, so that each is asked of FreeType once. Where hinting
 * leaves advances as the hmtx ones rounded to whole pixels (checked glyph
 * by glyph for the shipped Noto Sans files; fonts.c, plain_advances), they
 * are read from hmtx instead of hinting each glyph: the same numbers, for a
 * fraction of the cost. */
hb_font_t *font_face_hb(const font_face *face);
font_file font_face_file(const font_face *face);
/* The face's file and pixel size as one number, the same in every run (a
 * face's address is not: it depends on what the heap held before). */
uint32_t font_face_id(const font_face *face);
const font_metrics *font_face_metrics(const font_face *face);
/* The mean hinted advance of a..z in px: the unit of the measure cap.
 * Worked out on the first call and kept: where an advance needs hinting
 * (see font_face_hb), that runs the glyph's TrueType bytecode, so a face
 * that never sets a measured paragraph never pays for 26 of them. */
float font_face_avg_lower(font_face *face);
/* Whether the face's words may be shaped apart (fonts_space_separates of
 * its file, asked as the fonts loaded); never for FONT_FALLBACK. */
bool font_face_apart(const font_face *face);

/* True when the font's words can be shaped apart: its space glyph takes
 * part in none of its GSUB or GPOS lookups (as input, context or output),
 * and it has no TrueType kern or AAT table, whose reach we cannot see. */
bool fonts_space_separates(hb_font_t *font);

/* Rasterises glyph gid with its origin moved right by quarter/4 px
 * (quarter 0..3), grayscale anti-aliased with the same hinting the advances
 * use. Returns 0, or -1 when the glyph cannot be rendered. */
int fonts_rasterize(font_face *face, uint32_t gid, int quarter, font_bitmap *out);

#endif
