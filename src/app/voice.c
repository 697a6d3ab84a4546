#include "app/voice.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/log.h"

void voice_open(voice *v, bool on)
{
	*v = (voice){0};
	listen_init(&v->ls);
	if (!on)
		return;
	speech_result r = speech_new(getenv(SPEECH_DATA_ENV), &v->engine);
	if (r != SPEECH_OK) {
		v->engine = NULL;
		LOG(LOG_WARN, "reading aloud is off: %s",
		    r == SPEECH_NO_DATA ? "espeak-ng's data cannot be loaded"
		    : r == SPEECH_BUSY  ? "the speech engine is in use"
					: "the speech engine did not start");
		return;
	}
	/* Welsh and English, the languages speech.c has voices for; any
	 * other language of the content has no Listen. */
	for (int l = LANG_CY; l <= LANG_EN; l++)
		if (!speech_voice_available(v->engine, (lang_id)l))
			LOG(LOG_WARN, "no espeak-ng voice \"%s\": no Listen in %s",
			    speech_voice_name((lang_id)l), lang_code((lang_id)l));
}

void voice_close(voice *v)
{
	speech_free(v->engine);
	utterance_free(v->said);
	for (int l = 0; l < LANG_MAX; l++)
		saylist_free(v->say[l]);
	*v = (voice){0};
}

bool voice_can(const voice *v, lang_id lang)
{
	return v->engine && speech_voice_available(v->engine, lang);
}

/* The lists of the content shown, read once per version of it; a bad list
 * is logged and none is used (--check-content reports it line by line). */
static const saylist *say_for(voice *v, lang_id lang, const char *dir, unsigned generation)
{
	if (v->say_generation != generation) {
		for (int l = 0; l < LANG_MAX; l++) {
			saylist_free(v->say[l]);
			v->say[l] = NULL;
			if (!speech_voice_available(v->engine, (lang_id)l))
				continue; /* no voice: nothing would read the list */
			char path[4200];
			snprintf(path, sizeof path, "%s/%s/say.txt", dir, lang_code((lang_id)l));
			diag_list *d = diag_list_new();
			if (d && saylist_load(path, d, &v->say[l]) != 0) {
				LOG(LOG_WARN, "%s is not used: %zu problems (taflen --check-content)", path,
				    diag_count(d));
				v->say[l] = NULL;
			}
			diag_list_free(d);
		}
		v->say_generation = generation;
	}
	return v->say[lang];
}

static void stop(voice *v)
{
	speech_stop(v->engine);
	utterance_free(v->said);
	v->said = NULL;
}

void voice_do(voice *v, listen_cmd cmd, lang_id lang, const content_block *blocks, size_t n,
	      const char *content_dir, unsigned generation)
{
	if (!v->engine)
		return;
	switch (cmd) {
	case LISTEN_DO_NOTHING: return;
	case LISTEN_DO_PAUSE: speech_pause(v->engine); return;
	case LISTEN_DO_RESUME: speech_resume(v->engine); return;
	case LISTEN_DO_STOP: stop(v); return;
	case LISTEN_DO_START: break;
	}
	stop(v);
	size_t from = v->ls.from_block;
	const saylist *say = say_for(v, lang, content_dir, generation);
	utterance *u = NULL;
	if (!blocks || from >= n || !voice_can(v, lang) ||
	    utterance_build(blocks + from, n - from, lang, say, &u) != 0) {
		listen_stop(&v->ls);
		return;
	}
	speech_set_slow(v->engine, v->ls.slow);
	if (speech_start(v->engine, lang, u) != SPEECH_OK) {
		LOG(LOG_WARN, "reading aloud could not start");
		utterance_free(u);
		listen_stop(&v->ls);
		return;
	}
	v->said = u;
	v->from_block = from;
	/* A restart while paused (the speed changed) waits for Resume. */
	if (v->ls.mode == LISTEN_PAUSED)
		speech_pause(v->engine);
}

bool voice_word(voice *v, speech_word *out)
{
	if (!v->engine || !v->said || speech_current_word(v->engine, out) < 0)
		return false;
	out->block += v->from_block;
	return true;
}

bool voice_finished(voice *v)
{
	return v->engine && v->said && speech_status(v->engine, NULL) == SPEECH_FINISHED;
}
