/* taflen: the command line. Picks a mode (kiosk, screenshot, script replay,
 * content check, layout dump, config print), sets it up and hands over. */
#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/config.h"
#include "base/diag.h"
#include "base/file.h"
#include "base/log.h"
#include "content/content.h"
#include "platform/loop.h"
#include "platform/paths.h"
#include "platform/replay.h"
#include "platform/script.h"
#include "platform/video.h"
#include "speech/saylist.h"
#include "speech/speakout.h"
#include "text/dump.h"
#include "text/layout.h"

static const char usage[] =
	"Usage: taflen [OPTION]...\n"
	"The bilingual (Cymraeg / English) touchscreen kiosk. With no options it runs\n"
	"fullscreen on the shipped content.\n"
	"\n"
	"Kiosk:\n"
	"  --windowed            a window instead of fullscreen; Escape and closing quit\n"
	"  --size WxH            window or picture size in pixels (default 1080x1920)\n"
	"  --content DIR         content folder (default: the shipped assets/content)\n"
	"  --config FILE         configuration (default /etc/taflen/taflen.conf if present)\n"
	"  --print-config        print the effective configuration and exit\n"
	"Without a display:\n"
	"  --screenshot OUT.png  render one frame to a PNG with the software renderer\n"
	"  --lang cy|en          the language to start in (default cy)\n"
	"  --screen NAME         welcome, menu, leaflet[:PAGE], learn, quiz, quiz-result\n"
	"  --headless            draw the first frame without a display, then exit\n"
	"  --headless --script FILE [--trace]\n"
	"                        replay a script on a virtual clock (docs/scripts.md);\n"
	"                        exit 1 when an expectation fails, 2 on a malformed line\n"
	"Tools:\n"
	"  --check-content [DIR] validate a content folder (default: the shipped one)\n"
	"  --dump-layout FILE --width PX --size PX [--lang L] [--greedy]\n"
	"                        print the line boxes of a text file as JSON lines\n"
	"  --speak-to OUT.wav --lang L --screen leaflet:N|learn|quiz\n"
	"                        read a screen aloud into a WAV file; one JSON line per\n"
	"                        word (docs/speech.md); exit 2 when L has no voice\n"
	"  --verbose             log more\n"
	"Environment: TAFLEN_DATA_DIR, the folder holding assets/ and fonts/ (default:\n"
	"next to the program, or PREFIX/share/taflen)\n"
	"  --help                this text\n";

typedef struct {
	bool windowed, headless, trace, greedy, print_config, check_content;
	int w, h;
	double width_px, size_px;
	const char *content, *config, *screenshot, *script, *dump, *check_dir, *speak_to;
	const char *screen;
	lang_id lang;
} options;

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "taflen: %s%s%s (see --help)\n", msg, arg ? ": " : "", arg ? arg : "");
	return 2;
}

static int parse_size(const char *s, int *w, int *h)
{
	char tail;
	if (sscanf(s, "%dx%d%c", w, h, &tail) != 2 || *w < 64 || *h < 64 || *w > 16384 || *h > 16384)
		return -1;
	return 0;
}

static int parse_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || end == s || errno)
		return -1;
	*out = v;
	return 0;
}

/* Returns -1 to go on, or an exit code. */
static int parse_args(int argc, char **argv, options *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE() \
	do { \
		if (!next) \
			return bad("missing value for", a); \
		i++; \
	} while (0)
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(a, "--windowed") == 0) {
			o->windowed = true;
		} else if (strcmp(a, "--headless") == 0) {
			o->headless = true;
		} else if (strcmp(a, "--trace") == 0) {
			o->trace = true;
		} else if (strcmp(a, "--greedy") == 0) {
			o->greedy = true;
		} else if (strcmp(a, "--verbose") == 0) {
			log_set_level(LOG_DEBUG);
		} else if (strcmp(a, "--print-config") == 0) {
			o->print_config = true;
		} else if (strcmp(a, "--check-content") == 0) {
			o->check_content = true;
			if (next && next[0] != '-') {
				o->check_dir = next;
				i++;
			}
		} else if (strcmp(a, "--size") == 0) {
			NEED_VALUE();
			/* WxH for screens; a plain number is the font size of --dump-layout. */
			if (strchr(next, 'x')) {
				if (parse_size(next, &o->w, &o->h) != 0)
					return bad("--size wants WxH between 64 and 16384", next);
			} else if (parse_number(next, &o->size_px) != 0 || o->size_px < 1 ||
				   o->size_px > 1000) {
				return bad("--size wants WxH, or a font size in px with --dump-layout", next);
			}
		} else if (strcmp(a, "--width") == 0) {
			NEED_VALUE();
			if (parse_number(next, &o->width_px) != 0)
				return bad("--width wants a number of pixels", next);
		} else if (strcmp(a, "--lang") == 0) {
			NEED_VALUE();
			if (lang_parse(next, &o->lang) != 0)
				return bad("--lang is cy or en, not", next);
		} else if (strcmp(a, "--screen") == 0) {
			NEED_VALUE();
			o->screen = next;
		} else if (strcmp(a, "--content") == 0) {
			NEED_VALUE();
			o->content = next;
		} else if (strcmp(a, "--config") == 0) {
			NEED_VALUE();
			o->config = next;
		} else if (strcmp(a, "--screenshot") == 0) {
			NEED_VALUE();
			o->screenshot = next;
		} else if (strcmp(a, "--script") == 0) {
			NEED_VALUE();
			o->script = next;
		} else if (strcmp(a, "--dump-layout") == 0) {
			NEED_VALUE();
			o->dump = next;
		} else if (strcmp(a, "--speak-to") == 0) {
			NEED_VALUE();
			o->speak_to = next;
		} else {
			return bad("unknown option", a);
		}
#undef NEED_VALUE
	}
	if (o->script && !o->headless)
		return bad("--script needs --headless", NULL);
	if (o->dump && (o->width_px == 0 || o->size_px == 0))
		return bad("--dump-layout needs --width PX and --size PX", NULL);
	return -1;
}

static int load_config(const options *o, app_config *c)
{
	config_defaults(c);
	diag_list *d = diag_list_new();
	if (!d)
		return -1;
	const char *path = o->config ? o->config : CONFIG_DEFAULT_PATH;
	FILE *probe = o->config ? NULL : fopen(path, "r");
	if (o->config || probe)
		config_load(path, c, d);
	if (probe)
		fclose(probe);
	diag_print(d, stderr);
	diag_list_free(d);
	if (o->content)
		snprintf(c->content_dir, sizeof c->content_dir, "%s", o->content);
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
	saylist_check_content(dir, d);
	diag_print(d, stdout);
	if (diag_count(d) == 0 && rc == 0) {
		size_t files = 0, sections = 0, blocks = 0;
		for (int l = 0; l < LANG_COUNT; l++)
			for (size_t i = 0; content_file_names[i]; i++) {
				const content_file *f = content_get_file(c, (lang_id)l, content_file_names[i]);
				files++;
				sections += f->n_sections;
				for (size_t s = 0; s < f->n_sections; s++)
					blocks += f->sections[s].n_blocks;
			}
		printf("%s: valid: %zu files, %zu sections, %zu blocks in Welsh and English\n", dir,
		       files, sections, blocks);
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
	switch (file_read(o->dump, 64u << 20, &buf, &len, &why)) {
	case FILE_READ_OK:
		break;
	case FILE_READ_TOO_LARGE:
		fprintf(stderr, "%s: larger than 64 MiB\n", o->dump);
		return 1;
	case FILE_READ_ERROR:
		fprintf(stderr, "%s: cannot read: %s\n", o->dump, why);
		return 1;
	}
	diag_list *d = diag_list_new();
	text_engine *eng = NULL;
	int rc = 1;
	if (d && text_engine_new(fonts_dir, d, &eng) == 0) {
		/* A stand-in font changes every width: say so before the figures. */
		diag_print(d, stderr);
		text_params p = {.width = (float)o->width_px, .body_px = (float)o->size_px,
				 .lang = o->lang, .greedy = o->greedy};
		rc = text_dump_layout(eng, buf, len, &p, stdout) == 0 ? 0 : 1;
	} else if (d) {
		diag_print(d, stderr);
	}
	text_engine_free(eng);
	diag_list_free(d);
	free(buf);
	return rc;
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
	if (o->screen && app_open(a, o->screen, o->lang) != 0) {
		fprintf(stderr, "taflen: unknown screen \"%s\" (welcome, menu, leaflet[:PAGE], learn, "
				"quiz, quiz-result)\n", o->screen);
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

int main(int argc, char **argv)
{
	options o = {.lang = LANG_CY};
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	char data_dir[2048];
	if (paths_data_dir(data_dir, sizeof data_dir) != 0) {
		fprintf(stderr, "taflen: cannot find the shipped data (a folder with assets/content) "
				"next to the program or in the current folder; set TAFLEN_DATA_DIR\n");
		return 1;
	}
	if (o.check_content)
		return check_content(data_dir, o.check_dir);
	if (o.dump)
		return dump_layout(data_dir, &o);
	if (o.speak_to) {
		char shipped[4096];
		snprintf(shipped, sizeof shipped, "%s/assets/content", data_dir);
		return speakout_run(o.content ? o.content : shipped, o.lang,
				    o.screen ? o.screen : "leaflet:1", o.speak_to, stdout, stderr);
	}

	app_options ao = {.data_dir = data_dir, .kiosk = !o.windowed};
	if (load_config(&o, &ao.config) != 0)
		return 1;
	if (o.print_config) {
		config_print(&ao.config, stdout);
		return 0;
	}
	bool headless = o.headless || o.screenshot;
	/* Touches must arrive once, as finger events, not again as mouse clicks. */
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	/* SDL would turn SIGTERM and SIGINT into SDL_QUIT, which the kiosk
	 * ignores (a window close is a visitor's way out); then `systemctl
	 * stop` would wait 90 s for SIGKILL. Left to their default action, the
	 * signals end the process at once; nothing is lost, as nothing is kept. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	/* GL drivers may keep a shader cache in ~/.cache: the kiosk writes
	 * nothing to disk, whoever starts it (the systemd unit sets it too). */
	setenv("MESA_SHADER_CACHE_DISABLE", "true", 0);
	if (SDL_Init(headless ? 0 : SDL_INIT_EVENTS) != 0) {
		fprintf(stderr, "taflen: SDL_Init: %s\n", SDL_GetError());
		return 1;
	}
	diag_list *d = diag_list_new();
	app *a = NULL;
	if (!d || app_new(&ao, d, &a) != 0) {
		if (d)
			diag_print(d, stderr);
		diag_list_free(d);
		SDL_Quit();
		return 1;
	}
	diag_print(d, stderr);
	diag_list_free(d);

	if (headless) {
		rc = run_headless(a, &o);
	} else {
		video *v = NULL;
		bool fullscreen = ao.config.fullscreen && !o.windowed;
		if (video_open_window(fullscreen, o.w, o.h, ao.config.rotation, &v) != 0) {
			rc = 1;
		} else {
			if (o.screen && app_open(a, o.screen, o.lang) != 0)
				fprintf(stderr, "taflen: unknown screen \"%s\"; starting on welcome\n",
					o.screen);
			rc = loop_run(a, v);
			video_close(v);
		}
	}
	app_free(a);
	IMG_Quit();
	SDL_Quit();
	return rc;
}
