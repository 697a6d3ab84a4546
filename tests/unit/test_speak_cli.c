/* taflen --speak-to as a user runs it: the WAV of a Welsh and an English
 * page, measured by sox, is not silent and lasts plausibly for its words;
 * the JSON lines are one per word of the page, in order, in time order, and
 * each names the bytes of its word in the content; the quiz reads only its
 * instruction; a language without a voice (espeak-ng pointed at a data
 * folder without the Welsh dictionary, or at an empty one) exits 2 with a
 * message; --check-content reports a bad line of a say.txt. Run from the
 * repository root (tests/run.sh does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "content/content.h"
#include "speech/speech.h"

#define SHIPPED "assets/content"
#define LIBRARY "tests/fixtures/library"
#define MAX_WORDS 400

static char program[4096];
static char tmp[64];

/* Runs cmd (a shell command line) with its stdout in out and stderr in err;
 * returns the exit code. */
static int run(const char *cmd, char *out, size_t out_size, char *err, size_t err_size)
{
	char line[8192], errfile[128];
	snprintf(errfile, sizeof errfile, "%s/stderr", tmp);
	snprintf(line, sizeof line, "%s 2>%s", cmd, errfile);
	FILE *p = popen(line, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, out_size - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	FILE *e = fopen(errfile, "r");
	assert_non_null(e);
	n = fread(err, 1, err_size - 1, e);
	err[n] = '\0';
	fclose(e);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

typedef struct {
	char word[128];
	long start_ms, end_ms, block, offset, len;
} word;

static long field(const char *line, const char *name)
{
	char key[32];
	snprintf(key, sizeof key, "\"%s\":", name);
	const char *p = strstr(line, key);
	assert_non_null(p);
	return strtol(p + strlen(key), NULL, 10);
}

static size_t parse_words(char *out, word *w, size_t max)
{
	size_t n = 0;
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		assert_true(n < max);
		assert_int_equal(sscanf(line, "{\"word\":\"%127[^\"]\"", w[n].word), 1);
		w[n].start_ms = field(line, "start_ms");
		w[n].end_ms = field(line, "end_ms");
		w[n].block = field(line, "block");
		w[n].offset = field(line, "offset");
		w[n].len = field(line, "len");
		n++;
	}
	return n;
}

/* sox's "RMS amplitude" and "Length (seconds)" of a WAV file. */
static void measure(const char *wav, double *rms, double *seconds)
{
	char cmd[512], out[16], err[4096];
	snprintf(cmd, sizeof cmd, "sox %s -n stat", wav);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
	const char *r = strstr(err, "RMS     amplitude:");
	const char *l = strstr(err, "Length (seconds):");
	assert_non_null(r);
	assert_non_null(l);
	*rms = strtod(r + strlen("RMS     amplitude:"), NULL);
	*seconds = strtod(l + strlen("Length (seconds):"), NULL);
}

/* The words of blocks as a reader sees them: runs of characters between
 * spaces and "/", without the punctuation around them. */
static size_t reader_words(const content_block *b, size_t n, char words[][128], size_t max)
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
				snprintf(words[k++], 128, "%.*s", (int)(we - s), s);
			s = e;
		}
	}
	return k;
}

/* Speaks screen in lang (of the content folder dir, NULL for the shipped
 * one) and checks the audio and the words against blocks; returns the
 * words in w. */
static size_t speak_in(const char *dir, const char *lang, const char *screen,
		       const content_block *blocks, size_t n, word *w)
{
	static char out[1 << 16], words[MAX_WORDS][128];
	char cmd[8192], err[4096], wav[128];
	snprintf(wav, sizeof wav, "%s/%s.wav", tmp, lang);
	snprintf(cmd, sizeof cmd, "%s --speak-to %s --lang %s --screen %s%s%s", program, wav, lang,
		 screen, dir ? " --content " : "", dir ? dir : "");
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
	size_t nw = parse_words(out, w, MAX_WORDS);
	size_t want = reader_words(blocks, n, words, MAX_WORDS);
	assert_int_equal(nw, want);
	double rms, seconds;
	measure(wav, &rms, &seconds);
	assert_true(rms > 0.02);
	assert_true(seconds > 0.2 * (double)nw && seconds < 1.0 * (double)nw);
	for (size_t i = 0; i < nw; i++) {
		/* The word is the page's, at the bytes it names. */
		assert_string_equal(w[i].word, words[i]);
		assert_true(w[i].block >= 0 && (size_t)w[i].block < n);
		const content_block *b = &blocks[w[i].block];
		assert_true(w[i].offset >= 0 && (size_t)(w[i].offset + w[i].len) <= b->len);
		assert_int_equal((long)strlen(w[i].word), w[i].len);
		assert_memory_equal(b->text + w[i].offset, w[i].word, (size_t)w[i].len);
		/* In time order, within the audio. */
		assert_true(w[i].end_ms > w[i].start_ms);
		assert_true(w[i].end_ms <= (long)(seconds * 1000) + 1);
		if (i)
			assert_true(w[i].start_ms >= w[i - 1].end_ms);
	}
	return nw;
}

static size_t speak(const char *lang, const char *screen, const content_block *blocks, size_t n,
		    word *w)
{
	return speak_in(NULL, lang, screen, blocks, n, w);
}

static long find(const word *w, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i].word, text) == 0)
			return (long)i;
	return -1;
}

static void pages_aloud(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(SHIPPED, d, &c), 0);
	static word w[MAX_WORDS];
	const content_section *p = &content_get_file(c, LANG_CY, "leaflet")->sections[2];
	size_t n = speak("cy", "leaflet:2", p->blocks, p->n_blocks, w);
	long i = find(w, n, "ni’n");
	assert_true(i >= 0);
	assert_int_equal(w[i].block, 0);
	assert_int_equal(w[i].offset, 10);
	p = &content_get_file(c, LANG_EN, "leaflet")->sections[2];
	speak("en", "leaflet:2", p->blocks, p->n_blocks, w);
	/* The contact page: the phone number by groups, the address as one. */
	p = &content_get_file(c, LANG_CY, "leaflet")->sections[8];
	n = speak("cy", "leaflet:8", p->blocks, p->n_blocks, w);
	assert_true(find(w, n, "2087") == find(w, n, "029") + 1);
	assert_true(find(w, n, "cardiffandvalersb@cardiff.gov.uk") >= 0);
	/* The learning page, with "gofalwyr" after a slash. */
	p = content_get_section(c, LANG_CY, "quiz", "learn");
	n = speak("cy", "learn", p->blocks, p->n_blocks, w);
	i = find(w, n, "gofalwyr");
	assert_true(i >= 0);
	assert_memory_equal(p->blocks[w[i].block].text + w[i].offset - 1, "/gofalwyr", 9);
	content_free(c);
	diag_list_free(d);
}

/* A language the program knows only from the content: Polish, in its own
 * voice, on a page of a leaflet named by its slug; the phone number and the
 * address by the neutral rules (docs/speech.md). */
static void polish_aloud(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(LIBRARY, d, &c), 0);
	lang_id pl;
	size_t item;
	assert_int_equal(content_lang_find(c, "pl", &pl), 0);
	assert_int_equal(content_item_find(c, "contact-us", &item), 0);
	static word w[MAX_WORDS];
	const content_file *f = content_item_file(c, item, pl);
	size_t n = speak_in(LIBRARY, "pl", "leaflet/contact-us:1", f->sections[1].blocks,
			    f->sections[1].n_blocks, w);
	assert_true(find(w, n, "Zadzwoń") >= 0);
	assert_true(find(w, n, "2018") == find(w, n, "029") + 1);
	n = speak_in(LIBRARY, "pl", "leaflet/contact-us:2", f->sections[2].blocks,
		     f->sections[2].n_blocks, w);
	assert_true(find(w, n, "office@example.org") >= 0);
	/* Without a page, the first. */
	assert_int_equal(content_item_find(c, "your-visit", &item), 0);
	f = content_item_file(c, item, pl);
	speak_in(LIBRARY, "pl", "leaflet/your-visit", f->sections[1].blocks, f->sections[1].n_blocks,
		 w);
	content_free(c);
	diag_list_free(d);
}

static void quiz_instruction_only(void **state)
{
	(void)state;
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(SHIPPED, d, &c), 0);
	static word w[MAX_WORDS];
	for (int l = 0; l <= LANG_EN; l++) {
		const char *t = content_section_field(
			content_get_section(c, (lang_id)l, "quiz", "quiz"), "instruction");
		content_block b = {.kind = CONTENT_PARAGRAPH, .text = t, .len = strlen(t)};
		speak(lang_code((lang_id)l), "quiz", &b, 1, w);
	}
	content_free(c);
	diag_list_free(d);
}

static void no_voice(void **state)
{
	(void)state;
	char out[4096], err[4096], cmd[8192], dir[128], data[160];
	/* The system's data without the Welsh dictionary. */
	speech *s = NULL;
	assert_int_equal(speech_new(NULL, &s), SPEECH_OK);
	char system[4096];
	snprintf(system, sizeof system, "%s", speech_data_dir(s));
	speech_free(s);
	snprintf(dir, sizeof dir, "%s/espeak", tmp);
	snprintf(data, sizeof data, "%s/espeak-ng-data", dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(mkdir(data, 0700), 0);
	const char *keep[] = {"phontab", "phonindex", "phondata", "intonations", "en_dict", "lang",
			      "voices"};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		char from[4200], to[256];
		snprintf(from, sizeof from, "%s/%s", system, keep[i]);
		snprintf(to, sizeof to, "%s/%s", data, keep[i]);
		assert_int_equal(symlink(from, to), 0);
	}
	snprintf(cmd, sizeof cmd, "TAFLEN_ESPEAK_DATA=%s %s --speak-to %s/x.wav --lang cy --screen leaflet:1",
		 dir, program, tmp);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "taflen: no espeak-ng voice \"cy\" for Welsh: cannot read it aloud\n"));
	snprintf(cmd, sizeof cmd, "TAFLEN_ESPEAK_DATA=%s %s --speak-to %s/x.wav --lang en --screen leaflet:1",
		 dir, program, tmp);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 0);
	assert_non_null(strstr(out, "{\"word\":\"What\""));
	/* Polish, a language of the content whose dictionary is missing. */
	snprintf(cmd, sizeof cmd,
		 "TAFLEN_ESPEAK_DATA=%s %s --speak-to %s/x.wav --lang pl --content " LIBRARY
		 " --screen leaflet/contact-us:1",
		 dir, program, tmp);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "taflen: no espeak-ng voice \"pl\" for Polski: cannot read it aloud\n");
	/* A language the content does not have. */
	snprintf(cmd, sizeof cmd, "%s --speak-to %s/x.wav --lang de --content " LIBRARY, program, tmp);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
	assert_string_equal(err, "taflen: --lang de: the content has no such language\n");
	/* An empty folder: no voice at all. */
	snprintf(cmd, sizeof cmd, "TAFLEN_ESPEAK_DATA=%s %s --speak-to %s/x.wav --lang en --screen leaflet:1",
		 tmp, program, tmp);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
	assert_non_null(strstr(err, "taflen: no espeak-ng voice \"en-gb\" for English"));
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
		char to[256];
		snprintf(to, sizeof to, "%s/%s", data, keep[i]);
		unlink(to);
	}
	rmdir(data);
	rmdir(dir);
}

static void bad_screens(void **state)
{
	(void)state;
	char out[4096], err[4096], cmd[8192];
	const char *bad[] = {"leaflet:0", "leaflet:9", "leaflet:x", "leaflet/", "leaflet/nothing:1",
			     "leaflet/learning-from-reviews", "leaflets", "welcome", "quiz-result"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(cmd, sizeof cmd, "%s --speak-to %s/x.wav --screen %s", program, tmp, bad[i]);
		assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 2);
		char want[256];
		snprintf(want, sizeof want,
			 "taflen: --speak-to reads leaflet[:PAGE], leaflet/SLUG[:PAGE] (a page the "
			 "leaflet has in Welsh), learn or quiz, not \"%s\"\n",
			 bad[i]);
		assert_string_equal(err, want);
	}
	/* A folder that cannot be written. */
	snprintf(cmd, sizeof cmd, "%s --speak-to /nonexistent/x.wav --screen learn", program);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 1);
	assert_non_null(strstr(err, "cannot write /nonexistent/x.wav"));
}

/* --check-content checks the pronunciation lists too. */
static void check_content_lists(void **state)
{
	(void)state;
	char out[8192], err[4096], cmd[8192], path[256];
	snprintf(cmd, sizeof cmd, "cp -r " SHIPPED " %s/content", tmp);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/content/en/say.txt", tmp);
	FILE *f = fopen(path, "a");
	assert_non_null(f);
	fputs("no arrow on this line\n", f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s --check-content %s/content", program, tmp);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 1);
	char want[512];
	snprintf(want, sizeof want, "%s:16: expected \"word → spelling\" (or \"word -> spelling\")\n",
		 path);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "content: 1 problem\n"));
	/* Every language's list: Polish in a copy of the test library. */
	snprintf(cmd, sizeof cmd, "cp -r " LIBRARY " %s/library", tmp);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/library/pl/say.txt", tmp);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("Zadzwoń → zadzwoń\nbez strzałki\n", f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s --check-content %s/library", program, tmp);
	assert_int_equal(run(cmd, out, sizeof out, err, sizeof err), 1);
	snprintf(want, sizeof want, "%s:2: expected \"word → spelling\" (or \"word -> spelling\")\n",
		 path);
	assert_non_null(strstr(out, want));
	assert_non_null(strstr(out, "library: 1 problem\n"));
}

int main(int argc, char **argv)
{
	(void)argc;
	char self[4096];
	snprintf(self, sizeof self, "%s", argv[0]);
	snprintf(program, sizeof program, "%s/../taflen", dirname(self));
	snprintf(tmp, sizeof tmp, "/tmp/taflen-speak-XXXXXX");
	if (!mkdtemp(tmp))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pages_aloud),
		cmocka_unit_test(polish_aloud),
		cmocka_unit_test(quiz_instruction_only),
		cmocka_unit_test(no_voice),
		cmocka_unit_test(bad_screens),
		cmocka_unit_test(check_content_lists),
	};
	int rc = cmocka_run_group_tests_name("speak_cli", tests, NULL, NULL);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
