/* QR codes for the contact cards: text in, a square matrix of modules out,
 * made by libqrencode at error correction level M (about 15% of the code may
 * be damaged or glared and it still reads). Pure: no SDL, no drawing; the
 * geometry helpers say how big a code must be drawn for a phone to read it.
 *
 * Ownership: qr_encode's code is freed with qr_free. */
#ifndef TAFLEN_QR_H
#define TAFLEN_QR_H

#include <stdint.h>

/* Light margin each side, in modules: ISO/IEC 18004 asks for 4. */
#define QR_QUIET 4
/* The smallest module a phone camera reads from a step away, in pixels. */
#define QR_MIN_MODULE_PX 4
/* The smallest whole code (quiet zone included) on the screen, in mm. */
#define QR_MIN_SIDE_MM 25.0
/* The largest code the kiosk makes: version 15, 77 modules a side. A longer
 * text makes a code too dense to read at a glance and too big for the card
 * at 1280x800, so the content check refuses it. */
#define QR_MAX_VERSION 15
/* What version 15 at level M holds in 8-bit mode: any text of at most this
 * many bytes fits; a longer one may, if it has long runs of digits or
 * capitals, which pack tighter. */
#define QR_MAX_BYTES 412

typedef struct qr_code qr_code;

typedef enum {
	QR_OK,
	QR_TOO_LONG, /* needs a version above QR_MAX_VERSION */
	QR_FAILED    /* empty text, or out of memory */
} qr_status;

/* Encodes the bytes of text (UTF-8 goes in as 8-bit data) as the smallest
 * code that holds it. On QR_OK sets *out. */
qr_status qr_encode(const char *text, qr_code **out);
/* What qr_encode would return (QR_FAILED only for an empty text), without
 * making the code when the text is at most QR_MAX_BYTES long: the content
 * check asks it of every link and contact card at start-up. */
qr_status qr_check(const char *text);
void qr_free(qr_code *q);

/* Modules a side (21 for version 1, 4 more per version); no quiet zone. */
int qr_size(const qr_code *q);
int qr_version(const qr_code *q);
/* qr_size() * qr_size() bytes, row by row: 1 for a dark module, else 0. */
const uint8_t *qr_modules(const qr_code *q);

/* The module size in whole pixels for a code of `modules` a side drawn in a
 * square of at most avail_px, quiet zone included: the largest that fits.
 * Returns it, or 0 when it would be under QR_MIN_MODULE_PX or the whole code
 * under min_side_px. */
int qr_module_px(int modules, int avail_px, int min_side_px);
/* The side of a code drawn with module_px, quiet zone included. */
int qr_side_px(int modules, int module_px);
/* QR_MIN_SIDE_MM in pixels on a screen of dpi dots per inch, rounded up. */
int qr_min_side_px(double dpi);

#endif
