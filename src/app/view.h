/* The display list: what a screen shows, as rectangles, text layouts and
 * buttons at absolute positions. Screens build it from the app's state; the
 * renderer draws it and input hit-tests its buttons, so what is drawn and what
 * is touchable can never disagree. Rebuilt only when the state changes.
 *
 * Sizes come from the screen (view_metrics), never fixed pixels.
 *
 * Ownership: the view holds a reference to every layout added to it and drops
 * them in view_clear/view_free. */
#ifndef TAFLEN_VIEW_H
#define TAFLEN_VIEW_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "text/atlas.h"
#include "text/layout.h"

/* Palette. Body text on the background is above 7:1 (WCAG AAA). */
typedef enum {
	COLOR_BACKGROUND, /* calm warm off-white, not glaring white */
	COLOR_TEXT,
	COLOR_MUTED,      /* secondary text, still >= 7:1 */
	COLOR_LINK,
	COLOR_BAR,        /* top and bottom bars */
	COLOR_BUTTON,     /* primary buttons: light text on a dark fill */
	COLOR_BUTTON_TEXT,
	COLOR_SECONDARY,  /* secondary buttons: dark text, outlined */
	COLOR_OUTLINE,
	COLOR_HIGHLIGHT,  /* quiz: a highlight */
	COLOR_FOUND,      /* quiz: a highlight that found an action */
	COLOR_WRONG,      /* quiz: a highlight that found none */
	COLOR_MISSED,     /* quiz: the outline of a missed action */
	COLOR_SCRIM,      /* dims the screen under an overlay */
	COLOR_PANEL,
	COLOR_COUNT
} view_color;

SDL_Color view_palette(view_color c);

/* Sizes derived from the screen: everything scales with the short side, so
 * 1080x1920, 1920x1080, 1280x800 and 3840x2160 all look designed. A
 * portrait screen's body text is larger again, with the screen's physical
 * height where it is known (dpi > 0), else with its height in pixels: a tall
 * panel is read from further off, and has the room. */
typedef struct {
	int w, h;
	float unit;       /* 1 at a 1080 px short side */
	float body_px;    /* body text size, including the text-size choice */
	float label_px;   /* button labels */
	float margin;
	float bar_h;      /* top and bottom bars */
	float button_h;   /* at least 60 px at 1080p (about 9 mm) */
	float gap;
} view_metrics;

/* Portrait body text grows with the height up to this factor: from a panel
 * VIEW_PORTRAIT_REF_MM tall (or VIEW_PORTRAIT_REF_UNITS short-side units,
 * 1080 to the short side, when the density is unknown) upwards. */
#define VIEW_PORTRAIT_MAX_BOOST 1.35f
#define VIEW_PORTRAIT_REF_MM 400.0f
#define VIEW_PORTRAIT_REF_UNITS 1600.0f

/* dpi: the display's density, 0 when unknown (headless). */
view_metrics view_metrics_for(int w, int h, float text_scale, float dpi);

/* ITEM_SCROLLBAR: rect is the track, in fill; the thumb, in outline_color,
 * is placed at draw time from the scroll offset, so scrolling never needs
 * the list rebuilt. */
/* ITEM_MATRIX: a square of cells_n x cells_n cells (a QR code). rect, in
 * fill, is its light ground (a quiet zone included); each nonzero cell is a
 * cell_px square in ink, the first one's corner at tx, ty. Give whole
 * pixels: squares are never scaled or blended, so the code stays crisp. The
 * view keeps its own copy of the cells. */
/* ITEM_DISC: the circle inscribed in rect (give a square), filled in fill,
 * with a ring of outline px in outline_color; its edge is smoothed against
 * whatever is drawn below it. */
typedef enum {
	ITEM_RECT,
	ITEM_TEXT,
	ITEM_BUTTON,
	ITEM_SCROLLBAR,
	ITEM_MATRIX,
	ITEM_DISC
} view_item_kind;

typedef struct {
	view_item_kind kind;
	SDL_FRect rect;     /* absolute; for scrolling items, before the scroll offset */
	view_color fill;    /* ITEM_RECT, ITEM_BUTTON, ITEM_DISC */
	view_color ink;     /* text colour */
	float outline;      /* outline width in px; 0: none */
	view_color outline_color;
	text_layout *text;  /* ITEM_TEXT, ITEM_BUTTON label (may be NULL) */
	float tx, ty;       /* where the layout's origin goes */
	int action;         /* ITEM_BUTTON: what a tap does (app's action ids) */
	int arg;
	bool scrolls;       /* moves with the screen's scroll offset */
	bool hidden;        /* laid out (for hit-testing text) but not drawn */
	bool until_end;     /* drawn and touchable only while the scroll region
			     * has more below its current offset */
	const uint8_t *cells; /* ITEM_MATRIX: cells_n * cells_n, row by row */
	int cells_n, cell_px;
} view_item;

typedef struct view view;

view *view_new(void);
void view_free(view *v);
void view_clear(view *v);

/* Appends an item (taking a new reference to its layout, and a copy of its
 * cells) and returns it for further tweaks; NULL when out of memory. */
view_item *view_add(view *v, const view_item *item);
size_t view_count(const view *v);
view_item *view_get(view *v, size_t i);

/* The scroll region: items with .scrolls are clipped to it and shifted up by
 * the scroll offset. */
void view_set_scroll_region(view *v, SDL_FRect region, float content_h);
SDL_FRect view_scroll_region(const view *v);
float view_content_height(const view *v);

/* Whether (x, y) lies in r (its left and top edges in, the others out). */
bool view_rect_has(SDL_FRect r, float x, float y);

/* Items added from now on are a modal layer (an overlay): while there is one,
 * only its buttons can be hit. */
void view_begin_modal(view *v);
/* Whether item i is in the modal layer (drawn over the rest, alone touchable). */
bool view_in_modal(const view *v, size_t i);

/* A pressed button is drawn with its fill darkened to this share, and an
 * inner edge this share of its height. */
#define VIEW_PRESSED_SHADE 0.72f
#define VIEW_PRESSED_INSET 0.06f

/* Draws `it` (one of v's items, or NULL: none) as pressed until view_clear
 * or the next call: the feedback of a touch that came down on a button. */
void view_set_pressed(view *v, const view_item *it);
/* The item drawn pressed, or NULL. */
const view_item *view_pressed(const view *v);

/* The topmost enabled button under (x, y), given the current scroll, or NULL. */
const view_item *view_button_at(const view *v, float x, float y, float scroll);

/* A frame: the display lists to show, resolved into drawing operations,
 * and the last frame drawn, to draw only what differs from it. Outside the
 * operations that changed (each one's bounds, old and new) the two frames
 * draw the same things in the same order, so a target that kept the last
 * frame's pixels needs only those rectangles drawn again. */
typedef struct view_frame view_frame;

/* At most this many rectangles of damage; more are merged. */
#define VIEW_DAMAGE_MAX 8

view_frame *view_frame_new(void);
void view_frame_free(view_frame *f);
/* Whether a large region (a whole frame) may be drawn on two threads at
 * once, band by band, where the machine has two cores and the drawing
 * allows: the same pixels, in about two thirds of the time. On unless
 * turned off. */
void view_frame_set_two_threads(view_frame *f, bool on);
/* How many regions f has drawn on two threads so far. */
size_t view_frame_shared(const view_frame *f);
/* Starts a w x h frame. */
void view_frame_begin(view_frame *f, int w, int h);
/* Adds v's items as drawn with the scroll offset, the scrolling ones moved
 * dx across (still clipped to the scroll region: a page following a
 * finger); only_scrolling adds those alone (the neighbouring page sliding
 * in beside it). 0, or -1 when out of memory (the frame is then drawn
 * whole, without what was lost). */
int view_frame_add(view_frame *f, const view *v, float scroll, float dx, bool only_scrolling);
/* The target no longer holds the last frame (a new target, a present that
 * loses the back buffer, an exposed window): the next draw is whole. */
void view_frame_invalidate(view_frame *f);
/* Draws the frame on bg: only where it differs from the last frame drawn
 * when the target still holds that, else whole. direct: the surface r
 * draws into at 1:1 (NULL: none), whose opaque fills are then written
 * directly. Returns 0, or -1 when some text could not be drawn. */
int view_frame_draw(view_frame *f, SDL_Renderer *r, glyph_atlas *atlas, SDL_Surface *direct,
		    SDL_Color bg);
/* The rectangles the last view_frame_draw changed (n of them, 0: none),
 * for a present of those alone. */
const SDL_Rect *view_frame_damage(const view_frame *f, int *n);

#endif
