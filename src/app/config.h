/* The kiosk's configuration: an INI file (default /etc/taflen/taflen.conf)
 * parsed with inih. Every key is documented in docs/config.md. A bad value or
 * an unknown key is a "FILE:LINE: message" warning and the default is kept:
 * the kiosk always starts. */
#ifndef TAFLEN_CONFIG_H
#define TAFLEN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"

#define CONFIG_DEFAULT_PATH "/etc/taflen/taflen.conf"
#define CONFIG_PIN_MAX 12
#define CONFIG_STATS_DB "/var/lib/taflen/stats.db"
#define CONFIG_KIOSK_ID_MAX 64          /* with the terminating NUL */
#define CONFIG_KIOSK_ID_FALLBACK "kiosk" /* when the host name is not a valid id */
/* An Argon2id hash string as libsodium writes it (crypto_pwhash_STRBYTES - 1). */
#define CONFIG_PIN_HASH_MAX 127

/* Which SDL renderer a window gets (docs/config.md, "renderer"). */
typedef enum {
	CONFIG_RENDERER_AUTO,        /* accelerated when a GPU render node exists */
	CONFIG_RENDERER_SOFTWARE,    /* SDL's software renderer, no GL */
	CONFIG_RENDERER_ACCELERATED, /* SDL's first GPU renderer, vsync */
} config_renderer;

typedef struct {
	unsigned idle_timeout;    /* seconds without input before the warning; 90 */
	unsigned warning_seconds; /* length of the warning countdown; 30, at least 20 */
	char content_dir[4096];   /* "" means the shipped content */
	char staff_pin[CONFIG_PIN_MAX + 1]; /* 4..12 digits in clear (deprecated); "" none */
	/* "$argon2id$..." from taflen --hash-pin; when set, staff_pin is "". With
	 * neither, the staff exit gesture is off. */
	char staff_pin_hash[CONFIG_PIN_HASH_MAX + 1];
	int rotation;             /* 0, 90, 180 or 270 degrees clockwise */
	float text_scale;         /* base text scale, 0.75..2.0; 1.0 */
	bool fullscreen;          /* true */
	config_renderer renderer; /* auto */
	/* The menu offers the learning page and its quiz; false: only the staff
	 * area does (docs/config.md). true */
	bool quiz_on_menu;
	/* Reading aloud: the Listen control (docs/speech.md). true */
	bool speech;
	/* Usage figures (docs/stats.md). */
	bool stats;               /* true: record anonymous sessions */
	char stats_db[4096];      /* CONFIG_STATS_DB */
	unsigned stats_keep_days; /* sessions older than this are deleted; 400 */
	char kiosk_id[CONFIG_KIOSK_ID_MAX]; /* in every row; default the host name */
} app_config;

void config_defaults(app_config *c);

enum { CONFIG_READ = 0, CONFIG_ABSENT = 1, CONFIG_UNREADABLE = -1 };

/* Reads path into *c (which should hold the defaults) with file_read, so a
 * FIFO, a device or a folder is refused at once instead of hanging the start.
 * Returns CONFIG_READ when the file was read (warnings may have been added to
 * diags); CONFIG_UNREADABLE when it cannot be read or is larger than 1 MiB
 * (one "PATH: reason; using the defaults" diagnostic; *c unchanged); and, only
 * when missing_ok, CONFIG_ABSENT without a word when nothing is at path (the
 * default config is optional; a file named on the command line is not).
 * Binary junk is reported, never fatal; reading stops after 20 unreadable
 * lines. Keys may be section-less or under [taflen]. diags is the caller's. */
int config_load(const char *path, bool missing_ok, app_config *c, diag_list *diags);

/* config_load's parser on len bytes of buf (NUL bytes are junk like any
 * other), `name` standing for the file in diagnostics; the same rules and
 * limits, for tests and the fuzzer. */
void config_parse(const char *name, const char *buf, size_t len, app_config *c,
		  diag_list *diags);

/* The effective configuration in the file's own format (for --print-config);
 * config_load reads it back to the same values, except a clear staff_pin,
 * which is never printed: a comment says whether one is set. The hash is
 * printed. */
void config_print(const app_config *c, FILE *out);

/* Whether a staff PIN is set, in either form: the exit gesture is on. */
bool config_has_pin(const app_config *c);
/* Whether typed is the staff PIN. Against a hash this costs what an Argon2id
 * verification costs (about 0.1 s and 64 MiB): call it once per attempt. */
bool config_pin_matches(const app_config *c, const char *typed);
/* For --hash-pin: the line "staff_pin_hash = $argon2id$..." for pin (4..12
 * digits) into out. Returns 0, or -1 with *why. */
int config_hash_pin(const char *pin, char *out, size_t size, const char **why);

#endif
