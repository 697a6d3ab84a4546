/* The pronunciation list of one content language: say.txt, lines of
 * "word → spelling" that tell the voice how to say a word it gets wrong,
 * so that an office fixes a word without touching code. The format is in
 * docs/speech.md. Pure: no voice is needed to load or check one.
 *
 * Words match whole, ignoring case and Unicode form, with ’ and ' alike
 * (saylist_key). A spelling is what the voice is given instead: plain
 * letters, or espeak-ng phonemes between [[ and ]]. */
#ifndef TAFLEN_SPEECH_SAYLIST_H
#define TAFLEN_SPEECH_SAYLIST_H

#include <stddef.h>

#include "base/diag.h"
#include "content/content.h"

typedef struct saylist saylist;

/* The largest say.txt read: far more than a list of words needs. */
#define SAYLIST_MAX_BYTES (1u << 20)
/* The longest word or spelling, in bytes. */
#define SAYLIST_MAX_ENTRY 200

/* Parses buf[0..len) (need not be NUL-terminated); path names it in
 * messages. Every bad line adds "PATH:LINE: message" to diags (not NULL).
 * Returns 0 and sets *out (the good lines) when no line was bad, else -1
 * and *out is untouched. Also -1 when out of memory, with a message. */
int saylist_parse(const char *buf, size_t len, const char *path, diag_list *diags,
		  saylist **out);
/* Reads and parses path. A missing file is an empty list (the file is
 * optional): returns 0 with an empty *out. Other read errors are "PATH:
 * message" and -1. */
int saylist_load(const char *path, diag_list *diags, saylist **out);
void saylist_free(saylist *l);

size_t saylist_count(const saylist *l);
/* The spelling for word[0..len), or NULL. l may be NULL (no list). */
const char *saylist_lookup(const saylist *l, const char *word, size_t len);

/* The form words are compared in: ’ (U+2019) and ʼ (U+02BC) become ', then
 * NFKC with case folding. Writes a NUL-terminated key into out and returns
 * its length, or -1 when it does not fit in cap or the text is not valid
 * UTF-8. */
int saylist_key(const char *word, size_t len, char *out, size_t cap);

/* For --check-content: checks DIR/TAG/say.txt, where it exists, for each
 * language of c (NULL, when the content did not load: cy and en, which
 * every content folder has); returns how many messages it added to
 * diags. */
size_t saylist_check_content(const char *dir, const content *c, diag_list *diags);

#endif
