/* The parser for one content file (the format is in docs/content.md): bytes
 * in, a content_file model or "FILE:LINE: message" diagnostics out. It checks
 * everything that one file can show on its own: the encoding, the syntax,
 * duplicate ids and keys, headings with nothing under them, right-to-left
 * text (which the engine cannot draw yet). Checks between files and
 * languages are content.c's.
 *
 * The model's text is in Unicode NFC, with tabs turned into spaces, however
 * the file wrote it.
 *
 * Ownership: a cparse_file owns its whole model (one arena); the pointers
 * that cparse_file_content gives live until cparse_file_free. */
#ifndef TAFLEN_CONTENT_CPARSE_H
#define TAFLEN_CONTENT_CPARSE_H

#include <stddef.h>

#include "base/diag.h"
#include "content/content_types.h"

/* One file holds at most this many problems before the parser stops reading
 * it: a binary file would otherwise bury the other files' messages. */
#define CPARSE_MAX_ERRORS 20

typedef struct cparse_file cparse_file;

/* Parses len bytes of buf, reporting problems as "path:LINE: ...". Returns
 * the number of problems added to diags (+1 when out of memory, with a
 * diagnostic saying so); *out is set, to a model the caller frees, only when
 * that number is 0. */
size_t cparse_file_parse(const char *path, const char *buf, size_t len, diag_list *diags,
			 cparse_file **out);
void cparse_file_free(cparse_file *f);

const content_file *cparse_file_content(const cparse_file *f);

/* The source line of byte off of block b of section s (off may be the text's
 * length). Joined paragraphs span several lines; this names the right one. */
int cparse_file_line_at(const cparse_file *f, size_t s, size_t b, size_t off);

#endif
