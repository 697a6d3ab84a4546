#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"

/* Content checks can report thousands of problems on a garbage file; past
 * this many the rest are counted but not stored, so a 10 MB binary file cannot
 * make us allocate without bound. */
#define DIAG_MAX_STORED 200

struct diag_list {
	char **msgs;
	size_t n, cap;
	size_t dropped;
};

diag_list *diag_list_new(void)
{
	return calloc(1, sizeof(diag_list));
}

void diag_clear(diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	d->n = 0;
	d->dropped = 0;
}

void diag_list_free(diag_list *d)
{
	if (!d)
		return;
	diag_clear(d);
	free(d->msgs);
	free(d);
}

static void push(diag_list *d, const char *prefix, const char *fmt, va_list ap)
{
	if (d->n >= DIAG_MAX_STORED) {
		d->dropped++;
		return;
	}
	char body[1024];
	vsnprintf(body, sizeof body, fmt, ap);
	size_t len = strlen(prefix) + strlen(body) + 1;
	char *msg = malloc(len);
	if (!msg)
		return;
	snprintf(msg, len, "%s%s", prefix, body);
	if (VEC_RESERVE(d->msgs, d->cap, d->n + 1) < 0) {
		free(msg);
		return;
	}
	d->msgs[d->n++] = msg;
}

void diag_add(diag_list *d, const char *file, int line, const char *fmt, ...)
{
	char prefix[512];
	if (line > 0)
		snprintf(prefix, sizeof prefix, "%s:%d: ", file, line);
	else
		snprintf(prefix, sizeof prefix, "%s: ", file);
	va_list ap;
	va_start(ap, fmt);
	push(d, prefix, fmt, ap);
	va_end(ap);
}

void diag_add_at_byte(diag_list *d, const char *file, size_t byte, const char *fmt, ...)
{
	char prefix[512];
	snprintf(prefix, sizeof prefix, "%s: byte %zu: ", file, byte);
	va_list ap;
	va_start(ap, fmt);
	push(d, prefix, fmt, ap);
	va_end(ap);
}

void diag_tally_add(diag_tally *t, const char *file, int line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(t->diags, file, line, "%s", msg);
	t->errors++;
}

size_t diag_count(const diag_list *d)
{
	return d->n + d->dropped;
}

const char *diag_get(const diag_list *d, size_t i)
{
	return i < d->n ? d->msgs[i] : NULL;
}

void diag_print(const diag_list *d, FILE *out)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(out, "%s\n", d->msgs[i]);
	if (d->dropped)
		fprintf(out, "(%zu more problems not shown)\n", d->dropped);
}
