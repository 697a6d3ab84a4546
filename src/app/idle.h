/* The inactivity timer: after timeout_ms without input on any screen but the
 * welcome screen, a warning shows for warning_ms with a countdown; input
 * during the warning dismisses it; at zero the app resets to a fresh start.
 *
 * Pure: time is an argument (milliseconds on any monotonic clock), so tests
 * drive it with a virtual clock and the main loop asks it for the next
 * deadline instead of polling. */
#ifndef TAFLEN_IDLE_H
#define TAFLEN_IDLE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum { IDLE_ACTIVE, IDLE_WARNING } idle_phase;

typedef enum {
	IDLE_NOTHING,      /* nothing changed */
	IDLE_SHOW_WARNING, /* the warning overlay must appear now */
	IDLE_COUNTDOWN,    /* the warning is up and its seconds-left figure changed */
	IDLE_RESET         /* the warning ran out: reset to a fresh start */
} idle_event;

typedef struct {
	uint64_t timeout_ms;
	uint64_t warning_ms;
	uint64_t last_input_ms;
	idle_phase phase;
	int shown_seconds; /* seconds left last reported, for IDLE_COUNTDOWN */
} idle_timer;

/* warning_s below 20 is raised to 20 (WCAG 2.2.1 gives people 20 s to react). */
void idle_init(idle_timer *t, unsigned timeout_s, unsigned warning_s, uint64_t now);

/* Any touch, click or key. Restarts the timer and dismisses a warning;
 * returns true when a warning was dismissed. */
bool idle_input(idle_timer *t, uint64_t now);

/* Advances to `now`. On the welcome screen nothing ever times out. After
 * IDLE_RESET the timer starts again from `now`. A tick that comes only after
 * the whole warning would have run out (a machine that slept) is IDLE_RESET
 * straight away. */
idle_event idle_tick(idle_timer *t, uint64_t now, bool on_welcome);

/* The next time idle_tick has something to say (UINT64_MAX: never), for
 * SDL_WaitEventTimeout. */
uint64_t idle_next_deadline(const idle_timer *t, bool on_welcome);

/* Whole seconds left on the warning's countdown, rounded up; 0 when no warning. */
int idle_seconds_left(const idle_timer *t, uint64_t now);

#endif
