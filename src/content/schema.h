/* The content schema: the one list of every field the app looks up by name,
 * in which file and section, whether it must be there, whether its wording
 * depends on a count, which {placeholders} the app fills in, and where it is
 * shown. --check-content validates a folder against it (content.c), and the
 * screens' lookups go through it (app_str, app_plural), so a screen cannot
 * ask for a field the check does not know about. docs/content.md, "What each
 * file must contain", is this table in words.
 *
 * The rest of what content.c checks is structure rather than named fields:
 * the leaflet's pages, the learn page, the quiz paragraph and its answer key
 * (@target.1 .. @target.6, which content_get_quiz reads, not a screen). */
#ifndef TAFLEN_CONTENT_SCHEMA_H
#define TAFLEN_CONTENT_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	/* "ui" for LANG/ui.txt; "leaflet" for every item of the catalogue
	 * (leaflets/SLUG/LANG.txt), "quiz" for the quiz item's own sections. */
	const char *file;
	const char *section; /* "idle" */
	const char *key;     /* "countdown" */
	/* false: a screen does without it (the two languages must still
	 * agree on whether it is there). */
	bool required;
	/* Its wording depends on a count: written as @key.one, @key.other, ...
	 * (content/plural.h), never as plain @key. */
	bool plural;
	/* The {names} the app fills in, space-separated; each must be used
	 * and no other. NULL: the value is shown as it is. */
	const char *placeholders;
	const char *screen; /* where it is shown, for people reading the table */
} schema_field;

/* Every field, grouped by file and then by section; the app records which
 * ones it looked up in a bit set of SCHEMA_WORDS 64-bit words, hence the cap. */
#define SCHEMA_MAX_FIELDS 128
#define SCHEMA_WORDS (SCHEMA_MAX_FIELDS / 64)
extern const schema_field schema_fields[];
extern const size_t schema_n_fields;

/* The index of file/section/key in schema_fields, or -1. */
int schema_find(const char *file, const char *section, const char *key);

/* True when key belongs to a plural field BASE of file/section: it is
 * "BASE.WORD" (whatever WORD is) or BASE itself. */
bool schema_plural_key(const char *file, const char *section, const char *key);

#endif
