#include "base/utf8.h"

#include <string.h>

int utf8_decode_strict(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0; /* continuation byte, C0/C1 (overlong) or F5..FF */
	}
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
		/* Reject overlong forms and surrogates as soon as the second byte
		 * shows them, so that a cut-short sequence is only called
		 * "truncated" when it could really have been valid. */
		if (i == 1) {
			uint32_t top = v << (6 * (len - 2));
			if (top + ((1u << (6 * (len - 2))) - 1) < min)
				return 0;
			if (len == 3 && top >= 0xD800 && top <= 0xDFFF)
				return 0;
			if (len == 4 && top > 0x10FFFF)
				return 0;
		}
	}
	*cp = v;
	return len;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	int len = utf8_decode_strict(s, n, cp);
	if (len > 0)
		return (size_t)len;
	*cp = 0xFFFD;
	return 1;
}

int utf8_valid_at(const char *s, size_t n)
{
	uint32_t cp;
	return utf8_decode_strict(s, n, &cp) > 0;
}

int utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

size_t utf8_prefix(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	size_t k = max;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return k;
}

utf8_quoted utf8_quote(const char *s, size_t n)
{
	utf8_quoted q;
	size_t k = utf8_prefix(s, n, UTF8_QUOTE_MAX);
	memcpy(q.s, s, k);
	if (k < n) {
		memcpy(q.s + k, "\xE2\x80\xA6", 3); /* … */
		k += 3;
	}
	q.s[k] = '\0';
	return q;
}
