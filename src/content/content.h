/* The kiosk's words, loaded from a content folder that office staff edit
 * (docs/content.md):
 *
 *   DIR/LANG/ui.txt                   the screens' own words, per language
 *   DIR/leaflets/SLUG/LANG.txt        the catalogue: one folder per item
 *
 * The languages are the folders DIR/LANG named by a language tag (2 or 3
 * lowercase letters), each of which must hold a ui.txt: cy and en always,
 * and any other (at most LANG_MAX in all); lang_id i is the i-th of
 * them, Welsh first, English second, the rest by tag. An item of the
 * catalogue is a leaflet (its pages) or the quiz (the learning page and the
 * highlight quiz), by its [leaflet] section's @kind; @order orders the
 * catalogue. Every item has a Welsh file; an item may lack another
 * language, which the app then shows in Welsh.
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

/* The folder of the catalogue's items, under the content folder. */
#define CONTENT_LEAFLETS "leaflets"
/* At most this many items: each is a card of the menu. */
#define CONTENT_MAX_ITEMS 200
/* A language tag: 2 or 3 lowercase letters (ISO 639), NUL-terminated. */
#define CONTENT_TAG_MAX 4

/* Loads the folder. Problems go to diags (not NULL) as "FILE:LINE: message",
 * FILE being dir/LANG/ui.txt or dir/leaflets/SLUG/LANG.txt; docs/content.md
 * lists the messages. Returns 0 when the folder is complete and valid (each
 * language's files have the same structure as the Welsh ones, every quiz
 * target is found once, the UTF-8 is valid, there is no right-to-left
 * text), else -1; *out is set only on 0. Glyph coverage needs fonts, so it
 * is the separate content_check_glyphs, which whoever shows the content
 * must also run. */
int content_load(const char *dir, diag_list *diags, content **out);
/* Frees everything content_load made; NULL is fine. */
void content_free(content *c);

/* ---- languages ---- */

/* How many languages the content has (2 .. LANG_MAX). */
int content_n_langs(const content *c);
/* The tag of lang ("cy", "en", "pl"), or "" for no such language. */
const char *content_lang_tag(const content *c, lang_id lang);
/* Returns 0 and sets *out when tag is one of the content's languages. */
int content_lang_find(const content *c, const char *tag, lang_id *out);

/* ---- the catalogue ---- */

typedef enum { CONTENT_KIND_LEAFLET, CONTENT_KIND_QUIZ } content_kind;

/* The items in catalogue order (@order, then slug); index 0 is the first. */
size_t content_n_items(const content *c);
/* The item's folder name ("child-practice-reviews"); NULL past the end. */
const char *content_item_slug(const content *c, size_t item);
content_kind content_item_kind(const content *c, size_t item);
/* The item's file in lang, or NULL when the item has none in that
 * language (or there is no such item). */
const content_file *content_item_file(const content *c, size_t item, lang_id lang);
/* Returns 0 and sets *out to the item of that slug; -1 when none. */
int content_item_find(const content *c, const char *slug, size_t *out);
/* The first leaflet of the catalogue and the quiz item: content_load has
 * checked there is at least one leaflet and exactly one quiz. */
size_t content_first_leaflet(const content *c);
size_t content_quiz_item(const content *c);

/* Every file loaded, in a fixed order (each language's ui.txt, then each
 * item's files), for walks over all the text: n is content_n_files. */
size_t content_n_files(const content *c);
const content_file *content_file_at(const content *c, size_t i);

/* Reports "FILE:LINE: no shipped font has U+0175 'ŵ'" for every character of
 * every block and field that has_glyph rejects (once per character per line,
 * in reading order; control characters are named by code point only);
 * returns how many messages it added. */
size_t content_check_glyphs(const content *c, bool (*has_glyph)(void *ctx, uint32_t cp),
			    void *ctx, diag_list *diags);

/* By the names of the content schema (content/schema.h): "ui" is
 * LANG/ui.txt, "leaflet" the catalogue's first leaflet, "quiz" the quiz
 * item. NULL if the file (or section) does not exist. */
const content_file *content_get_file(const content *c, lang_id lang, const char *name);
const content_section *content_get_section(const content *c, lang_id lang, const char *file,
					   const char *section_id);
/* The value of "@key" in the section, or NULL. */
const char *content_section_field(const content_section *s, const char *key);

/* The plural rules the content was checked with, for plural_pick
 * (content/plural.h); owned by the content. */
typedef struct plural_rules plural_rules;
const plural_rules *content_plural_rules(const content *c);

/* The quiz item's [quiz]: the paragraph to highlight in and its answer key, the
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
