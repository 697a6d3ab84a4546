/* The glyph atlas: glyphs rasterised by FreeType into one SDL texture, keyed
 * by (font, glyph id, pixel size, quarter-pixel x offset), shelf-packed. When
 * full it grows (up to the renderer's maximum texture size), then clears and
 * starts over; it never hands out a stale slot. Drawing batches every glyph of
 * a layout into SDL_RenderGeometry calls, so a steady frame rasterises nothing.
 *
 * The only part of src/text/ that touches SDL. The atlas belongs to one
 * renderer; free it before the renderer. */
#ifndef TAFLEN_TEXT_ATLAS_H
#define TAFLEN_TEXT_ATLAS_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "text/layout.h"

typedef struct glyph_atlas glyph_atlas;

typedef struct {
	SDL_Color text; /* regular, bold, italic text and list markers */
	SDL_Color link; /* TEXT_LINK spans (drawn underlined too) */
} text_colors;

/* Returns 0, or -1 with a logged error when out of memory. The texture is
 * made by the first glyph_atlas_draw that needs one (glyph_atlas_set_surface). */
int glyph_atlas_new(SDL_Renderer *r, glyph_atlas **out);
void glyph_atlas_free(glyph_atlas *a);

/* Draws the layout with its origin at (x, y). Returns 0, or -1 on a renderer
 * error (the texture cannot be made, among them). */
int glyph_atlas_draw(glyph_atlas *a, const text_layout *l, float x, float y, const text_colors *c);

/* For a software renderer (SDL_CreateSoftwareRenderer(s)): s is the
 * surface it draws into, and from now on glyph_atlas_draw composites glyphs
 * into s itself (after flushing what the renderer has queued, so that it
 * stays underneath), which costs a fraction of SDL's generic blitter. The
 * renderer path is still taken whenever the renderer draws elsewhere (a
 * target texture) or scales, or s is not 32-bit xRGB. s stays the caller's
 * and must outlive the atlas, or be unset with NULL first. */
void glyph_atlas_set_surface(glyph_atlas *a, SDL_Surface *s);

/* Makes every glyph of l, drawn at (x, y), ready for glyph_atlas_composite:
 * rasterised and packed. Returns 0; 1 when glyph_atlas_composite cannot
 * draw l (the atlas does not draw straight into the surface set, at 1:1
 * from its origin, or the glyphs do not all fit: draw with
 * glyph_atlas_draw instead, which clears the atlas as it must; glyphs
 * readied before, for other layouts, may then be gone); -1 when out of
 * memory or the renderer fails. */
int glyph_atlas_prepare(glyph_atlas *a, const text_layout *l, float x, float y);

/* Draws l with its origin at (x, y) into the surface glyph_atlas_set_surface
 * set, within clip (in its pixels) only, from the glyphs glyph_atlas_prepare
 * readied (any other is left out). Changes nothing in the atlas, so several
 * threads may composite into parts of the surface at once, as long as
 * nothing else uses the atlas meanwhile. */
void glyph_atlas_composite(const glyph_atlas *a, const text_layout *l, float x, float y,
			   const text_colors *c, SDL_Rect clip);

/* Whether glyphs drawn into the surface are blended eight pixels at a time
 * (AVX2) rather than four (SSE2): on (the default) only where the CPU has
 * AVX2. Both give the same bytes; the bench and the tests turn it off to
 * compare. Returns whether it is now on. */
bool glyph_atlas_set_wide(glyph_atlas *a, bool on);

/* Glyphs rasterised so far, and the atlas's size as a texture in bytes
 * (whether or not one was made). */
void glyph_atlas_stats(const glyph_atlas *a, size_t *glyphs, size_t *bytes);
/* How many times the atlas was full at its largest and started over. */
size_t glyph_atlas_clears(const glyph_atlas *a);

#endif
