/* Reading aloud with espeak-ng: an utterance (speech/utterance.h) becomes
 * 16-bit mono PCM and the time each word of the blocks is said, either all
 * at once (speech_synthesize: the --speak-to tool, tests) or streamed from a
 * worker thread (speech_start ...: for the screens' Listen button, which
 * pulls samples from an audio callback with speech_read).
 *
 * espeak-ng keeps global state: one synthesizer per process. So there is at
 * most one speech object at a time (speech_new fails while another exists),
 * and only that object calls espeak-ng: from the caller's thread in
 * speech_synthesize, from its worker thread while streaming, never both.
 * speech_free leaves espeak-ng loaded until the process ends (speech.c says
 * why); another speech_new may follow.
 *
 * Voices by the content's language tag: cy for Welsh, en-gb for English,
 * and for any other tag the voice of that name ("pl"); a language whose
 * voice (or its dictionary) the installed espeak-ng data lacks has no
 * Listen (speech_voice_available). */
#ifndef TAFLEN_SPEECH_H
#define TAFLEN_SPEECH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "speech/utterance.h"

typedef struct speech speech;

/* The environment variable naming the folder that holds espeak-ng-data,
 * for a voice other than the system's (and for the tests of a missing
 * one): read by --speak-to and by the kiosk. */
#define SPEECH_DATA_ENV "TAFLEN_ESPEAK_DATA"

/* The silence between two blocks. */
#define SPEECH_BLOCK_PAUSE_MS 400
/* The voice's speed in words a minute: espeak-ng's own default, and the
 * slower one a visitor can choose (speech_set_slow). */
#define SPEECH_NORMAL_WPM 175
#define SPEECH_SLOW_WPM 130

/* A word of the blocks and when it is said: from its first sound to the
 * start of the next word or the end of its clause, in ms from the start of
 * the audio. */
typedef struct {
	size_t block, offset, len; /* as utterance_word */
	uint32_t start_ms, end_ms;
} speech_word;

typedef struct {
	int16_t *pcm; /* mono */
	size_t n_samples;
	int rate; /* samples per second */
	speech_word *words; /* one per word of the utterance, in order */
	size_t n_words;
} speech_audio;

typedef enum {
	SPEECH_OK = 0,
	SPEECH_NO_DATA = -1,  /* espeak-ng's data cannot be loaded */
	SPEECH_BUSY = -2,     /* another speech object exists, or a stream runs */
	SPEECH_NO_VOICE = -3, /* no voice for the language */
	SPEECH_ERROR = -4,    /* out of memory, a thread, or espeak-ng failed */
} speech_result;

/* Prepares espeak-ng on data_dir (the folder holding espeak-ng-data; NULL
 * for the system's): checks that its data is there and lists its voices
 * with whether each one's dictionary is there, and loads nothing yet; the library is loaded by the first
 * synthesis (about 10 ms, once). Returns SPEECH_OK and sets *out,
 * SPEECH_BUSY, SPEECH_NO_DATA or SPEECH_ERROR (out of memory). */
speech_result speech_new(const char *data_dir, speech **out);
/* Stops any stream; NULL is fine. */
void speech_free(speech *s);

/* Whether the data has a voice for the language tag ("cy", "pl"): a voice
 * named speech_voice_name(tag) whose dictionary is there (as listed by
 * speech_new). */
bool speech_voice_available(const speech *s, const char *tag);
/* The espeak-ng-data folder in use. */
const char *speech_data_dir(const speech *s);
/* Samples per second of the audio made: espeak-ng's, known before it is
 * loaded so that a sound output can be opened at start. */
#define SPEECH_SAMPLE_RATE 22050
int speech_sample_rate(const speech *s);
/* The speed of every synthesis started from now on: SPEECH_SLOW_WPM when
 * slow, else SPEECH_NORMAL_WPM. A stream under way keeps its speed. */
void speech_set_slow(speech *s, bool slow);
/* The espeak-ng voice of a language tag: "en-gb" for "en", else the tag
 * itself ("cy", "pl"). */
const char *speech_voice_name(const char *tag);

/* Synthesizes all of u in the voice of tag on the caller's thread. On SPEECH_OK, *out
 * holds the audio and one timing per word of u (free with
 * speech_audio_free); else *out is empty. SPEECH_BUSY while a stream exists
 * (from speech_start until speech_stop), SPEECH_NO_VOICE without a voice. */
speech_result speech_synthesize(speech *s, const char *tag, const utterance *u, speech_audio *out);
void speech_audio_free(speech_audio *a);

/* The word being said at ms among words[0..n) (sorted by time, as made
 * here): the last one that started at or before ms, while it lasts; -1
 * before the first, in a pause between words, and after the last. Pure. */
long speech_word_at(const speech_word *words, size_t n, uint32_t ms);

/* Streaming. speech_start stops any previous stream and starts synthesizing
 * u on the worker thread; u must live until speech_stop or speech_free.
 * The samples wait in a buffer until speech_read takes them. */
speech_result speech_start(speech *s, const char *tag, const utterance *u);
/* Copies up to max samples from the play position to out and advances it;
 * returns how many (0 while paused, when synthesis has not caught up, or at
 * the end; the caller plays silence for the rest). Safe from an audio
 * callback on another thread. */
size_t speech_read(speech *s, int16_t *out, size_t max);
/* Samples synthesized and not yet read. */
size_t speech_buffered(speech *s);
void speech_pause(speech *s);
void speech_resume(speech *s);
/* Cancels synthesis and waits for the worker; the stream is gone. */
void speech_stop(speech *s);

typedef enum {
	SPEECH_IDLE,     /* no stream */
	SPEECH_PLAYING,  /* samples are being read, or will be */
	SPEECH_PAUSED,
	SPEECH_FINISHED, /* every sample has been read */
} speech_state;

/* The stream's state and play position in ms. */
speech_state speech_status(speech *s, uint32_t *pos_ms);
/* The word at the play position: its index (into the utterance's words) and
 * timing in *out, or -1. */
long speech_current_word(speech *s, speech_word *out);

#endif
