/* Replay scripts (docs/scripts.md): one command per line, blank lines and
 * '#' comments ignored. Parsing is pure (no SDL state, no app), so the fuzzer
 * and the tests can feed it anything.
 *
 * Ownership: script_parse's script is freed with script_free; commands and
 * their strings belong to it. */
#ifndef TAFLEN_SCRIPT_H
#define TAFLEN_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

typedef enum {
	SCRIPT_WAIT,      /* ms */
	SCRIPT_TAP,       /* x y */
	SCRIPT_DOWN,      /* x y: a finger touches and stays */
	SCRIPT_MOVE,      /* x y: the finger that is down moves there */
	SCRIPT_UP,        /* x y: it lifts there */
	SCRIPT_HOLD,      /* x1 y1 ms: down, held still for ms, lifted there */
	SCRIPT_DRAG,      /* x1 y1 x2 y2 ms */
	SCRIPT_TAP_TEXT,  /* text */
	SCRIPT_DRAG_TEXT, /* text */
	SCRIPT_KEY,       /* key (SDL keycode), mod (SDL keymod) */
	SCRIPT_SHOT,      /* text: the PNG path */
	SCRIPT_EXPECT,    /* text: field, value */
	SCRIPT_RESIZE,    /* x y: the new size */
	SCRIPT_CONTENT_CHANGED /* as if the content folder had just changed */
} script_op;

/* The longest wait one line may ask for: a week of virtual time. */
#define SCRIPT_MAX_WAIT_MS (7ull * 24 * 3600 * 1000)
/* A script file's size limit, as for content files. */
#define SCRIPT_MAX_BYTES (1024u * 1024)
/* Coordinates beyond this are typos, whatever the screen. tap, down, move,
 * up and drag also
 * take nan and inf (either sign): a touchscreen's bad values, for testing
 * that the app ignores them. */
#define SCRIPT_MAX_COORD 100000.0

typedef struct {
	script_op op;
	int line;
	double x1, y1, x2, y2;
	uint64_t ms;
	int key, mod;
	char *text;  /* tap-text, drag-text, shot, expect's field */
	char *value; /* expect's value */
} script_cmd;

typedef struct script script;

/* Parses len bytes of buf (at most SCRIPT_MAX_BYTES); `name` is the file name
 * used in diagnostics. Returns 0 and *out, or -1 with "NAME:LINE: message"
 * diagnostics. */
int script_parse(const char *name, const char *buf, size_t len, diag_list *diags, script **out);
/* Reads and parses a file (at most SCRIPT_MAX_BYTES). */
int script_load(const char *path, diag_list *diags, script **out);
void script_free(script *s);

size_t script_count(const script *s);
const script_cmd *script_get(const script *s, size_t i);
const char *script_name(const script *s);

#endif
