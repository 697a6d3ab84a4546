/* ICU break iterators (line, grapheme) over UTF-8 with byte offsets.
 * Opened once per engine, per language (locale cy / en), and pointed at each
 * paragraph in turn with ubrk_setUText, which costs nothing like reopening.
 *
 * Text made only of ASCII letters and digits, the letters of Latin-1 and
 * Latin Extended-A, spaces, . , : ; ! ? / - ' " ( [ ) ] and the curly quotes
 * (most of what the kiosk shows) gets its line breaks from a table of their
 * UAX #14 classes instead, with ICU 72's tailorings (a hyphen that starts a
 * word, numbers): about 30 instructions a byte against ICU's 130. Anything
 * else goes to ICU whole. tests/unit/test_text_conformance.c holds the
 * table to ICU's answers on random strings of those characters.
 *
 * ICU reads invalid UTF-8 as U+FFFD, as HarfBuzz does; every position handed
 * out here is clamped to the text and strictly increasing, whatever ICU does
 * with a malformed sequence.
 *
 * Ownership: breaker_new's breaker is freed with breaker_free; the engine
 * owns one and points it at each paragraph it builds. The text passed to
 * breaker_set_text must stay valid until the next set_text. breaker_words
 * uses an iterator of its own and no breaker, so a layout's queries never
 * move the engine's. */
#ifndef TAFLEN_TEXT_BREAKER_H
#define TAFLEN_TEXT_BREAKER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/lang.h"

typedef struct breaker breaker;

/* Returns 0, or -1 when out of memory. Iterators open on first use. */
int breaker_new(breaker **out);
void breaker_free(breaker *b);

/* Points the iterators at text[0..len), which must stay as it is until the
 * next call (they read it). len must be below 2^31. Returns 0, or -1 when
 * ICU cannot open an iterator (out of memory, missing data). For text the
 * breaker's table covers, the grapheme iterator is set when first asked. */
int breaker_set_text(breaker *b, lang_id lang, const char *text, size_t len);

/* Line break opportunities in order, after `after`; the last is len. *hard
 * says the break is mandatory (after a newline). Returns len + 1 when there
 * are no more. Call with after = 0 to start. */
size_t breaker_next_line(breaker *b, size_t after, bool *hard);

/* When the breaker found the text's line breaks without ICU (text made only
 * of the characters its table knows), every answer breaker_next_line would
 * give, at once: *n positions, ascending, the last len and the only hard
 * one. NULL when ICU finds them. Valid until the next breaker_set_text. */
const size_t *breaker_simple_lines(const breaker *b, size_t *n);

/* The next grapheme cluster boundary after pos (len at the end). */
size_t breaker_next_grapheme(breaker *b, size_t pos);
/* The grapheme cluster boundary at or before pos. */
size_t breaker_grapheme_start(breaker *b, size_t pos);

/* Word-like UAX #29 segments (letters, digits, kana, ideographs; not spaces
 * or punctuation) of text[0..len) in lang: their byte ranges in two new
 * arrays (*starts, *ends: the caller frees both; NULL when *n is 0). Opens a
 * word iterator for the call and closes it (opening costs about 40,000
 * instructions: callers keep the answer), so it touches no shared state.
 * len must be below 2^31. Returns 0, or -1 when out of memory or ICU cannot
 * open the iterator. */
int breaker_words(lang_id lang, const char *text, size_t len, size_t **starts, size_t **ends,
		  size_t *n);

#endif
