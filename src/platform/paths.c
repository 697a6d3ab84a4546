#include "platform/paths.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* What makes a folder our data folder. */
#define DATA_MARK "assets/content"
/* Where an installed program's data is, from PREFIX. */
#define DATA_INSTALLED "share/taflen"

static bool is_data_dir(const char *dir)
{
	char probe[4096];
	struct stat st;
	snprintf(probe, sizeof probe, "%s/" DATA_MARK, dir);
	return stat(probe, &st) == 0 && S_ISDIR(st.st_mode);
}

int paths_data_dir_for(const char *exe_dir, char *buf, size_t size)
{
	if (exe_dir && *exe_dir) {
		/* Split exe_dir ("/usr/local/bin/") into its parent and its name. */
		char parent[4096];
		snprintf(parent, sizeof parent, "%s", exe_dir);
		size_t n = strlen(parent);
		while (n > 1 && parent[n - 1] == '/')
			parent[--n] = '\0';
		char *slash = strrchr(parent, '/');
		const char *name = slash ? slash + 1 : parent;
		bool installed = strcmp(name, "bin") == 0;
		if (slash)
			*slash = '\0';
		else
			snprintf(parent, sizeof parent, ".");
		if (installed) {
			/* Taken as given, even when broken or gone: the app then
			 * names what is missing and shows what it can, rather than
			 * quietly using whatever copy is in the current folder. */
			snprintf(buf, size, "%s/" DATA_INSTALLED, parent);
			return 0;
		}
		snprintf(buf, size, "%s", *parent ? parent : "/");
		if (is_data_dir(buf))
			return 0;
	}
	if (is_data_dir(".")) {
		snprintf(buf, size, ".");
		return 0;
	}
	return -1;
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
	int rc = paths_data_dir_for(base, buf, size);
	SDL_free(base);
	return rc;
}
