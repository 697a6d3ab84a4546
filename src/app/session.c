#include "app/session.h"

#include <string.h>

void session_begin(session *s, uint64_t now, int64_t wall_s, lang_id lang)
{
	memset(s, 0, sizeof *s);
	s->active = true;
	s->t0 = s->last_input = now;
	s->rec.start = wall_s;
	s->rec.start_lang = lang;
	s->rec.used[lang] = true;
}

void session_input(session *s, uint64_t now)
{
	if (s->active && now > s->last_input)
		s->last_input = now;
}

void session_lang(session *s, lang_id lang)
{
	if (s->active)
		s->rec.used[lang] = true;
}

void session_page(session *s, const char *slug, int page)
{
	if (!s->active)
		return;
	stats_session *r = &s->rec;
	for (size_t i = 0; i < r->n_leaflets; i++) {
		if (strncmp(r->leaflets[i].slug, slug, STATS_SLUG_MAX) == 0) {
			if (page > r->leaflets[i].furthest_page)
				r->leaflets[i].furthest_page = page;
			return;
		}
	}
	if (r->n_leaflets == STATS_MAX_LEAFLETS)
		return;
	stats_leaflet *l = &r->leaflets[r->n_leaflets++];
	/* Slugs are the app's own constants; a longer one is cut, not overrun. */
	strncpy(l->slug, slug, STATS_SLUG_MAX - 1);
	l->slug[STATS_SLUG_MAX - 1] = '\0';
	l->furthest_page = page;
}

void session_text_size(session *s, bool larger)
{
	if (s->active && larger)
		s->rec.larger_text = true;
}

void session_listened(session *s)
{
	if (s->active)
		s->rec.listen = true;
}

void session_quiz_checked(session *s, int found, int partly, int wrong)
{
	if (!s->active || s->rec.n_checks == STATS_MAX_CHECKS)
		return;
	s->rec.checks[s->rec.n_checks++] = (stats_check){found, partly, wrong};
}

bool session_end(session *s, uint64_t now, stats_end why, stats_session *out)
{
	if (!s->active)
		return false;
	uint64_t end = why == STATS_END_IDLE ? s->last_input : now;
	if (end < s->t0)
		end = s->t0;
	*out = s->rec;
	out->end = why;
	/* Rounded to the nearest second. */
	out->duration_s = (uint32_t)((end - s->t0 + 500) / 1000);
	s->active = false;
	return true;
}
