/* Where frames go: a real window (fullscreen on the primary display, or a
 * window for development), or an off-screen surface drawn by SDL's software
 * renderer, which needs no display and no GPU (screenshots, scripts, CI).
 *
 * A rotation (config `rotation`) is handled here: the app draws into an
 * upright target that is turned onto the display, and touch coordinates are
 * turned back, so the app never knows.
 *
 * Ownership: video_open_*'s video is freed with video_close, which also
 * destroys its renderer and window. */
#ifndef TAFLEN_VIDEO_H
#define TAFLEN_VIDEO_H

#include <SDL.h>
#include <stdbool.h>

#include "app/config.h"

typedef struct video video;

/* w, h of 0 mean the desktop's size (fullscreen). renderer is the config's
 * choice; auto means accelerated only when a GPU render node exists
 * (/dev/dri/renderD*), else SDL's software renderer, and accelerated falls
 * back to software when no GPU renderer opens. Returns 0, or -1 with a
 * message on stderr (no display, no renderer). */
int video_open_window(bool fullscreen, int w, int h, int rotation, config_renderer renderer,
		      video **out);
int video_open_headless(int w, int h, video **out);
void video_close(video *v);
/* Headless only: a new w x h surface and renderer (a rotated or resized
 * display, in scripts). The old renderer is destroyed: re-attach the app. */
int video_resize_headless(video *v, int w, int h);

SDL_Renderer *video_renderer(video *v);
/* The surface the software renderer draws into at 1:1: a headless video's,
 * or a window's window surface (SDL's software renderer, not rotated); NULL
 * for any other window. A window's changes when it is resized. */
SDL_Surface *video_surface(const video *v);
/* The size the app draws at (after rotation). */
void video_size(const video *v, int *w, int *h);
/* Starts a frame (selects the upright target when rotated). */
void video_begin(video *v);
/* Shows the frame. */
void video_present(video *v);
/* Shows the n rectangles of the frame that changed (none: nothing), when
 * the window is drawn into its window surface; else the whole frame. */
void video_present_rects(video *v, const SDL_Rect *rects, int n);
/* Writes the current frame to a PNG; 0, or -1 with a message on stderr. */
int video_save_png(video *v, const char *path);

/* Turns an input event's coordinates into the app's upright ones, and
 * notices size changes; returns true when the app must be resized. */
bool video_translate_event(video *v, SDL_Event *e);

#endif
