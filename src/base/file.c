#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

file_read_result file_open(const char *path, size_t max, int *fd_out, size_t *len,
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
	if (fstat(fd, &st) != 0) {
		*why = strerror(errno);
	} else if (!S_ISREG(st.st_mode)) {
		*why = S_ISDIR(st.st_mode) ? "it is a folder, not a file" : "not a regular file";
	} else if ((unsigned long long)st.st_size > max) {
		*len = (size_t)st.st_size;
		rc = FILE_READ_TOO_LARGE;
	} else {
		*fd_out = fd;
		*len = (size_t)st.st_size;
		return FILE_READ_OK;
	}
	close(fd);
	return rc;
}

size_t file_read_at(int fd, size_t offset, void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(offset + done));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	return done;
}

file_read_result file_read(const char *path, size_t max, char **out, size_t *len,
			   const char **why)
{
	int fd = -1;
	size_t size = 0;
	file_read_result rc = file_open(path, max, &fd, &size, why);
	if (rc != FILE_READ_OK) {
		if (rc == FILE_READ_TOO_LARGE)
			*len = size;
		return rc;
	}
	rc = FILE_READ_ERROR;
	char *buf = NULL;
	/* One spare byte shows a file that grew after fstat; it also holds the
	 * terminating NUL. */
	size_t cap = size + 1, n = 0;
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
