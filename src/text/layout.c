/* The engine, and building a layout: style runs, shaping, break
 * opportunities, line fitting, and placing the glyphs line by line. The
 * cache is layout_cache.c, the queries layout_query.c. */
#include "text/layout.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "text/breaker.h"
#include "text/fonts.h"
#include "text/layout_internal.h"
#include "text/linefit.h"
#include "text/shaper.h"
#include "text/wordcache.h"

#define DEFAULT_LINE_HEIGHT 1.5f
#define DEFAULT_BLOCK_GAP 0.75f
/* Headings are set tighter than body text, in this ratio. */
#define HEADING_LEADING (1.25f / 1.5f)
#define LIST_INDENT_EM 1.5f
#define MARKER_GAP_EM 0.5f
/* Paragraphs are limited to this many bytes: ICU indexes are 32-bit. */
#define PARA_MAX ((size_t)INT32_MAX)

static const float heading_scale[3] = {1.75f, 1.4f, 1.2f};
/* A heading is never so large that a line of it holds fewer than this many
 * of the body face's average lower-case letters (in proportion to its
 * size): on a narrow screen at the largest text size it would otherwise
 * take half the screen, a word or two a line, before the text it heads.
 * It stays at least HEADING_MIN_SCALE times the body, bold. */
#define HEADING_MIN_LETTERS 24.0f
#define HEADING_MIN_SCALE 1.15f

struct text_engine {
	fonts *fonts;
	breaker *brk;
	wordcache *words;
	shaper *sh;
	/* The current paragraph's line break opportunities, from ICU once:
	 * the shaper cuts words there, and line fitting breaks there. */
	size_t *brk_pos;
	bool *brk_hard;
	size_t n_brks, cap_brks;
	shaped_text para, line, marker;
	linefit_break *cands;
	size_t *cand_pos, *cand_k, *ends; /* cand_k: glyph_at of cand_pos */
	size_t n_cands, cap_cands;
	int64_t *prefix;
	size_t cap_prefix;
	text_span *runs;
	size_t cap_runs;
	linefit_scratch fit;
	layout_cache cache;
};

/* ---- engine ---------------------------------------------------------- */

int text_engine_new(const char *font_dir, diag_list *diags, text_engine **out)
{
	*out = NULL;
	text_engine *e = calloc(1, sizeof *e);
	if (!e) {
		diag_add(diags, font_dir, 0, "out of memory starting the text engine");
		return -1;
	}
	if (fonts_new(font_dir, diags, &e->fonts) < 0) {
		free(e);
		return -1;
	}
	if (breaker_new(&e->brk) < 0 || wordcache_new(&e->words) < 0 ||
	    shaper_new(e->words, &e->sh) < 0) {
		diag_add(diags, font_dir, 0, "out of memory starting the text engine");
		text_engine_free(e);
		return -1;
	}
	*out = e;
	return 0;
}

void text_engine_cache_clear(text_engine *eng)
{
	layout_cache_clear(&eng->cache);
}

void text_engine_free(text_engine *eng)
{
	if (!eng)
		return;
	text_engine_cache_clear(eng);
	shaped_text_free(&eng->para);
	shaped_text_free(&eng->line);
	shaped_text_free(&eng->marker);
	free(eng->cands);
	free(eng->cand_pos);
	free(eng->cand_k);
	free(eng->ends);
	free(eng->prefix);
	free(eng->runs);
	free(eng->brk_pos);
	free(eng->brk_hard);
	linefit_scratch_free(&eng->fit);
	shaper_free(eng->sh);
	wordcache_free(eng->words);
	breaker_free(eng->brk);
	fonts_unref(eng->fonts);
	free(eng);
}

fonts *text_engine_fonts(text_engine *eng)
{
	return eng->fonts;
}

wordcache *text_engine_wordcache(text_engine *eng)
{
	return eng->words;
}

/* ---- small helpers ----------------------------------------------------- */

static bool is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* Where the spaces that hang at the end of a line ending at b begin (not
 * before lo): spaces, tabs, newlines and the other breaking spaces. */
static inline size_t hang_start(const char *t, size_t lo, size_t b)
{
	/* The common case: one space after printable ASCII. */
	if (b - lo >= 2 && t[b - 1] == ' ' && (unsigned char)t[b - 2] - 0x21u < 0x5Eu)
		return b - 1;
	size_t p = b;
	while (p > lo) {
		unsigned char c = (unsigned char)t[p - 1];
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			p--;
			continue;
		}
		if (c < 0x80)
			break; /* any other ASCII: the common case, nothing to decode */
		if (p - lo >= 2 && (unsigned char)t[p - 2] == 0xC2 && c == 0x85) {
			p -= 2; /* NEL */
			continue;
		}
		if (p - lo >= 3) {
			uint32_t cp;
			if (utf8_decode(t + p - 3, 3, &cp) == 3 &&
			    ((cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x2028 ||
			     cp == 0x2029 || cp == 0x205F || cp == 0x3000 || cp == 0x1680)) {
				p -= 3;
				continue;
			}
		}
		break;
	}
	return p;
}

/* Index of the first glyph whose cluster is at or after byte b. */
static size_t glyph_at(const shaped_text *st, size_t b)
{
	size_t lo = 0, hi = st->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->g[mid].cluster < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* glyph_at for a b at or after the cluster of glyph k: the callers walk
 * forward through the paragraph, so a scan from the last answer is short. */
static size_t glyph_from(const shaped_text *st, size_t b, size_t k)
{
	const shaped_glyph *g = st->g;
	size_t n = st->n;
	while (k < n && g[k].cluster < b)
		k++;
	return k;
}

/* Can the paragraph's shaping be cut at byte b without reshaping? k is
 * glyph_at(st, b). */
static inline bool safe_at(const shaped_text *st, size_t len, size_t b, size_t k)
{
	if (b == 0 || b >= len || k >= st->n)
		return true;
	if (st->g[k].cluster != b)
		return false; /* inside a cluster (a ligature): must reshape */
	if (k > 0 && st->g[k].item != st->g[k - 1].item)
		return true; /* items are shaped apart anyway */
	return !(st->g[k].flags & SHAPED_UNSAFE);
}

static text_params normalise(const text_params *in)
{
	text_params p = *in;
	if (!(p.width >= 1.0f))
		p.width = 1.0f;
	if (p.width > 1e6f)
		p.width = 1e6f;
	if (!(p.body_px >= 1.0f))
		p.body_px = p.body_px > 0 ? 1.0f : 16.0f;
	if (p.body_px > 500.0f)
		p.body_px = 500.0f;
	if ((int)p.lang < 0 || p.lang >= LANG_MAX)
		p.lang = LANG_CY;
	if (p.measure_cap < 0)
		p.measure_cap = 0;
	if (p.align != TEXT_ALIGN_CENTER)
		p.align = TEXT_ALIGN_LEFT;
	if (!(p.line_height > 0.0f) || p.line_height > 10.0f)
		p.line_height = DEFAULT_LINE_HEIGHT;
	if (!(p.block_gap > 0.0f) || p.block_gap > 10.0f)
		p.block_gap = DEFAULT_BLOCK_GAP;
	return p;
}

/* ---- layout construction ------------------------------------------- */

text_layout *text_layout_ref(text_layout *l)
{
	l->refs++;
	return l;
}

void text_layout_unref(text_layout *l)
{
	if (!l || --l->refs > 0)
		return;
	if (l->words) {
		for (size_t b = 0; b < l->n_blocks; b++) {
			free(l->words[b].starts);
			free(l->words[b].ends);
		}
	}
	free(l->blocks); /* and words, spans and text with it (layout_alloc) */
	free(l->lines);
	free(l->lext);
	free(l->gid); /* the block of all five glyph arrays (reserve_glyphs) */
	free(l->runs);
	if (l->fonts)
		fonts_unref(l->fonts);
	free(l);
}

/* A new layout holding copies of the input. */
static text_layout *layout_alloc(text_engine *e, const text_block *blocks, size_t n,
				 const text_params *p, uint64_t h)
{
	text_layout *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->refs = 1;
	l->fonts = fonts_ref(e->fonts);
	l->hash = h;
	l->params = *p;
	l->n_blocks = n;
	size_t total = 0, total_spans = 0;
	for (size_t b = 0; b < n; b++) {
		total += blocks[b].len;
		total_spans += blocks[b].n_spans;
	}
	/* One allocation for the blocks, their words, the spans and the text,
	 * in that order (the first three hold size_t, so each part stays
	 * aligned): zeroed, as the words must start. */
	size_t nb = n ? n : 1, ns = total_spans ? total_spans : 1;
	size_t bytes = nb * (sizeof *l->blocks + sizeof *l->words) + ns * sizeof *l->spans;
	char *block = total < SIZE_MAX - bytes ? calloc(1, bytes + total + 1) : NULL;
	if (!block) {
		text_layout_unref(l);
		return NULL;
	}
	l->blocks = (struct lblock *)(void *)block;
	l->words = (struct block_words *)(void *)(block + nb * sizeof *l->blocks);
	l->spans = (text_span *)(void *)((char *)l->words + nb * sizeof *l->words);
	l->text = (char *)l->spans + ns * sizeof *l->spans;
	size_t off = 0, soff = 0;
	for (size_t b = 0; b < n; b++) {
		const text_block *in = &blocks[b];
		l->blocks[b] = (struct lblock){in->kind, in->level, off, in->len, soff, in->n_spans};
		if (in->len)
			memcpy(l->text + off, in->text, in->len);
		if (in->n_spans)
			memcpy(l->spans + soff, in->spans, in->n_spans * sizeof *in->spans);
		off += in->len;
		soff += in->n_spans;
	}
	return l;
}

/* Style runs covering text[0..len): the spans clamped, made increasing and
 * moved off the middle of UTF-8 sequences; gaps are regular. */
static int style_runs(text_engine *e, const char *t, size_t len, const text_span *spans,
		      size_t n_spans, unsigned base, size_t *n_out)
{
	size_t n = 0, at = 0;
	for (size_t i = 0; i <= n_spans; i++) {
		size_t s = len, z = len;
		unsigned fl = 0;
		if (i < n_spans) {
			s = spans[i].start < len ? spans[i].start : len;
			z = spans[i].end < len ? spans[i].end : len;
			fl = spans[i].flags & (TEXT_BOLD | TEXT_ITALIC | TEXT_LINK);
			while (s < len && s > 0 && is_cont((unsigned char)t[s]))
				s++;
			while (z < len && z > 0 && is_cont((unsigned char)t[z]))
				z++;
			if (s < at)
				s = at;
			if (z <= s)
				continue;
		}
		for (int part = 0; part < 2; part++) {
			size_t a = part ? s : at, b = part ? z : s;
			unsigned f = (part ? fl : 0) | base;
			if (a >= b)
				continue;
			if (n && e->runs[n - 1].flags == f && e->runs[n - 1].end == a) {
				e->runs[n - 1].end = b;
				continue;
			}
			if (VEC_RESERVE(e->runs, e->cap_runs, n + 1) < 0)
				return -1;
			e->runs[n++] = (text_span){a, b, f};
		}
		at = z;
	}
	*n_out = n;
	return 0;
}

/* Room for n candidates in all four arrays. */
static int reserve_cands(text_engine *e, size_t n)
{
	void *const arrs[] = {&e->cands, &e->cand_pos, &e->cand_k, &e->ends};
	const size_t elems[] = {sizeof *e->cands, sizeof *e->cand_pos, sizeof *e->cand_k,
				sizeof *e->ends};
	return vec_reserve_many(arrs, elems, 4, &e->cap_cands, n);
}

/* A candidate break at byte pos, whose glyph_at is k. */
static inline int push_cand(text_engine *e, size_t pos, size_t k, int64_t sx, int64_t vx,
		     linefit_kind kind)
{
	if (e->n_cands >= e->cap_cands && reserve_cands(e, e->n_cands + 1) < 0)
		return -1;
	e->cands[e->n_cands] = (linefit_break){sx, vx, kind};
	e->cand_k[e->n_cands] = k;
	e->cand_pos[e->n_cands++] = pos;
	return 0;
}

/* The nearest boundaries around b (k = glyph_at(b)) where the paragraph's
 * shaping can be cut as it is: *a the last before b (or 0), *z the first
 * after b (or len). The search stops after SAFE_SCAN glyphs each way: in
 * a long stretch of joined script with no safe point, reshaping from the
 * far end at every emergency break would be quadratic, and a cut a few
 * dozen glyphs away is as good for measuring. */
#define SAFE_SCAN 32
static void safe_around(const shaped_text *st, size_t len, size_t b, size_t k, size_t *a,
			size_t *z)
{
	*a = 0;
	for (size_t i = k, steps = 0; i-- > 0; steps++) {
		size_t c = st->g[i].cluster;
		bool first = i == 0 || st->g[i - 1].cluster != c;
		if (c < b && first && (steps >= SAFE_SCAN || safe_at(st, len, c, i))) {
			*a = c;
			break;
		}
	}
	*z = len;
	for (size_t i = k, steps = 0; i < st->n; i++, steps++) {
		size_t c = st->g[i].cluster;
		bool first = i == 0 || st->g[i - 1].cluster != c;
		if (c > b && first && (steps >= SAFE_SCAN || safe_at(st, len, c, i))) {
			*z = c;
			break;
		}
	}
}

/* Pen positions for a break at b: where a line ending there stops (at vis,
 * before hanging spaces) and where a line starting there begins, both 26.6
 * in the paragraph's frame. kb, kv: glyph_at of b and vis. Where HarfBuzz
 * flagged b unsafe, the pieces next to it are shaped alone, as
 * assemble_line will shape them, so the widths line fitting sees are the
 * widths drawn. */
static int break_x(text_engine *e, const char *t, size_t len, lang_id lang, size_t b, size_t kb,
		   size_t vis, size_t kv, int64_t *start_x, int64_t *vis_x)
{
	const shaped_text *st = &e->para;
	const int64_t *x = e->prefix;
	*start_x = x[kb];
	*vis_x = x[kv];
	if (safe_at(st, len, b, kb))
		return 0;
	size_t a, z;
	safe_around(st, len, b, kb, &a, &z);
	shaped_text *tmp = &e->line;
	if (vis > a) {
		tmp->n = 0;
		if (shaper_reshape(e->sh, t, len, st, a, b, lang, tmp) < 0)
			return -1;
		int64_t w = 0;
		for (size_t i = 0; i < tmp->n && tmp->g[i].cluster < vis; i++)
			w += tmp->g[i].adv;
		*vis_x = x[glyph_at(st, a)] + w;
	}
	tmp->n = 0;
	if (shaper_reshape(e->sh, t, len, st, b, z, lang, tmp) < 0)
		return -1;
	int64_t w = 0;
	for (size_t i = 0; i < tmp->n; i++)
		w += tmp->g[i].adv;
	*start_x = x[glyph_at(st, z)] - w;
	return 0;
}

/* The paragraph's line break opportunities (the breaker is set to it) into
 * e->brk_pos and e->brk_hard. */
static int collect_breaks(text_engine *e, size_t len)
{
	e->n_brks = 0;
	void *const arrs[] = {&e->brk_pos, &e->brk_hard};
	const size_t elems[] = {sizeof *e->brk_pos, sizeof *e->brk_hard};
	size_t n;
	const size_t *simple = breaker_simple_lines(e->brk, &n);
	if (simple && n) {
		if (vec_reserve_many(arrs, elems, 2, &e->cap_brks, n) < 0)
			return -1;
		memcpy(e->brk_pos, simple, n * sizeof *simple);
		memset(e->brk_hard, 0, n * sizeof *e->brk_hard);
		e->brk_hard[n - 1] = true; /* len */
		e->n_brks = n;
		return 0;
	}
	if (simple)
		return 0;
	bool hard;
	for (size_t b = breaker_next_line(e->brk, 0, &hard); b <= len;
	     b = breaker_next_line(e->brk, b, &hard)) {
		if (vec_reserve_many(arrs, elems, 2, &e->cap_brks, e->n_brks + 1) < 0)
			return -1;
		e->brk_pos[e->n_brks] = b;
		e->brk_hard[e->n_brks++] = hard;
	}
	return 0;
}

/* Whether t[b] starts a letter: ASCII, or of Latin-1 and Latin Extended-A
 * and -B (the signs x and / of Latin-1 apart), which Welsh and the other
 * Latin-script languages of the content are written in. */
static bool letter_at(const char *t, size_t len, size_t b)
{
	unsigned char c = (unsigned char)t[b];
	if (c < 0x80)
		return (unsigned)((c | 0x20) - 'a') < 26u;
	uint32_t cp;
	return utf8_decode(t + b, len - b, &cp) > 1 && cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 &&
	       cp != 0xF7;
}

static bool digit_at(const char *t, size_t i)
{
	return (unsigned)((unsigned char)t[i] - '0') < 10u;
}

/* Whether the soft break at b, after one space, parts a number from the
 * word it counts ("6 | cam", "8 | tudalen"): a number is not left at the end
 * of a line without its noun, as typesetters keep them (the content cannot
 * say so with a no-break space that a translator would not see). The number
 * is a whole word of digits, with . or , between them. */
static bool parts_number(const char *t, size_t len, size_t b)
{
	if (b < 2 || b >= len || t[b - 1] != ' ' || !digit_at(t, b - 2) || !letter_at(t, len, b))
		return false;
	size_t d = b - 2;
	while (d > 0 && (digit_at(t, d - 1) || ((t[d - 1] == '.' || t[d - 1] == ',') && d >= 2 &&
						digit_at(t, d - 2))))
		d--;
	return d == 0 || t[d - 1] == ' ' || t[d - 1] == '(';
}

/* The break opportunities of the shaped paragraph, with emergency breaks
 * between the graphemes of any word wider than the line (width, 26.6), and
 * none between a number and its word (parts_number). */
static int find_breaks(text_engine *e, const char *t, size_t len, lang_id lang, int64_t width)
{
	const shaped_text *st = &e->para;
	e->n_cands = 0;
	/* One for the start and one a break: emergency breaks grow it. */
	if (reserve_cands(e, e->n_brks + 1) < 0 || push_cand(e, 0, 0, 0, 0, LINEFIT_HARD) < 0)
		return -1;
	size_t prev = 0, kprev = 0;
	for (size_t i = 0; i < e->n_brks; i++) {
		size_t b = e->brk_pos[i];
		bool hard = e->brk_hard[i];
		if (!hard && parts_number(t, len, b))
			continue;
		size_t vis = hang_start(t, prev, b);
		size_t kv = glyph_from(st, vis, kprev), kb = glyph_from(st, b, kv);
		int64_t sx, vx;
		if (break_x(e, t, len, lang, b, kb, vis, kv, &sx, &vx) < 0)
			return -1;
		if (vx - e->cands[e->n_cands - 1].start_x > width) {
			size_t kg = kprev;
			for (size_t g = breaker_next_grapheme(e->brk, prev); g < vis;
			     g = breaker_next_grapheme(e->brk, g)) {
				int64_t gs, gv;
				kg = glyph_from(st, g, kg);
				if (break_x(e, t, len, lang, g, kg, g, kg, &gs, &gv) < 0 ||
				    push_cand(e, g, kg, gs, gv, LINEFIT_EMERGENCY) < 0)
					return -1;
			}
		}
		if (push_cand(e, b, kb, sx, vx, hard ? LINEFIT_HARD : LINEFIT_SOFT) < 0)
			return -1;
		prev = b;
		kprev = kb;
	}
	return 0;
}

static int line_glyphs_copy(shaped_text *dst, const shaped_text *src, size_t k0, size_t k1)
{
	if (k1 <= k0)
		return 0;
	if (VEC_RESERVE(dst->g, dst->cap, dst->n + (k1 - k0)) < 0)
		return -1;
	memcpy(dst->g + dst->n, src->g + k0, (k1 - k0) * sizeof *dst->g);
	dst->n += k1 - k0;
	return 0;
}

/* The glyphs of line [s, z) (ks, kz: glyph_at of s and z) through *g and
 * *n: the paragraph's shaping reused, reshaped only next to a break
 * HarfBuzz flagged unsafe (the same pieces break_x measured), in e->line;
 * where neither end is, the paragraph's own glyphs, uncopied. */
static int assemble_line(text_engine *e, const char *t, size_t len, lang_id lang, size_t s,
			 size_t ks, size_t z, size_t kz, const shaped_glyph **g, size_t *n)
{
	const shaped_text *st = &e->para;
	shaped_text *out = &e->line;
	out->n = 0;
	size_t mid_s = s, mid_z = z, a, b;
	bool safe_s = safe_at(st, len, s, ks), safe_z = safe_at(st, len, z, kz);
	if (safe_s && safe_z) {
		*g = st->g + ks;
		*n = kz - ks;
		return 0;
	}
	if (!safe_s) {
		safe_around(st, len, s, ks, &a, &b);
		mid_s = b < z ? b : z;
	}
	if (!safe_z) {
		safe_around(st, len, z, kz, &a, &b);
		mid_z = a > mid_s ? a : mid_s;
	}
	if (mid_s > s && shaper_reshape(e->sh, t, len, st, s, mid_s, lang, out) < 0)
		return -1;
	if (mid_z > mid_s && line_glyphs_copy(out, st, glyph_at(st, mid_s), glyph_at(st, mid_z)) < 0)
		return -1;
	if (z > mid_z && shaper_reshape(e->sh, t, len, st, mid_z, z, lang, out) < 0)
		return -1;
	*g = out->g;
	*n = out->n;
	return 0;
}

/* Room for n more glyphs, made once per block rather than per glyph. The
 * five glyph arrays live in one allocation, gid's (one malloc and one free
 * a layout instead of five). */
#define GLYPH_BYTES (2 * sizeof(uint32_t) + 3 * sizeof(float))
static int reserve_glyphs(text_layout *l, size_t n)
{
	size_t need = l->n_glyphs + n;
	if (need <= l->cap_glyphs)
		return 0;
	size_t cap = l->cap_glyphs ? l->cap_glyphs : VEC_MIN_CAP;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (need < n || cap > SIZE_MAX / GLYPH_BYTES)
		return -1;
	uint32_t *gid = malloc(cap * GLYPH_BYTES);
	if (!gid)
		return -1;
	uint32_t *cluster = gid + cap;
	float *gx = (float *)(void *)(cluster + cap), *gy = gx + cap, *pen = gy + cap;
	size_t k = l->n_glyphs;
	if (k) {
		memcpy(gid, l->gid, k * sizeof *gid);
		memcpy(cluster, l->cluster, k * sizeof *cluster);
		memcpy(gx, l->gx, k * sizeof *gx);
		memcpy(gy, l->gy, k * sizeof *gy);
		memcpy(pen, l->pen, k * sizeof *pen);
	}
	free(l->gid);
	l->gid = gid;
	l->cluster = cluster;
	l->gx = gx;
	l->gy = gy;
	l->pen = pen;
	l->cap_glyphs = cap;
	return 0;
}

static int push_run(text_layout *l, font_face *face, unsigned flags, bool marker, size_t block,
		    size_t g0)
{
	if (VEC_RESERVE(l->runs, l->cap_runs, l->n_runs + 1) < 0)
		return -1;
	l->runs[l->n_runs++] = (struct lrun){face, flags, marker, block, g0, 0, {0, 0, 0, 0}};
	return 0;
}

/* Closes run r at pen x `end` (clipped to the visible end of its line). */
static void finish_run(text_layout *l, struct lrun *r, float end, float baseline)
{
	r->n = l->n_glyphs - r->g0;
	if (!(r->flags & TEXT_LINK) || r->n == 0)
		return;
	const font_metrics *m = font_face_metrics(r->face);
	float x0 = l->pen[r->g0];
	if (end <= x0)
		return;
	r->underline = (text_rect){x0, baseline - m->underline_position - m->underline_thickness / 2,
				   end - x0, m->underline_thickness};
}

/* Appends glyphs g[0..n) as runs starting at pen x x0 on the baseline.
 * Returns through *vis_out the pen x at byte vis (the visible end: runs'
 * underlines stop there) and through *pen_out the pen x after the last glyph.
 * An item's glyphs are consecutive, so each run is one stretch of them, and
 * the loop over its glyphs only places them. */
static int emit_glyphs(text_layout *l, const shaped_text *items, const shaped_glyph *g, size_t n,
		       size_t block, bool marker, float x0, float baseline, size_t vis,
		       float *vis_out, float *pen_out)
{
	int64_t pen = 0;
	float vis_x = -1;
	if (reserve_glyphs(l, n) < 0)
		return -1;
	/* The first glyph at or after vis: clusters ascend, and only the
	 * hanging spaces lie past it. */
	size_t kvis = n;
	while (kvis > 0 && g[kvis - 1].cluster >= vis)
		kvis--;
	for (size_t i = 0; i < n;) {
		uint16_t item = g[i].item;
		const shaped_item *it = &items->items[item];
		if (push_run(l, it->face, it->flags, marker, block, l->n_glyphs) < 0)
			return -1;
		size_t o = l->n_glyphs;
		uint32_t *gid = l->gid, *cluster = l->cluster;
		float *gx = l->gx, *gy = l->gy, *gpen = l->pen;
		for (; i < n && g[i].item == item; i++, o++) {
			float px = x0 + (float)pen / 64.0f;
			if (i == kvis)
				vis_x = px;
			gid[o] = (g[i].flags & SHAPED_INVISIBLE) ? TEXT_GLYPH_NONE : g[i].gid;
			cluster[o] = g[i].cluster;
			/* Nearly every glyph has no offset; px and baseline
			 * are what adding a zero gives (neither is -0). */
			if ((g[i].dx | g[i].dy) == 0) {
				gx[o] = px;
				gy[o] = baseline;
			} else {
				gx[o] = px + (float)g[i].dx / 64.0f;
				gy[o] = baseline - (float)g[i].dy / 64.0f;
			}
			gpen[o] = px;
			pen += g[i].adv;
		}
		l->n_glyphs = o;
		/* A run that another follows ends where that one starts, or at
		 * the visible end if that came first. */
		if (i < n)
			finish_run(l, &l->runs[l->n_runs - 1],
				   vis_x < 0 ? x0 + (float)pen / 64.0f : vis_x, baseline);
	}
	float end = x0 + (float)pen / 64.0f;
	if (vis_x < 0)
		vis_x = end;
	if (n)
		finish_run(l, &l->runs[l->n_runs - 1], vis_x, baseline);
	*vis_out = vis_x;
	*pen_out = end;
	return 0;
}

static int push_line(text_layout *l, const text_line *ln, size_t g0, float pen_end)
{
	void *const arrs[] = {&l->lines, &l->lext};
	const size_t elems[] = {sizeof *l->lines, sizeof *l->lext};
	if (vec_reserve_many(arrs, elems, 2, &l->cap_lines, l->n_lines + 1) < 0)
		return -1;
	l->lines[l->n_lines] = *ln;
	l->lext[l->n_lines++] = (struct lline){g0, l->n_glyphs, pen_end};
	return 0;
}

typedef struct {
	size_t index;
	const struct lblock *b;
	const char *text;
	float px, line_h, indent, avail, marker_w;
	font_face *face;
	float y;
} block_ctx;

/* Shapes the list marker ("•" or "N.") into e->marker; returns its width
 * through *w. */
static int shape_marker(text_engine *e, const struct lblock *b, lang_id lang, float px, float *w)
{
	char buf[24];
	if (b->kind == TEXT_BLOCK_BULLET)
		snprintf(buf, sizeof buf, "\xE2\x80\xA2");
	else
		snprintf(buf, sizeof buf, "%d.", b->level);
	size_t n = strlen(buf);
	text_span run = {0, n, TEXT_REGULAR};
	if (breaker_set_text(e->brk, lang, buf, n) < 0 ||
	    shaper_shape(e->sh, e->fonts, e->brk, buf, n, &run, 1, px, lang, NULL, 0,
			 &e->marker) < 0)
		return -1;
	int64_t sum = 0;
	for (size_t i = 0; i < e->marker.n; i++) {
		sum += e->marker.g[i].adv;
		/* Marker glyphs carry cluster 0 and sit in no line: hit-testing
		 * never finds them. */
		e->marker.g[i].cluster = 0;
	}
	*w = (float)sum / 64.0f;
	return 0;
}

static float line_x(const text_layout *l, const block_ctx *c, float width)
{
	if (l->params.align == TEXT_ALIGN_CENTER) {
		float x = (l->params.width - width) / 2.0f;
		return x > 0 ? x : 0;
	}
	return c->indent;
}

static int layout_block(text_engine *e, text_layout *l, block_ctx *c)
{
	const text_params *p = &l->params;
	const char *t = c->text;
	size_t len = c->b->len;
	const font_metrics *m = font_face_metrics(c->face);
	float baseline0 = (c->line_h - (m->ascender - m->descender)) / 2.0f + m->ascender;

	if (c->b->kind == TEXT_BLOCK_BULLET || c->b->kind == TEXT_BLOCK_NUMBERED) {
		/* Right-aligned in the indent, on the first baseline. */
		float vis, end;
		float x = c->indent - MARKER_GAP_EM * c->px - c->marker_w;
		if (emit_glyphs(l, &e->marker, e->marker.g, e->marker.n, c->index, true,
				x > 0 ? x : 0, c->y + baseline0, SIZE_MAX, &vis, &end) < 0)
			return -1;
	}

	if (len == 0) {
		text_line ln = {c->index, 0, 0, line_x(l, c, 0), c->y, 0, c->line_h, c->y + baseline0};
		if (push_line(l, &ln, l->n_glyphs, ln.x) < 0)
			return -1;
		c->y += c->line_h;
		return 0;
	}

	unsigned base = c->b->kind == TEXT_BLOCK_HEADING ? TEXT_BOLD : 0;
	size_t n_runs;
	const text_span *spans = l->spans + c->b->span_off;
	if (style_runs(e, t, len, spans, c->b->n_spans, base, &n_runs) < 0)
		return -1;
	if (breaker_set_text(e->brk, p->lang, t, len) < 0 || collect_breaks(e, len) < 0 ||
	    shaper_shape(e->sh, e->fonts, e->brk, t, len, e->runs, n_runs, c->px, p->lang,
			 e->brk_pos, e->n_brks, &e->para) < 0)
		return -1;
	const shaped_text *st = &e->para;

	if (VEC_RESERVE(e->prefix, e->cap_prefix, st->n + 1) < 0)
		return -1;
	/* The sum is kept in a register: through e->prefix, each step would
	 * wait for the store of the one before. */
	int64_t sum = 0;
	e->prefix[0] = 0;
	uint32_t last_missing = UINT32_MAX;
	for (size_t k = 0; k < st->n; k++) {
		sum += st->g[k].adv;
		e->prefix[k + 1] = sum;
		if ((st->g[k].flags & SHAPED_MISSING) && st->g[k].cluster != last_missing) {
			l->missing++;
			last_missing = st->g[k].cluster;
		}
	}

	int64_t width = (int64_t)floorf(c->avail * 64.0f);
	if (width < 64)
		width = 64;
	if (find_breaks(e, t, len, p->lang, width) < 0)
		return -1;
	size_t n_lines;
	if (linefit_solve(e->cands, e->n_cands, width, p->greedy, &e->fit, e->ends, &n_lines) < 0)
		return -1;
	/* Room for the block's glyphs and lines at once, not a line at a
	 * time: one allocation each instead of a string of reallocs. (Line
	 * edges reshaped apart may take a few glyphs more; those grow as
	 * before.) */
	if (reserve_glyphs(l, st->n) < 0)
		return -1;
	void *const line_arrs[] = {&l->lines, &l->lext};
	const size_t line_elems[] = {sizeof *l->lines, sizeof *l->lext};
	if (vec_reserve_many(line_arrs, line_elems, 2, &l->cap_lines, l->n_lines + n_lines) < 0)
		return -1;

	size_t s = 0, ks = 0;
	for (size_t k = 0; k < n_lines; k++) {
		size_t z = e->cand_pos[e->ends[k]], kz = e->cand_k[e->ends[k]];
		size_t vis = hang_start(t, s, z);
		const shaped_glyph *lg;
		size_t ln_n;
		if (assemble_line(e, t, len, p->lang, s, ks, z, kz, &lg, &ln_n) < 0)
			return -1;
		/* A centred line is measured first, to place it. */
		int64_t w = 0;
		for (size_t i = 0; p->align == TEXT_ALIGN_CENTER && i < ln_n && lg[i].cluster < vis;
		     i++)
			w += lg[i].adv;
		float x = line_x(l, c, (float)w / 64.0f);
		float baseline = c->y + baseline0;
		size_t g0 = l->n_glyphs;
		float vis_x, pen_end;
		if (emit_glyphs(l, st, lg, ln_n, c->index, false, x, baseline, vis, &vis_x,
				&pen_end) < 0)
			return -1;
		text_line ln = {c->index, s, z, x, c->y, vis_x - x, c->line_h, baseline};
		if (push_line(l, &ln, g0, pen_end) < 0)
			return -1;
		c->y += c->line_h;
		s = z;
		ks = kz;
	}
	return 0;
}

static int build(text_engine *e, text_layout *l)
{
	const text_params *p = &l->params;
	font_face *body;
	if (fonts_face(e->fonts, FONT_REGULAR, p->body_px, &body) < 0)
		return -1;
	float cap_w = p->measure_cap > 0 ? (float)p->measure_cap * font_face_avg_lower(body)
					 : p->width;
	float avail = p->width < cap_w ? p->width : cap_w;
	float y = 0;
	for (size_t b = 0; b < l->n_blocks; b++) {
		const struct lblock *lb = &l->blocks[b];
		if (b > 0)
			y += p->block_gap * p->body_px;
		block_ctx c = {b, lb, l->text + lb->text_off, p->body_px, 0, 0, avail, 0, NULL, y};
		font_file file = FONT_REGULAR;
		float lh = p->line_height;
		if (lb->kind == TEXT_BLOCK_HEADING) {
			int lv = lb->level < 1 ? 1 : lb->level > 3 ? 3 : lb->level;
			c.px = p->body_px * heading_scale[lv - 1];
			float most = avail * p->body_px /
				     (HEADING_MIN_LETTERS * font_face_avg_lower(body));
			if (c.px > most)
				c.px = fmaxf(most, p->body_px * HEADING_MIN_SCALE);
			file = FONT_BOLD;
			lh *= HEADING_LEADING;
		}
		c.line_h = lh * c.px;
		if (fonts_face(e->fonts, file, c.px, &c.face) < 0)
			return -1;
		if (lb->kind == TEXT_BLOCK_BULLET || lb->kind == TEXT_BLOCK_NUMBERED) {
			/* The hanging indent holds the marker and a gap. */
			if (shape_marker(e, lb, p->lang, c.px, &c.marker_w) < 0)
				return -1;
			c.indent = LIST_INDENT_EM * c.px;
			if (c.marker_w + MARKER_GAP_EM * c.px > c.indent)
				c.indent = c.marker_w + MARKER_GAP_EM * c.px;
			if (c.indent > avail / 2)
				c.indent = avail / 2;
			c.avail = avail - c.indent;
		}
		if (layout_block(e, l, &c) < 0)
			return -1;
		y = c.y;
	}
	l->height = y;
	for (size_t i = 0; i < l->n_lines; i++) {
		float right = l->lines[i].x + l->lines[i].width;
		if (right > l->width)
			l->width = right;
	}
	return 0;
}

int text_engine_layout(text_engine *eng, const text_block *blocks, size_t n_blocks,
		       const text_params *params, text_layout **out)
{
	*out = NULL;
	if (!blocks)
		n_blocks = 0;
	text_params p = normalise(params);
	/* Hostile input made harmless before it is hashed or copied. */
	text_block *clean = n_blocks ? malloc(n_blocks * sizeof *clean) : NULL;
	if (n_blocks && !clean)
		return -1;
	for (size_t b = 0; b < n_blocks; b++) {
		clean[b] = blocks[b];
		if (!clean[b].text)
			clean[b].len = 0;
		if (!clean[b].text || clean[b].len == 0)
			clean[b].text = "";
		if (clean[b].len > PARA_MAX)
			clean[b].len = PARA_MAX;
		if (!clean[b].spans)
			clean[b].n_spans = 0;
		if ((unsigned)clean[b].kind > TEXT_BLOCK_NUMBERED)
			clean[b].kind = TEXT_BLOCK_PARAGRAPH;
	}
	uint64_t h = layout_cache_hash(clean, n_blocks, &p);
	text_layout *l = layout_cache_find(&eng->cache, h, clean, n_blocks, &p);
	if (l) {
		free(clean);
		*out = text_layout_ref(l);
		return 0;
	}
	l = layout_alloc(eng, clean, n_blocks, &p, h);
	free(clean);
	if (!l || build(eng, l) < 0) {
		LOG(LOG_ERROR, "text layout failed (out of memory)");
		text_layout_unref(l);
		return -1;
	}
	layout_cache_put(&eng->cache, l);
	*out = l;
	return 0;
}
