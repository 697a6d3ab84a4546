#include "app/view.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "base/log.h"
#include "base/vec.h"
#include "base/worker.h"

/* The direct fill writes pixels as wchar_t. */
_Static_assert(sizeof(wchar_t) == sizeof(uint32_t), "wchar_t is not 32 bits");

struct view {
	view_item *items;
	size_t n, cap;
	SDL_FRect scroll_region;
	float content_h;
	size_t modal_from; /* first item of the modal layer; n when there is none */
	bool modal;
	size_t pressed;    /* the button under a finger, drawn pressed; n or more: none */
};

SDL_Color view_palette(view_color c)
{
	/* Contrast against COLOR_BACKGROUND (243,239,230): text 14.4:1, muted
	 * 8.3:1, link 7.9:1; white on COLOR_BUTTON 9.4:1; text on every quiz
	 * fill above 10:1. Checked with the WCAG 2 formula. */
	static const SDL_Color palette[COLOR_COUNT] = {
		[COLOR_BACKGROUND] = {243, 239, 230, 255},
		[COLOR_TEXT] = {27, 31, 36, 255},
		[COLOR_MUTED] = {64, 70, 78, 255},
		[COLOR_LINK] = {10, 74, 128, 255},
		[COLOR_BAR] = {228, 221, 207, 255},
		[COLOR_BUTTON] = {14, 77, 92, 255},
		[COLOR_BUTTON_TEXT] = {255, 255, 255, 255},
		[COLOR_SECONDARY] = {255, 252, 245, 255},
		[COLOR_OUTLINE] = {14, 77, 92, 255},
		[COLOR_HIGHLIGHT] = {255, 217, 90, 255},
		[COLOR_FOUND] = {185, 226, 176, 255},
		[COLOR_WRONG] = {243, 193, 184, 255},
		[COLOR_MISSED] = {150, 30, 30, 255},
		[COLOR_SCRIM] = {20, 24, 28, 150},
		[COLOR_PANEL] = {255, 252, 245, 255},
	};
	return palette[c < COLOR_COUNT ? c : COLOR_TEXT];
}

/* How much larger a portrait screen's body text is (1: not at all). */
static float portrait_boost(const view_metrics *m, float dpi)
{
	if (m->h <= m->w)
		return 1;
	float tall = dpi > 0 ? (float)m->h / dpi * 25.4f / VIEW_PORTRAIT_REF_MM
			     : (float)m->h / m->unit / VIEW_PORTRAIT_REF_UNITS;
	return tall < 1 ? 1 : tall > VIEW_PORTRAIT_MAX_BOOST ? VIEW_PORTRAIT_MAX_BOOST : tall;
}

view_metrics view_metrics_for(int w, int h, float text_scale, float dpi)
{
	view_metrics m;
	m.w = w > 1 ? w : 1;
	m.h = h > 1 ? h : 1;
	int short_side = m.w < m.h ? m.w : m.h;
	m.unit = (float)short_side / 1080.0f;
	/* Below a 600 px short side text would get too small to read from a
	 * step away; keep a floor rather than scale down forever. */
	if (m.unit < 0.56f)
		m.unit = 0.56f;
	m.body_px = 32.0f * m.unit * portrait_boost(&m, dpi) * text_scale;
	m.label_px = 32.0f * m.unit;
	m.margin = 48.0f * m.unit;
	m.bar_h = 128.0f * m.unit;
	m.button_h = 104.0f * m.unit;
	m.gap = 24.0f * m.unit;
	return m;
}

view *view_new(void)
{
	view *v = calloc(1, sizeof(view));
	if (v)
		v->pressed = SIZE_MAX;
	return v;
}

void view_clear(view *v)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->items[i].text)
			text_layout_unref(v->items[i].text);
		free((void *)v->items[i].cells);
	}
	v->n = 0;
	v->modal = false;
	v->pressed = SIZE_MAX;
	v->content_h = 0;
	memset(&v->scroll_region, 0, sizeof v->scroll_region);
}

void view_free(view *v)
{
	if (!v)
		return;
	view_clear(v);
	free(v->items);
	free(v);
}

view_item *view_add(view *v, const view_item *item)
{
	if (VEC_RESERVE(v->items, v->cap, v->n + 1) < 0) {
		LOG(LOG_ERROR, "out of memory for %zu view items", v->n + 1);
		return NULL;
	}
	const uint8_t *cells = NULL;
	if (item->cells && item->cells_n > 0) {
		size_t n = (size_t)item->cells_n * (size_t)item->cells_n;
		uint8_t *copy = malloc(n);
		if (!copy) {
			LOG(LOG_ERROR, "out of memory for a %d-cell matrix", item->cells_n);
			return NULL;
		}
		memcpy(copy, item->cells, n);
		cells = copy;
	}
	view_item *it = &v->items[v->n++];
	*it = *item;
	it->cells = cells;
	if (it->text)
		text_layout_ref(it->text);
	return it;
}

size_t view_count(const view *v)
{
	return v->n;
}

view_item *view_get(view *v, size_t i)
{
	return i < v->n ? &v->items[i] : NULL;
}

void view_set_scroll_region(view *v, SDL_FRect region, float content_h)
{
	v->scroll_region = region;
	v->content_h = content_h;
}

SDL_FRect view_scroll_region(const view *v)
{
	return v->scroll_region;
}

float view_content_height(const view *v)
{
	return v->content_h;
}

void view_set_pressed(view *v, const view_item *it)
{
	v->pressed = it && it >= v->items && it < v->items + v->n ? (size_t)(it - v->items) : SIZE_MAX;
}

const view_item *view_pressed(const view *v)
{
	return v->pressed < v->n ? &v->items[v->pressed] : NULL;
}

/* True when an until_end item is gone: the scroll offset is at the end. */
static bool at_end(const view *v, const view_item *it, float scroll)
{
	return it->until_end && scroll >= v->content_h - v->scroll_region.h - 1;
}

bool view_rect_has(SDL_FRect r, float x, float y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

void view_begin_modal(view *v)
{
	v->modal = true;
	v->modal_from = v->n;
}

bool view_in_modal(const view *v, size_t i)
{
	return v->modal && i >= v->modal_from;
}

const view_item *view_button_at(const view *v, float x, float y, float scroll)
{
	size_t lowest = v->modal ? v->modal_from : 0;
	/* Last added is drawn on top, so search backwards. */
	for (size_t i = v->n; i-- > lowest;) {
		const view_item *it = &v->items[i];
		if (it->kind != ITEM_BUTTON || it->hidden || at_end(v, it, scroll))
			continue;
		SDL_FRect r = it->rect;
		if (it->scrolls) {
			if (!view_rect_has(v->scroll_region, x, y))
				continue;
			r.y -= scroll;
		}
		if (view_rect_has(r, x, y))
			return it;
	}
	return NULL;
}

/* Whole pixels, by rounding each edge rather than truncating the origin and
 * the size apart (as SDL's software renderer does): rects that meet in
 * layout units then meet on screen, with no one-pixel seam between them. */
static SDL_Rect snap(SDL_FRect f)
{
	int x0 = (int)lroundf(f.x), y0 = (int)lroundf(f.y);
	int x1 = (int)lroundf(f.x + f.w), y1 = (int)lroundf(f.y + f.h);
	return (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
}

/* ---- frames: the display list resolved into drawing operations ---- */

/* Where a layout may put ink, in its own coordinates. */
typedef struct {
	float x0, y0, x1, y1;
} text_ink;

/* One thing a frame draws, everything about it resolved: where on screen,
 * in which colours, within which clip. Two ops that compare equal
 * (op_equal) draw the same pixels. */
typedef struct {
	view_item_kind kind; /* ITEM_RECT (a fill and its outline), ITEM_DISC (the same, round),
				ITEM_TEXT or ITEM_MATRIX */
	SDL_Rect box;        /* ITEM_RECT, ITEM_DISC, ITEM_MATRIX: the fill (the disc's square) */
	SDL_Color fill, line;
	int line_px;         /* ITEM_RECT: the outline's width; 0: none */
	text_layout *text;   /* ITEM_TEXT: a reference of the op's own */
	float tx, ty;
	text_colors colors;
	text_ink ink;        /* ITEM_TEXT: its layout's */
	uint8_t *cells;      /* ITEM_MATRIX: a copy of its own */
	int cells_n, cell_px, mx, my;
	bool clipped;
	SDL_Rect clip;       /* when clipped (the scroll region) */
	SDL_Rect bounds;     /* every pixel it may touch: within its clip and the frame */
} view_op;

struct view_frame {
	view_op *ops;        /* the frame being added */
	size_t n, cap;
	view_op *shown;      /* the last frame drawn: what the target holds when valid */
	size_t n_shown, cap_shown;
	int w, h, shown_w, shown_h;
	bool valid;
	bool failed;         /* an op could not be added: draw the next frame whole */
	SDL_Rect damage[VIEW_DAMAGE_MAX];
	int n_damage;
	bool two_threads;   /* large regions may be drawn on two threads */
	bool no_helper;     /* one core, or the thread could not be made */
	worker *helper;     /* the second thread, made by the first such draw */
	size_t n_shared;    /* regions drawn on two threads (view_frame_shared) */
};

/* A glyph's ink reaches at most this many line heights (plus a pixel)
 * beyond its origin and its line's box: accents above capitals, descenders,
 * the width of the last glyph, a list marker's overhang. */
#define INK_REACH_LINES 1.0f

view_frame *view_frame_new(void)
{
	view_frame *f = calloc(1, sizeof(view_frame));
	if (f)
		f->two_threads = true;
	return f;
}

void view_frame_set_two_threads(view_frame *f, bool on)
{
	f->two_threads = on;
}

size_t view_frame_shared(const view_frame *f)
{
	return f->n_shared;
}

static void release_ops(view_op *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ops[i].text)
			text_layout_unref(ops[i].text);
		free(ops[i].cells);
	}
}

void view_frame_free(view_frame *f)
{
	if (!f)
		return;
	worker_free(f->helper);
	release_ops(f->ops, f->n);
	release_ops(f->shown, f->n_shown);
	free(f->ops);
	free(f->shown);
	free(f);
}

void view_frame_invalidate(view_frame *f)
{
	f->valid = false;
}

void view_frame_begin(view_frame *f, int w, int h)
{
	release_ops(f->ops, f->n);
	f->n = 0;
	f->w = w;
	f->h = h;
	f->failed = false;
}

static SDL_Rect meet(SDL_Rect a, SDL_Rect b)
{
	SDL_Rect out;
	if (!SDL_IntersectRect(&a, &b, &out))
		out = (SDL_Rect){0, 0, 0, 0};
	return out;
}

static bool empty(SDL_Rect r)
{
	return r.w <= 0 || r.h <= 0;
}

static float lo(float a, float b)
{
	return a < b ? a : b;
}

static float hi(float a, float b)
{
	return a > b ? a : b;
}

/* Where a layout may put ink, around its origin: its lines and its glyphs'
 * origins, widened by INK_REACH_LINES of its tallest line. */
static text_ink layout_ink(const text_layout *l)
{
	text_ink k = {0, 0, text_layout_width(l), text_layout_height(l)};
	float tall = 0;
	size_t lines = text_layout_line_count(l);
	for (size_t i = 0; i < lines; i++) {
		text_line ln;
		if (text_layout_line(l, i, &ln) != 0)
			continue;
		k.x0 = lo(k.x0, ln.x);
		k.y0 = lo(k.y0, ln.y);
		k.x1 = hi(k.x1, ln.x + ln.width);
		k.y1 = hi(k.y1, ln.y + ln.height);
		tall = hi(tall, ln.height);
	}
	size_t runs = text_layout_run_count(l);
	for (size_t i = 0; i < runs; i++) {
		text_run run;
		if (text_layout_run(l, i, &run) != 0)
			continue;
		for (size_t g = 0; g < run.n; g++) {
			k.x0 = lo(k.x0, run.x[g]);
			k.x1 = hi(k.x1, run.x[g]);
			k.y0 = lo(k.y0, run.y[g]);
			k.y1 = hi(k.y1, run.y[g]);
		}
		if (run.underline.w > 0) {
			k.x0 = lo(k.x0, run.underline.x);
			k.x1 = hi(k.x1, run.underline.x + run.underline.w);
			k.y1 = hi(k.y1, run.underline.y + run.underline.h);
		}
	}
	float pad = tall * INK_REACH_LINES + 1;
	return (text_ink){k.x0 - pad, k.y0 - pad, k.x1 + pad, k.y1 + pad};
}

/* The ink of layout l: the last frame's op of the same layout had it
 * worked out (layouts never change), else it is worked out now. at: where
 * such an op most likely is. */
static text_ink ink_of(const view_frame *f, const text_layout *l, size_t at)
{
	if (at < f->n_shown && f->shown[at].text == l)
		return f->shown[at].ink;
	for (size_t i = 0; i < f->n_shown; i++)
		if (f->shown[i].text == l)
			return f->shown[i].ink;
	return layout_ink(l);
}

/* Appends op (its reference and cells become the frame's), its bounds cut
 * to its clip and the frame. */
static int push(view_frame *f, view_op *op)
{
	SDL_Rect screen = {0, 0, f->w, f->h};
	op->bounds = meet(op->bounds, op->clipped ? meet(op->clip, screen) : screen);
	if (VEC_RESERVE(f->ops, f->cap, f->n + 1) < 0) {
		LOG(LOG_ERROR, "out of memory for %zu drawing operations", f->n + 1);
		if (op->text)
			text_layout_unref(op->text);
		free(op->cells);
		f->failed = true;
		return -1;
	}
	f->ops[f->n++] = *op;
	return 0;
}

/* A fill of box (ITEM_RECT: all of it; ITEM_DISC: its inscribed circle)
 * with an outline line_px wide. */
static int push_shape(view_frame *f, view_op base, view_item_kind kind, SDL_Rect box,
		      SDL_Color fill, int line_px, SDL_Color line)
{
	base.kind = kind;
	base.box = base.bounds = box;
	base.fill = fill;
	base.line = line;
	base.line_px = line_px;
	return push(f, &base);
}

static int push_text(view_frame *f, view_op base, text_layout *l, float x, float y,
		     text_colors colors)
{
	base.kind = ITEM_TEXT;
	base.text = text_layout_ref(l);
	base.tx = x;
	base.ty = y;
	base.colors = colors;
	base.ink = ink_of(f, l, f->n);
	int x0 = (int)floorf(x + base.ink.x0), y0 = (int)floorf(y + base.ink.y0);
	int x1 = (int)ceilf(x + base.ink.x1), y1 = (int)ceilf(y + base.ink.y1);
	base.bounds = (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
	return push(f, &base);
}

/* A pressed button's fill: the same hue, darker, so that light and dark
 * buttons alike change at once under the finger. */
static SDL_Color pressed_fill(SDL_Color c)
{
	return (SDL_Color){(Uint8)(c.r * VIEW_PRESSED_SHADE), (Uint8)(c.g * VIEW_PRESSED_SHADE),
			   (Uint8)(c.b * VIEW_PRESSED_SHADE), c.a};
}

static int outline_px(float outline)
{
	if (outline <= 0)
		return 0;
	int t = (int)lroundf(outline);
	return t < 1 ? 1 : t;
}

static int add_scrollbar(view_frame *f, const view *v, const view_item *it, view_op base,
			 float scroll)
{
	SDL_Color track = view_palette(it->fill);
	if (push_shape(f, base, ITEM_RECT, snap(it->rect), track, 0, track) != 0)
		return -1;
	float max = v->content_h - v->scroll_region.h;
	if (max <= 0)
		return 0;
	float pos = scroll < 0 ? 0 : scroll > max ? 1 : scroll / max;
	float thumb = it->rect.h * v->scroll_region.h / v->content_h;
	SDL_FRect t = {it->rect.x, it->rect.y + (it->rect.h - thumb) * pos, it->rect.w, thumb};
	SDL_Color c = view_palette(it->outline_color);
	return push_shape(f, base, ITEM_RECT, snap(t), c, 0, c);
}

/* The matrix's ground and its dark cells, whole pixels, never scaled. */
static int add_matrix(view_frame *f, const view_item *it, view_op base, float dx, float dy)
{
	base.kind = ITEM_MATRIX;
	base.box = snap((SDL_FRect){it->rect.x + dx, it->rect.y + dy, it->rect.w, it->rect.h});
	base.fill = view_palette(it->fill);
	base.line = view_palette(it->ink);
	base.mx = (int)lroundf(it->tx + dx);
	base.my = (int)lroundf(it->ty + dy);
	base.bounds = base.box;
	if (it->cells && it->cells_n > 0) {
		size_t n = (size_t)it->cells_n * (size_t)it->cells_n;
		base.cells = malloc(n);
		if (!base.cells) {
			LOG(LOG_ERROR, "out of memory for a %d-cell matrix", it->cells_n);
			f->failed = true;
			return -1;
		}
		memcpy(base.cells, it->cells, n);
		base.cells_n = it->cells_n;
		base.cell_px = it->cell_px;
		int side = it->cells_n * it->cell_px;
		SDL_Rect ink = {base.mx, base.my, side, side};
		SDL_UnionRect(&base.bounds, &ink, &base.bounds);
	}
	return push(f, &base);
}

static int add_item(view_frame *f, const view_item *it, view_op base, float dx, float dy,
		    bool pressed)
{
	SDL_FRect rect = it->rect;
	rect.x += dx;
	rect.y += dy;
	if (it->kind == ITEM_DISC)
		return push_shape(f, base, ITEM_DISC, snap(rect), view_palette(it->fill),
				  outline_px(it->outline), view_palette(it->outline_color));
	if (it->kind == ITEM_RECT || it->kind == ITEM_BUTTON) {
		SDL_Color fill = view_palette(it->fill);
		float outline = it->outline;
		if (pressed) {
			/* Darker and inset: a thick inner edge, the label nudged
			 * down, as if pushed into the glass. */
			fill = pressed_fill(fill);
			outline = fmaxf(outline, rect.h * VIEW_PRESSED_INSET);
		}
		SDL_Color line = pressed ? view_palette(COLOR_TEXT) : view_palette(it->outline_color);
		if (push_shape(f, base, ITEM_RECT, snap(rect), fill, outline_px(outline), line) != 0)
			return -1;
	}
	if (!it->text)
		return 0;
	text_colors colors = {view_palette(it->ink), view_palette(COLOR_LINK)};
	if (it->ink != COLOR_TEXT)
		colors.link = colors.text;
	float nudge = pressed ? rect.h * VIEW_PRESSED_INSET / 2 : 0;
	return push_text(f, base, it->text, it->tx + dx, it->ty + dy + nudge, colors);
}

int view_frame_add(view_frame *f, const view *v, float scroll, float dx, bool only_scrolling)
{
	int rc = 0;
	for (size_t i = 0; i < v->n; i++) {
		const view_item *it = &v->items[i];
		if (it->hidden || at_end(v, it, scroll) || (only_scrolling && !it->scrolls))
			continue;
		view_op base = {.clipped = it->scrolls};
		if (it->scrolls)
			base.clip = snap(v->scroll_region);
		float x = it->scrolls ? dx : 0, y = it->scrolls ? -scroll : 0;
		int r;
		if (it->kind == ITEM_SCROLLBAR)
			r = add_scrollbar(f, v, it, base, scroll);
		else if (it->kind == ITEM_MATRIX)
			r = add_matrix(f, it, base, x, y);
		else
			r = add_item(f, it, base, x, y, i == v->pressed);
		if (r != 0)
			rc = -1;
	}
	return rc;
}

static bool same_color(SDL_Color a, SDL_Color b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static bool same_rect(SDL_Rect a, SDL_Rect b)
{
	return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

static bool op_equal(const view_op *a, const view_op *b)
{
	if (a->kind != b->kind || a->clipped != b->clipped || (a->clipped && !same_rect(a->clip, b->clip)))
		return false;
	switch (a->kind) {
	case ITEM_TEXT:
		/* The same layout object: the op's reference keeps its address
		 * from being reused by another. */
		return a->text == b->text && a->tx == b->tx && a->ty == b->ty &&
		       same_color(a->colors.text, b->colors.text) &&
		       same_color(a->colors.link, b->colors.link);
	case ITEM_MATRIX:
		return same_rect(a->box, b->box) && same_color(a->fill, b->fill) &&
		       same_color(a->line, b->line) && a->mx == b->mx && a->my == b->my &&
		       a->cells_n == b->cells_n && a->cell_px == b->cell_px &&
		       (a->cells_n == 0 ||
			memcmp(a->cells, b->cells, (size_t)a->cells_n * (size_t)a->cells_n) == 0);
	default:
		return same_rect(a->box, b->box) && same_color(a->fill, b->fill) &&
		       a->line_px == b->line_px && (a->line_px == 0 || same_color(a->line, b->line));
	}
}

static long area(SDL_Rect r)
{
	return (long)r.w * r.h;
}

/* Adds r to the damage, merging what overlaps; when the list is full, into
 * the rectangle it grows least. */
static void damage_add(view_frame *f, SDL_Rect r)
{
	if (empty(r))
		return;
	for (int i = 0; i < f->n_damage; i++) {
		if (SDL_HasIntersection(&f->damage[i], &r)) {
			SDL_UnionRect(&f->damage[i], &r, &r);
			f->damage[i] = f->damage[--f->n_damage];
			i = -1; /* the union may now meet one already passed */
		}
	}
	if (f->n_damage < VIEW_DAMAGE_MAX) {
		f->damage[f->n_damage++] = r;
		return;
	}
	int best = 0;
	long best_growth = -1;
	for (int i = 0; i < f->n_damage; i++) {
		SDL_Rect u;
		SDL_UnionRect(&f->damage[i], &r, &u);
		long growth = area(u) - area(f->damage[i]);
		if (best_growth < 0 || growth < best_growth) {
			best = i;
			best_growth = growth;
		}
	}
	SDL_Rect u;
	SDL_UnionRect(&f->damage[best], &r, &u);
	f->damage[best] = f->damage[--f->n_damage];
	damage_add(f, u);
}

/* What differs between the frame shown and the new one: the ops between
 * their common beginning and their common end, old and new. Outside those
 * ops' bounds both frames draw the same ops in the same order, so the same
 * pixels. */
static void find_damage(view_frame *f)
{
	f->n_damage = 0;
	if (!f->valid || f->failed || f->w != f->shown_w || f->h != f->shown_h) {
		f->damage[f->n_damage++] = (SDL_Rect){0, 0, f->w, f->h};
		return;
	}
	size_t head = 0, tail = 0;
	while (head < f->n && head < f->n_shown && op_equal(&f->ops[head], &f->shown[head]))
		head++;
	while (tail < f->n - head && tail < f->n_shown - head &&
	       op_equal(&f->ops[f->n - 1 - tail], &f->shown[f->n_shown - 1 - tail]))
		tail++;
	for (size_t i = head; i < f->n_shown - tail; i++)
		damage_add(f, f->shown[i].bounds);
	for (size_t i = head; i < f->n - tail; i++)
		damage_add(f, f->ops[i].bounds);
}

/* ---- drawing ops ---- */

/* Where the drawing goes: the renderer, and when it draws into a surface
 * of 32-bit pixels at 1:1, that surface, which opaque fills write
 * directly. SDL's fill (SDL_FillRect) streams with non-temporal stores,
 * which on a frame-sized fill costs several times a plain loop's and
 * leaves the pixels out of the cache for the glyphs blended next. */
typedef struct {
	SDL_Renderer *r;
	glyph_atlas *atlas;
	SDL_Surface *direct;
	bool queued; /* the renderer may hold drawing not yet in the surface */
	/* Text from glyphs readied beforehand (glyph_atlas_composite), and
	 * nothing through the renderer: what a second thread may do. */
	bool composite;
} painter;

/* Before writing into the surface directly: what the renderer still holds
 * is drawn first, so that the order of drawing stays the frame's. */
static void flush_queued(painter *p)
{
	if (p->queued && SDL_RenderFlush(p->r) == 0)
		p->queued = false;
}

/* Fills box within region with c: blended (when c is translucent) or
 * written as it is. */
static void fill(painter *p, SDL_Rect box, SDL_Rect region, SDL_Color c, bool blend)
{
	box = meet(box, region);
	if (empty(box))
		return;
	blend = blend && c.a < 255;
	if (p->direct && !blend) {
		SDL_Surface *s = p->direct;
		/* The app may think the screen larger than the surface (a
		 * resize not yet followed by a new one): SDL would clip. */
		box = meet(box, (SDL_Rect){0, 0, s->w, s->h});
		if (empty(box))
			return;
		flush_queued(p);
		/* wmemset: libc's vectorised fill of 32-bit values. */
		wchar_t px = (wchar_t)SDL_MapRGBA(s->format, c.r, c.g, c.b, c.a);
		uint8_t *row = (uint8_t *)s->pixels + (size_t)box.y * (size_t)s->pitch;
		for (int y = 0; y < box.h; y++, row += s->pitch)
			wmemset((wchar_t *)(void *)row + box.x, px, (size_t)box.w);
		return;
	}
	SDL_RenderSetClipRect(p->r, &region);
	SDL_SetRenderDrawBlendMode(p->r, blend ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(p->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(p->r, &box);
	p->queued = true;
}

/* Dark cells as squares, a row's neighbours merged into one rectangle. */
static void draw_matrix(painter *p, const view_op *op, SDL_Rect region)
{
	fill(p, op->box, region, op->fill, true);
	int n = op->cells_n;
	for (int y = 0; y < n; y++) {
		for (int x = 0; x < n;) {
			if (!op->cells[y * n + x]) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < n && op->cells[y * n + x + run])
				run++;
			fill(p, (SDL_Rect){op->mx + x * op->cell_px, op->my + y * op->cell_px,
					   run * op->cell_px, op->cell_px},
			     region, op->line, false);
			x += run;
		}
	}
}

/* How much of a pixel whose centre lies d from a circle's centre the
 * circle of radius `radius` covers: a one-pixel ramp across its edge. */
static float disc_cover(float d, float radius)
{
	float c = radius - d + 0.5f;
	return c <= 0 ? 0 : c >= 1 ? 1 : c;
}

/* a to b by w/256, rounded. */
static unsigned mix(unsigned a, unsigned b, unsigned w)
{
	return (a * (256 - w) + b * w + 128) >> 8;
}

/* Blends c over the pixel at px, of format f, by w/256: by shifts and masks
 * when each colour is 8 bits (as in every 32-bit format but 10-bit ones),
 * else through SDL. */
static void blend_px(const SDL_PixelFormat *f, Uint32 *px, SDL_Color c, unsigned w)
{
	if (f->Rmask >> f->Rshift != 0xFF || f->Gmask >> f->Gshift != 0xFF ||
	    f->Bmask >> f->Bshift != 0xFF) {
		Uint8 r, g, b;
		SDL_GetRGB(*px, f, &r, &g, &b);
		*px = SDL_MapRGBA(f, (Uint8)mix(r, c.r, w), (Uint8)mix(g, c.g, w),
				  (Uint8)mix(b, c.b, w), 255);
		return;
	}
	Uint32 v = *px;
	unsigned r = mix((v & f->Rmask) >> f->Rshift, c.r, w);
	unsigned g = mix((v & f->Gmask) >> f->Gshift, c.g, w);
	unsigned b = mix((v & f->Bmask) >> f->Bshift, c.b, w);
	*px = (Uint32)r << f->Rshift | (Uint32)g << f->Gshift | (Uint32)b << f->Bshift | f->Amask;
}

/* A disc op within region: per pixel, its ring's colour over what is there
 * by the outer circle's cover, then its fill's by the inner one's. Into the
 * surface directly (what a second thread may do), else point by point
 * through the renderer with the same weights as alpha. Only the pixels
 * across an edge (a ring a pixel wide) are blended one by one; the rest are
 * written whole, or left. */
static void draw_disc(painter *p, const view_op *op, SDL_Rect region)
{
	SDL_Rect box = meet(op->box, region);
	if (p->direct)
		box = meet(box, (SDL_Rect){0, 0, p->direct->w, p->direct->h});
	if (empty(box))
		return;
	float outer = (float)op->box.w / 2, inner = op->line_px ? outer - (float)op->line_px : outer;
	float cx = (float)op->box.x + outer, cy = (float)op->box.y + (float)op->box.h / 2;
	/* Squared distances from the centre: from far out nothing is drawn;
	 * within near the fill covers the pixel whole. */
	float far = (outer + 0.5f) * (outer + 0.5f);
	float near = inner > 0.5f ? (inner - 0.5f) * (inner - 0.5f) : -1;
	/* Weights in 256ths: a cover times the colour's own alpha. */
	float wl = (float)op->line.a * 256 / 255, wf = (float)op->fill.a * 256 / 255;
	bool opaque = op->fill.a == 255;
	SDL_Surface *s = p->direct;
	Uint32 fill_px = s ? SDL_MapRGBA(s->format, op->fill.r, op->fill.g, op->fill.b, 255) : 0;
	if (s) {
		flush_queued(p);
	} else {
		SDL_RenderSetClipRect(p->r, &region);
		SDL_SetRenderDrawBlendMode(p->r, SDL_BLENDMODE_BLEND);
	}
	for (int y = box.y; y < box.y + box.h; y++) {
		float dy = (float)y + 0.5f - cy;
		Uint32 *row = s ? (Uint32 *)(void *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch)
				: NULL;
		for (int x = box.x; x < box.x + box.w; x++) {
			float dx = (float)x + 0.5f - cx, d2 = dx * dx + dy * dy;
			if (d2 >= far)
				continue;
			if (d2 <= near && opaque && s) {
				row[x] = fill_px;
				continue;
			}
			float d = sqrtf(d2);
			float co = disc_cover(d, outer), ci = op->line_px ? disc_cover(d, inner) : co;
			unsigned wo = (unsigned)(co * wl + 0.5f), wi = (unsigned)(ci * wf + 0.5f);
			if (s) {
				if (op->line_px)
					blend_px(s->format, &row[x], op->line, wo);
				blend_px(s->format, &row[x], op->fill, wi);
				continue;
			}
			/* A ring's pixel that the fill then covers whole is not drawn. */
			if (op->line_px && !(opaque && wi == 256)) {
				SDL_SetRenderDrawColor(p->r, op->line.r, op->line.g, op->line.b,
						       (Uint8)(wo * 255 / 256));
				SDL_RenderDrawPoint(p->r, x, y);
			}
			SDL_SetRenderDrawColor(p->r, op->fill.r, op->fill.g, op->fill.b,
					       (Uint8)(wi * 255 / 256));
			SDL_RenderDrawPoint(p->r, x, y);
		}
	}
	if (!s)
		p->queued = true;
}

/* Whether op fills all of r with opaque pixels. */
static bool covers(const view_op *op, SDL_Rect r)
{
	if (op->kind != ITEM_RECT || op->fill.a < 255)
		return false;
	SDL_Rect box = op->clipped ? meet(op->box, op->clip) : op->box;
	return r.x >= box.x && r.y >= box.y && r.x + r.w <= box.x + box.w &&
	       r.y + r.h <= box.y + box.h;
}

/* Cuts cut out of the pieces: each piece it meets becomes the up to four
 * strips around it. With no room for them the piece stays whole (drawn
 * over, never missed). Returns the new count. */
static int cut_out(SDL_Rect *pieces, int n, int max, SDL_Rect cut)
{
	for (int i = 0; i < n; i++) {
		SDL_Rect p = pieces[i], in;
		if (!SDL_IntersectRect(&p, &cut, &in))
			continue;
		SDL_Rect strips[4] = {
			{p.x, p.y, p.w, in.y - p.y},
			{p.x, in.y + in.h, p.w, p.y + p.h - (in.y + in.h)},
			{p.x, in.y, in.x - p.x, in.h},
			{in.x + in.w, in.y, p.x + p.w - (in.x + in.w), in.h},
		};
		int k = 0;
		for (int j = 0; j < 4; j++)
			k += !empty(strips[j]);
		if (n - 1 + k > max)
			continue;
		pieces[i] = pieces[--n];
		for (int j = 0; j < 4; j++)
			if (!empty(strips[j]))
				pieces[n++] = strips[j];
		i--; /* the piece moved into slot i is still to be cut */
	}
	return n;
}

#define PIECES_MAX 64

/* Fills box within region, except where an opaque fill of the ops from
 * `from` on will cover it: every pixel is written about once. */
static void fill_uncovered(painter *p, const view_frame *f, size_t from, SDL_Rect box,
			   SDL_Rect region, SDL_Color c, bool blend)
{
	SDL_Rect pieces[PIECES_MAX];
	int n = 0;
	pieces[n] = meet(box, region);
	n += !empty(pieces[0]);
	for (size_t i = from; i < f->n && n > 0; i++) {
		const view_op *op = &f->ops[i];
		if (op->kind == ITEM_RECT && op->fill.a == 255)
			n = cut_out(pieces, n, PIECES_MAX,
				    op->clipped ? meet(op->box, op->clip) : op->box);
	}
	for (int i = 0; i < n; i++)
		fill(p, pieces[i], region, c, blend);
}

/* Op i of f: its fill, then its outline, each only where no later opaque
 * fill covers it. */
static void draw_rect(painter *p, const view_frame *f, size_t i, SDL_Rect region)
{
	const view_op *op = &f->ops[i];
	fill_uncovered(p, f, i + 1, op->box, region, op->fill, true);
	int t = op->line_px;
	if (t <= 0)
		return;
	SDL_Rect b = op->box;
	SDL_Rect edges[4] = {
		{b.x, b.y, b.w, t},
		{b.x, b.y + b.h - t, b.w, t},
		{b.x, b.y, t, b.h},
		{b.x + b.w - t, b.y, t, b.h},
	};
	for (int e = 0; e < 4; e++)
		fill_uncovered(p, f, i + 1, edges[e], region, op->line, false);
}

/* Draws everything of the frame that falls in region: the background where
 * no opaque fill will cover it, then each op that reaches into the region
 * and that no later opaque fill hides whole. */
static int draw_region(painter *p, const view_frame *f, SDL_Rect region, SDL_Color bg)
{
	fill_uncovered(p, f, 0, region, region, bg, false);
	int rc = 0;
	for (size_t i = 0; i < f->n; i++) {
		const view_op *op = &f->ops[i];
		SDL_Rect in = meet(op->bounds, region);
		if (empty(in))
			continue;
		bool hidden = false;
		for (size_t j = i + 1; j < f->n && !hidden; j++)
			hidden = covers(&f->ops[j], in);
		if (hidden)
			continue;
		SDL_Rect clip = op->clipped ? meet(region, op->clip) : region;
		if (op->kind == ITEM_RECT) {
			draw_rect(p, f, i, clip);
		} else if (op->kind == ITEM_DISC) {
			draw_disc(p, op, clip);
		} else if (op->kind == ITEM_MATRIX) {
			draw_matrix(p, op, clip);
		} else if (p->composite) {
			glyph_atlas_composite(p->atlas, op->text, op->tx, op->ty, &op->colors, clip);
		} else {
			SDL_RenderSetClipRect(p->r, &clip);
			if (glyph_atlas_draw(p->atlas, op->text, op->tx, op->ty, &op->colors) != 0)
				rc = -1;
			p->queued = true;
		}
	}
	if (!p->composite)
		SDL_RenderSetClipRect(p->r, NULL);
	return rc;
}

/* Below this many pixels a region is drawn on one thread: a whole frame is
 * some 2 million, a highlight's word a few thousand, and sharing it with
 * the helper costs a wake-up (tens of microseconds). */
#define SHARED_MIN_PX (256 * 1024)

/* The bands a shared region is cut into: each thread takes the next band
 * not yet taken until none is left, so a helper that wakes late (tens of
 * microseconds on a virtual machine) or a band heavy with text leaves the
 * other thread more bands, not a wait. More bands balance better but walk
 * the glyphs of text crossing a band's edge once per band. */
#define SHARED_BANDS 4

typedef struct {
	painter p;
	const view_frame *f;
	SDL_Rect region;
	SDL_Color bg;
	atomic_int next; /* the band to take next */
} shared;

/* Draws bands of s->region until none is left. */
static void draw_bands(void *arg)
{
	shared *s = arg;
	painter p = s->p;
	SDL_Rect r = s->region;
	for (int b; (b = atomic_fetch_add(&s->next, 1)) < SHARED_BANDS;) {
		int y0 = r.y + (int)((long)r.h * b / SHARED_BANDS);
		int y1 = r.y + (int)((long)r.h * (b + 1) / SHARED_BANDS);
		draw_region(&p, s->f, (SDL_Rect){r.x, y0, r.w, y1 - y0}, s->bg);
	}
}

/* Draws region on two threads at once, band by band (draw_bands), when
 * that can give the same pixels: drawing straight into the surface, no
 * translucent fill (those go through the renderer, which is not to be used
 * from two threads) and every glyph readied in the atlas first. Returns
 * false, having drawn nothing, when it cannot. */
static bool draw_shared(painter *p, view_frame *f, SDL_Rect region, SDL_Color bg)
{
	if (!f->two_threads || f->no_helper || !p->direct || region.h < SHARED_BANDS ||
	    (long)region.w * region.h < SHARED_MIN_PX)
		return false;
	for (size_t i = 0; i < f->n; i++) {
		const view_op *op = &f->ops[i];
		if (empty(meet(op->bounds, region)))
			continue;
		if (op->kind != ITEM_TEXT ? op->kind != ITEM_DISC && op->fill.a < 255
					  : glyph_atlas_prepare(p->atlas, op->text, op->tx, op->ty) != 0)
			return false;
	}
	if (!f->helper && (SDL_GetCPUCount() < 2 || worker_new(&f->helper) < 0)) {
		f->no_helper = true;
		return false;
	}
	if (p->queued) {
		if (SDL_RenderFlush(p->r) != 0)
			return false;
		p->queued = false;
	}
	shared s = {*p, f, region, bg, 0};
	s.p.composite = true;
	worker_start(f->helper, draw_bands, &s);
	draw_bands(&s);
	worker_wait(f->helper);
	f->n_shared++;
	return true;
}

int view_frame_draw(view_frame *f, SDL_Renderer *r, glyph_atlas *atlas, SDL_Surface *direct,
		    SDL_Color bg)
{
	find_damage(f);
	painter p = {r, atlas, NULL, false, false};
	/* Only 32-bit pixels at 1:1, as the atlas's own direct path. */
	if (direct && direct->format->BytesPerPixel == 4 && !SDL_MUSTLOCK(direct) &&
	    !SDL_GetRenderTarget(r))
		p.direct = direct;
	int rc = 0;
	for (int i = 0; i < f->n_damage; i++)
		if (!draw_shared(&p, f, f->damage[i], bg) && draw_region(&p, f, f->damage[i], bg) != 0)
			rc = -1;
	/* The frame drawn is what the target holds now. */
	release_ops(f->shown, f->n_shown);
	view_op *ops = f->shown;
	size_t cap = f->cap_shown;
	f->shown = f->ops;
	f->cap_shown = f->cap;
	f->n_shown = f->n;
	f->ops = ops;
	f->cap = cap;
	f->n = 0;
	f->shown_w = f->w;
	f->shown_h = f->h;
	f->valid = !f->failed;
	return rc;
}

const SDL_Rect *view_frame_damage(const view_frame *f, int *n)
{
	*n = f->n_damage;
	return f->damage;
}
