#include "platform/script.h"

#include <SDL.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"

struct script {
	char *name;
	script_cmd *cmds;
	size_t n, cap;
};

void script_free(script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->cmds[i].text);
		free(s->cmds[i].value);
	}
	free(s->cmds);
	free(s->name);
	free(s);
}

size_t script_count(const script *s)
{
	return s->n;
}

const script_cmd *script_get(const script *s, size_t i)
{
	return i < s->n ? &s->cmds[i] : NULL;
}

const char *script_name(const script *s)
{
	return s->name;
}

/* A cursor over one line. */
typedef struct {
	const char *p, *end;
} cursor;

static void skip_space(cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

/* The next space-separated word, copied into buf. */
static int word(cursor *c, char *buf, size_t size)
{
	skip_space(c);
	size_t n = 0;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t') {
		if (n + 1 >= size)
			return -1;
		buf[n++] = *c->p++;
	}
	buf[n] = '\0';
	return n ? 0 : -1;
}

static int number(cursor *c, double *out, double max)
{
	char buf[64];
	if (word(c, buf, sizeof buf) != 0)
		return -1;
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (*end || errno || !(v >= 0 && v <= max))
		return -1;
	*out = v;
	return 0;
}

/* A pointer coordinate: a number as above, or nan or inf (either sign),
 * which a glitching touchscreen can send and the app must shrug off. */
static int coord(cursor *c, double *out)
{
	cursor saved = *c;
	if (number(c, out, SCRIPT_MAX_COORD) == 0)
		return 0;
	*c = saved;
	char buf[64];
	if (word(c, buf, sizeof buf) != 0)
		return -1;
	char *end;
	double v = strtod(buf, &end);
	if (*end || isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* A double-quoted string with \" and \\ escapes. */
static int quoted(cursor *c, char **out)
{
	skip_space(c);
	if (c->p >= c->end || *c->p != '"')
		return -1;
	c->p++;
	size_t cap = (size_t)(c->end - c->p) + 1, n = 0;
	char *s = malloc(cap);
	if (!s)
		return -1;
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\' && c->p + 1 < c->end)
			c->p++;
		s[n++] = *c->p++;
	}
	if (c->p >= c->end || n == 0) {
		free(s);
		return -1;
	}
	c->p++;
	s[n] = '\0';
	*out = s;
	return 0;
}

static int at_end(cursor *c)
{
	skip_space(c);
	return c->p == c->end ? 0 : -1;
}

/* "ctrl+alt+q" -> keycode and modifiers. */
static int parse_key(const char *name, int *key, int *mod)
{
	char buf[64];
	size_t n = strlen(name);
	if (n >= sizeof buf)
		return -1;
	memcpy(buf, name, n + 1);
	*mod = 0;
	char *part = buf, *plus;
	while ((plus = strchr(part, '+')) && plus[1]) {
		*plus = '\0';
		if (SDL_strcasecmp(part, "ctrl") == 0)
			*mod |= KMOD_LCTRL;
		else if (SDL_strcasecmp(part, "alt") == 0)
			*mod |= KMOD_LALT;
		else if (SDL_strcasecmp(part, "shift") == 0)
			*mod |= KMOD_LSHIFT;
		else
			return -1;
		part = plus + 1;
	}
	SDL_Keycode k = SDL_GetKeyFromName(part);
	if (k == SDLK_UNKNOWN)
		return -1;
	*key = (int)k;
	return 0;
}

static int push(script *s, const script_cmd *cmd)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		script_cmd *grown = realloc(s->cmds, cap * sizeof *grown);
		if (!grown)
			return -1;
		s->cmds = grown;
		s->cap = cap;
	}
	s->cmds[s->n++] = *cmd;
	return 0;
}

/* Parses one non-blank, non-comment line. Returns NULL or an error message. */
static const char *parse_line(cursor *c, script_cmd *cmd)
{
	char op[32], buf[256];
	double ms;
	if (word(c, op, sizeof op) != 0)
		return "expected a command";
	if (strcmp(op, "wait") == 0) {
		cmd->op = SCRIPT_WAIT;
		if (number(c, &ms, (double)SCRIPT_MAX_WAIT_MS) != 0)
			return "wait takes milliseconds, 0 to 604800000 (a week)";
		cmd->ms = (uint64_t)ms;
	} else if (strcmp(op, "tap") == 0 || strcmp(op, "resize") == 0) {
		cmd->op = op[0] == 't' ? SCRIPT_TAP : SCRIPT_RESIZE;
		int bad = cmd->op == SCRIPT_TAP ? coord(c, &cmd->x1) || coord(c, &cmd->y1)
						: number(c, &cmd->x1, SCRIPT_MAX_COORD) ||
							  number(c, &cmd->y1, SCRIPT_MAX_COORD);
		if (bad)
			return cmd->op == SCRIPT_TAP ? "tap takes X Y, two non-negative pixel coordinates"
						     : "resize takes W H in pixels";
		if (cmd->op == SCRIPT_RESIZE && (cmd->x1 < 64 || cmd->y1 < 64))
			return "resize: the screen must be at least 64x64";
	} else if (strcmp(op, "down") == 0 || strcmp(op, "move") == 0 || strcmp(op, "up") == 0) {
		cmd->op = op[0] == 'd' ? SCRIPT_DOWN : op[0] == 'm' ? SCRIPT_MOVE : SCRIPT_UP;
		if (coord(c, &cmd->x1) || coord(c, &cmd->y1))
			return cmd->op == SCRIPT_DOWN ? "down takes X Y, two non-negative pixel coordinates"
			     : cmd->op == SCRIPT_MOVE ? "move takes X Y, two non-negative pixel coordinates"
						      : "up takes X Y, two non-negative pixel coordinates";
	} else if (strcmp(op, "hold") == 0) {
		cmd->op = SCRIPT_HOLD;
		if (coord(c, &cmd->x1) || coord(c, &cmd->y1) || number(c, &ms, 60000))
			return "hold takes X Y MS (non-negative pixels, up to 60000 ms)";
		cmd->ms = (uint64_t)ms;
	} else if (strcmp(op, "drag") == 0) {
		cmd->op = SCRIPT_DRAG;
		if (coord(c, &cmd->x1) || coord(c, &cmd->y1) || coord(c, &cmd->x2) ||
		    coord(c, &cmd->y2) || number(c, &ms, 60000))
			return "drag takes X1 Y1 X2 Y2 MS (non-negative pixels, up to 60000 ms)";
		cmd->ms = (uint64_t)ms;
	} else if (strcmp(op, "tap-text") == 0 || strcmp(op, "drag-text") == 0) {
		cmd->op = op[0] == 't' ? SCRIPT_TAP_TEXT : SCRIPT_DRAG_TEXT;
		if (quoted(c, &cmd->text) != 0)
			return "expected a non-empty \"quoted text\"";
	} else if (strcmp(op, "key") == 0) {
		cmd->op = SCRIPT_KEY;
		if (word(c, buf, sizeof buf) != 0 || parse_key(buf, &cmd->key, &cmd->mod) != 0)
			return "key takes an SDL key name, e.g. Escape or ctrl+alt+q";
	} else if (strcmp(op, "shot") == 0) {
		cmd->op = SCRIPT_SHOT;
		if (word(c, buf, sizeof buf) != 0 || !strstr(buf, ".png"))
			return "shot takes a FILE.png";
		cmd->text = strdup(buf);
	} else if (strcmp(op, "expect") == 0) {
		cmd->op = SCRIPT_EXPECT;
		if (word(c, buf, sizeof buf) != 0)
			return "expect takes FIELD VALUE";
		cmd->text = strdup(buf);
		if (word(c, buf, sizeof buf) != 0)
			return "expect takes FIELD VALUE";
		cmd->value = strdup(buf);
	} else if (strcmp(op, "content-changed") == 0) {
		cmd->op = SCRIPT_CONTENT_CHANGED;
	} else {
		return "unknown command (wait, tap, down, move, up, hold, drag, tap-text, drag-text, key, "
		       "shot, expect, resize, content-changed)";
	}
	if (at_end(c) != 0)
		return "unexpected text at the end of the line";
	return NULL;
}

static void too_large(diag_list *diags, const char *name)
{
	diag_add(diags, name, 0, "larger than %u MiB; not a script", SCRIPT_MAX_BYTES >> 20);
}

int script_parse(const char *name, const char *buf, size_t len, diag_list *diags, script **out)
{
	if (len > SCRIPT_MAX_BYTES) {
		too_large(diags, name);
		return -1;
	}
	script *s = calloc(1, sizeof *s);
	if (!s || !(s->name = strdup(name))) {
		free(s);
		return -1;
	}
	int errors = 0, line = 0;
	const char *p = buf, *end = buf + len;
	while (p < end) {
		line++;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		size_t n = (size_t)(eol - p);
		cursor c = {p, eol};
		if (n > 0 && c.end[-1] == '\r')
			c.end--;
		p = eol + 1;
		if (memchr(c.p, '\0', n)) {
			diag_add(diags, name, line, "NUL byte in a script line");
			errors++;
			continue;
		}
		skip_space(&c);
		if (c.p == c.end || *c.p == '#')
			continue;
		script_cmd cmd = {.line = line};
		const char *err = parse_line(&c, &cmd);
		if (err || push(s, &cmd) != 0) {
			diag_add(diags, name, line, "%s", err ? err : "out of memory");
			free(cmd.text);
			free(cmd.value);
			errors++;
		}
	}
	if (errors) {
		script_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int script_load(const char *path, diag_list *diags, script **out)
{
	char *buf = NULL;
	size_t len = 0;
	const char *why = NULL;
	switch (file_read(path, SCRIPT_MAX_BYTES, &buf, &len, &why)) {
	case FILE_READ_OK:
		break;
	case FILE_READ_TOO_LARGE:
		too_large(diags, path);
		return -1;
	case FILE_READ_ERROR:
		diag_add(diags, path, 0, "cannot read: %s", why);
		return -1;
	}
	int rc = script_parse(path, buf, len, diags, out);
	free(buf);
	return rc;
}
