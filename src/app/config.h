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

typedef struct {
	unsigned idle_timeout;    /* seconds without input before the warning; 90 */
	unsigned warning_seconds; /* length of the warning countdown; 30, at least 20 */
	char content_dir[4096];   /* "" means the shipped content */
	char staff_pin[CONFIG_PIN_MAX + 1]; /* 4..12 digits; "" disables the exit gesture */
	int rotation;             /* 0, 90, 180 or 270 degrees clockwise */
	float text_scale;         /* base text scale, 0.75..2.0; 1.0 */
	bool fullscreen;          /* true */
	/* Usage figures (docs/stats.md). */
	bool stats;               /* true: record anonymous sessions */
	char stats_db[4096];      /* CONFIG_STATS_DB */
	unsigned stats_keep_days; /* sessions older than this are deleted; 400 */
	char kiosk_id[64];        /* in every row; default the host name */
} app_config;

void config_defaults(app_config *c);

/* Reads path into *c (which should hold the defaults). Returns 0 when the file
 * was read (warnings may have been added to diags), -1 when it cannot be opened
 * or is a folder (one diagnostic; *c unchanged). Binary junk is reported,
 * never fatal; reading stops after 1 MiB or 20 unreadable lines. Keys may be
 * section-less or under [taflen]. Nothing is allocated; diags is the
 * caller's. */
int config_load(const char *path, app_config *c, diag_list *diags);

/* config_load's parser on len bytes of buf (NUL bytes are junk like any
 * other), `name` standing for the file in diagnostics; the same rules and
 * limits, for tests and the fuzzer. */
void config_parse(const char *name, const char *buf, size_t len, app_config *c,
		  diag_list *diags);

/* The effective configuration in the file's own format (for --print-config);
 * config_load reads it back to the same values. It includes the PIN. */
void config_print(const app_config *c, FILE *out);

#endif
