#include "text/atlas.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
/* x86-64 built by GCC or clang: a second blend eight pixels wide, in AVX2,
 * taken when the CPU has it (glyph_atlas_new asks). */
#if defined(__x86_64__) && defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#define ATLAS_WIDE 1
#include <immintrin.h>
#define WIDE __attribute__((target("avx2")))
#endif

#include "base/hash.h"
#include "base/log.h"
#include "base/vec.h"
#include "text/fonts.h"

#define START_SIDE 512
/* Even when the renderer allows more. 2048^2 texels hold the glyphs of
 * several screens at every text size (a clear, when it is full, costs one
 * frame's rasterising); 4096^2 was 16 MB of coverage plus 64 MB of texture,
 * which the soak saw as peaks of 146 MB after the screen had turned between
 * portrait and landscape at all three text sizes. */
#define MAX_SIDE 2048
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
	/* For drawing straight into a surface (made on the first such draw):
	 * 1 + the index of the glyph's first row in the atlas's rows (0: not
	 * made yet), where its packed coverage starts, and how far right of
	 * the box's left edge its groups of GROUP_PX pixels reach. */
	uint32_t rows, cov;
	int reach;
};

/* One glyph row packed for drawing into a surface: only the span from its
 * first to its last inked pixel, in whole groups of GROUP_PX pixels (zero
 * past the end), so that the blend needs no edge cases; a quarter of a
 * glyph's box is blank at the row ends (the bowls of o, the arms of v).
 * Eight, not four: the AVX2 blend then takes a row in whole steps, with no
 * tail of four to branch on, which a glyph's rows would mispredict often.
 * More zero coverage is blended, and that is still faster (see
 * docs/performance.md, "Drawing"). The padding's pixels are read and
 * written back unchanged: they lie inside the clip (a slot's reach counts
 * them) and in the glyph's own rows, and a frame drawn on two threads is
 * split between them by rows, so no other thread writes them meanwhile. */
#define GROUP_PX 8

struct prow {
	uint16_t lo;     /* first column of the span */
	uint16_t groups; /* of GROUP_PX pixels; 0 for a blank row */
};

struct shelf {
	int y, h, x; /* x: first free column */
};

/* Where glyphs are composited: a surface's 32-bit pixels, the clip (in
 * surface pixels) and where layout coordinates' origin is in the surface
 * (the renderer's viewport). */
typedef struct {
	uint8_t *pixels;
	size_t pitch;
	SDL_Rect clip;
	int ox, oy;
} target;

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
	/* Packed rows and coverage for drawing into a surface (struct prow),
	 * gone with the slots on a clear. */
	struct prow *prows;
	size_t n_prows, cap_prows;
	uint8_t *pcov;
	size_t n_pcov, cap_pcov;
	size_t rasterised;
	size_t clears;
	fonts *fonts; /* the set our keys' faces belong to (a reference) */
	SDL_Vertex *verts;
	int *idx;
	size_t n_verts, n_idx, cap_verts, cap_idx;
	SDL_Surface *surface; /* the software renderer's own surface, or NULL */
	bool wide;            /* blends eight pixels at once (AVX2) */
	bool direct;          /* this draw composites into surface itself */
	target to;            /* and where, when it does */
};

typedef enum { PUT_OK, PUT_FULL, PUT_SKIP, PUT_ERROR } put_result;

static size_t slot_hash(const font_face *f, uint32_t gid, int q)
{
	return (size_t)hash_mix(hash_mix(0, (uint64_t)(uintptr_t)f), (uint64_t)gid << 2 | (uint64_t)q);
}

static int upload(glyph_atlas *a, int x, int y, int w, int h)
{
	size_t need = (size_t)w * (size_t)h;
	/* No texture yet: make_texture will upload the whole CPU copy. */
	if (need == 0 || !a->tex)
		return 0;
	if (VEC_RESERVE(a->pixels, a->cap_pixels, need) < 0)
		return -1;
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

/* (Re)creates the texture at the current size from the CPU copy. It is
 * made on the first draw that needs it: one straight into a surface never
 * does (a headless run, a window on the software renderer), and would pay
 * for converting and uploading every glyph for nothing (a 1024x1024 texture
 * and its staging copy, 8 MB, and 10 M instructions at start-up). */
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
	a->n_prows = 0;
	a->n_pcov = 0;
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
	glyph_atlas_set_wide(a, true);
	a->cap_slots = 1024;
	a->alpha = calloc((size_t)a->w * (size_t)a->h, 1);
	a->slots = calloc(a->cap_slots, sizeof *a->slots);
	if (!a->alpha || !a->slots) {
		LOG(LOG_ERROR, "out of memory");
		glyph_atlas_free(a);
		return -1;
	}
	clear(a); /* no texture yet: nothing to upload, so it cannot fail */
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
	free(a->prows);
	free(a->pcov);
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

static struct slot *find(const glyph_atlas *a, const font_face *f, uint32_t gid, int q)
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
	return a->tex ? make_texture(a) : 0;
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
			if (VEC_RESERVE(a->shelves, a->cap_shelves, a->n_shelves + 1) < 0)
				return 1;
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
static put_result get(glyph_atlas *a, font_face *f, uint32_t gid, int q, struct slot **out)
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
	*s = (struct slot){f, gid, q, x, y, bm.width, bm.rows, bm.left, bm.top, 0, 0, 0};
	a->n_slots++;
	*out = s;
	return PUT_OK;
}

/* A textured quad; texture coordinates stay in texels until the flush,
 * because the texture may grow (and change size) during a draw. */
static int quad(glyph_atlas *a, float x, float y, float w, float h, float tx, float ty, float tw,
		float th, SDL_Color col)
{
	if (VEC_RESERVE(a->verts, a->cap_verts, a->n_verts + 4) < 0 ||
	    VEC_RESERVE(a->idx, a->cap_idx, a->n_idx + 6) < 0)
		return -1;
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

/* x / 255, rounded, in each 16-bit lane of v (lanes at most 255 * 255). */
static inline uint32_t div255_lanes(uint32_t v)
{
	v += 0x00800080u;
	return ((v + ((v >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
}

/* Source-over of colour s (0xFFRRGGBB) at coverage a onto pixel d: every
 * channel, alpha included, becomes (s * a + d * (255 - a)) / 255, two
 * channels per multiply. */
static inline uint32_t blend_pixel(uint32_t d, uint32_t s, unsigned a)
{
	unsigned ia = 255 - a;
	uint32_t rb = (s & 0x00FF00FFu) * a + (d & 0x00FF00FFu) * ia;
	uint32_t ag = ((s >> 8) & 0x00FF00FFu) * a + ((d >> 8) & 0x00FF00FFu) * ia;
	return div255_lanes(rb) | div255_lanes(ag) << 8;
}

#ifdef __SSE2__
/* The colour for blend4: its blue and red, and its green and alpha, each in
 * the low byte of a 16-bit lane, as blend4 splits pixels. */
typedef struct {
	__m128i rb, ag;
} colour4;

static inline colour4 colour4_of(uint32_t src)
{
	__m128i s = _mm_set1_epi32((int)src);
	return (colour4){_mm_and_si128(s, _mm_set1_epi16(0xFF)), _mm_srli_epi16(s, 8)};
}

/* blend_pixel on four pixels at once, in the same arithmetic (so both give
 * the same bytes), split the same way into blue-red and green-alpha lanes;
 * k4 holds the four coverages, lowest byte first. The division is
 * (v + 128) * 257 >> 16, which equals div255_lanes's
 * (v + 128 + ((v + 128) >> 8)) >> 8 for every v up to 255 * 255. */
static inline __m128i blend4(__m128i dv, colour4 s, uint32_t k4)
{
	const __m128i c255 = _mm_set1_epi16(255), c128 = _mm_set1_epi16(128),
		      c257 = _mm_set1_epi16(257);
	__m128i k = _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)k4), _mm_setzero_si128());
	k = _mm_unpacklo_epi16(k, k); /* each pixel's coverage in both of its lanes */
	__m128i ik = _mm_sub_epi16(c255, k);
	__m128i rb = _mm_and_si128(dv, _mm_set1_epi16(0xFF));
	__m128i ag = _mm_srli_epi16(dv, 8);
	rb = _mm_add_epi16(_mm_mullo_epi16(s.rb, k), _mm_mullo_epi16(rb, ik));
	ag = _mm_add_epi16(_mm_mullo_epi16(s.ag, k), _mm_mullo_epi16(ag, ik));
	rb = _mm_mulhi_epu16(_mm_add_epi16(rb, c128), c257);
	ag = _mm_mulhi_epu16(_mm_add_epi16(ag, c128), c257);
	return _mm_or_si128(rb, _mm_slli_epi16(ag, 8));
}
#endif

/* Packs slot s's rows for drawing into a surface (struct prow), from the
 * CPU copy of the coverage. Returns 0, or -1 when out of memory. */
static int pack(glyph_atlas *a, struct slot *s)
{
	size_t max_cov = (size_t)s->h * (size_t)((s->w + GROUP_PX - 1) / GROUP_PX * GROUP_PX);
	if (a->n_prows + (size_t)s->h >= UINT32_MAX || a->n_pcov + max_cov > UINT32_MAX)
		return -1;
	if (VEC_RESERVE(a->prows, a->cap_prows, a->n_prows + (size_t)s->h) < 0 ||
	    VEC_RESERVE(a->pcov, a->cap_pcov, a->n_pcov + max_cov) < 0)
		return -1;
	s->rows = (uint32_t)a->n_prows + 1;
	s->cov = (uint32_t)a->n_pcov;
	s->reach = 0;
	for (int r = 0; r < s->h; r++) {
		const uint8_t *src = a->alpha + (size_t)(s->y + r) * (size_t)a->w + (size_t)s->x;
		int lo = 0, hi = s->w;
		while (lo < hi && src[lo] == 0)
			lo++;
		while (hi > lo && src[hi - 1] == 0)
			hi--;
		int groups = (hi - lo + GROUP_PX - 1) / GROUP_PX;
		uint8_t *dst = a->pcov + a->n_pcov;
		memcpy(dst, src + lo, (size_t)(hi - lo));
		memset(dst + (hi - lo), 0, (size_t)(groups * GROUP_PX - (hi - lo)));
		a->n_pcov += (size_t)groups * GROUP_PX;
		a->prows[a->n_prows++] = (struct prow){(uint16_t)lo, (uint16_t)groups};
		if (groups && lo + groups * GROUP_PX > s->reach)
			s->reach = lo + groups * GROUP_PX;
	}
	return 0;
}

/* A packed row of coverages over a row of pixels, four at a time (SSE2, on
 * every x86-64; plain C elsewhere). No branch on single coverages: 0 and
 * 255 come out exact, and a glyph's edges would mispredict every other
 * pixel. */
static inline void blend_groups(uint32_t *d, const uint8_t *cov, int groups, uint32_t src)
{
#ifdef __SSE2__
	const colour4 s4 = colour4_of(src);
	for (int i = 0; i < groups * GROUP_PX; i += 4) {
		uint32_t k4;
		memcpy(&k4, cov + i, sizeof k4);
		if (k4 == 0)
			continue; /* a gap between strokes */
		__m128i dv = _mm_loadu_si128((const __m128i *)(void *)(d + i));
		_mm_storeu_si128((__m128i *)(void *)(d + i), blend4(dv, s4, k4));
	}
#else
	for (int i = 0; i < groups * GROUP_PX; i++)
		d[i] = blend_pixel(d[i], src, cov[i]);
#endif
}

#ifdef ATLAS_WIDE
/* blend4 on eight pixels: the same arithmetic, so the same bytes. k8 holds
 * the eight coverages, lowest byte first; each goes into both 16-bit lanes
 * of its pixel. */
WIDE static inline __m256i blend8(__m256i dv, __m256i srb, __m256i sag, uint64_t k8)
{
	const __m256i c255 = _mm256_set1_epi16(255), c128 = _mm256_set1_epi16(128),
		      c257 = _mm256_set1_epi16(257);
	const __m256i dup = _mm256_setr_epi8(0, -1, 0, -1, 1, -1, 1, -1, 2, -1, 2, -1, 3, -1, 3, -1,
					     4, -1, 4, -1, 5, -1, 5, -1, 6, -1, 6, -1, 7, -1, 7, -1);
	__m256i k = _mm256_shuffle_epi8(_mm256_set1_epi64x((long long)k8), dup);
	__m256i ik = _mm256_sub_epi16(c255, k);
	__m256i rb = _mm256_and_si256(dv, _mm256_set1_epi16(0xFF));
	__m256i ag = _mm256_srli_epi16(dv, 8);
	rb = _mm256_add_epi16(_mm256_mullo_epi16(srb, k), _mm256_mullo_epi16(rb, ik));
	ag = _mm256_add_epi16(_mm256_mullo_epi16(sag, k), _mm256_mullo_epi16(ag, ik));
	rb = _mm256_mulhi_epu16(_mm256_add_epi16(rb, c128), c257);
	ag = _mm256_mulhi_epu16(_mm256_add_epi16(ag, c128), c257);
	return _mm256_or_si256(rb, _mm256_slli_epi16(ag, 8));
}

/* blend_rows's rows r0..r1 eight pixels at a time, a group whole. Blank
 * groups are blended too (coverage 0 leaves a pixel as it was): skipping
 * them took a branch that mispredicted more than it saved. One call a
 * glyph: the switch into AVX2 is not free. */
_Static_assert(GROUP_PX % 8 == 0, "blend_rows_wide takes a group in steps of eight");
WIDE static void blend_rows_wide(uint8_t *row, size_t pitch, const struct prow *pr,
				 const uint8_t *cov, int r0, int r1, uint32_t src)
{
	const __m256i s = _mm256_set1_epi32((int)src);
	const __m256i srb = _mm256_and_si256(s, _mm256_set1_epi16(0xFF)),
		      sag = _mm256_srli_epi16(s, 8);
	for (int r = r0; r < r1; r++, row += pitch) {
		uint32_t *d = (uint32_t *)(void *)row + pr[r].lo;
		int n = pr[r].groups * GROUP_PX;
		for (int i = 0; i < n; i += 8) {
			uint64_t k8;
			memcpy(&k8, cov + i, sizeof k8);
			__m256i dv = _mm256_loadu_si256((const __m256i *)(void *)(d + i));
			_mm256_storeu_si256((__m256i *)(void *)(d + i), blend8(dv, srb, sag, k8));
		}
		cov += n;
	}
}
#endif

/* Rows r0..r1 of a packed glyph in opaque colour src, row r0 of its span
 * at row (each next row pitch bytes on), cov at row r0's coverage. */
static inline void blend_rows(const glyph_atlas *a, uint8_t *row, size_t pitch,
			      const struct prow *pr, const uint8_t *cov, int r0, int r1,
			      uint32_t src)
{
#ifdef ATLAS_WIDE
	if (a->wide) {
		blend_rows_wide(row, pitch, pr, cov, r0, r1, src);
		return;
	}
#else
	(void)a;
#endif
	for (int r = r0; r < r1; r++, row += pitch) {
		blend_groups((uint32_t *)(void *)row + pr[r].lo, cov, pr[r].groups, src);
		cov += (size_t)pr[r].groups * GROUP_PX;
	}
}

bool glyph_atlas_set_wide(glyph_atlas *a, bool on)
{
#ifdef ATLAS_WIDE
	__builtin_cpu_init();
	a->wide = on && __builtin_cpu_supports("avx2");
#else
	(void)on;
	a->wide = false;
#endif
	return a->wide;
}

/* Layout coordinates this far out are off any surface; beyond them a
 * float no longer converts to int safely. */
#define FAR_PX 16777216.0f

/* floorf for |v| < FAR_PX, where a conversion to int is exact. Once per
 * glyph: before SSE4.1, which Debian's x86-64 cannot assume, floorf takes
 * a dozen instructions for the values it must pass through unchanged (beyond
 * 2^23, infinities, NaN), which these are not. */
static inline float floor_px(float v)
{
	float t = (float)(int32_t)v;
	return t > v ? t - 1.0f : t;
}

/* roundf (halves away from zero), exact for |v| < FAR_PX, but inline: libm's
 * is a call, once per glyph. Other values come back as they are, for the
 * caller's FAR_PX test to pass by. */
static inline float round_px(float v)
{
	float m = fabsf(v);
	if (!(m < FAR_PX))
		return v;
	float r = floor_px(m);
	r += m - r >= 0.5f ? 1.0f : 0.0f;
	return copysignf(r, v);
}

static uint32_t *target_row(const target *t, int y)
{
	return (uint32_t *)(void *)(t->pixels + (size_t)y * t->pitch);
}

/* Per glyph, the two below are inlined into both their callers even so:
 * called, they cost some 60 instructions a glyph (3 % of drawing). */
#define PER_GLYPH static inline __attribute__((always_inline))

/* A packed glyph (s->rows set) straight into t, its box's top-left at
 * (x, y) in layout pixels. Reads the atlas only. */
PER_GLYPH void composite_glyph(const glyph_atlas *a, const target *t, const struct slot *s, int x,
			    int y, SDL_Color c)
{
	x += t->ox;
	y += t->oy;
	const struct prow *pr = a->prows + (s->rows - 1);
	const uint8_t *cov = a->pcov + s->cov;
	uint32_t src = 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
	int cx0 = t->clip.x, cy0 = t->clip.y, cx1 = cx0 + t->clip.w, cy1 = cy0 + t->clip.h;
	/* Wholly outside the clip: a frame redrawing a small part of the
	 * screen passes most glyphs by. */
	if (x >= cx1 || x + s->reach <= cx0 || y >= cy1 || y + s->h <= cy0)
		return;
	if (c.a == 255 && x >= cx0 && x + s->reach <= cx1) {
		/* Inside the clip across, groups and all: most glyphs, and
		 * those the clip cuts only above or below (a scrolling page's
		 * edge, a band of a frame drawn on two threads). */
		int r0 = cy0 - y > 0 ? cy0 - y : 0, r1 = cy1 - y < s->h ? cy1 - y : s->h;
		for (int r = 0; r < r0; r++)
			cov += (size_t)pr[r].groups * GROUP_PX;
		if (r0 < r1)
			blend_rows(a, (uint8_t *)(void *)(target_row(t, y + r0) + x), t->pitch, pr,
				   cov, r0, r1, src);
		return;
	}
	/* Clipped across, or a translucent colour: pixel by pixel. */
	for (int r = 0; r < s->h; r++) {
		int lo = pr[r].lo, n = pr[r].groups * GROUP_PX;
		const uint8_t *k = cov;
		cov += n;
		if (y + r < cy0 || y + r >= cy1)
			continue;
		uint32_t *d = target_row(t, y + r);
		int i0 = cx0 - (x + lo) > 0 ? cx0 - (x + lo) : 0;
		int i1 = cx1 - (x + lo) < n ? cx1 - (x + lo) : n;
		for (int i = i0; i < i1; i++) {
			unsigned cov_a = c.a == 255 ? k[i] : (k[i] * c.a + 127u) / 255u;
			d[x + lo + i] = blend_pixel(d[x + lo + i], src, cov_a);
		}
	}
}

/* A filled rectangle (an underline, whose size is not whole texels) straight
 * into t, rounded to pixels as SDL would. */
static void composite_rect(const target *t, float fx, float fy, float fw, float fh, SDL_Color c)
{
	int x0 = (int)floorf(fx + 0.5f) + t->ox, y0 = (int)floorf(fy + 0.5f) + t->oy;
	int x1 = (int)floorf(fx + fw + 0.5f) + t->ox, y1 = (int)floorf(fy + fh + 0.5f) + t->oy;
	int cx0 = t->clip.x, cy0 = t->clip.y, cx1 = cx0 + t->clip.w, cy1 = cy0 + t->clip.h;
	x0 = x0 > cx0 ? x0 : cx0;
	y0 = y0 > cy0 ? y0 : cy0;
	x1 = x1 < cx1 ? x1 : cx1;
	y1 = y1 < cy1 ? y1 : cy1;
	uint32_t src = 0xFF000000u | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
	for (int y = y0; y < y1; y++) {
		uint32_t *d = target_row(t, y);
		for (int i = x0; i < x1; i++)
			d[i] = c.a == 255 ? src : blend_pixel(d[i], src, c.a);
	}
}

/* Where glyph g of run goes with the layout's origin at (ox, oy): the
 * whole pixel *ix of its pen, its baseline row *gy and its quarter-pixel
 * phase *q. False when it lies too far out to be drawn at all. */
PER_GLYPH bool glyph_place(const text_run *run, size_t g, float ox, float oy, float *ix, float *gy,
			int *q)
{
	float gx = ox + run->x[g];
	*gy = round_px(oy + run->y[g]);
	if (!(fabsf(gx) < FAR_PX && fabsf(*gy) < FAR_PX))
		return false;
	*ix = floor_px(gx);
	/* gx - *ix is in [0, 1), so truncating is flooring here. */
	*q = (int)((gx - *ix) * 4.0f + 0.5f);
	if (*q >= 4) {
		*q = 0;
		*ix += 1.0f;
	}
	return true;
}

/* The run's underline with the layout's origin at (ox, oy): its left *ux,
 * top row *uy and whole-pixel height *uh. False when it has none or lies
 * too far out. */
static bool underline_place(const text_run *run, float ox, float oy, float *ux, float *uy,
			    float *uh)
{
	if (!(run->underline.w > 0))
		return false;
	*ux = ox + run->underline.x;
	*uy = round_px(oy + run->underline.y);
	*uh = roundf(run->underline.h) > 1 ? roundf(run->underline.h) : 1;
	return fabsf(*ux) < FAR_PX && fabsf(*uy) < FAR_PX && run->underline.w < FAR_PX;
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
 * a layout with more glyphs than the largest atlas holds still draws.
 * Drawing straight into the surface queues nothing, so it never restarts. */
static int draw_pass(glyph_atlas *a, const text_layout *l, float ox, float oy, const text_colors *c,
		     bool allow_restart)
{
	a->n_verts = a->n_idx = 0;
	bool restart = allow_restart && !a->direct;
	size_t runs = text_layout_run_count(l);
	for (size_t ri = 0; ri < runs; ri++) {
		text_run run;
		text_layout_run(l, ri, &run);
		SDL_Color col = (run.flags & TEXT_LINK) ? c->link : c->text;
		for (size_t g = 0; g < run.n; g++) {
			float ix, gy;
			int q;
			if (run.glyphs[g] == TEXT_GLYPH_NONE || !glyph_place(&run, g, ox, oy, &ix, &gy, &q))
				continue;
			struct slot *s = NULL;
			put_result pr = get(a, run.face, run.glyphs[g], q, &s);
			if (pr == PUT_FULL) {
				/* The first time, start the layout again on a clean
				 * atlas: queued quads would point at evicted slots.
				 * After that, draw what is queued (SDL finishes it
				 * before the texture changes) and carry on. */
				if (!restart && flush(a) < 0)
					return -1;
				if (clear(a) < 0)
					return -1;
				a->clears++;
				LOG(LOG_DEBUG, "glyph atlas full at %dx%d: cleared", a->w, a->h);
				if (restart)
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
			if (a->direct) {
				if (!s->rows && pack(a, s) < 0)
					return -1;
				composite_glyph(a, &a->to, s, (int)ix + s->left, (int)gy - s->top, col);
			} else if (quad(a, ix + (float)s->left, gy - (float)s->top, (float)s->w,
				      (float)s->h, (float)s->x, (float)s->y, (float)s->w, (float)s->h,
				      col) < 0)
				return -1;
		}
		float ux, uy, uh;
		if (!underline_place(&run, ox, oy, &ux, &uy, &uh))
			continue;
		if (a->direct)
			composite_rect(&a->to, ux, uy, run.underline.w, uh, col);
		else if (quad(a, ux, uy, run.underline.w, uh, 1, 1, 2, 2, col) < 0)
			return -1;
	}
	return flush(a);
}

void glyph_atlas_set_surface(glyph_atlas *a, SDL_Surface *s)
{
	a->surface = s;
}

/* Whether this draw can composite into the surface itself: only while the
 * renderer draws there 1:1 (no target texture, no scaling) and the pixels
 * are 32-bit xRGB that need no locking. Sets the clip and the viewport. */
static bool direct_ok(glyph_atlas *a)
{
	SDL_Surface *s = a->surface;
	if (!s || SDL_MUSTLOCK(s) || SDL_GetRenderTarget(a->r) ||
	    (s->format->format != SDL_PIXELFORMAT_ARGB8888 &&
	     s->format->format != SDL_PIXELFORMAT_RGB888))
		return false;
	float sx, sy;
	int lw, lh;
	SDL_RenderGetScale(a->r, &sx, &sy);
	SDL_RenderGetLogicalSize(a->r, &lw, &lh);
	if (sx != 1.0f || sy != 1.0f || lw || lh)
		return false;
	SDL_Rect vp, clip = {0, 0, s->w, s->h};
	SDL_RenderGetViewport(a->r, &vp);
	a->to = (target){s->pixels, (size_t)s->pitch, clip, vp.x, vp.y};
	vp.x = vp.x > 0 ? vp.x : 0;
	vp.y = vp.y > 0 ? vp.y : 0;
	SDL_IntersectRect(&clip, &vp, &clip);
	if (SDL_RenderIsClipEnabled(a->r)) {
		SDL_Rect cr;
		SDL_RenderGetClipRect(a->r, &cr);
		cr.x += a->to.ox;
		cr.y += a->to.oy;
		if (!SDL_IntersectRect(&clip, &cr, &clip))
			clip.w = clip.h = 0;
	}
	a->to.clip = clip;
	/* What the renderer has queued goes underneath. */
	return SDL_RenderFlush(a->r) == 0;
}

/* Makes l's font set the one the atlas's keys belong to. Returns 0, or -1
 * when the renderer fails. */
static int use_fonts(glyph_atlas *a, const text_layout *l)
{
	fonts *f = text_layout_fonts(l);
	if (f == a->fonts)
		return 0;
	/* Keys hold face pointers: a new font set invalidates them all, and
	 * our reference keeps the old addresses from being reused while keys
	 * still mention them. */
	if (a->fonts && clear(a) < 0)
		return -1;
	fonts_unref(a->fonts);
	a->fonts = fonts_ref(f);
	return 0;
}

int glyph_atlas_draw(glyph_atlas *a, const text_layout *l, float x, float y, const text_colors *c)
{
	if (use_fonts(a, l) < 0)
		return -1;
	a->direct = direct_ok(a);
	if (!a->direct && !a->tex && make_texture(a) < 0)
		return -1;
	int rc = draw_pass(a, l, x, y, c, true);
	if (rc == 1)
		rc = draw_pass(a, l, x, y, c, false);
	return rc < 0 ? -1 : 0;
}

int glyph_atlas_prepare(glyph_atlas *a, const text_layout *l, float x, float y)
{
	if (use_fonts(a, l) < 0)
		return -1;
	/* Only where glyph_atlas_draw would composite too, and at the
	 * surface's origin: glyph_atlas_composite knows no viewport. */
	if (!direct_ok(a) || a->to.ox != 0 || a->to.oy != 0)
		return 1;
	size_t runs = text_layout_run_count(l);
	for (size_t ri = 0; ri < runs; ri++) {
		text_run run;
		text_layout_run(l, ri, &run);
		for (size_t g = 0; g < run.n; g++) {
			float ix, gy;
			int q;
			if (run.glyphs[g] == TEXT_GLYPH_NONE || !glyph_place(&run, g, x, y, &ix, &gy, &q))
				continue;
			struct slot *s = NULL;
			put_result pr = get(a, run.face, run.glyphs[g], q, &s);
			if (pr == PUT_FULL)
				return 1;
			if (pr == PUT_ERROR)
				return -1;
			if (pr == PUT_OK && s->w > 0 && !s->rows && pack(a, s) < 0)
				return -1;
		}
	}
	return 0;
}

void glyph_atlas_composite(const glyph_atlas *a, const text_layout *l, float x, float y,
			   const text_colors *c, SDL_Rect clip)
{
	const SDL_Surface *surface = a->surface;
	if (!surface || text_layout_fonts(l) != a->fonts || !a->slots)
		return;
	SDL_Rect whole = {0, 0, surface->w, surface->h};
	if (!SDL_IntersectRect(&clip, &whole, &clip))
		return;
	target t = {surface->pixels, (size_t)surface->pitch, clip, 0, 0};
	size_t runs = text_layout_run_count(l);
	for (size_t ri = 0; ri < runs; ri++) {
		text_run run;
		text_layout_run(l, ri, &run);
		SDL_Color col = (run.flags & TEXT_LINK) ? c->link : c->text;
		for (size_t g = 0; g < run.n; g++) {
			float ix, gy;
			int q;
			if (run.glyphs[g] == TEXT_GLYPH_NONE || !glyph_place(&run, g, x, y, &ix, &gy, &q))
				continue;
			const struct slot *s = find(a, run.face, run.glyphs[g], q);
			/* Not ready (glyph_atlas_prepare failed, or FreeType
			 * could not draw it, which glyph_atlas_draw skips too). */
			if (!s->face || !s->rows || s->w == 0)
				continue;
			composite_glyph(a, &t, s, (int)ix + s->left, (int)gy - s->top, col);
		}
		float ux, uy, uh;
		if (underline_place(&run, x, y, &ux, &uy, &uh))
			composite_rect(&t, ux, uy, run.underline.w, uh, col);
	}
}
