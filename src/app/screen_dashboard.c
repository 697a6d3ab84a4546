/* dashboard: the usage figures for staff (docs/stats.md), drawn by the app
 * from view rectangles and its own text layouts: the headline numbers in
 * words, sessions per day (bars), the Welsh and English share per week
 * (stacked bars, Welsh first), how far visitors read each leaflet, the quiz
 * scores, and the last rejected content update. In the language shown, with
 * the toggle to the other. Every bar carries its number in text: colour is
 * never the only carrier.
 *
 * The figures are read once, when the screen opens (enter), on the UI
 * thread: one read-only connection and three queries bounded by the last 30
 * days' rows (stats_read_figures), which WAL lets run beside the writer. A
 * staff screen waits that long, not a visitor's; asking the writer thread
 * instead would queue the read behind its commits and gain nothing. */
#include "app/app_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define DAY_S 86400
#define MAX_COLUMNS 2
#define LABEL_SCALE 0.62f     /* chart labels, of the body size */
#define HEADING_SCALE 1.15f
#define HEADLINE_SCALE 1.3f
#define ROW_SCALE 0.75f       /* a row's text (a week, a page), of the body size */
#define DAY_CHART_H 160.0f    /* at unit 1 */
#define SCORE_CHART_H 120.0f
#define BAR_GAP_SHARE 0.3f    /* of a bar's slot left empty */
#define ROW_BAR_SHARE 0.4f    /* of the column a row's bar takes, on the right */
#define RULE_H 2.0f
#define DATE_LABEL_EMS 6.0f   /* room for "30/11" under a bar */
#define REJECTION_LINES 6
#define TEXT_MAX 512

/* The usage figures name the quiz "learning" (docs/stats.md), its slug
 * before the quiz was an item of the catalogue. */
#define QUIZ_DOC "learning"

/* The page being laid out: sections go into the shortest column. */
typedef struct {
	screen_ctx *c;
	int n;
	float x[MAX_COLUMNS], y[MAX_COLUMNS], w;
	int col;
} page;

static const char *str(screen_ctx *c, const char *key)
{
	return app_str(c, c->st->lang, "ui", "dashboard", key);
}

/* tmpl with {a} and {b} filled in (b may be NULL). */
static void fill2(char *buf, size_t size, const char *tmpl, const char *a, const char *va,
		  const char *b, const char *vb)
{
	char tmp[TEXT_MAX];
	app_format(tmp, sizeof tmp, tmpl, a, va);
	if (b)
		app_format(buf, size, tmp, b, vb);
	else
		snprintf(buf, size, "%s", tmp);
}

static void day_label(int64_t t, bool year, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, size, year ? "%d/%m/%Y" : "%d/%m", &tm);
}

/* n columns across the screen, all starting below what is laid out. */
static void columns(page *pg, int n, float top)
{
	const view_metrics *m = &pg->c->m;
	for (int i = 0; i < pg->n; i++)
		top = pg->y[i] > top ? pg->y[i] : top;
	pg->n = n;
	pg->w = ((float)pg->c->w - (float)(n + 1) * m->margin) / (float)n;
	for (int i = 0; i < n; i++) {
		pg->x[i] = m->margin + (float)i * (pg->w + m->margin);
		pg->y[i] = top;
	}
}

static void begin_section(page *pg)
{
	pg->col = 0;
	for (int i = 1; i < pg->n; i++)
		if (pg->y[i] < pg->y[pg->col])
			pg->col = i;
}

static void end_section(page *pg)
{
	pg->y[pg->col] += pg->c->m.margin;
}

/* A line of text across the column at its y, which it moves down. */
static void line(page *pg, const char *s, float px, unsigned flags, view_color ink)
{
	text_layout *l = app_text(pg->c, s, px, flags, pg->w, TEXT_ALIGN_LEFT);
	if (!l)
		return;
	float h = text_layout_height(l);
	app_add_text(pg->c, l, pg->x[pg->col], pg->y[pg->col], ink, true);
	pg->y[pg->col] += h + pg->c->m.gap / 2;
}

/* A chart label centred on cx within width w at y. */
static void label_at(screen_ctx *c, const char *s, float cx, float w, float y)
{
	text_layout *l = app_text(c, s, c->m.body_px * LABEL_SCALE, TEXT_REGULAR, w,
				  TEXT_ALIGN_CENTER);
	if (l)
		app_add_text(c, l, cx - w / 2, y, COLOR_TEXT, true);
}

/* The height of a line of chart labels, to leave room for one. */
static float label_height(screen_ctx *c)
{
	text_layout *l = app_text(c, "0", c->m.body_px * LABEL_SCALE, TEXT_REGULAR, (float)c->w,
				  TEXT_ALIGN_LEFT);
	float h = l ? text_layout_height(l) : 0;
	if (l)
		text_layout_unref(l);
	return h;
}

static void bar(screen_ctx *c, SDL_FRect r, view_color fill)
{
	if (r.w > 0 && r.h > 0)
		app_add_rect(c, r, fill, true);
}

static void outlined(screen_ctx *c, SDL_FRect r)
{
	view_item it = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .rect = r, .scrolls = true,
			.outline = 2 * c->m.unit, .outline_color = COLOR_OUTLINE};
	view_add(c->view, &it);
}

/* Vertical bars of n values, each with its number over it, from the
 * column's y; under each bar whose axis label is not NULL, that label. */
static void bar_chart(page *pg, const uint32_t *v, int n, float chart_h,
		      const char *const *axis, float axis_w)
{
	screen_ctx *c = pg->c;
	const view_metrics *m = &c->m;
	float x = pg->x[pg->col], w = pg->w, lh = label_height(c);
	uint32_t max = 1;
	for (int i = 0; i < n; i++)
		max = v[i] > max ? v[i] : max;
	float slot = w / (float)n, bw = slot * (1 - BAR_GAP_SHARE);
	float base = pg->y[pg->col] + lh + chart_h;
	char num[16];
	for (int i = 0; i < n; i++) {
		float cx = x + slot * ((float)i + 0.5f);
		float bh = chart_h * (float)v[i] / (float)max;
		bar(c, (SDL_FRect){cx - bw / 2, base - bh, bw, bh}, COLOR_BUTTON);
		snprintf(num, sizeof num, "%u", v[i]);
		label_at(c, num, cx, slot * 1.5f, base - bh - lh);
		if (axis[i]) {
			/* Kept inside the column at its ends. */
			float lx = cx < x + axis_w / 2 ? x + axis_w / 2
				 : cx > x + w - axis_w / 2 ? x + w - axis_w / 2 : cx;
			label_at(c, axis[i], lx, axis_w, base + m->gap / 2);
		}
	}
	bar(c, (SDL_FRect){x, base, w, RULE_H * m->unit}, COLOR_TEXT);
	pg->y[pg->col] = base + m->gap / 2 + lh + m->gap;
}

static void headline(page *pg, const usage_figures *u)
{
	screen_ctx *c = pg->c;
	const view_metrics *m = &c->m;
	const stats_figures *f = &u->f;
	char a[32], b[32], text[TEXT_MAX];
	day_label(f->first_day, true, a, sizeof a);
	day_label(u->now, true, b, sizeof b);
	fill2(text, sizeof text, str(c, "period"), "from", a, "to", b);
	line(pg, text, m->body_px * 0.9f, TEXT_REGULAR, COLOR_MUTED);
	snprintf(a, sizeof a, "%u", f->sessions);
	snprintf(b, sizeof b, "%d", STATS_FIGURES_DAYS);
	fill2(text, sizeof text,
	      app_plural(c, c->st->lang, "ui", "dashboard", "sessions", (long)f->sessions), "count",
	      a, "days", b);
	line(pg, text, m->body_px * HEADLINE_SCALE, TEXT_BOLD, COLOR_TEXT);
	if (f->sessions) {
		snprintf(a, sizeof a, "%.0f", 100.0 * f->in_welsh / f->sessions);
		fill2(text, sizeof text, str(c, "welsh_share"), "percent", a, NULL, NULL);
		line(pg, text, m->body_px, TEXT_REGULAR, COLOR_TEXT);
	}
}

static void per_day(page *pg, const stats_figures *f)
{
	screen_ctx *c = pg->c;
	line(pg, str(c, "per_day"), c->m.body_px * HEADING_SCALE, TEXT_BOLD, COLOR_TEXT);
	/* Today and every seventh day back are dated. */
	char dates[STATS_FIGURES_DAYS][16];
	const char *axis[STATS_FIGURES_DAYS];
	for (int d = 0; d < STATS_FIGURES_DAYS; d++) {
		axis[d] = NULL;
		if ((STATS_FIGURES_DAYS - 1 - d) % 7 == 0) {
			day_label(f->first_day + (int64_t)d * DAY_S, false, dates[d], sizeof dates[d]);
			axis[d] = dates[d];
		}
	}
	bar_chart(pg, f->per_day, STATS_FIGURES_DAYS, DAY_CHART_H * c->m.unit, axis,
		  DATE_LABEL_EMS * c->m.body_px * LABEL_SCALE);
}

/* A row: text on the left, a bar on the right (ROW_BAR_SHARE of the
 * column) filled to the given share in the bar colour, over an outlined
 * track when outline is set. */
static void row(page *pg, const char *text, float share, bool outline)
{
	screen_ctx *c = pg->c;
	const view_metrics *m = &c->m;
	float bw = pg->w * ROW_BAR_SHARE;
	text_layout *t = app_text(c, text, m->body_px * ROW_SCALE, TEXT_REGULAR,
				  pg->w - bw - m->gap, TEXT_ALIGN_LEFT);
	if (!t)
		return;
	float x = pg->x[pg->col], y = pg->y[pg->col], h = text_layout_height(t);
	app_add_text(c, t, x, y, COLOR_TEXT, true);
	SDL_FRect track = {x + pg->w - bw, y + h * 0.2f, bw, h * 0.6f};
	if (outline)
		outlined(c, track);
	track.w *= share;
	bar(c, track, COLOR_BUTTON);
	pg->y[pg->col] = y + h;
}

static void per_week(page *pg, const stats_figures *f)
{
	screen_ctx *c = pg->c;
	const view_metrics *m = &c->m;
	line(pg, str(c, "per_week"), m->body_px * HEADING_SCALE, TEXT_BOLD, COLOR_TEXT);
	for (int w = 0; w < STATS_FIGURES_WEEKS; w++) {
		int last = w + 1 < STATS_FIGURES_WEEKS ? f->week_first[w + 1] - 1
						       : STATS_FIGURES_DAYS - 1;
		char from[16], to[16], cy[16], en[16], counts[TEXT_MAX], text[TEXT_MAX + 64];
		day_label(f->first_day + (int64_t)f->week_first[w] * DAY_S, false, from, sizeof from);
		day_label(f->first_day + (int64_t)last * DAY_S, false, to, sizeof to);
		snprintf(cy, sizeof cy, "%u", f->week_cy[w]);
		snprintf(en, sizeof en, "%u", f->week_en[w]);
		fill2(counts, sizeof counts, str(c, "week"), "cy", cy, "en", en);
		snprintf(text, sizeof text, "%s\xe2\x80\x93%s: %s", from, to, counts);
		uint32_t total = f->week_cy[w] + f->week_en[w];
		row(pg, text, total ? (float)f->week_cy[w] / (float)total : 0, true);
		pg->y[pg->col] += m->gap / 2;
	}
}

/* A leaflet's title by its slug; the slug itself for one the content no
 * longer has. */
static const char *leaflet_name(screen_ctx *c, const char *slug)
{
	size_t item;
	if (strcmp(slug, QUIZ_DOC) == 0)
		item = content_quiz_item(c->content);
	else if (content_item_find(c->content, slug, &item) != 0)
		return slug;
	return app_item_str(c, item, c->st->lang, "title");
}

/* How far one leaflet was read: a row per page reached. */
static void leaflet_pages(page *pg, const stats_leaflet_figures *l)
{
	screen_ctx *c = pg->c;
	const view_metrics *m = &c->m;
	line(pg, leaflet_name(c, l->slug), m->body_px, TEXT_BOLD, COLOR_TEXT);
	for (int p = 0; p < l->pages; p++) {
		char page_s[16], count[16], tmpl[TEXT_MAX], text[TEXT_MAX];
		snprintf(page_s, sizeof page_s, "%d", p + 1);
		snprintf(count, sizeof count, "%u", l->reached[p]);
		snprintf(tmpl, sizeof tmpl, "%s",
			 app_plural(c, c->st->lang, "ui", "dashboard", "page_reached",
				    (long)l->reached[p]));
		fill2(text, sizeof text, tmpl, "page", page_s, "count", count);
		row(pg, text, l->opened ? (float)l->reached[p] / (float)l->opened : 0, false);
	}
	pg->y[pg->col] += m->gap / 2;
	if (strcmp(l->slug, QUIZ_DOC) == 0)
		line(pg, str(c, "learning_pages"), m->body_px * LABEL_SCALE, TEXT_REGULAR, COLOR_MUTED);
}

static void quiz_scores(page *pg, const stats_figures *f)
{
	screen_ctx *c = pg->c;
	const view_metrics *m = &c->m;
	line(pg, str(c, "scores"), m->body_px * HEADING_SCALE, TEXT_BOLD, COLOR_TEXT);
	char n[16], text[TEXT_MAX];
	snprintf(n, sizeof n, "%u", f->checks);
	fill2(text, sizeof text, app_plural(c, c->st->lang, "ui", "dashboard", "checks", (long)f->checks),
	      "count", n, NULL, NULL);
	line(pg, text, m->body_px * 0.9f, TEXT_REGULAR, COLOR_TEXT);
	char scores[STATS_FIGURES_SCORES][8];
	const char *axis[STATS_FIGURES_SCORES];
	for (int i = 0; i < STATS_FIGURES_SCORES; i++) {
		snprintf(scores[i], sizeof scores[i], "%d", i);
		axis[i] = scores[i];
	}
	bar_chart(pg, f->scores, STATS_FIGURES_SCORES, SCORE_CHART_H * m->unit, axis,
		  pg->w / STATS_FIGURES_SCORES);
	snprintf(n, sizeof n, "%d", STATS_FIGURES_SCORES - 1);
	fill2(text, sizeof text, str(c, "score_axis"), "total", n, NULL, NULL);
	line(pg, text, m->body_px * ROW_SCALE, TEXT_REGULAR, COLOR_MUTED);
}

/* "Content update rejected: FILE:LINE: message", a line each. */
static void rejection(page *pg, const char *lines)
{
	screen_ctx *c = pg->c;
	const char *p = lines;
	for (int i = 0; *p && i < REJECTION_LINES; i++) {
		size_t n = strcspn(p, "\n");
		char text[2 * TEXT_MAX];
		snprintf(text, sizeof text, "%s %.*s", str(c, "rejected"), (int)n, p);
		line(pg, text, c->m.body_px * 0.8f, TEXT_BOLD, COLOR_TEXT);
		p += n + (p[n] == '\n');
	}
}

/* A button's width for label: the label and some room either side. */
static float label_width(screen_ctx *c, const char *label)
{
	text_layout *l = app_text(c, label, c->m.label_px, TEXT_BOLD, (float)c->w, TEXT_ALIGN_LEFT);
	float w = l ? text_layout_width(l) : 0;
	if (l)
		text_layout_unref(l);
	return w + 4 * c->m.gap;
}

/* Back, the title, and the language toggle; returns the bar's height. */
static float header(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	app_add_rect(c, (SDL_FRect){0, 0, (float)c->w, m->bar_h}, COLOR_BAR, false);
	const char *back = str(c, "back");
	const char *other = app_str(c, lang_other(c->st->lang), "ui", "common", "language_name");
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = label_width(c, back), ow = label_width(c, other);
	bw = bw > ow ? bw : ow;
	app_add_button(c, (SDL_FRect){m->margin / 2, pad, bw, m->button_h}, back, false, ACT_OPEN,
		       SCREEN_STAFF);
	app_add_button(c, (SDL_FRect){(float)c->w - m->margin / 2 - bw, pad, bw, m->button_h},
		       other, true, ACT_TOGGLE_LANG, 0);
	float tw = (float)c->w - 2 * (m->margin + bw);
	text_layout *t = app_text(c, str(c, "title"), m->body_px * HEADING_SCALE, TEXT_BOLD, tw,
				  TEXT_ALIGN_CENTER);
	if (t) {
		float th = text_layout_height(t);
		app_add_text(c, t, ((float)c->w - tw) / 2, (m->bar_h - th) / 2, COLOR_TEXT, false);
	}
	return m->bar_h;
}

/* Ends the section under way and lays out fn's in the shortest column. */
static void section(page *pg, void (*fn)(page *, const stats_figures *), const stats_figures *f)
{
	end_section(pg);
	begin_section(pg);
	fn(pg, f);
}

static void dashboard_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	float top = header(c);
	const usage_figures *u = c->figures;
	/* Landscape: two columns. Portrait: the charts across the width, then
	 * the lists, which are narrow, side by side. */
	bool wide = c->w > c->h;
	page pg = {.c = c};
	columns(&pg, wide ? 2 : 1, top + m->margin);
	if (c->rejection) {
		begin_section(&pg);
		rejection(&pg, c->rejection);
		end_section(&pg);
	}
	const stats_figures *f = &u->f;
	begin_section(&pg);
	if (u->off) {
		line(&pg, str(c, "off"), m->body_px, TEXT_BOLD, COLOR_TEXT);
	} else if (u->rc != STATS_OK) {
		line(&pg, str(c, "unreadable"), m->body_px, TEXT_BOLD, COLOR_TEXT);
		line(&pg, u->err, m->body_px * 0.8f, TEXT_REGULAR, COLOR_TEXT);
	} else {
		headline(&pg, u);
		section(&pg, per_day, f);
		section(&pg, per_week, f);
		end_section(&pg);
		if (!wide)
			columns(&pg, 2, 0);
		/* The first leaflet under the heading, the scores beside it, the
		 * others where there is most room. */
		begin_section(&pg);
		line(&pg, str(c, "pages"), m->body_px * HEADING_SCALE, TEXT_BOLD, COLOR_TEXT);
		if (f->n_leaflets)
			leaflet_pages(&pg, &f->leaflets[0]);
		section(&pg, quiz_scores, f);
		for (size_t i = 1; i < f->n_leaflets; i++) {
			end_section(&pg);
			begin_section(&pg);
			leaflet_pages(&pg, &f->leaflets[i]);
		}
	}
	end_section(&pg);
	/* The last section's margin is the gap below it. */
	float bottom = 0;
	for (int i = 0; i < pg.n; i++)
		bottom = pg.y[i] > bottom ? pg.y[i] : bottom;
	app_set_content_height(c, (SDL_FRect){0, top, (float)c->w, (float)c->h - top},
			       bottom - m->margin + m->gap - top);
}

/* The figures as of now: read once as the screen opens. */
static void dashboard_enter(screen_ctx *c, screen_id from)
{
	(void)from;
	usage_figures *u = c->figures_rw;
	*u = (usage_figures){.off = !c->stats, .now = c->wall_now};
	if (c->stats)
		u->rc = stats_read_figures(c->stats, c->wall_now, &u->f, u->err, sizeof u->err);
}

const screen_def screen_dashboard = {.name = "dashboard", .build = dashboard_build,
				     .enter = dashboard_enter, .staff = true};
