/* What the screen files (screen_*.c, overlay.c) share with app.c: the
 * state, the action ids buttons carry, the context a screen is handed, the
 * helpers that turn content into view items, and the table of screens.
 * struct app itself is app.c's alone. Not for use outside src/app/ (the
 * tests include it too). */
#ifndef TAFLEN_APP_INTERNAL_H
#define TAFLEN_APP_INTERNAL_H

#include "app/app.h"
#include "app/gesture.h"
#include "app/idle.h"
#include "app/listen.h"
#include "app/pin_guard.h"
#include "app/quiz.h"
#include "app/reload.h"
#include "app/view.h"
#include "app/voice.h"
#include "content/content.h"
#include "content/schema.h"
#include "stats/stats.h"
#include "text/atlas.h"
#include "text/layout.h"

typedef enum {
	OVERLAY_NONE,
	OVERLAY_IDLE_WARNING,
	OVERLAY_STAFF_PIN,
	OVERLAY_CONTACT,
	OVERLAY_LANGS,    /* the language picker (more than two languages) */
	OVERLAY_CONTENTS, /* the list of the leaflet's pages */
	OVERLAY_COUNT
} overlay_id;

/* Which code the contact card shows. */
typedef enum {
	CARD_LINK, /* the tapped link's: tel:... or mailto:... */
	CARD_SAVE, /* the contact record (contact_vcard) */
	CARD_URL   /* the leaflet's @url */
} card_kind;

typedef enum {
	ACT_NONE,
	ACT_CHOOSE_LANG, /* arg: lang_id; welcome -> menu */
	ACT_TOGGLE_LANG, /* the top bar's language button: the other of two, or the picker */
	ACT_SET_LANG,    /* arg: lang_id; the picker's choice */
	ACT_TEXT_SIZE,   /* arg: the step, 0 .. TEXT_SIZES - 1 */
	ACT_HOME,
	ACT_OPEN,        /* arg: screen_id */
	ACT_OPEN_ITEM,   /* arg: an item of the catalogue (the menu's cards) */
	ACT_PAGE,        /* arg: +1 or -1 (a leaflet's page, the menu's) */
	ACT_GOTO_PAGE,   /* arg: a leaflet page, from 1 (the contents list) */
	ACT_CONTENTS,    /* the leaflet's page number: opens the list of its pages */
	ACT_CLOSE,       /* an overlay's Close: the list of pages, the picker */
	ACT_CHECK,
	ACT_SCROLL_MORE, /* the "More below" cue: scroll down most of a screen */
	ACT_SHOW_ANSWERS,
	ACT_TRY_AGAIN,
	ACT_KEEP_GOING,  /* back from the quiz's result to its game, highlights kept */
	ACT_CONTINUE,    /* dismisses the idle warning */
	ACT_PIN_DIGIT,   /* arg: 0..9 */
	ACT_PIN_DELETE,
	ACT_PIN_CANCEL,
	ACT_PIN_ENTER,   /* the keypad's Exit key */
	ACT_CARD_SHOW,   /* arg: card_kind, CARD_LINK or CARD_SAVE */
	ACT_CARD_URL,    /* opens the card of the leaflet's @url */
	ACT_CARD_CLOSE,
	ACT_STAFF_EXIT,  /* the staff area: leave the kiosk */
	ACT_STAFF_CLOSE, /* the staff area: back to the welcome screen */
	ACT_FINISH,      /* "Finish": ends the visit as the idle reset does */
	ACT_LISTEN,      /* read the screen aloud (docs/speech.md) */
	ACT_LISTEN_PAUSE, /* pause, or resume */
	ACT_LISTEN_STOP,
	ACT_LISTEN_SLOWER /* the slower speed, or back */
} action_id;

#define TEXT_SIZES 3
#define PIN_BUFFER 16
#define CARD_TEXT 512

/* Everything a visitor can change. A reset returns it to exactly what
 * app_new set up; tests compare the two field by field. */
typedef struct {
	screen_id screen;
	lang_id lang;
	size_t item;   /* the leaflet open (or last open): its catalogue index */
	int page;      /* leaflet page, 1-based */
	int menu_page; /* the catalogue's page of cards, from 0 */
	int text_size; /* index into the text scales */
	float scroll;  /* of the current screen, px */
	overlay_id overlay;
	quiz_state quiz; /* in the current language's words */
	quiz_state quiz_other; /* the other language's, kept for a switch back */
	/* The quiz's first-time demonstration: shown once from quiz_hint_t0
	 * (app ms) until it ends or a touch skips it; not again until a reset. */
	bool quiz_hint_shown, quiz_hint_skipped;
	uint64_t quiz_hint_t0;
	bool quiz_ready; /* quiz words and targets are set up */
	lang_id quiz_lang; /* the language of those words: lang, or Welsh */
	bool show_answers;
	char pin[PIN_BUFFER];
	bool pin_wrong;
	card_kind card;              /* OVERLAY_CONTACT: the code shown */
	char card_link[CARD_TEXT];   /* the tapped link's href */
	char card_label[CARD_TEXT];  /* the tapped link's text, shown large */
} app_state;

/* What the touch under way does on this screen, decided at the down
 * sample (a button, a quiz word) or when it leaves the slop (gesture.h). */
typedef enum {
	POINTER_UNDECIDED, /* nothing yet, or a move that does nothing here */
	POINTER_BUTTON,    /* pressed a button: a tap on the same one fires it */
	POINTER_SCROLL,
	POINTER_SWIPE,     /* turns pages, on a screen that swipes */
	POINTER_HIGHLIGHT  /* a quiz stroke (the quiz's pointer handler) */
} pointer_mode;

/* The touch (finger or mouse button) the gesture module follows, and what
 * it means to the app. */
typedef struct {
	gesture g;
	bool consumed;         /* the touch only dismissed an overlay */
	bool decided;          /* the app has seen it leave the slop */
	pointer_mode mode;
	const view_item *pressed; /* button under the first touch, if any */
	int pressed_action, pressed_arg;
	size_t word0, word1;   /* highlight drag: first and current word */
	bool on_word;
} pointer_state;

/* The quiz paragraph's words for the current language, as byte ranges:
 * every word of the layout, however long the paragraph (the arrays grow to
 * fit and live until app_free). The quiz screen's own state. */
typedef struct {
	size_t n, cap;
	size_t *start, *end;
} quiz_words;

/* What the app needs to know about the view a screen built, recorded by
 * the build (layouts borrowed from the view): the reading text that
 * scrolls, for keeping the place across a language or text size change,
 * and the quiz paragraph, for hit-testing words. */
typedef struct {
	const text_layout *reading;
	float reading_y;
	const text_layout *quiz_text;
	float quiz_x, quiz_y;
	/* The content blocks the reading text was laid out from, for finding
	 * the link under a tap. */
	const content_block *reading_blocks;
	size_t n_reading_blocks;
	/* What Listen reads here: blocks (the reading text), or one
	 * paragraph (the quiz's instruction); the view item showing it, and
	 * the spoken-word band's two items under it (band: first index + 1;
	 * 0 none). */
	const content_block *listen_blocks;
	size_t n_listen_blocks;
	const char *listen_para;
	size_t listen_item; /* index + 1; 0 none */
	size_t band;
	/* An overlay's panel, for a tap outside it. */
	SDL_FRect panel;
	/* The menu's pages of cards, for its Previous and Next. */
	int menu_pages;
	/* The overlay could not be built (out of memory): the app closes it. */
	bool overlay_failed;
} screen_marks;

/* The usage figures the dashboard shows, read when it opens. */
typedef struct {
	int rc;              /* stats_read_figures's; STATS_OK with the figures */
	bool off;            /* recording is off: there is nothing to read */
	int64_t now;         /* the wall time (Unix s) they were read at */
	stats_figures f;
	char err[512];       /* rc's message */
} usage_figures;

/* The context a screen is handed. Building reads it and adds to the view;
 * it writes nothing but the view and `out`, which the app reads after.
 * Actions, enter and leave may also change `state` and `words_rw` (the
 * state a screen owns) and say what follows in `go`, `changed` and `quit`. */
typedef struct {
	app *app;                 /* for the helpers below; opaque here */
	const app_state *st;      /* what the screen shows */
	const content *content;   /* never NULL: without content no screen is built */
	const app_config *config;
	view *view;               /* the display list being built (or shown) */
	view_metrics m;
	int w, h;
	uint64_t now;             /* the app's clock */
	int idle_seconds;         /* the idle warning's countdown */
	const pin_guard *guard;   /* the staff keypad's lock */
	int attract_phase;        /* which language the welcome prompt shows */
	bool can_listen;          /* Listen is offered in the language shown */
	const listen_state *listen; /* read-aloud's state */
	const pointer_state *ptr;
	const quiz_words *words;
	const screen_marks *shown; /* the marks of the view on screen */
	const usage_figures *figures; /* the dashboard's, as last read */
	/* The last content update's rejection, "FILE:LINE: message" lines, or
	 * NULL (app_content_rejection). */
	const char *rejection;
	screen_marks out;         /* build: the marks of this view */

	/* Actions, enter, leave and the pointer only: the same state, to
	 * change (NULL while building). */
	app_state *state;
	quiz_words *words_rw;
	pointer_state *pointer;
	usage_figures *figures_rw;
	stats *stats;             /* borrowed; NULL: recording is off */
	int64_t wall_now;         /* the Unix time (s) now, as app_options says it */
	pin_guard *guard_rw;
	int go;                   /* a screen_id to go to; -1: stay */
	bool changed;             /* the view must be rebuilt */
	bool reset;               /* back to the welcome screen for the next visitor */
	bool quit;                /* the staff area's Exit: leave the kiosk */
	/* One of the actions every screen shares (ACT_CHOOSE_LANG, ...) to
	 * take after, with its argument; ACT_NONE: none. */
	int then_action, then_arg;
} screen_ctx;

/* ---- helpers for screens (app.c) ---- */

/* A field of ui.txt or of an item (the open leaflet's, the quiz's) in lang, or "" if absent (content_load
 * has checked the required ones exist, so "" means an optional field left
 * out, or out-of-order content). The field must be declared in the content
 * schema (content/schema.h), as plural for app_plural and not for app_str:
 * any other lookup is logged as an error and gives "". */
const char *app_str(screen_ctx *c, lang_id lang, const char *file, const char *section,
		    const char *key);
/* A field of [leaflet] (declared in the schema's "leaflet" file) of any
 * item of the catalogue, in lang or, when the item lacks it, Welsh. */
const char *app_item_str(screen_ctx *c, size_t item, lang_id lang, const char *key);
/* A plural field's form for count (content/plural.h). */
const char *app_plural(screen_ctx *c, lang_id lang, const char *file, const char *section,
		       const char *key, long count);
/* The language an item of the catalogue is shown in: lang, or Welsh when
 * the item has no file in lang. app_str and app_plural already look an
 * item's fields up in it. */
lang_id app_item_lang(const content *ct, size_t item, lang_id lang);
/* Replaces "{name}" in tmpl with value into buf. */
void app_format(char *buf, size_t size, const char *tmpl, const char *name, const char *value);

/* A layout of plain text (one paragraph); caller releases with text_layout_unref. */
text_layout *app_text(screen_ctx *c, const char *s, float px, unsigned flags, float width,
		      text_align al);
/* A layout of content blocks; line_height 0 is the engine's default (1.5).
 * Caller releases with text_layout_unref. */
text_layout *app_blocks(screen_ctx *c, const content_block *blocks, size_t n, float px,
			float width, float line_height);

/* These add to c->view. app_add_text takes over the caller's reference to l. */
view_item *app_add_text(screen_ctx *c, text_layout *l, float x, float y, view_color ink,
			bool scrolls);
/* A button with its label centred; primary = dark fill, light text. */
view_item *app_add_button(screen_ctx *c, SDL_FRect r, const char *label, bool primary, int action,
			  int arg);
/* The same with the label at px instead of the label size. */
view_item *app_add_button_px(screen_ctx *c, SDL_FRect r, const char *label, float px, bool primary,
			     int action, int arg);
void app_add_rect(screen_ctx *c, SDL_FRect r, view_color fill, bool scrolls);
/* An overlay's panel r over the screen, which is dimmed: it begins the
 * view's modal layer, so that only the overlay's buttons, added after it,
 * answer a touch. r becomes c->out.panel (a tap outside it is the
 * overlay's). */
void app_add_panel(screen_ctx *c, SDL_FRect r);
/* Closes the overlay shown. */
void app_close_overlay(screen_ctx *c);
/* An overlay's tap (screen_def.tap): one outside its panel closes it. */
void app_tap_outside_closes(screen_ctx *c, float x, float y);
/* A panel's Close button (@close, ACT_CLOSE, which the app takes for any
 * overlay), w wide, a gap under y: the height it takes, gap included, and
 * adding it. 0 and nothing when the content leaves @close out (a tap
 * outside the panel still closes it). */
float app_close_height(screen_ctx *c);
void app_add_close(screen_ctx *c, float x, float y, float w);
/* The width a button needs for label at the label size on one line, its
 * padding included. */
float app_label_width(screen_ctx *c, const char *label);

/* The bar across the top of every screen but welcome: Home, text size and
 * the language toggle. Returns its height. */
float app_add_top_bar(screen_ctx *c);
/* "2 / 8" (ui.txt's @page_of) into buf. */
void app_page_of(screen_ctx *c, int page, int pages, char *buf, size_t size);
/* That centred in the bottom bar whose top edge is bottom, between its two
 * buttons of width bw. */
void app_add_page_of(screen_ctx *c, int page, int pages, float bottom, float bw);
/* The read-aloud controls (docs/speech.md), in a row above the screen's
 * bottom bar whose top edge is bottom: Listen, or while reading Pause (or
 * Resume), Slower and Stop, laid out from x over w (the screen's column).
 * Returns the new bottom of the screen's reading region: bottom itself when
 * Listen is not offered. */
float app_add_listen_bar(screen_ctx *c, float bottom, float x, float w);
/* The same controls at (x, y), w wide, in a column of the screen's own
 * (the quiz's heading); scrolls as the items around them. Returns the
 * height they take (0: none). */
float app_add_listen_buttons(screen_ctx *c, float x, float y, float w, bool scrolls);
/* Whether the controls' labels fit three abreast in w, in both languages. */
bool app_listen_fits(screen_ctx *c, float w);
/* The spoken-word band: call just before adding the text Listen reads (so
 * that it lies under the words), then app_mark_listen with the text's item. */
void app_add_spoken_band(screen_ctx *c, bool scrolls);
/* What Listen reads on this screen: blocks[0..n), or the paragraph para,
 * shown by the view item `shown`. */
void app_mark_listen(screen_ctx *c, const view_item *shown, const content_block *blocks, size_t n,
		     const char *para);

/* The column of reading text: at most about 65 characters wide, centred. */
void app_column(const screen_ctx *c, float *x, float *w);

/* Makes region scroll over content_h pixels of items added with scrolls set.
 * When they are taller than the region, it also adds what tells a visitor
 * there is more: a scroll bar on the right and, until the end is reached, a
 * labelled cue ("More below ↓") at the region's foot, which scrolls down
 * when tapped. Call it after the scrolling items, so that the cue is drawn
 * over them. */
void app_set_content_height(screen_ctx *c, SDL_FRect region, float content_h);

/* The scrolling column of reading text between top and bottom, with an
 * optional muted line above it and an optional button under it (end_label
 * and end_action; NULL: none); becomes the screen's reading text. Returns
 * the height it takes, from top. */
float screen_add_reading(screen_ctx *c, const char *kicker, const content_block *blocks, size_t n,
			float top, float bottom, const char *end_label, int end_action);

/* Loads dir for a live content update (app_reload.c): on success *staged
 * holds it (an older staged one is freed) and r hears so; otherwise r hears
 * of the failure and the problems are logged, once for the same ones. */
void app_reload_load(reload *r, text_engine *text, const char *dir, unsigned generation,
		     content **staged);

/* ---- the screens and overlays ---- */

/* A field scripts can `expect` (app_field): its name, and its value into
 * buf. A name is a row's alone, and none of app_field's own (app.h). */
typedef struct {
	const char *name;
	void (*value)(screen_ctx *c, char *buf, size_t size);
} screen_field;

/* A row of the table of screens (or of overlays). Only name and build are
 * required. */
typedef struct {
	const char *name; /* as scripts and --screen name it */
	/* Adds the screen to c->view; records marks in c->out. */
	void (*build)(screen_ctx *c);
	/* The screen's own actions (and keys, as ACT_ ids): true when it took
	 * the action. */
	bool (*action)(screen_ctx *c, int action, int arg);
	/* A touch on no button: true when it was the screen's (the quiz's
	 * strokes). c->pointer holds the touch and its samples. */
	bool (*pointer)(screen_ctx *c, gesture_step step, float x, float y);
	/* A tap that hit no button and that no pointer handler took (a link
	 * of the reading text; outside an overlay's panel). */
	void (*tap)(screen_ctx *c, float x, float y);
	/* Coming from, or going to, another screen. */
	void (*enter)(screen_ctx *c, screen_id from);
	void (*leave)(screen_ctx *c, screen_id to);
	/* The language toggle changed c->st->lang under the screen. */
	void (*lang_changed)(screen_ctx *c);
	/* When the screen's own animation next changes the view (app ms), or
	 * UINT64_MAX: the app rebuilds the view then (app_next_change says so). */
	uint64_t (*next_change)(const app_state *st, uint64_t now);
	/* A horizontal drag turns pages (ACT_PAGE, +1 to the left) instead of
	 * scrolling: the page follows the finger, its neighbour (st.page +-1,
	 * from 1 to pages) slides in beside it, built as the same screen. */
	bool swipes;
	int (*pages)(const content *from, const app_state *st);
	/* What the usage figures count the screen as (docs/stats.md): a page
	 * of a document, visit_page or, when 0, the state's page. NULL: none. */
	const char *visit_doc;
	int visit_page;
	/* Counted as the open leaflet (st.item), by its slug, instead. */
	bool visit_item;
	/* A staff screen (the staff area, the dashboard): opening one ends the
	 * visitor's session, and it closes itself (the idle reset, its warning
	 * included) STAFF_IDLE_S (app.c) after the last touch. */
	bool staff;
	/* The fields scripts can `expect` that are the screen's own
	 * (app_field asks every row, whatever the screen shown): a list that
	 * ends with a NULL name; NULL: none. */
	const screen_field *fields;
	/* --screen NAME:ARG or NAME/ARG (arg is ":ARG" or "/ARG", NULL for the
	 * bare NAME): sets up st (already fresh, in its language) for it; 0,
	 * or -1 when there is no such ARG. NULL: the screen takes no ARG. */
	int (*open_arg)(const content *ct, const char *arg, app_state *st);
	/* Overlays: --screen NAME:ARG. open_over names the screen to open under
	 * the overlay (as app_open takes it) into buf, -1 when there is no such
	 * ARG; open then opens the overlay there, 0 or -1. */
	int (*open_over)(const content *ct, lang_id lang, const char *arg, char *buf, size_t size);
	int (*open)(screen_ctx *c, const char *arg);
} screen_def;

/* The longest --screen name an overlay opens over ("leaflet/SLUG:PAGE"). */
#define SCREEN_NAME_MAX 64

/* One row per screen_id (app.c), one per overlay_id but OVERLAY_NONE. */
#define SCREEN(ID, NAME) extern const screen_def screen_##NAME;
#include "app/screen_list.h"
#undef SCREEN
extern const screen_def overlay_idle_warning, overlay_staff_pin, overlay_contact, overlay_langs,
	overlay_contents;

/* The pages of the catalogue's item as shown in lang: the sections of its
 * file but the first, [leaflet]; 0 for the quiz item or no such item. */
int screen_leaflet_pages(const content *from, size_t item, lang_id lang);

/* When the catalogue's item is shown in Welsh because it lacks the
 * language shown, a one-line note under the top bar says so, in that
 * language (ui.txt's @not_available). Returns where what follows starts:
 * top, or below the note. */
float screen_add_lang_note(screen_ctx *c, size_t item, float top);

/* The contact card (card.c), from the screens that lead to it: a tap on a
 * tel: or mailto: link of the reading text opens it (a tap row), and so
 * does the last page's "Take it with you" (ACT_CARD_URL). */
void card_tap_link(screen_ctx *c, float x, float y);
bool card_show_url(screen_ctx *c);

/* ---- the app's insides, for the tests, the soak and the fuzzer ---- */

/* Pointers into an app's own fields, so that tests can check what scripts
 * cannot see, and the fuzzer can put a clock back. Screens never use it:
 * they have their screen_ctx. Valid until app_free. */
typedef struct {
	app_state *st;
	idle_timer *idle;
	pin_guard *guard;
	view *view;
	const view_metrics *m;
	pointer_state *ptr;
	const quiz_words *words;
	const screen_marks *marks;
	const app_options *opts;
	const content *content;
	int w, h;
	uint64_t *now, *anim_last, *corner_since, *attract_t0;
	int *attract_phase;
	float *scroll_velocity;
	bool *dirty, *corner_held, *quit, *cursor_hidden;
	uint64_t (*fields_asked)[SCHEMA_WORDS]; /* [LANG_MAX], a bit per schema field */
	size_t *undeclared_asks;
	const screen_def *const *screens;  /* [SCREEN_COUNT], the table */
	const screen_def *const *overlays; /* [OVERLAY_COUNT], NULL at OVERLAY_NONE */
	voice *voice;
} app_insides;

app_insides app_inside(app *a);
/* The context a screen's build is handed, for tests that look up strings
 * as a screen does. */
screen_ctx app_inside_ctx(app *a);

#endif
