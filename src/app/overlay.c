/* Overlays drawn over any screen: the idle warning ("Are you still there?",
 * current language first, with a countdown and a big Continue button) and
 * the staff PIN keypad that follows the hidden-corner hold. */
#include "app/app_internal.h"

#include <stdio.h>
#include <string.h>

static SDL_FRect panel_rect(const app *a, float h)
{
	const view_metrics *m = &a->m;
	float w = (float)a->w - 2 * m->margin;
	if (w > 900 * m->unit)
		w = 900 * m->unit;
	if (h > (float)a->h - 2 * m->margin)
		h = (float)a->h - 2 * m->margin;
	return (SDL_FRect){((float)a->w - w) / 2, ((float)a->h - h) / 2, w, h};
}

static void add_panel(app *a, SDL_FRect r)
{
	view_item scrim = {.kind = ITEM_RECT, .fill = COLOR_SCRIM,
			   .rect = {0, 0, (float)a->w, (float)a->h}};
	view_add(a->view, &scrim);
	view_item panel = {.kind = ITEM_RECT, .fill = COLOR_PANEL, .rect = r,
			   .outline = 4 * a->m.unit, .outline_color = COLOR_OUTLINE};
	view_add(a->view, &panel);
}

/* Adds a centred text at y inside the panel and returns the y below it. */
static float add_centred(app *a, SDL_FRect panel, const char *s, float px, unsigned flags,
			 view_color ink, float y)
{
	float inner = panel.w - 2 * a->m.margin;
	text_layout *l = app_text(a, s, px, flags, inner, TEXT_ALIGN_CENTER);
	if (!l)
		return y;
	float h = text_layout_height(l);
	app_add_text(a, l, panel.x + a->m.margin, y, ink, false);
	return y + h + a->m.gap;
}

static void build_idle_warning(app *a)
{
	const view_metrics *m = &a->m;
	lang_id first = a->st.lang, second = lang_other(a->st.lang);
	char secs[16], count1[256], count2[256], cont[256];
	snprintf(secs, sizeof secs, "%d", idle_seconds_left(&a->idle, a->now));
	app_format(count1, sizeof count1, app_str(a, first, "ui", "idle", "countdown"), "seconds", secs);
	app_format(count2, sizeof count2, app_str(a, second, "ui", "idle", "countdown"), "seconds", secs);
	snprintf(cont, sizeof cont, "%s / %s", app_str(a, first, "ui", "idle", "continue"),
		 app_str(a, second, "ui", "idle", "continue"));

	SDL_FRect p = panel_rect(a, 820 * m->unit * (m->body_px / (32 * m->unit) > 1.2f ? 1.3f : 1.0f));
	view_begin_modal(a->view);
	add_panel(a, p);
	float y = p.y + m->margin;
	y = add_centred(a, p, app_str(a, first, "ui", "idle", "title"), m->body_px * 1.4f, TEXT_BOLD,
			COLOR_TEXT, y);
	y = add_centred(a, p, app_str(a, second, "ui", "idle", "title"), m->body_px, TEXT_REGULAR,
			COLOR_MUTED, y);
	y += m->gap;
	y = add_centred(a, p, count1, m->body_px * 1.1f, TEXT_BOLD, COLOR_TEXT, y);
	y = add_centred(a, p, count2, m->body_px * 0.9f, TEXT_REGULAR, COLOR_MUTED, y);
	float bh = m->button_h * 1.3f;
	float by = p.y + p.h - m->margin - bh;
	if (by < y)
		by = y;
	app_add_button(a, (SDL_FRect){p.x + m->margin, by, p.w - 2 * m->margin, bh}, cont, true,
		       ACT_CONTINUE, 0);
}

static void build_staff_pin(app *a)
{
	const view_metrics *m = &a->m;
	float key = m->button_h * 1.1f;
	float grid_h = 4 * key + 3 * m->gap;
	SDL_FRect p = panel_rect(a, grid_h + 4 * m->margin + 3 * m->body_px * 1.5f);
	view_begin_modal(a->view);
	add_panel(a, p);
	float y = p.y + m->margin;
	y = add_centred(a, p, app_str(a, a->st.lang, "ui", "staff", "pin_title"), m->body_px * 1.2f,
			TEXT_BOLD, COLOR_TEXT, y);
	char dots[3 * PIN_BUFFER + 1] = "";
	for (size_t i = 0; i < strlen(a->st.pin); i++)
		strcat(dots, "\xe2\x97\x8f"); /* U+25CF, one per digit typed */
	const char *status = a->st.pin_wrong ? app_str(a, a->st.lang, "ui", "staff", "wrong_pin")
					     : dots[0] ? dots : " ";
	y = add_centred(a, p, status, m->body_px, TEXT_BOLD, COLOR_TEXT, y);

	float gw = 3 * key * 1.6f + 2 * m->gap;
	float gx = p.x + (p.w - gw) / 2;
	static const char *const labels[12] = {"1", "2", "3", "4", "5", "6",
					       "7", "8", "9", NULL, "0", "\xe2\x8c\xab"};
	for (int i = 0; i < 12; i++) {
		SDL_FRect r = {gx + (float)(i % 3) * (key * 1.6f + m->gap),
			       y + (float)(i / 3) * (key + m->gap), key * 1.6f, key};
		if (i == 9)
			app_add_button(a, r, app_str(a, a->st.lang, "ui", "staff", "cancel"), false,
				       ACT_PIN_CANCEL, 0);
		else if (i == 11)
			app_add_button(a, r, labels[i], false, ACT_PIN_DELETE, 0);
		else
			app_add_button(a, r, labels[i], true, ACT_PIN_DIGIT, labels[i][0] - '0');
	}
}

void overlay_build(app *a)
{
	if (a->st.overlay == OVERLAY_IDLE_WARNING)
		build_idle_warning(a);
	else if (a->st.overlay == OVERLAY_STAFF_PIN)
		build_staff_pin(a);
}
