/* Finding a quiz target's phrase in the quiz paragraph the way a person
 * would: ignoring case, treating the typographic apostrophe ’ (and ‘, ʼ) like
 * ', and ignoring punctuation and spacing differences ("family/carers"
 * matches "family carers"). Matches are whole words only, so "record" is not
 * found in "records". Linear time (KMP), so a 1 MiB paragraph cannot stall
 * the loader.
 *
 * Text and phrase must be in the same normalisation form (content's text is
 * all NFC, cparse.h): "ŵ" as one code point and as w + U+0302 differ here.
 *
 * Ownership: cmatch_text_new's object is freed with cmatch_text_free; it
 * keeps no pointer to the text it was made from. */
#ifndef TAFLEN_CONTENT_CMATCH_H
#define TAFLEN_CONTENT_CMATCH_H

#include <stddef.h>

typedef struct cmatch_text cmatch_text;

/* Prepares text (len bytes of valid UTF-8) for searches. Returns 0, or -1
 * when out of memory. */
int cmatch_text_new(const char *text, size_t len, cmatch_text **out);
void cmatch_text_free(cmatch_text *t);

/* Sets *count to the number of places phrase (plen bytes of valid UTF-8)
 * occurs in t, and when it is at least 1, [*start, *end) to the byte range of
 * the first in the original text: from the first letter of the match to the
 * end of its last. A phrase with no letters or digits occurs nowhere.
 * Returns 0, or -1 when out of memory. */
int cmatch_find(const cmatch_text *t, const char *phrase, size_t plen, size_t *count,
		size_t *start, size_t *end);

#endif
