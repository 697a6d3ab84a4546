/* Runs a script against the app on a virtual clock: time moves only when the
 * script waits (or drags), and input comes only from the script, as SDL
 * events shaped like a touchscreen's. Between commands the app is ticked at
 * every deadline where its state changes (app_next_change), as the real main
 * loop would; the deadlines that only repaint are skipped, which leaves the
 * state the same and makes idle time cost O(1).
 *
 * The clock starts at 0 and belongs to the caller (*clock) so that a soak
 * test can run many scripts in a row on one clock. */
#ifndef TAFLEN_REPLAY_H
#define TAFLEN_REPLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "platform/script.h"
#include "platform/video.h"

enum { REPLAY_OK = 0, REPLAY_FAILED = 1, REPLAY_MALFORMED = 2 };

/* trace: print one line per state change to `trace` (NULL: none). Returns
 * REPLAY_OK, REPLAY_FAILED (an expect or a *-text command failed) or
 * REPLAY_MALFORMED (a command that cannot run here, such as coordinates off
 * the screen), with a "FILE:LINE: message" on stderr. */
int replay_run(app *a, video *v, const script *s, FILE *trace, uint64_t *clock);

/* Advances the virtual clock to `until`, ticking the app at each deadline
 * where its state changes, and at `until`. Returns how many ticks that took
 * (bounded by what happens, not by how long: see app_next_change). */
size_t replay_advance(app *a, uint64_t *clock, uint64_t until, FILE *trace);

/* A finger event at pixel (x, y) of a w x h screen, as SDL would deliver it. */
SDL_Event replay_finger(Uint32 type, float x, float y, int w, int h, uint64_t now);

/* Whether an expect's VALUE holds for a field's text: the same text, or
 * ">N" / "<N" against a numeric field. */
bool replay_matches(const char *got, const char *want);

#endif
