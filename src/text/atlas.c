#include "text/atlas.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "text/fonts.h"

#define START_SIDE 512
/* Even when the renderer allows more: 4096^2 texels hold thousands of glyphs
 * at kiosk sizes, and 64 MB of texture is already a lot for the target. */
#define MAX_SIDE 4096
#define PAD 1
/* A solid block at the origin gives underlines a texel to sample, so they
 * go into the same SDL_RenderGeometry call as the glyphs. */
#define WHITE 4

struct slot {
	const font_face *face; /* NULL: empty */
	uint32_t gid;
	int quarter;
	int x, y, w, h;   /* in the texture */
	int left, top;    /* bitmap origin relative to the pen, y up */
};

struct shelf {
	int y, h, x; /* x: first free column */
};

struct glyph_atlas {
	SDL_Renderer *r;
	SDL_Texture *tex;
	int w, h, max_side;
	uint8_t *alpha; /* CPU copy of the coverage, to re-upload after growing */
	uint32_t *pixels; /* conversion buffer for uploads */
	size_t cap_pixels;
	struct shelf *shelves;
	size_t n_shelves, cap_shelves;
	int top; /* first row not in any shelf */
	struct slot *slots; /* open addressing, power-of-two capacity */
	size_t n_slots, cap_slots;
	size_t rasterised;
	size_t clears;
	fonts *fonts; /* the set our keys' faces belong to (a reference) */
	SDL_Vertex *verts;
	int *idx;
	size_t n_verts, n_idx, cap_verts, cap_idx;
};

typedef enum { PUT_OK, PUT_FULL, PUT_SKIP, PUT_ERROR } put_result;

static size_t slot_hash(const font_face *f, uint32_t gid, int q)
{
	uint64_t h = (uint64_t)(uintptr_t)f * 0x9E3779B97F4A7C15ull;
	h ^= ((uint64_t)gid << 2 | (uint64_t)q) * 0xC2B2AE3D27D4EB4Full;
	return (size_t)(h ^ (h >> 31));
}

static int upload(glyph_atlas *a, int x, int y, int w, int h)
{
	size_t need = (size_t)w * (size_t)h;
	if (need == 0)
		return 0;
	if (need > a->cap_pixels) {
		uint32_t *p = realloc(a->pixels, need * sizeof *p);
		if (!p)
			return -1;
		a->pixels = p;
		a->cap_pixels = need;
	}
	for (int r = 0; r < h; r++) {
		const uint8_t *src = a->alpha + (size_t)(y + r) * (size_t)a->w + (size_t)x;
		uint32_t *dst = a->pixels + (size_t)r * (size_t)w;
		for (int c = 0; c < w; c++)
			dst[c] = (uint32_t)src[c] << 24 | 0x00FFFFFFu;
	}
	SDL_Rect rect = {x, y, w, h};
	if (SDL_UpdateTexture(a->tex, &rect, a->pixels, w * 4) < 0) {
		LOG(LOG_ERROR, "SDL_UpdateTexture: %s", SDL_GetError());
		return -1;
	}
	return 0;
}

/* (Re)creates the texture at the current size from the CPU copy. */
static int make_texture(glyph_atlas *a)
{
	SDL_Texture *t = SDL_CreateTexture(a->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
					   a->w, a->h);
	if (!t) {
		LOG(LOG_ERROR, "SDL_CreateTexture %dx%d: %s", a->w, a->h, SDL_GetError());
		return -1;
	}
	SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
	if (a->tex)
		SDL_DestroyTexture(a->tex);
	a->tex = t;
	return upload(a, 0, 0, a->w, a->h);
}

/* Forgets every glyph; the texture keeps its size. */
static int clear(glyph_atlas *a)
{
	memset(a->alpha, 0, (size_t)a->w * (size_t)a->h);
	for (int y = 0; y < WHITE; y++)
		memset(a->alpha + (size_t)y * (size_t)a->w, 0xFF, WHITE);
	memset(a->slots, 0, a->cap_slots * sizeof *a->slots);
	a->n_slots = 0;
	a->n_shelves = 0;
	a->top = WHITE + PAD;
	return upload(a, 0, 0, a->w, a->h);
}

int glyph_atlas_new(SDL_Renderer *r, glyph_atlas **out)
{
	*out = NULL;
	glyph_atlas *a = calloc(1, sizeof *a);
	if (!a) {
		LOG(LOG_ERROR, "out of memory");
		return -1;
	}
	a->r = r;
	SDL_RendererInfo info;
	a->max_side = MAX_SIDE;
	if (SDL_GetRendererInfo(r, &info) == 0) {
		/* 0 means no limit (the software renderer). */
		if (info.max_texture_width > 0 && info.max_texture_width < a->max_side)
			a->max_side = info.max_texture_width;
		if (info.max_texture_height > 0 && info.max_texture_height < a->max_side)
			a->max_side = info.max_texture_height;
	}
	a->w = a->h = START_SIDE < a->max_side ? START_SIDE : a->max_side;
	a->cap_slots = 1024;
	a->alpha = calloc((size_t)a->w * (size_t)a->h, 1);
	a->slots = calloc(a->cap_slots, sizeof *a->slots);
	if (!a->alpha || !a->slots) {
		LOG(LOG_ERROR, "out of memory");
		glyph_atlas_free(a);
		return -1;
	}
	if (make_texture(a) < 0 || clear(a) < 0) {
		glyph_atlas_free(a);
		return -1;
	}
	*out = a;
	return 0;
}

void glyph_atlas_free(glyph_atlas *a)
{
	if (!a)
		return;
	if (a->tex)
		SDL_DestroyTexture(a->tex);
	free(a->alpha);
	free(a->pixels);
	free(a->shelves);
	free(a->slots);
	free(a->verts);
	free(a->idx);
	fonts_unref(a->fonts);
	free(a);
}

void glyph_atlas_stats(const glyph_atlas *a, size_t *glyphs, size_t *bytes)
{
	*glyphs = a->rasterised;
	*bytes = (size_t)a->w * (size_t)a->h * 4;
}

size_t glyph_atlas_clears(const glyph_atlas *a)
{
	return a->clears;
}

static struct slot *find(glyph_atlas *a, const font_face *f, uint32_t gid, int q)
{
	size_t mask = a->cap_slots - 1;
	for (size_t i = slot_hash(f, gid, q) & mask;; i = (i + 1) & mask) {
		struct slot *s = &a->slots[i];
		if (!s->face || (s->face == f && s->gid == gid && s->quarter == q))
			return s;
	}
}

static int rehash(glyph_atlas *a)
{
	size_t old_cap = a->cap_slots;
	struct slot *old = a->slots;
	struct slot *slots = calloc(old_cap * 2, sizeof *slots);
	if (!slots)
		return -1;
	a->slots = slots;
	a->cap_slots = old_cap * 2;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].face)
			*find(a, old[i].face, old[i].gid, old[i].quarter) = old[i];
	free(old);
	return 0;
}

/* Doubles the shorter side, keeping every placed glyph where it is. */
static int grow_texture(glyph_atlas *a)
{
	int w = a->w, h = a->h;
	if (h <= w && h * 2 <= a->max_side)
		h *= 2;
	else if (w * 2 <= a->max_side)
		w *= 2;
	else if (h * 2 <= a->max_side)
		h *= 2;
	else
		return 1;
	uint8_t *alpha = calloc((size_t)w * (size_t)h, 1);
	if (!alpha)
		return 1; /* cannot grow: clearing is the way out */
	for (int y = 0; y < a->h; y++)
		memcpy(alpha + (size_t)y * (size_t)w, a->alpha + (size_t)y * (size_t)a->w, (size_t)a->w);
	free(a->alpha);
	a->alpha = alpha;
	a->w = w;
	a->h = h;
	LOG(LOG_DEBUG, "glyph atlas grows to %dx%d", w, h);
	return make_texture(a);
}

/* A place for a w x h box (padding included): an existing shelf, a new
 * shelf, a bigger texture. Returns 0, 1 when full, -1 on a renderer error. */
static int place(glyph_atlas *a, int w, int h, int *x, int *y)
{
	for (;;) {
		struct shelf *best = NULL;
		for (size_t i = 0; i < a->n_shelves; i++) {
			struct shelf *s = &a->shelves[i];
			/* Not much taller than the glyph, or the shelf wastes rows. */
			if (s->h >= h && s->h <= h + h / 2 + 2 && s->x + w <= a->w &&
			    (!best || s->h < best->h))
				best = s;
		}
		if (best) {
			*x = best->x;
			*y = best->y;
			best->x += w;
			return 0;
		}
		if (a->top + h <= a->h && w <= a->w) {
			if (a->n_shelves == a->cap_shelves) {
				size_t cap = a->cap_shelves ? a->cap_shelves * 2 : 32;
				struct shelf *s = realloc(a->shelves, cap * sizeof *s);
				if (!s)
					return 1;
				a->shelves = s;
				a->cap_shelves = cap;
			}
			a->shelves[a->n_shelves++] = (struct shelf){a->top, h, w};
			*x = 0;
			*y = a->top;
			a->top += h;
			return 0;
		}
		int g = grow_texture(a);
		if (g != 0)
			return g;
	}
}

/* Finds or rasterises a glyph. PUT_FULL: it does not fit until the atlas
 * is cleared (which is the caller's call: queued quads use the old slots). */
static put_result get(glyph_atlas *a, font_face *f, uint32_t gid, int q, const struct slot **out)
{
	struct slot *s = find(a, f, gid, q);
	if (s->face) {
		*out = s;
		return PUT_OK;
	}
	font_bitmap bm;
	if (fonts_rasterize(f, gid, q, &bm) < 0)
		return PUT_SKIP;
	int x = 0, y = 0;
	if (bm.width > 0 && bm.rows > 0) {
		int pr = place(a, bm.width + PAD, bm.rows + PAD, &x, &y);
		if (pr != 0)
			return pr < 0 ? PUT_ERROR : PUT_FULL;
		for (int r = 0; r < bm.rows; r++)
			memcpy(a->alpha + (size_t)(y + r) * (size_t)a->w + (size_t)x,
			       bm.pixels + (ptrdiff_t)r * bm.pitch, (size_t)bm.width);
		if (upload(a, x, y, bm.width, bm.rows) < 0)
			return PUT_ERROR;
	}
	if ((a->n_slots + 1) * 2 > a->cap_slots && rehash(a) < 0)
		return PUT_ERROR;
	a->rasterised++;
	s = find(a, f, gid, q);
	*s = (struct slot){f, gid, q, x, y, bm.width, bm.rows, bm.left, bm.top};
	a->n_slots++;
	*out = s;
	return PUT_OK;
}

/* A textured quad; texture coordinates stay in texels until the flush,
 * because the texture may grow (and change size) during a draw. */
static int quad(glyph_atlas *a, float x, float y, float w, float h, float tx, float ty, float tw,
		float th, SDL_Color col)
{
	if (a->n_verts + 4 > a->cap_verts) {
		size_t cap = a->cap_verts ? a->cap_verts * 2 : 1024;
		SDL_Vertex *v = realloc(a->verts, cap * sizeof *v);
		if (!v)
			return -1;
		a->verts = v;
		a->cap_verts = cap;
	}
	if (a->n_idx + 6 > a->cap_idx) {
		size_t cap = a->cap_idx ? a->cap_idx * 2 : 1536;
		int *ix = realloc(a->idx, cap * sizeof *ix);
		if (!ix)
			return -1;
		a->idx = ix;
		a->cap_idx = cap;
	}
	SDL_Vertex *v = a->verts + a->n_verts;
	v[0] = (SDL_Vertex){{x, y}, col, {tx, ty}};
	v[1] = (SDL_Vertex){{x + w, y}, col, {tx + tw, ty}};
	v[2] = (SDL_Vertex){{x + w, y + h}, col, {tx + tw, ty + th}};
	v[3] = (SDL_Vertex){{x, y + h}, col, {tx, ty + th}};
	int b = (int)a->n_verts;
	int *i = a->idx + a->n_idx;
	i[0] = b;
	i[1] = b + 1;
	i[2] = b + 2;
	i[3] = b;
	i[4] = b + 2;
	i[5] = b + 3;
	a->n_verts += 4;
	a->n_idx += 6;
	return 0;
}

static int flush(glyph_atlas *a)
{
	if (a->n_idx == 0)
		return 0;
	float sx = 1.0f / (float)a->w, sy = 1.0f / (float)a->h;
	for (size_t i = 0; i < a->n_verts; i++) {
		a->verts[i].tex_coord.x *= sx;
		a->verts[i].tex_coord.y *= sy;
	}
	int rc = SDL_RenderGeometry(a->r, a->tex, a->verts, (int)a->n_verts, a->idx, (int)a->n_idx);
	a->n_verts = a->n_idx = 0;
	if (rc < 0) {
		LOG(LOG_ERROR, "SDL_RenderGeometry: %s", SDL_GetError());
		return -1;
	}
	return 0;
}

/* One pass over the layout. Returns 0 done, 1 when the atlas was cleared
 * and the pass must start again, -1 on error. On the second pass
 * (allow_restart false) a further clear flushes what is queued and goes on:
 * a layout with more glyphs than the largest atlas holds still draws. */
static int draw_pass(glyph_atlas *a, const text_layout *l, float ox, float oy, const text_colors *c,
		     bool allow_restart)
{
	a->n_verts = a->n_idx = 0;
	size_t runs = text_layout_run_count(l);
	for (size_t ri = 0; ri < runs; ri++) {
		text_run run;
		text_layout_run(l, ri, &run);
		SDL_Color col = (run.flags & TEXT_LINK) ? c->link : c->text;
		for (size_t g = 0; g < run.n; g++) {
			if (run.glyphs[g] == TEXT_GLYPH_NONE)
				continue;
			float gx = ox + run.x[g];
			float ix = floorf(gx);
			int q = (int)floorf((gx - ix) * 4.0f + 0.5f);
			if (q >= 4) {
				q = 0;
				ix += 1.0f;
			}
			const struct slot *s = NULL;
			put_result pr = get(a, run.face, run.glyphs[g], q, &s);
			if (pr == PUT_FULL) {
				/* The first time, start the layout again on a clean
				 * atlas: queued quads would point at evicted slots.
				 * After that, draw what is queued (SDL finishes it
				 * before the texture changes) and carry on. */
				if (!allow_restart && flush(a) < 0)
					return -1;
				if (clear(a) < 0)
					return -1;
				a->clears++;
				LOG(LOG_DEBUG, "glyph atlas full at %dx%d: cleared", a->w, a->h);
				if (allow_restart)
					return 1;
				pr = get(a, run.face, run.glyphs[g], q, &s);
				if (pr == PUT_FULL) {
					LOG(LOG_WARN, "glyph %u does not fit in the atlas", run.glyphs[g]);
					continue;
				}
			}
			if (pr == PUT_ERROR)
				return -1;
			if (pr == PUT_SKIP || s->w == 0)
				continue;
			float gy = roundf(oy + run.y[g]);
			if (quad(a, ix + (float)s->left, gy - (float)s->top, (float)s->w, (float)s->h,
				 (float)s->x, (float)s->y, (float)s->w, (float)s->h, col) < 0)
				return -1;
		}
		if (run.underline.w > 0) {
			float uy = roundf(oy + run.underline.y);
			float uh = roundf(run.underline.h) > 1 ? roundf(run.underline.h) : 1;
			if (quad(a, ox + run.underline.x, uy, run.underline.w, uh, 1, 1, 2, 2, col) < 0)
				return -1;
		}
	}
	return flush(a);
}

int glyph_atlas_draw(glyph_atlas *a, const text_layout *l, float x, float y, const text_colors *c)
{
	fonts *f = text_layout_fonts(l);
	if (f != a->fonts) {
		/* Keys hold face pointers: a new font set invalidates them all,
		 * and our reference keeps the old addresses from being reused
		 * while keys still mention them. */
		if (a->fonts && clear(a) < 0)
			return -1;
		fonts_unref(a->fonts);
		a->fonts = fonts_ref(f);
	}
	int rc = draw_pass(a, l, x, y, c, true);
	if (rc == 1)
		rc = draw_pass(a, l, x, y, c, false);
	return rc < 0 ? -1 : 0;
}
