#include "platform/video.h"

#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "platform/pngsave.h"

struct video {
	SDL_Window *window;     /* NULL when headless */
	SDL_Surface *surface;   /* headless target */
	SDL_Renderer *renderer;
	SDL_Texture *upright;   /* rotated windows draw here first */
	int rotation;
	bool in_surface;        /* a window drawn by the software renderer into its window surface */
	int out_w, out_h;       /* the display's pixels */
	int w, h;               /* the app's pixels */
};

static void app_size(video *v)
{
	bool sideways = v->rotation == 90 || v->rotation == 270;
	v->w = sideways ? v->out_h : v->out_w;
	v->h = sideways ? v->out_w : v->out_h;
}

static int make_upright(video *v)
{
	if (v->upright)
		SDL_DestroyTexture(v->upright);
	v->upright = NULL;
	if (v->rotation == 0)
		return 0;
	v->upright = SDL_CreateTexture(v->renderer, SDL_PIXELFORMAT_ARGB8888,
				       SDL_TEXTUREACCESS_TARGET, v->w, v->h);
	if (!v->upright) {
		fprintf(stderr, "taflen: cannot rotate the display: %s\n", SDL_GetError());
		v->rotation = 0;
		app_size(v);
		return -1;
	}
	return 0;
}

/* Whether the kernel has a GPU render node (/dev/dri/renderD128...). Without
 * one, any GL that SDL found would be Mesa's llvmpipe: the CPU drawing
 * through a GL stack that costs megabytes and start-up time for no gain
 * over SDL's own software renderer. With one there may still be no
 * hardware GL driver for it, but that is rare and opening it is cheap. */
static bool have_render_node(void)
{
	glob_t g;
	bool found = glob("/dev/dri/renderD*", GLOB_NOSORT, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	return found;
}

static SDL_Renderer *make_renderer(SDL_Window *w, config_renderer how)
{
	if (how == CONFIG_RENDERER_AUTO)
		how = have_render_node() ? CONFIG_RENDERER_ACCELERATED : CONFIG_RENDERER_SOFTWARE;
	SDL_Renderer *r = NULL;
	if (how == CONFIG_RENDERER_ACCELERATED)
		r = SDL_CreateRenderer(w, -1, SDL_RENDERER_PRESENTVSYNC);
	if (r)
		return r;
	/* SDL shows a software renderer's frame through a GL texture unless
	 * told not to, which would load the GL stack after all. Only X11 has
	 * a window surface of its own (shared memory) in SDL 2.26; elsewhere
	 * (Wayland, KMSDRM) the texture is the only way to the screen. */
	if (strcmp(SDL_GetCurrentVideoDriver(), "x11") == 0)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	return SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
}

int video_open_window(bool fullscreen, int w, int h, int rotation, config_renderer renderer,
		      video **out)
{
	/* With no display SDL quietly falls back to its offscreen or dummy
	 * driver: a kiosk nobody can see. Only accept those when asked for by
	 * name in SDL_VIDEODRIVER (the bench and the tests do). */
	const char *asked = SDL_getenv("SDL_VIDEODRIVER");
	const char *got = NULL;
	/* Without X11 or Wayland, only a KMS console can show us; probing the
	 * others would just print their complaints. */
	if ((!asked || !*asked) && !SDL_getenv("DISPLAY") && !SDL_getenv("WAYLAND_DISPLAY"))
		SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "KMSDRM", SDL_HINT_OVERRIDE);
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0)
		got = SDL_GetCurrentVideoDriver();
	if (!got || ((strcmp(got, "offscreen") == 0 || strcmp(got, "dummy") == 0) &&
		     !(asked && strcmp(asked, got) == 0))) {
		fprintf(stderr, "taflen: no display available (%s); for a picture without one, "
				"use --screenshot OUT.png\n", got ? "only SDL's offscreen driver" : SDL_GetError());
		if (got)
			SDL_QuitSubSystem(SDL_INIT_VIDEO);
		return -1;
	}
	video *v = calloc(1, sizeof *v);
	if (!v)
		return -1;
	v->rotation = rotation;
	Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
	int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
	SDL_DisplayMode desktop;
	if (fullscreen) {
		/* Ask for the desktop's own size at its origin: with no window
		 * manager (a bare X server, a kiosk compositor) nobody else
		 * will resize or move the window. */
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
		if (SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
			w = desktop.w;
			h = desktop.h;
			x = y = 0;
		}
	} else {
		flags |= SDL_WINDOW_RESIZABLE;
	}
	v->window = SDL_CreateWindow("taflen", x, y, w > 0 ? w : 1080, h > 0 ? h : 1920, flags);
	if (v->window)
		v->renderer = make_renderer(v->window, renderer);
	if (!v->renderer) {
		fprintf(stderr, "taflen: cannot open a window: %s\n", SDL_GetError());
		video_close(v);
		return -1;
	}
	/* A kiosk must not blank or lock while someone is reading. */
	SDL_DisableScreenSaver();
	SDL_GetRendererOutputSize(v->renderer, &v->out_w, &v->out_h);
	app_size(v);
	make_upright(v);
	/* SDL's software renderer draws a window into its window surface,
	 * which keeps its pixels: unless the frame is turned first, the app
	 * can draw there itself and show only what changed. */
	SDL_RendererInfo info;
	v->in_surface = !v->upright && SDL_GetRendererInfo(v->renderer, &info) == 0 &&
			(info.flags & SDL_RENDERER_SOFTWARE);
	*out = v;
	return 0;
}

/* A headless frame. SDL_CreateRGBSurfaceWithFormat zeroes its pixels, and
 * the app's first frame clears them all again: 8 MB written twice at
 * 1920x1080 (a tenth of a headless start-up's instructions). calloc's large
 * blocks are fresh zero pages from the kernel, written only by that clear.
 * Since the frame is written whole, its pages are asked to be transparent
 * huge pages: 2 MB a page fault instead of 4 KB, except at the block's two
 * ends, which are not 2 MB-aligned (a headless start-up at 1920x1080 takes
 * 2,785 page faults instead of 4,324, about 2 ms less; docs/performance.md).
 * Only a hint; calloc (rather than a mapping of our own) keeps the frame
 * visible to AddressSanitizer and valgrind. The pixels are ours: free_frame
 * frees them. */
static SDL_Surface *new_frame(int w, int h)
{
	int pitch = w * 4;
	size_t len = (size_t)h * (size_t)pitch;
	Uint8 *pixels = calloc(1, len);
	if (!pixels) {
		SDL_OutOfMemory();
		return NULL;
	}
	long page = sysconf(_SC_PAGESIZE);
	if (page > 0) {
		uintptr_t mask = (uintptr_t)page - 1;
		uintptr_t from = ((uintptr_t)pixels + mask) & ~mask;
		uintptr_t to = ((uintptr_t)pixels + len) & ~mask;
		if (to > from)
			madvise((void *)from, to - from, MADV_HUGEPAGE);
	}
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(pixels, w, h, 32, pitch,
							     SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		free(pixels);
	return s;
}

static void free_frame(SDL_Surface *s)
{
	void *pixels = s ? s->pixels : NULL;
	SDL_FreeSurface(s);
	free(pixels);
}

int video_open_headless(int w, int h, video **out)
{
	video *v = calloc(1, sizeof *v);
	if (!v)
		return -1;
	v->surface = new_frame(w, h);
	if (v->surface)
		v->renderer = SDL_CreateSoftwareRenderer(v->surface);
	if (!v->renderer) {
		fprintf(stderr, "taflen: cannot make a %dx%d software renderer: %s\n", w, h,
			SDL_GetError());
		video_close(v);
		return -1;
	}
	v->out_w = v->w = w;
	v->out_h = v->h = h;
	*out = v;
	return 0;
}

int video_resize_headless(video *v, int w, int h)
{
	if (v->window)
		return -1;
	SDL_Surface *surface = new_frame(w, h);
	SDL_Renderer *renderer = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
	if (!renderer) {
		fprintf(stderr, "taflen: cannot make a %dx%d software renderer: %s\n", w, h,
			SDL_GetError());
		free_frame(surface);
		return -1;
	}
	SDL_DestroyRenderer(v->renderer);
	free_frame(v->surface);
	v->surface = surface;
	v->renderer = renderer;
	v->out_w = v->w = w;
	v->out_h = v->h = h;
	return 0;
}

void video_close(video *v)
{
	if (!v)
		return;
	if (v->upright)
		SDL_DestroyTexture(v->upright);
	if (v->renderer)
		SDL_DestroyRenderer(v->renderer);
	free_frame(v->surface);
	if (v->window)
		SDL_DestroyWindow(v->window);
	free(v);
}

SDL_Renderer *video_renderer(video *v)
{
	return v->renderer;
}

SDL_Surface *video_surface(const video *v)
{
	if (!v->window)
		return v->surface;
	return v->in_surface ? SDL_GetWindowSurface(v->window) : NULL;
}

void video_size(const video *v, int *w, int *h)
{
	*w = v->w;
	*h = v->h;
}

void video_begin(video *v)
{
	if (v->upright)
		SDL_SetRenderTarget(v->renderer, v->upright);
}

void video_present(video *v)
{
	if (v->upright) {
		SDL_SetRenderTarget(v->renderer, NULL);
		SDL_RenderClear(v->renderer);
		SDL_Rect dst = {(v->out_w - v->w) / 2, (v->out_h - v->h) / 2, v->w, v->h};
		SDL_RenderCopyEx(v->renderer, v->upright, NULL, &dst, v->rotation, NULL, SDL_FLIP_NONE);
	}
	if (v->window)
		SDL_RenderPresent(v->renderer);
}

void video_present_rects(video *v, const SDL_Rect *rects, int n)
{
	if (!v->in_surface) {
		video_present(v);
		return;
	}
	/* What the renderer still queues goes into the surface first. */
	SDL_RenderFlush(v->renderer);
	if (n > 0 && SDL_UpdateWindowSurfaceRects(v->window, rects, n) != 0)
		SDL_UpdateWindowSurface(v->window);
}

int video_save_png(video *v, const char *path)
{
	SDL_Surface *s = v->surface;
	SDL_Surface *copy = NULL;
	if (!s) {
		copy = new_frame(v->w, v->h);
		if (!copy || SDL_RenderReadPixels(v->renderer, NULL, SDL_PIXELFORMAT_ARGB8888,
						  copy->pixels, copy->pitch) != 0) {
			fprintf(stderr, "taflen: cannot read the frame: %s\n", SDL_GetError());
			free_frame(copy);
			return -1;
		}
		s = copy;
	}
	char why[256];
	int rc = pngsave_write(s, path, why, sizeof why);
	if (rc != 0)
		fprintf(stderr, "taflen: cannot write %s: %s\n", path, why);
	free_frame(copy);
	return rc == 0 ? 0 : -1;
}

/* Normalised display coordinates to normalised upright ones. */
static void unrotate(const video *v, float *x, float *y)
{
	float ox = *x, oy = *y;
	switch (v->rotation) {
	case 90: *x = oy; *y = 1 - ox; break;
	case 180: *x = 1 - ox; *y = 1 - oy; break;
	case 270: *x = 1 - oy; *y = ox; break;
	default: break;
	}
}

bool video_translate_event(video *v, SDL_Event *e)
{
	switch (e->type) {
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
	case SDL_FINGERMOTION:
		unrotate(v, &e->tfinger.x, &e->tfinger.y);
		return false;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
	case SDL_MOUSEMOTION: {
		int *px = e->type == SDL_MOUSEMOTION ? &e->motion.x : &e->button.x;
		int *py = e->type == SDL_MOUSEMOTION ? &e->motion.y : &e->button.y;
		if (v->rotation == 0 || v->out_w <= 0 || v->out_h <= 0)
			return false;
		float x = (float)*px / (float)v->out_w, y = (float)*py / (float)v->out_h;
		unrotate(v, &x, &y);
		*px = (int)(x * (float)v->w);
		*py = (int)(y * (float)v->h);
		return false;
	}
	case SDL_WINDOWEVENT:
		if (e->window.event != SDL_WINDOWEVENT_SIZE_CHANGED || !v->renderer)
			return false;
		SDL_GetRendererOutputSize(v->renderer, &v->out_w, &v->out_h);
		app_size(v);
		make_upright(v);
		return true;
	default:
		return false;
	}
}
