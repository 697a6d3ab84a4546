/* Logging: one macro that records where a message came from.
 *
 * LOG(LOG_ERROR, "cannot open %s", path) prints
 *   "taflen: error: src/app/app.c:42: cannot open fonts/x.ttf" on stderr.
 * Messages below the current level are dropped; the level starts at LOG_WARN
 * and --verbose lowers it to LOG_DEBUG. The level is the only state, kept in
 * log.c, because every module logs and threading a logger through all of them
 * buys nothing. */
#ifndef TAFLEN_LOG_H
#define TAFLEN_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

#define LOG(level, ...) log_write((level), __FILE__, __LINE__, __VA_ARGS__)

void log_write(enum log_level level, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void log_set_level(enum log_level level);

#endif
