#include "platform/paths.h"

#include <SDL.h>
#include <stdio.h>
#include <sys/stat.h>

static int has_data(const char *dir)
{
	char probe[4096];
	struct stat st;
	snprintf(probe, sizeof probe, "%s/fonts/NotoSans-Regular.ttf", dir);
	return stat(probe, &st) == 0;
}

int paths_data_dir(char *buf, size_t size)
{
	const char *forced = SDL_getenv("TAFLEN_DATA_DIR");
	if (forced && *forced) {
		/* Taken as given, even when broken: the app then reports what is
		 * wrong with it instead of quietly using another copy. */
		snprintf(buf, size, "%s", forced);
		return 0;
	}
	char *base = SDL_GetBasePath(); /* the executable's folder, with a trailing '/' */
	int rc = -1;
	if (base) {
		const char *candidates[] = {"%s..", "%s../share/taflen", "%s."};
		for (size_t i = 0; i < sizeof candidates / sizeof *candidates && rc; i++) {
			snprintf(buf, size, candidates[i], base);
			if (has_data(buf))
				rc = 0;
		}
		SDL_free(base);
	}
	if (rc && has_data(".")) {
		snprintf(buf, size, ".");
		rc = 0;
	}
	return rc;
}
