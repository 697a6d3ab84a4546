/* taflen: the command line. Picks a mode (kiosk, screenshot, script replay,
 * content check, layout dump, config print, usage figures), sets it up and
 * hands over. */
#include <SDL.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/config.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/log.h"
#include "content/content.h"
#include "platform/audio.h"
#include "platform/loop.h"
#include "platform/paths.h"
#include "platform/replay.h"
#include "platform/script.h"
#include "platform/video.h"
#include "platform/watch.h"
#include "speech/saylist.h"
#include "speech/speakout.h"
#include "stats/stats.h"
#include "text/dump.h"
#include "text/layout.h"

static const char usage[] =
	"Usage: taflen [OPTION]...\n"
	"The bilingual (Cymraeg / English) touchscreen kiosk. With no options it runs\n"
	"fullscreen on the shipped content.\n"
	"\n"
	"Kiosk:\n"
	"  --windowed            a window instead of fullscreen; Escape and closing quit\n"
	"  --size WxH            window or picture size, 200 to 16384 pixels a side\n"
	"                        (default 1080x1920)\n"
	"  --content DIR         content folder (default: the shipped assets/content)\n"
	"  --config FILE         configuration (default /etc/taflen/taflen.conf if present)\n"
	"  --print-config        print the effective configuration and exit\n"
	"  --hash-pin            read a staff PIN from standard input and print the\n"
	"                        staff_pin_hash line for the configuration\n"
	"  --stats-db FILE       the usage figures' database (default: stats_db of the\n"
	"                        config); --headless runs record only into this file\n"
	"Without a display:\n"
	"  --screenshot OUT.png  render one frame to a PNG with the software renderer\n"
	"  --lang TAG            the language to start in, one of the content's: cy, en,\n"
	"                        or another its folder adds (default cy)\n"
	"  --screen NAME         welcome, menu, leaflet[:PAGE], leaflet/SLUG[:PAGE], learn,\n"
	"                        quiz, quiz-result,\n"
	"                        contact:tel, contact:mailto, contact:save, contact:url,\n"
	"                        contents:PAGE (the list of pages over that page),\n"
	"                        staff, dashboard (with --stats-db, the figures in it)\n"
	"  --headless            draw the first frame without a display, then exit\n"
	"  --headless --script FILE [--trace]\n"
	"                        replay a script of at most 1 MiB on a virtual clock\n"
	"                        (docs/scripts.md); exit 1 when an expectation fails,\n"
	"                        2 on a malformed line\n"
	"Tools:\n"
	"  --check-content [DIR] validate a content folder (default: the shipped one)\n"
	"  --dump-layout FILE --width PX --size PX [--lang L] [--greedy]\n"
	"                        print the line boxes of a text file of at most 1 MiB as\n"
	"                        JSON lines; width 1 to 16384 px, font size 1 to 1000 px\n"
	"  --stats-export OUT.csv [--since YYYY-MM-DD]\n"
	"                        the usage figures, one row per session (- : stdout)\n"
	"  --stats-summary       the usage figures' headline numbers\n"
	"  --speak-to OUT.wav [--lang L] [--screen leaflet[/SLUG][:N]|learn|quiz]\n"
	"                        read a screen aloud into a WAV file; one JSON line per\n"
	"                        word (docs/speech.md); exit 2 when L has no voice\n"
	"  --verbose             log more\n"
	"  --help                this text\n"
	"Only one of --print-config, --hash-pin, --screenshot, --headless,\n"
	"--check-content, --dump-layout, --stats-export, --stats-summary and --speak-to\n"
	"may be given.\n"
	"Environment: TAFLEN_DATA_DIR, the folder holding assets/ and fonts/ (default:\n"
	"next to the program, or PREFIX/share/taflen)\n";

/* What the command line asks for: the kiosk, or one of the modes below. */
typedef enum {
	MODE_KIOSK,
	MODE_PRINT_CONFIG,
	MODE_HASH_PIN,
	MODE_SCREENSHOT,
	MODE_HEADLESS,
	MODE_CHECK_CONTENT,
	MODE_DUMP_LAYOUT,
	MODE_STATS_EXPORT,
	MODE_STATS_SUMMARY,
	MODE_SPEAK_TO,
	MODE_COUNT
} mode;

#define IN(m) (1u << (m))
#define ANY_MODE ((1u << MODE_COUNT) - 1)
/* The modes a picture or the app is set up in. */
#define APP_MODES (IN(MODE_KIOSK) | IN(MODE_SCREENSHOT) | IN(MODE_HEADLESS))
/* The modes that read the usage figures' database. */
#define STATS_MODES (IN(MODE_STATS_EXPORT) | IN(MODE_STATS_SUMMARY))

/* Every option: its argument, the mode it selects (MODE_KIOSK: none), and the
 * modes it means something in. An option outside its modes is an error, not
 * silently ignored. */
enum { OPT_FIRST = 256 }; /* getopt_long's values, clear of any character */
static const struct {
	struct option o;
	mode selects;
	unsigned modes;
} opts[] = {
	{{"help", no_argument, NULL, 0}, MODE_KIOSK, ANY_MODE},
	{{"verbose", no_argument, NULL, 0}, MODE_KIOSK, ANY_MODE},
	{{"windowed", no_argument, NULL, 0}, MODE_KIOSK, IN(MODE_KIOSK)},
	{{"size", required_argument, NULL, 0}, MODE_KIOSK, APP_MODES | IN(MODE_DUMP_LAYOUT)},
	{{"content", required_argument, NULL, 0}, MODE_KIOSK,
	 APP_MODES | IN(MODE_PRINT_CONFIG) | IN(MODE_SPEAK_TO)},
	{{"config", required_argument, NULL, 0}, MODE_KIOSK,
	 APP_MODES | IN(MODE_PRINT_CONFIG) | STATS_MODES},
	{{"stats-db", required_argument, NULL, 0}, MODE_KIOSK,
	 APP_MODES | IN(MODE_PRINT_CONFIG) | STATS_MODES},
	{{"since", required_argument, NULL, 0}, MODE_KIOSK, IN(MODE_STATS_EXPORT)},
	{{"lang", required_argument, NULL, 0}, MODE_KIOSK,
	 APP_MODES | IN(MODE_DUMP_LAYOUT) | IN(MODE_SPEAK_TO)},
	{{"screen", required_argument, NULL, 0}, MODE_KIOSK, APP_MODES | IN(MODE_SPEAK_TO)},
	{{"script", required_argument, NULL, 0}, MODE_KIOSK, IN(MODE_HEADLESS)},
	{{"trace", no_argument, NULL, 0}, MODE_KIOSK, IN(MODE_HEADLESS)},
	{{"width", required_argument, NULL, 0}, MODE_KIOSK, IN(MODE_DUMP_LAYOUT)},
	{{"greedy", no_argument, NULL, 0}, MODE_KIOSK, IN(MODE_DUMP_LAYOUT)},
	{{"print-config", no_argument, NULL, 0}, MODE_PRINT_CONFIG, 0},
	{{"hash-pin", no_argument, NULL, 0}, MODE_HASH_PIN, 0},
	{{"screenshot", required_argument, NULL, 0}, MODE_SCREENSHOT, 0},
	{{"headless", no_argument, NULL, 0}, MODE_HEADLESS, 0},
	{{"check-content", no_argument, NULL, 0}, MODE_CHECK_CONTENT, 0},
	{{"dump-layout", required_argument, NULL, 0}, MODE_DUMP_LAYOUT, 0},
	{{"stats-export", required_argument, NULL, 0}, MODE_STATS_EXPORT, 0},
	{{"stats-summary", no_argument, NULL, 0}, MODE_STATS_SUMMARY, 0},
	{{"speak-to", required_argument, NULL, 0}, MODE_SPEAK_TO, 0},
};
#define N_OPTS (sizeof opts / sizeof opts[0])

#define SIZE_MIN 200
#define SIZE_MAX_PX 16384
#define FONT_PX_MAX 1000.0
/* --dump-layout holds about 128 bytes per input byte while it works; 1 MiB,
 * the content files' own limit, keeps that near 128 MiB. */
#define DUMP_MAX_BYTES (1024 * 1024)

typedef struct {
	mode mode;
	bool windowed, trace, greedy;
	int w, h;
	double width_px, size_px;
	const char *size, *width, *content, *config, *screenshot, *script, *dump, *check_dir;
	const char *screen;
	const char *stats_db, *stats_export, *since;
	const char *speak_to;
	const char *lang; /* a tag, checked against the content once it is loaded */
} options;

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "taflen: %s%s%s (see --help)\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

/* A whole number in [lo, hi] running up to `stop` (one of "x" or ""). */
static int parse_side(const char *s, char stop, const char **rest, int *out)
{
	if (*s < '0' || *s > '9') /* strtol would take spaces and signs */
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end != stop || v < SIZE_MIN || v > SIZE_MAX_PX)
		return -1;
	*out = (int)v;
	*rest = end + (stop ? 1 : 0);
	return 0;
}

static int parse_size(const char *s, int *w, int *h)
{
	return parse_side(s, 'x', &s, w) == 0 && parse_side(s, '\0', &s, h) == 0 ? 0 : -1;
}

/* A finite number in [lo, hi]: "nan", "inf" and "1e999" are refused. */
static int parse_number(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || end == s || errno || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int conflict(const char *a, const char *b)
{
	fprintf(stderr, "taflen: options --%s and --%s cannot be used together (see --help)\n", a, b);
	return 2;
}

/* The values that need the mode to be known first. */
static int parse_values(options *o)
{
	if (o->mode == MODE_DUMP_LAYOUT) {
		if (!o->width || !o->size)
			return bad("--dump-layout needs --width PX and --size PX", NULL);
		if (parse_number(o->width, 1, SIZE_MAX_PX, &o->width_px) != 0)
			return bad("--width wants a number of pixels from 1 to 16384", o->width);
		if (parse_number(o->size, 1, FONT_PX_MAX, &o->size_px) != 0)
			return bad("--size wants a font size from 1 to 1000 px with --dump-layout",
				   o->size);
	} else if (o->size && parse_size(o->size, &o->w, &o->h) != 0) {
		return bad("--size wants WxH, each from 200 to 16384 pixels", o->size);
	}
	if (o->trace && !o->script)
		return bad("--trace needs --script", NULL);
	return -1;
}

/* Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, options *o)
{
	struct option longs[N_OPTS + 1];
	for (size_t i = 0; i < N_OPTS; i++) {
		longs[i] = opts[i].o;
		longs[i].val = OPT_FIRST + (int)i;
	}
	longs[N_OPTS] = (struct option){0};
	int used[N_OPTS] = {0}; /* 1 + the order each option was seen in */
	int seen = 0, c;
	size_t mode_i = 0; /* the mode option given, if any */
	const char *mode_opt = NULL;
	opterr = 0; /* our own messages, in our own format */
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
		if (c == '?')
			return bad("unknown option", argv[optind - 1]);
		if (c == ':')
			return bad("missing value for", argv[optind - 1]);
		size_t i = c == 'h' ? 0 : (size_t)(c - OPT_FIRST);
		const char *name = opts[i].o.name, *arg = optarg;
		used[i] = ++seen;
		if (opts[i].selects != MODE_KIOSK) {
			if (mode_opt && strcmp(mode_opt, name) != 0)
				return conflict(mode_opt, name);
			mode_opt = name;
			mode_i = i;
			o->mode = opts[i].selects;
		}
		if (strcmp(name, "help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(name, "verbose") == 0) {
			log_set_level(LOG_DEBUG);
		} else if (strcmp(name, "windowed") == 0) {
			o->windowed = true;
		} else if (strcmp(name, "trace") == 0) {
			o->trace = true;
		} else if (strcmp(name, "greedy") == 0) {
			o->greedy = true;
		} else if (strcmp(name, "size") == 0) {
			o->size = arg;
		} else if (strcmp(name, "width") == 0) {
			o->width = arg;
		} else if (strcmp(name, "lang") == 0) {
			size_t n = strlen(arg);
			if (n < 2 || n > 3 || strspn(arg, "abcdefghijklmnopqrstuvwxyz") != n)
				return bad("--lang is a language tag such as cy, en or pl, not", arg);
			o->lang = arg;
		} else if (strcmp(name, "screen") == 0) {
			o->screen = arg;
		} else if (strcmp(name, "content") == 0) {
			o->content = arg;
		} else if (strcmp(name, "config") == 0) {
			o->config = arg;
		} else if (strcmp(name, "screenshot") == 0) {
			o->screenshot = arg;
		} else if (strcmp(name, "script") == 0) {
			o->script = arg;
		} else if (strcmp(name, "dump-layout") == 0) {
			o->dump = arg;
		} else if (strcmp(name, "stats-db") == 0) {
			o->stats_db = arg;
		} else if (strcmp(name, "stats-export") == 0) {
			o->stats_export = arg;
		} else if (strcmp(name, "since") == 0) {
			o->since = arg;
		} else if (strcmp(name, "speak-to") == 0) {
			o->speak_to = arg;
		}
	}
	/* getopt_long has moved the words that are not options to the end. */
	if (optind < argc && o->mode == MODE_CHECK_CONTENT)
		o->check_dir = argv[optind++];
	if (optind < argc)
		return bad("unexpected argument", argv[optind]);
	/* Every option given must mean something in the mode chosen. */
	for (size_t i = 0; i < N_OPTS; i++) {
		if (!used[i] || (opts[i].modes & IN(o->mode)) || opts[i].selects != MODE_KIOSK)
			continue;
		if (mode_opt)
			return used[i] < used[mode_i] ? conflict(opts[i].o.name, mode_opt)
						      : conflict(mode_opt, opts[i].o.name);
		/* Kiosk mode: name the option it needs. */
		for (size_t j = 0; j < N_OPTS; j++)
			if (opts[j].selects != MODE_KIOSK && (opts[i].modes & IN(opts[j].selects))) {
				fprintf(stderr, "taflen: --%s needs --%s (see --help)\n", opts[i].o.name,
					opts[j].o.name);
				return 2;
			}
	}
	return parse_values(o);
}

static int load_config(const options *o, app_config *c)
{
	config_defaults(c);
	diag_list *d = diag_list_new();
	if (!d)
		return -1;
	/* The default file is optional; anything else wrong with it, or with
	 * a file named by --config, is said in one line. */
	config_load(o->config ? o->config : CONFIG_DEFAULT_PATH, !o->config, c, d);
	diag_print(d, stderr);
	diag_list_free(d);
	if (o->content)
		snprintf(c->content_dir, sizeof c->content_dir, "%s", o->content);
	if (o->stats_db)
		snprintf(c->stats_db, sizeof c->stats_db, "%s", o->stats_db);
	return 0;
}

static int check_content(const char *data_dir, const char *dir)
{
	char shipped[4096], fonts_dir[4096];
	snprintf(shipped, sizeof shipped, "%s/assets/content", data_dir);
	snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", data_dir);
	if (!dir) {
		/* Say which copy: an installed program and a source tree each
		 * have one, and a pass for the wrong one is worse than none. */
		dir = shipped;
		printf("checking %s\n", dir);
	}
	diag_list *d = diag_list_new();
	content *c = NULL;
	text_engine *eng = NULL;
	if (!d)
		return 1;
	/* Without fonts (a broken install, reported) the rest is still worth
	 * checking. */
	int rc = text_engine_new(fonts_dir, d, &eng) == 0 ? app_load_content(eng, dir, d, &c)
							   : content_load(dir, d, &c);
	saylist_check_content(dir, c, d);
	diag_print(d, stdout);
	if (diag_count(d) == 0 && rc == 0) {
		size_t files = 0, sections = 0, blocks = 0;
		for (size_t i = 0; i < content_n_files(c); i++) {
			const content_file *f = content_file_at(c, i);
			if (!f)
				continue; /* a language a leaflet lacks */
			files++;
			sections += f->n_sections;
			for (size_t s = 0; s < f->n_sections; s++)
				blocks += f->sections[s].n_blocks;
		}
		printf("%s: valid: %zu items in the catalogue, %d languages: %zu files, %zu sections, %zu blocks\n",
		       dir, content_n_items(c), content_n_langs(c), files, sections, blocks);
	} else {
		printf("%s: %zu problem%s\n", dir, diag_count(d), diag_count(d) == 1 ? "" : "s");
	}
	int failed = diag_count(d) > 0 || rc != 0;
	content_free(c);
	text_engine_free(eng);
	diag_list_free(d);
	return failed ? 1 : 0;
}

static int dump_layout(const char *data_dir, const options *o)
{
	char fonts_dir[4096];
	snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", data_dir);
	char *buf = NULL;
	size_t len = 0;
	const char *why = NULL;
	switch (file_read(o->dump, DUMP_MAX_BYTES, &buf, &len, &why)) {
	case FILE_READ_OK:
		break;
	case FILE_READ_TOO_LARGE:
		fprintf(stderr, "%s: larger than 1 MiB, the --dump-layout limit\n", o->dump);
		return 1;
	case FILE_READ_ERROR:
		fprintf(stderr, "%s: cannot read: %s\n", o->dump, why);
		return 1;
	}
	lang_id lang;
	if (lang_parse(o->lang, &lang) != 0) {
		fprintf(stderr, "--dump-layout lays text out in cy or en, not %s\n", o->lang);
		free(buf);
		return 1;
	}
	diag_list *d = diag_list_new();
	text_engine *eng = NULL;
	int rc = 1;
	if (d && text_engine_new(fonts_dir, d, &eng) == 0) {
		/* A stand-in font changes every width: say so before the figures. */
		diag_print(d, stderr);
		text_params p = {.width = (float)o->width_px, .body_px = (float)o->size_px,
				 .lang = lang, .greedy = o->greedy};
		rc = text_dump_layout(eng, buf, len, &p, stdout) == 0 ? 0 : 1;
	} else if (d) {
		diag_print(d, stderr);
	}
	text_engine_free(eng);
	diag_list_free(d);
	free(buf);
	return rc;
}

/* When a visit started, for the usage figures. The kiosk asks the real
 * clock at that moment, so that a clock set late by NTP is right by the
 * first visitor; a replay counts its virtual clock (ms from 0) from the
 * Unix time it started at, *ctx. */
static int64_t real_time(void *ctx, uint64_t now)
{
	(void)ctx;
	(void)now;
	return (int64_t)time(NULL);
}

static int64_t replay_time(void *ctx, uint64_t now)
{
	return *(const int64_t *)ctx + (int64_t)(now / 1000);
}

/* The usage figures' writer, or NULL: recording is off in the config, or
 * this is a headless run (a test or a tool) without --stats-db. */
static stats *start_stats(const options *o, app_options *ao, bool headless, int64_t *t0)
{
	*t0 = (int64_t)time(NULL);
	ao->wall_time = headless ? replay_time : real_time;
	ao->wall_ctx = t0;
	if (!ao->config.stats || (headless && !o->stats_db))
		return NULL;
	stats_options so = {.path = ao->config.stats_db, .kiosk_id = ao->config.kiosk_id,
			    .keep_days = ao->config.stats_keep_days,
			    .ack = o->trace ? stdout : NULL};
	stats *s = NULL;
	if (stats_open(&so, &s) != STATS_OK)
		fprintf(stderr, "taflen: cannot start the usage figures' writer; not recording\n");
	return s;
}

static int run_headless(app *a, const options *o)
{
	int w = o->w ? o->w : 1080, h = o->h ? o->h : 1920;
	video *v = NULL;
	if (video_open_headless(w, h, &v) != 0)
		return 1;
	int rc = 0;
	app_attach_renderer(a, video_renderer(v), w, h);
	app_draw_into(a, video_surface(v));
	lang_id lang = LANG_CY;
	if (app_lang_find(a, o->lang, &lang) != 0) {
		fprintf(stderr, "taflen: --lang %s: the content has no such language\n", o->lang);
		rc = 2;
	} else if (o->screen && app_open(a, o->screen, lang) != 0) {
		fprintf(stderr, "taflen: unknown screen \"%s\" (welcome, menu, leaflet[:PAGE], "
				"leaflet/SLUG[:PAGE], learn, quiz, quiz-result, contact:tel|mailto|save|url, "
				"contents:PAGE, staff, dashboard)\n", o->screen);
		rc = 2;
	} else if (o->script) {
		diag_list *d = diag_list_new();
		script *s = NULL;
		if (!d || script_load(o->script, d, &s) != 0) {
			if (d)
				diag_print(d, stderr);
			rc = 2;
		} else {
			uint64_t clock = 0;
			rc = replay_run(a, v, s, o->trace ? stdout : NULL, &clock);
		}
		script_free(s);
		diag_list_free(d);
	}
	if (rc == 0 && (o->screenshot || !o->script)) {
		/* --headless alone draws the first frame and stops: a dry run,
		 * and what the bench times as start-up. */
		video_begin(v);
		app_render(a);
		video_present(v);
		if (o->screenshot)
			rc = video_save_png(v, o->screenshot) == 0 ? 0 : 1;
	}
	app_attach_renderer(a, NULL, w, h);
	video_close(v);
	return rc;
}

/* The sound output for the app's reading aloud, or NULL: none asked for,
 * or none there (then the app offers no Listen, and one line says why). */
static audio *open_audio(app *a, bool headless)
{
	audio *au = NULL;
	const char *why = NULL;
	if (!app_speech(a))
		return NULL;
	if (audio_open(headless, speech_sample_rate(app_speech(a)), &au, &why) != 0) {
		LOG(LOG_WARN, "no sound output (%s): reading aloud is off", why);
		app_speech_off(a);
		return NULL;
	}
	audio_play(au, app_speech(a));
	return au;
}

/* The window's sound output, opened by the loop after its first frame. */
typedef struct {
	app *a;
	audio *au;
} sound;

static void open_window_audio(void *ctx)
{
	sound *s = ctx;
	s->au = open_audio(s->a, false);
}

/* --hash-pin: one line from standard input (a kiosk tool, run by whoever
 * sets the kiosk up; the PIN is not secret from them). */
static int hash_pin(void)
{
	char line[64], out[256];
	const char *why = NULL;
	if (isatty(STDIN_FILENO))
		fputs("Staff PIN (4 to 12 digits), then Enter: ", stderr);
	if (!fgets(line, sizeof line, stdin)) {
		fputs("taflen: --hash-pin: no PIN on standard input\n", stderr);
		return 1;
	}
	line[strcspn(line, "\r\n")] = '\0';
	int rc = config_hash_pin(line, out, sizeof out, &why);
	explicit_bzero(line, sizeof line);
	if (rc != 0) {
		fprintf(stderr, "taflen: --hash-pin: %s\n", why);
		return 1;
	}
	puts(out);
	return 0;
}

/* LeakSanitizer checks for leaks as the process exits normally: a build
 * with AddressSanitizer keeps that exit (GCC says so with a macro, clang
 * with __has_feature). */
#if defined(__SANITIZE_ADDRESS__)
#define LEAVE_BY_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEAVE_BY_EXIT 1
#endif
#endif

/* Ends the process once everything of ours is closed and flushed, without
 * the libraries' own teardown: their destructors (ICU, libstdc++, GLib,
 * PulseAudio and some 60 more) only give back memory that the kernel takes
 * back anyway, and running them faults in their code, about 0.5 MB, which
 * was the peak of a headless run, and 1-2 ms (docs/performance.md).
 * Valgrind still checks for leaks at _exit. */
static int leave(int rc)
{
#ifndef LEAVE_BY_EXIT
	fflush(NULL);
	_exit(rc);
#endif
	return rc;
}

int main(int argc, char **argv)
{
	options o = {.lang = "cy"};
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.mode == MODE_HASH_PIN)
		return hash_pin();
	char data_dir[2048];
	if (paths_data_dir(data_dir, sizeof data_dir) != 0) {
		fprintf(stderr, "taflen: cannot find the shipped data (a folder with assets/content) "
				"next to the program or in the current folder; set TAFLEN_DATA_DIR\n");
		return 1;
	}
	if (o.mode == MODE_CHECK_CONTENT)
		return check_content(data_dir, o.check_dir);
	if (o.mode == MODE_DUMP_LAYOUT)
		return dump_layout(data_dir, &o);
	if (o.mode == MODE_SPEAK_TO) {
		char shipped[4096];
		snprintf(shipped, sizeof shipped, "%s/assets/content", data_dir);
		return speakout_run(o.content ? o.content : shipped, o.lang,
				    o.screen ? o.screen : "leaflet:1", o.speak_to, stdout, stderr);
	}

	app_options ao = {.data_dir = data_dir, .kiosk = !o.windowed};
	if (load_config(&o, &ao.config) != 0)
		return 1;
	if (o.mode == MODE_PRINT_CONFIG) {
		config_print(&ao.config, stdout);
		return 0;
	}
	if (o.mode == MODE_STATS_EXPORT || o.mode == MODE_STATS_SUMMARY)
		return stats_report(ao.config.stats_db, o.stats_export, o.since,
				    o.mode == MODE_STATS_SUMMARY);
	bool headless = o.mode == MODE_SCREENSHOT || o.mode == MODE_HEADLESS;
	/* Touches must arrive once, as finger events, not again as mouse clicks. */
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	/* SDL would turn SIGTERM and SIGINT into SDL_QUIT, which the kiosk
	 * ignores (a window close is a visitor's way out); then `systemctl
	 * stop` would wait 90 s for SIGKILL. Left to their default action, the
	 * signals end the process at once, losing at most the visit in progress
	 * and sessions the stats writer has not yet committed (docs/stats.md). */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	/* GL drivers may keep a shader cache in ~/.cache: the kiosk writes
	 * nothing to disk but its usage figures, whoever starts it (the systemd
	 * unit sets it too). */
	setenv("MESA_SHADER_CACHE_DISABLE", "true", 0);
	/* SIGHUP reloads the content (docs/content.md); it must be blocked
	 * before SDL starts any thread, or one of them takes the default
	 * action, exit. */
	if (!headless && watch_block_hangup() != 0)
		fprintf(stderr, "taflen: cannot block SIGHUP; it will stop the kiosk\n");
	if (SDL_Init(headless ? 0 : SDL_INIT_EVENTS) != 0) {
		fprintf(stderr, "taflen: SDL_Init: %s\n", SDL_GetError());
		return 1;
	}
	int64_t t0;
	stats *st = start_stats(&o, &ao, headless, &t0);
	ao.stats = st;
	/* Read-aloud's samples go to the sound card, or in a headless run to
	 * the virtual clock (SDL's dummy driver stands in for the card). */
	ao.audio = ao.config.speech;
	diag_list *d = diag_list_new();
	app *a = NULL;
	if (!d || app_new(&ao, d, &a) != 0) {
		if (d)
			diag_print(d, stderr);
		diag_list_free(d);
		stats_close(st);
		SDL_Quit();
		return 1;
	}
	diag_print(d, stderr);
	diag_list_free(d);
	audio *au = NULL;

	if (headless) {
		au = open_audio(a, true);
		rc = run_headless(a, &o);
	} else {
		/* Content updates are picked up live (docs/content.md); without
		 * a watch the kiosk still runs, and a restart shows new content. */
		char buf[4096];
		const char *dir = app_content_dir(a, buf, sizeof buf), *why = NULL;
		watch_options wo = {.check_ms = WATCH_CHECK_MS, .inotify = true, .hangup = true};
		watch *w = NULL;
		if (watch_new(dir, &wo, &w, &why) != 0)
			fprintf(stderr, "taflen: %s: cannot watch for content updates: %s\n", dir, why);
		else if (why)
			fprintf(stderr, "taflen: %s: %s\n", dir, why);
		video *v = NULL;
		bool fullscreen = ao.config.fullscreen && !o.windowed;
		if (video_open_window(fullscreen, o.w, o.h, ao.config.rotation, ao.config.renderer,
				      &v) != 0) {
			rc = 1;
		} else {
			lang_id lang = LANG_CY;
			if (app_lang_find(a, o.lang, &lang) != 0)
				fprintf(stderr, "taflen: --lang %s: the content has no such language; "
						"starting in cy\n", o.lang);
			if (o.screen && app_open(a, o.screen, lang) != 0)
				fprintf(stderr, "taflen: unknown screen \"%s\"; starting on welcome\n",
					o.screen);
			/* After the first frame: a kiosk without a display
			 * stops before it touches the sound card, and one
			 * with a display shows its first picture sooner. */
			sound s = {a, NULL};
			rc = loop_run(a, v, w, open_window_audio, &s);
			au = s.au;
			video_close(v);
		}
		watch_free(w);
	}
	audio_close(au);
	app_free(a);
	stats_close(st);
	SDL_Quit();
	return leave(rc);
}
