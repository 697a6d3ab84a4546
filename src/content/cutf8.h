/* UTF-8 helpers for the content module: strict decoding (the loader must
 * name the exact byte column of a bad sequence, so it decodes itself rather
 * than trusting a library that silently substitutes U+FFFD), encoding for
 * messages, and cutting quotes on a character boundary. No state, no
 * allocation. */
#ifndef TAFLEN_CONTENT_CUTF8_H
#define TAFLEN_CONTENT_CUTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s (n > 0 bytes available). Returns its length
 * (1..4) and sets *cp; 0 when the bytes are not valid UTF-8 (bad lead or
 * continuation byte, overlong form, surrogate, above U+10FFFF); -1 when they
 * are a valid start that n cuts short (the end of the input). */
int cutf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes cp (at most U+10FFFF, not a surrogate) into out; returns the length
 * (1..4), 0 for a value that cannot be encoded. */
int cutf8_encode(uint32_t cp, char out[4]);

/* The longest prefix of s (n bytes of valid UTF-8) that is at most max bytes
 * and ends on a character boundary. */
size_t cutf8_prefix(const char *s, size_t n, size_t max);

/* User text quoted in a message: at most CUTF8_QUOTE_MAX bytes, cut on a
 * character boundary and marked with "…" when cut, so that a 500 KB line
 * gives a short message that is still valid UTF-8. */
#define CUTF8_QUOTE_MAX 60
typedef struct {
	char s[CUTF8_QUOTE_MAX + 4];
} cutf8_quoted;
cutf8_quoted cutf8_quote(const char *s, size_t n);

#endif
