/* The kiosk's main loop on a real display: event-driven, it sleeps in
 * SDL_WaitEventTimeout until the next input or the app's next deadline, and
 * draws only when something changed. No busy loop: an idle kiosk costs
 * almost nothing. */
#ifndef TAFLEN_LOOP_H
#define TAFLEN_LOOP_H

#include "app/app.h"
#include "platform/video.h"

/* Runs until the app asks to quit; returns the process exit code. */
int loop_run(app *a, video *v);

#endif
