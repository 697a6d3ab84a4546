#include "platform/pngsave.h"

#include <errno.h>
#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* zlib's fastest level: a frame is large flat areas and text, which the
 * fastest level already squeezes well; higher levels cost several times the
 * time for a few per cent. */
#define PNGSAVE_LEVEL Z_BEST_SPEED
/* No filter. At level 1 zlib compresses a frame's raw rows as fast as its
 * Up-filtered ones, and a little smaller (85 KB against 90 KB for the
 * 1080x1920 welcome screen); "None" also spares libpng its filtering pass. */
#define PNGSAVE_FILTER PNG_FILTER_NONE
#define PNGSAVE_WHY_MAX 160

typedef struct {
	char why[PNGSAVE_WHY_MAX];
} failure;

static void on_error(png_structp png, png_const_charp msg)
{
	failure *f = png_get_error_ptr(png);
	snprintf(f->why, sizeof f->why, "%s", msg);
	png_longjmp(png, 1);
}

/* libpng's warnings are about odd settings, not about the file. */
static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static const Uint32 *row_of(const SDL_Surface *s, int y)
{
	return (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
}

/* The alphas are ANDed together without an early exit, a loop the compiler
 * vectorises: nearly every surface asked about is an opaque frame, which
 * must be read to the end anyway. */
static bool opaque(const SDL_Surface *s)
{
	for (int y = 0; y < s->h; y++) {
		const Uint32 *row = row_of(s, y);
		Uint32 all = 0xffffffffu;
		for (int x = 0; x < s->w; x++)
			all &= row[x];
		if (all >> 24 != 0xff)
			return false;
	}
	return true;
}

/* One row of ARGB8888 words into PNG's byte order, R, G, B (and A). Done
 * here rather than by libpng's transforms (png_set_bgr, png_set_filler),
 * which copy and walk every row once per transform. */
static void pack_row(const Uint32 *in, int w, bool rgb, png_bytep out)
{
	if (rgb) {
		for (int x = 0; x < w; x++, out += 3) {
			out[0] = (png_byte)(in[x] >> 16);
			out[1] = (png_byte)(in[x] >> 8);
			out[2] = (png_byte)in[x];
		}
	} else {
		for (int x = 0; x < w; x++, out += 4) {
			out[0] = (png_byte)(in[x] >> 16);
			out[1] = (png_byte)(in[x] >> 8);
			out[2] = (png_byte)in[x];
			out[3] = (png_byte)(in[x] >> 24);
		}
	}
}

/* Every local the error path uses is set before setjmp and never changed
 * after it, so none needs to be volatile. row holds one packed row. */
static int write_rows(FILE *fp, const SDL_Surface *s, bool rgb, png_bytep row, failure *f)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, f, on_error, on_warning);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		snprintf(f->why, sizeof f->why, "out of memory");
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8,
		     rgb ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, PNGSAVE_LEVEL);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNGSAVE_FILTER);
	png_write_info(png, info);
	for (int y = 0; y < s->h; y++) {
		pack_row(row_of(s, y), s->w, rgb, row);
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return 0;
}

int pngsave_write(const SDL_Surface *s, const char *path, char *why, size_t why_size)
{
	if (s->format->format != SDL_PIXELFORMAT_ARGB8888) {
		snprintf(why, why_size, "not an ARGB8888 surface");
		return -1;
	}
	FILE *fp = fopen(path, "wb");
	if (!fp) {
		snprintf(why, why_size, "%s", strerror(errno));
		return -1;
	}
	failure f = {{0}};
	bool rgb = opaque(s);
	png_bytep row = malloc((size_t)s->w * (rgb ? 3 : 4));
	int rc = -1;
	if (row)
		rc = write_rows(fp, s, rgb, row, &f);
	else
		snprintf(f.why, sizeof f.why, "out of memory");
	free(row);
	if (fclose(fp) != 0 && rc == 0) {
		snprintf(f.why, sizeof f.why, "%s", strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		snprintf(why, why_size, "%s", f.why);
	return rc;
}
