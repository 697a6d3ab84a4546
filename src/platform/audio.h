/* Where read-aloud's samples go (docs/speech.md): an SDL audio device whose
 * callback drains speech_read on SDL's audio thread, or, in headless runs,
 * the virtual clock: the replay takes the samples that the time it
 * advances would have played, so that `wait 1500` plays exactly 1.5 s of
 * speech, whatever the machine's speed.
 *
 * Ownership: audio_open's audio is freed by audio_close, which stops the
 * device before the speech object it drains may go. */
#ifndef TAFLEN_AUDIO_H
#define TAFLEN_AUDIO_H

#include <stdbool.h>
#include <stdint.h>

#include "speech/speech.h"

typedef struct audio audio;

/* Starts SDL's audio subsystem and opens the default output for mono
 * 16-bit samples at rate, paused. Headless, it starts SDL's dummy driver
 * (unless SDL_AUDIODRIVER names another) and opens no device: the replay
 * takes the samples instead. Returns 0, or -1 with *why (SDL's message):
 * no sound output. */
int audio_open(bool headless, int rate, audio **out, const char **why);
/* Starts playing what s gives (NULL: nothing, the device stays paused). A
 * headless device is never started. */
void audio_play(audio *au, speech *s);
void audio_close(audio *au);

/* The virtual clock's output: takes from s the samples of the time from
 * from_ms to to_ms (at s's rate; silence when paused or when nothing is
 * read), waiting for synthesis to catch up rather than skipping. s may be
 * NULL. */
void audio_play_virtual(speech *s, uint64_t from_ms, uint64_t to_ms);

#endif
