/* Gestures from a stream of pointer samples: a tap, a press-and-hold, a drag
 * that leaves the tap slop mainly vertically (a scroll) or mainly
 * horizontally (a swipe), and whether it was lifted fast enough to be a
 * flick.
 *
 * Pure: a sample carries its own time, nothing here reads a clock or knows
 * SDL, so tests feed it sample streams. The app turns SDL's finger and mouse
 * events into samples at its edge (app.c, to_sample) and decides what each
 * gesture means on each screen; this module only classifies.
 *
 * One pointer at a time: while a touch is down, samples of any other id (a
 * second finger, the mouse) are ignored, a second "down" included, and the
 * first touch goes on as if they never came. After the first touch lifts,
 * the next "down" of any id starts a new gesture.
 *
 * What a later rule may build on (the quiz's strokes): the down sample, the
 * previous and the latest one, the direction and the time at which the touch
 * first left the slop, whether it was held still for GESTURE_HOLD_MS first,
 * and the smoothed speed. */
#ifndef TAFLEN_APP_GESTURE_H
#define TAFLEN_APP_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

/* How far a finger may wander (on either axis) and still tap, in px at a
 * 1080 px short side (a view_metrics unit of 1); gesture_init scales it. */
#define GESTURE_TAP_SLOP 24.0f
/* Held within the slop this long, a touch is a press-and-hold. */
#define GESTURE_HOLD_MS 500u
/* Lifted faster than this (px/ms at a unit of 1) along its direction, a drag
 * is a flick: the page glides on. */
#define GESTURE_FLICK_SPEED 0.3f

/* The id the mouse's samples carry; fingers use their own ids. */
#define GESTURE_MOUSE_ID INT64_C(-1)

typedef enum { GESTURE_DOWN, GESTURE_MOVE, GESTURE_UP } gesture_sample_kind;

typedef struct {
	int64_t id;
	gesture_sample_kind kind;
	float x, y;    /* px, finite (the edge drops anything else) */
	uint64_t t_ms; /* any monotonic clock */
} gesture_sample;

typedef enum {
	GESTURE_DIR_NONE,       /* still within the slop */
	GESTURE_DIR_HORIZONTAL, /* left it with |dx| > |dy| */
	GESTURE_DIR_VERTICAL    /* left it with |dy| >= |dx| */
} gesture_dir;

/* What a touch is, so far or when it lifted. */
typedef enum {
	GESTURE_NONE,   /* no touch */
	GESTURE_TAP,    /* within the slop, not (yet) held */
	GESTURE_HOLD,   /* within the slop for GESTURE_HOLD_MS */
	GESTURE_SCROLL, /* left the slop mainly vertically */
	GESTURE_SWIPE   /* left the slop mainly horizontally */
} gesture_kind;

/* What one sample did. */
typedef enum {
	GESTURE_IGNORED, /* another pointer's, or a move or lift with no touch down */
	GESTURE_BEGAN,   /* a touch came down */
	GESTURE_MOVED,   /* it moved (within the slop, or after leaving it) */
	GESTURE_DECIDED, /* it left the slop with this sample: dir is now set */
	GESTURE_ENDED    /* it lifted (the lift may also have left the slop:
			  * dir tells) */
} gesture_step;

typedef struct {
	float slop;          /* px */
	float flick_speed;   /* px/ms */
	bool started;        /* a touch began since gesture_init or _cancel */
	bool down;           /* it is still down (after GESTURE_ENDED: false) */
	gesture_sample first; /* the down sample */
	gesture_sample prev;  /* the sample before last (first, at the start) */
	gesture_sample last;  /* the latest sample */
	gesture_dir dir;
	uint64_t decided_ms; /* ms from down to leaving the slop */
	bool held;           /* stayed within the slop for GESTURE_HOLD_MS */
	float vx, vy;        /* smoothed speed towards +x, +y, px/ms */
} gesture;

/* No touch; slop and flick speed scaled by unit (view_metrics.unit). */
void gesture_init(gesture *g, float unit);

/* Scales slop and flick speed to a new unit (a resize), keeping the touch. */
void gesture_scale(gesture *g, float unit);

/* Feeds one sample. Samples of the touch must come in time order; a sample
 * older than the previous one counts as taken at the same time. */
gesture_step gesture_feed(gesture *g, const gesture_sample *s);

/* Marks a touch held still since its start as held once now is
 * GESTURE_HOLD_MS past its down sample; true when this call did it. Feeding
 * a sample does the same with the sample's time. */
bool gesture_check_hold(gesture *g, uint64_t now);

/* The next time gesture_check_hold could say true, or UINT64_MAX. */
uint64_t gesture_hold_deadline(const gesture *g);

/* Forgets the touch (an overlay took over): later samples of it are ignored
 * until a new "down". */
void gesture_cancel(gesture *g);

/* The touch's kind, so far or as it lifted (GESTURE_NONE before any). */
gesture_kind gesture_kind_of(const gesture *g);

/* True when the touch has left the slop (and stays true if it comes back). */
bool gesture_moved(const gesture *g);

/* True when the latest sample is within the slop of the down sample, on
 * both axes: where a lift still counts as lifted where it began. */
bool gesture_near_start(const gesture *g);

/* True when the speed at the last sample along axis is a flick's; axis
 * GESTURE_DIR_NONE means along the touch's own direction (never a flick
 * while it is within the slop). */
bool gesture_is_flick(const gesture *g, gesture_dir axis);

#endif
