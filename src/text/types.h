/* The few types the text engine's modules share: the public header
 * (layout.h) and the internal ones (shaper.h, wordcache.h) include this
 * instead of one another, so that no header of the engine includes a header
 * whose module uses it. */
#ifndef TAFLEN_TEXT_TYPES_H
#define TAFLEN_TEXT_TYPES_H

#include <stddef.h>

typedef struct text_engine text_engine;
typedef struct fonts fonts;
typedef struct font_face font_face;

/* Style of a run of text; flags combine (bold link). */
enum { TEXT_REGULAR = 0, TEXT_BOLD = 1u << 0, TEXT_ITALIC = 1u << 1, TEXT_LINK = 1u << 2 };

/* A styled byte range of a block's text. Spans are sorted and do not overlap;
 * bytes outside every span are regular. */
typedef struct {
	size_t start, end;
	unsigned flags;
} text_span;

#endif
