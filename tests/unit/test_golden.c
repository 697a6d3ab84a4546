/* Golden images: what the kiosk actually puts on the screen, compared with
 * reviewed PNGs in tests/golden/ (tests/golden/README.md).
 *
 *   text_paragraph_{cy,en}  the first paragraph of learn.txt, laid out by the
 *                           engine at 32 px in 900 px and drawn by the atlas
 *                           on SDL's software renderer;
 *   quiz_{cy,en}            the real app at 1080x1920 on the quiz screen, driven
 *                           by a replay script: one highlight that finds an
 *                           action and one that finds nothing;
 *   quiz_result_{cy,en}     the same after "check answers" and "show answers".
 *
 * Font rasterisers differ a little between versions, so a pixel only counts
 * as different when a channel moves by more than PIXEL_TOLERANCE, and an
 * image fails when more than MAX_DIFFER_PERMILLE of its pixels differ. On a
 * failure the actual image and a diff (differences in red) go to
 * build/golden-actual/. TAFLEN_UPDATE_GOLDEN=1 rewrites the goldens instead.
 * Runs from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/view.h"
#include "content/content.h"
#include "platform/replay.h"
#include "platform/script.h"
#include "platform/video.h"
#include "text/atlas.h"
#include "text/layout.h"

#define GOLDEN_DIR "tests/golden"
#define ACTUAL_DIR "build/golden-actual"
#define PIXEL_TOLERANCE 16
#define MAX_DIFFER_PERMILLE 2 /* 0.2% */
#define UPDATE_HINT "TAFLEN_UPDATE_GOLDEN=1 build/tests/test_golden"

static bool updating(void)
{
	const char *v = getenv("TAFLEN_UPDATE_GOLDEN");
	return v && strcmp(v, "1") == 0;
}

/* The renderer's pixels as a new ARGB8888 surface (the caller frees it). */
static SDL_Surface *capture(SDL_Renderer *r, int w, int h)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(s);
	assert_int_equal(SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch),
			 0);
	return s;
}

static Uint32 at(const SDL_Surface *s, int x, int y)
{
	return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

/* Red, green and blue only (see save_png for why not alpha). */
static bool pixel_differs(Uint32 a, Uint32 b)
{
	for (int shift = 0; shift < 24; shift += 8) {
		int ca = (int)((a >> shift) & 0xff), cb = (int)((b >> shift) & 0xff);
		if (abs(ca - cb) > PIXEL_TOLERANCE)
			return true;
	}
	return false;
}

/* Counts differing pixels of two same-sized ARGB8888 surfaces. When diff is
 * not NULL it becomes the actual image washed out, with differences in red. */
static size_t count_differing(const SDL_Surface *want, const SDL_Surface *got, SDL_Surface *diff)
{
	size_t n = 0;
	for (int y = 0; y < got->h; y++) {
		Uint32 *drow = diff ? (Uint32 *)((Uint8 *)diff->pixels + (size_t)y * (size_t)diff->pitch)
				    : NULL;
		for (int x = 0; x < got->w; x++) {
			Uint32 g = at(got, x, y);
			bool d = pixel_differs(at(want, x, y), g);
			n += d;
			if (!drow)
				continue;
			if (d) {
				drow[x] = 0xffff0000u;
			} else {
				/* A quarter of the actual pixel over white: context, not noise. */
				Uint32 px = 0xff000000u;
				for (int shift = 0; shift < 24; shift += 8)
					px |= (Uint32)(191 + ((g >> shift) & 0xff) / 4) << shift;
				drow[x] = px;
			}
		}
	}
	return n;
}

/* Saved as RGB: every image here is opaque, and the software renderer leaves
 * alpha as blending made it, which would only make the PNGs look patchy. */
static void save_png(SDL_Surface *s, const char *path)
{
	SDL_Surface *rgb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGB24, 0);
	assert_non_null(rgb);
	int rc = IMG_SavePNG(rgb, path);
	SDL_FreeSurface(rgb);
	if (rc != 0)
		fail_msg("%s: cannot write it: %s", path, IMG_GetError());
}

/* Writes the actual image (and the diff, if any) for a failure report. */
static void save_actual(const char *name, SDL_Surface *got, SDL_Surface *diff)
{
	if (mkdir("build", 0777) != 0 && errno != EEXIST)
		fail_msg("build: cannot create it: %s", strerror(errno));
	if (mkdir(ACTUAL_DIR, 0777) != 0 && errno != EEXIST)
		fail_msg(ACTUAL_DIR ": cannot create it: %s", strerror(errno));
	char path[256];
	snprintf(path, sizeof path, ACTUAL_DIR "/%s.png", name);
	save_png(got, path);
	if (diff) {
		snprintf(path, sizeof path, ACTUAL_DIR "/%s-diff.png", name);
		save_png(diff, path);
	}
}

/* Compares got with tests/golden/NAME.png. Returns the number of differing
 * pixels, or SIZE_MAX when the golden is missing, unreadable or another
 * size; when report is set, failures are written out and fail the test. */
static size_t compare_golden(const char *name, SDL_Surface *got, bool report)
{
	char path[256];
	snprintf(path, sizeof path, GOLDEN_DIR "/%s.png", name);
	SDL_Surface *raw = IMG_Load(path);
	if (!raw) {
		if (!report)
			return SIZE_MAX;
		save_actual(name, got, NULL);
		fail_msg("%s: cannot read it (%s). The actual image is " ACTUAL_DIR "/%s.png; "
			 "to (re)create the goldens: " UPDATE_HINT,
			 path, IMG_GetError(), name);
	}
	SDL_Surface *want = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(raw);
	assert_non_null(want);
	if (want->w != got->w || want->h != got->h) {
		int ww = want->w, wh = want->h;
		SDL_FreeSurface(want);
		if (!report)
			return SIZE_MAX;
		save_actual(name, got, NULL);
		fail_msg("%s: the golden is %dx%d, the actual image %dx%d (" ACTUAL_DIR "/%s.png); "
			 "if the change is intended: " UPDATE_HINT,
			 path, ww, wh, got->w, got->h, name);
	}
	SDL_Surface *diff = report ? SDL_CreateRGBSurfaceWithFormat(0, got->w, got->h, 32,
								    SDL_PIXELFORMAT_ARGB8888)
				   : NULL;
	size_t n = count_differing(want, got, diff);
	SDL_FreeSurface(want);
	size_t total = (size_t)got->w * (size_t)got->h;
	bool too_many = n * 1000 > total * MAX_DIFFER_PERMILLE;
	if (report && too_many) {
		save_actual(name, got, diff);
		SDL_FreeSurface(diff);
		fail_msg("%s: %zu of %zu pixels (%.2f%%) differ by more than %d in a channel "
			 "(the limit is 0.%d%%). Wrote " ACTUAL_DIR "/%s.png and " ACTUAL_DIR
			 "/%s-diff.png (differences in red). If the change is intended: " UPDATE_HINT,
			 path, n, total, 100.0 * (double)n / (double)total, PIXEL_TOLERANCE,
			 MAX_DIFFER_PERMILLE, name, name);
	}
	SDL_FreeSurface(diff);
	if (report)
		printf("%s: %zu of %zu pixels differ (tolerance %d per channel, limit 0.%d%%)\n", path,
		       n, total, PIXEL_TOLERANCE, MAX_DIFFER_PERMILLE);
	return n;
}

/* The golden check proper: rewrite, or compare and fail. */
static void check_golden(const char *name, SDL_Surface *got)
{
	if (updating()) {
		char path[256];
		snprintf(path, sizeof path, GOLDEN_DIR "/%s.png", name);
		save_png(got, path);
		printf("TAFLEN_UPDATE_GOLDEN=1: rewrote %s (%dx%d); review it before committing\n",
		       path, got->w, got->h);
		return;
	}
	compare_golden(name, got, true);
}

/* ---- text paragraphs ---------------------------------------------------- */

enum { PARA_WIDTH = 900, PARA_PX = 32, PARA_MARGIN = 32 };

/* The first paragraph of learn.txt's [learn] section, as the engine's block.
 * The text and spans stay owned by c. */
static text_block first_learn_paragraph(const content *c, lang_id lang, text_span *spans,
					size_t max_spans)
{
	const content_section *s = content_get_section(c, lang, "learn", "learn");
	assert_non_null(s);
	for (size_t i = 0; i < s->n_blocks; i++) {
		const content_block *b = &s->blocks[i];
		if (b->kind != CONTENT_PARAGRAPH)
			continue;
		assert_true(b->n_spans <= max_spans);
		for (size_t k = 0; k < b->n_spans; k++) {
			unsigned f = b->spans[k].flags;
			spans[k] = (text_span){b->spans[k].start, b->spans[k].end,
					       ((f & CONTENT_BOLD) ? TEXT_BOLD : 0) |
						       ((f & CONTENT_ITALIC) ? TEXT_ITALIC : 0) |
						       ((f & CONTENT_LINK) ? TEXT_LINK : 0)};
		}
		return (text_block){TEXT_BLOCK_PARAGRAPH, 0, b->text, b->len, spans, b->n_spans};
	}
	fail_msg("assets/content/%s/learn.txt: no paragraph in [learn]", lang_code(lang));
	return (text_block){0};
}

/* The paragraph drawn in `text` on the app's background, as a new surface. */
static SDL_Surface *render_paragraph(lang_id lang, SDL_Color text)
{
	diag_list *d = diag_list_new();
	assert_non_null(d);
	content *c = NULL;
	if (content_load("assets/content", d, &c) != 0)
		diag_print(d, stderr);
	assert_non_null(c);
	text_engine *eng = NULL;
	if (text_engine_new("fonts", d, &eng) != 0)
		diag_print(d, stderr);
	assert_non_null(eng);
	diag_list_free(d);

	text_span spans[64];
	text_block b = first_learn_paragraph(c, lang, spans, 64);
	text_params p = {0};
	p.width = PARA_WIDTH;
	p.body_px = PARA_PX;
	p.lang = lang;
	text_layout *l = NULL;
	assert_int_equal(text_engine_layout(eng, &b, 1, &p, &l), 0);

	int w = PARA_WIDTH + 2 * PARA_MARGIN;
	int h = (int)(text_layout_height(l) + 0.999f) + 2 * PARA_MARGIN;
	SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(target);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(target);
	assert_non_null(r);
	SDL_Color bg = view_palette(COLOR_BACKGROUND);
	SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
	SDL_RenderClear(r);
	glyph_atlas *a = NULL;
	assert_int_equal(glyph_atlas_new(r, &a), 0);
	text_colors colors = {text, view_palette(COLOR_LINK)};
	assert_int_equal(glyph_atlas_draw(a, l, PARA_MARGIN, PARA_MARGIN, &colors), 0);
	SDL_Surface *got = capture(r, w, h);

	glyph_atlas_free(a);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(target);
	text_layout_unref(l);
	text_engine_free(eng);
	content_free(c);
	return got;
}

static void paragraph_golden(lang_id lang)
{
	SDL_Surface *got = render_paragraph(lang, view_palette(COLOR_TEXT));
	char name[64];
	snprintf(name, sizeof name, "text_paragraph_%s", lang_code(lang));
	check_golden(name, got);
	SDL_FreeSurface(got);
}

static void text_paragraph_cy(void **state)
{
	(void)state;
	paragraph_golden(LANG_CY);
}

static void text_paragraph_en(void **state)
{
	(void)state;
	paragraph_golden(LANG_EN);
}

/* ---- the quiz, driven through the real app ------------------------------ */

enum { QUIZ_W = 1080, QUIZ_H = 1920 };

/* Per language: a highlight that finds action 2, one over words that are no
 * action, then the result screen with the answers shown. Labels are those of
 * assets/content/LANG/quiz.txt. */
typedef struct {
	lang_id lang;
	const char *play;
	const char *result;
} quiz_case;

static const quiz_case quiz_cases[LANG_COUNT] = {
	{LANG_CY,
	 "drag-text \"cadw cofnodion clir a chywir\"\n"
	 "drag-text \"Mae adolygiadau yn aml yn nodi bod rhaid\"\n"
	 "wait 1000\n"
	 "expect highlights 2\n"
	 "expect found 2\n",
	 "tap-text \"Gwirio’r atebion\"\n"
	 "expect screen quiz-result\n"
	 "expect score 1/6\n"
	 "tap-text \"Dangos yr atebion\"\n"
	 "wait 1000\n"},
	{LANG_EN,
	 "drag-text \"keeping clear and accurate records\"\n"
	 "drag-text \"Reviews often identify that professionals\"\n"
	 "wait 1000\n"
	 "expect highlights 2\n"
	 "expect found 2\n",
	 "tap-text \"Check answers\"\n"
	 "expect screen quiz-result\n"
	 "expect score 1/6\n"
	 "tap-text \"Show answers\"\n"
	 "wait 1000\n"},
};

static void run_script(app *a, video *v, const char *name, const char *text, uint64_t *clock)
{
	diag_list *d = diag_list_new();
	assert_non_null(d);
	script *s = NULL;
	if (script_parse(name, text, strlen(text), d, &s) != 0) {
		diag_print(d, stderr);
		fail_msg("%s: the test's own script does not parse", name);
	}
	diag_list_free(d);
	int rc = replay_run(a, v, s, NULL, clock);
	script_free(s);
	if (rc != REPLAY_OK)
		fail_msg("%s: the replay failed (%d); see the message above", name, rc);
}

static SDL_Surface *frame(app *a, video *v)
{
	video_begin(v);
	assert_int_equal(app_render(a), 0);
	video_present(v);
	return capture(video_renderer(v), QUIZ_W, QUIZ_H);
}

static void quiz_golden(lang_id lang)
{
	const quiz_case *qc = &quiz_cases[lang];
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	assert_non_null(d);
	app *a = NULL;
	assert_int_equal(app_new(&o, d, &a), 0);
	if (diag_count(d))
		diag_print(d, stderr);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	video *v = NULL;
	assert_int_equal(video_open_headless(QUIZ_W, QUIZ_H, &v), 0);
	assert_int_equal(app_attach_renderer(a, video_renderer(v), QUIZ_W, QUIZ_H), 0);
	app_draw_into(a, video_surface(v));
	assert_int_equal(app_open(a, "quiz", lang), 0);

	char name[64];
	uint64_t clock = 0;
	snprintf(name, sizeof name, "quiz_%s", lang_code(lang));
	run_script(a, v, name, qc->play, &clock);
	SDL_Surface *got = frame(a, v);
	check_golden(name, got);
	SDL_FreeSurface(got);

	snprintf(name, sizeof name, "quiz_result_%s", lang_code(lang));
	run_script(a, v, name, qc->result, &clock);
	got = frame(a, v);
	check_golden(name, got);
	SDL_FreeSurface(got);

	app_attach_renderer(a, NULL, QUIZ_W, QUIZ_H);
	video_close(v);
	app_free(a);
}

static void quiz_cy(void **state)
{
	(void)state;
	quiz_golden(LANG_CY);
}

static void quiz_en(void **state)
{
	(void)state;
	quiz_golden(LANG_EN);
}

/* ---- the comparison itself can fail ------------------------------------- */

/* The English paragraph in another colour (the link colour, which is close
 * to the text's in lightness but not in hue) and shifted by two pixels:
 * either change alone must be over the limit, so a broken comparison cannot
 * hide behind the tolerance. */
static void comparison_catches_changes(void **state)
{
	(void)state;
	SDL_Surface *recoloured = render_paragraph(LANG_EN, view_palette(COLOR_LINK));
	size_t n = compare_golden("text_paragraph_en", recoloured, false);
	if (n == SIZE_MAX)
		fail_msg(GOLDEN_DIR "/text_paragraph_en.png is missing or another size");
	size_t total = (size_t)recoloured->w * (size_t)recoloured->h;
	if (n * 1000 <= total * MAX_DIFFER_PERMILLE)
		fail_msg("text drawn in the link colour passes as the golden (%zu pixels differ)", n);

	SDL_Surface *same = render_paragraph(LANG_EN, view_palette(COLOR_TEXT));
	SDL_Surface *shifted = SDL_CreateRGBSurfaceWithFormat(0, same->w, same->h, 32,
							      SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(shifted);
	SDL_Rect from = {0, 0, same->w - 2, same->h};
	SDL_Rect to = {2, 0, same->w - 2, same->h};
	SDL_Color bg = view_palette(COLOR_BACKGROUND);
	SDL_FillRect(shifted, NULL, SDL_MapRGB(shifted->format, bg.r, bg.g, bg.b));
	SDL_SetSurfaceBlendMode(same, SDL_BLENDMODE_NONE);
	assert_int_equal(SDL_BlitSurface(same, &from, shifted, &to), 0);
	n = compare_golden("text_paragraph_en", shifted, false);
	assert_true(n != SIZE_MAX);
	if (n * 1000 <= total * MAX_DIFFER_PERMILLE)
		fail_msg("text moved by two pixels passes as the golden (%zu pixels differ)", n);

	SDL_FreeSurface(shifted);
	SDL_FreeSurface(same);
	SDL_FreeSurface(recoloured);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_paragraph_cy),
		cmocka_unit_test(text_paragraph_en),
		cmocka_unit_test(quiz_cy),
		cmocka_unit_test(quiz_en),
		cmocka_unit_test(comparison_catches_changes),
	};
	return cmocka_run_group_tests_name("golden", tests, NULL, NULL);
}
