/* The smallest SDL program that shows a frame, the yardstick for
 * window_first_frame_ms and window_peak_rss_kb (bench/proc.c): a fullscreen
 * window on the desktop, SDL's software renderer (as taflen's `renderer =
 * auto` picks where there is no GPU render node, and shown the same way;
 * "accelerated" as the
 * argument asks for SDL's first GPU renderer instead), cleared to taflen's
 * background colour and shown, then nothing until SIGTERM (which SDL turns
 * into SDL_QUIT). Linked against SDL alone (Makefile), so it loads only
 * what any SDL program must. */
#include <SDL.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	Uint32 how = argc > 1 && strcmp(argv[1], "accelerated") == 0 ? SDL_RENDERER_PRESENTVSYNC
								      : SDL_RENDERER_SOFTWARE;
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "minimal_sdl: %s\n", SDL_GetError());
		return 1;
	}
	SDL_DisplayMode desktop = {0};
	SDL_GetDesktopDisplayMode(0, &desktop);
	SDL_Window *w = SDL_CreateWindow("minimal_sdl", 0, 0, desktop.w, desktop.h,
					 SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS);
	/* As taflen does (src/platform/video.c): on X11 a software frame goes
	 * to the window through shared memory, not a GL texture. */
	if (how == SDL_RENDERER_SOFTWARE && strcmp(SDL_GetCurrentVideoDriver(), "x11") == 0)
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, how) : NULL;
	if (!r) {
		fprintf(stderr, "minimal_sdl: %s\n", SDL_GetError());
		SDL_Quit();
		return 1;
	}
	SDL_SetRenderDrawColor(r, 243, 239, 230, 255);
	SDL_RenderClear(r);
	SDL_RenderPresent(r);
	SDL_Event e;
	while (SDL_WaitEvent(&e) && e.type != SDL_QUIT)
		if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_EXPOSED) {
			SDL_RenderClear(r);
			SDL_RenderPresent(r);
		}
	SDL_DestroyRenderer(r);
	SDL_DestroyWindow(w);
	SDL_Quit();
	return 0;
}
