#include "app/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/utf8.h"

/* A real config file is a few hundred bytes. Reading stops here so that a
 * path such as /dev/zero, or a large binary given by mistake, cannot keep the
 * kiosk from starting. */
#define CONFIG_MAX_BYTES (1024 * 1024)
/* Past this many unreadable lines the file is evidently not a config file;
 * more messages would only bury the first ones. */
#define CONFIG_MAX_BAD_LINES 20

#define IDLE_TIMEOUT_MIN 10u
#define IDLE_TIMEOUT_MAX 3600u
#define WARNING_MIN 20u
#define WARNING_MAX 300u
#define PIN_MIN 4u
#define SCALE_MIN 0.75
#define SCALE_MAX 2.0
#define KEEP_DAYS_MIN 1u
#define KEEP_DAYS_MAX 36500u
#define PIN_HASH_PREFIX "$argon2id$"
/* Interactive limits (2 passes over 64 MiB, about 0.1 s on a PC): the hash is
 * checked on the kiosk's only thread while the staff member waits at the
 * keypad, on machines as small as a Raspberry Pi. MODERATE (256 MiB, ~0.7 s)
 * or SENSITIVE (1 GiB) would freeze the screen and could run a Pi out of
 * memory, and no work factor makes a 4..12 digit PIN strong against offline
 * guessing anyway: the hash keeps the PIN from whoever reads the file, the
 * file's mode 0640 (docs/deploy.md) keeps the hash from the visitors. */
#define PIN_HASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PIN_HASH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

_Static_assert(crypto_pwhash_STRBYTES == CONFIG_PIN_HASH_MAX + 1,
	       "app_config.staff_pin_hash holds one libsodium hash string");

enum line_kind { LINE_OTHER, LINE_KEY };

/* Why a reader callback rather than ini_parse_file: inih's handler is not told
 * the line number, and inih's own count is of fgets calls, which drifts from
 * the real line number as soon as a line is longer than its buffer. Our
 * reader hands inih exactly one physical line per call, so its count is the
 * true line number, and the handler can read it from here. The reader is
 * also the one place that sees raw bytes, so it filters NULs, non-UTF-8
 * junk and overlong lines before inih does anything with them. (Calling
 * ini_parse_string once per line would also give line numbers, but then the
 * current [section] would have to be tracked by a parser of our own.) */
typedef struct {
	const char *buf;
	size_t len, pos;
	const char *path;
	diag_list *diags;
	app_config *c;
	int line;             /* the physical line last handed to inih */
	enum line_kind kind;  /* of that line */
	int handled_line;     /* the last line inih called the handler for */
	int first_bad_syntax; /* first line reported as neither key nor section */
	size_t bytes;
	int bad_lines;
	bool stop;
	bool pin_off;         /* a bad staff_pin_hash: no PIN works */
	int set_on[16];       /* line each key was last set on, by key index */
} reader;

/* A diagnostic on the line being read. */
__attribute__((format(printf, 2, 3))) static void warn(reader *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(r->diags, r->path, r->line, "%s", msg);
}

/* Host-name characters only: the id goes into every row and every export,
 * and config_print writes it bare, so it must never begin an INI comment
 * (";" or "#") or carry spaces. */
static bool kiosk_id_ok(const char *v)
{
	size_t len = strlen(v);
	if (len == 0 || len >= CONFIG_KIOSK_ID_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)v[i]) && !strchr("._-", v[i]))
			return false;
	return true;
}

void config_defaults(app_config *c)
{
	c->idle_timeout = 90;
	c->warning_seconds = 30;
	c->content_dir[0] = '\0';
	c->staff_pin[0] = '\0';
	c->staff_pin_hash[0] = '\0';
	c->rotation = 0;
	c->text_scale = 1.0f;
	c->fullscreen = true;
	c->renderer = CONFIG_RENDERER_AUTO;
	c->quiz_on_menu = true;
	c->speech = true;
	c->stats = true;
	snprintf(c->stats_db, sizeof c->stats_db, "%s", CONFIG_STATS_DB);
	c->stats_keep_days = 400;
	if (gethostname(c->kiosk_id, sizeof c->kiosk_id) != 0)
		c->kiosk_id[0] = '\0';
	c->kiosk_id[sizeof c->kiosk_id - 1] = '\0';
	if (!kiosk_id_ok(c->kiosk_id))
		snprintf(c->kiosk_id, sizeof c->kiosk_id, "%s", CONFIG_KIOSK_ID_FALLBACK);
}

/* ---- values ---- */

/* Digits only, so "90s", "-5" and "1e3" are refused rather than half-read.
 * Saturates instead of overflowing: a huge number is simply out of range. */
static int parse_uint(const char *s, unsigned long *out)
{
	if (!*s)
		return -1;
	unsigned long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v > 100000000ul ? 1000000000ul : v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return 0;
}

/* "1", "1.25", ".75": parsed by hand because strtod follows LC_NUMERIC, and
 * a comma-decimal locale would make "1.25" mean 1. */
static int parse_decimal(const char *s, double *out)
{
	double v = 0;
	int digits = 0;
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		v = v > 1000 ? v : v * 10 + (*s - '0');
	if (*s == '.') {
		double unit = 0.1;
		for (s++; *s >= '0' && *s <= '9'; s++, digits++, unit /= 10)
			v += (*s - '0') * unit;
	}
	if (*s || digits == 0)
		return -1;
	*out = v;
	return 0;
}

static void set_idle_timeout(reader *r, const char *name, const char *v)
{
	unsigned long n;
	if (parse_uint(v, &n) != 0)
		warn(r, "%s: \"%s\" is not a whole number of seconds; using %u", name, v,
		     r->c->idle_timeout);
	else if (n < IDLE_TIMEOUT_MIN || n > IDLE_TIMEOUT_MAX)
		warn(r, "%s: %s is outside %u..%u seconds; using %u", name, v, IDLE_TIMEOUT_MIN,
		     IDLE_TIMEOUT_MAX, r->c->idle_timeout);
	else
		r->c->idle_timeout = (unsigned)n;
}

static void set_warning_seconds(reader *r, const char *name, const char *v)
{
	unsigned long n;
	if (parse_uint(v, &n) != 0) {
		warn(r, "%s: \"%s\" is not a whole number of seconds; using %u", name, v,
		     r->c->warning_seconds);
	} else if (n < WARNING_MIN) {
		/* Not the default: the intent "short" is clear, and 20 s is the
		 * shortest that still lets people react (WCAG 2.2.1). */
		warn(r, "%s: %s is under %u seconds, too short to react to; using %u", name, v,
		     WARNING_MIN, WARNING_MIN);
		r->c->warning_seconds = WARNING_MIN;
	} else if (n > WARNING_MAX) {
		warn(r, "%s: %s is outside %u..%u seconds; using %u", name, v, WARNING_MIN,
		     WARNING_MAX, r->c->warning_seconds);
	} else {
		r->c->warning_seconds = (unsigned)n;
	}
}

static void set_content_dir(reader *r, const char *name, const char *v)
{
	(void)name;
	/* The value was already bounded by the caller's buffer of this size. */
	snprintf(r->c->content_dir, sizeof r->c->content_dir, "%s", v);
}

static bool pin_valid(const char *v)
{
	size_t len = strlen(v);
	bool digits = len >= PIN_MIN && len <= CONFIG_PIN_MAX;
	for (size_t i = 0; digits && i < len; i++)
		digits = v[i] >= '0' && v[i] <= '9';
	return digits;
}

static void set_staff_pin(reader *r, const char *name, const char *v)
{
	if (!*v || pin_valid(v)) {
		memcpy(r->c->staff_pin, v, strlen(v) + 1);
		if (*v)
			warn(r, "%s: a PIN in clear text is deprecated; put the line that "
				"taflen --hash-pin prints here instead", name);
		return;
	}
	/* Disabled rather than kept: a mistyped PIN must not leave an older,
	 * perhaps widely known, one in force. The value is not echoed. */
	r->c->staff_pin[0] = '\0';
	warn(r, "%s: must be %u to %u digits (0-9); the staff exit gesture is disabled", name,
	     PIN_MIN, CONFIG_PIN_MAX);
}

static void set_staff_pin_hash(reader *r, const char *name, const char *v)
{
	/* needs_rehash parses the string (prefix, version, limits, salt and
	 * hash lengths) without hashing: -1 means it is not a hash at all. */
	size_t len = strlen(v);
	bool ok = len == 0 ||
		  (len <= CONFIG_PIN_HASH_MAX && strncmp(v, PIN_HASH_PREFIX, strlen(PIN_HASH_PREFIX)) == 0 &&
		   sodium_init() >= 0 &&
		   crypto_pwhash_str_needs_rehash(v, PIN_HASH_OPSLIMIT, PIN_HASH_MEMLIMIT) != -1);
	r->pin_off = !ok;
	if (ok) {
		memcpy(r->c->staff_pin_hash, v, len + 1);
		return;
	}
	/* Off, as for a bad staff_pin: a mangled new hash must not leave an
	 * older PIN in force. */
	r->c->staff_pin_hash[0] = '\0';
	warn(r, "%s: not an Argon2id hash (\"%s...\") from taflen --hash-pin; the staff exit "
		"gesture is disabled", name, PIN_HASH_PREFIX);
}

static void set_rotation(reader *r, const char *name, const char *v)
{
	unsigned long n;
	if (parse_uint(v, &n) == 0 && (n == 0 || n == 90 || n == 180 || n == 270))
		r->c->rotation = (int)n;
	else
		warn(r, "%s: \"%s\" is not 0, 90, 180 or 270; using %d", name, v, r->c->rotation);
}

static void set_text_scale(reader *r, const char *name, const char *v)
{
	double d;
	if (parse_decimal(v, &d) != 0)
		warn(r, "%s: \"%s\" is not a number such as 1.25; using %g", name, v,
		     (double)r->c->text_scale);
	else if (d < SCALE_MIN || d > SCALE_MAX)
		warn(r, "%s: %s is outside %g..%g; using %g", name, v, SCALE_MIN, SCALE_MAX,
		     (double)r->c->text_scale);
	else
		r->c->text_scale = (float)d;
}

static void set_bool(reader *r, const char *name, const char *v, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return;
		}
	}
	warn(r, "%s: \"%s\" is not true, false, yes, no, on, off, 1 or 0; using %s", name, v,
	     *out ? "true" : "false");
}

static void set_fullscreen(reader *r, const char *name, const char *v)
{
	set_bool(r, name, v, &r->c->fullscreen);
}

static void set_quiz_on_menu(reader *r, const char *name, const char *v)
{
	set_bool(r, name, v, &r->c->quiz_on_menu);
}

static void set_speech(reader *r, const char *name, const char *v)
{
	set_bool(r, name, v, &r->c->speech);
}

static void set_stats(reader *r, const char *name, const char *v)
{
	set_bool(r, name, v, &r->c->stats);
}

static void set_stats_db(reader *r, const char *name, const char *v)
{
	if (!*v)
		warn(r, "%s: empty; using %s (stats = off records nothing)", name, r->c->stats_db);
	else
		snprintf(r->c->stats_db, sizeof r->c->stats_db, "%s", v);
}

static void set_stats_keep_days(reader *r, const char *name, const char *v)
{
	unsigned long n;
	if (parse_uint(v, &n) != 0 || n < KEEP_DAYS_MIN || n > KEEP_DAYS_MAX)
		warn(r, "%s: \"%s\" is not a whole number of days, %u..%u; using %u", name, v,
		     KEEP_DAYS_MIN, KEEP_DAYS_MAX, r->c->stats_keep_days);
	else
		r->c->stats_keep_days = (unsigned)n;
}

static void set_kiosk_id(reader *r, const char *name, const char *v)
{
	if (kiosk_id_ok(v))
		memcpy(r->c->kiosk_id, v, strlen(v) + 1);
	else
		warn(r, "%s: \"%s\" is not 1 to %d letters, digits, '.', '-' or '_'; "
			"using \"%s\"", name, v, CONFIG_KIOSK_ID_MAX - 1, r->c->kiosk_id);
}

static const char *const renderer_names[] = {"auto", "software", "accelerated"};

static void set_renderer(reader *r, const char *name, const char *v)
{
	for (size_t i = 0; i < sizeof renderer_names / sizeof *renderer_names; i++) {
		if (strcasecmp(v, renderer_names[i]) == 0) {
			r->c->renderer = (config_renderer)i;
			return;
		}
	}
	warn(r, "%s: \"%s\" is not auto, software or accelerated; using %s", name, v,
	     renderer_names[r->c->renderer]);
}

static const struct {
	const char *name;
	void (*set)(reader *r, const char *name, const char *v);
} keys[] = {
	{"idle_timeout", set_idle_timeout},   {"warning_seconds", set_warning_seconds},
	{"content_dir", set_content_dir},     {"staff_pin", set_staff_pin},
	{"staff_pin_hash", set_staff_pin_hash}, {"rotation", set_rotation},
	{"text_scale", set_text_scale},       {"fullscreen", set_fullscreen},
	{"renderer", set_renderer},
	{"stats", set_stats},                 {"stats_db", set_stats_db},
	{"stats_keep_days", set_stats_keep_days}, {"kiosk_id", set_kiosk_id},
	{"quiz_on_menu", set_quiz_on_menu}, {"speech", set_speech},
};
enum { KEY_STAFF_PIN = 3, KEY_STAFF_PIN_HASH = 4 };
_Static_assert(sizeof keys / sizeof keys[0] <= sizeof((reader *)0)->set_on / sizeof(int),
	       "reader.set_on needs a slot per key");

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	reader *r = user;
	r->handled_line = r->line;
	if (*section && strcasecmp(section, "taflen") != 0) {
		warn(r, "[%s] %s: only the [taflen] section is read; ignored", section, name);
		return 1;
	}
	if (!*name) {
		warn(r, "no key name before the \"=\"; line ignored");
		return 1;
	}
	/* Quotes are not INI syntax, but people write them around paths. */
	char v[sizeof r->c->content_dir];
	size_t len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value++;
		len -= 2;
	}
	if (len >= sizeof v) {
		warn(r, "%s: the value is longer than %zu bytes; ignored", name, sizeof v - 1);
		return 1;
	}
	memcpy(v, value, len);
	v[len] = '\0';
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcasecmp(name, keys[i].name) != 0)
			continue;
		if (r->set_on[i])
			warn(r, "%s: also set on line %d; this later line wins", keys[i].name,
			     r->set_on[i]);
		r->set_on[i] = r->line;
		keys[i].set(r, keys[i].name, v);
		return 1;
	}
	warn(r, "unknown key \"%s\"; ignored (docs/config.md lists the keys)", name);
	return 1;
}

/* ---- the reader ---- */

static void syntax_error(reader *r, const char *what)
{
	warn(r, "%s; line ignored", what);
	if (!r->first_bad_syntax)
		r->first_bad_syntax = r->line;
}

/* Called before each new line: a "key" line that inih did not pass to the
 * handler had no "=" or ":", which inih reports only as a number. */
static void check_previous(reader *r)
{
	if (r->kind == LINE_KEY && r->handled_line != r->line)
		syntax_error(r, "expected \"key = value\"");
	r->kind = LINE_OTHER;
}

/* The column (1-based) of the first byte that is not text, or 0. Tabs are
 * text; other control characters are not. */
static size_t first_junk(const char *line, size_t len)
{
	for (size_t i = 0; i < len;) {
		if (!utf8_valid_at(line + i, len - i))
			return i + 1;
		uint32_t cp;
		size_t n = utf8_decode(line + i, len - i, &cp);
		if ((cp < 0x20 && cp != '\t') || cp == 0x7F)
			return i + 1;
		i += n;
	}
	return 0;
}

/* A line we could not use: reported, then handed to inih as a blank line so
 * that its line count stays right. */
static char *bad_line(reader *r, char *str)
{
	if (++r->bad_lines >= CONFIG_MAX_BAD_LINES) {
		warn(r, "%d unreadable lines: this does not look like a config file; stopped "
			"reading", r->bad_lines);
		r->stop = true;
		return NULL;
	}
	str[0] = '\0';
	return str;
}

static int next_byte(reader *r)
{
	return r->pos < r->len ? (unsigned char)r->buf[r->pos++] : EOF;
}

static char *read_line(char *str, int num, void *stream)
{
	reader *r = stream;
	check_previous(r);
	if (r->stop || num < 2)
		return NULL;
	size_t cap = (size_t)num - 1;
	size_t len = 0;
	bool got = false, too_long = false;
	int ch;
	while ((ch = next_byte(r)) != EOF) {
		got = true;
		if (++r->bytes > CONFIG_MAX_BYTES) {
			diag_add(r->diags, r->path, r->line + 1,
				 "the file is larger than %d bytes; stopped reading here",
				 CONFIG_MAX_BYTES);
			r->stop = true;
			return NULL;
		}
		if (ch == '\n')
			break;
		if (len < cap)
			str[len++] = (char)ch;
		else
			too_long = true;
	}
	if (!got)
		return NULL;
	r->line++;
	if (too_long) {
		warn(r, "the line is longer than %zu bytes; ignored", cap);
		return bad_line(r, str);
	}
	if (len > 0 && str[len - 1] == '\r')
		len--;
	size_t junk = first_junk(str, len);
	if (junk) {
		unsigned char b = (unsigned char)str[junk - 1];
		if (b < 0x80)
			warn(r, "control character 0x%02X at column %zu; line ignored", b, junk);
		else
			warn(r, "byte 0x%02X at column %zu is not valid UTF-8; line ignored", b, junk);
		return bad_line(r, str);
	}
	/* The byte order mark some Windows editors write. inih would skip it
	 * too, but the line must be classified without it ("\xEF\xBB\xBF;"
	 * is a comment). */
	size_t skip = 0;
	if (r->line == 1 && len >= 3 && memcmp(str, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	/* Leading blanks are dropped so that an indented key is a key: inih
	 * would otherwise take it as a continuation of the previous value. */
	while (skip < len && (str[skip] == ' ' || str[skip] == '\t'))
		skip++;
	memmove(str, str + skip, len - skip);
	len -= skip;
	str[len] = '\0';
	if (str[0] == '[') {
		if (!strchr(str, ']'))
			syntax_error(r, "section header without \"]\"");
	} else if (str[0] && str[0] != ';' && str[0] != '#') {
		r->kind = LINE_KEY;
	}
	return str;
}

static void run(reader *r)
{
	int rc = ini_parse_stream(read_line, r, on_key, r);
	if (rc < 0) /* only when inih is built to allocate, and that failed */
		diag_add(r->diags, r->path, 0, "the INI parser ran out of memory; some lines unread");
	/* inih returns the first line it could not parse. Our checks above
	 * follow its rules; if it still disagrees (e.g. "[a ;b]", where the
	 * inline comment hides the "]"), say so rather than stay silent. */
	if (rc > 0 && rc != r->first_bad_syntax)
		diag_add(r->diags, r->path, rc, "not a \"[section]\" or \"key = value\" line; ignored");
	/* Which PIN is in force is decided once the whole file is read. */
	if (r->pin_off) {
		r->c->staff_pin[0] = '\0';
	} else if (r->c->staff_pin[0] && r->c->staff_pin_hash[0]) {
		diag_add(r->diags, r->path, r->set_on[KEY_STAFF_PIN],
			 "staff_pin and staff_pin_hash (line %d) are both set; staff_pin_hash is used",
			 r->set_on[KEY_STAFF_PIN_HASH]);
		r->c->staff_pin[0] = '\0';
	}
}

int config_load(const char *path, bool missing_ok, app_config *c, diag_list *diags)
{
	char *buf = NULL;
	size_t len = 0;
	const char *why = NULL;
	struct stat st;
	switch (file_read(path, CONFIG_MAX_BYTES, &buf, &len, &why)) {
	case FILE_READ_OK:
		break;
	case FILE_READ_TOO_LARGE:
		diag_add(diags, path, 0, "larger than %d KiB, so not a config file; using the defaults",
			 CONFIG_MAX_BYTES / 1024);
		return CONFIG_UNREADABLE;
	case FILE_READ_ERROR:
		/* Absence is checked after the failure, so the message is about
		 * what is really there. */
		if (missing_ok && lstat(path, &st) != 0 && errno == ENOENT)
			return CONFIG_ABSENT;
		diag_add(diags, path, 0, "cannot read: %s; using the defaults", why);
		return CONFIG_UNREADABLE;
	}
	config_parse(path, buf, len, c, diags);
	free(buf);
	return CONFIG_READ;
}

void config_parse(const char *name, const char *buf, size_t len, app_config *c,
		  diag_list *diags)
{
	reader r = {.buf = buf, .len = len, .path = name, .diags = diags, .c = c};
	run(&r);
}

/* The shortest decimal that reads back as the same float, so that printed
 * settings parse to exactly what is in effect (1.25, not 1.25000000). */
static void print_float(FILE *out, float v)
{
	char buf[32];
	double back;
	for (int digits = 1; digits <= 9; digits++) {
		snprintf(buf, sizeof buf, "%.*g", digits, (double)v);
		if (parse_decimal(buf, &back) == 0 && (float)back == v)
			break;
	}
	fputs(buf, out);
}

/* The longest line the reader takes: inih's buffer, less its NUL. */
#define LINE_MAX_BYTES (INI_MAX_LINE - 1)

/* A path written so that the reader takes back exactly it:
 *   - in quotes where it needs them: spaces at either end, which the reader
 *     would trim, or quotes at both ends, which it would take off;
 *   - as "key=path", without spaces, where "key = path" would not do: a
 *     path that starts with ";" (after a space it reads as a comment;
 *     right after the "=" it does not, which is how it was read), or a line
 *     longer than the reader takes. That form is never longer than the
 *     line the path came from (its key, its "=" or ":", its quotes if it
 *     has them), so a path read is a path printed.
 * Nothing inside needs escaping: a value read never holds a space before
 * ";", where the reader would have cut it. */
static void print_path(FILE *out, const char *key, const char *path)
{
	size_t len = strlen(path);
	bool quote = len > 0 && (path[0] == ' ' || path[0] == '\t' || path[len - 1] == ' ' ||
				 path[len - 1] == '\t' ||
				 (len >= 2 && path[0] == '"' && path[len - 1] == '"'));
	const char *q = quote ? "\"" : "";
	bool tight = path[0] == ';' || strlen(key) + 3 + len + 2 * quote > LINE_MAX_BYTES;
	fprintf(out, "%s%s%s%s%s\n", key, tight ? "=" : len ? " = " : " =", q, path, q);
}

void config_print(const app_config *c, FILE *out)
{
	fprintf(out, "[taflen]\n");
	fprintf(out, "idle_timeout = %u\n", c->idle_timeout);
	fprintf(out, "warning_seconds = %u\n", c->warning_seconds);
	print_path(out, "content_dir", c->content_dir);
	fprintf(out, "; staff_pin: %s\n", c->staff_pin[0] ? "set (not shown)" : "not set");
	fprintf(out, "staff_pin_hash =%s%s\n", c->staff_pin_hash[0] ? " " : "", c->staff_pin_hash);
	fprintf(out, "rotation = %d\n", c->rotation);
	fputs("text_scale = ", out);
	print_float(out, c->text_scale);
	fputc('\n', out);
	fprintf(out, "fullscreen = %s\n", c->fullscreen ? "true" : "false");
	fprintf(out, "renderer = %s\n", renderer_names[c->renderer]);
	fprintf(out, "quiz_on_menu = %s\n", c->quiz_on_menu ? "true" : "false");
	fprintf(out, "speech = %s\n", c->speech ? "true" : "false");
	fprintf(out, "stats = %s\n", c->stats ? "true" : "false");
	print_path(out, "stats_db", c->stats_db);
	fprintf(out, "stats_keep_days = %u\n", c->stats_keep_days);
	fprintf(out, "kiosk_id = %s\n", c->kiosk_id);
}

bool config_has_pin(const app_config *c)
{
	return c->staff_pin[0] || c->staff_pin_hash[0];
}

/* sodium_init is called before each use rather than once from main: it does
 * its work the first time only, and this way every caller (the tests too)
 * gets an initialised library. */
bool config_pin_matches(const app_config *c, const char *typed)
{
	if (c->staff_pin_hash[0])
		return sodium_init() >= 0 &&
		       crypto_pwhash_str_verify(c->staff_pin_hash, typed, strlen(typed)) == 0;
	return c->staff_pin[0] && strcmp(typed, c->staff_pin) == 0;
}

int config_hash_pin(const char *pin, char *out, size_t size, const char **why)
{
	char hash[crypto_pwhash_STRBYTES];
	if (!pin_valid(pin)) {
		*why = "a staff PIN is 4 to 12 digits (0-9)";
		return -1;
	}
	if (sodium_init() < 0 ||
	    crypto_pwhash_str(hash, pin, strlen(pin), PIN_HASH_OPSLIMIT, PIN_HASH_MEMLIMIT) != 0) {
		*why = "hashing failed (out of memory?)";
		return -1;
	}
	int n = snprintf(out, size, "staff_pin_hash = %s", hash);
	if (n < 0 || (size_t)n >= size) {
		*why = "the output buffer is too small";
		return -1;
	}
	return 0;
}
