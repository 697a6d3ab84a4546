/* Strict UTF-8 decoding, shared by the layout engine and the dump: the same
 * rules everywhere decide what is invalid (overlongs, surrogates, code points
 * past U+10FFFF and truncated sequences are), so byte offsets agree. */
#ifndef TAFLEN_TEXT_UTF8_H
#define TAFLEN_TEXT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s[0..len) (len > 0). Returns the sequence length
 * (1..4) and sets *cp, or returns 1 and sets *cp to U+FFFD for an invalid
 * byte, so a caller always makes progress. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* True when the bytes at s[0..len) start a valid sequence (len > 0). */
int utf8_valid_at(const char *s, size_t len);

#endif
