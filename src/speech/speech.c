#include "speech/speech.h"

#include <dirent.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "base/utf8.h"

/* espeak-ng hands audio over in chunks of this many ms: small, so that the
 * first sound is ready soon after a start. */
#define SYNTH_CHUNK_MS 50

/* The longest language name of an espeak-ng voice kept ("en-gb",
 * "cmn-latn-pinyin"); longer ones are no content language's. */
#define VOICE_NAME_MAX 24

/* A language an installed voice speaks, and whether its dictionary is
 * there. */
typedef struct {
	char name[VOICE_NAME_MAX];
	bool has_dict;
} voice_lang;

/* What one synthesis writes, guarded by mu: the audio so far, the word
 * timings so far, and for streaming the play position. */
typedef struct {
	int16_t *pcm;
	size_t n, cap;
	speech_word *words;
	size_t n_words;
	size_t read_pos;
	bool paused, done;
} sink;

struct speech {
	int rate;
	/* espeak-ng is loaded at the first synthesis, not in speech_new (its
	 * data costs some 10 ms and 2.5 MB a kiosk that is never asked to
	 * read would pay for nothing); data_arg is speech_new's folder. */
	bool loaded;
	bool has_data_arg;
	char data_arg[4096];
	atomic_bool slow; /* the next synthesis speaks at SPEECH_SLOW_WPM */
	char data[4096]; /* the espeak-ng-data folder */
	voice_lang *langs; /* every voice's languages, listed in speech_new */
	size_t n_langs;
	pthread_mutex_t mu;
	sink out;
	atomic_bool cancel;
	bool streaming; /* a worker exists (until speech_stop joins it) */
	pthread_t worker;
	char voice[VOICE_NAME_MAX]; /* the voice of the synthesis */
	const utterance *u;
	/* The synthesis in progress (only its thread touches these). */
	size_t seg;        /* the segment being synthesized */
	size_t seg_base;   /* samples before it */
	long open_word;    /* the word whose end is not known yet, or -1 */
	long next_word;    /* the first word without a timing */
};

/* espeak-ng calls its callback with no way to reach our object but this:
 * the one speech object of the process. */
static speech *_Atomic the_owner;

const char *speech_voice_name(const char *tag)
{
	/* British English rather than espeak-ng's "en" (also British, but
	 * named for what it is). */
	return strcmp(tag, "en") == 0 ? "en-gb" : tag;
}

static int select_voice(const char *name)
{
	espeak_VOICE v = {.languages = name};
	return espeak_SetVoiceByProperties(&v) == EE_OK ? 0 : -1;
}

/* The longest dictionary name read from a voice file, with its NUL. */
#define VOICE_DICT_MAX 64
/* Language lines read from one voice file (en has 2, the most is 4). */
#define VOICE_FILE_LANGS 8
/* lang/FAMILY/VOICE, or lang/VOICE. */
#define VOICE_DEPTH_MAX 2

/* name: shorter than VOICE_NAME_MAX. */
static int add_lang(speech *s, const char *name, const char *dict)
{
	voice_lang *p = realloc(s->langs, (s->n_langs + 1) * sizeof *p);
	if (!p)
		return -1;
	s->langs = p;
	voice_lang *x = &s->langs[s->n_langs++];
	memcpy(x->name, name, strlen(name) + 1);
	/* espeak-ng selects a voice whose dictionary is missing, and then
	 * reads nothing. */
	char path[4200];
	snprintf(path, sizeof path, "%s/%s_dict", s->data, dict);
	x->has_dict = access(path, R_OK) == 0;
	return 0;
}

/* The languages of one voice file, each with the dictionary it reads: the
 * file's "dictionary NAME" line, else the language up to any "-" ("en-gb"
 * reads en_dict). Returns 0 (a file that cannot be read adds nothing), or
 * -1 out of memory. */
static int read_voice(speech *s, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[256], word[VOICE_DICT_MAX], dict[VOICE_DICT_MAX] = "";
	char names[VOICE_FILE_LANGS][VOICE_NAME_MAX];
	size_t n = 0;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "language %63s", word) == 1) {
			if (n < VOICE_FILE_LANGS && strlen(word) < VOICE_NAME_MAX)
				memcpy(names[n++], word, strlen(word) + 1);
		} else if (sscanf(line, "dictionary %63s", word) == 1) {
			memcpy(dict, word, sizeof dict);
		}
	}
	fclose(f);
	for (size_t i = 0; i < n; i++) {
		char own[VOICE_DICT_MAX];
		snprintf(own, sizeof own, "%.*s", (int)strcspn(names[i], "-"), names[i]);
		if (add_lang(s, names[i], dict[0] ? dict : own) != 0)
			return -1;
	}
	return 0;
}

/* Lists the languages of every voice under dir (s->data's lang/ at depth
 * 0): the voices espeak_ListVoices(NULL) lists, which are that folder's
 * files (the variants and mbrola voices under voices/ it leaves out). Read
 * here for their language and dictionary lines only: espeak_ListVoices
 * parses every file of both folders, 5 M instructions of the kiosk's
 * start-up. test_speech holds the two lists to each other. Returns 0, or
 * -1 out of memory. */
static int list_voices(speech *s, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int rc = 0;
	for (struct dirent *e; rc == 0 && (e = readdir(d));) {
		char path[4400];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < VOICE_DEPTH_MAX)
			rc = list_voices(s, path, depth + 1);
		else if (S_ISREG(st.st_mode))
			rc = read_voice(s, path);
	}
	closedir(d);
	return rc;
}

speech_result speech_new(const char *data_dir, speech **out)
{
	speech *expected = NULL;
	speech *s = calloc(1, sizeof *s);
	if (!s)
		return SPEECH_ERROR;
	if (!atomic_compare_exchange_strong(&the_owner, &expected, s)) {
		free(s);
		return SPEECH_BUSY;
	}
	s->has_data_arg = data_dir != NULL;
	snprintf(s->data_arg, sizeof s->data_arg, "%s", data_dir ? data_dir : "");
	/* Where espeak-ng will look, without loading anything yet: the same
	 * rule as espeak_Initialize's (DIR/espeak-ng-data, else its own). */
	espeak_ng_InitializePath(data_dir);
	const char *path = NULL;
	espeak_Info(&path);
	snprintf(s->data, sizeof s->data, "%s", path ? path : "");
	s->rate = SPEECH_SAMPLE_RATE;
	char tables[4200];
	snprintf(tables, sizeof tables, "%s/phontab", s->data);
	if (access(tables, R_OK) != 0) {
		atomic_store(&the_owner, NULL);
		free(s);
		return SPEECH_NO_DATA;
	}
	char langs[4200];
	snprintf(langs, sizeof langs, "%s/lang", s->data);
	if (list_voices(s, langs, 0) != 0) {
		atomic_store(&the_owner, NULL);
		free(s->langs);
		free(s);
		return SPEECH_ERROR;
	}
	pthread_mutex_init(&s->mu, NULL);
	*out = s;
	return SPEECH_OK;
}

/* Loads espeak-ng, once; on the thread that synthesizes. */
static speech_result load(speech *s)
{
	if (s->loaded)
		return SPEECH_OK;
	int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SYNTH_CHUNK_MS,
				     s->has_data_arg ? s->data_arg : NULL, espeakINITIALIZE_DONT_EXIT);
	if (rate <= 0)
		return SPEECH_NO_DATA;
	if (rate != s->rate) {
		/* The sound output was opened for SPEECH_SAMPLE_RATE. */
		LOG(LOG_ERROR, "espeak-ng makes %d samples a second, not %d: cannot read aloud", rate,
		    s->rate);
		return SPEECH_ERROR;
	}
	s->loaded = true;
	return SPEECH_OK;
}

void speech_free(speech *s)
{
	if (!s)
		return;
	speech_stop(s);
	/* No espeak_Terminate: in espeak-ng 1.51 it can hang for ever in a
	 * process that initialised the library a second time (seen in
	 * test_speech). The library stays loaded; the next speech_new
	 * initialises it again, which frees nothing twice (checked with
	 * LeakSanitizer). */
	free(s->out.pcm);
	free(s->out.words);
	free(s->langs);
	pthread_mutex_destroy(&s->mu);
	atomic_store(&the_owner, NULL);
	free(s);
}

int speech_sample_rate(const speech *s)
{
	return s->rate;
}

void speech_set_slow(speech *s, bool slow)
{
	atomic_store(&s->slow, slow);
}

const char *speech_data_dir(const speech *s)
{
	return s->data;
}

bool speech_voice_available(const speech *s, const char *tag)
{
	const char *name = speech_voice_name(tag);
	for (size_t i = 0; i < s->n_langs; i++)
		if (strcmp(s->langs[i].name, name) == 0 && s->langs[i].has_dict)
			return true;
	return false;
}

static uint32_t ms_of(const speech *s, size_t samples)
{
	return (uint32_t)((uint64_t)samples * 1000u / (uint64_t)s->rate);
}

/* The byte offset of character pos (counted from 1, as espeak-ng does) in
 * the segment's text. */
static size_t byte_of_char(const char *text, size_t len, int pos)
{
	size_t i = 0;
	for (int c = 1; c < pos && i < len; c++) {
		uint32_t cp;
		i += utf8_decode(text + i, len - i, &cp);
	}
	return i;
}

/* Gives the word timings from next_word up to word w (exclusive) that the
 * voice ran together (no event of their own) a share of the time from the
 * last start to t. Called with mu held. */
static void close_open(speech *s, uint32_t t)
{
	if (s->open_word < 0)
		return;
	speech_word *w = &s->out.words[s->open_word];
	if (t > w->start_ms)
		w->end_ms = t;
	s->open_word = -1;
}

static void open_word(speech *s, long w, uint32_t t)
{
	close_open(s, t);
	/* Words the voice ran into the one before, without an event of their
	 * own, share its time: each gets a slice, so that every word is
	 * highlighted, in order. */
	if (w > s->next_word && s->next_word > 0) {
		speech_word *prev = &s->out.words[s->next_word - 1];
		uint32_t from = prev->start_ms, span = t > from ? t - from : 0;
		size_t k = (size_t)(w - s->next_word) + 1;
		for (size_t i = 0; i < k; i++) {
			speech_word *x = &s->out.words[s->next_word - 1 + (long)i];
			x->start_ms = from + (uint32_t)(span * i / k);
			x->end_ms = from + (uint32_t)(span * (i + 1) / k);
		}
	} else {
		for (long i = s->next_word; i < w; i++)
			s->out.words[i].start_ms = s->out.words[i].end_ms = t;
	}
	s->out.words[w].start_ms = s->out.words[w].end_ms = t;
	s->open_word = w;
	s->next_word = w + 1;
}

static int on_synth(short *wav, int n, espeak_EVENT *ev)
{
	speech *s = atomic_load(&the_owner);
	if (!s)
		return 1;
	pthread_mutex_lock(&s->mu);
	size_t len;
	const char *text = utterance_segment(s->u, s->seg, &len, NULL);
	for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
		uint32_t t = ms_of(s, s->seg_base) + (uint32_t)(ev->audio_position > 0 ? ev->audio_position : 0);
		if (ev->type == espeakEVENT_WORD) {
			long w = utterance_word_from(s->u, s->seg,
						     byte_of_char(text, len, ev->text_position));
			if (w >= s->next_word)
				open_word(s, w, t);
		} else if (ev->type == espeakEVENT_END || ev->type == espeakEVENT_MSG_TERMINATED) {
			close_open(s, t);
		}
	}
	int stop = 0;
	if (wav && n > 0) {
		sink *o = &s->out;
		if (o->n + (size_t)n > o->cap) {
			size_t cap = o->cap ? 2 * o->cap : (size_t)s->rate;
			while (cap < o->n + (size_t)n)
				cap *= 2;
			int16_t *p = realloc(o->pcm, cap * sizeof *p);
			if (!p) {
				stop = 1;
			} else {
				o->pcm = p;
				o->cap = cap;
			}
		}
		if (!stop) {
			memcpy(o->pcm + o->n, wav, (size_t)n * sizeof *wav);
			o->n += (size_t)n;
		}
	}
	pthread_mutex_unlock(&s->mu);
	return stop || atomic_load(&s->cancel) ? 1 : 0;
}

static void reset_sink(speech *s)
{
	free(s->out.pcm);
	free(s->out.words);
	s->out = (sink){0};
	s->open_word = -1;
	s->next_word = 0;
}

static speech_result synth_segments(speech *s);

/* Synthesizes every segment of s->u into s->out; done is set whatever
 * happens, so that a reader never waits for samples that cannot come. */
static speech_result synth_all(speech *s)
{
	speech_result rc = load(s);
	if (rc == SPEECH_OK)
		rc = synth_segments(s);
	pthread_mutex_lock(&s->mu);
	s->out.done = true;
	pthread_mutex_unlock(&s->mu);
	return rc;
}

static speech_result synth_segments(speech *s)
{
	size_t nw = utterance_words(s->u);
	pthread_mutex_lock(&s->mu);
	s->out.words = calloc(nw ? nw : 1, sizeof *s->out.words);
	for (size_t i = 0; s->out.words && i < nw; i++) {
		const utterance_word *w = utterance_word_get(s->u, i);
		s->out.words[i] = (speech_word){w->block, w->offset, w->len, 0, 0};
	}
	s->out.n_words = nw;
	s->open_word = -1;
	s->next_word = 0;
	pthread_mutex_unlock(&s->mu);
	if (!s->out.words)
		return SPEECH_ERROR;
	if (select_voice(s->voice) != 0)
		return SPEECH_NO_VOICE;
	espeak_SetParameter(espeakRATE, atomic_load(&s->slow) ? SPEECH_SLOW_WPM : SPEECH_NORMAL_WPM, 0);
	espeak_SetSynthCallback(on_synth);
	speech_result rc = SPEECH_OK;
	for (size_t i = 0; i < utterance_segments(s->u) && rc == SPEECH_OK; i++) {
		size_t len;
		const char *text = utterance_segment(s->u, i, &len, NULL);
		pthread_mutex_lock(&s->mu);
		s->seg = i;
		s->seg_base = s->out.n;
		pthread_mutex_unlock(&s->mu);
		/* [[...]] is how a pronunciation list gives phonemes; the
		 * utterance keeps the content's own brackets out. */
		if (espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakPHONEMES,
				 NULL, NULL) != EE_OK)
			rc = SPEECH_ERROR;
		if (atomic_load(&s->cancel))
			break;
		pthread_mutex_lock(&s->mu);
		close_open(s, ms_of(s, s->out.n));
		/* The pause between blocks, as silence. */
		size_t pause = (size_t)s->rate * SPEECH_BLOCK_PAUSE_MS / 1000u;
		if (i + 1 < utterance_segments(s->u)) {
			int16_t *p = realloc(s->out.pcm, (s->out.n + pause) * sizeof *p);
			if (!p) {
				rc = SPEECH_ERROR;
			} else {
				memset(p + s->out.n, 0, pause * sizeof *p);
				s->out.pcm = p;
				s->out.n += pause;
				s->out.cap = s->out.n;
			}
		}
		pthread_mutex_unlock(&s->mu);
	}
	pthread_mutex_lock(&s->mu);
	/* Words after the last event (none, in practice) end with the audio. */
	uint32_t end = ms_of(s, s->out.n);
	for (size_t i = (size_t)s->next_word; i < nw; i++)
		s->out.words[i].start_ms = s->out.words[i].end_ms = end;
	pthread_mutex_unlock(&s->mu);
	return rc;
}

speech_result speech_synthesize(speech *s, const char *tag, const utterance *u, speech_audio *out)
{
	*out = (speech_audio){0};
	if (s->streaming)
		return SPEECH_BUSY;
	if (!speech_voice_available(s, tag))
		return SPEECH_NO_VOICE;
	reset_sink(s);
	snprintf(s->voice, sizeof s->voice, "%s", speech_voice_name(tag));
	s->u = u;
	atomic_store(&s->cancel, false);
	speech_result rc = synth_all(s);
	if (rc == SPEECH_OK) {
		*out = (speech_audio){s->out.pcm, s->out.n, s->rate, s->out.words, s->out.n_words};
		s->out = (sink){0};
	}
	reset_sink(s);
	s->u = NULL;
	return rc;
}

void speech_audio_free(speech_audio *a)
{
	free(a->pcm);
	free(a->words);
	*a = (speech_audio){0};
}

long speech_word_at(const speech_word *words, size_t n, uint32_t ms)
{
	/* The last word starting at or before ms. */
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (words[mid].start_ms <= ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	const speech_word *w = &words[lo - 1];
	return ms < w->end_ms ? (long)(lo - 1) : -1;
}

static void *worker_main(void *arg)
{
	speech *s = arg;
	if (synth_all(s) != SPEECH_OK)
		LOG(LOG_WARN, "speech: synthesis failed");
	return NULL;
}

speech_result speech_start(speech *s, const char *tag, const utterance *u)
{
	speech_stop(s);
	if (!speech_voice_available(s, tag))
		return SPEECH_NO_VOICE;
	snprintf(s->voice, sizeof s->voice, "%s", speech_voice_name(tag));
	s->u = u;
	atomic_store(&s->cancel, false);
	if (pthread_create(&s->worker, NULL, worker_main, s) != 0) {
		s->u = NULL;
		return SPEECH_ERROR;
	}
	s->streaming = true;
	return SPEECH_OK;
}

size_t speech_read(speech *s, int16_t *out, size_t max)
{
	pthread_mutex_lock(&s->mu);
	size_t n = 0;
	if (!s->out.paused && s->out.n > s->out.read_pos) {
		n = s->out.n - s->out.read_pos;
		if (n > max)
			n = max;
		memcpy(out, s->out.pcm + s->out.read_pos, n * sizeof *out);
		s->out.read_pos += n;
	}
	pthread_mutex_unlock(&s->mu);
	return n;
}

size_t speech_buffered(speech *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->out.n - s->out.read_pos;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static void set_paused(speech *s, bool paused)
{
	pthread_mutex_lock(&s->mu);
	s->out.paused = paused;
	pthread_mutex_unlock(&s->mu);
}

void speech_pause(speech *s)
{
	set_paused(s, true);
}

void speech_resume(speech *s)
{
	set_paused(s, false);
}

void speech_stop(speech *s)
{
	if (s->streaming) {
		atomic_store(&s->cancel, true);
		pthread_join(s->worker, NULL);
		s->streaming = false;
	}
	pthread_mutex_lock(&s->mu);
	reset_sink(s);
	pthread_mutex_unlock(&s->mu);
	s->u = NULL;
}

speech_state speech_status(speech *s, uint32_t *pos_ms)
{
	if (!s->streaming) {
		if (pos_ms)
			*pos_ms = 0;
		return SPEECH_IDLE;
	}
	pthread_mutex_lock(&s->mu);
	if (pos_ms)
		*pos_ms = ms_of(s, s->out.read_pos);
	speech_state st = s->out.paused ? SPEECH_PAUSED
			  : s->out.done && s->out.read_pos == s->out.n ? SPEECH_FINISHED
								      : SPEECH_PLAYING;
	pthread_mutex_unlock(&s->mu);
	return st;
}

long speech_current_word(speech *s, speech_word *out)
{
	if (!s->streaming)
		return -1;
	pthread_mutex_lock(&s->mu);
	/* Only words whose end is known are final; the open one is still
	 * growing but already has its start. */
	long w = speech_word_at(s->out.words, (size_t)s->next_word, ms_of(s, s->out.read_pos));
	if (w < 0 && s->open_word >= 0 && s->out.words[s->open_word].start_ms <= ms_of(s, s->out.read_pos))
		w = s->open_word;
	if (w >= 0 && out)
		*out = s->out.words[w];
	pthread_mutex_unlock(&s->mu);
	return w;
}
