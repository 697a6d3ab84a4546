/* Fuzz target: the pronunciation list (src/speech/saylist.c) and the text a
 * voice is given (src/speech/utterance.c). Any bytes are a say.txt: every
 * message names the file and a line, and every entry of a list that loads
 * is found again by its own word. The same bytes, when they are valid UTF-8
 * (as every content block is), are also a block read aloud with that list
 * by the Welsh, the English and the neutral rules (any other language): every word lies inside the block, in order and
 * apart, without a space or the punctuation after it, and every byte of every segment maps to a word or to none. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "fuzz.h"
#include "speech/saylist.h"
#include "speech/utterance.h"

static int fuzz_say_utterance(const char *text, size_t len, const saylist *say)
{
	content_block b = {.kind = CONTENT_PARAGRAPH, .text = text, .len = len};
	static const char *const tags[] = {"cy", "en", "pl"};
	for (size_t l = 0; l < sizeof tags / sizeof *tags; l++) {
		utterance *u = NULL;
		FUZZ_REQUIRE(utterance_build(&b, 1, tags[l], say, &u) == 0);
		size_t end = 0;
		for (size_t i = 0; i < utterance_words(u); i++) {
			const utterance_word *w = utterance_word_get(u, i);
			FUZZ_REQUIRE(w->block == 0 && w->len > 0);
			FUZZ_REQUIRE(w->offset >= end && w->offset + w->len <= len);
			/* A word holds no space and ends on a letter, digit, mark
			 * or "&", never on the punctuation after it. */
			for (size_t k = 0; k < w->len; k++)
				FUZZ_REQUIRE(!strchr(" \t\n\r", text[w->offset + k]));
			FUZZ_REQUIRE(!strchr(".,;:!?()[]/\"-'", text[w->offset + w->len - 1]));
			end = w->offset + w->len;
		}
		FUZZ_REQUIRE(utterance_segments(u) == (utterance_words(u) > 0 ? 1u : 0u));
		for (size_t s = 0; s < utterance_segments(u); s++) {
			size_t n;
			const char *t = utterance_segment(u, s, &n, NULL);
			FUZZ_REQUIRE(t[n] == '\0' && n > 0);
			for (size_t i = 0; i < n; i++) {
				long w = utterance_word_from(u, s, i);
				FUZZ_REQUIRE(w >= -1 && w < (long)utterance_words(u));
			}
		}
		utterance_free(u);
	}
	return 0;
}

static int fuzz_say_one(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	diag_list *d = diag_list_new();
	saylist *l = NULL;
	int rc = saylist_parse(text, size, "say.txt", d, &l);
	int ok = 0;
	for (size_t i = 0; ok == 0 && diag_get(d, i); i++)
		if (strncmp(diag_get(d, i), "say.txt:", 8) != 0)
			ok = -1;
	diag_list_free(d);
	FUZZ_REQUIRE(ok == 0);
	FUZZ_REQUIRE((rc == 0) == (l != NULL));
	/* A NUL-terminated copy, as content blocks are. */
	char *copy = malloc(size + 1);
	FUZZ_REQUIRE(copy != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	bool valid = memchr(copy, '\0', size) == NULL;
	for (size_t i = 0; valid && i < size;) {
		uint32_t cp;
		int n = utf8_decode_strict(copy + i, size - i, &cp);
		valid = n > 0;
		i += n > 0 ? (size_t)n : 0;
	}
	int r = valid ? fuzz_say_utterance(copy, size, l) : 0;
	free(copy);
	saylist_free(l);
	return r;
}

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_say_one(data, size) != 0)
		abort();
	return 0;
}
#endif
