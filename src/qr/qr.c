#include "qr/qr.h"

#include <errno.h>
#include <math.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

struct qr_code {
	int size, version;
	uint8_t modules[]; /* size * size */
};

qr_status qr_encode(const char *text, qr_code **out)
{
	if (!text || !*text)
		return QR_FAILED;
	/* Version 0: the smallest that holds the text. QR_MODE_8 as the hint
	 * lets libqrencode use numeric and alphanumeric runs (a phone number
	 * packs tighter) but never Kanji, which would garble UTF-8. */
	errno = 0;
	QRcode *c = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!c)
		return errno == ERANGE ? QR_TOO_LONG : QR_FAILED;
	if (c->version > QR_MAX_VERSION) {
		QRcode_free(c);
		return QR_TOO_LONG;
	}
	size_t n = (size_t)c->width * (size_t)c->width;
	qr_code *q = malloc(sizeof *q + n);
	if (!q) {
		QRcode_free(c);
		return QR_FAILED;
	}
	q->size = c->width;
	q->version = c->version;
	/* libqrencode's bytes carry flags in their upper bits; bit 0 is dark. */
	for (size_t i = 0; i < n; i++)
		q->modules[i] = c->data[i] & 1u;
	QRcode_free(c);
	*out = q;
	return QR_OK;
}

qr_status qr_check(const char *text)
{
	if (!text || !*text)
		return QR_FAILED;
	/* libqrencode changes mode only where that takes fewer bits than
	 * 8-bit mode (its split of the text compares the two), so a text
	 * that fits in 8-bit mode alone fits as it encodes it: no need for
	 * the code, whose mask choice is most of its cost (7.6 M
	 * instructions at start-up for the shipped cards). */
	if (strlen(text) <= QR_MAX_BYTES)
		return QR_OK;
	qr_code *q = NULL;
	qr_status st = qr_encode(text, &q);
	qr_free(q);
	return st;
}

void qr_free(qr_code *q)
{
	free(q);
}

int qr_size(const qr_code *q)
{
	return q->size;
}

int qr_version(const qr_code *q)
{
	return q->version;
}

const uint8_t *qr_modules(const qr_code *q)
{
	return q->modules;
}

int qr_side_px(int modules, int module_px)
{
	return (modules + 2 * QR_QUIET) * module_px;
}

int qr_module_px(int modules, int avail_px, int min_side_px)
{
	if (modules < 1 || avail_px < 1)
		return 0;
	int m = avail_px / (modules + 2 * QR_QUIET);
	if (m < QR_MIN_MODULE_PX || qr_side_px(modules, m) < min_side_px)
		return 0;
	return m;
}

int qr_min_side_px(double dpi)
{
	return (int)ceil(QR_MIN_SIDE_MM * dpi / 25.4 - 1e-9);
}
