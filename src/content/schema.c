#include "content/schema.h"

#include <string.h>

#define REQ true
#define OPT false
#define PLURAL true
#define ONE false

const schema_field schema_fields[] = {
	{"ui", "welcome", "title", REQ, ONE, NULL, "welcome"},
	{"ui", "welcome", "subtitle", REQ, ONE, NULL, "welcome"},
	{"ui", "welcome", "touch", REQ, ONE, NULL, "welcome"},
	{"ui", "welcome", "choose", REQ, ONE, NULL, "welcome"},

	{"ui", "common", "language_name", REQ, ONE, NULL, "top bar"},
	{"ui", "common", "home", REQ, ONE, NULL, "top bar"},
	{"ui", "common", "text_size", REQ, ONE, NULL, "top bar"},
	{"ui", "common", "previous", REQ, ONE, NULL, "leaflet"},
	{"ui", "common", "next", REQ, ONE, NULL, "leaflet"},
	{"ui", "common", "page_of", REQ, ONE, "page pages", "leaflet"},
	{"ui", "common", "contents", REQ, ONE, NULL, "leaflet (portrait), list of pages"},
	{"ui", "common", "close", OPT, ONE, NULL, "list of pages, language picker"},
	{"ui", "common", "scroll_more", REQ, ONE, NULL, "scroll cue"},
	{"ui", "common", "finish", REQ, ONE, NULL, "leaflet's last page, quiz result"},
	{"ui", "common", "not_available", REQ, ONE, NULL, "leaflet, learn, menu (an item shown in Welsh)"},

	{"ui", "menu", "title", REQ, ONE, NULL, "menu"},

	{"ui", "idle", "title", REQ, ONE, NULL, "idle warning"},
	{"ui", "idle", "countdown", REQ, PLURAL, "seconds", "idle warning"},
	{"ui", "idle", "touch", REQ, ONE, NULL, "idle warning"},
	{"ui", "idle", "continue", REQ, ONE, NULL, "idle warning"},

	{"ui", "staff", "pin_title", REQ, ONE, NULL, "staff PIN"},
	{"ui", "staff", "wrong_pin", REQ, ONE, NULL, "staff PIN"},
	{"ui", "staff", "cancel", REQ, ONE, NULL, "staff PIN"},
	{"ui", "staff", "exit", REQ, ONE, NULL, "staff PIN"},
	{"ui", "staff", "locked", REQ, PLURAL, "seconds", "staff PIN"},

	{"ui", "staff-area", "title", REQ, ONE, NULL, "staff area"},
	{"ui", "staff-area", "figures", REQ, ONE, NULL, "staff area"},
	{"ui", "staff-area", "quiz", REQ, ONE, NULL, "staff area"},
	{"ui", "staff-area", "exit", REQ, ONE, NULL, "staff area"},
	{"ui", "staff-area", "close", REQ, ONE, NULL, "staff area"},
	{"ui", "staff-area", "hint", REQ, ONE, NULL, "staff area"},

	{"ui", "dashboard", "title", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "back", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "period", REQ, ONE, "from to", "dashboard"},
	{"ui", "dashboard", "sessions", REQ, PLURAL, "count days", "dashboard"},
	{"ui", "dashboard", "welsh_share", REQ, ONE, "percent", "dashboard"},
	{"ui", "dashboard", "per_day", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "per_week", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "week", REQ, ONE, "cy en", "dashboard"},
	{"ui", "dashboard", "pages", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "page_reached", REQ, PLURAL, "page count", "dashboard"},
	{"ui", "dashboard", "learning_pages", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "scores", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "checks", REQ, PLURAL, "count", "dashboard"},
	{"ui", "dashboard", "score_axis", REQ, ONE, "total", "dashboard"},
	{"ui", "dashboard", "off", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "unreadable", REQ, ONE, NULL, "dashboard"},
	{"ui", "dashboard", "rejected", REQ, ONE, NULL, "dashboard"},

	{"ui", "contact", "title", REQ, ONE, NULL, "contact card"},
	{"ui", "contact", "camera", REQ, ONE, NULL, "contact card"},
	{"ui", "contact", "call", REQ, ONE, NULL, "contact card"},
	{"ui", "contact", "email", REQ, ONE, NULL, "contact card"},
	{"ui", "contact", "save", REQ, ONE, NULL, "contact card"},
	{"ui", "contact", "save_hint", REQ, ONE, NULL, "contact card"},
	{"ui", "contact", "take", REQ, ONE, NULL, "leaflet's last page, contact card"},
	{"ui", "contact", "close", REQ, ONE, NULL, "contact card"},

	{"ui", "listen", "listen", REQ, ONE, NULL, "leaflet, learn, quiz (read aloud)"},
	{"ui", "listen", "pause", REQ, ONE, NULL, "leaflet, learn, quiz (read aloud)"},
	{"ui", "listen", "resume", REQ, ONE, NULL, "leaflet, learn, quiz (read aloud)"},
	{"ui", "listen", "slower", REQ, ONE, NULL, "leaflet, learn, quiz (read aloud)"},
	{"ui", "listen", "stop", REQ, ONE, NULL, "leaflet, learn, quiz (read aloud)"},

	{"leaflet", "leaflet", "title", REQ, ONE, NULL, "menu card, leaflet"},
	{"leaflet", "leaflet", "subtitle", OPT, ONE, NULL, "menu card, leaflet"},
	{"leaflet", "leaflet", "summary", REQ, ONE, NULL, "menu card"},
	{"leaflet", "leaflet", "org", OPT, ONE, NULL, "contact card (the contact record)"},
	{"leaflet", "leaflet", "url", OPT, ONE, NULL, "leaflet's last page, contact card"},

	{"quiz", "learn", "quiz_button", REQ, ONE, NULL, "learn"},

	{"quiz", "quiz", "instruction", REQ, ONE, NULL, "quiz"},
	{"quiz", "quiz", "hint", OPT, ONE, NULL, "quiz"},
	{"quiz", "quiz", "highlighted", REQ, PLURAL, "count total", "quiz"},
	{"quiz", "quiz", "check", REQ, ONE, NULL, "quiz"},
	{"quiz", "quiz", "score", REQ, PLURAL, "found total", "quiz result"},
	{"quiz", "quiz", "rule", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "found", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "wrong", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "partial", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "partly", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "actions", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "action_n", REQ, ONE, "n", "quiz result"},
	{"quiz", "quiz", "missed", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "show_answers", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "try_again", REQ, ONE, NULL, "quiz result"},
	{"quiz", "quiz", "keep_going", REQ, ONE, NULL, "quiz result"},
};

const size_t schema_n_fields = sizeof schema_fields / sizeof *schema_fields;

_Static_assert(sizeof schema_fields / sizeof *schema_fields <= SCHEMA_MAX_FIELDS,
	       "the app's lookup record has one bit per field");

int schema_find(const char *file, const char *section, const char *key)
{
	for (size_t i = 0; i < schema_n_fields; i++) {
		const schema_field *f = &schema_fields[i];
		if (strcmp(f->file, file) == 0 && strcmp(f->section, section) == 0 &&
		    strcmp(f->key, key) == 0)
			return (int)i;
	}
	return -1;
}

bool schema_plural_key(const char *file, const char *section, const char *key)
{
	const char *dot = strchr(key, '.');
	size_t n = dot ? (size_t)(dot - key) : strlen(key);
	for (size_t i = 0; i < schema_n_fields; i++) {
		const schema_field *f = &schema_fields[i];
		if (f->plural && strcmp(f->file, file) == 0 && strcmp(f->section, section) == 0 &&
		    strlen(f->key) == n && memcmp(f->key, key, n) == 0)
			return true;
	}
	return false;
}
