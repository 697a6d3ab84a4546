/* Gestures from pointer samples (gesture.h): slop, hold and flick decided
 * from the samples' own positions and times. */
#include "app/gesture.h"

#include <math.h>

/* The speed estimate leans on the latest move but keeps some of the ones
 * before, so that one jittery sample at the lift does not make or break a
 * flick. */
#define SPEED_NEW_WEIGHT 0.6f

void gesture_scale(gesture *g, float unit)
{
	g->slop = GESTURE_TAP_SLOP * unit;
	g->flick_speed = GESTURE_FLICK_SPEED * unit;
}

void gesture_init(gesture *g, float unit)
{
	*g = (gesture){0};
	gesture_scale(g, unit);
}

void gesture_cancel(gesture *g)
{
	*g = (gesture){.slop = g->slop, .flick_speed = g->flick_speed};
}

static bool outside_slop(const gesture *g, float x, float y)
{
	return fabsf(x - g->first.x) > g->slop || fabsf(y - g->first.y) > g->slop;
}

bool gesture_check_hold(gesture *g, uint64_t now)
{
	if (!g->down || g->held || g->dir != GESTURE_DIR_NONE || now < g->first.t_ms ||
	    now - g->first.t_ms < GESTURE_HOLD_MS)
		return false;
	g->held = true;
	return true;
}

uint64_t gesture_hold_deadline(const gesture *g)
{
	if (!g->down || g->held || g->dir != GESTURE_DIR_NONE)
		return UINT64_MAX;
	return g->first.t_ms > UINT64_MAX - GESTURE_HOLD_MS ? UINT64_MAX
							    : g->first.t_ms + GESTURE_HOLD_MS;
}

gesture_step gesture_feed(gesture *g, const gesture_sample *s)
{
	if (s->kind == GESTURE_DOWN) {
		if (g->down)
			return GESTURE_IGNORED;
		float slop = g->slop, flick = g->flick_speed;
		*g = (gesture){.slop = slop, .flick_speed = flick, .started = true, .down = true,
			       .first = *s, .prev = *s, .last = *s};
		return GESTURE_BEGAN;
	}
	if (!g->down || s->id != g->first.id)
		return GESTURE_IGNORED;

	gesture_sample now = *s;
	if (now.t_ms < g->last.t_ms)
		now.t_ms = g->last.t_ms;
	float dt = (float)(now.t_ms - g->last.t_ms);
	if (dt > 0) {
		g->vx = SPEED_NEW_WEIGHT * ((now.x - g->last.x) / dt) + (1 - SPEED_NEW_WEIGHT) * g->vx;
		g->vy = SPEED_NEW_WEIGHT * ((now.y - g->last.y) / dt) + (1 - SPEED_NEW_WEIGHT) * g->vy;
	}
	g->prev = g->last;
	g->last = now;
	gesture_check_hold(g, now.t_ms);

	gesture_step step = GESTURE_MOVED;
	if (g->dir == GESTURE_DIR_NONE && outside_slop(g, now.x, now.y)) {
		float dx = now.x - g->first.x, dy = now.y - g->first.y;
		g->dir = fabsf(dx) > fabsf(dy) ? GESTURE_DIR_HORIZONTAL : GESTURE_DIR_VERTICAL;
		g->decided_ms = now.t_ms - g->first.t_ms;
		step = GESTURE_DECIDED;
	}
	if (s->kind == GESTURE_UP) {
		g->down = false;
		return GESTURE_ENDED;
	}
	return step;
}

gesture_kind gesture_kind_of(const gesture *g)
{
	if (!g->started)
		return GESTURE_NONE;
	switch (g->dir) {
	case GESTURE_DIR_HORIZONTAL: return GESTURE_SWIPE;
	case GESTURE_DIR_VERTICAL: return GESTURE_SCROLL;
	case GESTURE_DIR_NONE: break;
	}
	return g->held ? GESTURE_HOLD : GESTURE_TAP;
}

bool gesture_moved(const gesture *g)
{
	return g->dir != GESTURE_DIR_NONE;
}

bool gesture_near_start(const gesture *g)
{
	return !outside_slop(g, g->last.x, g->last.y);
}

bool gesture_is_flick(const gesture *g, gesture_dir axis)
{
	gesture_dir d = axis == GESTURE_DIR_NONE ? g->dir : axis;
	float v = d == GESTURE_DIR_HORIZONTAL ? g->vx : d == GESTURE_DIR_VERTICAL ? g->vy : 0;
	return fabsf(v) > g->flick_speed;
}
