#include "app/idle.h"

/* WCAG 2.2.1 (Timing Adjustable): at least 20 seconds to extend a time limit. */
#define IDLE_MIN_WARNING_S 20u

/* Deadlines are sums of a clock value and a duration; saturating keeps a
 * clock near UINT64_MAX from wrapping round into "already due". */
static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* When the warning runs out and the app resets. */
static uint64_t reset_time(const idle_timer *t)
{
	return add_sat(add_sat(t->last_input_ms, t->timeout_ms), t->warning_ms);
}

void idle_init(idle_timer *t, unsigned timeout_s, unsigned warning_s, uint64_t now)
{
	if (warning_s < IDLE_MIN_WARNING_S)
		warning_s = IDLE_MIN_WARNING_S;
	t->timeout_ms = (uint64_t)timeout_s * 1000u;
	t->warning_ms = (uint64_t)warning_s * 1000u;
	t->last_input_ms = now;
	t->phase = IDLE_ACTIVE;
	t->shown_seconds = 0;
}

bool idle_input(idle_timer *t, uint64_t now)
{
	bool dismissed = t->phase == IDLE_WARNING;
	t->last_input_ms = now;
	t->phase = IDLE_ACTIVE;
	t->shown_seconds = 0;
	return dismissed;
}

int idle_seconds_left(const idle_timer *t, uint64_t now)
{
	if (t->phase != IDLE_WARNING)
		return 0;
	uint64_t end = reset_time(t);
	if (now >= end)
		return 0;
	uint64_t left_ms = end - now;
	return (int)((left_ms + 999u) / 1000u);
}

idle_event idle_tick(idle_timer *t, uint64_t now, bool on_welcome)
{
	if (on_welcome)
		return IDLE_NOTHING;
	if (now >= reset_time(t)) {
		/* Also reached when ticks stop for longer than the whole warning
		 * (a suspended machine): nobody touched it all that time either. */
		idle_input(t, now);
		return IDLE_RESET;
	}
	if (t->phase == IDLE_ACTIVE) {
		if (now < add_sat(t->last_input_ms, t->timeout_ms))
			return IDLE_NOTHING;
		t->phase = IDLE_WARNING;
		t->shown_seconds = idle_seconds_left(t, now);
		return IDLE_SHOW_WARNING;
	}
	int left = idle_seconds_left(t, now);
	if (left == t->shown_seconds)
		return IDLE_NOTHING;
	t->shown_seconds = left;
	return IDLE_COUNTDOWN;
}

uint64_t idle_next_deadline(const idle_timer *t, bool on_welcome)
{
	if (on_welcome)
		return UINT64_MAX;
	if (t->phase == IDLE_ACTIVE)
		return add_sat(t->last_input_ms, t->timeout_ms);
	/* The figure drops from n to n-1 once no more than (n-1) s are left;
	 * at n == 1 that moment is the reset itself. */
	uint64_t end = reset_time(t);
	uint64_t still = t->shown_seconds > 1 ? (uint64_t)(t->shown_seconds - 1) * 1000u : 0;
	return end > still ? end - still : 0;
}
