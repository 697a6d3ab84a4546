/* text_dump_layout: one JSON object per line box, offsets into the whole
 * input, paragraphs split at blank lines, strings escaped (invalid UTF-8 as
 * \ufffd). Runs from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/dump.h"

static text_engine *engine(void)
{
	diag_list *d = diag_list_new();
	text_engine *e = NULL;
	assert_int_equal(text_engine_new("fonts", d, &e), 0);
	diag_list_free(d);
	return e;
}

static char *dump(text_engine *e, const char *t, size_t len, float width, bool greedy)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	text_params p = {0};
	p.width = width;
	p.body_px = 20;
	p.lang = LANG_CY;
	p.greedy = greedy;
	assert_int_equal(text_dump_layout(e, t, len, &p, out), 0);
	fclose(out);
	return buf;
}

/* Decodes the JSON string starting at s (after the quote) into out; returns
 * its length. Only the escapes the dump writes. */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;
	while (*s != '"') {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': out[n++] = '\n'; s++; break;
		case 'r': out[n++] = '\r'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case '"': out[n++] = '"'; s++; break;
		case '\\': out[n++] = '\\'; s++; break;
		case 'u': {
			unsigned v;
			assert_int_equal(sscanf(s + 1, "%4x", &v), 1);
			s += 5;
			if (v == 0xFFFD) {
				memcpy(out + n, "\xEF\xBF\xBD", 3);
				n += 3;
			} else {
				assert_true(v < 0x20);
				out[n++] = (char)v;
			}
			break;
		}
		default: fail_msg("unexpected escape \\%c", *s);
		}
	}
	return n;
}

typedef struct {
	size_t para, line, start, end;
	float x, width;
	char text[4096];
	size_t text_len;
} row;

static size_t parse(const char *out, row *rows, size_t max)
{
	size_t n = 0;
	for (const char *l = out; *l; l = strchr(l, '\n') + 1) {
		assert_true(n < max);
		row *r = &rows[n++];
		int used = 0;
		assert_int_equal(sscanf(l, "{\"para\":%zu,\"line\":%zu,\"start\":%zu,\"end\":%zu,\"x\":%f,"
					   "\"width\":%f,\"text\":\"%n",
					&r->para, &r->line, &r->start, &r->end, &r->x, &r->width, &used),
				 6);
		assert_true(used > 0);
		r->text_len = unescape(l + used, r->text);
		assert_non_null(strchr(l, '\n'));
	}
	return n;
}

static void seed_file_round_trip(void **state)
{
	(void)state;
	text_engine *e = engine();
	FILE *f = fopen("tests/golden/text_seed_000.txt", "rb");
	assert_non_null(f);
	static char t[1 << 16];
	size_t len = fread(t, 1, sizeof t, f);
	fclose(f);
	char *out = dump(e, t, len, 500, false);
	static row rows[512];
	size_t n = parse(out, rows, 512);
	assert_true(n > 30);
	size_t paras = 0;
	for (size_t i = 0; i < n; i++) {
		const row *r = &rows[i];
		/* The text is the input's bytes at [start, end). */
		assert_int_equal(r->text_len, r->end - r->start);
		assert_memory_equal(r->text, t + r->start, r->text_len);
		assert_true(r->width <= 500 && r->x == 0);
		if (i > 0 && r->para == rows[i - 1].para) {
			assert_int_equal(r->line, rows[i - 1].line + 1);
			assert_int_equal(r->start, rows[i - 1].end);
		} else {
			assert_int_equal(r->line, 0);
			assert_int_equal(r->para, paras++);
			/* A paragraph starts a line after a blank line (or at 0). */
			assert_true(r->start == 0 || t[r->start - 1] == '\n');
			if (i > 0)
				assert_non_null(memchr(t + rows[i - 1].end, '\n', r->start - rows[i - 1].end));
		}
	}
	/* Greedy and optimal lay out the same bytes, maybe in other lines. */
	char *g = dump(e, t, len, 500, true);
	static row grows[512];
	size_t ng = parse(g, grows, 512);
	assert_int_equal(grows[ng - 1].end, rows[n - 1].end);
	assert_int_equal(grows[ng - 1].para, rows[n - 1].para);
	free(g);
	free(out);
	text_engine_free(e);
}

static void escapes_and_blank_lines(void **state)
{
	(void)state;
	text_engine *e = engine();
	static const char t[] = "\n  \nSay \"hi\" \\ there\tnow\r\n \t\nbad \xC3( \xFF end\n\n";
	char *out = dump(e, t, sizeof t - 1, 1000, false);
	row rows[8];
	size_t n = parse(out, rows, 8);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].para, 0);
	assert_int_equal(rows[0].start, 4);
	assert_int_equal(rows[0].end, 24); /* the CR of CRLF is not text */
	assert_int_equal(rows[1].para, 1);
	assert_int_equal(rows[1].start, 29);
	assert_int_equal(rows[1].end, 41);
	assert_true(rows[1].width > 50);
	/* Quotes, backslashes and controls escaped; bad bytes as U+FFFD. */
	assert_non_null(strstr(out, ",\"text\":\"Say \\\"hi\\\" \\\\ there\\tnow\"}\n{"));
	assert_non_null(strstr(out, ",\"text\":\"bad \\ufffd( \\ufffd end\"}\n"));
	assert_int_equal(out[strlen(out) - 1], '\n');
	free(out);
	text_engine_free(e);
}

static void empty_input(void **state)
{
	(void)state;
	text_engine *e = engine();
	char *out = dump(e, "", 0, 300, false);
	assert_string_equal(out, "");
	free(out);
	out = dump(e, "\n\n \n", 4, 300, false);
	assert_string_equal(out, "");
	free(out);
	text_engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_file_round_trip),
		cmocka_unit_test(escapes_and_blank_lines),
		cmocka_unit_test(empty_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
