/* Reading a file that a user named (content, fonts, scripts, a text
 * to lay out), safely: a FIFO, a device or a folder under that name is
 * refused instead of hanging the kiosk or reading for ever, and a file
 * larger than the caller's limit is refused before it is read. */
#ifndef TAFLEN_BASE_FILE_H
#define TAFLEN_BASE_FILE_H

#include <stddef.h>

typedef enum {
	FILE_READ_OK = 0,
	FILE_READ_ERROR = -1,     /* *why says what went wrong */
	FILE_READ_TOO_LARGE = -2, /* *len is the file's size */
} file_read_result;

/* Reads the regular file at path, of at most max bytes. On FILE_READ_OK,
 * *out holds its *len bytes and a NUL after them (the caller frees *out).
 * On FILE_READ_ERROR, *why is a static string or strerror's: "No such file
 * or directory", "not a regular file", "the file changed while it was read",
 * "out of memory"... */
file_read_result file_read(const char *path, size_t max, char **out, size_t *len,
			   const char **why);

/* Opens the regular file at path, of at most max bytes, for reading in
 * pieces (file_read_at), with file_read's checks and results. On
 * FILE_READ_OK, *fd is open (the caller closes it) and *len is the file's
 * size when opened. */
file_read_result file_open(const char *path, size_t max, int *fd, size_t *len,
			   const char **why);

/* Reads n bytes at offset of fd into buf (the caller's). Returns how many
 * it read: fewer than n only at the end of the file or on an error (a file
 * cut short since it was opened, a failing disk). */
size_t file_read_at(int fd, size_t offset, void *buf, size_t n);

#endif
