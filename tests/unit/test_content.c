/* The content module and the shipped content.
 *
 * Broken copies are made at run time: the shipped folder is copied into a
 * temporary directory and one file is edited, so every test names the exact
 * message the office staff would see. Line numbers in expected messages are
 * looked up in the edited file (line_of), so rewording the content does not
 * break the tests while the message text stays exact.
 *
 * Run from the repository root (tests/run.sh does): it reads assets/content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL_ttf.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/cmatch.h"
#include "content/content.h"
#include "content/cparse.h"
#include "content/plural.h"
#include "testlib.h"

#define SHIPPED TL_SHIPPED

/* ---- expectations ---- */

/* Loads dir and expects failure with exactly n diagnostics, among them
 * every message of msgs. */
static void expect_load_fails(const char *dir, size_t n, const char *const *msgs, size_t n_msgs)
{
	diag_list *d = diag_list_new();
	content *c = NULL;
	int rc = content_load(dir, d, &c);
	bool ok = rc == -1 && c == NULL && diag_count(d) == n;
	for (size_t i = 0; i < n_msgs; i++)
		if (!tl_has_diag(d, msgs[i])) {
			print_message("missing: %s\n", msgs[i]);
			ok = false;
		}
	if (!ok) {
		print_message("rc %d, %zu diagnostics (wanted %zu):\n", rc, diag_count(d), n);
		tl_print_diags(d);
	}
	content_free(c);
	diag_list_free(d);
	assert_true(ok);
}

static void expect_one(const char *dir, const char *msg)
{
	expect_load_fails(dir, 1, &msg, 1);
}

static void expect_two(const char *dir, const char *a, const char *b)
{
	const char *m[2] = {a, b};
	expect_load_fails(dir, 2, m, 2);
}

static void expect_three(const char *dir, const char *a, const char *b, const char *c)
{
	const char *m[3] = {a, b, c};
	expect_load_fails(dir, 3, m, 3);
}

/* A formatted message, returned by value so that it can be built inline:
 * msg(...).s lives until the end of the call it is an argument of. */
typedef struct {
	char s[1024];
} message;

static message msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static message msg(const char *fmt, ...)
{
	message t;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t.s, sizeof t.s, fmt, ap);
	va_end(ap);
	return t;
}

static content *load_ok(const char *dir)
{
	diag_list *d = diag_list_new();
	content *c = NULL;
	int rc = content_load(dir, d, &c);
	if (rc != 0 || diag_count(d) != 0)
		tl_print_diags(d);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(rc, 0);
	assert_non_null(c);
	diag_list_free(d);
	return c;
}

/* ---- the shipped content ---- */

static void shipped_loads_clean(void **state)
{
	(void)state;
	content *c = load_ok(SHIPPED);
	assert_string_equal(content_section_field(content_get_section(c, LANG_EN, "ui", "welcome"), "title"),
			    "Child Practice Reviews");
	assert_string_equal(content_section_field(content_get_section(c, LANG_CY, "ui", "welcome"), "title"),
			    "Adolygiadau Ymarfer Plant");
	assert_string_equal(content_section_field(content_get_section(c, LANG_CY, "ui", "welcome"), "choose"),
			    "Cymraeg");
	assert_string_equal(content_section_field(content_get_section(c, LANG_EN, "ui", "common"), "page_of"),
			    "{page} / {pages}");
	assert_string_equal(content_section_field(content_get_section(c, LANG_CY, "ui", "idle"), "title"),
			    "Ydych chi’n dal yma?");
	content_free(c);
}

static void shipped_leaflet_pages(void **state)
{
	(void)state;
	static const char *const pages[] = {"leaflet",  "what-is",      "why",        "how",    "reviewer",
					    "next",     "other-things", "your-voice", "contact"};
	content *c = load_ok(SHIPPED);
	for (int l = 0; l <= LANG_EN; l++) {
		const content_file *f = content_get_file(c, (lang_id)l, "leaflet");
		assert_non_null(f);
		assert_int_equal(f->n_sections, 9);
		for (size_t i = 0; i < 9; i++) {
			assert_string_equal(f->sections[i].id, pages[i]);
			if (i > 0) {
				assert_int_equal(f->sections[i].blocks[0].kind, CONTENT_HEADING);
				assert_int_equal(f->sections[i].blocks[0].level, 1);
			}
		}
		const content_section *other = &f->sections[6];
		assert_int_equal(other->n_blocks, 4);
		for (size_t i = 1; i < 4; i++)
			assert_int_equal(other->blocks[i].kind, CONTENT_BULLET);
		const content_section *voice = &f->sections[7];
		assert_int_equal(voice->n_blocks, 8);
		assert_int_equal(voice->blocks[6].kind, CONTENT_BULLET);
		assert_int_equal(voice->blocks[7].kind, CONTENT_PARAGRAPH);
	}
	const content_section *voice = content_get_section(c, LANG_EN, "leaflet", "your-voice");
	assert_string_equal(voice->blocks[7].text, "If so, you can talk to the reviewer.");
	assert_string_equal(voice->blocks[1].text, "Is there something you want to tell us?");
	/* Wrapped source lines are joined with one space. */
	const content_section *other = content_get_section(c, LANG_EN, "leaflet", "other-things");
	assert_string_equal(other->blocks[1].text,
			    "When the report is completed it will be available on our website for 12 weeks before being removed");
	content_free(c);
}

static const content_span *span_over(const content_block *b, const char *words)
{
	const char *at = strstr(b->text, words);
	if (!at)
		return NULL;
	size_t start = (size_t)(at - b->text), end = start + strlen(words);
	for (size_t i = 0; i < b->n_spans; i++)
		if (b->spans[i].start == start && b->spans[i].end == end)
			return &b->spans[i];
	return NULL;
}

static void shipped_contact_links(void **state)
{
	(void)state;
	content *c = load_ok(SHIPPED);
	for (int l = 0; l <= LANG_EN; l++) {
		const content_section *s = content_get_section(c, (lang_id)l, "leaflet", "contact");
		assert_non_null(s);
		assert_int_equal(s->n_blocks, 4);
		const content_block *phone = &s->blocks[2];
		assert_string_equal(phone->text, "029 2087 1891");
		assert_int_equal(phone->n_spans, 1);
		assert_int_equal(phone->spans[0].flags, CONTENT_LINK);
		assert_string_equal(phone->spans[0].href, "tel:02920871891");
		const content_span *mail = span_over(&s->blocks[3], "cardiffandvalersb@cardiff.gov.uk");
		assert_non_null(mail);
		assert_int_equal(mail->flags, CONTENT_LINK);
		assert_string_equal(mail->href, "mailto:cardiffandvalersb@cardiff.gov.uk");
	}
	content_free(c);
}

static void shipped_learn_page(void **state)
{
	(void)state;
	content *c = load_ok(SHIPPED);
	for (int l = 0; l <= LANG_EN; l++) {
		const content_section *s = content_get_section(c, (lang_id)l, "quiz", "learn");
		assert_non_null(s);
		assert_non_null(content_section_field(s, "quiz_button"));
		/* Title and the two paragraphs; the empty "Further reading:" is gone. */
		assert_int_equal(s->n_blocks, 3);
		assert_int_equal(s->blocks[0].kind, CONTENT_HEADING);
		assert_int_equal(s->blocks[1].kind, CONTENT_PARAGRAPH);
		assert_int_equal(s->blocks[2].kind, CONTENT_PARAGRAPH);
	}
	const content_section *en = content_get_section(c, LANG_EN, "quiz", "learn");
	assert_string_equal(en->blocks[0].text,
			    "Learning from reviews and reports into serious failures to protect individuals from harm, abuse or neglect");
	assert_non_null(strstr(en->blocks[1].text, "can improve how they work together to protect children."));
	content_free(c);
}

/* The answer key lies where the phrase is, byte for byte, in both languages. */
static void quiz_targets_at_their_phrases(void **state)
{
	(void)state;
	content *c = load_ok(SHIPPED);
	for (int l = 0; l <= LANG_EN; l++) {
		content_quiz q;
		assert_int_equal(content_get_quiz(c, (lang_id)l, &q), 0);
		const content_section *s = content_get_section(c, (lang_id)l, "quiz", "quiz");
		assert_ptr_equal(q.text, &s->blocks[0]);
		assert_int_equal(q.text->text[q.text->len - 1], '.');
		for (int i = 0; i < CONTENT_QUIZ_TARGETS; i++) {
			char key[16];
			snprintf(key, sizeof key, "target.%d", i + 1);
			const char *phrase = content_section_field(s, key);
			assert_non_null(phrase);
			const char *at = strstr(q.text->text, phrase);
			assert_non_null(at);
			assert_int_equal(q.targets[i].id, i + 1);
			assert_int_equal(q.targets[i].start, (size_t)(at - q.text->text));
			assert_int_equal(q.targets[i].end, (size_t)(at - q.text->text) + strlen(phrase));
		}
	}
	content_quiz q;
	assert_int_equal(content_get_quiz(c, (lang_id)7, &q), -1);
	content_free(c);
}

static void quiz_matching_ignores_case_apostrophe_punctuation(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@target.2: keeping clear and accurate records",
	     "@target.2: KEEPING Clear and accurate RECORDS");
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "their family/carers\n@target.5", "their family carers\n@target.5");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@target.4: asesu amgylchiadau’r plentyn a’i",
	     "@target.4: asesu amgylchiadau'r plentyn a'i");
	content *c = load_ok(dir);
	content_quiz q;
	assert_int_equal(content_get_quiz(c, LANG_EN, &q), 0);
	const char *t = q.text->text;
	assert_int_equal(q.targets[1].start, (size_t)(strstr(t, "keeping clear") - t));
	assert_int_equal(q.targets[3].end,
			 (size_t)(strstr(t, "family/carers") - t) + strlen("family/carers"));
	assert_int_equal(content_get_quiz(c, LANG_CY, &q), 0);
	t = q.text->text;
	const char *want = "asesu amgylchiadau’r plentyn a’i deulu/gofalwyr";
	assert_int_equal(q.targets[3].start, (size_t)(strstr(t, want) - t));
	assert_int_equal(q.targets[3].end, (size_t)(strstr(t, want) - t) + strlen(want));
	content_free(c);
}

/* "dŵr" with ŵ as one code point (U+0175, NFC) and as w + U+0302 (NFD):
 * two spellings of one word, drawn alike. */
#define DWR_NFC "d\xc5\xb5r"
#define DWR_NFD "dw\xcc\x82r"

static void quiz_matching_is_unicode_normalised(void **state)
{
	const char *dir = *state;
	/* A decomposed target in a precomposed paragraph (Welsh), and the
	 * reverse (English). */
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@target.3: amserlen o ddigwyddiadau", "@target.3: amserlen o " DWR_NFD);
	/* The learning page, first in the file, has the paragraph's sentence too:
	 * the second edit is the paragraph's. */
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "ac amserlen o ddigwyddiadau.", "ac amserlen o " DWR_NFC ".");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "ac amserlen o ddigwyddiadau.", "ac amserlen o " DWR_NFC ".");
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@target.3: a timeline of events", "@target.3: a timeline of " DWR_NFC);
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "a timeline of events.", "a timeline of " DWR_NFD ".");
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "a timeline of events.", "a timeline of " DWR_NFD ".");
	content *c = load_ok(dir);
	for (int l = 0; l <= LANG_EN; l++) {
		content_quiz q;
		assert_int_equal(content_get_quiz(c, (lang_id)l, &q), 0);
		/* Both the paragraph and the field hold the one NFC form. */
		const char *want = l == LANG_CY ? "amserlen o " DWR_NFC : "a timeline of " DWR_NFC;
		const char *at = strstr(q.text->text, want);
		assert_non_null(at);
		assert_int_equal(q.targets[2].start, (size_t)(at - q.text->text));
		assert_int_equal(q.targets[2].end, (size_t)(at - q.text->text) + strlen(want));
		assert_string_equal(content_section_field(content_get_section(c, (lang_id)l, "quiz", "quiz"),
							  "target.3"),
				    want);
	}
	content_free(c);
}

/* Normalising happens before the markup is read, so spans index the NFC
 * text; tabs become spaces in blocks and fields alike. */
static void text_is_nfc_and_spans_follow(void **state)
{
	(void)state;
	const char *src = "[s]\n@k: w\xcc\x82\tx\n**" DWR_NFD "** a\tb *" DWR_NFD "*\n";
	diag_list *d = diag_list_new();
	cparse_file *f = NULL;
	assert_int_equal(cparse_file_parse("t.txt", src, strlen(src), d, &f), 0);
	const content_section *s = &cparse_file_content(f)->sections[0];
	assert_string_equal(s->fields[0].value, "\xc5\xb5 x");
	const content_block *b = &s->blocks[0];
	assert_string_equal(b->text, DWR_NFC " a b " DWR_NFC);
	assert_int_equal(b->n_spans, 2);
	assert_int_equal(b->spans[0].start, 0);
	assert_int_equal(b->spans[0].end, strlen(DWR_NFC));
	assert_int_equal(b->spans[0].flags, CONTENT_BOLD);
	assert_int_equal(b->spans[1].start, strlen(DWR_NFC " a b "));
	assert_int_equal(b->spans[1].end, b->len);
	assert_int_equal(b->spans[1].flags, CONTENT_ITALIC);
	cparse_file_free(f);
	diag_list_free(d);
}

static void quiz_five_targets(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@target.6: take the necessary steps to protect children\n", "");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@target.6: gymryd y camau angenrheidiol er mwyn diogelu plant\n", "");
	expect_two(dir,
		   msg("%s/leaflets/learning-from-reviews/en.txt:%d: [quiz] has no @target.6: the quiz needs exactly 6 targets, @target.1 to @target.6",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "[quiz]")).s,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:%d: [quiz] has no @target.6: the quiz needs exactly 6 targets, @target.1 to @target.6",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "[quiz]")).s);
}

static void quiz_seven_targets(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@target.6:", "@target.7: in need\n@target.6:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@target.6:", "@target.7: mewn angen\n@target.6:");
	expect_two(dir,
		   msg("%s/leaflets/learning-from-reviews/en.txt:%d: @target.7: the quiz has exactly 6 targets, @target.1 to @target.6",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "@target.7")).s,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:%d: @target.7: the quiz has exactly 6 targets, @target.1 to @target.6",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "@target.7")).s);
}

static void quiz_target_not_found(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@target.3: a timeline of events", "@target.3: a timeline of incidents");
	expect_one(dir, msg("%s/leaflets/learning-from-reviews/en.txt:%d: @target.3 'a timeline of incidents' is not in the quiz paragraph",
			    dir, tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "@target.3")).s);
}

static void quiz_target_found_more_than_once(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@target.3: amserlen o ddigwyddiadau", "@target.3: adolygiadau");
	expect_one(dir,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:%d: @target.3 'adolygiadau' is in the quiz paragraph 4 times; it must be there once",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "@target.3")).s);
}

static void quiz_targets_overlap(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@target.3: a timeline of events", "@target.3: records, and a timeline");
	expect_one(dir, msg("%s/leaflets/learning-from-reviews/en.txt:%d: @target.3 overlaps @target.2 in the quiz paragraph", dir,
			    tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "@target.3")).s);
}

static void quiz_needs_one_paragraph(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "\nEr mwyn gwella", "\nYmarfer.\n\nEr mwyn gwella");
	expect_two(dir,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:%d: [quiz] must hold exactly one paragraph, the text to highlight in; it has 2 blocks",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "[quiz]")).s,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:%d: a paragraph is not in %s/leaflets/learning-from-reviews/en.txt: section [quiz] has 2 blocks here and 1 there",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "Er mwyn gwella"), dir).s);
}

/* ---- reading and encoding ---- */

static void missing_file(void **state)
{
	const char *dir = *state;
	char path[700];
	tl_path_in(path, sizeof path, dir, "leaflets/learning-from-reviews/cy.txt");
	assert_int_equal(unlink(path), 0);
	expect_one(dir, msg("%s/leaflets/learning-from-reviews: the leaflet has no Welsh file, cy.txt: every leaflet needs one", dir).s);
	tl_path_in(path, sizeof path, dir, "cy/ui.txt");
	assert_int_equal(unlink(path), 0);
	expect_two(dir,
		   msg("%s/leaflets/learning-from-reviews: the leaflet has no Welsh file, cy.txt: every leaflet needs one", dir).s,
		   msg("%s/cy/ui.txt: cannot read: No such file or directory", dir).s);
}

static void directory_and_fifo_are_not_files(void **state)
{
	const char *dir = *state;
	char path[700];
	tl_path_in(path, sizeof path, dir, "leaflets/learning-from-reviews/en.txt");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	tl_path_in(path, sizeof path, dir, "leaflets/learning-from-reviews/cy.txt");
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0); /* opening one must not hang */
	expect_two(dir, msg("%s/leaflets/learning-from-reviews/en.txt: cannot read: it is a folder, not a file", dir).s,
		   msg("%s/leaflets/learning-from-reviews/cy.txt: cannot read: not a regular file", dir).s);
}

/* Deterministic junk (no rand(): the same bytes on every run). */
static void junk(unsigned char *buf, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1664525u + 1013904223u;
		buf[i] = (unsigned char)(seed >> 24);
	}
}

static void ten_megabytes_are_refused(void **state)
{
	const char *dir = *state;
	size_t n = 10u * 1024 * 1024;
	unsigned char *buf = malloc(n);
	assert_non_null(buf);
	junk(buf, n, 1);
	char path[700];
	tl_path_in(path, sizeof path, dir, "leaflets/child-practice-reviews/cy.txt");
	tl_spit(path, buf, n);
	free(buf);
	expect_one(dir, msg("%s/leaflets/child-practice-reviews/cy.txt: the file is larger than 1 MiB (10485760 bytes); it was not read",
			    dir).s);
}

/* Just under the limit, so the parser does see it: the problems stop at the
 * cap with a last message saying so. */
static void binary_junk_is_reported_not_parsed(void **state)
{
	const char *dir = *state;
	size_t n = 1024 * 1024;
	unsigned char *buf = malloc(n);
	assert_non_null(buf);
	junk(buf, n, 7);
	char path[700];
	tl_path_in(path, sizeof path, dir, "en/ui.txt");
	tl_spit(path, buf, n);
	free(buf);
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(dir, d, &c), -1);
	assert_null(c);
	assert_int_equal(diag_count(d), CPARSE_MAX_ERRORS + 1);
	message prefix = msg("%s/en/ui.txt:", dir);
	for (size_t i = 0; i < diag_count(d); i++)
		assert_memory_equal(diag_get(d, i), prefix.s, strlen(prefix.s));
	assert_string_equal(diag_get(d, CPARSE_MAX_ERRORS),
			    msg("%s/en/ui.txt: too many problems; stopped checking this file", dir).s);
	diag_list_free(d);
}

static void invalid_utf8_names_line_and_column(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt", "@home: Home", "@home: H\xff" "ome");
	expect_one(dir, msg("%s/en/ui.txt:%d: invalid UTF-8 at byte column 9 (byte 0xFF)", dir,
			    tl_line_of(dir, "en/ui.txt", "@home")).s);
}

static void overlong_and_surrogate_utf8(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt", "@home: Home", "@home: \xc0\xaf");
	tl_edit(dir, "cy/ui.txt", "@home: Hafan", "@home: \xed\xa0\x80");
	expect_two(dir,
		   msg("%s/en/ui.txt:%d: invalid UTF-8 at byte column 8 (byte 0xC0)", dir,
		       tl_line_of(dir, "en/ui.txt", "@home")).s,
		   msg("%s/cy/ui.txt:%d: invalid UTF-8 at byte column 8 (byte 0xED)", dir,
		       tl_line_of(dir, "cy/ui.txt", "@home")).s);
}

/* A copy that stopped half-way through "ô" (C3 B4). */
static void truncated_utf8(void **state)
{
	const char *dir = *state;
	char path[700];
	tl_path_in(path, sizeof path, dir, "cy/ui.txt");
	size_t len;
	char *buf = tl_slurp(path, &len);
	char *at = strstr(buf, "yn \xc3\xb4l");
	assert_non_null(at);
	tl_spit(path, buf, (size_t)(at - buf) + 4);
	free(buf);
	expect_one(dir, msg("%s/cy/ui.txt:%d: the file ends in the middle of a UTF-8 character (byte column 42)",
			    dir, tl_line_of(dir, "cy/ui.txt", "@countdown.zero")).s);
}

static void nul_bytes(void **state)
{
	const char *dir = *state;
	/* One NUL in a field... */
	char path[700];
	tl_path_in(path, sizeof path, dir, "en/ui.txt");
	size_t len;
	char *buf = tl_slurp(path, &len);
	char *at = strstr(buf, "@next: Next");
	assert_non_null(at);
	at[9] = '\0';
	tl_spit(path, buf, len);
	free(buf);
	/* ...and a file of nothing else. */
	char zeros[4096] = {0};
	tl_path_in(path, sizeof path, dir, "leaflets/learning-from-reviews/cy.txt");
	tl_spit(path, zeros, sizeof zeros);
	expect_two(dir,
		   msg("%s/en/ui.txt:%d: control character U+0000 at byte column 10", dir,
		       tl_line_of(dir, "en/ui.txt", "@next")).s,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:1: control character U+0000 at byte column 1", dir).s);
}

static void lone_carriage_return(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt", "@scroll_more: More below\n", "@scroll_more: More below\r@cancel: x\n");
	expect_one(dir, msg("%s/en/ui.txt:%d: carriage return without a line feed at byte column 25", dir,
			    tl_line_of(dir, "en/ui.txt", "@scroll_more")).s);
}

/* Windows editors: a BOM and CRLF everywhere change nothing. */
static void bom_and_crlf_are_accepted(void **state)
{
	const char *dir = *state;
	{
		for (size_t i = 0; tl_content_files[i]; i++) {
			char path[700];
			tl_path_in(path, sizeof path, dir, tl_content_files[i]);
			size_t len;
			char *buf = tl_slurp(path, &len);
			char *out = malloc(2 * len + 3);
			assert_non_null(out);
			size_t n = 0;
			memcpy(out, "\xef\xbb\xbf", 3);
			n = 3;
			for (size_t k = 0; k < len; k++) {
				if (buf[k] == '\n')
					out[n++] = '\r';
				out[n++] = buf[k];
			}
			tl_spit(path, out, n);
			free(out);
			free(buf);
		}
	}
	content *c = load_ok(dir);
	content *ref = load_ok(SHIPPED);
	for (int l = 0; l <= LANG_EN; l++) {
		content_quiz a, b;
		assert_int_equal(content_get_quiz(c, (lang_id)l, &a), 0);
		assert_int_equal(content_get_quiz(ref, (lang_id)l, &b), 0);
		assert_string_equal(a.text->text, b.text->text);
		for (int i = 0; i < CONTENT_QUIZ_TARGETS; i++) {
			assert_int_equal(a.targets[i].start, b.targets[i].start);
			assert_int_equal(a.targets[i].end, b.targets[i].end);
		}
		const content_section *x = content_get_section(c, (lang_id)l, "ui", "welcome");
		const content_section *y = content_get_section(ref, (lang_id)l, "ui", "welcome");
		assert_string_equal(content_section_field(x, "title"), content_section_field(y, "title"));
	}
	content_free(ref);
	content_free(c);
}

/* ---- the catalogue and the languages ---- */

#define LIBRARY "tests/fixtures/library"
#define CPR "leaflets/child-practice-reviews"
#define LFR "leaflets/learning-from-reviews"

/* The test library: three languages found from the folder, Welsh first, and
 * its four items in @order, the quiz lacking Polish. */
static void library_languages_and_catalogue(void **state)
{
	(void)state;
	content *c = load_ok(LIBRARY);
	assert_int_equal(content_n_langs(c), 3);
	assert_string_equal(content_lang_tag(c, 0), "cy");
	assert_string_equal(content_lang_tag(c, 1), "en");
	assert_string_equal(content_lang_tag(c, 2), "pl");
	assert_string_equal(content_lang_tag(c, 3), "");
	lang_id pl;
	assert_int_equal(content_lang_find(c, "pl", &pl), 0);
	assert_int_equal(pl, 2);
	assert_int_equal(content_lang_find(c, "fr", &pl), -1);
	static const char *const order[] = {"opening-hours", "your-visit", "contact-us",
					    "learning-from-reviews"};
	assert_int_equal(content_n_items(c), 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(content_item_slug(c, i), order[i]);
	assert_int_equal(content_first_leaflet(c), 0);
	assert_int_equal(content_quiz_item(c), 3);
	assert_int_equal(content_item_kind(c, 3), CONTENT_KIND_QUIZ);
	assert_int_equal(content_item_kind(c, 1), CONTENT_KIND_LEAFLET);
	size_t at;
	assert_int_equal(content_item_find(c, "contact-us", &at), 0);
	assert_int_equal(at, 2);
	assert_int_equal(content_item_find(c, "nope", &at), -1);
	assert_non_null(content_item_file(c, 1, 2));
	assert_null(content_item_file(c, 3, 2)); /* no Polish quiz */
	assert_non_null(content_item_file(c, 3, LANG_CY));
	content_quiz q;
	assert_int_equal(content_get_quiz(c, 2, &q), -1);
	assert_int_equal(content_get_quiz(c, LANG_CY, &q), 0);
	/* Every file: three ui.txt, three leaflets in three languages, the
	 * quiz in two (the Polish one absent). */
	size_t files = 0;
	for (size_t i = 0; i < content_n_files(c); i++)
		files += content_file_at(c, i) != NULL;
	assert_int_equal(files, 3 + 3 * 3 + 2);
	/* Polish plural forms are Polish: "5" is many, "2" few. */
	const content_section *idle = content_get_section(c, pl, "ui", "idle");
	assert_non_null(strstr(plural_pick(content_plural_rules(c), pl, idle, "countdown", 5), "sekund ekran"));
	assert_non_null(strstr(plural_pick(content_plural_rules(c), pl, idle, "countdown", 2), "sekundy ekran"));
	content_free(c);
}

/* @order sorts the catalogue; without one, an item comes after those with
 * one, by slug. */
static void order_sorts_the_catalogue(void **state)
{
	const char *dir = *state;
	content *c = load_ok(dir);
	assert_string_equal(content_item_slug(c, 0), "child-practice-reviews");
	content_free(c);
	for (int l = 0; l <= LANG_EN; l++) {
		char rel[64];
		snprintf(rel, sizeof rel, LFR "/%s.txt", lang_code(l));
		tl_edit(dir, rel, "@order: 2\n", "@order: 0\n");
	}
	c = load_ok(dir);
	assert_string_equal(content_item_slug(c, 0), "learning-from-reviews");
	assert_int_equal(content_first_leaflet(c), 1);
	assert_int_equal(content_quiz_item(c), 0);
	content_free(c);
	for (int l = 0; l <= LANG_EN; l++) {
		char rel[64];
		snprintf(rel, sizeof rel, LFR "/%s.txt", lang_code(l));
		tl_edit(dir, rel, "@order: 0\n", "");
	}
	c = load_ok(dir);
	assert_string_equal(content_item_slug(c, 0), "child-practice-reviews");
	content_free(c);
}

/* A third language: its folder with a ui.txt, nothing else to change, and
 * the leaflets may have it or not. */
static void a_third_language_comes_from_its_folder(void **state)
{
	const char *dir = *state;
	tl_sh("mkdir '%s/pl' && cp '%s/pl/ui.txt' '%s/pl/ui.txt'", dir, LIBRARY, dir);
	content *c = load_ok(dir);
	assert_int_equal(content_n_langs(c), 3);
	assert_string_equal(content_lang_tag(c, 2), "pl");
	assert_null(content_item_file(c, 0, 2));
	content_free(c);
	/* A Polish leaflet must be the Welsh one's twin, like the English. */
	tl_sh("cp '%s/" CPR "/en.txt' '%s/" CPR "/pl.txt'", dir, dir);
	tl_edit(dir, CPR "/pl.txt", "[why]\n", "[dlaczego]\n");
	expect_two(dir,
		   msg("%s/" CPR "/cy.txt:%d: section [why] is not in %s/" CPR "/pl.txt", dir,
		       tl_line_of(dir, CPR "/cy.txt", "[why]"), dir).s,
		   msg("%s/" CPR "/pl.txt:%d: section [dlaczego] is not in %s/" CPR "/cy.txt", dir,
		       tl_line_of(dir, CPR "/pl.txt", "[dlaczego]"), dir).s);
}

static void leaflet_folder_problems(void **state)
{
	const char *dir = *state;
	tl_sh("mkdir '%s/leaflets/Bad Name' && echo x >'%s/leaflets/notes.txt'", dir, dir);
	tl_sh("mkdir '%s/leaflets/no-welsh' && cp '%s/" CPR "/en.txt' '%s/leaflets/no-welsh/'", dir,
	      dir, dir);
	tl_sh("cp '%s/" CPR "/en.txt' '%s/" CPR "/de.txt'", dir, dir);
	/* Not content, so not a problem: an editor's backup, a package's file
	 * on its way in, a hidden file. */
	tl_sh("cp '%s/" CPR "/en.txt' '%s/" CPR "/en.txt~' && touch '%s/" CPR "/cy.txt.dpkg-new' '%s/" CPR "/.x.txt'",
	      dir, dir, dir, dir);
	const char *m[4] = {
		msg("%s/leaflets/Bad Name: bad leaflet folder name: use lowercase letters, digits and '-' (at most 31)", dir).s,
		msg("%s/leaflets/notes.txt: not a folder: each leaflet is a folder here, with a file per language", dir).s,
		msg("%s/leaflets/no-welsh: the leaflet has no Welsh file, cy.txt: every leaflet needs one", dir).s,
		msg("%s/" CPR "/de.txt: not a language of the content: a leaflet has a file LANG.txt for each language that has a folder LANG/ with ui.txt", dir).s};
	expect_load_fails(dir, 4, m, 4);
}

/* A wrong @kind or @order is one problem, and a language that disagrees
 * with a valid Welsh one is another; the item is not checked further (its
 * kind is in doubt), nor is the catalogue. */
static void kind_and_order_problems(void **state)
{
	const char *dir = *state;
	tl_edit(dir, CPR "/cy.txt", "@order: 1\n", "@order: first\n");
	tl_edit(dir, CPR "/en.txt", "@order: 1\n", "@order: 1\n@kind: cwis\n");
	tl_edit(dir, LFR "/en.txt", "@kind: quiz\n", "@kind: leaflet\n");
	tl_edit(dir, LFR "/en.txt", "@order: 2\n", "@order: 7\n");
	const char *m[4] = {
		msg("%s/" CPR "/cy.txt:%d: @order is a whole number from 0 to 999999 (the catalogue shows the lowest first), not 'first'",
		    dir, tl_line_of(dir, CPR "/cy.txt", "@order")).s,
		msg("%s/" CPR "/en.txt:%d: @kind is 'leaflet' or 'quiz', not 'cwis'", dir,
		    tl_line_of(dir, CPR "/en.txt", "@kind")).s,
		msg("%s/" LFR "/en.txt:%d: @kind differs from the Welsh file's: every language of a leaflet is the same kind",
		    dir, tl_line_of(dir, LFR "/en.txt", "@kind: leaflet")).s,
		msg("%s/" LFR "/en.txt:%d: @order differs from the Welsh file's: the catalogue has one order",
		    dir, tl_line_of(dir, LFR "/en.txt", "@order")).s};
	expect_load_fails(dir, 4, m, 4);
}

static void one_quiz_and_at_least_one_leaflet(void **state)
{
	const char *dir = *state;
	tl_sh("cp -r '%s/" LFR "' '%s/leaflets/quiz-2'", dir, dir);
	tl_sh("rm -r '%s/" CPR "'", dir);
	expect_two(dir,
		   msg("%s/leaflets/quiz-2/cy.txt: a second quiz (the first is leaflets/learning-from-reviews): the kiosk has one quiz", dir).s,
		   msg("%s/leaflets: no leaflet: add a folder with cy.txt for each leaflet", dir).s);
}

static void quiz_item_holds_only_its_sections(void **state)
{
	const char *dir = *state;
	for (int l = 0; l <= LANG_EN; l++) {
		char rel[64];
		snprintf(rel, sizeof rel, LFR "/%s.txt", lang_code(l));
		tl_edit(dir, rel, "[learn]\n", "[notes]\n# Notes\n\nA page.\n\n[learn]\n");
	}
	expect_two(dir,
		   msg("%s/" LFR "/cy.txt:%d: section [notes] is not part of a quiz: @kind: quiz has only [leaflet], [learn] and [quiz]",
		       dir, tl_line_of(dir, LFR "/cy.txt", "[notes]")).s,
		   msg("%s/" LFR "/en.txt:%d: section [notes] is not part of a quiz: @kind: quiz has only [leaflet], [learn] and [quiz]",
		       dir, tl_line_of(dir, LFR "/en.txt", "[notes]")).s);
}

static void leaflets_folder_missing(void **state)
{
	const char *dir = *state;
	tl_sh("rm -r '%s/leaflets'", dir);
	expect_one(dir, msg("%s/leaflets: cannot open the leaflets folder: No such file or directory", dir).s);
}

/* A glyph the fonts lack is named in every language's file, the third
 * included (the check walks every file the content loaded). */
static bool no_kreska_z(void *ctx, uint32_t cp)
{
	(void)ctx;
	return cp != 0x17A; /* ź */
}

static void glyph_check_reaches_every_language(void **state)
{
	(void)state;
	content *c = load_ok(LIBRARY);
	diag_list *d = diag_list_new();
	assert_int_equal(content_check_glyphs(c, no_kreska_z, NULL, d), 2);
	assert_true(tl_has_diag(d, msg(LIBRARY "/leaflets/opening-hours/pl.txt:%d: no shipped font has U+017A 'ź'",
				       tl_line_of(LIBRARY, "leaflets/opening-hours/pl.txt", "sprawdź")).s));
	assert_true(tl_has_diag(d, msg(LIBRARY "/leaflets/your-visit/pl.txt:%d: no shipped font has U+017A 'ź'",
				       tl_line_of(LIBRARY, "leaflets/your-visit/pl.txt", "Usiądź")).s));
	diag_list_free(d);
	content_free(c);
}

/* ---- robustness: big and hostile input stays linear and bounded ---- */

static void very_long_line_is_fine(void **state)
{
	const char *dir = *state;
	size_t n = 900 * 1000;
	char *line = malloc(n + 1);
	assert_non_null(line);
	for (size_t i = 0; i < n; i++)
		line[i] = i % 8 == 7 ? ' ' : "abcdefg"[i % 8];
	line[n] = '\0';
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "In Wales, when a child dies", line);
	free(line);
	content *c = load_ok(dir);
	const content_section *s = content_get_section(c, LANG_EN, "quiz", "learn");
	assert_true(s->blocks[1].len > n);
	content_free(c);
}

static void many_duplicate_sections_stop_at_the_cap(void **state)
{
	const char *dir = *state;
	size_t reps = 100000;
	char *buf = malloc(reps * 4 + 1);
	assert_non_null(buf);
	for (size_t i = 0; i < reps; i++)
		memcpy(buf + 4 * i, "[a]\n", 4);
	char path[700];
	tl_path_in(path, sizeof path, dir, "cy/ui.txt");
	tl_spit(path, buf, reps * 4);
	free(buf);
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(dir, d, &c), -1);
	assert_int_equal(diag_count(d), CPARSE_MAX_ERRORS + 1);
	assert_string_equal(diag_get(d, 0), msg("%s/cy/ui.txt:2: duplicate section [a] (first at line 1)", dir).s);
	diag_list_free(d);
}

static void unclosed_link_targets_stay_linear(void **state)
{
	const char *dir = *state;
	size_t reps = 200000;
	char *buf = malloc(reps * 4 + 16);
	assert_non_null(buf);
	memcpy(buf, "[x]\n", 4);
	for (size_t i = 0; i < reps; i++)
		memcpy(buf + 4 + 4 * i, "[a](", 4);
	char path[700];
	tl_path_in(path, sizeof path, dir, "leaflets/child-practice-reviews/en.txt");
	tl_spit(path, buf, 4 + reps * 4);
	free(buf);
	expect_one(dir, msg("%s/leaflets/child-practice-reviews/en.txt:2: unclosed '(' in a link: a link is written [text](tel:...)", dir).s);
}

/* ---- syntax ---- */

static void text_before_first_section(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt", "; taflen", "Hello\n; taflen");
	expect_one(dir, msg("%s/en/ui.txt:1: text before the first section: put a section line, such as [name], above it",
			    dir).s);
}

static void bad_section_id(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "cy/ui.txt", "[menu]", "[Menu]");
	expect_one(dir, msg("%s/cy/ui.txt:%d: bad section id '[Menu]': use lowercase letters, digits, '-', '.' and ':'",
			    dir, tl_line_of(dir, "cy/ui.txt", "[Menu]")).s);
}

static void bad_field(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "cy/ui.txt", "@home: Hafan", "@Home: Hafan");
	tl_edit(dir, "en/ui.txt", "@next: Next", "@next:");
	expect_two(dir,
		   msg("%s/cy/ui.txt:%d: bad field '@Home: Hafan': write @key: value, with a key of lowercase letters, digits, '_' and '.'",
		       dir, tl_line_of(dir, "cy/ui.txt", "@Home")).s,
		   msg("%s/en/ui.txt:%d: field @next has no value", dir, tl_line_of(dir, "en/ui.txt", "@next")).s);
}

static void bad_heading_and_empty_item(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "# Eich llais", "#Eich llais");
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "- Is there something you wish", "-\n- Is there something you wish");
	expect_two(dir,
		   msg("%s/leaflets/child-practice-reviews/cy.txt:%d: bad heading: write '# ', '## ' or '### ' and then the heading",
		       dir, tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "#Eich")).s,
		   msg("%s/leaflets/child-practice-reviews/en.txt:%d: empty list item", dir,
		       tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "-\n- Is there something you wish")).s);
}

static void unclosed_bold_and_italic(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "If so, you can talk", "If so, you can **talk");
	/* The italic opens on one line of a paragraph and is still open at its
	 * end: the message names the line where it opened. */
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "digwyddiad dysgu gyda’r holl", "digwyddiad *dysgu gyda’r holl");
	expect_two(dir,
		   msg("%s/leaflets/child-practice-reviews/en.txt:%d: unclosed '**' (bold)", dir,
		       tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "If so, you can")).s,
		   msg("%s/leaflets/child-practice-reviews/cy.txt:%d: unclosed '*' (italic)", dir,
		       tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "digwyddiad *dysgu")).s);
}

static void bold_and_italic_spans(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "If so, you can talk to the reviewer",
	     "If so, you can **talk to *the* reviewer** \\*now\\*");
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "Os felly, gallwch", "Os *felly*, gallwch");
	content *c = load_ok(dir);
	const content_block *b = &content_get_section(c, LANG_EN, "leaflet", "your-voice")->blocks[7];
	assert_string_equal(b->text, "If so, you can talk to the reviewer *now*.");
	assert_int_equal(b->n_spans, 3);
	assert_ptr_equal(span_over(b, "talk to "), &b->spans[0]);
	assert_int_equal(b->spans[0].flags, CONTENT_BOLD);
	assert_ptr_equal(span_over(b, "the"), &b->spans[1]);
	assert_int_equal(b->spans[1].flags, CONTENT_BOLD | CONTENT_ITALIC);
	assert_ptr_equal(span_over(b, " reviewer"), &b->spans[2]);
	assert_int_equal(b->spans[2].flags, CONTENT_BOLD);
	assert_null(b->spans[2].href);
	content_free(c);
}

static void link_problems(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "[029 2087 1891](tel:02920871891)", "[029 2087 1891(tel:02920871891)");
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "(mailto:cardiffandvalersb@cardiff.gov.uk)", "(https://www.cardiff.gov.uk)");
	expect_two(dir,
		   msg("%s/leaflets/child-practice-reviews/en.txt:%d: unclosed '[': a link is written [text](tel:...)", dir,
		       tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "[029")).s,
		   msg("%s/leaflets/child-practice-reviews/cy.txt:%d: link to 'https://www.cardiff.gov.uk' is not allowed: only tel: and mailto: links work on the kiosk",
		       dir, tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "(https")).s);
}

/* Links are the format's only reference to anything outside the text, and
 * they may not point at files: a path out of the content folder, an
 * absolute path or a file: URL is refused like a web link. */
static void links_cannot_name_files(void **state)
{
	const char *dir = *state;
	const char *targets[] = {"../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "cy/ui.txt"};
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
		char link[64];
		snprintf(link, sizeof link, "(%s)", targets[i]);
		tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "(tel:02920871891)", link);
		expect_one(dir,
			   msg("%s/leaflets/child-practice-reviews/en.txt:%d: link to '%s' is not allowed: only tel: and mailto: links work on the kiosk",
			       dir, tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", link), targets[i]).s);
		tl_edit(dir, "leaflets/child-practice-reviews/en.txt", link, "(tel:02920871891)");
	}
}

static void link_syntax(void **state)
{
	const char *dir = *state;
	const char *f = "leaflets/child-practice-reviews/en.txt";
	tl_edit(dir, f, "(tel:02920871891)", "(tel:029 2087 1891)");
	tl_edit(dir, f, "If so, you can talk to", "If so, you can [talk] to");
	tl_edit(dir, f, "This is called the Review", "This is called the [Review [x]");
	tl_edit(dir, f, "called a learning event", "called [](tel:02920871891) a learning event");
	message a = msg("%s/%s:%d: a link's target cannot contain spaces", dir, f, tl_line_of(dir, f, "(tel:029 "));
	message b = msg("%s/%s:%d: link text without a target: a link is written [text](tel:...)", dir, f,
			tl_line_of(dir, f, "[talk]"));
	message c = msg("%s/%s:%d: '[' inside a link's text: write \\[ for a bracket", dir, f,
			tl_line_of(dir, f, "[Review"));
	message d = msg("%s/%s:%d: a link needs text: [text](tel:...)", dir, f, tl_line_of(dir, f, "[]("));
	const char *m[4] = {a.s, b.s, c.s, d.s};
	expect_load_fails(dir, 4, m, 4);
}

static void bad_tel_and_mailto(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "(tel:02920871891)", "(tel:029-2087)");
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "(mailto:cardiffandvalersb@cardiff.gov.uk)", "(mailto:cardiffandvalersb)");
	expect_two(dir,
		   msg("%s/leaflets/child-practice-reviews/en.txt:%d: 'tel:029-2087' is not a phone number: write tel: and the digits, like tel:02920871891",
		       dir, tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "(tel:")).s,
		   msg("%s/leaflets/child-practice-reviews/cy.txt:%d: 'mailto:cardiffandvalersb' is not an email address: write mailto: and the address, like mailto:name@example.org",
		       dir, tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "(mailto:")).s);
}

static void duplicate_section_and_field(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "cy/ui.txt", "[staff]", "[menu]\n@title: Dewislen\n\n[staff]");
	tl_edit(dir, "en/ui.txt", "@home: Home\n", "@home: Home\n@home: Start\n");
	expect_two(dir,
		   msg("%s/cy/ui.txt:%d: duplicate section [menu] (first at line %d)", dir,
		       tl_line_of(dir, "cy/ui.txt", "[menu]\n@title: Dewislen"), tl_line_of(dir, "cy/ui.txt", "[menu]")).s,
		   msg("%s/en/ui.txt:%d: duplicate field @home in section [common] (first at line %d)", dir,
		       tl_line_of(dir, "en/ui.txt", "@home: Start"), tl_line_of(dir, "en/ui.txt", "@home")).s);
}

/* The seed's "Further reading:" had nothing under it. */
static void empty_heading(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "steps to protect children.\n", "steps to protect children.\n\n## Further reading:\n");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "diogelu\nplant.\n", "diogelu\nplant.\n\n## Darllen pellach:\n");
	expect_two(dir,
		   msg("%s/leaflets/learning-from-reviews/en.txt:%d: heading 'Further reading:' has nothing under it: add text under it or remove it",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "## Further")).s,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:%d: heading 'Darllen pellach:' has nothing under it: add text under it or remove it",
		       dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "## Darllen")).s);
}

/* ---- Welsh against English ---- */

static void section_missing_in_one_language(void **state)
{
	const char *dir = *state;
	char path[700];
	tl_path_in(path, sizeof path, dir, "leaflets/child-practice-reviews/cy.txt");
	char *buf = tl_slurp(path, NULL);
	char *from = strstr(buf, "[why]"), *to = strstr(buf, "[how]");
	assert_true(from && to && from < to);
	memmove(from, to, strlen(to) + 1);
	tl_spit(path, buf, strlen(buf));
	free(buf);
	expect_one(dir, msg("%s/leaflets/child-practice-reviews/en.txt:%d: section [why] is not in %s/leaflets/child-practice-reviews/cy.txt", dir,
			    tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "[why]"), dir).s);
}

static void sections_in_another_order(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "[why]", "[tmp]");
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "[how]", "[why]");
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "[tmp]", "[how]");
	expect_one(dir,
		   msg("%s/leaflets/child-practice-reviews/cy.txt:%d: the sections are in a different order in %s/leaflets/child-practice-reviews/en.txt: [how] here, [why] there (line %d)",
		       dir, tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "[how]"), dir, tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "[why]")).s);
}

static void different_block_kinds(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "- Pan fydd", "Pan fydd");
	expect_one(dir, msg("%s/leaflets/child-practice-reviews/cy.txt:%d: this is a paragraph here but a bullet item in %s/leaflets/child-practice-reviews/en.txt (line %d)",
			    dir, tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "Pan fydd"), dir,
			    tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "- When the report")).s);
}

static void different_heading_levels(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "# Eich llais", "## Eich llais");
	expect_two(dir,
		   msg("%s/leaflets/child-practice-reviews/cy.txt:%d: this is a heading (level 2) here but a heading (level 1) in %s/leaflets/child-practice-reviews/en.txt (line %d)",
		       dir, tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "## Eich"), dir, tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "# Your voice")).s,
		   msg("%s/leaflets/child-practice-reviews/cy.txt:%d: page [your-voice] must start with a '# ' heading, its title", dir,
		       tl_line_of(dir, "leaflets/child-practice-reviews/cy.txt", "[your-voice]")).s);
}

static void different_block_counts(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "\n\nMae adolygiadau ymarfer plant fel arfer", "\nMae adolygiadau ymarfer plant fel arfer");
	expect_one(dir, msg("%s/leaflets/learning-from-reviews/en.txt:%d: a paragraph is not in %s/leaflets/learning-from-reviews/cy.txt: section [learn] has 3 blocks here and 2 there",
			    dir, tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "Child practice reviews usually"), dir).s);
}

static void different_field_keys(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "cy/ui.txt", "@home:", "@hafan:");
	expect_three(dir,
		msg("%s/cy/ui.txt:%d: field @hafan of section [common] is not in %s/en/ui.txt", dir,
		    tl_line_of(dir, "cy/ui.txt", "@hafan"), dir).s,
		msg("%s/en/ui.txt:%d: field @home of section [common] is not in %s/cy/ui.txt", dir,
		    tl_line_of(dir, "en/ui.txt", "@home:"), dir).s,
		msg("%s/cy/ui.txt:%d: section [common] has no @home: the app needs it", dir,
		    tl_line_of(dir, "cy/ui.txt", "[common]")).s);
}

/* ---- what the app needs ---- */

static void required_field_missing(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt", "@home: Home\n", "");
	tl_edit(dir, "cy/ui.txt", "@home: Hafan\n", "");
	expect_two(dir,
		   msg("%s/en/ui.txt:%d: section [common] has no @home: the app needs it", dir,
		       tl_line_of(dir, "en/ui.txt", "[common]")).s,
		   msg("%s/cy/ui.txt:%d: section [common] has no @home: the app needs it", dir,
		       tl_line_of(dir, "cy/ui.txt", "[common]")).s);
}

static void required_section_missing(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt", "[menu]", "[menu-x]");
	tl_edit(dir, "cy/ui.txt", "[menu]", "[menu-x]");
	expect_two(dir, msg("%s/en/ui.txt: no section [menu]: the app needs it", dir).s,
		   msg("%s/cy/ui.txt: no section [menu]: the app needs it", dir).s);
}

static void placeholders(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt", "{seconds} seconds", "{secs} seconds");
	tl_edit(dir, "cy/ui.txt", "@page_of: {page} / {pages}", "@page_of: {page} / {pages");
	expect_three(dir,
		msg("%s/en/ui.txt:%d: @countdown.other has {secs}, which the app does not fill in: use {seconds}", dir,
		    tl_line_of(dir, "en/ui.txt", "@countdown.other")).s,
		msg("%s/en/ui.txt:%d: @countdown.other must contain {seconds}", dir,
		    tl_line_of(dir, "en/ui.txt", "@countdown.other")).s,
		msg("%s/cy/ui.txt:%d: unclosed '{' in @page_of: the app fills in {page} and {pages}", dir,
		    tl_line_of(dir, "cy/ui.txt", "@page_of")).s);
}

/* ---- counts: plural forms ---- */

static void plural_other_missing(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "en/ui.txt",
	     "@countdown.other: The screen will go back to the start in {seconds} seconds.\n", "");
	expect_one(dir, msg("%s/en/ui.txt:%d: section [idle] has no @countdown.other: a count needs "
			    ".other, the form for any count without its own (English forms missing: .other)",
			    dir, tl_line_of(dir, "en/ui.txt", "@countdown.one")).s);
}

/* Welsh has six categories: .one alone leaves five counts without words. */
static void plural_welsh_only_one(void **state)
{
	const char *dir = *state;
	static const char *const drop[] = {"zero", "two", "few", "many", "other"};
	for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) {
		char line[128];
		snprintf(line, sizeof line,
			 "@highlighted.%s: Wedi\xe2\x80\x99u hamlygu: {count} \xe2\x80\x94 dewch o hyd i {total}\n",
			 drop[i]);
		tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", line, "");
	}
	expect_one(dir, msg("%s/leaflets/learning-from-reviews/cy.txt:%d: section [quiz] has no @highlighted.other: a count needs "
			    ".other, the form for any count without its own (Welsh forms missing: .zero, "
			    ".two, .few, .many, .other)",
			    dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted.one")).s);
}

/* .other covers the categories a file leaves out; a form the language does
 * not use, or a word that is no category, is reported; so is the plain
 * field of content written before the field took a count. */
static void plural_forms_checked(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "cy/ui.txt", "@countdown.two:", "; @countdown.two:");
	tl_edit(dir, "cy/ui.txt", "@countdown.many:", "; @countdown.many:");
	content_free(load_ok(dir));

	tl_edit(dir, "en/ui.txt", "@countdown.one:", "@countdown.two:");
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@score.one:", "@score.uno:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted.zero:", "@highlighted:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted.one:", "; @highlighted.one:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted.two:", "; @highlighted.two:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted.few:", "; @highlighted.few:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted.many:", "; @highlighted.many:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted.other:", "; @highlighted.other:");
	expect_three(dir,
		     msg("%s/en/ui.txt:%d: @countdown.two is not a plural form of English: use .one, .other",
			 dir, tl_line_of(dir, "en/ui.txt", "@countdown.two")).s,
		     msg("%s/leaflets/learning-from-reviews/en.txt:%d: @score.uno is not a plural form of English: use .one, .other",
			 dir, tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "@score.uno")).s,
		     msg("%s/leaflets/learning-from-reviews/cy.txt:%d: @highlighted depends on a count: write it as @highlighted.other, "
			 "and a line for any other form Welsh uses (.zero, .one, .two, .few, .many, .other)",
			 dir, tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "@highlighted:")).s);
}

/* The placeholder check applies to every form. */
static void plural_placeholders(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@highlighted.one: {count} highlighted",
		"@highlighted.one: {cuont} highlighted");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@score.few: Daethoch o hyd i {found} o\xe2\x80\x99r {total}",
	     "@score.few: Daethoch o hyd i {found} o\xe2\x80\x99r 6");
	expect_three(dir,
		     msg("%s/leaflets/learning-from-reviews/en.txt:%d: @highlighted.one has {cuont}, which the app does not fill in: "
			 "use {count} and {total}",
			 dir, tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "@highlighted.one")).s,
		     msg("%s/leaflets/learning-from-reviews/en.txt:%d: @highlighted.one must contain {count}", dir,
			 tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "@highlighted.one")).s,
		     msg("%s/leaflets/learning-from-reviews/cy.txt:%d: @score.few must contain {total}", dir,
			 tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "@score.few")).s);
}

/* ---- the schema's optional fields ---- */

static void optional_fields(void **state)
{
	const char *dir = *state;
	/* Left out of both languages: fine. */
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "@hint:", "; @hint:");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "@hint:", "; @hint:");
	content_free(load_ok(dir));
	/* Out of one only: the twins differ. */
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "@subtitle:", "; @subtitle:");
	expect_one(dir, msg("%s/leaflets/child-practice-reviews/en.txt:%d: field @subtitle of section [leaflet] is not in %s/leaflets/child-practice-reviews/cy.txt",
			    dir, tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "@subtitle"), dir).s);
}

static void leaflet_and_learn_shape(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "# Learning from reviews", "Learning from reviews");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "# Dysgu o adolygiadau", "Dysgu o adolygiadau");
	expect_two(dir,
		   msg("%s/leaflets/learning-from-reviews/en.txt:%d: [learn] must start with a '# ' heading, the page title", dir,
		       tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "[learn]")).s,
		   msg("%s/leaflets/learning-from-reviews/cy.txt:%d: [learn] must start with a '# ' heading, the page title", dir,
		       tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "[learn]")).s);
}

/* ---- glyph coverage ---- */

static bool no_w_circumflex(void *ctx, uint32_t cp)
{
	(*(size_t *)ctx)++;
	return cp != 0x175;
}

static bool everything(void *ctx, uint32_t cp)
{
	(void)ctx;
	(void)cp;
	return true;
}

static void glyph_check(void **state)
{
	const char *dir = *state;
	/* In a field, and twice on the second line of a paragraph, first thing
	 * on it: one message for the line, with its own line number, not the
	 * paragraph's first. */
	tl_edit(dir, "cy/ui.txt", "@continue: Parhau", "@continue: Parhau \xc5\xb5");
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "\nganlyniad i gamdriniaeth", "\n\xc5\xb5 ganlyniad i \xc5\xb5 gamdriniaeth");
	content *c = load_ok(dir);
	diag_list *d = diag_list_new();
	size_t calls = 0;
	assert_int_equal(content_check_glyphs(c, no_w_circumflex, &calls, d), 2);
	assert_true(calls > 1000); /* every character was asked about */
	assert_int_equal(diag_count(d), 2);
	int para = tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "Yng Nghymru");
	int second = tl_line_of(dir, "leaflets/learning-from-reviews/cy.txt", "\xc5\xb5 ganlyniad");
	assert_int_equal(second, para + 1);
	assert_true(tl_has_diag(d, msg("%s/leaflets/learning-from-reviews/cy.txt:%d: no shipped font has U+0175 '\xc5\xb5'", dir, second).s));
	assert_true(tl_has_diag(d, msg("%s/cy/ui.txt:%d: no shipped font has U+0175 '\xc5\xb5'", dir,
				    tl_line_of(dir, "cy/ui.txt", "@continue")).s));
	diag_clear(d);
	assert_int_equal(content_check_glyphs(c, everything, NULL, d), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	content_free(c);
}

/* No font has a glyph for a control character such as a tab. */
static bool no_controls(void *ctx, uint32_t cp)
{
	(void)ctx;
	return cp >= 0x20 && (cp < 0x7F || cp > 0x9F);
}

static void tab_in_field_is_a_space(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "cy/ui.txt", "@continue: Parhau", "@continue:\tParhau\tymlaen\t");
	content *c = load_ok(dir);
	assert_string_equal(content_section_field(content_get_section(c, LANG_CY, "ui", "idle"), "continue"),
			    "Parhau ymlaen");
	diag_list *d = diag_list_new();
	size_t n = content_check_glyphs(c, no_controls, NULL, d);
	tl_print_diags(d);
	assert_int_equal(n, 0);
	diag_list_free(d);
	content_free(c);
}

/* The engine has no bidi pass yet: right-to-left text would be drawn
 * backwards, so it is refused, once per line, naming the first character. */
static void right_to_left_text_is_refused(void **state)
{
	const char *dir = *state;
	/* Hebrew in a paragraph (two letters, one message), Arabic in a field,
	 * an invisible right-to-left override in a heading. */
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "A child practice review is",
	     "A child practice review (\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d) is");
	tl_edit(dir, "cy/ui.txt", "@continue: Parhau", "@continue: Parhau \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7");
	tl_edit(dir, "leaflets/learning-from-reviews/en.txt", "\n# ", "\n# \xe2\x80\xae");
	/* Comments are never shown: there it does no harm. */
	tl_edit(dir, "leaflets/learning-from-reviews/cy.txt", "\n[quiz]", "\n; \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\n[quiz]");
	const char *tail = "is not supported yet: the kiosk would draw it backwards";
	expect_three(dir,
		     msg("%s/leaflets/child-practice-reviews/en.txt:%d: right-to-left text (U+05E9 '\xd7\xa9') %s", dir,
			 tl_line_of(dir, "leaflets/child-practice-reviews/en.txt", "A child practice review ("), tail).s,
		     msg("%s/cy/ui.txt:%d: right-to-left text (U+0645 '\xd9\x85') %s", dir,
			 tl_line_of(dir, "cy/ui.txt", "@continue:"), tail).s,
		     msg("%s/leaflets/learning-from-reviews/en.txt:%d: right-to-left text (U+202E, a direction control) %s", dir,
			 tl_line_of(dir, "leaflets/learning-from-reviews/en.txt", "\xe2\x80\xae"), tail).s);
}

/* The real thing: every character of the shipped content is in a shipped
 * font (SDL2_ttf as an independent reference for coverage). */
typedef struct {
	TTF_Font *font[4];
} shipped_fonts;

static bool in_shipped_fonts(void *ctx, uint32_t cp)
{
	shipped_fonts *f = ctx;
	for (int i = 0; i < 4; i++)
		if (TTF_GlyphIsProvided32(f->font[i], cp))
			return true;
	return false;
}

static void shipped_content_is_in_shipped_fonts(void **state)
{
	(void)state;
	static const char *const files[4] = {"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf",
					     "fonts/NotoSans-Italic.ttf", "fonts/DejaVuSans.ttf"};
	assert_int_equal(TTF_Init(), 0);
	shipped_fonts f;
	for (int i = 0; i < 4; i++) {
		f.font[i] = TTF_OpenFont(files[i], 16);
		assert_non_null(f.font[i]);
	}
	content *c = load_ok(SHIPPED);
	diag_list *d = diag_list_new();
	size_t missing = content_check_glyphs(c, in_shipped_fonts, &f, d);
	tl_print_diags(d);
	assert_int_equal(missing, 0);
	diag_list_free(d);
	content_free(c);
	for (int i = 0; i < 4; i++)
		TTF_CloseFont(f.font[i]);
	TTF_Quit();
}

/* ---- the phrase matcher on its own ---- */

static size_t count_of(const char *text, const char *phrase, size_t *start, size_t *end)
{
	cmatch_text *t;
	assert_int_equal(cmatch_text_new(text, strlen(text), &t), 0);
	size_t n;
	assert_int_equal(cmatch_find(t, phrase, strlen(phrase), &n, start, end), 0);
	cmatch_text_free(t);
	return n;
}

static void matcher_rules(void **state)
{
	(void)state;
	size_t s = 0, e = 0;
	assert_int_equal(count_of("keeping records.", "record", &s, &e), 0); /* whole words */
	assert_int_equal(count_of("unrecord record", "record", &s, &e), 1);
	assert_int_equal(s, 9);
	assert_int_equal(count_of("Their Family/Carers, too", "family carers", &s, &e), 1);
	assert_int_equal(s, 6);
	assert_int_equal(e, 19);
	assert_int_equal(count_of("amgylchiadau’r plentyn", "AMGYLCHIADAU'R", &s, &e), 1);
	assert_int_equal(e, strlen("amgylchiadau’r"));
	assert_int_equal(count_of("‘quoted’ word", "quoted word", &s, &e), 1); /* quotes are not letters */
	assert_int_equal(s, strlen("‘"));
	assert_int_equal(count_of("a a a", "a a", &s, &e), 2);
	assert_int_equal(count_of("anything", "...", &s, &e), 0);
	assert_int_equal(count_of("ŴYR a ŵyr", "ŵyr", &s, &e), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_loads_clean),
		cmocka_unit_test(shipped_leaflet_pages),
		cmocka_unit_test(shipped_contact_links),
		cmocka_unit_test(shipped_learn_page),
		cmocka_unit_test(quiz_targets_at_their_phrases),
		cmocka_unit_test(matcher_rules),
		cmocka_unit_test(text_is_nfc_and_spans_follow),
		cmocka_unit_test(shipped_content_is_in_shipped_fonts),
#define COPY(t) cmocka_unit_test_setup_teardown(t, tl_setup_copy, tl_teardown_copy)
		cmocka_unit_test(library_languages_and_catalogue),
		cmocka_unit_test(glyph_check_reaches_every_language),
		COPY(order_sorts_the_catalogue),
		COPY(a_third_language_comes_from_its_folder),
		COPY(leaflet_folder_problems),
		COPY(kind_and_order_problems),
		COPY(one_quiz_and_at_least_one_leaflet),
		COPY(quiz_item_holds_only_its_sections),
		COPY(leaflets_folder_missing),
		COPY(quiz_matching_ignores_case_apostrophe_punctuation),
		COPY(quiz_five_targets),
		COPY(quiz_seven_targets),
		COPY(quiz_target_not_found),
		COPY(quiz_target_found_more_than_once),
		COPY(quiz_targets_overlap),
		COPY(quiz_needs_one_paragraph),
		COPY(missing_file),
		COPY(directory_and_fifo_are_not_files),
		COPY(ten_megabytes_are_refused),
		COPY(binary_junk_is_reported_not_parsed),
		COPY(invalid_utf8_names_line_and_column),
		COPY(overlong_and_surrogate_utf8),
		COPY(truncated_utf8),
		COPY(nul_bytes),
		COPY(lone_carriage_return),
		COPY(bom_and_crlf_are_accepted),
		COPY(very_long_line_is_fine),
		COPY(many_duplicate_sections_stop_at_the_cap),
		COPY(unclosed_link_targets_stay_linear),
		COPY(text_before_first_section),
		COPY(bad_section_id),
		COPY(bad_field),
		COPY(bad_heading_and_empty_item),
		COPY(unclosed_bold_and_italic),
		COPY(bold_and_italic_spans),
		COPY(link_problems),
		COPY(link_syntax),
		COPY(links_cannot_name_files),
		COPY(bad_tel_and_mailto),
		COPY(duplicate_section_and_field),
		COPY(empty_heading),
		COPY(section_missing_in_one_language),
		COPY(sections_in_another_order),
		COPY(different_block_kinds),
		COPY(different_heading_levels),
		COPY(different_block_counts),
		COPY(different_field_keys),
		COPY(required_field_missing),
		COPY(required_section_missing),
		COPY(placeholders),
		COPY(plural_other_missing),
		COPY(plural_welsh_only_one),
		COPY(plural_forms_checked),
		COPY(plural_placeholders),
		COPY(optional_fields),
		COPY(leaflet_and_learn_shape),
		COPY(glyph_check),
		COPY(quiz_matching_is_unicode_normalised),
		COPY(tab_in_field_is_a_space),
		COPY(right_to_left_text_is_refused),
#undef COPY
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
