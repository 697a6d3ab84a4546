#include "app/voice.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/log.h"

void voice_open(voice *v, bool on, const content *c)
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
	for (int l = 0; c && l < content_n_langs(c); l++) {
		const char *tag = content_lang_tag(c, (lang_id)l);
		if (!speech_voice_available(v->engine, tag))
			LOG(LOG_WARN, "no espeak-ng voice \"%s\": no Listen in %s",
			    speech_voice_name(tag), tag);
	}
}

void voice_close(voice *v)
{
	speech_free(v->engine);
	utterance_free(v->said);
	for (int l = 0; l < LANG_MAX; l++)
		saylist_free(v->say[l]);
	*v = (voice){0};
}

bool voice_can(const voice *v, const content *c, lang_id lang)
{
	return v->engine && c && speech_voice_available(v->engine, content_lang_tag(c, lang));
}

/* The list of lang in the content shown, read at its first reading in each
 * version of the content; a bad list is logged and none is used
 * (--check-content reports it line by line). */
static const saylist *say_for(voice *v, lang_id lang, const char *tag, const char *dir,
			      unsigned generation)
{
	if (v->say_generation != generation) {
		for (int l = 0; l < LANG_MAX; l++) {
			saylist_free(v->say[l]);
			v->say[l] = NULL;
			v->say_read[l] = false;
		}
		v->say_generation = generation;
	}
	if (!v->say_read[lang]) {
		char path[4200];
		snprintf(path, sizeof path, "%s/%s/say.txt", dir, tag);
		diag_list *d = diag_list_new();
		if (d && saylist_load(path, d, &v->say[lang]) != 0) {
			LOG(LOG_WARN, "%s is not used: %zu problems (taflen --check-content)", path,
			    diag_count(d));
			v->say[lang] = NULL;
		}
		diag_list_free(d);
		v->say_read[lang] = true;
	}
	return v->say[lang];
}

static void stop(voice *v)
{
	speech_stop(v->engine);
	utterance_free(v->said);
	v->said = NULL;
}

void voice_do(voice *v, listen_cmd cmd, const content *c, lang_id lang,
	      const content_block *blocks, size_t n, const char *content_dir, unsigned generation)
{
	if (!v->engine || !c)
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
	const char *tag = content_lang_tag(c, lang);
	utterance *u = NULL;
	if (!blocks || from >= n || !voice_can(v, c, lang) ||
	    utterance_build(blocks + from, n - from, tag,
			    say_for(v, lang, tag, content_dir, generation), &u) != 0) {
		listen_stop(&v->ls);
		return;
	}
	speech_set_slow(v->engine, v->ls.slow);
	if (speech_start(v->engine, tag, u) != SPEECH_OK) {
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
