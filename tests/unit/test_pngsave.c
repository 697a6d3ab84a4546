/* The screenshot PNG writer: what it writes decodes (with SDL_image, as the
 * tests read screenshots) to exactly the pixels it was given, opaque (written
 * as RGB) or not (RGBA), at odd sizes and with padded rows; a file it cannot
 * write, or a surface it cannot take, is an error with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/pngsave.h"

/* A surface of w x h with a row pitch wider than the pixels, filled from a
 * fixed pseudo-random sequence; alpha 255 everywhere when opaque. */
static SDL_Surface *noisy(int w, int h, bool opaque)
{
	int pitch = w * 4 + 12;
	void *pixels = calloc((size_t)pitch, (size_t)h);
	assert_non_null(pixels);
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(pixels, w, h, 32, pitch,
							     SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	uint32_t x = 12345;
	for (int y = 0; y < h; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)pixels + (size_t)y * pitch);
		for (int i = 0; i < w; i++) {
			x = x * 1103515245u + 12345u;
			/* Runs of one colour, as in a frame, and noise. */
			row[i] = i % 7 < 3 ? 0x80204060u : x;
			if (opaque)
				row[i] |= 0xff000000u;
		}
	}
	return s;
}

static void free_noisy(SDL_Surface *s)
{
	void *pixels = s->pixels;
	SDL_FreeSurface(s);
	free(pixels);
}

static void round_trip(int w, int h, bool opaque)
{
	char path[] = "/tmp/taflen-pngsave-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	SDL_Surface *s = noisy(w, h, opaque);
	char why[256] = "";
	if (pngsave_write(s, path, why, sizeof why) != 0)
		fail_msg("%s: %s", path, why);
	SDL_Surface *raw = IMG_Load(path);
	remove(path);
	if (!raw)
		fail_msg("%s does not decode: %s", path, IMG_GetError());
	/* Opaque frames are written without alpha: three bytes a pixel. */
	assert_int_equal(raw->format->BytesPerPixel, opaque ? 3 : 4);
	SDL_Surface *got = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(raw);
	assert_non_null(got);
	assert_int_equal(got->w, w);
	assert_int_equal(got->h, h);
	for (int y = 0; y < h; y++) {
		const Uint32 *a = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
		const Uint32 *b = (const Uint32 *)((const Uint8 *)got->pixels + (size_t)y * got->pitch);
		for (int x = 0; x < w; x++)
			if (a[x] != b[x])
				fail_msg("%dx%d %s: pixel (%d, %d) is %08x, written %08x", w, h,
					 opaque ? "opaque" : "translucent", x, y, b[x], a[x]);
	}
	SDL_FreeSurface(got);
	free_noisy(s);
}

static void opaque_is_exact(void **state)
{
	(void)state;
	round_trip(1, 1, true);
	round_trip(333, 97, true);
}

static void translucent_is_exact(void **state)
{
	(void)state;
	round_trip(1, 1, false);
	round_trip(333, 97, false);
}

static void errors_have_reasons(void **state)
{
	(void)state;
	SDL_Surface *s = noisy(8, 8, true);
	char why[256] = "";
	assert_int_equal(pngsave_write(s, "/nonexistent-folder/x.png", why, sizeof why), -1);
	assert_string_equal(why, "No such file or directory");
	/* A full disk: libpng's write fails inside, or the close does. */
	if (access("/dev/full", W_OK) == 0) {
		why[0] = '\0';
		assert_int_equal(pngsave_write(s, "/dev/full", why, sizeof why), -1);
		assert_true(why[0] != '\0');
	}
	SDL_Surface *rgb = SDL_CreateRGBSurfaceWithFormat(0, 4, 4, 24, SDL_PIXELFORMAT_RGB24);
	assert_non_null(rgb);
	assert_int_equal(pngsave_write(rgb, "/tmp/taflen-pngsave-never.png", why, sizeof why), -1);
	assert_string_equal(why, "not an ARGB8888 surface");
	SDL_FreeSurface(rgb);
	free_noisy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opaque_is_exact),
		cmocka_unit_test(translucent_is_exact),
		cmocka_unit_test(errors_have_reasons),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	IMG_Quit();
	return rc;
}
