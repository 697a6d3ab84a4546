#include "content/content.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "base/file.h"
#include "base/utf8.h"
#include "content/cmatch.h"
#include "content/contact.h"
#include "content/cparse.h"
#include "content/plural.h"
#include "content/schema.h"

/* Real content files are a few KB; anything past this is not content, and
 * reading it would only waste the kiosk's memory. */
#define CONTENT_MAX_BYTES (1024 * 1024)

/* An item of the catalogue: DIR/leaflets/SLUG/LANG.txt for each language it
 * has (files[l] NULL for one it lacks; Welsh is never missing). */
typedef struct {
	char *slug;
	content_kind kind;
	int order; /* ORDER_NONE: after every item that has one */
	cparse_file *files[LANG_MAX];
	content_quiz quiz[LANG_MAX];
	bool has_quiz[LANG_MAX];
	/* No Welsh file, or a problem with @kind or @order: its kind is in
	 * doubt, so it is not checked further. */
	bool in_doubt;
} item;

#define ORDER_NONE 1000000
#define ORDER_MAX 999999
/* A slug is a folder name an office types, and the name the usage figures
 * keep (in 32 bytes, stats.h). */
#define SLUG_MAX 31

struct content {
	int n_langs;
	char tags[LANG_MAX][CONTENT_TAG_MAX];
	cparse_file *ui[LANG_MAX];
	item *items;
	size_t n_items;
	size_t first_leaflet, quiz_item;
	plural_rules *plural;
};

/* ---- reading ---- */

/* Returns the file's bytes (the caller frees them) or NULL after a report. */
static char *read_file(diag_tally *k, const char *path, size_t *len)
{
	char *buf = NULL;
	const char *why = NULL;
	switch (file_read(path, CONTENT_MAX_BYTES, &buf, len, &why)) {
	case FILE_READ_OK:
		return buf;
	case FILE_READ_TOO_LARGE:
		diag_tally_add(k, path, 0, "the file is larger than 1 MiB (%zu bytes); it was not read", *len);
		return NULL;
	case FILE_READ_ERROR:
		break;
	}
	diag_tally_add(k, path, 0, "cannot read: %s", why);
	return NULL;
}

/* ---- lookups ---- */

static const content_section *find_section(const content_file *f, const char *id, size_t *index)
{
	for (size_t i = 0; i < f->n_sections; i++) {
		if (strcmp(f->sections[i].id, id) == 0) {
			if (index)
				*index = i;
			return &f->sections[i];
		}
	}
	return NULL;
}

static bool valid_lang(const content *c, lang_id lang)
{
	return c && lang >= 0 && lang < c->n_langs;
}

int content_n_langs(const content *c)
{
	return c ? c->n_langs : 0;
}

const char *content_lang_tag(const content *c, lang_id lang)
{
	return valid_lang(c, lang) ? c->tags[lang] : "";
}

int content_lang_find(const content *c, const char *tag, lang_id *out)
{
	for (int l = 0; c && tag && l < c->n_langs; l++) {
		if (strcmp(c->tags[l], tag) == 0) {
			*out = l;
			return 0;
		}
	}
	return -1;
}

size_t content_n_items(const content *c)
{
	return c ? c->n_items : 0;
}

const char *content_item_slug(const content *c, size_t i)
{
	return c && i < c->n_items ? c->items[i].slug : NULL;
}

content_kind content_item_kind(const content *c, size_t i)
{
	return c && i < c->n_items ? c->items[i].kind : CONTENT_KIND_LEAFLET;
}

const content_file *content_item_file(const content *c, size_t i, lang_id lang)
{
	if (!valid_lang(c, lang) || i >= c->n_items || !c->items[i].files[lang])
		return NULL;
	return cparse_file_content(c->items[i].files[lang]);
}

int content_item_find(const content *c, const char *slug, size_t *out)
{
	for (size_t i = 0; c && slug && i < c->n_items; i++) {
		if (strcmp(c->items[i].slug, slug) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

size_t content_first_leaflet(const content *c)
{
	return c ? c->first_leaflet : 0;
}

size_t content_quiz_item(const content *c)
{
	return c ? c->quiz_item : 0;
}

size_t content_n_files(const content *c)
{
	return c ? (size_t)c->n_langs * (1 + c->n_items) : 0;
}

/* File i of content_file_at's order, or NULL (a language an item lacks). */
static const cparse_file *parsed_at(const content *c, size_t i)
{
	if (!c || i >= content_n_files(c))
		return NULL;
	size_t l = i % (size_t)c->n_langs, at = i / (size_t)c->n_langs;
	return at == 0 ? c->ui[l] : c->items[at - 1].files[l];
}

const content_file *content_file_at(const content *c, size_t i)
{
	const cparse_file *f = parsed_at(c, i);
	return f ? cparse_file_content(f) : NULL;
}

const content_file *content_get_file(const content *c, lang_id lang, const char *name)
{
	if (!valid_lang(c, lang) || !name)
		return NULL;
	if (strcmp(name, "ui") == 0)
		return c->ui[lang] ? cparse_file_content(c->ui[lang]) : NULL;
	if (strcmp(name, "leaflet") == 0)
		return content_item_file(c, c->first_leaflet, lang);
	if (strcmp(name, "quiz") == 0)
		return content_item_file(c, c->quiz_item, lang);
	return NULL;
}

const content_section *content_get_section(const content *c, lang_id lang, const char *file,
					   const char *section_id)
{
	const content_file *f = content_get_file(c, lang, file);
	return f && section_id ? find_section(f, section_id, NULL) : NULL;
}

const char *content_section_field(const content_section *s, const char *key)
{
	if (!s || !key)
		return NULL;
	for (size_t i = 0; i < s->n_fields; i++)
		if (strcmp(s->fields[i].key, key) == 0)
			return s->fields[i].value;
	return NULL;
}

const plural_rules *content_plural_rules(const content *c)
{
	return c ? c->plural : NULL;
}

int content_get_quiz(const content *c, lang_id lang, content_quiz *out)
{
	if (!valid_lang(c, lang) || c->n_items == 0 || !c->items[c->quiz_item].has_quiz[lang])
		return -1;
	*out = c->items[c->quiz_item].quiz[lang];
	return 0;
}

/* ---- each language against Welsh ---- */

/* Ids or keys sorted for binary search: comparing two files with 100,000
 * sections each must stay n log n. */
typedef struct {
	const char *key;
	size_t idx;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

static keyed *sorted_section_ids(const content_file *f)
{
	keyed *v = malloc((f->n_sections ? f->n_sections : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < f->n_sections; i++)
		v[i] = (keyed){f->sections[i].id, i};
	qsort(v, f->n_sections, sizeof *v, keyed_cmp);
	return v;
}

static keyed *sorted_field_keys(const content_section *s)
{
	keyed *v = malloc((s->n_fields ? s->n_fields : 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < s->n_fields; i++)
		v[i] = (keyed){s->fields[i].key, i};
	qsort(v, s->n_fields, sizeof *v, keyed_cmp);
	return v;
}

static bool has_key(const keyed *v, size_t n, const char *key, size_t *idx)
{
	keyed probe = {key, 0};
	const keyed *hit = n ? bsearch(&probe, v, n, sizeof *v, keyed_cmp) : NULL;
	if (hit && idx)
		*idx = hit->idx;
	return hit != NULL;
}

static const char *describe(const content_block *b, char *buf, size_t size)
{
	switch (b->kind) {
	case CONTENT_HEADING:
		snprintf(buf, size, "a heading (level %d)", b->level);
		break;
	case CONTENT_PARAGRAPH:
		snprintf(buf, size, "a paragraph");
		break;
	case CONTENT_BULLET:
		snprintf(buf, size, "a bullet item");
		break;
	case CONTENT_NUMBERED:
		snprintf(buf, size, "numbered item %d", b->level);
		break;
	}
	return buf;
}

static bool same_shape(const content_block *a, const content_block *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind == CONTENT_PARAGRAPH || a->kind == CONTENT_BULLET || a->level == b->level;
}

/* A count's forms are the exception to the twins rule: each language has
 * its own plural categories (check_plural checks them). */
static void compare_fields(diag_tally *k, const char *file, const content_file *a,
			   const content_section *sa, const content_file *b,
			   const content_section *sb)
{
	keyed *kb = sorted_field_keys(sb);
	if (!kb) {
		diag_tally_add(k, a->path, sa->line, "out of memory");
		return;
	}
	for (size_t i = 0; i < sa->n_fields; i++)
		if (!has_key(kb, sb->n_fields, sa->fields[i].key, NULL) &&
		    !schema_plural_key(file, sa->id, sa->fields[i].key))
			diag_tally_add(k, a->path, sa->fields[i].line, "field @%s of section [%s] is not in %s",
				       sa->fields[i].key, sa->id, b->path);
	free(kb);
}

/* Both languages must show the same screens: the same headings, paragraphs
 * and list items in the same order. One message per section: after the
 * first difference the rest would only repeat it. */
static void compare_blocks(diag_tally *k, const content_file *a, const content_section *sa,
			   const content_file *b, const content_section *sb)
{
	size_t n = sa->n_blocks < sb->n_blocks ? sa->n_blocks : sb->n_blocks;
	char da[40], db[40];
	for (size_t i = 0; i < n; i++) {
		const content_block *x = &sa->blocks[i], *y = &sb->blocks[i];
		if (!same_shape(x, y)) {
			diag_tally_add(k, a->path, x->line, "this is %s here but %s in %s (line %d)",
				       describe(x, da, sizeof da), describe(y, db, sizeof db), b->path, y->line);
			return;
		}
	}
	if (sa->n_blocks == sb->n_blocks)
		return;
	const content_file *lf = sa->n_blocks > n ? a : b, *sf = lf == a ? b : a;
	const content_section *ls = lf == a ? sa : sb, *ss = lf == a ? sb : sa;
	diag_tally_add(k, lf->path, ls->blocks[n].line,
		       "%s is not in %s: section [%s] has %zu blocks here and %zu there",
		       describe(&ls->blocks[n], da, sizeof da), sf->path, ls->id, ls->n_blocks,
		       ss->n_blocks);
}

static void missing_sections(diag_tally *k, const content_file *a, const content_file *b,
			     const keyed *kb)
{
	for (size_t i = 0; i < a->n_sections; i++)
		if (!has_key(kb, b->n_sections, a->sections[i].id, NULL))
			diag_tally_add(k, a->path, a->sections[i].line, "section [%s] is not in %s",
				       a->sections[i].id, b->path);
}

static void compare_files(diag_tally *k, const char *file, const content_file *a,
			  const content_file *b)
{
	keyed *ka = sorted_section_ids(a), *kb = sorted_section_ids(b);
	if (!ka || !kb) {
		diag_tally_add(k, a->path, 0, "out of memory");
		free(ka);
		free(kb);
		return;
	}
	missing_sections(k, a, b, kb);
	missing_sections(k, b, a, ka);

	/* Order: walk the sections both files have; the first place where they
	 * disagree is the one to fix (reported once, after that everything
	 * would look out of place). */
	for (size_t i = 0, j = 0;; i++, j++) {
		while (i < a->n_sections && !has_key(kb, b->n_sections, a->sections[i].id, NULL))
			i++;
		while (j < b->n_sections && !has_key(ka, a->n_sections, b->sections[j].id, NULL))
			j++;
		if (i >= a->n_sections || j >= b->n_sections)
			break;
		if (strcmp(a->sections[i].id, b->sections[j].id) != 0) {
			diag_tally_add(k, a->path, a->sections[i].line,
				       "the sections are in a different order in %s: [%s] here, [%s] there (line %d)",
				       b->path, a->sections[i].id, b->sections[j].id, b->sections[j].line);
			break;
		}
	}

	for (size_t i = 0; i < a->n_sections; i++) {
		size_t j;
		if (!has_key(kb, b->n_sections, a->sections[i].id, &j))
			continue;
		compare_fields(k, file, a, &a->sections[i], b, &b->sections[j]);
		compare_fields(k, file, b, &b->sections[j], a, &a->sections[i]);
		compare_blocks(k, a, &a->sections[i], b, &b->sections[j]);
	}
	free(ka);
	free(kb);
}

/* ---- what the app needs: content/schema.h ---- */

/* "{page} and {pages}" for messages. */
static void list_placeholders(const char *names, char *buf, size_t size)
{
	size_t at = 0;
	buf[0] = '\0';
	for (const char *p = names; *p && at < size;) {
		size_t n = strcspn(p, " ");
		const char *sep = p[n] ? (strchr(p + n + 1, ' ') ? ", " : " and ") : "";
		int w = snprintf(buf + at, size - at, "{%.*s}%s", (int)n, p, sep);
		if (w < 0)
			break;
		at += (size_t)w;
		p += n + (p[n] ? 1 : 0);
	}
}

static bool names_has(const char *names, const char *s, size_t n)
{
	for (const char *p = names; *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && memcmp(p, s, n) == 0)
			return true;
		p += len + (p[len] ? 1 : 0);
	}
	return false;
}

static void check_placeholders(diag_tally *k, const char *path, const content_field *f,
			       const char *names)
{
	char list[96];
	list_placeholders(names, list, sizeof list);
	const char *v = f->value;
	for (const char *open = strchr(v, '{'); open; open = strchr(open + 1, '{')) {
		const char *close = strchr(open, '}');
		if (!close) {
			diag_tally_add(k, path, f->line, "unclosed '{' in @%s: the app fills in %s", f->key, list);
			return;
		}
		size_t n = (size_t)(close - open - 1);
		if (!names_has(names, open + 1, n))
			diag_tally_add(k, path, f->line, "@%s has {%s}, which the app does not fill in: use %s",
				       f->key, utf8_quote(open + 1, n).s, list);
	}
	for (const char *p = names; *p;) {
		size_t len = strcspn(p, " ");
		char want[40];
		snprintf(want, sizeof want, "{%.*s}", (int)len, p);
		if (!strstr(v, want))
			diag_tally_add(k, path, f->line, "@%s must contain %s", f->key, want);
		p += len + (p[len] ? 1 : 0);
	}
}

static const content_field *find_field(const content_section *s, const char *key)
{
	for (size_t j = 0; j < s->n_fields; j++)
		if (strcmp(s->fields[j].key, key) == 0)
			return &s->fields[j];
	return NULL;
}

/* ".one, .other" for the categories in mask. */
static void list_categories(unsigned mask, char *buf, size_t size)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int c = 0; c < PLURAL_COUNT && at < size; c++) {
		if (!(mask & (1u << c)))
			continue;
		int w = snprintf(buf + at, size - at, "%s.%s", at ? ", " : "",
				 plural_category_name((plural_category)c));
		if (w < 0)
			break;
		at += (size_t)w;
	}
}

/* For messages: "Welsh", "English", else the tag ("pl"). */
static const char *language_name(const char *tag)
{
	return strcmp(tag, "cy") == 0 ? "Welsh" : strcmp(tag, "en") == 0 ? "English" : tag;
}

/* A field whose wording depends on a count, written as @key.CATEGORY. The
 * rule: every category the language uses is there, or .other is, which
 * then serves the counts whose category has no line of its own. Since
 * every language uses .other, that comes to: .other must be there. A form
 * of a category the language does not use would never be shown, so it is
 * reported too (it is usually a typo, or a copy from the other language). */
static void check_plural(diag_tally *k, const content_file *f, const content_section *s,
			 const schema_field *sf, lang_id lang, const char *tag,
			 const plural_rules *rules)
{
	unsigned uses = plural_categories(rules, lang), has = 0;
	size_t base = strlen(sf->key);
	int first_line = 0, plain_line = 0;
	char list[64];
	list_categories(uses, list, sizeof list);
	for (size_t i = 0; i < s->n_fields; i++) {
		const content_field *field = &s->fields[i];
		if (strcmp(field->key, sf->key) == 0) {
			plain_line = field->line;
			continue;
		}
		if (strncmp(field->key, sf->key, base) != 0 || field->key[base] != '.')
			continue;
		if (!first_line)
			first_line = field->line;
		const char *word = field->key + base + 1;
		plural_category c;
		if (plural_category_parse(word, strlen(word), &c) != 0 || !(uses & (1u << c))) {
			diag_tally_add(k, f->path, field->line, "@%s is not a plural form of %s: use %s",
				       field->key, language_name(tag), list);
			continue;
		}
		has |= 1u << c;
		if (sf->placeholders)
			check_placeholders(k, f->path, field, sf->placeholders);
	}
	bool all = (uses & ~has) == 0;
	if (all || (has & (1u << PLURAL_OTHER)))
		return;
	if (plain_line && !has) {
		/* Content written before the field took a count. */
		diag_tally_add(k, f->path, plain_line,
			       "@%s depends on a count: write it as @%s.other, and a line for any other "
			       "form %s uses (%s)",
			       sf->key, sf->key, language_name(tag), list);
		return;
	}
	if (!sf->required && !first_line)
		return;
	char missing[64];
	list_categories(uses & ~has, missing, sizeof missing);
	diag_tally_add(k, f->path, first_line ? first_line : s->line,
		       "section [%s] has no @%s.other: a count needs .other, the form for any count without "
		       "its own (%s forms missing: %s)",
		       s->id, sf->key, language_name(tag), missing);
}

static void check_schema(diag_tally *k, const content_file *f, const char *file, lang_id lang,
			 const char *tag, const plural_rules *rules)
{
	const char *reported = NULL; /* a missing section is one message */
	for (size_t i = 0; i < schema_n_fields; i++) {
		const schema_field *sf = &schema_fields[i];
		if (strcmp(sf->file, file) != 0)
			continue;
		const content_section *s = find_section(f, sf->section, NULL);
		if (!s) {
			if (sf->required && !(reported && strcmp(reported, sf->section) == 0)) {
				diag_tally_add(k, f->path, 0, "no section [%s]: the app needs it", sf->section);
				reported = sf->section;
			}
			continue;
		}
		if (sf->plural) {
			check_plural(k, f, s, sf, lang, tag, rules);
			continue;
		}
		const content_field *field = find_field(s, sf->key);
		if (!field && sf->required)
			diag_tally_add(k, f->path, s->line, "section [%s] has no @%s: the app needs it", s->id,
				       sf->key);
		else if (field && sf->placeholders)
			check_placeholders(k, f->path, field, sf->placeholders);
	}
}

static bool starts_with_title(const content_section *s)
{
	return s->n_blocks > 0 && s->blocks[0].kind == CONTENT_HEADING && s->blocks[0].level == 1;
}

/* The leaflet is [leaflet] (its title) and then its pages in order; each page
 * starts with its "# " title, which the app shows as the page heading. */
static void check_leaflet(diag_tally *k, const content_file *f)
{
	size_t at;
	if (find_section(f, "leaflet", &at) && at != 0)
		diag_tally_add(k, f->path, f->sections[at].line, "[leaflet] must be the first section");
	size_t pages = 0;
	for (size_t i = 0; i < f->n_sections; i++) {
		const content_section *s = &f->sections[i];
		if (strcmp(s->id, "leaflet") == 0)
			continue;
		pages++;
		if (!starts_with_title(s))
			diag_tally_add(k, f->path, s->line, "page [%s] must start with a '# ' heading, its title",
				       s->id);
	}
	if (pages == 0)
		diag_tally_add(k, f->path, 0, "the leaflet has no pages: add a section for each page after [leaflet]");
}

/* The quiz item is [leaflet], then the learning page [learn] and the quiz
 * [quiz]: nothing else would be shown. */
static void check_quiz_item(diag_tally *k, const content_file *f)
{
	size_t at;
	if (find_section(f, "leaflet", &at) && at != 0)
		diag_tally_add(k, f->path, f->sections[at].line, "[leaflet] must be the first section");
	for (size_t i = 0; i < f->n_sections; i++) {
		const char *id = f->sections[i].id;
		if (strcmp(id, "leaflet") != 0 && strcmp(id, "learn") != 0 && strcmp(id, "quiz") != 0)
			diag_tally_add(k, f->path, f->sections[i].line,
				       "section [%s] is not part of a quiz: @kind: quiz has only [leaflet], [learn] and [quiz]",
				       id);
	}
}

static void check_learn(diag_tally *k, const content_file *f)
{
	const content_section *s = find_section(f, "learn", NULL);
	if (s && !starts_with_title(s))
		diag_tally_add(k, f->path, s->line, "[learn] must start with a '# ' heading, the page title");
}

/* "target.3" -> 3; 0 for anything that is not target.1 .. target.6. */
static int target_id(const char *key)
{
	if (strncmp(key, "target.", 7) != 0)
		return -1;
	const char *d = key + 7;
	if (d[0] >= '1' && d[0] <= '0' + CONTENT_QUIZ_TARGETS && d[1] == '\0')
		return d[0] - '0';
	return 0;
}

static bool check_quiz(diag_tally *k, const content_file *f, content_quiz *q)
{
	const content_section *s = find_section(f, "quiz", NULL);
	if (!s)
		return false; /* check_schema says so */
	bool ok = true;
	char what[40];
	if (s->n_blocks != 1) {
		diag_tally_add(k, f->path, s->line,
			       "[quiz] must hold exactly one paragraph, the text to highlight in; it has %zu blocks",
			       s->n_blocks);
		ok = false;
	} else if (s->blocks[0].kind != CONTENT_PARAGRAPH) {
		diag_tally_add(k, f->path, s->blocks[0].line,
			       "[quiz] must hold exactly one paragraph, the text to highlight in; this is %s",
			       describe(&s->blocks[0], what, sizeof what));
		ok = false;
	}

	const content_field *target[CONTENT_QUIZ_TARGETS] = {0};
	for (size_t i = 0; i < s->n_fields; i++) {
		int id = target_id(s->fields[i].key);
		if (id == 0) {
			diag_tally_add(k, f->path, s->fields[i].line,
				       "@%s: the quiz has exactly %d targets, @target.1 to @target.%d",
				       s->fields[i].key, CONTENT_QUIZ_TARGETS, CONTENT_QUIZ_TARGETS);
			ok = false;
		} else if (id > 0) {
			target[id - 1] = &s->fields[i];
		}
	}
	for (int id = 1; id <= CONTENT_QUIZ_TARGETS; id++) {
		if (!target[id - 1]) {
			diag_tally_add(k, f->path, s->line,
				       "[quiz] has no @target.%d: the quiz needs exactly %d targets, @target.1 to @target.%d",
				       id, CONTENT_QUIZ_TARGETS, CONTENT_QUIZ_TARGETS);
			ok = false;
		}
	}
	if (s->n_blocks != 1 || s->blocks[0].kind != CONTENT_PARAGRAPH)
		return false;

	const content_block *par = &s->blocks[0];
	cmatch_text *t;
	if (cmatch_text_new(par->text, par->len, &t) != 0) {
		diag_tally_add(k, f->path, s->line, "out of memory");
		return false;
	}
	bool found[CONTENT_QUIZ_TARGETS] = {false};
	for (int i = 0; i < CONTENT_QUIZ_TARGETS; i++) {
		const content_field *tf = target[i];
		if (!tf)
			continue;
		size_t count, start = 0, end = 0;
		if (cmatch_find(t, tf->value, strlen(tf->value), &count, &start, &end) != 0) {
			diag_tally_add(k, f->path, tf->line, "out of memory");
			ok = false;
			continue;
		}
		utf8_quoted v = utf8_quote(tf->value, strlen(tf->value));
		if (count == 0) {
			diag_tally_add(k, f->path, tf->line, "@%s '%s' is not in the quiz paragraph", tf->key, v.s);
			ok = false;
		} else if (count > 1) {
			diag_tally_add(k, f->path, tf->line,
				       "@%s '%s' is in the quiz paragraph %zu times; it must be there once",
				       tf->key, v.s, count);
			ok = false;
		} else {
			q->targets[i].id = i + 1;
			q->targets[i].start = start;
			q->targets[i].end = end;
			found[i] = true;
		}
	}
	cmatch_text_free(t);

	/* A word cannot belong to two answers: the scoring could not say which
	 * one a highlight found. */
	for (int i = 0; i < CONTENT_QUIZ_TARGETS; i++) {
		for (int j = i + 1; j < CONTENT_QUIZ_TARGETS; j++) {
			if (!found[i] || !found[j])
				continue;
			if (q->targets[i].start < q->targets[j].end && q->targets[j].start < q->targets[i].end) {
				diag_tally_add(k, f->path, target[j]->line, "@%s overlaps @%s in the quiz paragraph",
					       target[j]->key, target[i]->key);
				ok = false;
			}
		}
	}
	q->text = par;
	return ok;
}

/* ---- load ---- */

/* True when path is a folder we may read; otherwise reports why, naming
 * what the folder is for. */
static bool is_folder(diag_tally *k, const char *path, const char *what)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		diag_tally_add(k, path, 0, "cannot open %s: %s", what, strerror(errno));
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_tally_add(k, path, 0, "cannot open %s: not a folder", what);
		return false;
	}
	if (access(path, R_OK | X_OK) != 0) {
		diag_tally_add(k, path, 0, "cannot open %s: %s", what, strerror(errno));
		return false;
	}
	return true;
}

/* dir/name into buf; false (after a report) when it does not fit. */
static bool join(diag_tally *k, char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);
	if (n >= 0 && (size_t)n < size)
		return true;
	diag_tally_add(k, dir, 0, "the path of '%s' in this folder is too long", name);
	return false;
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_lang_tag(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n >= CONTENT_TAG_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return true;
}

/* A folder name an office can type and a URL-like --screen argument can
 * hold: lowercase letters, digits and '-', starting with a letter or digit. */
static bool is_slug(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SLUG_MAX || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The folder's entries, "." and ".." and hidden ones included (callers skip
 * them), sorted by name so that the load does not depend on the file
 * system's order; -1 when it cannot be listed. The caller frees each and the
 * list (free_list). */
static int list_folder(const char *path, struct dirent ***out)
{
	return scandir(path, out, NULL, by_name);
}

static void free_list(struct dirent **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The languages: each DIR/TAG that is a folder, Welsh first, English second,
 * the rest in tag order (scandir's). */
static bool find_languages(diag_tally *k, content *c, const char *dir)
{
	c->n_langs = 2;
	snprintf(c->tags[LANG_CY], sizeof c->tags[LANG_CY], "cy");
	snprintf(c->tags[LANG_EN], sizeof c->tags[LANG_EN], "en");
	struct dirent **v;
	int n = list_folder(dir, &v);
	if (n < 0) {
		diag_tally_add(k, dir, 0, "cannot list the content folder: %s", strerror(errno));
		return false;
	}
	char path[4096];
	for (int i = 0; i < n; i++) {
		const char *name = v[i]->d_name;
		if (!is_lang_tag(name) || strcmp(name, "cy") == 0 || strcmp(name, "en") == 0 ||
		    !join(k, path, sizeof path, dir, name) || !is_dir(path))
			continue;
		if (c->n_langs == LANG_MAX) {
			diag_tally_add(k, path, 0, "too many languages: the kiosk shows at most %d", LANG_MAX);
			break;
		}
		snprintf(c->tags[c->n_langs++], CONTENT_TAG_MAX, "%s", name);
	}
	free_list(v, n);
	return true;
}

/* Reads and parses path into *out (NULL after a problem). */
static void load_file(diag_tally *k, const char *path, cparse_file **out)
{
	size_t len;
	char *buf = read_file(k, path, &len);
	if (buf) {
		k->errors += cparse_file_parse(path, buf, len, k->diags, out);
		free(buf);
	}
}

/* "LANG.txt" -> the language; -1 when LANG is not one. */
static int file_lang(const content *c, const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || (size_t)(dot - name) >= CONTENT_TAG_MAX)
		return -1;
	char tag[CONTENT_TAG_MAX];
	snprintf(tag, sizeof tag, "%.*s", (int)(dot - name), name);
	lang_id l;
	return content_lang_find(c, tag, &l) == 0 ? l : -1;
}

/* One item's folder: a file per language it has; any other file is a
 * mistake worth naming (a language with no ui.txt, a typo). */
static void load_item(diag_tally *k, content *c, item *it, const char *path)
{
	struct dirent **v;
	int n = list_folder(path, &v);
	if (n < 0) {
		diag_tally_add(k, path, 0, "cannot open the leaflet's folder: %s", strerror(errno));
		return;
	}
	char file[4096];
	bool welsh = false;
	for (int i = 0; i < n; i++) {
		const char *name = v[i]->d_name;
		/* Only .txt files are content: an editor's backup (cy.txt~) or
		 * dpkg's cy.txt.dpkg-new on its way in is not. */
		const char *dot = strrchr(name, '.');
		if (name[0] == '.' || !dot || strcmp(dot, ".txt") != 0 ||
		    !join(k, file, sizeof file, path, name))
			continue;
		int l = file_lang(c, name);
		if (l < 0)
			diag_tally_add(k, file, 0,
				       "not a language of the content: a leaflet has a file LANG.txt for each language that has a folder LANG/ with ui.txt");
		else
			load_file(k, file, &it->files[l]);
		welsh = welsh || l == LANG_CY;
	}
	free_list(v, n);
	if (!welsh)
		diag_tally_add(k, path, 0, "the leaflet has no Welsh file, cy.txt: every leaflet needs one");
}

/* @kind and @order of [leaflet]; every language must agree with Welsh (when
 * the Welsh ones are valid: a wrong value is one problem, not one per
 * language). */
static void read_header(diag_tally *k, content *c, item *it)
{
	size_t before = k->errors;
	bool kind_ok = false, order_ok = false;
	for (int l = 0; l < c->n_langs; l++) {
		if (!it->files[l])
			continue;
		const content_file *f = cparse_file_content(it->files[l]);
		const content_section *s = find_section(f, "leaflet", NULL);
		const content_field *kf = s ? find_field(s, "kind") : NULL;
		const content_field *of = s ? find_field(s, "order") : NULL;
		int line = s ? s->line : 0;
		content_kind kind = CONTENT_KIND_LEAFLET;
		int order = ORDER_NONE;
		bool kind_valid = true, order_valid = true;
		if (kf && strcmp(kf->value, "quiz") == 0) {
			kind = CONTENT_KIND_QUIZ;
		} else if (kf && strcmp(kf->value, "leaflet") != 0) {
			diag_tally_add(k, f->path, kf->line, "@kind is 'leaflet' or 'quiz', not '%s'",
				       utf8_quote(kf->value, strlen(kf->value)).s);
			kind_valid = false;
		}
		if (of) {
			char *end;
			errno = 0;
			long v = strtol(of->value, &end, 10);
			order_valid = !errno && end != of->value && !*end && v >= 0 && v <= ORDER_MAX;
			if (order_valid)
				order = (int)v;
			else
				diag_tally_add(k, f->path, of->line,
					       "@order is a whole number from 0 to %d (the catalogue shows the lowest first), not '%s'",
					       ORDER_MAX, utf8_quote(of->value, strlen(of->value)).s);
		}
		if (l == LANG_CY) {
			it->kind = kind;
			it->order = order;
			kind_ok = kind_valid;
			order_ok = order_valid;
			continue;
		}
		if (kind_ok && kind_valid && kind != it->kind)
			diag_tally_add(k, f->path, kf ? kf->line : line,
				       "@kind differs from the Welsh file's: every language of a leaflet is the same kind");
		if (order_ok && order_valid && order != it->order)
			diag_tally_add(k, f->path, of ? of->line : line,
				       "@order differs from the Welsh file's: the catalogue has one order");
	}
	it->in_doubt = k->errors > before || !it->files[LANG_CY];
}

static int by_order(const void *a, const void *b)
{
	const item *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

/* DIR/leaflets: one folder per item. False when it cannot be read. */
static bool load_items(diag_tally *k, content *c, const char *dir)
{
	char path[4096];
	if (!join(k, path, sizeof path, dir, CONTENT_LEAFLETS) ||
	    !is_folder(k, path, "the leaflets folder"))
		return false;
	struct dirent **v;
	int n = list_folder(path, &v);
	if (n < 0) {
		diag_tally_add(k, path, 0, "cannot list the leaflets folder: %s", strerror(errno));
		return false;
	}
	c->items = calloc(CONTENT_MAX_ITEMS, sizeof *c->items);
	if (!c->items) {
		diag_tally_add(k, path, 0, "out of memory");
		free_list(v, n);
		return false;
	}
	char sub[4096];
	for (int i = 0; i < n; i++) {
		const char *name = v[i]->d_name;
		if (name[0] == '.')
			continue;
		if (!join(k, sub, sizeof sub, path, name))
			continue;
		if (!is_dir(sub)) {
			diag_tally_add(k, sub, 0, "not a folder: each leaflet is a folder here, with a file per language");
			continue;
		}
		if (!is_slug(name)) {
			diag_tally_add(k, sub, 0,
				       "bad leaflet folder name: use lowercase letters, digits and '-' (at most %d)",
				       SLUG_MAX);
			continue;
		}
		if (c->n_items == CONTENT_MAX_ITEMS) {
			diag_tally_add(k, sub, 0, "too many leaflets: the catalogue holds at most %d",
				       CONTENT_MAX_ITEMS);
			break;
		}
		item *it = &c->items[c->n_items++];
		it->slug = strdup(name);
		if (!it->slug) {
			diag_tally_add(k, sub, 0, "out of memory");
			continue;
		}
		load_item(k, c, it, sub);
		read_header(k, c, it);
	}
	free_list(v, n);
	qsort(c->items, c->n_items, sizeof *c->items, by_order);
	return true;
}

/* Each language's file against the Welsh one, then each file on its own,
 * as the kind it is (so not when its kind is in doubt). */
static void check_item(diag_tally *k, content *c, item *it)
{
	if (it->in_doubt)
		return;
	const char *schema = it->kind == CONTENT_KIND_QUIZ ? "quiz" : "leaflet";
	for (int l = 1; l < c->n_langs; l++)
		if (it->files[LANG_CY] && it->files[l])
			compare_files(k, schema, cparse_file_content(it->files[LANG_CY]),
				      cparse_file_content(it->files[l]));
	for (int l = 0; l < c->n_langs; l++) {
		if (!it->files[l])
			continue;
		const content_file *f = cparse_file_content(it->files[l]);
		check_schema(k, f, "leaflet", l, c->tags[l], c->plural);
		if (it->kind == CONTENT_KIND_LEAFLET) {
			check_leaflet(k, f);
			continue;
		}
		check_quiz_item(k, f);
		check_schema(k, f, "quiz", l, c->tags[l], c->plural);
		check_learn(k, f);
		it->has_quiz[l] = check_quiz(k, f, &it->quiz[l]);
	}
}

/* At least one leaflet, and the one quiz the staff play. An item whose
 * Welsh file did not load is of no known kind: the catalogue is not
 * judged then (the file's own problems say enough). */
static void check_catalogue(diag_tally *k, content *c, const char *dir)
{
	size_t leaflets = 0, quizzes = 0;
	for (size_t i = 0; i < c->n_items; i++)
		if (c->items[i].in_doubt)
			return;
	for (size_t i = 0; i < c->n_items; i++) {
		if (c->items[i].kind == CONTENT_KIND_QUIZ) {
			if (quizzes++ == 0)
				c->quiz_item = i;
			else
				diag_tally_add(k, c->items[i].files[LANG_CY] ? cparse_file_content(c->items[i].files[LANG_CY])->path : dir, 0,
					       "a second quiz (the first is %s/%s): the kiosk has one quiz",
					       CONTENT_LEAFLETS, c->items[c->quiz_item].slug);
		} else if (leaflets++ == 0) {
			c->first_leaflet = i;
		}
	}
	char path[4096];
	if (!join(k, path, sizeof path, dir, CONTENT_LEAFLETS))
		return;
	if (leaflets == 0)
		diag_tally_add(k, path, 0, "no leaflet: add a folder with cy.txt for each leaflet");
	if (quizzes == 0)
		diag_tally_add(k, path, 0, "no quiz: one folder needs a [leaflet] with @kind: quiz");
}

int content_load(const char *dir, diag_list *diags, content **out)
{
	diag_tally k = {diags, 0};
	content *c = calloc(1, sizeof *c);
	if (!c) {
		diag_tally_add(&k, dir, 0, "out of memory");
		return -1;
	}
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	char root[4096];
	if (dl >= sizeof root)
		diag_tally_add(&k, dir, 0, "the folder's path is too long");
	snprintf(root, sizeof root, "%.*s", (int)dl, dir);
	/* A missing folder is one problem, not one per file in it. */
	if (k.errors || !is_folder(&k, root, "the content folder") || !find_languages(&k, c, root)) {
		content_free(c);
		return -1;
	}
	const char *tags[LANG_MAX];
	for (int l = 0; l < c->n_langs; l++)
		tags[l] = c->tags[l];
	if (plural_rules_new(tags, (size_t)c->n_langs, &c->plural) != 0) {
		diag_tally_add(&k, root, 0, "ICU cannot open the plural rules of the content's languages");
		content_free(c);
		return -1;
	}
	for (int l = 0; l < c->n_langs; l++) {
		char path[4096], file[4096];
		const char *what = l == LANG_CY ? "the Welsh folder" : l == LANG_EN ? "the English folder"
										 : "a language's folder";
		if (!join(&k, path, sizeof path, root, c->tags[l]) || !is_folder(&k, path, what) ||
		    !join(&k, file, sizeof file, path, "ui.txt"))
			continue;
		load_file(&k, file, &c->ui[l]);
	}
	bool listed = load_items(&k, c, root);

	/* The checks below see only files that parsed cleanly: a syntax error
	 * would otherwise show up again as "section missing" and the like. */
	for (int l = 1; l < c->n_langs; l++)
		if (c->ui[LANG_CY] && c->ui[l])
			compare_files(&k, "ui", cparse_file_content(c->ui[LANG_CY]),
				      cparse_file_content(c->ui[l]));
	for (int l = 0; l < c->n_langs; l++)
		if (c->ui[l])
			check_schema(&k, cparse_file_content(c->ui[l]), "ui", l, c->tags[l], c->plural);
	for (size_t i = 0; i < c->n_items; i++)
		check_item(&k, c, &c->items[i]);
	if (listed)
		check_catalogue(&k, c, root);
	k.errors += contact_check(c, diags);
	if (k.errors) {
		content_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void content_free(content *c)
{
	if (!c)
		return;
	for (int l = 0; l < LANG_MAX; l++)
		cparse_file_free(c->ui[l]);
	for (size_t i = 0; i < c->n_items; i++) {
		for (int l = 0; l < LANG_MAX; l++)
			cparse_file_free(c->items[i].files[l]);
		free(c->items[i].slug);
	}
	free(c->items);
	plural_rules_free(c->plural);
	free(c);
}

/* ---- glyph coverage ---- */

typedef struct {
	uint32_t cp;
	int line;
	size_t pos;
} reject;

static int reject_by_key(const void *a, const void *b)
{
	const reject *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int reject_by_pos(const void *a, const void *b)
{
	const reject *x = a, *y = b;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

typedef struct {
	bool (*has_glyph)(void *ctx, uint32_t cp);
	void *ctx;
	diag_list *diags;
	size_t count;
	reject *v;
	size_t cap;
} glyph_check;

/* Checks one string; line_of gives the line of a byte (NULL: always line).
 * Each missing character is reported once per line, in reading order, with
 * sorting rather than a search so that a file of 100,000 distinct missing
 * characters stays n log n. */
static void check_string(glyph_check *g, const char *path, const char *s, size_t len, int line,
			 const cparse_file *f, size_t si, size_t bi)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int r = utf8_decode_strict(s + i, len - i, &cp);
		if (r <= 0) /* the loader only keeps valid UTF-8 */
			break;
		if (!g->has_glyph(g->ctx, cp)) {
			if (n == g->cap) {
				size_t cap = g->cap ? g->cap * 2 : 64;
				reject *grown = realloc(g->v, cap * sizeof *grown);
				if (!grown)
					break;
				g->v = grown;
				g->cap = cap;
			}
			int at = f ? cparse_file_line_at(f, si, bi, i) : line;
			g->v[n++] = (reject){cp, at, i};
		}
		i += (size_t)r;
	}
	if (n == 0)
		return;
	qsort(g->v, n, sizeof *g->v, reject_by_key);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || g->v[i].line != g->v[m - 1].line || g->v[i].cp != g->v[m - 1].cp)
			g->v[m++] = g->v[i];
	qsort(g->v, m, sizeof *g->v, reject_by_pos);
	for (size_t i = 0; i < m; i++) {
		uint32_t cp = g->v[i].cp;
		char ch[4];
		int w = utf8_encode(cp, ch);
		bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
		if (control || w == 0)
			diag_add(g->diags, path, g->v[i].line, "no shipped font has U+%04X", (unsigned)cp);
		else
			diag_add(g->diags, path, g->v[i].line, "no shipped font has U+%04X '%.*s'",
				 (unsigned)cp, w, ch);
		g->count++;
	}
}

size_t content_check_glyphs(const content *c, bool (*has_glyph)(void *ctx, uint32_t cp),
			    void *ctx, diag_list *diags)
{
	glyph_check g = {has_glyph, ctx, diags, 0, NULL, 0};
	for (size_t i = 0; i < content_n_files(c); i++) {
		const cparse_file *pf = parsed_at(c, i);
		if (!pf)
			continue;
		const content_file *f = cparse_file_content(pf);
		for (size_t si = 0; si < f->n_sections; si++) {
			const content_section *s = &f->sections[si];
			for (size_t fi = 0; fi < s->n_fields; fi++)
				check_string(&g, f->path, s->fields[fi].value, strlen(s->fields[fi].value),
					     s->fields[fi].line, NULL, 0, 0);
			for (size_t bi = 0; bi < s->n_blocks; bi++)
				check_string(&g, f->path, s->blocks[bi].text, s->blocks[bi].len, 0, pf, si,
					     bi);
		}
	}
	free(g.v);
	return g.count;
}
