/* One visitor's session, as the usage figures record it (docs/stats.md).
 *
 * A plain value fed with what happens, the time (app milliseconds) given as
 * an argument; it reads no clock and writes nothing, so tests drive it
 * without SDL or SQLite. session_end hands back the finished stats_session
 * for the caller to record. Nothing a visitor types or highlights gets in:
 * only languages, pages reached, the text size and quiz scores. */
#ifndef TAFLEN_SESSION_H
#define TAFLEN_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/lang.h"
#include "stats/stats.h"

typedef struct {
	bool active;
	uint64_t t0;         /* app ms at the start */
	uint64_t last_input; /* app ms of the last input */
	stats_session rec;
} session;

/* Starts a session at now (app ms), wall_s being the Unix time then, in
 * language lang. Any session in progress is dropped unrecorded. */
void session_begin(session *s, uint64_t now, int64_t wall_s, lang_id lang);
/* Any touch, click or key: an idle-ended session lasts until the last one. */
void session_input(session *s, uint64_t now);
/* The language now shown. */
void session_lang(session *s, lang_id lang);
/* Page page (1-based) of the leaflet slug was shown; keeps the furthest. */
void session_page(session *s, const char *slug, int page);
/* The text size now in use; larger is anything above the default. */
void session_text_size(session *s, bool larger);
/* The visitor had a page read aloud (Listen). */
void session_listened(session *s);
/* The quiz's answers were checked, with this score. */
void session_quiz_checked(session *s, int found, int partly, int wrong);
/* Ends the session at now: true and *out filled if one was in progress.
 * Ended by idle, it lasted until the last input; otherwise until now. */
bool session_end(session *s, uint64_t now, stats_end why, stats_session *out);

#endif
