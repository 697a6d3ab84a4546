/* The staff keypad's guard against guessing: after PIN_GUARD_TRIES wrong
 * PINs in a row the keypad locks for PIN_GUARD_LOCK_MS, and counts again
 * from nothing after that. A right PIN clears the count.
 *
 * Pure: time is an argument (app milliseconds), so tests drive it on a
 * virtual clock. A plain value kept by the app outside the visitor's state:
 * an idle reset or a new visitor does not lift a lock. */
#ifndef TAFLEN_PIN_GUARD_H
#define TAFLEN_PIN_GUARD_H

#include <stdbool.h>
#include <stdint.h>

#define PIN_GUARD_TRIES 5
#define PIN_GUARD_LOCK_MS 60000u

typedef struct {
	int fails;             /* wrong PINs since the last lock or right PIN */
	uint64_t locked_until; /* app ms; locked while now is before it */
} pin_guard;

void pin_guard_init(pin_guard *g);
/* Whether the keypad refuses PINs at now. */
bool pin_guard_locked(const pin_guard *g, uint64_t now);
/* Whole seconds of the lock left at now, rounded up; 0 when not locked. */
int pin_guard_seconds_left(const pin_guard *g, uint64_t now);
/* A wrong PIN at now; true when it locked the keypad. */
bool pin_guard_failed(pin_guard *g, uint64_t now);
/* The right PIN. */
void pin_guard_passed(pin_guard *g);
/* When the lock's seconds-left figure next changes (a redraw), UINT64_MAX
 * when not locked. */
uint64_t pin_guard_next_deadline(const pin_guard *g, uint64_t now);

#endif
