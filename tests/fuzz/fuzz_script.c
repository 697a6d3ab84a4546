/* Fuzz target: the replay script parser (src/platform/script.c). Any bytes
 * are a script; what parses must be a list of commands within the limits
 * script.h states, and what does not must say why, naming the line. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "platform/script.h"

static bool fuzz_script_coord(double v)
{
	return !isfinite(v) || (v >= 0 && v <= SCRIPT_MAX_COORD);
}

static int fuzz_script_cmd(const script_cmd *c, int prev_line, int lines)
{
	FUZZ_REQUIRE(c->line > prev_line && c->line <= lines);
	switch (c->op) {
	case SCRIPT_WAIT:
		FUZZ_REQUIRE(c->ms <= SCRIPT_MAX_WAIT_MS);
		break;
	case SCRIPT_RESIZE:
		FUZZ_REQUIRE(c->x1 >= 64 && c->x1 <= SCRIPT_MAX_COORD);
		FUZZ_REQUIRE(c->y1 >= 64 && c->y1 <= SCRIPT_MAX_COORD);
		break;
	case SCRIPT_TAP:
	case SCRIPT_DOWN:
	case SCRIPT_MOVE:
	case SCRIPT_UP:
	case SCRIPT_HOLD:
	case SCRIPT_DRAG:
		/* Pointer coordinates may also be nan or inf (script.h). */
		FUZZ_REQUIRE(fuzz_script_coord(c->x1) && fuzz_script_coord(c->y1));
		if (c->op == SCRIPT_HOLD)
			FUZZ_REQUIRE(c->ms <= 60000);
		if (c->op == SCRIPT_DRAG) {
			FUZZ_REQUIRE(fuzz_script_coord(c->x2) && fuzz_script_coord(c->y2));
			FUZZ_REQUIRE(c->ms <= 60000);
		}
		break;
	case SCRIPT_TAP_TEXT:
	case SCRIPT_DRAG_TEXT:
	case SCRIPT_SHOT:
		FUZZ_REQUIRE(c->text && c->text[0]);
		break;
	case SCRIPT_EXPECT:
		/* A field and a value are one word each: "expect speaking
		 * paused", "expect spoken_word ni’n". */
		FUZZ_REQUIRE(c->text && c->text[0] && c->value && c->value[0]);
		FUZZ_REQUIRE(!strpbrk(c->text, " \t") && !strpbrk(c->value, " \t"));
		break;
	case SCRIPT_KEY:
		FUZZ_REQUIRE(c->key != 0);
		break;
	case SCRIPT_CONTENT_CHANGED:
		break;
	default:
		FUZZ_REQUIRE(!"an unknown op");
	}
	return 0;
}

static int fuzz_script_one(const uint8_t *data, size_t size)
{
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	diag_list *d = diag_list_new();
	script *s = NULL;
	int rc = script_parse("fuzz.script", (const char *)data, size, d, &s);
	int ok = 0;
	if (rc == 0) {
		ok = s && diag_count(d) == 0 && strcmp(script_name(s), "fuzz.script") == 0 ? 0 : -1;
		int prev = 0;
		for (size_t i = 0; ok == 0 && i < script_count(s); i++) {
			ok = fuzz_script_cmd(script_get(s, i), prev, lines);
			prev = script_get(s, i)->line;
		}
		if (ok == 0 && script_get(s, script_count(s)) != NULL)
			ok = -1;
	} else {
		ok = !s && diag_count(d) > 0 ? 0 : -1;
		for (size_t i = 0; ok == 0 && diag_get(d, i); i++)
			if (strncmp(diag_get(d, i), "fuzz.script:", 12) != 0)
				ok = -1;
	}
	script_free(s);
	diag_list_free(d);
	FUZZ_REQUIRE(ok == 0);
	return 0;
}

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_script_one(data, size) != 0)
		abort();
	return 0;
}
#endif
