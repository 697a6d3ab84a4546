/* Live content updates, the app's side: loads the folder when reload.c says
 * it has settled, checks it as --check-content does, and swaps the whole
 * content object in between frames at a safe moment. The decisions are
 * reload.c's; this file only carries them out. */
#include "app/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

const char *app_content_dir(const app *a, char *buf, size_t size)
{
	if (a->opts.config.content_dir[0])
		return a->opts.config.content_dir;
	snprintf(buf, size, "%s/assets/content", a->opts.data_dir);
	return buf;
}

void app_content_changed(app *a, uint64_t now)
{
	reload_changed(a->reload, now > a->now ? now : a->now);
}

void app_content_reload_requested(app *a, uint64_t now)
{
	reload_requested(a->reload, now > a->now ? now : a->now);
}

const char *app_content_rejection(const app *a)
{
	return reload_rejection(a->reload);
}

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

static void load(app *a)
{
	char buf[4096];
	const char *dir = app_content_dir(a, buf, sizeof buf);
	diag_list *d = diag_list_new();
	content *c = NULL;
	if (d && app_load_content(a->text, dir, d, &c) == 0) {
		content_free(a->staged);
		a->staged = c;
		reload_loaded(a->reload, true);
		diag_list_free(d);
		return;
	}
	content_free(a->staged);
	a->staged = NULL;
	reload_loaded(a->reload, false);
	if (!d) {
		LOG(LOG_ERROR, "out of memory reloading %s", dir);
		return;
	}
	if (diag_count(d) == 0) /* app_load_content always says why; be safe */
		diag_add(d, dir, 0, "cannot be loaded");
	char *msgs = joined(d);
	if (!msgs || reload_rejected(a->reload, msgs)) {
		LOG(LOG_ERROR, "content in %s rejected, %zu problem%s; still showing generation %u",
		    dir, diag_count(d), diag_count(d) == 1 ? "" : "s", a->generation);
		diag_print(d, stderr);
	}
	free(msgs);
	diag_list_free(d);
}

/* Between frames: nothing drawn or touchable may keep a layout of the old
 * content, and no screen may mix the two versions. */
static void swap(app *a)
{
	view_clear(a->view);
	a->reading = NULL;
	a->quiz_text = NULL;
	text_engine_cache_clear(a->text);
	content_free(a->content);
	a->content = a->staged;
	a->staged = NULL;
	a->generation++;
	a->dirty = true;
	a->redraw = true;
	LOG(LOG_WARN, "content reloaded (generation %u)", a->generation);
}

void app_reload_step(app *a, bool session_ended)
{
	bool safe = session_ended || (a->st.screen == SCREEN_WELCOME &&
				      a->st.overlay == OVERLAY_NONE && !a->ptr.down);
	/* At most a load and then a swap: reload_tick never asks to load twice
	 * for one change. */
	for (int i = 0; i < 2; i++) {
		switch (reload_tick(a->reload, a->now, safe)) {
		case RELOAD_NOTHING: return;
		case RELOAD_LOAD: load(a); break;
		case RELOAD_SWAP: swap(a); return;
		}
	}
}
