#include "speech/speakout.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "content/content.h"
#include "speech/saylist.h"
#include "speech/speech.h"
#include "speech/utterance.h"

/* The language as messages name it: Welsh and English in English, any
 * other by its own ui.txt's @language_name ("Polski"), else its tag. */
static const char *lang_name(const content *c, lang_id lang)
{
	if (lang == LANG_CY || lang == LANG_EN)
		return lang == LANG_CY ? "Welsh" : "English";
	const content_section *s = content_get_section(c, lang, "ui", "common");
	const char *name = s ? content_section_field(s, "language_name") : NULL;
	return name ? name : content_lang_tag(c, lang);
}

/* leaflet[:N] or leaflet/SLUG[:N] (the kiosk's --screen): the leaflet's
 * file in lang and its page (from 1), or NULL when the screen names no
 * leaflet that lang has or no page of it. */
static const content_file *leaflet_page(const content *c, lang_id lang, const char *arg, long *page)
{
	size_t item = content_first_leaflet(c);
	if (*arg == '/') {
		char slug[256];
		size_t n = strcspn(arg + 1, ":");
		if (n == 0 || n >= sizeof slug)
			return NULL;
		memcpy(slug, arg + 1, n);
		slug[n] = '\0';
		if (content_item_find(c, slug, &item) != 0 ||
		    content_item_kind(c, item) != CONTENT_KIND_LEAFLET)
			return NULL;
		arg += 1 + n;
	}
	*page = 1;
	if (*arg) {
		char *end;
		errno = 0;
		*page = strtol(arg + 1, &end, 10);
		if (*arg != ':' || *end || end == arg + 1 || errno)
			return NULL;
	}
	const content_file *f = content_item_file(c, item, lang);
	/* The first section holds the title; pages are the rest. */
	return f && *page >= 1 && (size_t)*page < f->n_sections ? f : NULL;
}

/* The blocks the screen reads: a page, the learning page, or the quiz's
 * instruction as one paragraph in *one. NULL for an unknown screen. */
static const content_block *screen_blocks(const content *c, lang_id lang, const char *screen,
					  content_block *one, size_t *n)
{
	/* "leaflet", "leaflet:..." or "leaflet/...": strchr finds the NUL. */
	if (strncmp(screen, "leaflet", 7) == 0 && strchr(":/", screen[7])) {
		long page;
		const content_file *f = leaflet_page(c, lang, screen + 7, &page);
		if (!f)
			return NULL;
		*n = f->sections[page].n_blocks;
		return f->sections[page].blocks;
	}
	if (strcmp(screen, "learn") == 0) {
		const content_section *s = content_get_section(c, lang, "quiz", "learn");
		if (!s)
			return NULL;
		*n = s->n_blocks;
		return s->blocks;
	}
	if (strcmp(screen, "quiz") == 0) {
		const content_section *s = content_get_section(c, lang, "quiz", "quiz");
		const char *t = s ? content_section_field(s, "instruction") : NULL;
		if (!t)
			return NULL;
		*one = (content_block){.kind = CONTENT_PARAGRAPH, .text = t, .len = strlen(t)};
		*n = 1;
		return one;
	}
	return NULL;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* A 16-bit mono PCM WAV file. */
static int write_wav(const char *path, const speech_audio *a)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	uint32_t data = (uint32_t)(a->n_samples * 2);
	unsigned char h[44];
	memcpy(h, "RIFF", 4);
	put_le(h + 4, 36 + data, 4);
	memcpy(h + 8, "WAVEfmt ", 8);
	put_le(h + 16, 16, 4);             /* fmt chunk size */
	put_le(h + 20, 1, 2);              /* PCM */
	put_le(h + 22, 1, 2);              /* mono */
	put_le(h + 24, (uint32_t)a->rate, 4);
	put_le(h + 28, (uint32_t)a->rate * 2, 4); /* bytes per second */
	put_le(h + 32, 2, 2);              /* bytes per frame */
	put_le(h + 34, 16, 2);             /* bits per sample */
	memcpy(h + 36, "data", 4);
	put_le(h + 40, data, 4);
	int ok = fwrite(h, 1, sizeof h, f) == sizeof h;
	for (size_t i = 0; ok && i < a->n_samples; i++) {
		unsigned char s[2];
		put_le(s, (uint32_t)(uint16_t)a->pcm[i], 2);
		ok = fwrite(s, 1, 2, f) == 2;
	}
	return fclose(f) == 0 && ok ? 0 : -1;
}

static void put_json_string(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

int speakout_run(const char *content_dir, const char *tag, const char *screen, const char *wav_path,
		 FILE *out, FILE *err)
{
	diag_list *d = diag_list_new();
	content *c = NULL;
	saylist *say = NULL;
	utterance *u = NULL;
	speech *s = NULL;
	speech_audio a = {0};
	int rc = 1;
	char say_path[4096];
	snprintf(say_path, sizeof say_path, "%s/%s/say.txt", content_dir, tag);
	if (!d || content_load(content_dir, d, &c) != 0) {
		if (d)
			diag_print(d, err);
		goto done;
	}
	lang_id lang;
	if (content_lang_find(c, tag, &lang) != 0) {
		fprintf(err, "taflen: --lang %s: the content has no such language\n", tag);
		rc = 2;
		goto done;
	}
	if (saylist_load(say_path, d, &say) != 0) {
		diag_print(d, err);
		goto done;
	}
	content_block one;
	size_t n = 0;
	const content_block *blocks = screen_blocks(c, lang, screen, &one, &n);
	if (!blocks) {
		fprintf(err, "taflen: --speak-to reads leaflet[:PAGE], leaflet/SLUG[:PAGE] (a page "
			     "the leaflet has in %s), learn or quiz, not \"%s\"\n",
			lang_name(c, lang), screen);
		rc = 2;
		goto done;
	}
	speech_result sr = speech_new(getenv(SPEAKOUT_DATA_ENV), &s);
	if (sr == SPEECH_NO_DATA || (sr == SPEECH_OK && !speech_voice_available(s, tag))) {
		fprintf(err, "taflen: no espeak-ng voice \"%s\" for %s: cannot read it aloud\n",
			speech_voice_name(tag), lang_name(c, lang));
		rc = 2;
		goto done;
	}
	if (sr != SPEECH_OK || utterance_build(blocks, n, tag, say, &u) != 0 ||
	    speech_synthesize(s, tag, u, &a) != SPEECH_OK) {
		fprintf(err, "taflen: speech synthesis failed\n");
		goto done;
	}
	if (write_wav(wav_path, &a) != 0) {
		fprintf(err, "taflen: cannot write %s: %s\n", wav_path, strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < a.n_words; i++) {
		const speech_word *w = &a.words[i];
		fputs("{\"word\":", out);
		put_json_string(out, blocks[w->block].text + w->offset, w->len);
		fprintf(out, ",\"start_ms\":%u,\"end_ms\":%u,\"block\":%zu,\"offset\":%zu,\"len\":%zu}\n",
			w->start_ms, w->end_ms, w->block, w->offset, w->len);
	}
	rc = 0;
done:
	speech_audio_free(&a);
	utterance_free(u);
	speech_free(s);
	saylist_free(say);
	content_free(c);
	diag_list_free(d);
	return rc;
}
