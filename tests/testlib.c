#define _GNU_SOURCE /* nftw's FTW_DEPTH and FTW_PHYS */
#include "testlib.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL_image.h>
#include <sqlite3.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "base/lang.h"
#include "content/content.h"
#include "platform/video.h"
#include "stats/stats.h"

/* nftw may hold this many folders open at once. */
#define RM_OPEN_FDS 16

char *tl_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

void tl_spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

void tl_sh(const char *fmt, ...)
{
	char cmd[16384];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("command failed: %s", cmd);
}

int tl_count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

void tl_path_in(char *out, size_t size, const char *dir, const char *rel)
{
	int n = snprintf(out, size, "%s/%s", dir, rel);
	assert_true(n > 0 && (size_t)n < size);
}

/* The 1-based line of at in buf. */
static int line_at(const char *buf, const char *at)
{
	int line = 1;
	for (const char *p = buf; p < at; p++)
		line += *p == '\n';
	return line;
}

int tl_edit(const char *dir, const char *rel, const char *from, const char *to)
{
	char path[1024];
	tl_path_in(path, sizeof path, dir, rel);
	size_t len;
	char *buf = tl_slurp(path, &len);
	char *at = strstr(buf, from);
	if (!at)
		fail_msg("'%s' not found in %s", from, rel);
	int line = line_at(buf, at);
	size_t head = (size_t)(at - buf), fl = strlen(from), tl = strlen(to);
	char *out = malloc(len - fl + tl + 1);
	assert_non_null(out);
	memcpy(out, buf, head);
	memcpy(out + head, to, tl);
	memcpy(out + head + tl, at + fl, len - head - fl);
	tl_spit(path, out, len - fl + tl);
	free(out);
	free(buf);
	return line;
}

int tl_line_of(const char *dir, const char *rel, const char *needle)
{
	char path[1024];
	tl_path_in(path, sizeof path, dir, rel);
	char *buf = tl_slurp(path, NULL);
	char *at = strstr(buf, needle);
	if (!at)
		fail_msg("'%s' not found in %s", needle, rel);
	int line = line_at(buf, at);
	free(buf);
	return line;
}

const char *const tl_content_files[] = {
	"cy/ui.txt", "en/ui.txt",
	"leaflets/child-practice-reviews/cy.txt", "leaflets/child-practice-reviews/en.txt",
	"leaflets/learning-from-reviews/cy.txt", "leaflets/learning-from-reviews/en.txt",
	NULL};

/* Copies the content folder from into the folder to, which exists: every
 * file and folder under it (languages, leaflets/ and each leaflet). */
static void copy_into(const char *from, const char *to)
{
	DIR *d = opendir(from);
	if (!d)
		fail_msg("%s: %s", from, strerror(errno));
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char src[1024], dst[1024];
		snprintf(src, sizeof src, "%s/%s", from, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
		struct stat st;
		assert_int_equal(stat(src, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			assert_int_equal(mkdir(dst, 0700), 0);
			copy_into(src, dst);
			continue;
		}
		size_t len;
		char *buf = tl_slurp(src, &len);
		tl_spit(dst, buf, len);
		free(buf);
	}
	closedir(d);
}

void tl_copy_content(const char *from, const char *to)
{
	if (mkdir(to, 0700) != 0)
		fail_msg("%s: %s", to, strerror(errno));
	copy_into(from, to);
}

char *tl_shipped_copy(const char *name)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = malloc(PATH_MAX);
	if (!dir)
		return NULL;
	snprintf(dir, PATH_MAX, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	copy_into(TL_SHIPPED, dir);
	return dir;
}

void tl_temp_dir(char *dir, size_t size, const char *name)
{
	int n = snprintf(dir, size, "/tmp/%s-XXXXXX", name);
	assert_true(n > 0 && (size_t)n < size);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
}

int tl_setup_copy(void **state)
{
	*state = tl_shipped_copy("taflen-test");
	return *state ? 0 : -1;
}

int tl_teardown_copy(void **state)
{
	tl_rm_tree(*state);
	free(*state);
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void tl_rm_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (nftw(path, rm_one, RM_OPEN_FDS, FTW_DEPTH | FTW_PHYS) != 0)
		fail_msg("cannot remove %s: %s", path, strerror(errno));
}

void tl_app_new(const app_options *o, app **a)
{
	diag_list *d = diag_list_new();
	assert_non_null(d);
	assert_int_equal(app_new(o, d, a), 0);
	if (diag_count(d))
		diag_print(d, stderr);
	assert_int_equal(diag_count(d), 0);
	diag_list_free(d);
}

void tl_app_headless(app *a, int w, int h, video **v)
{
	assert_int_equal(video_open_headless(w, h, v), 0);
	assert_int_equal(app_attach_renderer(a, video_renderer(*v), w, h), 0);
	app_draw_into(a, video_surface(*v));
}

void tl_program(const char *argv0, char *out, size_t size)
{
	char self[PATH_MAX];
	snprintf(self, sizeof self, "%s", argv0);
	int n = snprintf(out, size, "%s/../taflen", dirname(self));
	assert_true(n > 0 && (size_t)n < size);
}

void tl_query(const char *path, const char *sql, char *out, size_t size)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	size_t used = 0;
	out[0] = '\0';
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(q); i++) {
			const unsigned char *t = sqlite3_column_text(q, i);
			used += (size_t)snprintf(out + used, size - used, "%s%s", i ? "|" : "",
						 t ? (const char *)t : "NULL");
		}
		used += (size_t)snprintf(out + used, size - used, "\n");
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
}

SDL_Surface *tl_load_png(const char *path)
{
	SDL_Surface *raw = IMG_Load(path);
	if (!raw)
		fail_msg("%s: %s", path, IMG_GetError());
	SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(raw);
	assert_non_null(s);
	return s;
}

double tl_ink(const SDL_Surface *s)
{
	Uint32 bg = ((const Uint32 *)s->pixels)[0];
	size_t differ = 0;
	for (int y = 0; y < s->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch);
		for (int x = 0; x < s->w; x++)
			differ += row[x] != bg;
	}
	return (double)differ / ((double)s->w * s->h);
}

content *tl_load_content(const char *dir)
{
	diag_list *d = diag_list_new();
	assert_non_null(d);
	content *c = NULL;
	if (content_load(dir, d, &c) != 0)
		diag_print(d, stderr);
	assert_non_null(c);
	diag_list_free(d);
	return c;
}

void tl_print_diags(const diag_list *d)
{
	for (size_t i = 0; i < diag_count(d) && diag_get(d, i); i++)
		print_message("  diag: %s\n", diag_get(d, i));
}

bool tl_has_diag(const diag_list *d, const char *msg)
{
	for (size_t i = 0; i < diag_count(d) && diag_get(d, i); i++)
		if (strcmp(diag_get(d, i), msg) == 0)
			return true;
	return false;
}

/* ---- the usage figures' fixture ---- */

#define TL_DAY_S 86400

static void fixture_leaflet(stats_session *s, const char *slug, int page)
{
	snprintf(s->leaflets[s->n_leaflets].slug, STATS_SLUG_MAX, "%s", slug);
	s->leaflets[s->n_leaflets++].furthest_page = page;
}

void tl_stats_fixture(const char *path)
{
	static const int base[7] = {3, 5, 2, 4, 6, 1, 0};
	stats_options o = {.path = path, .kiosk_id = "fixture", .keep_days = 36500};
	stats *st = NULL;
	assert_int_equal(stats_open(&o, &st), STATS_OK);
	int i = 0;
	for (int d = 0; d < STATS_FIGURES_DAYS; d++) {
		for (int k = 0; k < base[d % 7] + d / 10; k++, i++) {
			stats_session s = {.start = TL_FIXTURE_FIRST_DAY + (int64_t)d * TL_DAY_S +
						    9 * 3600 + k * 1800,
					   .duration_s = 60 + (uint32_t)(i % 9) * 20};
			s.start_lang = i % 5 == 0 || i % 5 == 2 ? LANG_CY : LANG_EN;
			s.used[s.start_lang] = true;
			if (i % 10 == 4)
				s.used[LANG_CY] = true;
			if (i % 4 != 3) {
				fixture_leaflet(&s, "child-practice-reviews", 1 + (i * 3) % 8);
			} else {
				int page = 1 + (i / 4) % 3;
				fixture_leaflet(&s, "learning", page);
				if (page == 3)
					s.checks[s.n_checks++] = (stats_check){(i / 4) % 7, 0, i % 3};
			}
			stats_record_session(st, &s);
			/* The queue holds 64: let the writer catch up. */
			if (i % 32 == 31)
				stats_sync(st);
		}
	}
	/* Outside the window: the day before and the day after. */
	for (int side = 0; side < 2; side++) {
		stats_session s = {.start = side ? TL_FIXTURE_NOW + TL_DAY_S : TL_FIXTURE_FIRST_DAY - 60,
				   .duration_s = 30, .start_lang = LANG_CY};
		s.used[LANG_CY] = true;
		fixture_leaflet(&s, side ? "elsewhere" : "child-practice-reviews", 8);
		s.checks[s.n_checks++] = (stats_check){6, 0, 0};
		stats_record_session(st, &s);
	}
	stats_close(st);
}

void tl_text_size_step(app *a, int step, float *x, float *y)
{
	app_render(a);
	view *v = app_inside(a).view;
	for (size_t i = 0; i < view_count(v); i++) {
		const view_item *it = view_get(v, i);
		if (it->kind == ITEM_BUTTON && it->action == ACT_TEXT_SIZE && it->arg == step) {
			*x = it->rect.x + it->rect.w / 2;
			*y = it->rect.y + it->rect.h / 2;
			return;
		}
	}
	fail_msg("no text-size step %d on screen", step);
}
