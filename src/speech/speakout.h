/* taflen --speak-to OUT.wav --lang TAG --screen NAME: what a screen would say,
 * written to a WAV file, with one JSON line per word on out:
 *   {"word":"Adolygiad","start_ms":120,"end_ms":610,"block":0,"offset":9,"len":9}
 * word is the text of the block as shown, block the index of the block in
 * the screen's reading text and offset/len its bytes there (what the screen
 * will highlight). Screens: leaflet[:N] (page N, from 1, of the first
 * leaflet), leaflet/SLUG[:N] (of that leaflet), learn (the learning page),
 * quiz (the instruction only: the answers are not read). TAG is one of the
 * content's languages; its voice is speech_voice_name(TAG). */
#ifndef TAFLEN_SPEECH_SPEAKOUT_H
#define TAFLEN_SPEECH_SPEAKOUT_H

#include <stdio.h>

#include "speech/speech.h"

/* The environment variable naming the folder that holds espeak-ng-data
 * (speech.h). */
#define SPEAKOUT_DATA_ENV SPEECH_DATA_ENV

/* Returns the exit status: 0; 2 for an unknown screen, a language the
 * content does not have or one without a voice (with a message on err); 1
 * for invalid content or a file that cannot be written. */
int speakout_run(const char *content_dir, const char *tag, const char *screen, const char *wav_path,
		 FILE *out, FILE *err);

#endif
