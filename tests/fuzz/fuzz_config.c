/* Fuzz target: the configuration parser (src/app/config.c). Any bytes are a
 * config file; whatever they say, every value that comes out is within the
 * ranges docs/config.md gives, every message names the file and a line, and
 * config_print's output reads back to the same configuration. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/config.h"
#include "fuzz.h"

static int fuzz_config_valid(const app_config *c)
{
	FUZZ_REQUIRE(c->idle_timeout >= 10 && c->idle_timeout <= 3600);
	FUZZ_REQUIRE(c->warning_seconds >= 20 && c->warning_seconds <= 300);
	FUZZ_REQUIRE(c->rotation == 0 || c->rotation == 90 || c->rotation == 180 ||
		     c->rotation == 270);
	FUZZ_REQUIRE(c->text_scale >= 0.75f && c->text_scale <= 2.0f);
	FUZZ_REQUIRE(memchr(c->content_dir, '\0', sizeof c->content_dir) != NULL);
	size_t pin = strnlen(c->staff_pin, sizeof c->staff_pin);
	FUZZ_REQUIRE(pin < sizeof c->staff_pin);
	FUZZ_REQUIRE(pin == 0 || (pin >= 4 && pin <= CONFIG_PIN_MAX));
	for (size_t i = 0; i < pin; i++)
		FUZZ_REQUIRE(c->staff_pin[i] >= '0' && c->staff_pin[i] <= '9');
	/* A hash, when there is one, is libsodium's Argon2id and rules out
	 * the clear PIN. */
	size_t hash = strnlen(c->staff_pin_hash, sizeof c->staff_pin_hash);
	FUZZ_REQUIRE(hash < sizeof c->staff_pin_hash);
	FUZZ_REQUIRE(hash == 0 || (strncmp(c->staff_pin_hash, "$argon2id$", 10) == 0 && pin == 0));
	return 0;
}

/* config_print, then config_parse of what it printed, gives the same
 * values; a clear staff_pin is never printed, so it reads back as none. */
static int fuzz_config_round_trip(const app_config *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	FUZZ_REQUIRE(f != NULL);
	config_print(c, f);
	fclose(f);
	app_config back;
	config_defaults(&back);
	diag_list *d = diag_list_new();
	config_parse("printed", text, len, &back, d);
	bool same = back.idle_timeout == c->idle_timeout &&
		    back.warning_seconds == c->warning_seconds && back.rotation == c->rotation &&
		    back.text_scale == c->text_scale && back.fullscreen == c->fullscreen &&
		    back.staff_pin[0] == '\0' && strcmp(back.staff_pin_hash, c->staff_pin_hash) == 0 &&
		    strcmp(back.content_dir, c->content_dir) == 0 &&
		    strcmp(back.stats_db, c->stats_db) == 0 && strcmp(back.kiosk_id, c->kiosk_id) == 0 &&
		    back.renderer == c->renderer && back.quiz_on_menu == c->quiz_on_menu &&
		    back.speech == c->speech && back.stats == c->stats &&
		    back.stats_keep_days == c->stats_keep_days;
	bool quiet = diag_count(d) == 0;
	if (!same || !quiet) {
		fprintf(stderr, "config_print wrote:\n%s", text);
		diag_print(d, stderr);
	}
	diag_list_free(d);
	free(text);
	FUZZ_REQUIRE(same);
	FUZZ_REQUIRE(quiet);
	return 0;
}

static int fuzz_config_one(const uint8_t *data, size_t size)
{
	app_config c;
	config_defaults(&c);
	diag_list *d = diag_list_new();
	config_parse("fuzz.conf", (const char *)data, size, &c, d);
	int ok = 0;
	for (size_t i = 0; ok == 0 && diag_get(d, i); i++) {
		const char *m = diag_get(d, i);
		if (strncmp(m, "fuzz.conf", 9) != 0 || (m[9] != ':' && m[9] != '\0'))
			ok = -1;
	}
	diag_list_free(d);
	FUZZ_REQUIRE(ok == 0);
	FUZZ_TRY(fuzz_config_valid(&c));
	FUZZ_TRY(fuzz_config_round_trip(&c));
	return 0;
}

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_config_one(data, size) != 0)
		abort();
	return 0;
}
#endif
