#include "platform/loop.h"

#include <stdint.h>

/* Never sleep longer than this, so a lost deadline cannot stall the kiosk
 * for ever. */
#define LOOP_MAX_SLEEP_MS 60000

static void handle(app *a, video *v, SDL_Event *e)
{
	/* The cursor is noise on a touchscreen; hide it once a finger shows up. */
	if (e->type == SDL_FINGERDOWN)
		SDL_ShowCursor(SDL_DISABLE);
	if (video_translate_event(v, e)) {
		int w, h;
		video_size(v, &w, &h);
		app_resize(a, w, h);
	}
	app_handle_event(a, e, SDL_GetTicks64());
}

int loop_run(app *a, video *v)
{
	int w, h;
	video_size(v, &w, &h);
	if (app_attach_renderer(a, video_renderer(v), w, h) != 0)
		return 1;
	while (!app_quit_requested(a)) {
		uint64_t now = SDL_GetTicks64();
		app_tick(a, now);
		if (app_needs_redraw(a)) {
			video_begin(v);
			app_render(a);
			video_present(v);
		}
		uint64_t next = app_next_deadline(a);
		int timeout = LOOP_MAX_SLEEP_MS;
		if (next <= now)
			timeout = 0;
		else if (next - now < LOOP_MAX_SLEEP_MS)
			timeout = (int)(next - now);
		SDL_Event e;
		if (SDL_WaitEventTimeout(&e, timeout)) {
			handle(a, v, &e);
			while (SDL_PollEvent(&e))
				handle(a, v, &e);
		}
	}
	app_attach_renderer(a, NULL, w, h);
	return 0;
}
