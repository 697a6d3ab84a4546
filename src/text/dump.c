#include "text/dump.h"

#include <string.h>

#include "base/utf8.h"

static void put_string(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			if (utf8_valid_at(s + i, n - i)) {
				uint32_t cp;
				size_t k = utf8_decode(s + i, n - i, &cp);
				fwrite(s + i, 1, k, out);
				i += k;
			} else {
				fputs("\\ufffd", out);
				i++;
			}
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
		i++;
	}
	fputc('"', out);
}

/* Up to two decimals, without trailing zeros: 912.5, 0, 33.33. */
static void put_number(FILE *out, float v)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.2f", (double)v);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	fputs(buf, out);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

static int dump_para(text_engine *eng, const char *text, size_t start, size_t end, size_t para,
		     const text_params *params, FILE *out)
{
	text_block b = {TEXT_BLOCK_PARAGRAPH, 0, text + start, end - start, NULL, 0};
	text_layout *l;
	if (text_engine_layout(eng, &b, 1, params, &l) < 0)
		return -1;
	for (size_t i = 0; i < text_layout_line_count(l); i++) {
		text_line ln;
		text_layout_line(l, i, &ln);
		fprintf(out, "{\"para\":%zu,\"line\":%zu,\"start\":%zu,\"end\":%zu,\"x\":", para, i,
			start + ln.start, start + ln.end);
		put_number(out, ln.x);
		fputs(",\"width\":", out);
		put_number(out, ln.width);
		fputs(",\"text\":", out);
		put_string(out, text + start + ln.start, ln.end - ln.start);
		fputs("}\n", out);
	}
	text_layout_unref(l);
	return 0;
}

int text_dump_layout(text_engine *eng, const char *text, size_t len, const text_params *params,
		     FILE *out)
{
	size_t para = 0;
	size_t p_start = 0, p_end = 0;
	bool in_para = false;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t line_end = nl ? (size_t)(nl - text) : len;
		size_t next = nl ? line_end + 1 : len;
		if (blank(text + at, line_end - at)) {
			if (in_para && dump_para(eng, text, p_start, p_end, para++, params, out) < 0)
				return -1;
			in_para = false;
		} else {
			if (!in_para)
				p_start = at;
			in_para = true;
			p_end = line_end;
			/* A CRLF file: the CR before the paragraph's end is not text. */
			while (p_end > p_start && text[p_end - 1] == '\r')
				p_end--;
		}
		at = next;
	}
	if (in_para && dump_para(eng, text, p_start, p_end, para, params, out) < 0)
		return -1;
	return ferror(out) ? -1 : 0;
}
