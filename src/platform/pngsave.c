#include "platform/pngsave.h"

#include <errno.h>
#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* zlib's fastest level: a frame is large flat areas and text, which the
 * fastest level already squeezes well; higher levels cost several times the
 * time for a few per cent. */
#define PNGSAVE_LEVEL Z_BEST_SPEED
/* One fixed filter instead of libpng's adaptive choice, which tries all five
 * on every row. "Up" suits a frame: most rows repeat the one above. */
#define PNGSAVE_FILTER PNG_FILTER_UP
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

static bool opaque(const SDL_Surface *s)
{
	for (int y = 0; y < s->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
		for (int x = 0; x < s->w; x++)
			if (row[x] >> 24 != 0xff)
				return false;
	}
	return true;
}

/* Every local the error path uses is set before setjmp and never changed
 * after it, so none needs to be volatile. */
static int write_rows(FILE *fp, const SDL_Surface *s, bool rgb, failure *f)
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
	/* ARGB8888 is one 32-bit word a pixel: B, G, R, A in memory on a
	 * little-endian machine, A, R, G, B on a big-endian one. */
#if SDL_BYTEORDER == SDL_LIL_ENDIAN
	png_set_bgr(png);
	if (rgb)
		png_set_filler(png, 0, PNG_FILLER_AFTER);
#else
	if (rgb)
		png_set_filler(png, 0, PNG_FILLER_BEFORE);
	else
		png_set_swap_alpha(png);
#endif
	for (int y = 0; y < s->h; y++)
		/* libpng copies each row before transforming it. */
		png_write_row(png, (png_bytep)((Uint8 *)s->pixels + (size_t)y * s->pitch));
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
	int rc = write_rows(fp, s, opaque(s), &f);
	if (fclose(fp) != 0 && rc == 0) {
		snprintf(f.why, sizeof f.why, "%s", strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		snprintf(why, why_size, "%s", f.why);
	return rc;
}
