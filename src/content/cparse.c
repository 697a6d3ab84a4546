#include "content/cparse.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "content/carena.h"
#include "base/utf8.h"
#include "base/vec.h"

/* Where a source line's text starts, as an offset into a block's raw or
 * rendered text: joined paragraphs keep their line numbers this way. */
typedef struct {
	size_t off;
	int line;
} line_mark;

typedef struct {
	const line_mark *v;
	size_t n;
} line_map;

struct cparse_file {
	content_file pub;
	const line_map *const *maps; /* maps[section][block] */
	carena *arena;
};

/* A growable byte array; every temporary array of the parser is one. */
typedef struct {
	char *data;
	size_t len, cap;
} pbuf;

/* Makes room for n more bytes. */
static int pbuf_grow(pbuf *b, size_t n)
{
	if (n > SIZE_MAX - b->len)
		return -1;
	return VEC_RESERVE(b->data, b->cap, b->len + n);
}

static int pbuf_add(pbuf *b, const void *p, size_t n)
{
	if (pbuf_grow(b, n) != 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

static void pbuf_release(pbuf *b)
{
	free(b->data);
	*b = (pbuf){0};
}

typedef struct {
	const char *path;
	diag_list *diags;
	size_t errors;
	bool oom, stopped, warned_preamble;
	carena *arena;
	const UNormalizer2 *nfc;

	pbuf line, utf16, nfc_utf16; /* prepare_line's copy of a line */
	pbuf sections; /* content_section */
	pbuf sec_maps; /* const line_map *, one per section */

	bool in_section;
	content_section cur;
	pbuf blocks; /* content_block of the current section */
	pbuf maps;   /* line_map, one per block */
	pbuf fields; /* content_field */

	bool in_block;
	content_block_kind kind;
	int level, block_line;
	pbuf raw;       /* the block's source text, lines joined by a space */
	pbuf raw_marks; /* line_mark into raw */

	pbuf text;       /* the rendered text: markup removed */
	pbuf spans;      /* content_span */
	pbuf text_marks; /* line_mark into text */
} parser;

static void problem(parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(parser *p, int line, const char *fmt, ...)
{
	if (p->stopped)
		return;
	if (p->errors == CPARSE_MAX_ERRORS) {
		diag_add(p->diags, p->path, 0, "too many problems; stopped checking this file");
		p->errors++;
		p->stopped = true;
		return;
	}
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(p->diags, p->path, line, "%s", msg);
	p->errors++;
}

static void out_of_memory(parser *p)
{
	if (p->oom)
		return;
	diag_add(p->diags, p->path, 0, "out of memory while reading this file");
	p->oom = true;
	p->stopped = true;
	p->errors++;
}

/* Tabs are spaces by now (prepare_line). */
static bool is_blank_char(char c)
{
	return c == ' ';
}

static bool is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

/* One pass over the bytes before any parsing: text that is not clean UTF-8
 * is not parsed at all, so the staff see the one real problem rather than
 * the syntax errors it would cause. One message per line is enough to find
 * the spot. */
static void check_encoding(parser *p, const unsigned char *s, size_t len, size_t from)
{
	int line = 1;
	size_t line_start = from;
	bool reported = false;
	for (size_t i = from; i < len && !p->stopped;) {
		unsigned char c = s[i];
		size_t col = i - line_start + 1;
		if (c == '\n') {
			line++;
			line_start = i + 1;
			reported = false;
			i++;
			continue;
		}
		uint32_t cp = c;
		int r = 1;
		if (c >= 0x80) {
			r = utf8_decode_strict((const char *)s + i, len - i, &cp);
			if (r < 0) {
				problem(p, line,
					"the file ends in the middle of a UTF-8 character (byte column %zu)",
					col);
				return;
			}
			if (r == 0) {
				if (!reported)
					problem(p, line, "invalid UTF-8 at byte column %zu (byte 0x%02X)",
						col, c);
				reported = true;
				i++;
				continue;
			}
		}
		bool crlf = cp == '\r' && (i + 1 == len || s[i + 1] == '\n');
		if (!reported && is_control(cp) && !crlf) {
			if (cp == '\r')
				problem(p, line, "carriage return without a line feed at byte column %zu",
					col);
			else
				problem(p, line, "control character U+%04X at byte column %zu",
					(unsigned)cp, col);
			reported = true;
		}
		i += (size_t)r;
	}
}

/* ---- one line ---- */

/* Gives the line the kiosk works with: tabs turned into spaces (nothing on
 * screen is tabbed, and a tab has no glyph) and the text in Unicode NFC.
 * One form for everything means that a target typed with a combining
 * circumflex (w + U+0302) finds the precomposed "ŵ" of the paragraph, and
 * that both draw with the same glyph. Normalising a line before its markup
 * is read keeps every span's byte offsets true of the text they index; no
 * character composes across a line end, as lines are joined with a space.
 * Returns 0 with *s and *n set (to the line itself when it is ASCII without
 * tabs, else to p->line), or -1 after a problem. */
static int prepare_line(parser *p, const char *line, size_t len, int line_no, const char **s,
			size_t *n)
{
	bool ascii = true, tabs = false;
	for (size_t i = 0; i < len; i++) {
		ascii &= (unsigned char)line[i] < 0x80;
		tabs |= line[i] == '\t';
	}
	*s = line;
	*n = len;
	if (ascii && !tabs)
		return 0;
	p->line.len = 0;
	if (ascii) {
		if (pbuf_add(&p->line, line, len) != 0)
			goto oom;
	} else {
		/* ICU normalises UTF-16. A UTF-8 byte is at most one UTF-16
		 * unit, and NFC at most triples a string's length in either
		 * form (a bound that Unicode's stability policy keeps). */
		if (len > INT32_MAX / 3)
			goto oom;
		int32_t n16 = 0, nn = 0, n8 = 0;
		UErrorCode err = U_ZERO_ERROR;
		p->utf16.len = p->nfc_utf16.len = 0;
		if (pbuf_grow(&p->utf16, len * sizeof(UChar)) != 0 ||
		    pbuf_grow(&p->nfc_utf16, 3 * len * sizeof(UChar)) != 0 ||
		    pbuf_grow(&p->line, 3 * len) != 0)
			goto oom;
		UChar *u = (UChar *)(void *)p->utf16.data, *v = (UChar *)(void *)p->nfc_utf16.data;
		u_strFromUTF8(u, (int32_t)len, &n16, line, (int32_t)len, &err);
		nn = unorm2_normalize(p->nfc, u, n16, v, 3 * (int32_t)len, &err);
		u_strToUTF8(p->line.data, 3 * (int32_t)len, &n8, v, nn, &err);
		if (U_FAILURE(err)) {
			problem(p, line_no, "cannot put this line into Unicode NFC form: %s",
				u_errorName(err));
			return -1;
		}
		p->line.len = (size_t)n8;
	}
	for (size_t i = 0; i < p->line.len; i++)
		if (p->line.data[i] == '\t')
			p->line.data[i] = ' ';
	*s = p->line.data;
	*n = p->line.len;
	return 0;
oom:
	out_of_memory(p);
	return -1;
}

/* The engine shapes every run left to right and has no bidi pass, so Hebrew
 * or Arabic would be drawn backwards: refused until it does, once per line,
 * naming the first such character. The invisible direction controls that
 * would turn text around are refused with them. */
static void check_direction(parser *p, const char *s, size_t n, int line)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int r = utf8_decode_strict(s + i, n - i, &cp);
		if (r <= 0) /* check_encoding has passed the line */
			return;
		switch (u_charDirection((UChar32)cp)) {
		case U_RIGHT_TO_LEFT:
		case U_RIGHT_TO_LEFT_ARABIC:
		case U_RIGHT_TO_LEFT_EMBEDDING:
		case U_RIGHT_TO_LEFT_OVERRIDE:
		case U_RIGHT_TO_LEFT_ISOLATE:
			if (u_charType((UChar32)cp) == U_FORMAT_CHAR)
				problem(p, line,
					"right-to-left text (U+%04X, a direction control) is not supported yet: the kiosk would draw it backwards",
					(unsigned)cp);
			else
				problem(p, line,
					"right-to-left text (U+%04X '%.*s') is not supported yet: the kiosk would draw it backwards",
					(unsigned)cp, r, s + i);
			return;
		default:
			break;
		}
		i += (size_t)r;
	}
}

/* ---- blocks and inline markup ---- */

static int raw_line(const parser *p, size_t off)
{
	const line_mark *m = (const line_mark *)p->raw_marks.data;
	size_t lo = 0, hi = p->raw_marks.len / sizeof *m;
	if (hi == 0)
		return p->block_line;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return m[lo].line;
}

typedef struct {
	unsigned flags;
	const char *href;
	size_t run_start;
} style;

static void push_span(parser *p, size_t start, size_t end, unsigned flags, const char *href)
{
	content_span *spans = (content_span *)p->spans.data;
	size_t n = p->spans.len / sizeof *spans;
	if (n && spans[n - 1].end == start && spans[n - 1].flags == flags &&
	    spans[n - 1].href == href) {
		spans[n - 1].end = end;
		return;
	}
	content_span s = {start, end, flags, href};
	if (pbuf_add(&p->spans, &s, sizeof s) != 0)
		out_of_memory(p);
}

/* Styles are runs of constant flags: a span ends wherever the flags or the
 * link change. Only styled runs are recorded; the rest is plain. */
static void set_style(parser *p, style *st, unsigned flags, const char *href)
{
	if (flags == st->flags && href == st->href)
		return;
	size_t at = p->text.len;
	if (st->flags && at > st->run_start)
		push_span(p, st->run_start, at, st->flags, st->href);
	st->flags = flags;
	st->href = href;
	st->run_start = at;
}

static bool is_phone(const char *s, size_t n)
{
	size_t i = n && s[0] == '+' ? 1 : 0;
	if (n - i < 3)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool is_email(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);
	if (!at || at == s || memchr(at + 1, '@', (size_t)(s + n - at - 1)))
		return false;
	const char *dom = at + 1;
	size_t dn = (size_t)(s + n - dom);
	const char *dot = memchr(dom, '.', dn);
	if (!dot || dom[0] == '.' || dom[dn - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (strchr("<>\"(),;:[]\\", s[i]) || (unsigned char)s[i] <= ' ')
			return false;
	return true;
}

/* Checks a link target; returns it as an arena string, or NULL after a
 * problem. Only tel: and mailto: exist: the kiosk has no browser and must
 * never open one. */
static const char *check_href(parser *p, const char *h, size_t n, int line)
{
	if (n >= 4 && memcmp(h, "tel:", 4) == 0) {
		if (!is_phone(h + 4, n - 4)) {
			problem(p, line,
				"'%s' is not a phone number: write tel: and the digits, like tel:02920871891",
				utf8_quote(h, n).s);
			return NULL;
		}
	} else if (n >= 7 && memcmp(h, "mailto:", 7) == 0) {
		if (!is_email(h + 7, n - 7)) {
			problem(p, line,
				"'%s' is not an email address: write mailto: and the address, like mailto:name@example.org",
				utf8_quote(h, n).s);
			return NULL;
		}
	} else {
		problem(p, line, "link to '%s' is not allowed: only tel: and mailto: links work on the kiosk",
			utf8_quote(h, n).s);
		return NULL;
	}
	const char *s = carena_strndup(p->arena, h, n);
	if (!s)
		out_of_memory(p);
	return s;
}

static unsigned style_flags(bool bold, bool italic, bool link)
{
	return (bold ? CONTENT_BOLD : 0) | (italic ? CONTENT_ITALIC : 0) | (link ? CONTENT_LINK : 0);
}

/* Turns the block's raw text into text + spans + line marks. Stops at the
 * first problem in the block: one message per block is enough, and bailing
 * out keeps the work linear on hostile input. */
static void render_inline(parser *p)
{
	const char *r = p->raw.data;
	size_t n = p->raw.len;
	const line_mark *marks = (const line_mark *)p->raw_marks.data;
	size_t n_marks = p->raw_marks.len / sizeof *marks, next_mark = 0;
	p->text.len = p->spans.len = p->text_marks.len = 0;

	style st = {0, NULL, 0};
	bool bold = false, italic = false, in_link = false, failed = false;
	size_t bold_at = 0, italic_at = 0, link_end = 0, link_after = 0;
	const char *href = NULL;
	size_t i = 0;
	while (i < n && !p->oom) {
		for (; next_mark < n_marks && marks[next_mark].off <= i; next_mark++) {
			line_mark m = {p->text.len, marks[next_mark].line};
			if (pbuf_add(&p->text_marks, &m, sizeof m) != 0)
				out_of_memory(p);
		}
		char c = r[i];
		if (in_link && i == link_end) {
			in_link = false;
			href = NULL;
			set_style(p, &st, style_flags(bold, italic, false), NULL);
			i = link_after;
			continue;
		}
		if (c == '\\' && i + 1 < n && memchr("\\*[]", r[i + 1], 4)) {
			if (pbuf_add(&p->text, &r[i + 1], 1) != 0)
				out_of_memory(p);
			i += 2;
			continue;
		}
		if (c == '*') {
			if (i + 1 < n && r[i + 1] == '*') {
				bold = !bold;
				bold_at = i;
				i += 2;
			} else {
				italic = !italic;
				italic_at = i;
				i++;
			}
			set_style(p, &st, style_flags(bold, italic, in_link), href);
			continue;
		}
		if (c == '[') {
			/* Find the whole [text](target) first: the target decides
			 * the span of the text before it. The scan stops at the
			 * first ']' or '[', which the main loop reaches anyway, so
			 * the work stays linear. */
			size_t j = i + 1;
			while (j < n && r[j] != ']' && r[j] != '[')
				j += r[j] == '\\' && j + 1 < n ? 2 : 1;
			if (j >= n) {
				problem(p, raw_line(p, i), "unclosed '[': a link is written [text](tel:...)");
			} else if (r[j] == '[') {
				problem(p, raw_line(p, j), "'[' inside a link's text: write \\[ for a bracket");
			} else if (j + 1 >= n || r[j + 1] != '(') {
				problem(p, raw_line(p, j),
					"link text without a target: a link is written [text](tel:...)");
			} else if (j == i + 1) {
				problem(p, raw_line(p, i), "a link needs text: [text](tel:...)");
			} else {
				size_t k = j + 2;
				while (k < n && r[k] != ')' && r[k] != ' ')
					k++;
				if (k >= n)
					problem(p, raw_line(p, j),
						"unclosed '(' in a link: a link is written [text](tel:...)");
				else if (r[k] == ' ')
					problem(p, raw_line(p, k), "a link's target cannot contain spaces");
				else
					href = check_href(p, r + j + 2, k - j - 2, raw_line(p, j));
				if (href) {
					in_link = true;
					link_end = j;
					link_after = k + 1;
					set_style(p, &st, style_flags(bold, italic, true), href);
					i++;
					continue;
				}
			}
			failed = true;
			break;
		}
		if (pbuf_add(&p->text, &c, 1) != 0)
			out_of_memory(p);
		i++;
	}
	for (; next_mark < n_marks; next_mark++) {
		line_mark m = {p->text.len, marks[next_mark].line};
		if (pbuf_add(&p->text_marks, &m, sizeof m) != 0)
			out_of_memory(p);
	}
	if (!failed) {
		if (bold)
			problem(p, raw_line(p, bold_at), "unclosed '**' (bold)");
		if (italic)
			problem(p, raw_line(p, italic_at), "unclosed '*' (italic)");
	}
	set_style(p, &st, 0, NULL);
}

static void begin_block(parser *p, content_block_kind kind, int level, int line)
{
	p->in_block = true;
	p->kind = kind;
	p->level = level;
	p->block_line = line;
	p->raw.len = 0;
	p->raw_marks.len = 0;
}

static void append_line(parser *p, const char *s, size_t n, int line)
{
	if (p->raw.len && pbuf_add(&p->raw, " ", 1) != 0)
		out_of_memory(p);
	line_mark m = {p->raw.len, line};
	if (pbuf_add(&p->raw_marks, &m, sizeof m) != 0)
		out_of_memory(p);
	if (pbuf_add(&p->raw, s, n) != 0)
		out_of_memory(p);
}

static void end_block(parser *p)
{
	if (!p->in_block)
		return;
	p->in_block = false;
	render_inline(p);
	if (p->oom)
		return;
	content_block b = {
		.kind = p->kind,
		.level = p->level,
		.text = carena_strndup(p->arena, p->text.data, p->text.len),
		.len = p->text.len,
		.spans = carena_dup(p->arena, p->spans.data, p->spans.len),
		.n_spans = p->spans.len / sizeof(content_span),
		.line = p->block_line,
	};
	line_map m = {
		.v = carena_dup(p->arena, p->text_marks.data, p->text_marks.len),
		.n = p->text_marks.len / sizeof(line_mark),
	};
	if (!b.text || !b.spans || !m.v || pbuf_add(&p->blocks, &b, sizeof b) != 0 ||
	    pbuf_add(&p->maps, &m, sizeof m) != 0)
		out_of_memory(p);
}

/* ---- sections and fields ---- */

typedef struct {
	const char *key;
	size_t idx;
	int line;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sorting finds duplicates in n log n: a junk file with 100,000 section
 * lines must not take n² comparisons. */
static void report_duplicates(parser *p, keyed *k, size_t n, const char *section)
{
	qsort(k, n, sizeof *k, keyed_cmp);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(k[i].key, k[first].key) != 0) {
			first = i;
			continue;
		}
		if (section)
			problem(p, k[i].line, "duplicate field @%s in section [%s] (first at line %d)",
				utf8_quote(k[i].key, strlen(k[i].key)).s, utf8_quote(section, strlen(section)).s,
				k[first].line);
		else
			problem(p, k[i].line, "duplicate section [%s] (first at line %d)",
				utf8_quote(k[i].key, strlen(k[i].key)).s, k[first].line);
	}
}

static void check_section(parser *p)
{
	const content_field *f = (const content_field *)p->fields.data;
	size_t nf = p->fields.len / sizeof *f;
	if (nf > 1) {
		keyed *k = malloc(nf * sizeof *k);
		if (!k) {
			out_of_memory(p);
			return;
		}
		for (size_t i = 0; i < nf; i++)
			k[i] = (keyed){f[i].key, i, f[i].line};
		report_duplicates(p, k, nf, p->cur.id);
		free(k);
	}
	/* A heading must have something under it before the next heading of
	 * its level or above: the seed's "Further reading:" had nothing, and
	 * an empty heading on a kiosk looks like a fault. */
	const content_block *b = (const content_block *)p->blocks.data;
	size_t nb = p->blocks.len / sizeof *b;
	for (size_t i = 0; i < nb; i++) {
		if (b[i].kind != CONTENT_HEADING)
			continue;
		if (i + 1 == nb || (b[i + 1].kind == CONTENT_HEADING && b[i + 1].level <= b[i].level))
			problem(p, b[i].line, "heading '%s' has nothing under it: add text under it or remove it",
				utf8_quote(b[i].text, b[i].len).s);
	}
}

static void end_section(parser *p)
{
	end_block(p);
	if (!p->in_section)
		return;
	p->in_section = false;
	check_section(p);
	if (p->oom)
		return;
	content_section s = p->cur;
	s.blocks = carena_dup(p->arena, p->blocks.data, p->blocks.len);
	s.n_blocks = p->blocks.len / sizeof(content_block);
	s.fields = carena_dup(p->arena, p->fields.data, p->fields.len);
	s.n_fields = p->fields.len / sizeof(content_field);
	const line_map *maps = carena_dup(p->arena, p->maps.data, p->maps.len);
	if (!s.blocks || !s.fields || !maps || pbuf_add(&p->sections, &s, sizeof s) != 0 ||
	    pbuf_add(&p->sec_maps, &maps, sizeof maps) != 0)
		out_of_memory(p);
	p->blocks.len = p->fields.len = p->maps.len = 0;
}

static bool is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static void start_section(parser *p, const char *s, size_t n, int line)
{
	end_section(p);
	const char *id = s + 1;
	size_t idn = n - 2;
	bool ok = idn > 0;
	for (size_t i = 0; i < idn && ok; i++)
		ok = is_id_char(id[i]);
	if (!ok)
		problem(p, line, "bad section id '%s': use lowercase letters, digits, '-', '.' and ':'",
			utf8_quote(s, n).s);
	/* A bad id still opens a section, so that the lines under it are not
	 * also reported as "text before the first section". */
	p->in_section = true;
	p->cur = (content_section){.id = carena_strndup(p->arena, id, idn), .line = line};
	if (!p->cur.id)
		out_of_memory(p);
}

static void add_field(parser *p, const char *s, size_t n, int line)
{
	size_t k = 1;
	while (k < n && is_key_char(s[k]))
		k++;
	if (k == 1 || k >= n || s[k] != ':') {
		problem(p, line,
			"bad field '%s': write @key: value, with a key of lowercase letters, digits, '_' and '.'",
			utf8_quote(s, n).s);
		return;
	}
	const char *v = s + k + 1;
	size_t vn = n - k - 1;
	while (vn && is_blank_char(*v))
		v++, vn--;
	if (vn == 0) {
		problem(p, line, "field @%.*s has no value", (int)(k - 1), s + 1);
		return;
	}
	content_field f = {
		.key = carena_strndup(p->arena, s + 1, k - 1),
		.value = carena_strndup(p->arena, v, vn),
		.line = line,
	};
	if (!f.key || !f.value || pbuf_add(&p->fields, &f, sizeof f) != 0)
		out_of_memory(p);
}

/* "12. text" -> 12 and the offset of "text"; false when the line is not a
 * numbered item. */
static bool numbered_item(const char *s, size_t n, int *num, size_t *body)
{
	size_t i = 0;
	int v = 0;
	while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || i >= n || s[i] != '.' || (i + 1 < n && !is_blank_char(s[i + 1])))
		return false;
	*num = v;
	*body = i + 1;
	return true;
}

/* A line such as "[Phone](tel:...) or [email](mailto:...)" is text, not a
 * section, even if it starts with '[': a section line never has "](". */
static bool has_link_close(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == ']' && s[i + 1] == '(')
			return true;
	return false;
}

static void handle_line(parser *p, const char *s, size_t n, int line)
{
	if (n && s[n - 1] == '\r')
		n--;
	while (n && is_blank_char(s[n - 1]))
		n--;
	while (n && is_blank_char(*s))
		s++, n--;
	if (n == 0) {
		end_block(p);
		return;
	}
	if (s[0] == ';')
		return;
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']' && !has_link_close(s, n)) {
		start_section(p, s, n, line);
		return;
	}
	if (!p->in_section) {
		if (!p->warned_preamble)
			problem(p, line, "text before the first section: put a section line, such as [name], above it");
		p->warned_preamble = true;
		return;
	}
	check_direction(p, s, n, line);
	if (s[0] == '@') {
		end_block(p);
		add_field(p, s, n, line);
		return;
	}
	if (s[0] == '#') {
		end_block(p);
		size_t h = 0;
		while (h < n && h < 4 && s[h] == '#')
			h++;
		if (h > 3 || h == n || !is_blank_char(s[h])) {
			problem(p, line, "bad heading: write '# ', '## ' or '### ' and then the heading");
			return;
		}
		size_t body = h;
		while (body < n && is_blank_char(s[body]))
			body++;
		/* A heading is one line: the next line of text starts a paragraph. */
		begin_block(p, CONTENT_HEADING, (int)h, line);
		append_line(p, s + body, n - body, line);
		end_block(p);
		return;
	}
	content_block_kind kind = CONTENT_PARAGRAPH;
	int level = 0;
	size_t body = 0;
	if (s[0] == '-' && (n == 1 || is_blank_char(s[1]))) {
		kind = CONTENT_BULLET;
		body = 1;
	} else if (numbered_item(s, n, &level, &body)) {
		kind = CONTENT_NUMBERED;
	}
	if (kind != CONTENT_PARAGRAPH) {
		end_block(p);
		while (body < n && is_blank_char(s[body]))
			body++;
		if (body == n) {
			problem(p, line, "empty list item");
			return;
		}
		begin_block(p, kind, level, line);
		append_line(p, s + body, n - body, line);
		return;
	}
	/* Plain text continues an open paragraph or list item (lines joined
	 * with a space); after a heading it starts a paragraph. */
	if (!p->in_block || p->kind == CONTENT_HEADING) {
		end_block(p);
		begin_block(p, CONTENT_PARAGRAPH, 0, line);
	}
	append_line(p, s, n, line);
}

size_t cparse_file_parse(const char *path, const char *buf, size_t len, diag_list *diags,
			 cparse_file **out)
{
	parser p = {.path = path, .diags = diags};
	p.arena = carena_new();
	if (!p.arena) {
		out_of_memory(&p);
		return p.errors;
	}
	const unsigned char *u = (const unsigned char *)buf;
	size_t from = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF ? 3 : 0;
	check_encoding(&p, u, len, from);

	bool encoding_ok = p.errors == 0;
	UErrorCode err = U_ZERO_ERROR;
	p.nfc = unorm2_getNFCInstance(&err);
	if (U_FAILURE(err)) {
		problem(&p, 0, "cannot load Unicode normalisation data: %s", u_errorName(err));
		encoding_ok = false;
	}
	int line = 0;
	for (size_t i = from; encoding_ok && i < len && !p.stopped;) {
		line++;
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;
		const char *s;
		size_t n;
		if (prepare_line(&p, buf + i, end - i, line, &s, &n) == 0)
			handle_line(&p, s, n, line);
		i = nl ? end + 1 : len;
	}
	if (encoding_ok && !p.stopped)
		end_section(&p);

	const content_section *secs = (const content_section *)p.sections.data;
	size_t ns = p.sections.len / sizeof *secs;
	if (ns > 1 && !p.stopped) {
		keyed *k = malloc(ns * sizeof *k);
		if (k) {
			for (size_t i = 0; i < ns; i++)
				k[i] = (keyed){secs[i].id, i, secs[i].line};
			report_duplicates(&p, k, ns, NULL);
			free(k);
		} else {
			out_of_memory(&p);
		}
	}

	cparse_file *f = NULL;
	if (p.errors == 0) {
		f = malloc(sizeof *f);
		if (f) {
			f->arena = p.arena;
			f->pub.path = carena_strndup(p.arena, path, strlen(path));
			f->pub.sections = carena_dup(p.arena, p.sections.data, p.sections.len);
			f->pub.n_sections = ns;
			f->maps = carena_dup(p.arena, p.sec_maps.data, p.sec_maps.len);
		}
		if (!f || !f->pub.path || !f->pub.sections || !f->maps) {
			free(f);
			f = NULL;
			out_of_memory(&p);
		}
	}
	if (!f)
		carena_free(p.arena);
	pbuf *bufs[] = {&p.line, &p.utf16, &p.nfc_utf16, &p.sections, &p.sec_maps, &p.blocks, &p.maps, &p.fields,
			&p.raw, &p.raw_marks, &p.text, &p.spans, &p.text_marks};
	for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
		pbuf_release(bufs[i]);
	if (f)
		*out = f;
	return p.errors;
}

void cparse_file_free(cparse_file *f)
{
	if (!f)
		return;
	carena_free(f->arena);
	free(f);
}

const content_file *cparse_file_content(const cparse_file *f)
{
	return &f->pub;
}

int cparse_file_line_at(const cparse_file *f, size_t s, size_t b, size_t off)
{
	const line_map *m = &f->maps[s][b];
	if (m->n == 0)
		return f->pub.sections[s].blocks[b].line;
	size_t lo = 0, hi = m->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->v[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return m->v[lo].line;
}
