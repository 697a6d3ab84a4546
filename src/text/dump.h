/* The layout as data, for `taflen --dump-layout`: plain text in, one JSON
 * object per line box out, so line breaking can be checked and diffed
 * without a screen.
 *
 *   {"para":0,"line":3,"start":120,"end":181,"x":0,"width":912.5,"text":"..."}
 *
 * para counts paragraphs (split at blank lines), line counts lines within
 * the paragraph, start/end are byte offsets into the whole input (trailing
 * spaces included, as in text_line), x and width are px, and text is the
 * line's bytes as a JSON string (invalid UTF-8 as \ufffd). */
#ifndef TAFLEN_TEXT_DUMP_H
#define TAFLEN_TEXT_DUMP_H

#include <stddef.h>
#include <stdio.h>

#include "text/layout.h"

/* Lays each paragraph of text[0..len) out as a body paragraph with params
 * and writes its lines to out. Returns 0, or -1 when out of memory or
 * writing fails. */
int text_dump_layout(text_engine *eng, const char *text, size_t len, const text_params *params,
		     FILE *out);

#endif
