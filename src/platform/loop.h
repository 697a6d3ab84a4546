/* The kiosk's main loop on a real display: event-driven, it sleeps in
 * SDL_WaitEventTimeout until the next input or the app's next deadline, and
 * draws only when something changed, and then, in a window drawn into its
 * window surface, only the rectangles that changed. No busy loop: an idle
 * kiosk costs almost nothing. */
#ifndef TAFLEN_LOOP_H
#define TAFLEN_LOOP_H

#include "app/app.h"
#include "platform/video.h"
#include "platform/watch.h"

/* Runs until the app asks to quit; returns the process exit code. w (NULL:
 * none) watches the content folder: loop_run waits in it on a thread of its
 * own, which wakes the loop with an SDL event, and tells the app
 * (app_content_changed, app_content_reload_requested). w stays the
 * caller's; the thread has stopped when loop_run returns. */
/* first (NULL: none) is called once with ctx, after the first frame is on
 * screen: the kiosk opens its sound output there, so that a sound card
 * slow to answer (probing ALSA took 100 ms under Xvfb) never delays the
 * first picture. */
typedef void (*loop_first_frame_fn)(void *ctx);
int loop_run(app *a, video *v, watch *w, loop_first_frame_fn first, void *ctx);

#endif
