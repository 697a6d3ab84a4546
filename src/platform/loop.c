#include "platform/loop.h"

#include <stdint.h>

#include "base/log.h"

/* Never sleep longer than this, so a lost deadline cannot stall the kiosk
 * for ever. */
#define LOOP_MAX_SLEEP_MS 60000

/* The watcher's thread: it blocks in watch_wait and wakes the loop with an
 * SDL event of type `type` (SDL_PushEvent is thread-safe), code the
 * watch_event. */
typedef struct {
	watch *w;
	Uint32 type;
} watcher;

static int watcher_run(void *p)
{
	watcher *t = p;
	for (;;) {
		watch_event ev = watch_wait(t->w, -1);
		if (ev == WATCH_STOPPED)
			return 0;
		if (ev == WATCH_TIMEOUT)
			continue;
		SDL_Event e;
		SDL_zero(e);
		e.type = t->type;
		e.user.code = (Sint32)ev;
		SDL_PushEvent(&e);
	}
}

static void handle(app *a, video *v, const watcher *t, SDL_Event *e)
{
	if (t->w && e->type == t->type) {
		if (e->user.code == WATCH_HANGUP)
			app_content_reload_requested(a, SDL_GetTicks64());
		else
			app_content_changed(a, SDL_GetTicks64());
		return;
	}
	/* The cursor is noise on a touchscreen; hide it once a finger shows up. */
	if (e->type == SDL_FINGERDOWN)
		SDL_ShowCursor(SDL_DISABLE);
	if (video_translate_event(v, e)) {
		int w, h;
		video_size(v, &w, &h);
		/* A resized window has a new window surface. */
		app_draw_into(a, video_surface(v));
		app_resize(a, w, h);
	}
	app_handle_event(a, e, SDL_GetTicks64());
}

int loop_run(app *a, video *v, watch *w, loop_first_frame_fn first, void *ctx)
{
	int width, height;
	video_size(v, &width, &height);
	if (app_attach_renderer(a, video_renderer(v), width, height) != 0)
		return 1;
	app_draw_into(a, video_surface(v));
	watcher t = {w, 0};
	SDL_Thread *thread = NULL;
	if (w) {
		t.type = SDL_RegisterEvents(1);
		if (t.type != (Uint32)-1)
			thread = SDL_CreateThread(watcher_run, "taflen-watch", &t);
		if (!thread) {
			/* The kiosk still works; content updates need a restart. */
			LOG(LOG_ERROR, "cannot watch the content folder: %s", SDL_GetError());
			t.w = NULL;
		}
	}
	while (!app_quit_requested(a)) {
		uint64_t now = SDL_GetTicks64();
		app_tick(a, now);
		if (app_needs_redraw(a)) {
			video_begin(v);
			app_render(a);
			int n;
			const SDL_Rect *changed = app_damage(a, &n);
			video_present_rects(v, changed, n);
			if (first) {
				first(ctx);
				first = NULL;
			}
		}
		uint64_t next = app_next_deadline(a);
		int timeout = LOOP_MAX_SLEEP_MS;
		if (next <= now)
			timeout = 0;
		else if (next - now < LOOP_MAX_SLEEP_MS)
			timeout = (int)(next - now);
		SDL_Event e;
		if (SDL_WaitEventTimeout(&e, timeout)) {
			handle(a, v, &t, &e);
			while (SDL_PollEvent(&e))
				handle(a, v, &t, &e);
		}
	}
	if (thread) {
		watch_stop(w);
		SDL_WaitThread(thread, NULL);
	}
	app_attach_renderer(a, NULL, width, height);
	return 0;
}
