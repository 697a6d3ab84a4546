/* Fuzz target: the content parser and loader (src/content/).
 *
 * The first byte of an input says what the rest is: 0..5 replace one of the
 * six files of a scratch copy of the shipped content folder (fuzz_content_files
 * order) and the whole folder is loaded, so the checks
 * between files and languages and the quiz matching run; any other value
 * parses the rest as one lone file, which is faster and reaches the syntax.
 * Either way the model that comes out is checked against what content.h
 * promises: valid NUL-terminated UTF-8, spans sorted and inside their text,
 * quiz targets inside the paragraph, and one diagnostic per problem. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content/content.h"
#include "content/cparse.h"
#include "base/utf8.h"
#include "fuzz.h"

/* The shipped folder's files, each language's ui.txt and each item's. */
static const char *const fuzz_content_files[] = {
	"cy/ui.txt", "en/ui.txt",
	"leaflets/child-practice-reviews/cy.txt", "leaflets/child-practice-reviews/en.txt",
	"leaflets/learning-from-reviews/cy.txt", "leaflets/learning-from-reviews/en.txt"};
/* And the folders they are in, parents first. */
static const char *const fuzz_content_dirs[] = {"cy", "en", "leaflets",
						"leaflets/child-practice-reviews",
						"leaflets/learning-from-reviews"};
#define FUZZ_CONTENT_FILES 6
#define FUZZ_CONTENT_DIRS 5

typedef struct {
	char dir[64]; /* the scratch content folder */
	char path[FUZZ_CONTENT_FILES][128];
	char *orig[FUZZ_CONTENT_FILES]; /* the shipped bytes, to put back */
	size_t orig_len[FUZZ_CONTENT_FILES];
} fuzz_content_env;

static int fuzz_content_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t n = len ? fwrite(data, 1, len, f) : 0;
	return (fclose(f) == 0 && n == len) ? 0 : -1;
}

static char *fuzz_content_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0, got;
	char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
			cap *= 2;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

static void fuzz_content_env_done(fuzz_content_env *env)
{
	for (int i = 0; i < FUZZ_CONTENT_FILES; i++) {
		if (env->path[i][0])
			unlink(env->path[i]);
		free(env->orig[i]);
		env->orig[i] = NULL;
	}
	if (env->dir[0]) {
		for (int i = FUZZ_CONTENT_DIRS - 1; i >= 0; i--) {
			char sub[128];
			snprintf(sub, sizeof sub, "%s/%s", env->dir, fuzz_content_dirs[i]);
			rmdir(sub);
		}
		rmdir(env->dir);
	}
}

/* Copies the shipped folder (e.g. "assets/content") to a scratch folder. */
static int fuzz_content_env_init(fuzz_content_env *env, const char *shipped)
{
	memset(env, 0, sizeof *env);
	snprintf(env->dir, sizeof env->dir, "/tmp/taflen-fuzz-content-XXXXXX");
	if (!mkdtemp(env->dir)) {
		env->dir[0] = '\0';
		return -1;
	}
	for (int i = 0; i < FUZZ_CONTENT_DIRS; i++) {
		char sub[128];
		snprintf(sub, sizeof sub, "%s/%s", env->dir, fuzz_content_dirs[i]);
		if (mkdir(sub, 0700) != 0)
			return -1;
	}
	for (int k = 0; k < FUZZ_CONTENT_FILES; k++) {
		char src[4096];
		snprintf(src, sizeof src, "%s/%s", shipped, fuzz_content_files[k]);
		snprintf(env->path[k], sizeof env->path[k], "%s/%s", env->dir, fuzz_content_files[k]);
		env->orig[k] = fuzz_content_slurp(src, &env->orig_len[k]);
		if (!env->orig[k] ||
		    fuzz_content_write(env->path[k], env->orig[k], env->orig_len[k]) != 0)
			return -1;
	}
	return 0;
}

static int fuzz_content_utf8(const char *s, size_t len)
{
	FUZZ_REQUIRE(s[len] == '\0');
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode_strict(s + i, len - i, &cp);
		FUZZ_REQUIRE(n > 0);
		FUZZ_REQUIRE(cp != 0);
		i += (size_t)n;
	}
	return 0;
}

static int fuzz_content_model(const cparse_file *pf, const content_file *f)
{
	for (size_t si = 0; si < f->n_sections; si++) {
		const content_section *s = &f->sections[si];
		FUZZ_REQUIRE(s->id && s->id[0]);
		FUZZ_REQUIRE(s->line >= 1);
		for (size_t fi = 0; fi < s->n_fields; fi++) {
			FUZZ_REQUIRE(s->fields[fi].key && s->fields[fi].value);
			FUZZ_TRY(fuzz_content_utf8(s->fields[fi].value, strlen(s->fields[fi].value)));
			FUZZ_REQUIRE(s->fields[fi].line >= s->line);
		}
		for (size_t bi = 0; bi < s->n_blocks; bi++) {
			const content_block *b = &s->blocks[bi];
			FUZZ_TRY(fuzz_content_utf8(b->text, b->len));
			FUZZ_REQUIRE(b->line >= s->line);
			size_t at = 0;
			for (size_t k = 0; k < b->n_spans; k++) {
				const content_span *sp = &b->spans[k];
				FUZZ_REQUIRE(sp->start >= at && sp->start < sp->end && sp->end <= b->len);
				FUZZ_REQUIRE(!(sp->flags & CONTENT_LINK) == !sp->href);
				at = sp->end;
			}
			/* Every byte maps to a line of the block's source. */
			int first = cparse_file_line_at(pf, si, bi, 0);
			int last = cparse_file_line_at(pf, si, bi, b->len);
			FUZZ_REQUIRE(first == b->line && last >= first);
		}
	}
	return 0;
}

static bool fuzz_content_no_w_circumflex(void *ctx, uint32_t cp)
{
	(void)ctx;
	return cp != 0x175 && cp != 0x177 && cp >= 0x20;
}

/* What content.h promises of a folder that loaded. */
static int fuzz_content_loaded(const content *c, diag_list *d)
{
	for (size_t i = 0; i < content_n_files(c); i++)
		FUZZ_REQUIRE(content_file_at(c, i) != NULL); /* the shipped items have every language */
	for (int l = 0; l < content_n_langs(c); l++) {
		content_quiz q;
		FUZZ_REQUIRE(content_get_quiz(c, (lang_id)l, &q) == 0);
		for (int t = 0; t < CONTENT_QUIZ_TARGETS; t++) {
			FUZZ_REQUIRE(q.targets[t].id == t + 1);
			FUZZ_REQUIRE(q.targets[t].start < q.targets[t].end);
			FUZZ_REQUIRE(q.targets[t].end <= q.text->len);
		}
	}
	content_check_glyphs(c, fuzz_content_no_w_circumflex, NULL, d);
	return 0;
}

static int fuzz_content_folder(fuzz_content_env *env, int which, const uint8_t *data, size_t size)
{
	if (fuzz_content_write(env->path[which], data, size) != 0)
		return 0; /* a full /tmp is not the loader's bug */
	diag_list *d = diag_list_new();
	content *c = NULL;
	int ok;
	if (content_load(env->dir, d, &c) == 0)
		ok = c ? fuzz_content_loaded(c, d) : -1;
	else
		ok = !c && diag_count(d) > 0 ? 0 : -1;
	content_free(c);
	diag_list_free(d);
	/* Put the shipped file back for the next input. */
	FUZZ_REQUIRE(fuzz_content_write(env->path[which], env->orig[which], env->orig_len[which]) == 0);
	FUZZ_REQUIRE(ok == 0);
	return 0;
}

static int fuzz_content_one(fuzz_content_env *env, const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] < FUZZ_CONTENT_FILES && env)
		return fuzz_content_folder(env, data[0], data + 1, size - 1);
	diag_list *d = diag_list_new();
	cparse_file *pf = NULL;
	size_t problems = cparse_file_parse("fuzz.txt", (const char *)data + 1, size - 1, d, &pf);
	int rc = 0;
	if (problems == 0) {
		rc = pf ? fuzz_content_model(pf, cparse_file_content(pf)) : -1;
		if (rc == 0 && diag_count(d) != 0)
			rc = -1;
	} else if (pf || diag_count(d) != problems) {
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && diag_get(d, i); i++)
		if (strncmp(diag_get(d, i), "fuzz.txt", 8) != 0)
			rc = -1;
	cparse_file_free(pf);
	diag_list_free(d);
	FUZZ_REQUIRE(rc == 0);
	return 0;
}

#ifndef FUZZ_NO_LIBFUZZER
/* libFuzzer's entry point takes no context, so the scratch folder lives
 * here, made on the first input and removed at exit. */
static fuzz_content_env fuzz_env;
static bool fuzz_env_ready;

static void fuzz_content_cleanup(void)
{
	fuzz_content_env_done(&fuzz_env);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_env_ready) {
		fuzz_env_ready = true;
		if (fuzz_content_env_init(&fuzz_env, "assets/content") != 0) {
			fprintf(stderr, "fuzz_content: cannot copy assets/content (run from the repo root)\n");
			abort();
		}
		atexit(fuzz_content_cleanup);
	}
	if (fuzz_content_one(&fuzz_env, data, size) != 0)
		abort();
	return 0;
}
#endif
