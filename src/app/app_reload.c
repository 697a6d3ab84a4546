/* Live content updates, the app's side: loads the folder when reload.c says
 * it has settled and checks it as --check-content does. The decisions are
 * reload.c's; app.c swaps the whole content object in between frames at a
 * safe moment. */
#include "app/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

/* The problems, one per line, as reload_rejected compares them. */
static char *joined(const diag_list *d)
{
	size_t len = 1;
	for (size_t i = 0; i < diag_count(d); i++)
		len += strlen(diag_get(d, i)) + 1;
	char *s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < diag_count(d); i++) {
		strcat(s, diag_get(d, i));
		strcat(s, "\n");
	}
	return s;
}

void app_reload_load(reload *r, text_engine *text, const char *dir, unsigned generation,
		     content **staged)
{
	diag_list *d = diag_list_new();
	content *c = NULL;
	if (d && app_load_content(text, dir, d, &c) == 0) {
		content_free(*staged);
		*staged = c;
		reload_loaded(r, true);
		diag_list_free(d);
		return;
	}
	content_free(*staged);
	*staged = NULL;
	reload_loaded(r, false);
	if (!d) {
		LOG(LOG_ERROR, "out of memory reloading %s", dir);
		return;
	}
	if (diag_count(d) == 0) /* app_load_content always says why; be safe */
		diag_add(d, dir, 0, "cannot be loaded");
	char *msgs = joined(d);
	if (!msgs || reload_rejected(r, msgs)) {
		LOG(LOG_ERROR, "content in %s rejected, %zu problem%s; still showing generation %u",
		    dir, diag_count(d), diag_count(d) == 1 ? "" : "s", generation);
		diag_print(d, stderr);
	}
	free(msgs);
	diag_list_free(d);
}
