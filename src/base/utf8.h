/* UTF-8, one set of rules for the whole program: what the content loader
 * rejects, the layout engine replaces and the config reader refuses are the
 * same bytes (overlong forms, surrogates, code points past U+10FFFF and
 * sequences cut short are invalid), so byte offsets agree everywhere.
 *
 * We decode ourselves rather than through ICU because the loader must name
 * the exact byte of a bad sequence, where a library would silently
 * substitute U+FFFD. No state, no allocation. */
#ifndef TAFLEN_BASE_UTF8_H
#define TAFLEN_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s (n > 0 bytes available). Returns its length
 * (1..4) and sets *cp; 0 when the bytes are not valid UTF-8 (bad lead or
 * continuation byte, overlong form, surrogate, above U+10FFFF); -1 when they
 * are a valid start that n cuts short (the end of the input). */
int utf8_decode_strict(const char *s, size_t n, uint32_t *cp);

/* For text that must be shown whatever it holds: returns the sequence length
 * (1..4) and sets *cp, or returns 1 and sets *cp to U+FFFD for an invalid or
 * cut-short sequence, so a caller always makes progress. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* True when the bytes at s[0..n) start a valid sequence (n > 0). */
int utf8_valid_at(const char *s, size_t n);

/* Writes cp (at most U+10FFFF, not a surrogate) into out; returns the length
 * (1..4), 0 for a value that cannot be encoded. */
int utf8_encode(uint32_t cp, char out[4]);

/* The longest prefix of s (n bytes of valid UTF-8) that is at most max bytes
 * and ends on a character boundary. */
size_t utf8_prefix(const char *s, size_t n, size_t max);

/* User text quoted in a message: at most UTF8_QUOTE_MAX bytes, cut on a
 * character boundary and marked with "…" when cut, so that a 500 KB line
 * gives a short message that is still valid UTF-8. */
#define UTF8_QUOTE_MAX 60
typedef struct {
	char s[UTF8_QUOTE_MAX + 4];
} utf8_quoted;
utf8_quoted utf8_quote(const char *s, size_t n);

#endif
