/* The content model's types (content.h describes them): the parser
 * (cparse.h) builds them and the loader (content.h) hands them out, so both
 * include this rather than the parser including the loader's header. */
#ifndef TAFLEN_CONTENT_TYPES_H
#define TAFLEN_CONTENT_TYPES_H

#include <stddef.h>

enum { CONTENT_BOLD = 1u << 0, CONTENT_ITALIC = 1u << 1, CONTENT_LINK = 1u << 2 };

/* Spans cover only styled text, sorted and disjoint; bytes outside every
 * span are plain. Neighbouring runs with the same style are one span; two
 * links are two spans even when they touch. */
typedef struct {
	size_t start, end; /* byte range of the block's text */
	unsigned flags;    /* CONTENT_* */
	const char *href;  /* for CONTENT_LINK: "tel:..." or "mailto:..."; else NULL */
} content_span;

typedef enum {
	CONTENT_HEADING,   /* "# ", "## ", "### " */
	CONTENT_PARAGRAPH, /* lines up to a blank line */
	CONTENT_BULLET,    /* "- " */
	CONTENT_NUMBERED   /* "1. " */
} content_block_kind;

typedef struct {
	content_block_kind kind;
	int level;  /* heading level, or the item's number */
	const char *text; /* NUL-terminated, valid UTF-8, markup removed */
	size_t len;
	const content_span *spans;
	size_t n_spans;
	int line; /* where it starts in the source file */
} content_block;

typedef struct {
	const char *key;
	const char *value; /* plain text, valid UTF-8 */
	int line;
} content_field;

typedef struct {
	const char *id;
	const content_block *blocks;
	size_t n_blocks;
	const content_field *fields;
	size_t n_fields;
	int line;
} content_section;

typedef struct {
	const char *path; /* as opened, for diagnostics */
	const content_section *sections;
	size_t n_sections;
} content_file;

#endif
