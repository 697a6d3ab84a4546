/* The two languages of the kiosk. Welsh is first everywhere: it is index 0,
 * it is listed first on bilingual screens, and arrays indexed by lang_id keep
 * that order (Welsh Language Standards: Welsh positioned to be read first). */
#ifndef TAFLEN_LANG_H
#define TAFLEN_LANG_H

#include <string.h>

typedef enum { LANG_CY = 0, LANG_EN = 1, LANG_COUNT = 2 } lang_id;

/* "cy" / "en": the BCP 47 tags, also used as content folder names. */
static inline const char *lang_code(lang_id l)
{
	return l == LANG_CY ? "cy" : "en";
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

static inline lang_id lang_other(lang_id l)
{
	return l == LANG_CY ? LANG_EN : LANG_CY;
}

#endif
