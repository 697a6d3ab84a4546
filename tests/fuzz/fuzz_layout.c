/* Fuzz target: the layout engine (src/text/) on any bytes as UTF-8, at any
 * width, size and style.
 *
 * An input is a 6-byte header, then blocks separated by 0x1E:
 *   header[0..1]  box width in quarter pixels (little-endian; 0 is hostile too)
 *   header[2]     body size in px (0 is hostile)
 *   header[3]     bit 0 language, bit 1 greedy, bit 2 centred, bits 3..7 the
 *                 measure cap in units of 4 characters
 *   header[4]     line height and block gap, a nibble each (0: default)
 *   header[5]     x of the hit-test probes, in units of width/256
 *   block         kind byte (bits 0..1 kind, 2..4 level), span count byte
 *                 (at most 4 are read), 3 bytes a span (start, end, flags),
 *                 then the text; the bytes are the text as they are, invalid
 *                 UTF-8, NULs and controls included.
 * The layout is then queried every way the app does (lines, hit-testing,
 * words, range rectangles, glyph runs) and checked against layout.h. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "text/layout.h"

#define FUZZ_LAYOUT_BLOCKS 16
#define FUZZ_LAYOUT_SPANS 4

static int fuzz_layout_query(const text_layout *l, size_t n_blocks, const size_t *lens,
			     float probe_x)
{
	size_t lines = text_layout_line_count(l);
	FUZZ_REQUIRE(text_layout_block_count(l) == n_blocks);
	FUZZ_REQUIRE(n_blocks == 0 || lines >= n_blocks);
	float w = text_layout_width(l), h = text_layout_height(l);
	FUZZ_REQUIRE(isfinite(w) && isfinite(h) && w >= 0 && h >= 0);
	for (size_t b = 0; b < n_blocks; b++) {
		size_t len;
		text_layout_block_text(l, b, &len);
		FUZZ_REQUIRE(len == lens[b]);
	}
	float prev_y = -1;
	for (size_t i = 0; i < lines; i++) {
		text_line ln;
		FUZZ_REQUIRE(text_layout_line(l, i, &ln) == 0);
		FUZZ_REQUIRE(ln.block < n_blocks);
		FUZZ_REQUIRE(ln.start <= ln.end && ln.end <= lens[ln.block]);
		FUZZ_REQUIRE(isfinite(ln.x) && isfinite(ln.y) && isfinite(ln.width));
		FUZZ_REQUIRE(ln.height > 0 && ln.y >= prev_y);
		prev_y = ln.y;

		/* Probes on some 32 lines (hit-testing is linear in the lines,
		 * and every line would make a long input quadratic): a hit lands
		 * inside the text, a word under the finger is a real range. */
		if (i % (lines / 32 + 1) != 0)
			continue;
		float y = ln.y + ln.height / 2;
		text_pos pos;
		bool trailing;
		FUZZ_REQUIRE(text_layout_hit(l, probe_x, y, &pos, &trailing) == 0);
		FUZZ_REQUIRE(pos.block < n_blocks && pos.offset <= lens[pos.block]);
		size_t wb, ws, we;
		if (text_layout_word_at(l, probe_x, y, &wb, &ws, &we) == 0)
			FUZZ_REQUIRE(wb < n_blocks && ws < we && we <= lens[wb]);
	}
	FUZZ_REQUIRE(text_layout_line(l, lines, &(text_line){0}) == -1);
	for (size_t b = 0; b < n_blocks; b++) {
		size_t starts[64], ends[64];
		size_t n = text_layout_words(l, b, starts, ends, 64);
		for (size_t i = 0; i < n && i < 64; i++)
			FUZZ_REQUIRE(starts[i] < ends[i] && ends[i] <= lens[b] &&
				     (i == 0 || starts[i] >= ends[i - 1]));
		text_rect rects[16];
		size_t nr = text_layout_range_rects(l, b, 0, lens[b], rects, 16);
		for (size_t i = 0; i < nr && i < 16; i++)
			FUZZ_REQUIRE(isfinite(rects[i].x) && rects[i].w >= 0 && rects[i].h > 0);
		/* Out-of-range and reversed ranges are asked for too. */
		text_layout_range_rects(l, b, lens[b], 0, rects, 16);
		text_layout_range_rects(l, b, lens[b] / 2, lens[b] + 7, rects, 16);
	}
	text_layout_range_rects(l, n_blocks, 0, 1, NULL, 0);
	size_t runs = text_layout_run_count(l);
	for (size_t i = 0; i < runs; i++) {
		text_run r;
		FUZZ_REQUIRE(text_layout_run(l, i, &r) == 0);
		FUZZ_REQUIRE(r.face != NULL && r.block < n_blocks);
		for (size_t g = 0; g < r.n; g++) {
			FUZZ_REQUIRE(isfinite(r.x[g]) && isfinite(r.y[g]));
			FUZZ_REQUIRE(r.marker || r.clusters[g] < lens[r.block] || lens[r.block] == 0);
		}
	}
	FUZZ_REQUIRE(text_layout_run(l, runs, &(text_run){0}) == -1);
	text_pos pos;
	bool trailing;
	text_layout_hit(l, -1e30f, 1e30f, &pos, &trailing);
	text_layout_hit(l, NAN, NAN, &pos, &trailing);
	return 0;
}

static int fuzz_layout_one(text_engine *eng, const uint8_t *data, size_t size)
{
	uint8_t hdr[6] = {0};
	memcpy(hdr, data, size < 6 ? size : 6);
	const uint8_t *p = size > 6 ? data + 6 : data + size, *end = data + size;

	text_params params = {0};
	params.width = (float)(hdr[0] | hdr[1] << 8) / 4.0f;
	params.body_px = (float)hdr[2];
	params.lang = (hdr[3] & 1) ? LANG_EN : LANG_CY;
	params.greedy = hdr[3] & 2;
	params.align = (hdr[3] & 4) ? TEXT_ALIGN_CENTER : TEXT_ALIGN_LEFT;
	params.measure_cap = (hdr[3] >> 3) * 4;
	params.line_height = (float)(hdr[4] & 15) / 2.0f;
	params.block_gap = (float)(hdr[4] >> 4) / 4.0f;
	float probe_x = params.width * (float)hdr[5] / 256.0f;

	text_block blocks[FUZZ_LAYOUT_BLOCKS];
	text_span spans[FUZZ_LAYOUT_BLOCKS][FUZZ_LAYOUT_SPANS];
	size_t lens[FUZZ_LAYOUT_BLOCKS];
	size_t n = 0;
	while (p < end && n < FUZZ_LAYOUT_BLOCKS) {
		const uint8_t *stop = memchr(p, 0x1E, (size_t)(end - p));
		if (!stop)
			stop = end;
		text_block *b = &blocks[n];
		memset(b, 0, sizeof *b);
		uint8_t kind = p < stop ? *p++ : 0;
		b->kind = (text_block_kind)(kind & 3);
		b->level = (kind >> 2) & 7;
		size_t n_spans = p < stop ? (size_t)(*p++ % (FUZZ_LAYOUT_SPANS + 1)) : 0;
		for (size_t k = 0; k < n_spans && stop - p >= 3; k++, p += 3)
			spans[n][b->n_spans++] = (text_span){p[0], p[1], p[2]};
		b->spans = spans[n];
		b->text = (const char *)p;
		b->len = (size_t)(stop - p);
		lens[n] = b->len;
		n++;
		p = stop < end ? stop + 1 : end;
	}

	text_layout *l = NULL;
	FUZZ_REQUIRE(text_engine_layout(eng, blocks, n, &params, &l) == 0 && l);
	int rc = fuzz_layout_query(l, n, lens, probe_x);
	/* The same input again comes from the cache, and is the same layout. */
	text_layout *again = NULL;
	if (rc == 0 && (text_engine_layout(eng, blocks, n, &params, &again) != 0 || again != l))
		rc = -1;
	text_layout_unref(again);
	text_layout_unref(l);
	FUZZ_REQUIRE(rc == 0);
	return 0;
}

#ifndef FUZZ_NO_LIBFUZZER
/* libFuzzer's entry point takes no context: the engine (fonts, ICU) is made
 * on the first input and lives for the run. */
static text_engine *fuzz_engine;

static void fuzz_layout_cleanup(void)
{
	text_engine_free(fuzz_engine);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_engine) {
		diag_list *d = diag_list_new();
		if (text_engine_new("fonts", d, &fuzz_engine) != 0 || diag_count(d)) {
			diag_print(d, stderr);
			fprintf(stderr, "fuzz_layout: run from the repo root (fonts/)\n");
			abort();
		}
		diag_list_free(d);
		atexit(fuzz_layout_cleanup);
	}
	if (fuzz_layout_one(fuzz_engine, data, size) != 0)
		abort();
	return 0;
}
#endif
