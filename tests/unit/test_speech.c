/* Reading aloud (src/speech/). The pure part without a voice: what the voice
 * is given for phone numbers, e-mail addresses, apostrophes and symbols, the
 * map back to the words of the blocks, the pronunciation list (applied, and
 * every bad line reported as FILE:LINE), and the current-word lookup. Then
 * with espeak-ng: the shipped leaflet in Welsh and English is not silent,
 * lasts plausibly for its words, and its word timings are in order, cover
 * every word of the page and point at the right bytes; the stream gives the
 * same audio with pause and stop; a data folder without a voice is noticed.
 * Run from the repository root (tests/run.sh does): it reads assets/content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/content.h"
#include "speech/saylist.h"
#include "speech/speech.h"
#include "speech/utterance.h"

#define SHIPPED "assets/content"

static content_block para(const char *text)
{
	return (content_block){.kind = CONTENT_PARAGRAPH, .text = text, .len = strlen(text)};
}

/* The utterance of one block; its first segment in *text. */
static utterance *build1(const content_block *b, const char *tag, const saylist *say,
			 const char **text)
{
	utterance *u = NULL;
	assert_int_equal(utterance_build(b, 1, tag, say, &u), 0);
	assert_int_equal(utterance_segments(u), 1);
	*text = utterance_segment(u, 0, NULL, NULL);
	return u;
}

static saylist *parse(const char *text)
{
	diag_list *d = diag_list_new();
	saylist *l = NULL;
	int rc = saylist_parse(text, strlen(text), "say.txt", d, &l);
	for (size_t i = 0; i < diag_count(d); i++)
		fprintf(stderr, "%s\n", diag_get(d, i));
	assert_int_equal(rc, 0);
	diag_list_free(d);
	return l;
}

/* The word of the utterance whose text in the block is want, from index
 * *from on; asserts it is there. */
static size_t find_word(const utterance *u, const content_block *b, const char *want, size_t from)
{
	for (size_t i = from; i < utterance_words(u); i++) {
		const utterance_word *w = utterance_word_get(u, i);
		if (w->len == strlen(want) && memcmp(b[w->block].text + w->offset, want, w->len) == 0)
			return i;
	}
	fail_msg("no word \"%s\"", want);
	return 0;
}

static void phone_numbers(void **state)
{
	(void)state;
	content_block b = para("Ffoniwch 029 2087 1891 am 12 wythnos.");
	const char *t;
	utterance *u = build1(&b, "cy", NULL, &t);
	assert_string_equal(t, "Ffoniwch 0 2 9, 2 0 8 7, 1 8 9 1 am 12 wythnos.");
	/* Three words, one per group, and each digit said maps to its group. */
	size_t g = find_word(u, &b, "029", 0);
	assert_int_equal(find_word(u, &b, "2087", 0), g + 1);
	assert_int_equal(find_word(u, &b, "1891", 0), g + 2);
	const char *two = strstr(t, "2 0 8 7");
	assert_int_equal(utterance_word_from(u, 0, (size_t)(two + 2 - t)), (long)g + 1);
	/* The comma between groups belongs to no word: the next one. */
	assert_int_equal(utterance_word_from(u, 0, (size_t)(two - 2 - t)), (long)g + 1);
	assert_int_equal(utterance_words(u), 7);
	utterance_free(u);

	/* In a tel: link every group is a phone group, even without a 0. */
	content_span link = {0, 9, CONTENT_LINK, "tel:20871891"};
	content_block l = para("2087 1891");
	l.spans = &link;
	l.n_spans = 1;
	u = build1(&l, "en", NULL, &t);
	assert_string_equal(t, "2 0 8 7, 1 8 9 1.");
	utterance_free(u);

	/* The list says how each digit of a phone number is read. */
	saylist *say = parse("0 → dim\n");
	u = build1(&b, "cy", say, &t);
	assert_string_equal(t, "Ffoniwch dim 2 9, 2 dim 8 7, 1 8 9 1 am 12 wythnos.");
	utterance_free(u);
	saylist_free(say);
}

static void email_addresses(void **state)
{
	(void)state;
	content_block b = para("E-bost: cardiffandvalersb@cardiff.gov.uk.");
	const char *t;
	utterance *u = build1(&b, "cy", NULL, &t);
	/* Without a list: a long part with a vowel as it is, "uk" spelled. */
	assert_string_equal(t, "E-bost: cardiffandvalersb at cardiff dot gov dot u k.");
	size_t w = find_word(u, &b, "cardiffandvalersb@cardiff.gov.uk", 0);
	assert_int_equal(utterance_words(u), w + 1);
	/* Every byte said for the address maps to it. */
	const char *dot = strstr(t, "dot gov");
	assert_int_equal(utterance_word_from(u, 0, (size_t)(dot - t)), (long)w);
	utterance_free(u);

	saylist *say = parse("cardiffandvalersb → cardiff and vale r s b\n");
	u = build1(&b, "en", say, &t);
	assert_string_equal(t, "E-bost: cardiff and vale r s b at cardiff dot gov dot u k.");
	utterance_free(u);
	saylist_free(say);

	/* No vowel: spelled. Welsh counts w and y as vowels, English y. */
	content_block c = para("(info@nhs.cwm.cymru)");
	u = build1(&c, "cy", NULL, &t);
	assert_string_equal(t, "(info at n h s dot cwm dot cymru).");
	utterance_free(u);
	u = build1(&c, "en", NULL, &t);
	assert_string_equal(t, "(info at n h s dot c w m dot cymru).");
	utterance_free(u);
	content_block d = para("a_b-c@ww.org");
	u = build1(&d, "en", NULL, &t);
	assert_string_equal(t, "a underscore b dash c at w w dot org.");
	utterance_free(u);
	/* Not an address: no dot after the @, or two @. */
	content_block e = para("me@home a@b@c.d");
	u = build1(&e, "en", NULL, &t);
	assert_string_equal(t, "me@home a@b@c.d.");
	utterance_free(u);
	/* Another language (Polish): the neutral rules give the voice the
	 * symbols, for its dictionary to name; the rest is as above. */
	content_block p = para("Napisz: biuro_x@nhs.example.pl & Jan, 029 2018 0123");
	u = build1(&p, "pl", NULL, &t);
	assert_string_equal(t, "Napisz: biuro _ x @ n h s . example . p l & Jan, 0 2 9, 2 0 1 8, 0 1 2 3.");
	find_word(u, &p, "biuro_x@nhs.example.pl", 0);
	find_word(u, &p, "&", 0);
	utterance_free(u);
}

static void apostrophes(void **state)
{
	(void)state;
	content_block b = para("Beth sy’n digwydd i’w deulu a’i ffrindiau o’r hyn ’r ‘plant’?");
	const char *t;
	utterance *u = build1(&b, "cy", NULL, &t);
	/* Kept inside words (as '), never spelled out or dropped; the
	 * quotation marks are not read. */
	assert_string_equal(t, "Beth sy'n digwydd i'w deulu a'i ffrindiau o'r hyn 'r plant ?");
	size_t w = find_word(u, &b, "sy’n", 0);
	assert_int_equal(utterance_word_get(u, w)->offset, 5);
	assert_int_equal(utterance_word_get(u, w)->len, 6);
	w = find_word(u, &b, "a’i", w);
	w = find_word(u, &b, "o’r", w);
	w = find_word(u, &b, "’r", w);
	assert_int_equal(find_word(u, &b, "plant", w), w + 1);
	assert_int_equal(utterance_words(u), 11);
	utterance_free(u);

	content_block e = para("The Board’s leaflet, don't you think");
	u = build1(&e, "en", NULL, &t);
	assert_string_equal(t, "The Board's leaflet, don't you think.");
	find_word(u, &e, "Board’s", 0);
	utterance_free(u);
}

static void symbols_and_segments(void **state)
{
	(void)state;
	content_block b[] = {
		{.kind = CONTENT_HEADING, .level = 1, .text = "Cardiff & Vale", .len = 14},
		para(" — [ ] / "),
		para("Ar gael ar: "),
	};
	utterance *u = NULL;
	assert_int_equal(utterance_build(b, 3, "cy", NULL, &u), 0);
	/* A block without a word says nothing; each block ends a sentence. */
	assert_int_equal(utterance_segments(u), 2);
	size_t len, block;
	assert_string_equal(utterance_segment(u, 0, &len, &block), "Cardiff a Vale.");
	assert_int_equal(len, 15);
	assert_int_equal(block, 0);
	assert_string_equal(utterance_segment(u, 1, NULL, &block), "Ar gael ar.");
	assert_int_equal(block, 2);
	assert_int_equal(utterance_word_get(u, 1)->offset, 8); /* "&" is a word */
	utterance_free(u);
	assert_int_equal(utterance_build(b, 1, "en", NULL, &u), 0);
	assert_string_equal(utterance_segment(u, 0, NULL, NULL), "Cardiff and Vale.");
	utterance_free(u);
}

static void pronunciation_list(void **state)
{
	(void)state;
	saylist *l = parse("\xef\xbb\xbf; a note\n\nCaerdydd → Caer-dydd\r\n  Sy’n->[[s'In]]  \n"
			   "GLAMORGAN → [[gl@m'O@g@n]]\n");
	assert_int_equal(saylist_count(l), 3);
	/* Any case, ’ or ', Unicode form. */
	assert_string_equal(saylist_lookup(l, "caerdydd", 8), "Caer-dydd");
	assert_string_equal(saylist_lookup(l, "SY'N", 4), "[[s'In]]");
	assert_string_equal(saylist_lookup(l, "sy\xe2\x80\x99n", 6), "[[s'In]]");
	assert_string_equal(saylist_lookup(l, "Glamorgan", 9), "[[gl@m'O@g@n]]");
	assert_null(saylist_lookup(l, "Caer", 4));
	assert_null(saylist_lookup(NULL, "Caer", 4));
	/* Applied to whole words only. */
	content_block b = para("Caerdydd, Caerdyddiaid a Glamorgan’s");
	const char *t;
	utterance *u = build1(&b, "en", l, &t);
	assert_string_equal(t, "Caer-dydd, Caerdyddiaid a Glamorgan's.");
	utterance_free(u);
	saylist_free(l);

	/* Each bad line, with its line number; nothing is kept. */
	const char *bad = "ok → fine\n"
			  "no arrow here\n"
			  " → nothing before\n"
			  "two words → x\n"
			  "empty →   \n"
			  "OK -> again\n"
			  "w → [[abc\n"
			  "bad\xff → x\n"
			  "tab\x01 → x\n";
	diag_list *d = diag_list_new();
	l = NULL;
	assert_int_equal(saylist_parse(bad, strlen(bad), "cy/say.txt", d, &l), -1);
	assert_null(l);
	const char *want[] = {
		"cy/say.txt:2: expected \"word → spelling\" (or \"word -> spelling\")",
		"cy/say.txt:3: no word before the arrow",
		"cy/say.txt:4: the word before the arrow must be one word (no spaces)",
		"cy/say.txt:5: no spelling after the arrow",
		"cy/say.txt:7: \"[[\" without \"]]\" in the spelling",
		"cy/say.txt:8: not valid UTF-8",
		"cy/say.txt:9: a control character",
		"cy/say.txt:6: \"ok\" is already listed on line 1",
	};
	assert_int_equal(diag_count(d), sizeof want / sizeof *want);
	for (size_t i = 0; i < diag_count(d); i++)
		assert_string_equal(diag_get(d, i), want[i]);
	diag_list_free(d);
}

static void pronunciation_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/taflen-say-XXXXXX", path[128];
	assert_non_null(mkdtemp(dir));
	diag_list *d = diag_list_new();
	saylist *l = NULL;
	/* Optional: no file, no list, no message. */
	snprintf(path, sizeof path, "%s/cy/say.txt", dir);
	assert_int_equal(saylist_load(path, d, &l), 0);
	assert_int_equal(saylist_count(l), 0);
	saylist_free(l);
	assert_int_equal(saylist_check_content(dir, NULL, d), 0);
	/* A bad line in one language's file. */
	snprintf(path, sizeof path, "%s/en", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/en/say.txt", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("; notes\nfine → ok\nbroken\n", f);
	fclose(f);
	assert_int_equal(saylist_check_content(dir, NULL, d), 1);
	char want[256];
	snprintf(want, sizeof want, "%s:3: expected \"word → spelling\" (or \"word -> spelling\")",
		 path);
	assert_string_equal(diag_get(d, 0), want);
	/* A folder in its place is reported, not read. */
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(saylist_check_content(dir, NULL, d), 1);
	rmdir(path);
	snprintf(path, sizeof path, "%s/en", dir);
	rmdir(path);
	rmdir(dir);
	diag_list_free(d);
	/* The shipped lists are valid. */
	d = diag_list_new();
	assert_int_equal(saylist_check_content(SHIPPED, NULL, d), 0);
	diag_list_free(d);
}

/* The shipped lists fix what docs/speech.md says they fix, on the contact
 * page as shipped. */
static void shipped_lists_applied(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(SHIPPED, d, &c), 0);
	const char *want[LANG_EN + 1][3] = {
		[LANG_CY] = {"Caer-dydd a Bro Morgannwg", "dim 2 9, 2 dim 8 7, 1 8 9 1.",
			     "cardiff and feil r s b at cardiff dot gov dot iw c\xc3\xaa."},
		[LANG_EN] = {"Cardiff and Vale of [[gl@m'O@g@n]]", "oh 2 9, 2 oh 8 7, 1 8 9 1.",
			     "cardiff and vale r s b at cardiff dot gov dot u k."},
	};
	for (int l = 0; l <= LANG_EN; l++) {
		char path[64];
		snprintf(path, sizeof path, SHIPPED "/%s/say.txt", lang_code((lang_id)l));
		saylist *say = NULL;
		assert_int_equal(saylist_load(path, d, &say), 0);
		const content_file *f = content_get_file(c, (lang_id)l, "leaflet");
		const content_section *page = &f->sections[f->n_sections - 1];
		utterance *u = NULL;
		assert_int_equal(utterance_build(page->blocks, page->n_blocks, lang_code((lang_id)l), say, &u), 0);
		for (size_t k = 0; k < 3; k++) {
			bool found = false;
			for (size_t i = 0; i < utterance_segments(u) && !found; i++)
				found = strstr(utterance_segment(u, i, NULL, NULL), want[l][k]) != NULL;
			if (!found)
				fail_msg("%s: no \"%s\"", lang_code((lang_id)l), want[l][k]);
		}
		utterance_free(u);
		saylist_free(say);
	}
	content_free(c);
	diag_list_free(d);
}

static void word_lookup(void **state)
{
	(void)state;
	const speech_word w[] = {
		{0, 0, 3, 100, 300}, {0, 4, 2, 300, 450}, {0, 7, 5, 600, 900}, {1, 0, 4, 900, 1000},
	};
	assert_int_equal(speech_word_at(w, 4, 0), -1);
	assert_int_equal(speech_word_at(w, 4, 99), -1);
	assert_int_equal(speech_word_at(w, 4, 100), 0);
	assert_int_equal(speech_word_at(w, 4, 299), 0);
	assert_int_equal(speech_word_at(w, 4, 300), 1);
	assert_int_equal(speech_word_at(w, 4, 449), 1);
	assert_int_equal(speech_word_at(w, 4, 450), -1); /* a pause */
	assert_int_equal(speech_word_at(w, 4, 599), -1);
	assert_int_equal(speech_word_at(w, 4, 600), 2);
	assert_int_equal(speech_word_at(w, 4, 900), 3);
	assert_int_equal(speech_word_at(w, 4, 999), 3);
	assert_int_equal(speech_word_at(w, 4, 1000), -1);
	assert_int_equal(speech_word_at(w, 0, 100), -1);
}

/* The words of blocks as a reader sees them: runs of non-space, without
 * the punctuation around them, and "/" between two words splits them. */
static size_t reader_words(const content_block *b, size_t n, char words[][80], size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = b[i].text, *end = s + b[i].len;
		while (s < end) {
			while (s < end && strchr(" /(", *s))
				s++;
			const char *e = s;
			while (e < end && !strchr(" /", *e))
				e++;
			const char *we = e;
			while (we > s && strchr(".,:;?!)", we[-1]))
				we--;
			if (we > s && k < max)
				snprintf(words[k++], 80, "%.*s", (int)(we - s), s);
			s = e;
		}
	}
	return k;
}

static double rms(const int16_t *pcm, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (double)pcm[i] * pcm[i];
	return n ? sqrt(sum / (double)n) / 32768.0 : 0;
}

/* One page read aloud: loud enough, plausible length, timings in order,
 * every word of the page once, at its bytes. */
static void check_page(speech *s, const content *c, lang_id lang, const content_section *page,
		       const saylist *say)
{
	utterance *u = NULL;
	speech_audio a;
	assert_int_equal(utterance_build(page->blocks, page->n_blocks, lang_code(lang), say, &u), 0);
	assert_int_equal(speech_synthesize(s, lang_code(lang), u, &a), SPEECH_OK);
	(void)c;
	static char words[1000][80];
	size_t n = reader_words(page->blocks, page->n_blocks, words, 1000);
	assert_int_equal(a.n_words, n);
	assert_true(rms(a.pcm, a.n_samples) > 0.02);
	double seconds = (double)a.n_samples / a.rate;
	assert_true(seconds > 0.2 * (double)n && seconds < 1.0 * (double)n);
	for (size_t i = 0; i < a.n_words; i++) {
		const speech_word *w = &a.words[i];
		char got[80];
		snprintf(got, sizeof got, "%.*s", (int)w->len, page->blocks[w->block].text + w->offset);
		assert_string_equal(got, words[i]);
		assert_true(w->end_ms > w->start_ms);
		assert_true(w->end_ms <= (uint32_t)(seconds * 1000) + 1);
		if (i) {
			assert_true(w->start_ms >= a.words[i - 1].end_ms);
			assert_true(w->block >= a.words[i - 1].block);
		}
	}
	speech_audio_free(&a);
	utterance_free(u);
}

/* Any content language has the voice of its tag, where the data has one:
 * English is en-gb; Norwegian Bokmål (nb) reads the dictionary its voice
 * file names (no_dict), not nb_dict; a tag without a voice has none. */
static void voices_by_tag(void **state)
{
	(void)state;
	speech *s = NULL;
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	assert_string_equal(speech_voice_name("en"), "en-gb");
	assert_string_equal(speech_voice_name("cy"), "cy");
	assert_string_equal(speech_voice_name("pl"), "pl");
	assert_true(speech_voice_available(s, "pl"));
	assert_true(speech_voice_available(s, "nb"));
	assert_false(speech_voice_available(s, "xx"));
	assert_false(speech_voice_available(s, ""));
	content_block b = para("Dzień dobry, jak się masz?");
	utterance *u = NULL;
	speech_audio a;
	assert_int_equal(utterance_build(&b, 1, "pl", NULL, &u), 0);
	assert_int_equal(speech_synthesize(s, "xx", u, &a), SPEECH_NO_VOICE);
	assert_int_equal(speech_synthesize(s, "pl", u, &a), SPEECH_OK);
	assert_int_equal(a.n_words, 5);
	/* Not silence: some sample is loud. */
	int16_t peak = 0;
	for (size_t i = 0; i < a.n_samples; i++)
		peak = a.pcm[i] > peak ? a.pcm[i] : peak;
	assert_true(peak > 1000);
	speech_audio_free(&a);
	utterance_free(u);
	speech_free(s);
}

static void shipped_leaflet_aloud(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(SHIPPED, d, &c), 0);
	speech *s = NULL;
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	assert_true(speech_voice_available(s, "cy"));
	assert_true(speech_voice_available(s, "en"));
	for (int l = 0; l <= LANG_EN; l++) {
		char path[64];
		snprintf(path, sizeof path, SHIPPED "/%s/say.txt", lang_code((lang_id)l));
		saylist *say = NULL;
		assert_int_equal(saylist_load(path, d, &say), 0);
		const content_file *f = content_get_file(c, (lang_id)l, "leaflet");
		for (size_t p = 1; p < f->n_sections; p++)
			check_page(s, c, (lang_id)l, &f->sections[p], say);
		check_page(s, c, (lang_id)l, content_get_section(c, (lang_id)l, "quiz", "learn"), say);
		saylist_free(say);
	}
	speech_free(s);
	content_free(c);
	diag_list_free(d);
}

/* Words with diacritics and elisions are timed at their own bytes, and get
 * their own time: espeak-ng counts characters, and a page with many
 * multi-byte letters drifts far from a count of bytes. */
static void diacritics_timed(void **state)
{
	(void)state;
	content_block b[] = {
		para("Mae’r ŵyr, tŷ, dŵr, tân a sŵn a’r gofalwyr yn siarad â’i gilydd."),
		para("Rydyn ni’n dysgu."),
	};
	speech *s = NULL;
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	utterance *u = NULL;
	speech_audio a;
	assert_int_equal(utterance_build(b, 2, "cy", NULL, &u), 0);
	assert_int_equal(speech_synthesize(s, "cy", u, &a), SPEECH_OK);
	assert_int_equal(a.n_words, 16);
	const struct {
		size_t i, block;
		const char *word;
	} want[] = {{1, 0, "ŵyr"}, {2, 0, "tŷ"},       {7, 0, "a’r"}, {8, 0, "gofalwyr"},
		    {11, 0, "â’i"}, {12, 0, "gilydd"}, {14, 1, "ni’n"}};
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		const speech_word *w = &a.words[want[k].i];
		assert_int_equal(w->block, want[k].block);
		const char *at = strstr(b[w->block].text, want[k].word);
		assert_int_equal(w->offset, (size_t)(at - b[w->block].text));
		assert_int_equal(w->len, strlen(want[k].word));
	}
	/* Each word has its own time, not a share of its neighbour's: the
	 * long word lasts longer than the short one before it. */
	uint32_t ar = a.words[7].end_ms - a.words[7].start_ms;
	uint32_t gofalwyr = a.words[8].end_ms - a.words[8].start_ms;
	assert_true(gofalwyr * 2 > ar * 3);
	/* The second block starts after the pause. */
	assert_true(a.words[12].end_ms + SPEECH_BLOCK_PAUSE_MS <= a.words[13].start_ms);
	speech_audio_free(&a);
	utterance_free(u);
	speech_free(s);
}

static void stream(void **state)
{
	(void)state;
	content_block b[] = {para("Mae’r adolygydd yn gwrando."), para("Cysylltwch â ni.")};
	speech *s = NULL, *other = NULL;
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	/* One synthesizer per process. */
	assert_int_equal(speech_new(NULL, &other), SPEECH_BUSY);
	utterance *u = NULL;
	speech_audio a;
	assert_int_equal(utterance_build(b, 2, "cy", NULL, &u), 0);
	assert_int_equal(speech_synthesize(s, "cy", u, &a), SPEECH_OK);

	assert_int_equal(speech_status(s, NULL), SPEECH_IDLE);
	assert_int_equal(speech_start(s, "cy", u), SPEECH_OK);
	assert_int_equal(speech_synthesize(s, "cy", u, &(speech_audio){0}), SPEECH_BUSY);
	/* espeak-ng varies a page's length by a few samples from one run to
	 * the next, so the stream is compared with the whole audio only in
	 * length. */
	size_t cap = a.n_samples * 2;
	int16_t *got = calloc(cap, sizeof *got);
	assert_non_null(got);
	size_t n = 0;
	bool paused_once = false;
	long last_word = -1;
	size_t seen = 0;
	while (speech_status(s, NULL) != SPEECH_FINISHED) {
		if (n > a.n_samples / 2 && !paused_once) {
			speech_pause(s);
			assert_int_equal(speech_status(s, NULL), SPEECH_PAUSED);
			int16_t dummy[64];
			assert_int_equal(speech_read(s, dummy, 64), 0);
			speech_resume(s);
			paused_once = true;
		}
		assert_true(n < cap);
		size_t k = speech_read(s, got + n, cap - n < 512 ? cap - n : 512);
		n += k;
		/* The word at the play position moves forward through every
		 * word of the utterance, in order. */
		speech_word cur;
		long w = speech_current_word(s, &cur);
		if (w >= 0) {
			assert_true(w >= last_word);
			if (w != last_word) {
				assert_int_equal(w, (long)seen);
				seen++;
			}
			const utterance_word *uw = utterance_word_get(u, (size_t)w);
			assert_int_equal(cur.block, uw->block);
			assert_int_equal(cur.offset, uw->offset);
			last_word = w;
		}
		if (k == 0)
			usleep(1000);
	}
	assert_true(paused_once);
	assert_int_equal(seen, utterance_words(u));
	assert_true(n > a.n_samples * 98 / 100 && n < a.n_samples * 102 / 100);
	assert_true(rms(got, n) > 0.02);
	uint32_t pos;
	assert_int_equal(speech_status(s, &pos), SPEECH_FINISHED);
	assert_int_equal(pos, (uint32_t)((uint64_t)n * 1000 / (uint64_t)a.rate));
	assert_int_equal(speech_current_word(s, NULL), -1);

	/* Stopped half-way: nothing left. */
	assert_int_equal(speech_start(s, "cy", u), SPEECH_OK);
	while (speech_buffered(s) == 0)
		usleep(1000);
	speech_stop(s);
	assert_int_equal(speech_status(s, NULL), SPEECH_IDLE);
	assert_int_equal(speech_read(s, got, 16), 0);
	assert_int_equal(speech_current_word(s, NULL), -1);

	free(got);
	speech_audio_free(&a);
	utterance_free(u);
	speech_free(s);
	/* Free again: the next one may start. */
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	speech_free(s);
}

/* speech_new reads the voice files itself instead of asking
 * espeak_ListVoices, which parses many more: for every language of every
 * voice espeak-ng lists, Listen is there exactly when a voice of that
 * language has the dictionary it reads (its "dictionary" line, else the
 * language up to any "-"). */
static void voices_as_espeak_lists_them(void **state)
{
	(void)state;
	speech *s = NULL;
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	const char *data = speech_data_dir(s);
	struct {
		char name[32];
		bool want;
	} langs[400];
	size_t n = 0;
	const espeak_VOICE **v = espeak_ListVoices(NULL);
	for (size_t i = 0; v && v[i]; i++) {
		for (const char *l = v[i]->languages; *l; l += strlen(l + 1) + 2) {
			const char *name = l + 1;
			char path[4300], line[256], dict[64];
			snprintf(path, sizeof path, "%s/lang/%s", data, v[i]->identifier);
			FILE *f = fopen(path, "r");
			assert_non_null(f);
			snprintf(dict, sizeof dict, "%.*s", (int)strcspn(name, "-"), name);
			while (fgets(line, sizeof line, f))
				sscanf(line, "dictionary %63s", dict);
			fclose(f);
			snprintf(path, sizeof path, "%s/%s_dict", data, dict);
			bool has = access(path, R_OK) == 0;
			size_t k = 0;
			while (k < n && strcmp(langs[k].name, name) != 0)
				k++;
			if (k == n) {
				assert_true(n < sizeof langs / sizeof *langs && strlen(name) < 32);
				snprintf(langs[n].name, sizeof langs[n].name, "%s", name);
				langs[n++].want = false;
			}
			langs[k].want |= has;
		}
	}
	assert_true(n > 100);
	for (size_t k = 0; k < n; k++) {
		/* The tag en asks for en-gb (speech_voice_name). */
		if (strcmp(langs[k].name, "en") == 0)
			continue;
		if (speech_voice_available(s, langs[k].name) != langs[k].want)
			fail_msg("%s: Listen %s, but espeak-ng's list says %s", langs[k].name,
				 langs[k].want ? "missing" : "offered",
				 langs[k].want ? "a voice reads it" : "no voice has its dictionary");
	}
	speech_free(s);
}

/* A data folder that is the system's without the Welsh dictionary. */
static void missing_voice(void **state)
{
	(void)state;
	char dir[] = "/tmp/taflen-espeak-XXXXXX", data[128];
	assert_non_null(mkdtemp(dir));
	speech *s = NULL;
	char system[4096];
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	snprintf(system, sizeof system, "%s", speech_data_dir(s));
	speech_free(s);
	/* Empty: no data at all. */
	assert_int_equal(speech_new(dir, &s), SPEECH_NO_DATA);
	snprintf(data, sizeof data, "%s/espeak-ng-data", dir);
	assert_int_equal(mkdir(data, 0700), 0);
	const char *keep[] = {"phontab", "phonindex", "phondata", "intonations", "en_dict", "lang",
			      "voices"};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		char from[4200], to[256];
		snprintf(from, sizeof from, "%s/%s", system, keep[i]);
		snprintf(to, sizeof to, "%s/%s", data, keep[i]);
		assert_int_equal(symlink(from, to), 0);
	}
	assert_int_equal(speech_new(dir, &s), SPEECH_OK);
	assert_false(speech_voice_available(s, "cy"));
	assert_false(speech_voice_available(s, "pl"));
	assert_true(speech_voice_available(s, "en"));
	content_block b = para("Dim llais.");
	utterance *u = NULL;
	speech_audio a;
	assert_int_equal(utterance_build(&b, 1, "cy", NULL, &u), 0);
	assert_int_equal(speech_synthesize(s, "cy", u, &a), SPEECH_NO_VOICE);
	assert_null(a.pcm);
	assert_int_equal(speech_start(s, "cy", u), SPEECH_NO_VOICE);
	utterance_free(u);
	speech_free(s);
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		char to[256];
		snprintf(to, sizeof to, "%s/%s", data, keep[i]);
		unlink(to);
	}
	rmdir(data);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phone_numbers),
		cmocka_unit_test(email_addresses),
		cmocka_unit_test(apostrophes),
		cmocka_unit_test(symbols_and_segments),
		cmocka_unit_test(pronunciation_list),
		cmocka_unit_test(pronunciation_files),
		cmocka_unit_test(shipped_lists_applied),
		cmocka_unit_test(word_lookup),
		cmocka_unit_test(voices_by_tag),
		cmocka_unit_test(voices_as_espeak_lists_them),
		cmocka_unit_test(shipped_leaflet_aloud),
		cmocka_unit_test(diacritics_timed),
		cmocka_unit_test(stream),
		cmocka_unit_test(missing_voice),
	};
	return cmocka_run_group_tests_name("speech", tests, NULL, NULL);
}
