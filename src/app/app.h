/* The kiosk application: state, screens, input, idle reset and drawing.
 *
 * The app never reads a clock or polls for events itself: the platform layer
 * (or the script replayer) hands it SDL events and the time in milliseconds,
 * and asks when it next needs waking (app_next_deadline). That is what lets a
 * script drive the real app on a virtual clock.
 *
 * Ownership: app_new's app is freed with app_free. The renderer passed to
 * app_attach_renderer stays the caller's; detach (app_attach_renderer with
 * NULL) or free the app before destroying it. */
#ifndef TAFLEN_APP_H
#define TAFLEN_APP_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/config.h"
#include "app/gesture.h"
#include "base/diag.h"
#include "base/lang.h"
#include "content/content.h"
#include "speech/speech.h"
#include "stats/stats.h"
#include "text/layout.h"

typedef struct app app;

/* SCREEN_WELCOME, SCREEN_MENU, ...: one per row of app/screen_list.h. */
typedef enum {
#define SCREEN(ID, NAME) SCREEN_##ID,
#include "app/screen_list.h"
#undef SCREEN
	SCREEN_COUNT
} screen_id;

typedef struct {
	const char *data_dir;    /* holds assets/ and fonts/ */
	app_config config;       /* content_dir "" means data_dir/assets/content */
	bool kiosk;              /* no way out but the staff gesture or Ctrl+Alt+Q */
	stats *stats;            /* usage figures; borrowed, NULL records nothing */
	/* The Unix time (s) at app time now, for when a visit started: the
	 * real clock in the kiosk, one from the virtual clock in a replay.
	 * NULL counts from 0. The app reads no clock of its own. */
	int64_t (*wall_time)(void *ctx, uint64_t now);
	void *wall_ctx;
	/* Something plays what speech_read gives (an audio device, or the
	 * replay's virtual clock): with config.speech, the app starts the
	 * speech engine and offers Listen (docs/speech.md). */
	bool audio;
} app_options;

/* Loads fonts and content. Content named by the config that fails
 * app_load_content falls back to the shipped content (its problems go to
 * diags). Returns -1 only when even
 * the shipped fonts cannot be loaded; with unusable shipped content the app
 * still starts and shows a bilingual out-of-order screen. */
int app_new(const app_options *opts, diag_list *diags, app **out);
void app_free(app *a);

/* Loads the content folder dir and checks it as the kiosk does before it
 * shows anything: content_load's checks, and that eng's fonts draw every
 * character (content_check_glyphs). Returns 0 and sets *out (freed with
 * content_free), or -1 with the problems in diags. --check-content runs
 * this too, so that it passes exactly the folders the kiosk accepts. */
int app_load_content(text_engine *eng, const char *dir, diag_list *diags, content **out);

/* Draws into r from now on (NULL: stop drawing). w, h: output size in pixels. */
int app_attach_renderer(app *a, SDL_Renderer *r, int w, int h);
/* When r is a software renderer drawing into surface s, text is composited
 * and opaque boxes filled straight into s: several times faster than SDL's
 * generic path. s keeps its pixels between frames, so from then on
 * app_render draws only what changed (app_damage). Call after every
 * app_attach_renderer (a new renderer forgets it) and whenever s is
 * replaced (a resized window); s stays the caller's. NULL: none. */
void app_draw_into(app *a, SDL_Surface *s);
/* Whether a whole frame drawn into that surface may be drawn on two threads
 * at once (view_frame_set_two_threads): on unless turned off. The pixels
 * are the same either way; `make bench-instr` turns it off, because
 * callgrind counts only the thread that asks. */
void app_set_two_threads(app *a, bool on);
/* Whether glyphs are blended eight pixels at a time where the CPU has AVX2
 * (glyph_atlas_set_wide), for this and every later renderer: on unless
 * turned off. The pixels are the same either way; `make bench-instr` turns
 * it off, so that its counts are the same on any x86-64. */
void app_set_wide_blend(app *a, bool on);
/* The next app_render draws the whole frame: the target lost what it showed. */
void app_redraw_all(app *a);
void app_resize(app *a, int w, int h);

/* "welcome", "menu", "leaflet" (the catalogue's first leaflet), "leaflet:3"
 * (its page 3), "leaflet/SLUG" and "leaflet/SLUG:3" (a leaflet by its
 * folder's name), "learn", "quiz", "quiz-result", "staff", "dashboard"; an
 * overlay as "NAME:ARG" ("contact:tel"), in lang, one of the content's.
 * Returns 0, or -1 for an unknown name, leaflet, page or language. */
int app_open(app *a, const char *screen, lang_id lang);
/* The language of the content shown whose tag is tag ("cy", "pl"): 0 and
 * *out, or -1 when it has none. */
int app_lang_find(const app *a, const char *tag, lang_id *out);

/* Input: a finger, the mouse, a key, the window. Pointer events become
 * gesture samples (gesture.h) and go where app_pointer's go. */
void app_handle_event(app *a, const SDL_Event *e, uint64_t now);
/* One pointer sample, its time the clock (as app_handle_event's now); a
 * non-finite position is dropped. For tests and any input without SDL. */
void app_pointer(app *a, const gesture_sample *s);
/* Advances timers and animations to now. */
void app_tick(app *a, uint64_t now);
/* When the app next needs app_tick (absolute ms), or UINT64_MAX. */
uint64_t app_next_deadline(const app *a);
/* The same without the deadlines that only repaint (the welcome prompt's
 * alternation, which is a function of the clock): when the app's state next
 * changes by itself. A virtual clock stops here only, so idle time costs
 * nothing however long. */
uint64_t app_next_change(const app *a);
/* True when the screen shows something different from the last frame. */
bool app_needs_redraw(const app *a);
/* Draws the frame: into a surface given to app_draw_into, which keeps its
 * pixels, only what changed since the last frame; else all of it. */
int app_render(app *a);
/* The rectangles the last app_render changed (n of them; 0: none), for a
 * present of those alone. Valid until the next app_render. */
const SDL_Rect *app_damage(const app *a, int *n);
bool app_quit_requested(const app *a);

/* A state field by name, as scripts see it (docs/scripts.md): screen, lang,
 * page, overlay, text_size, scroll, session (sessions the stats writer has
 * committed; waits for it first), page_offset, content_generation, speaking
 * (yes, no, paused), spoken_word (the word being read aloud, or none), and
 * the fields the screens' rows offer (screen_def.fields: the quiz's
 * highlights, found, score, ...). Returns -1 for an unknown field. */
int app_field(app *a, const char *name, char *buf, size_t size);
/* "screen=leaflet lang=cy page=3 overlay=none ..." */
void app_describe(app *a, char *buf, size_t size);

/* Where `needle` is shown on screen (buttons included): the first and last
 * line-segment rectangles of its first occurrence. -1 if not shown. */
int app_find_text(app *a, const char *needle, SDL_FRect *first, SDL_FRect *last);

/* Live content updates (docs/content.md). The content folder changed at now
 * (the watcher saw it): it is loaded once it has been quiet for 2 s
 * (RELOAD_QUIET_MS), checked as app_load_content checks, and shown at the next
 * safe moment (the welcome screen, or the end of a visitor's session); the
 * field content_generation counts the swaps from 1. Invalid content is
 * logged once and what is shown stays. */
void app_content_changed(app *a, uint64_t now);
/* A reload asked for (SIGHUP): the folder is loaded at once, unless a change
 * is still settling. */
void app_content_reload_requested(app *a, uint64_t now);
/* The last reload's problems, one "FILE:LINE: message" per line, or NULL
 * when the last reload was good (or none failed). Owned by the app. */
const char *app_content_rejection(const app *a);
/* The folder the content comes from and is reloaded from: the config's
 * content_dir, else the shipped one (written into buf). */
const char *app_content_dir(const app *a, char *buf, size_t size);

/* The speech engine whose samples are to be played (speech_read, from any
 * thread), or NULL when nothing is read aloud. Owned by the app. */
speech *app_speech(app *a);
/* Nothing can play the samples after all (no sound output): the engine
 * stops and no screen offers Listen. */
void app_speech_off(app *a);

/* Glyphs rasterised and atlas bytes, for the bench. */
void app_atlas_stats(const app *a, size_t *glyphs, size_t *bytes);

#endif
