/* The kiosk's languages. They come from the content folder (content.h):
 * Welsh and English always, then any other the folder adds, each named by
 * its folder (DIR/pl/ui.txt). A lang_id is an index into the content's list
 * of them. Welsh is first everywhere: it is index 0, it is listed first on
 * bilingual screens, and arrays indexed by lang_id keep that order (Welsh
 * Language Standards: Welsh positioned to be read first). */
#ifndef TAFLEN_LANG_H
#define TAFLEN_LANG_H

#include <string.h>

typedef int lang_id;

/* LANG_CY and LANG_EN are the same in every content folder; LANG_MAX bounds
 * the languages one folder may hold, so that per-language arrays are fixed. */
enum { LANG_CY = 0, LANG_EN = 1, LANG_MAX = 8 };

/* "cy" / "en": the BCP 47 tags of the two languages every content folder
 * has, also their folder names. The others' tags are the content's
 * (content_lang_tag); for them this gives "", which ICU and HarfBuzz read
 * as their language-neutral rules. */
static inline const char *lang_code(lang_id l)
{
	return l == LANG_CY ? "cy" : l == LANG_EN ? "en" : "";
}

/* Returns 0 and fills *out for "cy" or "en"; -1 for anything else. */
static inline int lang_parse(const char *s, lang_id *out)
{
	if (strcmp(s, "cy") == 0)
		*out = LANG_CY;
	else if (strcmp(s, "en") == 0)
		*out = LANG_EN;
	else
		return -1;
	return 0;
}

/* Of Welsh and English, the other one; any other language's "other" is
 * Welsh (the two-language toggle never sees one). */
static inline lang_id lang_other(lang_id l)
{
	return l == LANG_CY ? LANG_EN : LANG_CY;
}

#endif
