#include "app/pin_guard.h"

void pin_guard_init(pin_guard *g)
{
	*g = (pin_guard){0};
}

bool pin_guard_locked(const pin_guard *g, uint64_t now)
{
	return now < g->locked_until;
}

int pin_guard_seconds_left(const pin_guard *g, uint64_t now)
{
	if (!pin_guard_locked(g, now))
		return 0;
	return (int)((g->locked_until - now + 999u) / 1000u);
}

bool pin_guard_failed(pin_guard *g, uint64_t now)
{
	if (pin_guard_locked(g, now))
		return false; /* the keypad takes no PIN while locked */
	if (++g->fails < PIN_GUARD_TRIES)
		return false;
	g->fails = 0;
	g->locked_until = now + PIN_GUARD_LOCK_MS;
	return true;
}

void pin_guard_passed(pin_guard *g)
{
	g->fails = 0;
}

uint64_t pin_guard_next_deadline(const pin_guard *g, uint64_t now)
{
	if (!pin_guard_locked(g, now))
		return UINT64_MAX;
	/* The figure drops when a whole second more has gone: at
	 * locked_until - (n-1) s while n are shown, the last step the end. */
	uint64_t left = g->locked_until - now;
	uint64_t step = (left - 1) % 1000u + 1;
	return now + step;
}
