/* The quiz's scoring rule and highlight editing, on the real quiz paragraph
 * in both languages. The paragraphs are split into words here, independently
 * of the layout engine: letter/digit runs, with ’ or ' inside a word keeping
 * it one word ("amgylchiadau’r"), and "/" or "-" splitting ("family/carers"
 * and "cam-drin" are two words each). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/quiz.h"
#include "base/lang.h"

static const char *const paragraph[LANG_EN + 1] = {
	[LANG_EN] =
		"To ensure improvement, child practice reviews usually identify the importance "
		"of communicating and sharing information between professionals and agencies. "
		"Another way of improving practice found commonly in reviews is keeping clear "
		"and accurate records, and a timeline of events. Reviews usually identify the "
		"importance of assessing the circumstances of the child and their family/carers "
		"in order to recognise the children in need. Reviews often identify that "
		"professionals must be able to recognise the different types of abuse and "
		"understand their impacts on children and young people. They often identify "
		"the need for professionals to take the necessary steps to protect children.",
	[LANG_CY] =
		"Er mwyn gwella mae adolygiadau ymarfer plant fel arfer yn nodi pwysigrwydd "
		"cyfathrebu a rhannu gwybodaeth rhwng gweithwyr proffesiynol ac asiantaethau. "
		"Ffordd arall o wella arfer sy’n gyffredin mewn adolygiadau yw cadw cofnodion "
		"clir a chywir, ac amserlen o ddigwyddiadau. Mae adolygiadau fel arfer yn nodi "
		"pwysigrwydd asesu amgylchiadau’r plentyn a’i deulu/gofalwyr er mwyn adnabod y "
		"plant sydd mewn angen. Mae adolygiadau yn aml yn nodi bod rhaid i weithwyr "
		"proffesiynol allu adnabod gwahanol fathau o gam-drin a deall eu heffeithiau ar "
		"blant a phobl ifanc. Maent yn aml yn nodi’r angen i weithwyr proffesiynol "
		"gymryd y camau angenrheidiol er mwyn diogelu plant.",
};

static const char *const target_text[LANG_EN + 1][6] = {
	[LANG_EN] = {"communicating and sharing information between professionals and agencies",
		     "keeping clear and accurate records", "a timeline of events",
		     "assessing the circumstances of the child and their family/carers",
		     "recognise the different types of abuse and understand their impacts on "
		     "children and young people",
		     "take the necessary steps to protect children"},
	[LANG_CY] = {"cyfathrebu a rhannu gwybodaeth rhwng gweithwyr proffesiynol ac asiantaethau",
		     "cadw cofnodion clir a chywir", "amserlen o ddigwyddiadau",
		     "asesu amgylchiadau’r plentyn a’i deulu/gofalwyr",
		     "adnabod gwahanol fathau o gam-drin a deall eu heffeithiau ar blant a phobl "
		     "ifanc",
		     "gymryd y camau angenrheidiol er mwyn diogelu plant"},
};

#define MAX_WORDS 160

typedef struct {
	const char *text;
	size_t n;
	size_t start[MAX_WORDS], end[MAX_WORDS];
} words;

/* Length of the apostrophe at s (' or U+2019), or 0. */
static size_t apostrophe(const char *s)
{
	if (s[0] == '\'')
		return 1;
	if (strncmp(s, "\xE2\x80\x99", 3) == 0)
		return 3;
	return 0;
}

/* Length of the letter or digit at s, or 0. Non-ASCII characters other than
 * the apostrophe count as letters (the texts have no other punctuation
 * outside ASCII). */
static size_t letter(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return 1;
	if (c < 0x80 || apostrophe(s))
		return 0;
	size_t n = 1;
	while ((s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

static void split(const char *text, words *w)
{
	w->text = text;
	w->n = 0;
	size_t i = 0;
	while (text[i]) {
		size_t l = letter(text + i);
		if (!l) {
			i++;
			continue;
		}
		assert_true(w->n < MAX_WORDS);
		w->start[w->n] = i;
		for (;;) {
			while ((l = letter(text + i)) > 0)
				i += l;
			size_t a = apostrophe(text + i);
			if (!a || !letter(text + i + a))
				break;
			i += a;
		}
		w->end[w->n++] = i;
	}
}

static bool same_word(const words *a, size_t i, const words *b, size_t j)
{
	size_t la = a->end[i] - a->start[i], lb = b->end[j] - b->start[j];
	return la == lb && memcmp(a->text + a->start[i], b->text + b->start[j], la) == 0;
}

/* Where the phrase's words occur in the paragraph; it must occur exactly once. */
static quiz_span locate(const words *para, const char *phrase)
{
	words p;
	split(phrase, &p);
	assert_true(p.n > 0);
	quiz_span found = {0, 0};
	int hits = 0;
	for (size_t i = 0; i + p.n <= para->n; i++) {
		size_t k = 0;
		while (k < p.n && same_word(para, i + k, &p, k))
			k++;
		if (k == p.n) {
			found = (quiz_span){i, i + p.n - 1};
			hits++;
		}
	}
	if (hits != 1)
		fail_msg("\"%s\" occurs %d times", phrase, hits);
	return found;
}

typedef struct {
	words w;
	quiz_span target[6];
	quiz_state q;
} game;

static void setup_game(game *g, lang_id lang)
{
	static const int ids[6] = {1, 2, 3, 4, 5, 6};
	split(paragraph[lang], &g->w);
	for (int t = 0; t < 6; t++)
		g->target[t] = locate(&g->w, target_text[lang][t]);
	quiz_init(&g->q, g->w.n, ids, g->target, 6);
}

static size_t span_len(quiz_span s)
{
	return s.last - s.first + 1;
}

static void found_is(const quiz_state *q, const char *want)
{
	char buf[64];
	quiz_found_string(q, buf, sizeof buf);
	assert_string_equal(buf, want);
}

/* ---- the words ---- */

static void test_split(void **state)
{
	(void)state;
	static const size_t want_words[LANG_EN + 1] = {[LANG_EN] = 102, [LANG_CY] = 105};
	static const size_t want_target[LANG_EN + 1][6] = {[LANG_EN] = {8, 5, 4, 10, 15, 7},
							   [LANG_CY] = {9, 5, 3, 6, 15, 8}};
	for (int l = 0; l <= LANG_EN; l++) {
		game g;
		setup_game(&g, (lang_id)l);
		assert_int_equal(g.w.n, want_words[l]);
		assert_int_equal(g.q.n_targets, 6);
		for (int t = 0; t < 6; t++)
			assert_int_equal(span_len(g.target[t]), want_target[l][t]);
	}
	words w;
	split("amgylchiadau’r a’i sy'n family/carers cam-drin ’ma", &w);
	assert_int_equal(w.n, 8);
	assert_int_equal(w.end[0] - w.start[0], strlen("amgylchiadau’r"));
	assert_int_equal(w.end[1] - w.start[1], strlen("a’i"));
	assert_int_equal(w.end[2] - w.start[2], strlen("sy'n"));
}

/* ---- scoring ---- */

static void test_each_target_exactly(void **state)
{
	(void)state;
	for (int l = 0; l <= LANG_EN; l++) {
		game g;
		setup_game(&g, (lang_id)l);
		for (int t = 0; t < 6; t++) {
			quiz_clear(&g.q);
			quiz_add(&g.q, g.target[t].first, g.target[t].last);
			quiz_mark ok[QUIZ_MAX_HIGHLIGHTS] = {QUIZ_MARK_WRONG};
			assert_int_equal(quiz_found(&g.q, ok), 1u << t);
			assert_int_equal(ok[0], QUIZ_MARK_FOUND);
		}
		for (int t = 0; t < 6; t++)
			quiz_add(&g.q, g.target[t].first, g.target[t].last);
		assert_int_equal(g.q.n_highlights, 6);
		found_is(&g.q, "1,2,3,4,5,6");
	}
}

/* Half of a target's words finds it (rounding up for odd lengths, since
 * 2 * covered >= words); one word fewer does not. From either end. */
static void test_half_covered(void **state)
{
	(void)state;
	for (int l = 0; l <= LANG_EN; l++) {
		game g;
		setup_game(&g, (lang_id)l);
		for (int t = 0; t < 6; t++) {
			quiz_span s = g.target[t];
			size_t half = (span_len(s) + 1) / 2;
			quiz_mark ok[QUIZ_MAX_HIGHLIGHTS];

			quiz_clear(&g.q);
			quiz_add(&g.q, s.first, s.first + half - 1);
			assert_int_equal(quiz_found(&g.q, ok), 1u << t);
			assert_int_equal(ok[0], QUIZ_MARK_FOUND);
			quiz_clear(&g.q);
			quiz_add(&g.q, s.last - half + 1, s.last);
			assert_int_equal(quiz_found(&g.q, ok), 1u << t);

			quiz_clear(&g.q);
			quiz_add(&g.q, s.first, s.first + half - 2);
			assert_int_equal(quiz_found(&g.q, ok), 0);
			assert_int_equal(ok[0], QUIZ_MARK_PARTIAL);
			quiz_clear(&g.q);
			quiz_add(&g.q, s.last - half + 2, s.last);
			assert_int_equal(quiz_found(&g.q, ok), 0);
		}
	}
}

/* One stroke at a time, by its words; what it finds and whether it is ticked. */
static const struct {
	lang_id lang;
	const char *stroke;
	const char *found;
	const char *why;
} strokes[] = {
	/* two adjacent targets in one stroke: "and" is 1 stray word of 10 */
	{LANG_EN, "keeping clear and accurate records, and a timeline of events", "2,3", "2+3"},
	{LANG_CY, "cadw cofnodion clir a chywir, ac amserlen o ddigwyddiadau", "2,3", "2+3"},
	/* half of each of two targets */
	{LANG_EN, "clear and accurate records, and a timeline", "2,3", "3/5 and 2/4"},
	{LANG_EN, "accurate records, and a timeline", "3", "2/5 is under half"},
	/* stray words: at most a third of the stroke */
	{LANG_EN, "for professionals to take the necessary steps to protect children", "6",
	 "3 stray of 10"},
	{LANG_EN, "need for professionals to take the necessary steps to protect children", "none",
	 "4 stray of 11"},
	{LANG_EN, "a timeline of events. Reviews usually", "3", "2 stray of 6"},
	{LANG_EN, "a timeline of events. Reviews usually identify", "none", "3 stray of 7"},
	{LANG_EN, "importance of assessing the circumstances of the", "4", "5/10 + 2 stray of 7"},
	{LANG_EN, "importance of assessing the circumstances of", "none", "4/10"},
	{LANG_CY, "angen i weithwyr proffesiynol gymryd y camau angenrheidiol er mwyn diogelu plant",
	 "6", "4 stray of 12"},
	{LANG_CY,
	 "nodi’r angen i weithwyr proffesiynol gymryd y camau angenrheidiol er mwyn diogelu plant",
	 "none", "5 stray of 13"},
	/* Welsh apostrophes keep a word whole */
	{LANG_CY, "asesu amgylchiadau’r plentyn", "4", "3/6"},
	{LANG_CY, "amgylchiadau’r plentyn a’i", "4", "3/6"},
	{LANG_CY, "asesu amgylchiadau’r", "none", "2/6"},
	{LANG_CY, "a’i deulu/gofalwyr", "4", "3/6"},
	{LANG_CY, "pwysigrwydd asesu amgylchiadau’r plentyn a’i deulu/gofalwyr er mwyn", "4",
	 "3 stray of 9"},
	{LANG_CY, "pwysigrwydd asesu amgylchiadau’r plentyn a’i deulu/gofalwyr er mwyn adnabod",
	 "none", "4 stray of 10"},
	{LANG_CY, "gam-drin a deall eu heffeithiau ar blant a phobl ifanc", "5", "10/15"},
};

static void test_strokes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof strokes / sizeof strokes[0]; i++) {
		game g;
		setup_game(&g, strokes[i].lang);
		quiz_span s = locate(&g.w, strokes[i].stroke);
		quiz_add(&g.q, s.first, s.last);
		quiz_mark ok[QUIZ_MAX_HIGHLIGHTS];
		unsigned found = quiz_found(&g.q, ok);
		char buf[64];
		quiz_found_string(&g.q, buf, sizeof buf);
		if (strcmp(buf, strokes[i].found) != 0)
			fail_msg("\"%s\" (%s): found %s, want %s", strokes[i].stroke, strokes[i].why,
				 buf, strokes[i].found);
		assert_int_equal(ok[0] == QUIZ_MARK_FOUND, found != 0);
	}
}

static void test_whole_paragraph(void **state)
{
	(void)state;
	for (int l = 0; l <= LANG_EN; l++) {
		game g;
		setup_game(&g, (lang_id)l);
		quiz_add(&g.q, g.w.n - 1, 0);
		assert_int_equal(g.q.n_highlights, 1);
		quiz_mark ok[QUIZ_MAX_HIGHLIGHTS] = {QUIZ_MARK_FOUND};
		assert_int_equal(quiz_found(&g.q, ok), 0);
		assert_int_equal(ok[0], QUIZ_MARK_WRONG);
		found_is(&g.q, "none");
	}
}

/* Each sentence holds one target among its own framing words, which is more
 * than a third of it: no sentence finds anything, one at a time or all
 * highlighted separately. Sentences are located by bytes, which also drives
 * quiz_span_for_bytes over a real text. */
static void test_every_sentence(void **state)
{
	(void)state;
	for (int l = 0; l <= LANG_EN; l++) {
		game g;
		setup_game(&g, (lang_id)l);
		const char *text = paragraph[l];
		size_t start = 0, sentences = 0;
		quiz_state all = g.q;
		for (const char *dot = strchr(text, '.'); dot; dot = strchr(dot + 1, '.')) {
			size_t end = (size_t)(dot - text);
			quiz_span s;
			assert_int_equal(quiz_span_for_bytes(g.w.start, g.w.end, g.w.n, start, end, &s), 0);
			quiz_clear(&g.q);
			quiz_add(&g.q, s.first, s.last);
			quiz_mark ok[QUIZ_MAX_HIGHLIGHTS] = {QUIZ_MARK_FOUND};
			if (quiz_found(&g.q, ok) != 0)
				fail_msg("sentence %zu of %s finds a target", sentences + 1, lang_code(l));
			assert_int_equal(ok[0], QUIZ_MARK_WRONG);
			quiz_add(&all, s.first, s.last);
			sentences++;
			start = end + 1;
		}
		assert_int_equal(sentences, 5);
		/* Sentences touch at word level but stay separate strokes. */
		assert_int_equal(all.n_highlights, 5);
		assert_int_equal(quiz_found(&all, NULL), 0);
	}
}

static void test_wrong_highlight_crossed(void **state)
{
	(void)state;
	game g;
	setup_game(&g, LANG_EN);
	quiz_add(&g.q, 0, 2); /* "To ensure improvement" */
	quiz_add(&g.q, g.target[1].first, g.target[1].last);
	quiz_mark m[QUIZ_MAX_HIGHLIGHTS];
	assert_int_equal(quiz_found(&g.q, m), 1u << 1);
	assert_int_equal(m[0], QUIZ_MARK_WRONG);
	assert_int_equal(m[1], QUIZ_MARK_FOUND);
	assert_int_equal(quiz_partial(&g.q), 0);
}

/* Part of an action, not enough to find it: partly right, never wrong
 * (issue #14, defect 3). Too many other words with it: wrong. */
static void test_partly_right(void **state)
{
	(void)state;
	game g;
	setup_game(&g, LANG_CY);
	quiz_span two = locate(&g.w, "asesu amgylchiadau’r");
	quiz_add(&g.q, two.first, two.last);
	quiz_mark m[QUIZ_MAX_HIGHLIGHTS];
	assert_int_equal(quiz_found(&g.q, m), 0);
	assert_int_equal(m[0], QUIZ_MARK_PARTIAL);
	assert_int_equal(quiz_partial(&g.q), 1u << 3);
	char buf[32];
	quiz_ids_string(&g.q, quiz_partial(&g.q), buf, sizeof buf);
	assert_string_equal(buf, "4");

	/* A third word finds it: partly no longer. */
	quiz_tap(&g.q, two.last + 1);
	assert_int_equal(quiz_found(&g.q, m), 1u << 3);
	assert_int_equal(m[0], QUIZ_MARK_FOUND);
	assert_int_equal(quiz_partial(&g.q), 0);

	/* One action word among many others: wrong, as the whole paragraph. */
	quiz_clear(&g.q);
	quiz_span wide = locate(&g.w, "pwysigrwydd asesu");
	quiz_add(&g.q, wide.first - 3, wide.first + 1);
	assert_int_equal(quiz_found(&g.q, m), 0);
	assert_int_equal(m[0], QUIZ_MARK_WRONG);
	quiz_clear(&g.q);
	quiz_add(&g.q, 0, g.w.n - 1);
	quiz_found(&g.q, m);
	assert_int_equal(m[0], QUIZ_MARK_WRONG);
	assert_int_equal(quiz_partial(&g.q), 0);
}

/* Two strokes side by side stay two highlights, each judged on its own
 * (issue #14, defect 2); a stroke across a highlight extends it. */
static void test_touching_strokes_stay_apart(void **state)
{
	(void)state;
	game g;
	setup_game(&g, LANG_EN);
	quiz_add(&g.q, g.target[2].first, g.target[2].last); /* a timeline of events */
	quiz_span next = locate(&g.w, "events. Reviews usually identify the importance");
	quiz_add(&g.q, next.first + 1, next.last);
	assert_int_equal(g.q.n_highlights, 2);
	quiz_mark m[QUIZ_MAX_HIGHLIGHTS];
	assert_int_equal(quiz_found(&g.q, m), 1u << 2);
	assert_int_equal(m[0], QUIZ_MARK_FOUND);
	assert_int_equal(m[1], QUIZ_MARK_WRONG);
	/* Dragged across the first: one highlight, and too many other words. */
	quiz_add(&g.q, g.target[2].last, next.first + 2);
	assert_int_equal(g.q.n_highlights, 1);
}

/* ---- editing ---- */

static void assert_highlights(const quiz_state *q, const quiz_span *want, size_t n)
{
	assert_int_equal(q->n_highlights, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(q->highlight[i].first, want[i].first);
		assert_int_equal(q->highlight[i].last, want[i].last);
	}
}

static void test_tap(void **state)
{
	(void)state;
	quiz_state q;
	quiz_init(&q, 20, NULL, NULL, 0);

	quiz_tap(&q, 5); /* add */
	assert_highlights(&q, (quiz_span[]){{5, 5}}, 1);
	quiz_tap(&q, 6); /* extend to the right */
	quiz_tap(&q, 4); /* and to the left */
	assert_highlights(&q, (quiz_span[]){{4, 6}}, 1);
	quiz_tap(&q, 8);
	assert_highlights(&q, (quiz_span[]){{4, 6}, {8, 8}}, 2);
	assert_int_equal(quiz_highlight_at(&q, 7), -1);
	assert_int_equal(quiz_highlight_at(&q, 8), 1);
	quiz_tap(&q, 7); /* join */
	assert_highlights(&q, (quiz_span[]){{4, 8}}, 1);
	quiz_tap(&q, 6); /* remove the whole highlight */
	assert_int_equal(q.n_highlights, 0);

	quiz_tap(&q, 0);
	quiz_tap(&q, 19);
	quiz_tap(&q, 20); /* out of range */
	quiz_tap(&q, SIZE_MAX);
	assert_highlights(&q, (quiz_span[]){{0, 0}, {19, 19}}, 2);
	quiz_tap(&q, 19);
	quiz_tap(&q, 0);
	assert_int_equal(q.n_highlights, 0);
}

static void test_add(void **state)
{
	(void)state;
	quiz_state q;
	quiz_init(&q, 30, NULL, NULL, 0);
	quiz_add(&q, 12, 10); /* either order */
	quiz_add(&q, 2, 3);
	quiz_add(&q, 20, 21);
	quiz_add(&q, 15, 15);
	assert_highlights(&q, (quiz_span[]){{2, 3}, {10, 12}, {15, 15}, {20, 21}}, 4);
	quiz_add(&q, 11, 19); /* overlaps one, touches another: only the first merges */
	assert_highlights(&q, (quiz_span[]){{2, 3}, {10, 19}, {20, 21}}, 3);
	quiz_add(&q, 4, 4); /* touches on the left only: a highlight of its own */
	assert_highlights(&q, (quiz_span[]){{2, 3}, {4, 4}, {10, 19}, {20, 21}}, 4);
	quiz_add(&q, 12, 13); /* inside: no change */
	assert_highlights(&q, (quiz_span[]){{2, 3}, {4, 4}, {10, 19}, {20, 21}}, 4);
	quiz_add(&q, 3, 20); /* across three: one */
	assert_highlights(&q, (quiz_span[]){{2, 21}}, 1);
	quiz_add(&q, 25, 30); /* past the end: ignored */
	quiz_add(&q, 30, 25);
	assert_highlights(&q, (quiz_span[]){{2, 21}}, 1);
	quiz_add(&q, 0, 29);
	assert_highlights(&q, (quiz_span[]){{0, 29}}, 1);
	quiz_clear(&q);
	assert_int_equal(q.n_highlights, 0);
}

static void test_limits(void **state)
{
	(void)state;
	quiz_state q;
	quiz_init(&q, 200, NULL, NULL, 0);
	for (size_t i = 0; i < QUIZ_MAX_HIGHLIGHTS; i++)
		quiz_tap(&q, 2 * i);
	assert_int_equal(q.n_highlights, QUIZ_MAX_HIGHLIGHTS);
	quiz_tap(&q, 150); /* would be a 65th: ignored */
	quiz_add(&q, 150, 160);
	assert_int_equal(q.n_highlights, QUIZ_MAX_HIGHLIGHTS);
	assert_int_equal(quiz_highlight_at(&q, 150), -1);
	quiz_tap(&q, 127); /* extends the last one: fine */
	assert_int_equal(q.n_highlights, QUIZ_MAX_HIGHLIGHTS);
	assert_int_equal(q.highlight[QUIZ_MAX_HIGHLIGHTS - 1].last, 127);
	quiz_tap(&q, 1); /* joins two: frees a slot */
	assert_int_equal(q.n_highlights, QUIZ_MAX_HIGHLIGHTS - 1);
	quiz_tap(&q, 150);
	assert_int_equal(quiz_highlight_at(&q, 150), QUIZ_MAX_HIGHLIGHTS - 1);
	quiz_tap(&q, 150); /* removing works when full */
	quiz_tap(&q, 40);
	assert_int_equal(q.n_highlights, QUIZ_MAX_HIGHLIGHTS - 2);

	/* Targets: at most QUIZ_MAX_TARGETS, and only real runs of words. */
	int ids[QUIZ_MAX_TARGETS + 2];
	quiz_span t[QUIZ_MAX_TARGETS + 2];
	for (int i = 0; i < QUIZ_MAX_TARGETS + 2; i++) {
		ids[i] = 100 + i;
		t[i] = (quiz_span){(size_t)i * 3, (size_t)i * 3 + 1};
	}
	quiz_init(&q, 40, ids, t, QUIZ_MAX_TARGETS + 2);
	assert_int_equal(q.n_targets, QUIZ_MAX_TARGETS);
	assert_int_equal(q.target_id[QUIZ_MAX_TARGETS - 1], 100 + QUIZ_MAX_TARGETS - 1);
	t[1] = (quiz_span){5, 4};  /* backwards */
	t[2] = (quiz_span){6, 11}; /* past n_words = 11 */
	quiz_init(&q, 11, ids, t, 5);
	assert_int_equal(q.n_targets, 2);
	assert_int_equal(q.target_id[0], 100);
	assert_int_equal(q.target_id[1], 103);
	assert_int_equal(q.target[1].first, 9);

	/* No words at all: nothing can be highlighted. */
	quiz_init(&q, 0, NULL, NULL, 0);
	quiz_tap(&q, 0);
	quiz_add(&q, 0, 0);
	assert_int_equal(q.n_highlights, 0);
	found_is(&q, "none");
}

static void test_found_string(void **state)
{
	(void)state;
	/* Ids are sorted even when the targets are listed out of order. */
	const int ids[3] = {5, 2, 3};
	const quiz_span t[3] = {{0, 1}, {4, 5}, {8, 9}};
	quiz_state q;
	quiz_init(&q, 12, ids, t, 3);
	found_is(&q, "none");
	quiz_add(&q, 0, 1);
	quiz_add(&q, 8, 9);
	found_is(&q, "3,5");
	quiz_add(&q, 4, 4);
	found_is(&q, "2,3,5");

	char small[4];
	memset(small, 'x', sizeof small);
	quiz_found_string(&q, small, sizeof small);
	assert_string_equal(small, "2,3");
	quiz_found_string(&q, small, 1);
	assert_string_equal(small, "");
	small[0] = 'x';
	quiz_found_string(&q, small, 0); /* writes nothing */
	assert_int_equal(small[0], 'x');
}

static void test_span_for_bytes(void **state)
{
	(void)state;
	words w;
	split("keeping clear, and accurate", &w);
	assert_int_equal(w.n, 4);
	quiz_span s;
	/* a point inside a word */
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, w.n, 9, 9, &s), 0);
	assert_int_equal(s.first, 1);
	assert_int_equal(s.last, 1);
	/* a point on the space or comma: nothing */
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, w.n, 7, 7, &s), -1);
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, w.n, 13, 15, &s), -1);
	/* a range from the middle of one word to the middle of another, either order */
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, w.n, 3, 17, &s), 0);
	assert_int_equal(s.first, 0);
	assert_int_equal(s.last, 2);
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, w.n, 17, 3, &s), 0);
	assert_int_equal(s.first, 0);
	assert_int_equal(s.last, 2);
	/* the range ends where a word starts: that word is not touched */
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, w.n, 0, w.start[1], &s), 0);
	assert_int_equal(s.last, 0);
	/* past the end, and no words */
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, w.n, 100, 200, &s), -1);
	assert_int_equal(quiz_span_for_bytes(w.start, w.end, 0, 0, 5, &s), -1);
}

/* ---- the language toggle ---- */

static void test_switch_keeps_each_language(void **state)
{
	(void)state;
	game en, cy;
	setup_game(&en, LANG_EN);
	setup_game(&cy, LANG_CY);

	/* Targets 2 and 3 in one stroke, half of 5, and a wrong highlight. */
	quiz_add(&en.q, locate(&en.w, "keeping").first, locate(&en.w, "events").first);
	quiz_add(&en.q, en.target[4].first, en.target[4].first + 7);
	quiz_add(&en.q, 0, 2);
	found_is(&en.q, "2,3,5");

	/* Welsh, with a stroke of its own: found there by credit, not by
	 * highlights that would reveal the answers' words. */
	quiz_tap(&cy.q, 3);
	quiz_credit(&cy.q, &en.q);
	found_is(&cy.q, "2,3,5");
	assert_highlights(&cy.q, (quiz_span[]){{3, 3}}, 1);

	/* Back to English: its own highlights, exactly, and no credit from
	 * Welsh's, which found nothing. */
	quiz_state kept = en.q, fresh;
	quiz_init(&fresh, en.w.n, (int[]){1, 2, 3, 4, 5, 6}, en.target, 6);
	quiz_restore(&fresh, &kept);
	quiz_credit(&fresh, &cy.q);
	assert_int_equal(fresh.n_highlights, 3);
	assert_memory_equal(fresh.highlight, kept.highlight, 3 * sizeof kept.highlight[0]);
	found_is(&fresh, "2,3,5");

	/* Credit is never passed back: remove the highlight of 5 in English,
	 * and 5 is no longer found in either language. */
	quiz_tap(&fresh, en.target[4].first);
	quiz_credit(&cy.q, &fresh);
	found_is(&fresh, "2,3");
	found_is(&cy.q, "2,3");

	/* A different game is not restored into. */
	quiz_state other;
	quiz_init(&other, 10, NULL, NULL, 0);
	quiz_restore(&other, &kept);
	assert_int_equal(other.n_highlights, 0);

	/* A target id the other side lacks is skipped. */
	const int ids[2] = {2, 9};
	const quiz_span t[2] = {{0, 1}, {3, 4}};
	quiz_init(&other, 10, ids, t, 2);
	quiz_add(&other, 0, 1);
	quiz_add(&other, 3, 4);
	found_is(&other, "2,9");
	quiz_clear(&en.q);
	quiz_credit(&en.q, &other);
	found_is(&en.q, "2");
}

/* After "Keep going", found highlights stay: taps and strokes over them
 * are ignored; others can still change. */
static void test_keep_going_locks_found(void **state)
{
	(void)state;
	game g;
	setup_game(&g, LANG_EN);
	quiz_add(&g.q, g.target[1].first, g.target[1].last);
	quiz_add(&g.q, 0, 1);
	g.q.lock_found = true;
	quiz_tap(&g.q, g.target[1].first);      /* found: stays */
	quiz_add(&g.q, 0, g.target[1].last + 3); /* over it: ignored */
	quiz_tap(&g.q, g.target[1].last + 1);   /* beside it: a new one */
	assert_highlights(&g.q, (quiz_span[]){{0, 1}, g.target[1],
					      {g.target[1].last + 1, g.target[1].last + 1}}, 3);
	quiz_tap(&g.q, 0); /* not found: removed */
	assert_int_equal(g.q.n_highlights, 2);
	quiz_clear(&g.q);
	assert_false(g.q.lock_found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_each_target_exactly),
		cmocka_unit_test(test_half_covered),
		cmocka_unit_test(test_strokes),
		cmocka_unit_test(test_whole_paragraph),
		cmocka_unit_test(test_every_sentence),
		cmocka_unit_test(test_wrong_highlight_crossed),
		cmocka_unit_test(test_tap),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_found_string),
		cmocka_unit_test(test_span_for_bytes),
		cmocka_unit_test(test_partly_right),
		cmocka_unit_test(test_touching_strokes_stay_apart),
		cmocka_unit_test(test_switch_keeps_each_language),
		cmocka_unit_test(test_keep_going_locks_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
