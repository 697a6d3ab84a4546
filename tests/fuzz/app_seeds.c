/* Writes the app fuzzer's seeds, in tests/fuzz/fuzz_app.c's format, from
 * replay scripts (make fuzz-seeds does it for tests/scripts/):
 *   build/fuzz/app_seeds OUT_DIR SCRIPT...        (from the repo root)
 *
 * Each script becomes OUT_DIR/NAME, its name without ".script". Its
 * commands become the fuzzer's operations (a drag, the same finger moves
 * and waits as the replayer's), and each operation is run as soon as it is
 * written, through the fuzzer's own code on the fuzzer's app: so tap-text
 * and drag-text find their text where the fuzzer will, and every `expect`
 * is checked there. A seed therefore takes the app where its script does;
 * for a script whose header expects exit 0, a failed expectation is an
 * error here. A script that expects to fail is written up to where it
 * fails. shot is left out (the fuzzer draws anyway), so is a key the
 * fuzzer's table lacks (with a note); a script that does not parse is
 * skipped, and so is one that fails before its first event. Also writes OUT_DIR/every_op: one of each operation, with the
 * values the format singles out (nan, inf, 1x1 and 16384x16384, a clock
 * jump back and one by 2^63, ...). Exit 0 when all went well. */
#define FUZZ_NO_LIBFUZZER
#include "fuzz_app.c"

#include <errno.h>

#include "base/file.h"
#include "platform/replay.h"
#include "platform/script.h"

#define SEED_FRAME_MS 16

typedef struct {
	fuzz_app_env env;
	fuzz_app_run run;
	uint8_t *buf;
	size_t len, cap;
	bool failed; /* an operation broke an invariant, or out of memory */
} seed;

/* Appends one operation and runs it on the app. */
static void seed_op(seed *s, const uint8_t *op, size_t n)
{
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4096;
		while (cap < s->len + n)
			cap *= 2;
		uint8_t *grown = realloc(s->buf, cap);
		if (!grown) {
			s->failed = true;
			return;
		}
		s->buf = grown;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, op, n);
	s->len += n;
	if (fuzz_app_exec(&s->run, op, n) != 0)
		s->failed = true;
}

/* A POS: the special for a value that has one, else a fraction. */
static size_t put_pos(uint8_t *p, float v)
{
	for (int i = 0; i < 16; i++) {
		float sp = fuzz_app_specials[i];
		if ((isnan(v) && isnan(sp)) || (!isfinite(v) && v == sp)) {
			p[0] = (uint8_t)(FUZZ_POS_SPECIAL + i);
			return 1;
		}
	}
	long q = lroundf(v * (float)FUZZ_POS_ONE);
	q = q < 0 ? 0 : q > FUZZ_POS_ONE ? FUZZ_POS_ONE : q;
	p[0] = (uint8_t)(q >> 8);
	p[1] = (uint8_t)q;
	return 2;
}

/* A finger (id 0) at pixel x, y of the app's screen. */
static void seed_finger(seed *s, Uint32 type, double x, double y)
{
	static const Uint32 kinds[3] = {SDL_FINGERDOWN, SDL_FINGERMOTION, SDL_FINGERUP};
	uint8_t op[8] = {FUZZ_OP_FINGER};
	for (uint8_t k = 0; k < 3; k++)
		if (kinds[k] == type)
			op[1] = k;
	size_t n = 2;
	n += put_pos(op + n, (float)x / (float)app_inside(s->run.a).w);
	n += put_pos(op + n, (float)y / (float)app_inside(s->run.a).h);
	n += put_pos(op + n, type == SDL_FINGERUP ? 0.0f : 1.0f);
	seed_op(s, op, n);
}

static void seed_wait(seed *s, uint64_t ms)
{
	uint8_t op[10] = {FUZZ_OP_WAIT};
	unsigned cls = ms <= 0xFF ? 0 : ms <= 0xFFFF ? 1 : ms <= 0xFFFFFFFFu ? 2 : 3;
	static const unsigned widths[4] = {1, 2, 4, 8};
	op[1] = (uint8_t)cls;
	for (unsigned i = 0; i < widths[cls]; i++)
		op[2 + i] = (uint8_t)(ms >> (8 * i));
	seed_op(s, op, 2 + widths[cls]);
}

static void seed_resize(seed *s, int w, int h)
{
	uint8_t op[5] = {FUZZ_OP_RESIZE, (uint8_t)(w >> 8), (uint8_t)w, (uint8_t)(h >> 8), (uint8_t)h};
	seed_op(s, op, sizeof op);
}

/* A drag as the replayer makes it (replay.c): a move every frame. */
static void seed_move(seed *s, double x1, double y1, double x2, double y2, uint64_t ms)
{
	uint64_t start = s->run.now, steps = ms / SEED_FRAME_MS;
	if (steps < 2)
		steps = 2;
	for (uint64_t i = 1; i <= steps; i++) {
		double f = (double)i / (double)steps;
		seed_wait(s, start + ms * i / steps - s->run.now);
		seed_finger(s, SDL_FINGERMOTION, (float)(x1 + (x2 - x1) * f),
			    (float)(y1 + (y2 - y1) * f));
	}
}

static void seed_drag(seed *s, double x1, double y1, double x2, double y2, uint64_t ms)
{
	seed_finger(s, SDL_FINGERDOWN, x1, y1);
	seed_move(s, x1, y1, x2, y2, ms);
	seed_finger(s, SDL_FINGERUP, x2, y2);
}

/* Runs one command; false when the script would stop here. */
static bool seed_cmd(seed *s, const char *name, const script_cmd *c, bool must_pass)
{
	app *a = s->run.a;
	switch (c->op) {
	case SCRIPT_WAIT:
		seed_wait(s, c->ms);
		return true;
	case SCRIPT_TAP:
		seed_finger(s, SDL_FINGERDOWN, c->x1, c->y1);
		seed_finger(s, SDL_FINGERUP, c->x1, c->y1);
		return true;
	case SCRIPT_DOWN:
	case SCRIPT_MOVE:
	case SCRIPT_UP:
		seed_finger(s, c->op == SCRIPT_DOWN ? SDL_FINGERDOWN
			       : c->op == SCRIPT_MOVE ? SDL_FINGERMOTION : SDL_FINGERUP,
			    c->x1, c->y1);
		return true;
	case SCRIPT_HOLD:
		seed_finger(s, SDL_FINGERDOWN, c->x1, c->y1);
		seed_wait(s, c->ms);
		seed_finger(s, SDL_FINGERUP, c->x1, c->y1);
		return true;
	case SCRIPT_DRAG:
		seed_drag(s, c->x1, c->y1, c->x2, c->y2, c->ms);
		return true;
	case SCRIPT_TAP_TEXT:
	case SCRIPT_DRAG_TEXT: {
		SDL_FRect f, l;
		if (app_find_text(a, c->text, &f, &l) != 0) {
			if (must_pass)
				fprintf(stderr, "%s:%d: \"%s\" is not on screen\n", name, c->line, c->text);
			s->failed |= must_pass;
			return false;
		}
		if (c->op == SCRIPT_TAP_TEXT) {
			seed_finger(s, SDL_FINGERDOWN, f.x + f.w / 2, f.y + f.h / 2);
			seed_finger(s, SDL_FINGERUP, f.x + f.w / 2, f.y + f.h / 2);
		} else {
			/* As replay.c: 300 ms, the first 50 along the line. */
			float inset = f.h * 0.1f;
			float x1 = f.x + inset, y1 = f.y + f.h / 2;
			float x2 = l.x + l.w - inset, y2 = l.y + l.h / 2;
			seed_finger(s, SDL_FINGERDOWN, x1, y1);
			seed_move(s, x1, y1, x1 + f.h, y1, 50);
			seed_move(s, x1 + f.h, y1, x2, y2, 250);
			seed_finger(s, SDL_FINGERUP, x2, y2);
		}
		return true;
	}
	case SCRIPT_KEY:
		for (size_t i = 0; i < FUZZ_APP_KEYS; i++) {
			if (fuzz_app_keys[i].sym == c->key && fuzz_app_keys[i].mod == c->mod) {
				seed_op(s, (const uint8_t[]){FUZZ_OP_KEY, (uint8_t)i}, 2);
				return true;
			}
		}
		fprintf(stderr, "%s:%d: note: the fuzzer has no such key; left out\n", name, c->line);
		return true;
	case SCRIPT_SHOT:
		return true;
	case SCRIPT_EXPECT: {
		char got[256];
		if (strcmp(c->text, "spoken_word") == 0) {
			/* The word said follows the samples the replay plays;
			 * the fuzzer plays none, so its reading never moves. */
			fprintf(stderr, "%s:%d: note: the fuzzer plays no sound; the seed stops here\n",
				name, c->line);
			return false;
		}
		if (app_field(a, c->text, got, sizeof got) == 0 && replay_matches(got, c->value))
			return true;
		if (must_pass)
			fprintf(stderr, "%s:%d: the seed gives %s=%s, the script expects %s\n", name,
				c->line, c->text, got, c->value);
		s->failed |= must_pass;
		return false;
	}
	case SCRIPT_RESIZE:
		seed_resize(s, (int)c->x1, (int)c->y1);
		return true;
	case SCRIPT_CONTENT_CHANGED:
		/* What follows depends on the reload, which no fuzzer input
		 * can ask for. */
		fprintf(stderr, "%s:%d: note: the fuzzer cannot change the content; the seed stops here\n",
			name, c->line);
		return false;
	}
	return false;
}

/* The header's "# args:" (--size, --screen, --lang; whether it names a
 * --config or --content of its own) and "# exit:". */
static void seed_header(const char *text, int *w, int *h, char *screen, size_t size, int *lang,
			int *exit_code, bool *own_config)
{
	*own_config = false;
	const char *args = strstr(text, "# args:");
	const char *ex = strstr(text, "# exit:");
	*exit_code = ex ? atoi(ex + 7) : 0;
	if (!args)
		return;
	const char *eol = strchr(args, '\n');
	char line[512];
	args += 7;
	snprintf(line, sizeof line, "%.*s", eol ? (int)(eol - args) : (int)strlen(args), args);
	char *save = NULL;
	for (char *t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		char *v = strtok_r(NULL, " \t", &save);
		if (!v)
			break;
		if (strcmp(t, "--size") == 0)
			sscanf(v, "%dx%d", w, h);
		else if (strcmp(t, "--screen") == 0)
			snprintf(screen, size, "%s", v);
		else if (strcmp(t, "--lang") == 0)
			*lang = strcmp(v, "en") == 0 ? LANG_EN : LANG_CY;
		else if (strcmp(t, "--config") == 0 || strcmp(t, "--content") == 0)
			*own_config = true;
	}
}

static void seed_open(seed *s, const char *screen, int lang)
{
	uint8_t op[3] = {FUZZ_OP_OPEN, 7, 0};
	size_t n = 2;
	for (uint8_t i = 0; i < 6; i++)
		if (strcmp(screen, fuzz_app_screens[i]) == 0)
			op[1] = i;
	if (strncmp(screen, "leaflet:", 8) == 0) {
		op[1] = 6;
		op[n++] = (uint8_t)atoi(screen + 8);
	}
	op[1] |= lang == LANG_EN ? 8 : 0;
	seed_op(s, op, n);
}

/* Writes the seed, once it has passed the fuzzer as a whole input too. */
static int seed_write(seed *s, const char *dir, const char *name)
{
	size_t events = s->run.events;
	if (fuzz_app_one(&s->env, s->buf, s->len) != 0) {
		fprintf(stderr, "%s: the whole seed fails in the fuzzer\n", name);
		return -1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(s->buf, 1, s->len, f) != s->len || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	printf("%s: %zu bytes, %zu events\n", path, s->len, events);
	return 0;
}

static int seed_begin(seed *s)
{
	s->len = 0;
	s->failed = false;
	return fuzz_app_begin(&s->env, &s->run);
}

/* Returns 0 written, 1 skipped (does not parse), -1 failed. */
static int seed_script(seed *s, const char *dir, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	const char *why = NULL;
	if (file_read(path, 1u << 20, &text, &len, &why) != FILE_READ_OK) {
		fprintf(stderr, "%s: cannot read: %s\n", path, why ? why : "too large");
		return -1;
	}
	diag_list *d = diag_list_new();
	script *sc = NULL;
	int rc = script_parse(path, text, len, d, &sc);
	diag_list_free(d);
	if (rc != 0) {
		printf("%s: does not parse; skipped\n", path);
		free(text);
		return 1;
	}
	int w = FUZZ_APP_W, h = FUZZ_APP_H, lang = LANG_CY, exit_code;
	bool own_config;
	char screen[64] = "";
	seed_header(text, &w, &h, screen, sizeof screen, &lang, &exit_code, &own_config);
	/* The fuzzer has one config (the PIN 2468, the rest the defaults) and
	 * the shipped content: a script run with its own may part from them,
	 * and its seed then stops at the first expectation that does not hold. */
	if (own_config)
		printf("%s: note: runs with its own --config or --content; the seed stops where the "
		       "fuzzer's differs\n", path);
	free(text);
	rc = seed_begin(s);
	if (rc == 0 && (w != FUZZ_APP_W || h != FUZZ_APP_H))
		seed_resize(s, w, h);
	if (rc == 0 && screen[0])
		seed_open(s, screen, lang);
	for (size_t i = 0; rc == 0 && !s->failed && i < script_count(sc); i++)
		if (!seed_cmd(s, path, script_get(sc, i), exit_code == 0 && !own_config))
			break;
	script_free(sc);
	if (rc != 0 || s->failed) {
		fprintf(stderr, "%s: no seed written\n", path);
		return -1;
	}
	if (s->len == 0) {
		printf("%s: fails before its first event; no seed\n", path);
		return 1;
	}
	char name[256];
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(name, sizeof name, "%s", base);
	char *dot = strstr(name, ".script");
	if (dot)
		*dot = '\0';
	return seed_write(s, dir, name);
}

/* One of each operation, with the values the format singles out. */
static int seed_every_op(seed *s, const char *dir)
{
	if (seed_begin(s) != 0)
		return -1;
	static const uint8_t ops[] = {
		FUZZ_OP_BUTTON, 1,                                 /* English */
		FUZZ_OP_FINGER, 0, 0x77, 0x00, 0x77, 0x00, 0xFD,   /* down, pressure 1e30 */
		FUZZ_OP_FINGER, 1, 0xF0, 0xF1, 0xF0,               /* nan, inf, nan */
		FUZZ_OP_FINGER, 1 | 4, 0xF3, 0xF4, 0x00, 0x00,      /* finger 1: ignored */
		FUZZ_OP_FINGER, 2, 0xF5, 0xF6, 0x00, 0x00,          /* up at FLT_MAX, -FLT_MAX */
		FUZZ_OP_MOUSE, 0, 0x10, 0x00, 0x10, 0x00,           /* press, move, release */
		FUZZ_OP_MOUSE, 2, 0xF1, 0xF0,
		FUZZ_OP_MOUSE, 1, 0x10, 0x00, 0x10, 0x00,
		FUZZ_OP_MOUSE, 4, 0x01, 0x00, 0x01, 0x00,           /* a touch's mouse copy */
		FUZZ_OP_MOUSE, 3, 0xF0, 0xF1,                       /* wheel */
		FUZZ_OP_KEY, 12, FUZZ_OP_KEY, 1, FUZZ_OP_KEY, 5,
		FUZZ_OP_WAIT, 0, 200, FUZZ_OP_WAIT, 1, 0x30, 0x75, /* 200 ms, 30 s */
		FUZZ_OP_WAIT, 2, 0x00, 0x5C, 0x26, 0x05,            /* 24 h */
		FUZZ_OP_OPEN, 6 | 8, 3,                             /* leaflet:3, English */
		FUZZ_OP_OPEN, 6, 200,                               /* no page 200 */
		FUZZ_OP_OPEN, 7,                                    /* no such screen */
		FUZZ_OP_OPEN, 4 | 8,                                /* quiz */
		FUZZ_OP_STROKE, 20, 5, FUZZ_OP_STROKE, 40, 0,
		FUZZ_OP_BUTTON, 3,
		FUZZ_OP_CLOCK, 0x18, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, /* back 1 s */
		FUZZ_OP_FINGER, 0, 0x10, 0x00, 0x10, 0x00, 0x77, 0x00,
		FUZZ_OP_CLOCK, 0, 0, 0, 0, 0, 0, 0, 0x80,           /* on by 2^63 */
		FUZZ_OP_FINGER, 2, 0x10, 0x00, 0x10, 0x00, 0x00, 0x00,
		FUZZ_OP_WINDOW, 0, FUZZ_OP_WINDOW, 1, FUZZ_OP_WINDOW, 3, FUZZ_OP_WINDOW, 2,
		FUZZ_OP_WINDOW, 8, FUZZ_OP_WINDOW, 11,              /* close, SDL_QUIT */
		FUZZ_OP_RESIZE, 0xFC, 0xFC,                         /* 1x1 */
		FUZZ_OP_BUTTON, 0, FUZZ_OP_WAIT, 0, 100,
		FUZZ_OP_RESIZE, 0xFD, 0xFD,                         /* 16384x16384 */
		FUZZ_OP_BUTTON, 2, FUZZ_OP_WAIT, 0, 100,
		FUZZ_OP_RESIZE, 0xFE, 0xFF,                         /* 0 x -1: ignored */
		FUZZ_OP_RESIZE, 0x07, 0x80, 0x04, 0x38,             /* 1920x1080 */
		FUZZ_OP_WAIT, 3, 0, 0, 0, 0, 0, 0, 0, 0x40,         /* 2^62 ms */
		FUZZ_OP_KEY, 0,                                     /* Ctrl+Alt+Q: the end */
	};
	seed_op(s, ops, sizeof ops);
	if (s->failed)
		return -1;
	return seed_write(s, dir, "every_op");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: app_seeds OUT_DIR SCRIPT...   (from the repo root)\n");
		return 2;
	}
	seed s = {0};
	if (fuzz_app_env_init(&s.env) != 0)
		return 1;
	int failed = seed_every_op(&s, argv[1]) != 0;
	for (int i = 2; i < argc; i++)
		failed += seed_script(&s, argv[1], argv[i]) < 0;
	free(s.buf);
	fuzz_app_env_done(&s.env);
	SDL_Quit();
	return failed ? 1 : 0;
}
