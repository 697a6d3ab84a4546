#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

file_read_result file_read(const char *path, size_t max, char **out, size_t *len,
			   const char **why)
{
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
	 * writer; the regular-file check below then refuses it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
		return FILE_READ_ERROR;
	}
	struct stat st;
	file_read_result rc = FILE_READ_ERROR;
	char *buf = NULL;
	if (fstat(fd, &st) != 0) {
		*why = strerror(errno);
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = S_ISDIR(st.st_mode) ? "it is a folder, not a file" : "not a regular file";
		goto done;
	}
	if ((unsigned long long)st.st_size > max) {
		*len = (size_t)st.st_size;
		rc = FILE_READ_TOO_LARGE;
		goto done;
	}
	/* One spare byte shows a file that grew after fstat; it also holds the
	 * terminating NUL. */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	buf = malloc(cap);
	if (!buf) {
		*why = "out of memory";
		goto done;
	}
	while (n < cap) {
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why = strerror(errno);
			goto done;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n == cap) {
		*why = "the file changed while it was read";
		goto done;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	rc = FILE_READ_OK;
done:
	free(buf);
	close(fd);
	return rc;
}
