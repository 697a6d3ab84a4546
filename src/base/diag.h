/* Diagnostics about user-supplied files (content, config, scripts, fonts).
 *
 * Unlike LOG, which reports where in *our* code something happened, a
 * diagnostic names the place in the *user's* file: "FILE:LINE: message", or
 * "FILE: byte N: message" when there is no meaningful line. Parsers append to a
 * diag_list; the caller decides whether to print them and whether they are
 * fatal. The list owns copies of every string. */
#ifndef TAFLEN_DIAG_H
#define TAFLEN_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef struct diag_list diag_list;

/* Returns NULL only when out of memory. Free with diag_list_free. */
diag_list *diag_list_new(void);
void diag_list_free(diag_list *d);

/* line > 0: "FILE:LINE: msg"; line == 0: "FILE: msg". */
void diag_add(diag_list *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "FILE: byte N: msg", for binary-ish input where lines mean little. */
void diag_add_at_byte(diag_list *d, const char *file, size_t byte, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

size_t diag_count(const diag_list *d);
/* The i-th formatted message, owned by the list. */
const char *diag_get(const diag_list *d, size_t i);
/* Writes every message, one per line. */
void diag_print(const diag_list *d, FILE *out);
void diag_clear(diag_list *d);

/* One checker's count of the problems it reports into a list that may hold
 * others' too, and that keeps no message it has no room or memory for: a
 * load fails on any problem counted here, whatever the list kept. */
typedef struct {
	diag_list *diags;
	size_t errors;
} diag_tally;

/* diag_add into t->diags, counted in t->errors. */
void diag_tally_add(diag_tally *t, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
