/* The contact card: an overlay that hands a visitor a phone number, an e-mail
 * address, the contact record or the leaflet's web address as a QR code
 * their phone's camera reads (the kiosk itself can call or mail no one). A
 * tap on a tel: or mailto: link of the reading text opens it; on the
 * leaflet's last page, a "Take it with you" button opens the @url card.
 * Close, or a tap outside the card, returns to the same page and scroll.
 *
 * One code at a time, as large as the card allows: a toggle switches
 * between the link's code and the contact record's. */
#include "app/app_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "content/contact.h"
#include "qr/qr.h"

/* Without a display to ask (headless, or a driver that does not know), a
 * 24-inch 1080p screen's density: about 92 dpi, rounded up. */
#define CARD_DEFAULT_DPI 96.0
/* The code is never drawn larger than this (at a 1080 px short side): a
 * bigger one only makes the phone step back. */
#define CARD_MAX_CODE 700.0f
/* Text that does not fit is shrunk by this step, at most CARD_FIT_STEPS times. */
#define CARD_FIT_SHRINK 0.85f
#define CARD_FIT_STEPS 5
#define CARD_LINES 6

static const char *ui(screen_ctx *c, const char *key)
{
	return app_str(c, c->st->lang, "ui", "contact", key);
}

/* The contact info of the language shown, its fields looked up through
 * the content schema (app_str) like every field a screen shows. */
static void get_info(screen_ctx *c, contact_info *info)
{
	size_t item = c->st->item;
	contact_get(content_item_file(c->content, item, app_item_lang(c->content, item, c->st->lang)),
		    info);
	const char *org = app_str(c, c->st->lang, "leaflet", "leaflet", "org");
	const char *url = app_str(c, c->st->lang, "leaflet", "leaflet", "url");
	info->org = *org ? org : NULL;
	info->url = *url ? url : NULL;
}

/* The text of the code shown into buf; false when there is none. */
static bool code_text(screen_ctx *c, char *buf, size_t size)
{
	contact_info info;
	get_info(c, &info);
	switch (c->st->card) {
	case CARD_LINK:
		snprintf(buf, size, "%s", c->st->card_link);
		return c->st->card_link[0] != '\0';
	case CARD_SAVE:
		return contact_vcard(&info, buf, size) > 0;
	case CARD_URL:
		snprintf(buf, size, "%s", info.url ? info.url : "");
		return info.url != NULL;
	}
	return false;
}

static bool can_save(screen_ctx *c)
{
	contact_info info;
	get_info(c, &info);
	char buf[1024];
	return contact_vcard(&info, buf, sizeof buf) > 0;
}

/* The app cancels the touch and stops a glide when an overlay appears. */
static void open_link(screen_ctx *c, const char *href, const char *label, size_t label_len)
{
	app_state *st = c->state;
	st->overlay = OVERLAY_CONTACT;
	st->card = CARD_LINK;
	snprintf(st->card_link, sizeof st->card_link, "%s", href);
	snprintf(st->card_label, sizeof st->card_label, "%.*s", (int)label_len, label);
	c->changed = true;
}

/* The link of the reading text under (x, y): its touch area is the link's
 * text grown to a finger's size, as a button would be. */
void card_tap_link(screen_ctx *c, float x, float y)
{
	const screen_marks *at = c->shown;
	SDL_FRect region = view_scroll_region(c->view);
	if (c->st->overlay != OVERLAY_NONE || !at->reading || !view_rect_has(region, x, y))
		return;
	float col_x, col_w;
	app_column(c, &col_x, &col_w);
	float min_h = 60.0f * c->m.unit, pad = c->m.gap / 2;
	for (size_t b = 0; b < at->n_reading_blocks; b++) {
		const content_block *cb = &at->reading_blocks[b];
		for (size_t i = 0; i < cb->n_spans; i++) {
			const content_span *sp = &cb->spans[i];
			if (!(sp->flags & CONTENT_LINK) || !sp->href)
				continue;
			text_rect rects[8];
			size_t n = text_layout_range_rects(at->reading, b, sp->start, sp->end, rects, 8);
			for (size_t k = 0; k < n && k < 8; k++) {
				float h = fmaxf(rects[k].h, min_h);
				SDL_FRect r = {col_x + rects[k].x - pad,
					       at->reading_y + rects[k].y - (h - rects[k].h) / 2 - c->st->scroll,
					       rects[k].w + 2 * pad, h};
				if (view_rect_has(r, x, y)) {
					open_link(c, sp->href, cb->text + sp->start, sp->end - sp->start);
					return;
				}
			}
		}
	}
}

static bool card_action(screen_ctx *c, int action, int arg)
{
	app_state *st = c->state;
	if (action == ACT_CARD_CLOSE) {
		st->overlay = OVERLAY_NONE;
		st->card_link[0] = st->card_label[0] = '\0';
	} else if (action == ACT_CARD_SHOW) {
		st->card = arg == CARD_SAVE ? CARD_SAVE : CARD_LINK;
	} else {
		return false;
	}
	c->changed = true;
	return true;
}

/* A tap outside the card closes it. */
static void card_tap(screen_ctx *c, float x, float y)
{
	if (!view_rect_has(c->shown->panel, x, y))
		card_action(c, ACT_CARD_CLOSE, 0);
}

bool card_show_url(screen_ctx *c)
{
	contact_info info;
	get_info(c, &info);
	if (!info.url)
		return false;
	app_state *st = c->state;
	st->overlay = OVERLAY_CONTACT;
	st->card = CARD_URL;
	st->card_link[0] = st->card_label[0] = '\0';
	c->changed = true;
	return true;
}

/* --screen contact:tel, contact:mailto, contact:save, contact:url: the card
 * over the leaflet page it belongs to (card_open), which this finds. */
static int card_link_of(const content *ct, lang_id lang, const char *kind, size_t *section,
			const content_block **b, const content_span **sp)
{
	size_t item = content_first_leaflet(ct);
	const content_file *f = content_item_file(ct, item, app_item_lang(ct, item, lang));
	if (!f)
		return -1;
	bool save = strcmp(kind, "save") == 0;
	const char *scheme = strcmp(kind, "tel") == 0 ? "tel:" : strcmp(kind, "mailto") == 0 ? "mailto:" : NULL;
	*section = f->n_sections - 1; /* the last page, where the @url card is offered */
	*b = NULL;
	*sp = NULL;
	if (save && contact_find_link(f, "tel:", section, b, sp) != 0 &&
	    contact_find_link(f, "mailto:", section, b, sp) != 0)
		return -1;
	if (scheme && contact_find_link(f, scheme, section, b, sp) != 0)
		return -1;
	if (!save && !scheme && strcmp(kind, "url") != 0)
		return -1;
	return *section >= 1 ? 0 : -1; /* section 0 is [leaflet] */
}

static int card_open_over(const content *ct, lang_id lang, const char *kind, char *buf, size_t size)
{
	size_t section;
	const content_block *b;
	const content_span *sp;
	if (card_link_of(ct, lang, kind, &section, &b, &sp) != 0)
		return -1;
	snprintf(buf, size, "leaflet:%zu", section);
	return 0;
}

static int card_open(screen_ctx *c, const char *kind)
{
	size_t section;
	const content_block *b;
	const content_span *sp;
	if (card_link_of(c->content, c->st->lang, kind, &section, &b, &sp) != 0)
		return -1;
	if (sp) {
		if (strcmp(kind, "save") == 0) {
			if (!can_save(c))
				return -1;
			open_link(c, sp->href, b->text + sp->start, sp->end - sp->start);
			c->state->card = CARD_SAVE;
		} else {
			open_link(c, sp->href, b->text + sp->start, sp->end - sp->start);
		}
		return 0;
	}
	return card_show_url(c) ? 0 : -1;
}

/* The text encoded in the code shown, or "none"; CR and LF as \r and \n. */
static void card_field(screen_ctx *c, char *buf, size_t size)
{
	char text[1024];
	if (c->st->overlay != OVERLAY_CONTACT || !code_text(c, text, sizeof text)) {
		snprintf(buf, size, "none");
		return;
	}
	size_t used = 0;
	for (const char *p = text; *p && used + 3 < size; p++) {
		const char *esc = *p == '\r' ? "\\r" : *p == '\n' ? "\\n" : *p == '\\' ? "\\\\" : NULL;
		if (esc) {
			memcpy(buf + used, esc, 2);
			used += 2;
		} else {
			buf[used++] = *p;
		}
	}
	buf[used] = '\0';
}

/* ---- the card ---- */

static double screen_dpi(void)
{
	float d = 0;
	if (SDL_WasInit(SDL_INIT_VIDEO) && SDL_GetDisplayDPI(0, &d, NULL, NULL) == 0 && d >= 30 &&
	    d <= 1000)
		return d;
	return CARD_DEFAULT_DPI;
}

typedef struct {
	text_layout *line[CARD_LINES];
	view_color ink[CARD_LINES];
	size_t n;
	float h; /* the lines' height, gaps included */
} card_text;

static void add_line(screen_ctx *c, card_text *t, const char *s, float px, unsigned flags,
		     view_color ink, float width)
{
	if (!*s || t->n == CARD_LINES)
		return;
	text_layout *l = app_text(c, s, px, flags, width, TEXT_ALIGN_CENTER);
	if (!l)
		return;
	t->line[t->n] = l;
	t->ink[t->n++] = ink;
	t->h += text_layout_height(l) + c->m.gap;
}

static void drop_lines(card_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		text_layout_unref(t->line[i]);
	t->n = 0;
	t->h = 0;
}

/* The large line: the number, address or name, shrunk until it fits the
 * width on one line where it can (an e-mail address should not break). */
static void add_big(screen_ctx *c, card_text *t, const char *s, float px, float width)
{
	text_layout *l = app_text(c, s, px, TEXT_BOLD, (float)c->w * 4, TEXT_ALIGN_LEFT);
	float w = l ? text_layout_width(l) : 0;
	if (l)
		text_layout_unref(l);
	if (w > width)
		px = fmaxf(px * width / w * 0.98f, c->m.label_px);
	add_line(c, t, s, px, TEXT_BOLD, COLOR_TEXT, width);
}

static void card_lines(screen_ctx *c, card_text *t, float scale, float width)
{
	const view_metrics *m = &c->m;
	float body = m->body_px * scale;
	contact_info info;
	get_info(c, &info);
	switch (c->st->card) {
	case CARD_LINK:
		add_line(c, t, ui(c, "title"), body, TEXT_BOLD, COLOR_MUTED, width);
		add_big(c, t, c->st->card_label, body * 1.6f, width);
		add_line(c, t, ui(c, "camera"), body, TEXT_REGULAR, COLOR_TEXT, width);
		break;
	case CARD_SAVE:
		add_line(c, t, ui(c, "save"), body, TEXT_BOLD, COLOR_MUTED, width);
		add_line(c, t, info.org ? info.org : "", body * 1.2f, TEXT_BOLD, COLOR_TEXT, width);
		add_line(c, t, ui(c, "camera"), body, TEXT_REGULAR, COLOR_TEXT, width);
		add_line(c, t, ui(c, "save_hint"), body * 0.9f, TEXT_REGULAR, COLOR_MUTED, width);
		break;
	case CARD_URL:
		add_line(c, t, ui(c, "take"), body * 1.2f, TEXT_BOLD, COLOR_TEXT, width);
		add_big(c, t, info.url ? info.url : "", body, width);
		add_line(c, t, ui(c, "camera"), body, TEXT_REGULAR, COLOR_TEXT, width);
		break;
	}
}

/* Lines that fit in max_h, shrinking the text if they must. */
static void fit_lines(screen_ctx *c, card_text *t, float width, float max_h)
{
	float scale = 1;
	for (int i = 0; i < CARD_FIT_STEPS; i++) {
		card_lines(c, t, scale, width);
		if (t->h <= max_h || i + 1 == CARD_FIT_STEPS)
			return;
		drop_lines(t);
		scale *= CARD_FIT_SHRINK;
	}
}

static float place_lines(screen_ctx *c, card_text *t, float x, float y)
{
	for (size_t i = 0; i < t->n; i++) {
		float h = text_layout_height(t->line[i]);
		app_add_text(c, t->line[i], x, y, t->ink[i], false);
		y += h + c->m.gap;
	}
	t->n = 0;
	return y;
}

/* The code, centred in a square of side avail at (x, y), on whole pixels. */
static float add_code(screen_ctx *c, const qr_code *q, float x, float y, float avail)
{
	int n = qr_size(q);
	int min_side = qr_min_side_px(screen_dpi());
	int mod = qr_module_px(n, (int)avail, min_side);
	if (mod == 0) /* too small a screen to be readable: still draw the largest that fits */
		mod = (int)avail / (n + 2 * QR_QUIET) > 1 ? (int)avail / (n + 2 * QR_QUIET) : 1;
	float side = (float)qr_side_px(n, mod);
	float gx = floorf(x + (avail - side) / 2), gy = floorf(y + (avail - side) / 2);
	view_item it = {.kind = ITEM_MATRIX, .fill = COLOR_PANEL, .ink = COLOR_TEXT,
			.rect = {gx, gy, side, side}, .cells = qr_modules(q), .cells_n = n,
			.cell_px = mod, .tx = gx + (float)(QR_QUIET * mod),
			.ty = gy + (float)(QR_QUIET * mod)};
	view_add(c->view, &it);
	return side;
}

/* The buttons under the text: the toggle (when the card has two codes) and
 * Close. Returns their height; adds them only when add is set. */
static float buttons(screen_ctx *c, float x, float y, float w, bool add)
{
	const view_metrics *m = &c->m;
	float h = 0;
	if (c->st->card != CARD_URL && can_save(c)) {
		const char *link = ui(c, strncmp(c->st->card_link, "tel:", 4) == 0 ? "call" : "email");
		const char *save = ui(c, "save");
		/* Side by side when both labels fit on one line, else one above
		 * the other: a label is never squeezed. */
		float bw = (w - m->gap) / 2;
		bool stack = app_label_width(c, link) > bw || app_label_width(c, save) > bw;
		if (stack)
			bw = w;
		SDL_FRect r1 = {x, y, bw, m->button_h};
		SDL_FRect r2 = stack ? (SDL_FRect){x, y + m->button_h + m->gap, bw, m->button_h}
				     : (SDL_FRect){x + bw + m->gap, y, bw, m->button_h};
		if (add) {
			app_add_button(c, r1, link, c->st->card == CARD_LINK, ACT_CARD_SHOW, CARD_LINK);
			app_add_button(c, r2, save, c->st->card == CARD_SAVE, ACT_CARD_SHOW, CARD_SAVE);
		}
		h += (m->button_h + m->gap) * (stack ? 2 : 1);
	}
	if (add)
		app_add_button(c, (SDL_FRect){x, y + h, w, m->button_h}, ui(c, "close"), false,
			       ACT_CARD_CLOSE, 0);
	return h + m->button_h;
}

static void card_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	char text[1024];
	qr_code *q = NULL;
	if (!code_text(c, text, sizeof text) || qr_encode(text, &q) != QR_OK) {
		/* content_load encoded every code the content can show, so
		 * this is out of memory: no card rather than a broken one. */
		c->out.overlay_failed = true;
		return;
	}
	float max_code = CARD_MAX_CODE * m->unit;
	float outer = (float)c->w - 2 * m->margin, outer_h = (float)c->h - 2 * m->margin;
	card_text t = {0};
	if (c->w > c->h) {
		/* Landscape: the code on the left as tall as the card, the words
		 * and buttons beside it. */
		float code = fminf(fminf(outer_h - 2 * m->margin, outer * 0.5f), max_code);
		float pw = fminf(outer, code + 2 * m->margin + fmaxf(code, 700 * m->unit));
		float col = pw - code - 3 * m->margin;
		float bh = buttons(c, 0, 0, col, false);
		fit_lines(c, &t, col, outer_h - 2 * m->margin - bh - m->gap);
		float ph = fmaxf(code, t.h + m->gap + bh) + 2 * m->margin;
		SDL_FRect p = {floorf(((float)c->w - pw) / 2), floorf(((float)c->h - ph) / 2), pw, ph};
		app_add_panel(c, p);
		add_code(c, q, p.x + m->margin, p.y + (ph - code) / 2, code);
		float cx = p.x + 2 * m->margin + code;
		float y = p.y + (ph - (t.h + m->gap + bh)) / 2;
		y = place_lines(c, &t, cx, y) + m->gap;
		buttons(c, cx, y, col, true);
	} else {
		float pw = fminf(outer, 900 * m->unit);
		float inner = pw - 2 * m->margin;
		float code = fminf(fminf(inner, outer_h * 0.45f), max_code);
		float bh = buttons(c, 0, 0, inner, false);
		fit_lines(c, &t, inner, outer_h - 2 * m->margin - code - 2 * m->gap - bh);
		float ph = 2 * m->margin + t.h + code + 2 * m->gap + bh;
		SDL_FRect p = {floorf(((float)c->w - pw) / 2), floorf(((float)c->h - ph) / 2), pw, ph};
		app_add_panel(c, p);
		/* The heading lines above the code, the camera line under it. */
		card_text below = {0};
		size_t keep = t.n > 2 ? 2 : t.n;
		for (size_t i = keep; i < t.n; i++) {
			below.line[below.n] = t.line[i];
			below.ink[below.n++] = t.ink[i];
		}
		t.n = keep;
		float y = place_lines(c, &t, p.x + m->margin, p.y + m->margin);
		add_code(c, q, p.x + m->margin + (inner - code) / 2, y, code);
		y = place_lines(c, &below, p.x + m->margin, y + code + m->gap) + m->gap;
		buttons(c, p.x + m->margin, y, inner, true);
	}
	qr_free(q);
}

static const screen_field card_fields[] = {{"qr", card_field}, {NULL, NULL}};

const screen_def overlay_contact = {.name = "contact", .build = card_build, .action = card_action,
				    .tap = card_tap, .fields = card_fields,
				    .open_over = card_open_over, .open = card_open};
