/* What a page says: content blocks (headings, paragraphs, list items, in
 * reading order) turned into the text a voice is given, with the map back
 * from that text to the words of the blocks, so that the word being said can
 * be highlighted where it is shown. Pure: no voice is needed.
 *
 * The rules (docs/speech.md):
 * - a word is a run of letters, digits and marks, joined by an inner
 *   apostrophe (’ or ', "sy’n", "a’i") or hyphen, with a leading apostrophe
 *   before a letter ("’r"); ’ is given to the voice as ';
 * - a phone number (digit groups, the first starting with 0, or any digit
 *   group of a tel: link) is read digit by digit, with a pause between
 *   groups: "029 2087 1891" → "0 2 9, 2 0 8 7, 1 8 9 1"; other numbers are
 *   left to the voice ("12" → twelve);
 * - an e-mail address is one word: the local part and each part of the
 *   domain (split at . - _ +) are read as a word, spelled letter by letter
 *   when short (two letters or fewer) or without a vowel, with "at", "dot",
 *   "dash"... between them in the language's words (Welsh, English), or
 *   for another language the symbols themselves, which the voice names;
 * - "&" is the language's "and" (for another language "&", as above);
 *   [ ] / and other brackets are not read;
 * - the pronunciation list (saylist) replaces any word, any digit of a phone
 *   number, any part of an e-mail address and a whole local part;
 * - each block is one segment, ending with a full stop if it has none, so
 *   the voice ends it as a sentence; the synthesizer adds the pause between
 *   segments. */
#ifndef TAFLEN_SPEECH_UTTERANCE_H
#define TAFLEN_SPEECH_UTTERANCE_H

#include <stddef.h>

#include "content/content.h"
#include "speech/saylist.h"

typedef struct utterance utterance;

/* A word of the blocks: its block (an index into the blocks given) and its
 * byte range in that block's text. Words are in reading order. */
typedef struct {
	size_t block, offset, len;
} utterance_word;

/* Builds the utterance of blocks[0..n) in the language of tag ("cy", "en",
 * "pl"), with the pronunciation list say (NULL for none). Returns 0 and
 * sets *out, or -1 when out of memory.
 * The utterance copies what it needs: blocks and say may go afterwards. */
int utterance_build(const content_block *blocks, size_t n, const char *tag, const saylist *say,
		    utterance **out);
void utterance_free(utterance *u);

/* The segments: one per block that has a word, in order. The text of
 * segment i is NUL-terminated UTF-8; *block is its block's index. */
size_t utterance_segments(const utterance *u);
const char *utterance_segment(const utterance *u, size_t i, size_t *len, size_t *block);

size_t utterance_words(const utterance *u);
const utterance_word *utterance_word_get(const utterance *u, size_t i);

/* The map back: the word that byte off of segment seg was made from, or if
 * that byte was added between words (a space, a comma), the next word of
 * the segment; -1 when there is none. */
long utterance_word_from(const utterance *u, size_t seg, size_t off);

#endif
