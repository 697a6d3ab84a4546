/* leaflet: Child Practice Reviews, information for parents and carers. One
 * section of leaflet.txt per page, with previous/next buttons, swipes and a
 * page indicator. A page taller than the screen scrolls (app.c handles the
 * drag and its inertia; app_set_content_height adds the cue that says so). */
#include "app/app_internal.h"

#include <stdio.h>

/* The first section of leaflet.txt holds the title; the rest are pages. */
int screen_leaflet_pages(const app *a)
{
	const content_file *f = a->content ? content_get_file(a->content, a->st.lang, "leaflet") : NULL;
	return f && f->n_sections > 1 ? (int)f->n_sections - 1 : 0;
}

/* The column of reading text between the bars, scrolled as one region. The
 * layout is added as the screen's reading text so that a language or text
 * size change keeps the same paragraph at the top. */
void screen_add_reading(app *a, const char *kicker, const content_block *blocks, size_t n,
			float top, float bottom)
{
	const view_metrics *m = &a->m;
	float x, w;
	app_column(a, &x, &w);
	SDL_FRect region = {0, top, (float)a->w, bottom - top};
	float y = top + m->margin * 0.75f;
	if (kicker && *kicker) {
		text_layout *k = app_text(a, kicker, m->body_px * 0.85f, TEXT_REGULAR, w, TEXT_ALIGN_LEFT);
		if (k) {
			float kh = text_layout_height(k);
			app_add_text(a, k, x, y, COLOR_MUTED, true);
			y += kh + m->gap;
		}
	}
	text_layout *body = app_blocks(a, blocks, n, m->body_px, w, 0);
	if (body) {
		float bh = text_layout_height(body);
		view_item *it = app_add_text(a, body, x, y, COLOR_TEXT, true);
		if (it) {
			a->reading = it->text;
			a->reading_y = y;
			a->reading_blocks = blocks;
			a->n_reading_blocks = n;
		}
		y += bh;
	}
	float content_h = y + m->margin - top;
	app_set_content_height(a, region, content_h);
}

void screen_leaflet_build(app *a)
{
	const view_metrics *m = &a->m;
	float top = app_add_top_bar(a);
	float bottom = (float)a->h - m->bar_h;

	const content_file *f = content_get_file(a->content, a->st.lang, "leaflet");
	int pages = screen_leaflet_pages(a);
	if (!f || pages == 0)
		return;
	if (a->st.page > pages)
		a->st.page = pages;
	const content_section *page = &f->sections[a->st.page];
	char kicker[512];
	snprintf(kicker, sizeof kicker, "%s \xe2\x80\x94 %s",
		 app_str(a, a->st.lang, "leaflet", "leaflet", "title"),
		 app_str(a, a->st.lang, "leaflet", "leaflet", "subtitle"));
	screen_add_reading(a, kicker, page->blocks, page->n_blocks, top, bottom);

	/* The bottom bar: previous, "3 / 8", next. */
	app_add_rect(a, (SDL_FRect){0, bottom, (float)a->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = ((float)a->w - 2 * m->margin) * 0.32f;
	if (a->st.page > 1)
		app_add_button(a, (SDL_FRect){m->margin / 2, bottom + pad, bw, m->button_h},
			       app_str(a, a->st.lang, "ui", "common", "previous"), false, ACT_PAGE, -1);
	SDL_FRect right = {(float)a->w - m->margin / 2 - bw, bottom + pad, bw, m->button_h};
	/* The last page offers the leaflet's web address, when the content
	 * names one: never an address made up here. The label is looked up on
	 * every last page, so that the schema test (which walks the shipped
	 * content, with no @url) sees this screen ask for it. */
	const char *take = a->st.page < pages ? NULL : app_str(a, a->st.lang, "ui", "contact", "take");
	if (a->st.page < pages) {
		app_add_button(a, right, app_str(a, a->st.lang, "ui", "common", "next"), true, ACT_PAGE, +1);
	} else if (*app_str(a, a->st.lang, "leaflet", "leaflet", "url")) {
		/* Longer than "Next": the button grows to keep it on one line,
		 * up to a third of the bar. */
		text_layout *l = app_text(a, take, m->label_px, TEXT_BOLD, (float)a->w, TEXT_ALIGN_LEFT);
		float need = l ? text_layout_width(l) + 2 * m->gap + 2 : 0;
		if (l)
			text_layout_unref(l);
		float most = ((float)a->w - m->margin) / 3;
		if (need > bw) {
			right.w = need < most ? need : most;
			right.x = (float)a->w - m->margin / 2 - right.w;
			bw = right.w;
		}
		app_add_button(a, right, take, true, ACT_CARD_URL, 0);
	}
	char n[16], total[16], label[64], tmp[64];
	snprintf(n, sizeof n, "%d", a->st.page);
	snprintf(total, sizeof total, "%d", pages);
	app_format(tmp, sizeof tmp, app_str(a, a->st.lang, "ui", "common", "page_of"), "page", n);
	app_format(label, sizeof label, tmp, "pages", total);
	float iw = (float)a->w - 2 * (m->margin / 2 + bw + m->gap);
	text_layout *ind = app_text(a, label, m->label_px, TEXT_BOLD, iw, TEXT_ALIGN_CENTER);
	if (ind)
		app_add_text(a, ind, ((float)a->w - iw) / 2,
			     bottom + (m->bar_h - text_layout_height(ind)) / 2, COLOR_TEXT, false);
}
