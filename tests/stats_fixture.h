/* A usage-figures database with known sessions at fixed dates, for the
 * figures' query (test_stats) and the dashboard's goldens (test_golden).
 * Written through the real writer (stats_open, stats_record_session), so
 * the rows are what the kiosk would write.
 *
 * The 30 days are 2026-11-01 to 2026-11-30, "now" 2026-11-30 15:00 UTC. On
 * day d (0 = 1 November) there are BASE[d % 7] + d / 10 sessions, from 09:00
 * every half hour; session i (counted over the whole window from 0):
 *   - starts in Welsh when i % 5 is 0 or 2, else in English, and an English
 *     one with i % 10 == 4 switches to Welsh too (used both);
 *   - when i % 4 != 3 reads the leaflet to page 1 + (i * 3) % 8;
 *   - otherwise opens "learning" to page 1 + (i / 4) % 3, and at page 3
 *     checked the quiz once: (i / 4) % 7 found, i % 3 wrong.
 * Two more sessions lie outside the window, the day before it and the day
 * after now; nothing of theirs may be counted. */
#ifndef TAFLEN_TESTS_STATS_FIXTURE_H
#define TAFLEN_TESTS_STATS_FIXTURE_H

#include <stdio.h>

#include "stats/stats.h"

#define FIXTURE_NOW 1796050800       /* 2026-11-30 15:00:00 UTC */
#define FIXTURE_FIRST_DAY 1793491200 /* 2026-11-01 00:00:00 UTC */
#define FIXTURE_DAY_S 86400

static void fixture_leaflet(stats_session *s, const char *slug, int page)
{
	snprintf(s->leaflets[s->n_leaflets].slug, STATS_SLUG_MAX, "%s", slug);
	s->leaflets[s->n_leaflets++].furthest_page = page;
}

/* Writes the fixture into a new database at path. */
static void stats_fixture_write(const char *path)
{
	static const int base[7] = {3, 5, 2, 4, 6, 1, 0};
	stats_options o = {.path = path, .kiosk_id = "fixture", .keep_days = 36500};
	stats *st = NULL;
	if (stats_open(&o, &st) != STATS_OK) {
		fprintf(stderr, "%s: cannot open the fixture database\n", path);
		return;
	}
	int i = 0;
	for (int d = 0; d < STATS_FIGURES_DAYS; d++) {
		for (int k = 0; k < base[d % 7] + d / 10; k++, i++) {
			stats_session s = {.start = FIXTURE_FIRST_DAY + (int64_t)d * FIXTURE_DAY_S +
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
		stats_session s = {.start = side ? FIXTURE_NOW + FIXTURE_DAY_S : FIXTURE_FIRST_DAY - 60,
				   .duration_s = 30, .start_lang = LANG_CY};
		s.used[LANG_CY] = true;
		fixture_leaflet(&s, side ? "elsewhere" : "child-practice-reviews", 8);
		s.checks[s.n_checks++] = (stats_check){6, 0, 0};
		stats_record_session(st, &s);
	}
	stats_close(st);
}

#endif
