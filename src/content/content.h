/* The kiosk's words, loaded from a content folder that office staff edit:
 * DIR/cy/NAME.txt and DIR/en/NAME.txt for every NAME in content_file_names.
 * The format is described in docs/content.md.
 *
 * The model is plain read-only data: a file is a list of sections ("[id]"),
 * a section holds blocks (headings, paragraphs, list items: text with markup
 * removed plus style spans) and fields ("@key: value", for button labels,
 * quiz targets and the like). All text is valid UTF-8 in Unicode NFC, with
 * tabs turned into spaces, whatever form the file used. All of it is owned
 * by the content object and lives until content_free. */
#ifndef TAFLEN_CONTENT_H
#define TAFLEN_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/lang.h"
#include "content/content_types.h" /* the model: content_file, content_section, ... */

typedef struct content content;

/* Every file a content folder must have, NULL-terminated. */
extern const char *const content_file_names[];

/* Loads every file of both languages from dir. Problems go to diags (not
 * NULL) as "FILE:LINE: message", FILE being dir/cy/NAME.txt or
 * dir/en/NAME.txt; docs/content.md lists the messages. Returns 0 when the folder is complete and valid (the
 * structure of both languages matches, every quiz target is found once, the
 * UTF-8 is valid, there is no right-to-left text), else -1; *out is set only
 * on 0. Glyph coverage needs fonts, so it is the separate
 * content_check_glyphs, which whoever shows the content must also run. */
int content_load(const char *dir, diag_list *diags, content **out);
/* Frees everything content_load made; NULL is fine. */
void content_free(content *c);

/* Reports "FILE:LINE: no shipped font has U+0175 'ŵ'" for every character of
 * every block and field that has_glyph rejects (once per character per line,
 * in reading order; control characters are named by code point only);
 * returns how many messages it added. */
size_t content_check_glyphs(const content *c, bool (*has_glyph)(void *ctx, uint32_t cp),
			    void *ctx, diag_list *diags);

/* NULL if the file (or section) does not exist. */
const content_file *content_get_file(const content *c, lang_id lang, const char *name);
const content_section *content_get_section(const content *c, lang_id lang, const char *file,
					   const char *section_id);
/* The value of "@key" in the section, or NULL. */
const char *content_section_field(const content_section *s, const char *key);

/* The plural rules the content was checked with, for plural_pick
 * (content/plural.h); owned by the content. */
typedef struct plural_rules plural_rules;
const plural_rules *content_plural_rules(const content *c);

/* The quiz of quiz.txt: the paragraph to highlight in and its answer key, the
 * fields "@target.1" .. "@target.6", each located in the paragraph as a byte
 * range (matching ignores case and treats U+2019 and ' alike). content_load
 * has already checked that there are exactly CONTENT_QUIZ_TARGETS targets with
 * ids 1..N, the same in both languages, each found exactly once. */
#define CONTENT_QUIZ_TARGETS 6
typedef struct {
	const content_block *text;
	struct {
		int id;
		size_t start, end;
	} targets[CONTENT_QUIZ_TARGETS];
} content_quiz;
/* Returns 0 and fills *out; -1 when the content has no valid quiz. */
int content_get_quiz(const content *c, lang_id lang, content_quiz *out);

#endif
