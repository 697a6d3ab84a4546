/* Writing a frame to a PNG file quickly. --screenshot spends most of its
 * time here: SDL_image's IMG_SavePNG compresses at zlib's default level with
 * libpng's adaptive filters, about 70 ms for a 1080x1920 frame, where level
 * 1 with no filter, on rows packed here rather than by libpng's transforms,
 * takes a fraction of it for a file not much larger.
 * The pixels decode exactly as before.
 *
 * Ownership: nothing is kept; the surface stays the caller's. */
#ifndef TAFLEN_PLATFORM_PNGSAVE_H
#define TAFLEN_PLATFORM_PNGSAVE_H

#include <SDL.h>
#include <stddef.h>

/* Writes s (SDL_PIXELFORMAT_ARGB8888) to path: 8-bit RGB when every pixel is
 * opaque, which a frame is, else RGBA. Returns 0, or -1 with the reason
 * (libpng's or strerror's message) in why[0..why_size); the file may then be
 * left partial. */
int pngsave_write(const SDL_Surface *s, const char *path, char *why, size_t why_size);

#endif
