#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>

static enum log_level threshold = LOG_WARN;

void log_set_level(enum log_level level)
{
	threshold = level;
}

void log_write(enum log_level level, const char *file, int line, const char *fmt, ...)
{
	static const char *const names[] = {"debug", "info", "warning", "error"};
	if (level < threshold)
		return;
	fprintf(stderr, "taflen: %s: %s:%d: ", names[level], file, line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
