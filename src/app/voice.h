/* The app's side of reading aloud: it owns the one speech object (when the
 * config's speech is on and something plays the samples), builds what a
 * screen says from the blocks its view marked, carries out listen.c's
 * commands on the engine, and says which word of those blocks is being
 * said. A language's pronunciation list (TAG/say.txt of the content
 * folder) is read at its first reading after a content change.
 *
 * Ownership: voice_open's engine is freed by voice_close; the utterance
 * being read belongs to the voice until the next start or stop. */
#ifndef TAFLEN_VOICE_H
#define TAFLEN_VOICE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/listen.h"
#include "base/lang.h"
#include "content/content.h"
#include "speech/saylist.h"
#include "speech/speech.h"
#include "speech/utterance.h"

typedef struct {
	speech *engine;               /* NULL: no reading aloud */
	utterance *said;              /* what the stream under way reads */
	size_t from_block;            /* its first block among the screen's */
	saylist *say[LANG_MAX];       /* by lang_id, once say_read */
	bool say_read[LANG_MAX];
	unsigned say_generation;      /* the content version the lists are of; 0 none */
	listen_state ls;
} voice;

/* Starts the engine when on (on espeak-ng's own data, or the folder
 * SPEECH_DATA_ENV names); one log line says why there is none, and one
 * names each language of c (the content at start; may be NULL) without a
 * voice. A voice without an engine offers no Listen. */
void voice_open(voice *v, bool on, const content *c);
void voice_close(voice *v);

/* Whether Listen is offered in lang of c: an engine with the voice of
 * that language's tag (speech_voice_available); false without content. */
bool voice_can(const voice *v, const content *c, lang_id lang);

/* Carries out cmd: a start reads blocks[v->ls.from_block .. n) in lang of
 * c, with the pronunciation list of content_dir/TAG/say.txt (re-read when
 * generation changes). A start that fails stops. Nothing without c. */
void voice_do(voice *v, listen_cmd cmd, const content *c, lang_id lang,
	      const content_block *blocks, size_t n, const char *content_dir, unsigned generation);

/* The word being said, its block counted among the screen's blocks: true
 * and *out, or false between words, when paused before the first, or when
 * nothing is read. */
bool voice_word(voice *v, speech_word *out);
/* Whether every sample of the reading under way has been played. */
bool voice_finished(voice *v);

#endif
