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
 * The comparison works tile by tile, so that a small change in a big image
 * cannot hide behind an image-wide share: the image is cut into TILE x TILE
 * pixel tiles, a pixel differs when a channel moves by more than
 * CHANNEL_TOLERANCE, and a tile fails when more than TILE_MAX_DIFFERING of
 * its pixels differ. One failing tile fails the image. Nothing varies between
 * runs with the same fonts and libraries (the goldens match to the byte, in
 * the gcc and the clang builds alike), so the allowance is only for a stray
 * anti-aliased pixel; a word deleted, changed or moved fails. The proof_*
 * tests show it on content with a word deleted or changed.
 *
 * On a failure the actual image and a diff (differences in red, failing
 * tiles boxed in blue) go to BUILD/golden-actual/, next to the tests'
 * folder. TAFLEN_UPDATE_GOLDEN=1 rewrites the goldens instead. Runs from the
 * repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/view.h"
#include "base/file.h"
#include "content/content.h"
#include "platform/replay.h"
#include "platform/script.h"
#include "platform/video.h"
#include "text/atlas.h"
#include "text/layout.h"
#include "testlib.h"

#define GOLDEN_DIR "tests/golden"
#define UPDATE_HINT "TAFLEN_UPDATE_GOLDEN=1 build/tests/test_golden"

enum {
	TILE = 16,              /* tile side in pixels */
	CHANNEL_TOLERANCE = 8,  /* a pixel differs when a channel moves by more */
	TILE_MAX_DIFFERING = 3, /* a tile fails when more of its pixels differ */
};

#define DIFF_PIXEL_MARK 0xffff0000u /* a differing pixel in the diff image: red */
#define DIFF_TILE_MARK 0xff0000ffu /* the box round a failing tile: blue */

/* BUILD/golden-actual, where failures are written (set by main from argv[0]). */
static char actual_dir[4096];

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

static Uint32 *row_of(const SDL_Surface *s, int y)
{
	return (Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
}

/* The largest difference of red, green or blue (see save_png for why not
 * alpha). */
static int channel_delta(Uint32 a, Uint32 b)
{
	int worst = 0;
	for (int shift = 0; shift < 24; shift += 8) {
		int d = abs((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff));
		worst = d > worst ? d : worst;
	}
	return worst;
}

typedef struct {
	size_t pixels;        /* pixels that differ by more than CHANNEL_TOLERANCE */
	size_t tiles;         /* tiles with more than TILE_MAX_DIFFERING of them */
	int max_delta;        /* the largest channel difference anywhere */
	int worst_n;          /* the most differing pixels in one tile */
	int worst_x, worst_y; /* that tile's top-left corner */
} golden_diff;

/* Boxes a failing tile in the diff image, leaving its red pixels red. */
static void box_tile(SDL_Surface *diff, int x0, int y0, int x1, int y1)
{
	for (int y = y0; y < y1; y++) {
		Uint32 *row = row_of(diff, y);
		for (int x = x0; x < x1; x++) {
			bool edge = y == y0 || y == y1 - 1 || x == x0 || x == x1 - 1;
			if (edge && row[x] != DIFF_PIXEL_MARK)
				row[x] = DIFF_TILE_MARK;
		}
	}
}

/* Compares two same-sized ARGB8888 surfaces tile by tile. When diff is not
 * NULL it becomes the actual image washed out, with differing pixels in red
 * and failing tiles boxed in blue. */
static golden_diff compare(const SDL_Surface *want, const SDL_Surface *got, SDL_Surface *diff)
{
	golden_diff r = {0};
	for (int y0 = 0; y0 < got->h; y0 += TILE) {
		int y1 = y0 + TILE < got->h ? y0 + TILE : got->h;
		for (int x0 = 0; x0 < got->w; x0 += TILE) {
			int x1 = x0 + TILE < got->w ? x0 + TILE : got->w;
			int n = 0;
			for (int y = y0; y < y1; y++) {
				const Uint32 *wrow = row_of(want, y), *grow = row_of(got, y);
				Uint32 *drow = diff ? row_of(diff, y) : NULL;
				for (int x = x0; x < x1; x++) {
					int d = channel_delta(wrow[x], grow[x]);
					r.max_delta = d > r.max_delta ? d : r.max_delta;
					n += d > CHANNEL_TOLERANCE;
					if (!drow)
						continue;
					if (d > CHANNEL_TOLERANCE) {
						drow[x] = DIFF_PIXEL_MARK;
						continue;
					}
					/* A quarter of the actual pixel over white:
					 * context, not noise. */
					Uint32 px = 0xff000000u;
					for (int shift = 0; shift < 24; shift += 8)
						px |= (Uint32)(191 + ((grow[x] >> shift) & 0xff) / 4)
						      << shift;
					drow[x] = px;
				}
			}
			r.pixels += (size_t)n;
			if (n > r.worst_n) {
				r.worst_n = n;
				r.worst_x = x0;
				r.worst_y = y0;
			}
			if (n > TILE_MAX_DIFFERING) {
				r.tiles++;
				if (diff)
					box_tile(diff, x0, y0, x1, y1);
			}
		}
	}
	return r;
}

/* Saved as RGB: every image here is opaque, and the software renderer leaves
 * alpha as blending made it, which would only make the PNGs look patchy. */
static void save_png(const SDL_Surface *s, const char *path)
{
	SDL_Surface *rgb = SDL_ConvertSurfaceFormat((SDL_Surface *)s, SDL_PIXELFORMAT_RGB24, 0);
	assert_non_null(rgb);
	int rc = IMG_SavePNG(rgb, path);
	SDL_FreeSurface(rgb);
	if (rc != 0)
		fail_msg("%s: cannot write it: %s", path, IMG_GetError());
}

/* Writes the actual image to actual_dir/NAME.png and, when diff is not
 * NULL, the diff to actual_dir/NAME-diff.png; the paths go to actual and
 * diff_path for the failure message. */
static void save_actual(const char *name, const SDL_Surface *got, const SDL_Surface *diff,
			char *actual, char *diff_path, size_t size)
{
	if (mkdir(actual_dir, 0777) != 0 && errno != EEXIST)
		fail_msg("%s: cannot create it: %s", actual_dir, strerror(errno));
	snprintf(actual, size, "%s/%s.png", actual_dir, name);
	save_png(got, actual);
	if (diff) {
		snprintf(diff_path, size, "%s/%s-diff.png", actual_dir, name);
		save_png(diff, diff_path);
	}
}

/* tests/golden/NAME.png as a new ARGB8888 surface, or NULL; path gets its
 * path. */
static SDL_Surface *load_golden(const char *name, char *path, size_t size)
{
	snprintf(path, size, GOLDEN_DIR "/%s.png", name);
	SDL_Surface *raw = IMG_Load(path);
	if (!raw)
		return NULL;
	SDL_Surface *want = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(raw);
	assert_non_null(want);
	return want;
}

/* The golden check proper: rewrite, or compare and fail with the actual
 * image and the diff written out. */
static void check_golden(const char *name, const SDL_Surface *got)
{
	char path[256], actual[4200], diff_path[4200];
	if (updating()) {
		snprintf(path, sizeof path, GOLDEN_DIR "/%s.png", name);
		save_png(got, path);
		printf("TAFLEN_UPDATE_GOLDEN=1: rewrote %s (%dx%d); review it before committing\n",
		       path, got->w, got->h);
		return;
	}
	SDL_Surface *want = load_golden(name, path, sizeof path);
	if (!want) {
		save_actual(name, got, NULL, actual, diff_path, sizeof actual);
		fail_msg("%s: cannot read it (%s). The actual image is %s; to (re)create the "
			 "goldens: " UPDATE_HINT,
			 path, IMG_GetError(), actual);
	}
	if (want->w != got->w || want->h != got->h) {
		int ww = want->w, wh = want->h;
		SDL_FreeSurface(want);
		save_actual(name, got, NULL, actual, diff_path, sizeof actual);
		fail_msg("%s: the golden is %dx%d, the actual image %dx%d (%s); if the change is "
			 "intended: " UPDATE_HINT,
			 path, ww, wh, got->w, got->h, actual);
	}
	SDL_Surface *diff = SDL_CreateRGBSurfaceWithFormat(0, got->w, got->h, 32,
							   SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(diff);
	golden_diff r = compare(want, got, diff);
	SDL_FreeSurface(want);
	if (r.tiles) {
		save_actual(name, got, diff, actual, diff_path, sizeof actual);
		SDL_FreeSurface(diff);
		fail_msg("%s: %zu tiles of %dx%d px differ (more than %d pixels with a channel "
			 "moved by more than %d); the worst has %d at x=%d y=%d.\n"
			 "  actual: %s\n  diff:   %s (differences in red, failing tiles boxed in "
			 "blue)\n  if the change is intended: " UPDATE_HINT,
			 path, r.tiles, TILE, TILE, TILE_MAX_DIFFERING, CHANNEL_TOLERANCE, r.worst_n,
			 r.worst_x, r.worst_y, actual, diff_path);
	}
	SDL_FreeSurface(diff);
	printf("%s: matches (%zu pixels differ by more than %d; at most %d in a %dx%d tile; the "
	       "largest channel difference is %d)\n",
	       path, r.pixels, CHANNEL_TOLERANCE, r.worst_n, TILE, TILE, r.max_delta);
}

/* For the proofs: got must pass as the golden NAME (should_match) or fail. */
static void expect_verdict(const char *name, const SDL_Surface *got, bool should_match,
			   const char *what)
{
	char path[256];
	SDL_Surface *want = load_golden(name, path, sizeof path);
	if (!want)
		fail_msg("%s: cannot read it; the proofs compare with it (" UPDATE_HINT ")", path);
	if (want->w != got->w || want->h != got->h)
		fail_msg("%s: %s is %dx%d, the golden %dx%d", path, what, got->w, got->h, want->w,
			 want->h);
	golden_diff r = compare(want, got, NULL);
	SDL_FreeSurface(want);
	if (should_match && r.tiles)
		fail_msg("%s: %s should pass, but %zu tiles differ", path, what, r.tiles);
	if (!should_match && !r.tiles)
		fail_msg("%s: %s passes as the golden (%zu pixels differ, at most %d in a tile): "
			 "the comparison cannot see it",
			 path, what, r.pixels, r.worst_n);
	printf("%s: %s %s (%zu tiles and %zu pixels differ)\n", path, what,
	       should_match ? "passes" : "fails, as it must", r.tiles, r.pixels);
}

/* ---- editing a text: the proofs' broken inputs ------------------------ */

typedef enum {
	EDIT_NONE,
	EDIT_DELETE_WORD, /* the word goes, with one space next to it */
	EDIT_CHANGE_WORD, /* its last ASCII letter becomes another ("action" -> "actiom") */
} text_edit;

static bool ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Applies edit in place to the word starting at byte `word` of text (len
 * bytes and a NUL); returns the new length and,
 * for a deletion, the deleted byte range in *cut_start, *cut_end (both word
 * for anything else). */
static size_t edit_word(char *text, size_t len, size_t word, text_edit edit, size_t *cut_start,
			size_t *cut_end)
{
	size_t end = word;
	while (end < len && text[end] != ' ')
		end++;
	*cut_start = *cut_end = word;
	if (edit == EDIT_CHANGE_WORD) {
		size_t i = end;
		while (i > word && !ascii_letter(text[i - 1]))
			i--;
		if (i == word)
			fail_msg("the word \"%.*s\" has no ASCII letter to change", (int)(end - word),
				 text + word);
		text[i - 1] = text[i - 1] == 'm' ? 'n' : 'm';
	} else if (edit == EDIT_DELETE_WORD) {
		/* The space after it, or (at the end) the one before it. */
		*cut_start = end < len || word == 0 ? word : word - 1;
		*cut_end = end < len ? end + 1 : end;
		memmove(text + *cut_start, text + *cut_end, len - *cut_end + 1);
		len -= *cut_end - *cut_start;
	}
	return len;
}

/* Where the middle word of text starts: the first word at or after half of it. */
static size_t middle_word(const char *text, size_t len)
{
	for (size_t i = len / 2; i < len; i++)
		if (i > 0 && text[i - 1] == ' ' && text[i] != ' ')
			return i;
	fail_msg("no word in the second half of \"%s\"", text);
	return 0;
}

/* The last word of text. */
static size_t last_word(const char *text, size_t len)
{
	size_t i = len;
	while (i > 0 && text[i - 1] != ' ')
		i--;
	if (i == 0)
		fail_msg("\"%s\" is one word: deleting it would leave nothing", text);
	return i;
}

/* A byte offset of the text before a deletion of [a, b), moved to the text after it. */
static size_t after_cut(size_t o, size_t a, size_t b)
{
	return o >= b ? o - (b - a) : o > a ? a : o;
}

/* ---- text paragraphs ---------------------------------------------------- */

enum { PARA_WIDTH = 900, PARA_PX = 32, PARA_MARGIN = 32, PARA_MAX_SPANS = 64 };

/* The first paragraph of learn.txt's [learn] section. */
static const content_block *first_learn_paragraph(const content *c, lang_id lang)
{
	const content_section *s = content_get_section(c, lang, "quiz", "learn");
	assert_non_null(s);
	for (size_t i = 0; i < s->n_blocks; i++)
		if (s->blocks[i].kind == CONTENT_PARAGRAPH)
			return &s->blocks[i];
	fail_msg("assets/content/%s/learn.txt: no paragraph in [learn]", lang_code(lang));
	return NULL;
}

/* The paragraph, with `edit` made to its middle word, drawn in `text` on the
 * app's background, as a new surface; height 0 fits the text, otherwise the
 * surface is that high (so that an edited text compares with the golden). */
static SDL_Surface *render_paragraph(lang_id lang, SDL_Color text, text_edit edit, int height)
{
	content *c = tl_load_content(TL_SHIPPED);
	diag_list *d = diag_list_new();
	assert_non_null(d);
	text_engine *eng = NULL;
	if (text_engine_new("fonts", d, &eng) != 0)
		diag_print(d, stderr);
	assert_non_null(eng);
	diag_list_free(d);

	const content_block *b = first_learn_paragraph(c, lang);
	char *words = malloc(b->len + 1);
	assert_non_null(words);
	memcpy(words, b->text, b->len);
	words[b->len] = '\0';
	size_t at = middle_word(words, b->len), cut_start, cut_end;
	if (edit != EDIT_NONE)
		printf("%s the word \"%.*s\" of learn.txt's first paragraph (%s)\n",
		       edit == EDIT_DELETE_WORD ? "deleting" : "changing",
		       (int)strcspn(words + at, " "), words + at, lang_code(lang));
	size_t len = edit_word(words, b->len, at, edit, &cut_start, &cut_end);

	assert_true(b->n_spans <= PARA_MAX_SPANS);
	text_span spans[PARA_MAX_SPANS];
	size_t n_spans = 0;
	for (size_t k = 0; k < b->n_spans; k++) {
		unsigned f = b->spans[k].flags;
		text_span sp = {after_cut(b->spans[k].start, cut_start, cut_end),
				after_cut(b->spans[k].end, cut_start, cut_end),
				((f & CONTENT_BOLD) ? TEXT_BOLD : 0) |
					((f & CONTENT_ITALIC) ? TEXT_ITALIC : 0) |
					((f & CONTENT_LINK) ? TEXT_LINK : 0)};
		if (sp.end > sp.start) /* a span inside the deleted word goes with it */
			spans[n_spans++] = sp;
	}
	text_block tb = {TEXT_BLOCK_PARAGRAPH, 0, words, len, spans, n_spans};
	text_params p = {0};
	p.width = PARA_WIDTH;
	p.body_px = PARA_PX;
	p.lang = lang;
	text_layout *l = NULL;
	assert_int_equal(text_engine_layout(eng, &tb, 1, &p, &l), 0);

	int w = PARA_WIDTH + 2 * PARA_MARGIN;
	int h = height ? height : (int)(text_layout_height(l) + 0.999f) + 2 * PARA_MARGIN;
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
	free(words);
	text_engine_free(eng);
	content_free(c);
	return got;
}

static void paragraph_golden(lang_id lang)
{
	SDL_Surface *got = render_paragraph(lang, view_palette(COLOR_TEXT), EDIT_NONE, 0);
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

/* The quiz's scripts are built from the content, so that reworded labels or
 * a reworded paragraph need new goldens, not new test code. The play: a
 * highlight over action 2 (found) and one over the first words of the
 * paragraph's second-to-last sentence (no action), about WRONG_BYTES long;
 * the result: "check answers", then "show answers". */
enum { WRONG_BYTES = 40, SCRIPT_BYTES = 2048 };

static void append(char *buf, size_t size, const char *line)
{
	size_t n = strlen(buf);
	assert_true(n + strlen(line) < size);
	memcpy(buf + n, line, strlen(line) + 1);
}

/* Appends `op "TEXT"` (TEXT len bytes, quoted as docs/scripts.md says). */
static void append_quoted(char *buf, size_t size, const char *op, const char *text, size_t len)
{
	size_t n = strlen(buf);
	n += (size_t)snprintf(buf + n, size - n, "%s \"", op);
	for (size_t i = 0; i < len && n + 4 < size; i++) {
		if (text[i] == '"' || text[i] == '\\')
			buf[n++] = '\\';
		buf[n++] = text[i];
	}
	buf[n] = '\0';
	snprintf(buf + n, size - n, "\"\n");
	assert_true(strlen(buf) + 1 < size);
}

static void quiz_scripts(const char *content_dir, lang_id lang, char *play, char *result)
{
	content *c = tl_load_content(content_dir);
	content_quiz q;
	assert_int_equal(content_get_quiz(c, lang, &q), 0);
	const char *text = q.text->text;

	/* Sentence starts follow ". "; the last one is the last sentence. */
	size_t starts[2] = {0, 0};
	for (const char *p = strstr(text, ". "); p; p = strstr(p + 1, ". ")) {
		starts[0] = starts[1];
		starts[1] = (size_t)(p - text) + 2;
	}
	/* Whole words, until WRONG_BYTES. */
	size_t from = starts[0], to = from;
	while (to - from < WRONG_BYTES && text[to]) {
		to += strcspn(text + to, " ");
		if (to - from < WRONG_BYTES && text[to] == ' ')
			to++;
	}
	size_t found = 0;
	for (size_t i = 0; i < CONTENT_QUIZ_TARGETS; i++) {
		if (q.targets[i].id == 2)
			found = i;
		if (q.targets[i].start < to && from < q.targets[i].end)
			fail_msg("%s/%s/quiz.txt: \"%.*s\" (the test's wrong highlight) overlaps "
				 "@target.%d",
				 content_dir, lang_code(lang), (int)(to - from), text + from,
				 q.targets[i].id);
	}
	play[0] = result[0] = '\0';
	append_quoted(play, SCRIPT_BYTES, "drag-text", text + q.targets[found].start,
		      q.targets[found].end - q.targets[found].start);
	append_quoted(play, SCRIPT_BYTES, "drag-text", text + from, to - from);
	append(play, SCRIPT_BYTES, "wait 1000\nexpect highlights 2\nexpect found 2\n");

	const content_section *s = content_get_section(c, lang, "quiz", "quiz");
	const char *check = content_section_field(s, "check");
	const char *show = content_section_field(s, "show_answers");
	assert_non_null(check);
	assert_non_null(show);
	append_quoted(result, SCRIPT_BYTES, "tap-text", check, strlen(check));
	append(result, SCRIPT_BYTES, "expect screen quiz-result\nexpect score 1/6\n");
	append_quoted(result, SCRIPT_BYTES, "tap-text", show, strlen(show));
	append(result, SCRIPT_BYTES, "wait 1000\n");
	content_free(c);
}

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

/* The quiz played in lang on the content in content_dir ("" for the
 * shipped content), which must load without a message: the frame after the
 * play into *play and the result screen into *result (the caller frees
 * both). */
static void quiz_frames(lang_id lang, const char *content_dir, SDL_Surface **play,
			SDL_Surface **result)
{
	char play_script[SCRIPT_BYTES], result_script[SCRIPT_BYTES];
	quiz_scripts(content_dir[0] ? content_dir : "assets/content", lang, play_script,
		     result_script);
	/* Read aloud on: the quiz shows Listen, as in the kiosk. */
	app_options o = {.data_dir = ".", .kiosk = true, .audio = true};
	config_defaults(&o.config);
	snprintf(o.config.content_dir, sizeof o.config.content_dir, "%s", content_dir);
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
	run_script(a, v, name, play_script, &clock);
	*play = frame(a, v);
	snprintf(name, sizeof name, "quiz_result_%s", lang_code(lang));
	run_script(a, v, name, result_script, &clock);
	*result = frame(a, v);

	app_attach_renderer(a, NULL, QUIZ_W, QUIZ_H);
	video_close(v);
	app_free(a);
}

static void quiz_golden(lang_id lang)
{
	SDL_Surface *play, *result;
	quiz_frames(lang, "", &play, &result);
	char name[64];
	snprintf(name, sizeof name, "quiz_%s", lang_code(lang));
	check_golden(name, play);
	snprintf(name, sizeof name, "quiz_result_%s", lang_code(lang));
	check_golden(name, result);
	SDL_FreeSurface(play);
	SDL_FreeSurface(result);
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

/* ---- the staff dashboard on the fixture database ------------------------ */

/* The app's wall clock for the goldens: the fixture's "now", whatever the
 * virtual clock says, so that the dates and the last 30 days never move. */
static int64_t fixture_time(void *ctx, uint64_t now)
{
	(void)ctx;
	return TL_FIXTURE_NOW + (int64_t)(now / 1000);
}

/* The dashboard in lang at w x h, on the fixture (tl_stats_fixture). */
static SDL_Surface *dashboard_frame(lang_id lang, int w, int h)
{
	char dir[64], path[128];
	tl_temp_dir(dir, sizeof dir, "taflen-golden");
	snprintf(path, sizeof path, "%s/stats.db", dir);
	tl_stats_fixture(path);
	stats_options so = {.path = path, .kiosk_id = "fixture", .keep_days = 36500};
	stats *st = NULL;
	assert_int_equal(stats_open(&so, &st), STATS_OK);

	app_options o = {.data_dir = ".", .kiosk = true, .stats = st, .wall_time = fixture_time};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	assert_non_null(d);
	app *a = NULL;
	assert_int_equal(app_new(&o, d, &a), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	video *v = NULL;
	assert_int_equal(video_open_headless(w, h, &v), 0);
	assert_int_equal(app_attach_renderer(a, video_renderer(v), w, h), 0);
	app_draw_into(a, video_surface(v));
	assert_int_equal(app_open(a, "dashboard", lang), 0);
	video_begin(v);
	assert_int_equal(app_render(a), 0);
	video_present(v);
	SDL_Surface *got = capture(video_renderer(v), w, h);

	app_attach_renderer(a, NULL, w, h);
	video_close(v);
	app_free(a);
	stats_close(st);
	tl_rm_tree(dir);
	return got;
}

static void dashboard_golden(lang_id lang, int w, int h, const char *shape)
{
	SDL_Surface *got = dashboard_frame(lang, w, h);
	char name[64];
	snprintf(name, sizeof name, "dashboard_%s_%s", shape, lang_code(lang));
	check_golden(name, got);
	SDL_FreeSurface(got);
}

static void dashboard_portrait_cy(void **state)
{
	(void)state;
	dashboard_golden(LANG_CY, 1080, 1920, "portrait");
}

static void dashboard_portrait_en(void **state)
{
	(void)state;
	dashboard_golden(LANG_EN, 1080, 1920, "portrait");
}

static void dashboard_landscape_cy(void **state)
{
	(void)state;
	dashboard_golden(LANG_CY, 1920, 1080, "landscape");
}

static void dashboard_landscape_en(void **state)
{
	(void)state;
	dashboard_golden(LANG_EN, 1920, 1080, "landscape");
}

/* ---- proofs: the comparison fails on what a reviewer would call wrong --- */

/* The English paragraph in another colour (the link colour, which is close
 * to the text's in lightness but not in hue) and shifted by two pixels. */
static void proof_colour_and_shift(void **state)
{
	(void)state;
	SDL_Surface *recoloured = render_paragraph(LANG_EN, view_palette(COLOR_LINK), EDIT_NONE, 0);
	expect_verdict("text_paragraph_en", recoloured, false, "the text in the link colour");

	SDL_Surface *same = render_paragraph(LANG_EN, view_palette(COLOR_TEXT), EDIT_NONE, 0);
	SDL_Surface *shifted = SDL_CreateRGBSurfaceWithFormat(0, same->w, same->h, 32,
							      SDL_PIXELFORMAT_ARGB8888);
	assert_non_null(shifted);
	SDL_Rect from = {0, 0, same->w - 2, same->h};
	SDL_Rect to = {2, 0, same->w - 2, same->h};
	SDL_Color bg = view_palette(COLOR_BACKGROUND);
	SDL_FillRect(shifted, NULL, SDL_MapRGB(shifted->format, bg.r, bg.g, bg.b));
	SDL_SetSurfaceBlendMode(same, SDL_BLENDMODE_NONE);
	assert_int_equal(SDL_BlitSurface(same, &from, shifted, &to), 0);
	expect_verdict("text_paragraph_en", shifted, false, "the text moved by two pixels");

	SDL_FreeSurface(shifted);
	SDL_FreeSurface(same);
	SDL_FreeSurface(recoloured);
}

/* The paragraph with its middle word deleted, then with one letter of it
 * changed, drawn at the golden's size. */
static void proof_paragraph_word(void **state)
{
	(void)state;
	char path[256];
	SDL_Surface *want = load_golden("text_paragraph_en", path, sizeof path);
	if (!want)
		fail_msg("%s: cannot read it (" UPDATE_HINT ")", path);
	int h = want->h;
	SDL_FreeSurface(want);
	SDL_Color ink = view_palette(COLOR_TEXT);

	SDL_Surface *got = render_paragraph(LANG_EN, ink, EDIT_NONE, h);
	expect_verdict("text_paragraph_en", got, true, "the paragraph as shipped");
	SDL_FreeSurface(got);
	got = render_paragraph(LANG_EN, ink, EDIT_DELETE_WORD, h);
	expect_verdict("text_paragraph_en", got, false, "the paragraph with a word deleted");
	SDL_FreeSurface(got);
	got = render_paragraph(LANG_EN, ink, EDIT_CHANGE_WORD, h);
	expect_verdict("text_paragraph_en", got, false, "the paragraph with a word changed");
	SDL_FreeSurface(got);
}

/* Rewrites the line "@KEY: ..." of DIR/leaflets/learning-from-reviews/en.txt as "@KEY: value". */
static void set_quiz_field(const char *dir, const char *key, const char *value)
{
	char path[256], prefix[64];
	snprintf(path, sizeof path, "%s/leaflets/learning-from-reviews/en.txt", dir);
	snprintf(prefix, sizeof prefix, "@%s:", key);
	char *text = NULL;
	size_t len = 0;
	const char *why = "";
	if (file_read(path, 1 << 20, &text, &len, &why) != FILE_READ_OK)
		fail_msg("%s: %s", path, why);
	char *line = text;
	while (line && strncmp(line, prefix, strlen(prefix)) != 0) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	if (!line)
		fail_msg("%s: no line starts with %s", path, prefix);
	const char *rest = line + strcspn(line, "\n");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fprintf(f, "%.*s%s %s%s", (int)(line - text), text, prefix, value, rest);
	assert_int_equal(fclose(f), 0);
	free(text);
}

/* The quiz legend's "Not an action" (read from the content, whatever it
 * says by then) with its last word deleted, then changed: the result
 * screen must fail its golden. A copy with the field unchanged passes, so it
 * is the word, not the copying, that fails. */
static void proof_quiz_legend_word(void **state)
{
	(void)state;
	content *c = tl_load_content(TL_SHIPPED);
	const char *wrong =
		content_section_field(content_get_section(c, LANG_EN, "quiz", "quiz"), "wrong");
	if (!wrong)
		fail_msg("assets/content/leaflets/learning-from-reviews/en.txt: no @wrong in [quiz]");
	char shipped[256], edited[256];
	snprintf(shipped, sizeof shipped, "%s", wrong);
	content_free(c);

	char *dir = tl_shipped_copy("taflen-golden");
	assert_non_null(dir);
	const struct {
		text_edit edit;
		const char *what;
	} cases[] = {
		{EDIT_NONE, "the result screen on a copy of the content"},
		{EDIT_DELETE_WORD, "the result screen with a legend word deleted"},
		{EDIT_CHANGE_WORD, "the result screen with a legend word changed"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(edited, sizeof edited, "%s", shipped);
		size_t cut_start, cut_end, len = strlen(edited);
		edit_word(edited, len, last_word(edited, len), cases[i].edit, &cut_start, &cut_end);
		printf("@wrong: \"%s\"\n", edited);
		set_quiz_field(dir, "wrong", edited);
		SDL_Surface *play, *result;
		quiz_frames(LANG_EN, dir, &play, &result);
		expect_verdict("quiz_result_en", result, cases[i].edit == EDIT_NONE, cases[i].what);
		SDL_FreeSurface(play);
		SDL_FreeSurface(result);
	}
	tl_rm_tree(dir);
	free(dir);
}

/* The portrait leaflet page: a page with room at its foot for the list of
 * the leaflet's pages (page 4), as a visitor first sees it. */
static void leaflet_golden(lang_id lang)
{
	/* Read aloud on: the page shows Listen, as in the kiosk. */
	app_options o = {.data_dir = ".", .kiosk = true, .audio = true};
	config_defaults(&o.config);
	diag_list *d = diag_list_new();
	assert_non_null(d);
	app *a = NULL;
	assert_int_equal(app_new(&o, d, &a), 0);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
	video *v = NULL;
	assert_int_equal(video_open_headless(QUIZ_W, QUIZ_H, &v), 0);
	assert_int_equal(app_attach_renderer(a, video_renderer(v), QUIZ_W, QUIZ_H), 0);
	app_draw_into(a, video_surface(v));
	assert_int_equal(app_open(a, "leaflet:4", lang), 0);
	SDL_Surface *page = frame(a, v);
	/* The app is freed before the comparison, which ends the test when it
	 * fails: left alive, its speech engine (one a process) would take
	 * Listen off the next test's page. */
	app_attach_renderer(a, NULL, QUIZ_W, QUIZ_H);
	video_close(v);
	app_free(a);
	char name[64];
	snprintf(name, sizeof name, "leaflet_page_%s", lang_code(lang));
	check_golden(name, page);
	SDL_FreeSurface(page);
}

static void leaflet_cy(void **state)
{
	(void)state;
	leaflet_golden(LANG_CY);
}

static void leaflet_en(void **state)
{
	(void)state;
	leaflet_golden(LANG_EN);
}

int main(int argc, char **argv)
{
	(void)argc;
	/* BUILD/tests/test_golden writes to BUILD/golden-actual. */
	char self[4096];
	snprintf(self, sizeof self, "%s", argv[0]);
	char *tests_dir = dirname(self);
	snprintf(actual_dir, sizeof actual_dir, "%s/golden-actual", dirname(tests_dir));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_paragraph_cy),
		cmocka_unit_test(text_paragraph_en),
		cmocka_unit_test(quiz_cy),
		cmocka_unit_test(quiz_en),
		cmocka_unit_test(dashboard_portrait_cy),
		cmocka_unit_test(dashboard_portrait_en),
		cmocka_unit_test(dashboard_landscape_cy),
		cmocka_unit_test(dashboard_landscape_en),
		cmocka_unit_test(leaflet_cy),
		cmocka_unit_test(leaflet_en),
		cmocka_unit_test(proof_colour_and_shift),
		cmocka_unit_test(proof_paragraph_word),
		cmocka_unit_test(proof_quiz_legend_word),
	};
	return cmocka_run_group_tests_name("golden", tests, NULL, NULL);
}
