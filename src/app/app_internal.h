/* What the screen files (screen_*.c) share with app.c: the app struct, the
 * action ids buttons carry, and the helpers that turn content into view
 * items. Not for use outside src/app/. */
#ifndef TAFLEN_APP_INTERNAL_H
#define TAFLEN_APP_INTERNAL_H

#include "app/app.h"
#include "app/idle.h"
#include "app/quiz.h"
#include "app/reload.h"
#include "app/session.h"
#include "app/view.h"
#include "content/content.h"
#include "text/atlas.h"
#include "text/layout.h"

typedef enum { OVERLAY_NONE, OVERLAY_IDLE_WARNING, OVERLAY_STAFF_PIN, OVERLAY_CONTACT } overlay_id;

/* Which code the contact card shows. */
typedef enum {
	CARD_LINK, /* the tapped link's: tel:... or mailto:... */
	CARD_SAVE, /* the contact record (contact_vcard) */
	CARD_URL   /* the leaflet's @url */
} card_kind;

typedef enum {
	ACT_NONE,
	ACT_CHOOSE_LANG, /* arg: lang_id; welcome -> menu */
	ACT_TOGGLE_LANG,
	ACT_TEXT_SIZE,
	ACT_HOME,
	ACT_OPEN,        /* arg: screen_id */
	ACT_PAGE,        /* arg: +1 or -1 */
	ACT_CHECK,
	ACT_SCROLL_MORE, /* the "More below" cue: scroll down most of a screen */
	ACT_SHOW_ANSWERS,
	ACT_TRY_AGAIN,
	ACT_CONTINUE,    /* dismisses the idle warning */
	ACT_PIN_DIGIT,   /* arg: 0..9 */
	ACT_PIN_DELETE,
	ACT_PIN_CANCEL,
	ACT_PIN_ENTER,   /* the keypad's Exit key */
	ACT_CARD_SHOW,   /* arg: card_kind, CARD_LINK or CARD_SAVE */
	ACT_CARD_URL,    /* opens the card of the leaflet's @url */
	ACT_CARD_CLOSE
} action_id;

#define TEXT_SIZES 3
#define PIN_BUFFER 16
#define CARD_TEXT 512

/* Everything a visitor can change. A reset returns it to exactly what
 * app_new set up; tests compare the two field by field. */
typedef struct {
	screen_id screen;
	lang_id lang;
	int page;      /* leaflet page, 1-based */
	int text_size; /* index into the text scales */
	float scroll;  /* of the current screen, px */
	overlay_id overlay;
	quiz_state quiz; /* in the current language's words */
	bool quiz_ready; /* quiz words and targets are set up */
	bool show_answers;
	char pin[PIN_BUFFER];
	bool pin_wrong;
	card_kind card;              /* OVERLAY_CONTACT: the code shown */
	char card_link[CARD_TEXT];   /* the tapped link's href */
	char card_label[CARD_TEXT];  /* the tapped link's text, shown large */
} app_state;

/* The finger (or mouse button) currently down. */
typedef struct {
	bool down;
	bool consumed;         /* the touch only dismissed an overlay */
	SDL_FingerID finger;
	float x0, y0, x, y;    /* start and latest position */
	uint64_t t0, t;
	float vy;              /* recent vertical speed, px/ms, for inertia */
	const view_item *pressed; /* button under the first touch, if any */
	int pressed_action, pressed_arg;
	enum { GESTURE_UNDECIDED, GESTURE_TAP, GESTURE_SCROLL, GESTURE_SWIPE, GESTURE_HIGHLIGHT } gesture;
	size_t word0, word1;   /* highlight drag: first and current word */
	bool on_word;
} pointer_state;

struct app {
	app_options opts;
	text_engine *text;
	content *content;        /* NULL: out of order */
	SDL_Renderer *renderer;
	glyph_atlas *atlas;
	view *view;
	view_metrics m;
	int w, h;

	app_state st;
	session visit;           /* the usage figures' session, outside st: a reset ends it */
	idle_timer idle;
	pointer_state ptr;
	uint64_t now;

	float scroll_velocity;   /* px/ms, decays: inertia after a flick */
	uint64_t anim_last;      /* last inertia step */
	bool corner_held;        /* staff gesture: a finger is holding the corner */
	uint64_t corner_since;   /* since when */
	uint64_t attract_t0;     /* welcome prompt cycle start */
	int attract_phase;       /* which language the prompt shows, and fade step */

	bool dirty;  /* view must be rebuilt */
	bool redraw; /* frame must be drawn */
	bool quit;
	bool cursor_hidden;

	/* The quiz paragraph's words for the current language, as byte
	 * ranges: every word of the layout, however long the paragraph (the
	 * arrays grow to fit and live until app_free). */
	size_t n_words, words_cap;
	size_t *word_start, *word_end;

	/* Set by the screen being built (borrowed from the view): the reading
	 * text that scrolls, for keeping the place across a language or text
	 * size change, and the quiz paragraph, for hit-testing words. */
	const text_layout *reading;
	float reading_y;
	const text_layout *quiz_text;
	float quiz_x, quiz_y;
	/* The content blocks the reading text was laid out from, for finding
	 * the link under a tap; and the contact card, for a tap outside it. */
	const content_block *reading_blocks;
	size_t n_reading_blocks;
	SDL_FRect card_rect;

	/* Which schema_fields the screens looked up, bit i for field i, per
	 * language, and how many lookups named no declared field: the tests'
	 * proof that screens and schema agree. */
	uint64_t fields_asked[LANG_COUNT];
	size_t undeclared_asks;

	/* Live content updates (app_reload.c): when to load and swap, the
	 * loaded content waiting for a safe moment, and which version shows
	 * (1 at start, +1 per swap). */
	reload *reload;
	content *staged;
	unsigned generation;
};

/* ---- helpers for screens (app.c) ---- */

/* A field of ui.txt/leaflet.txt/... in lang, or "" if absent (content_load
 * has checked the required ones exist, so "" means an optional field left
 * out, or out-of-order content). The field must be declared in the content
 * schema (content/schema.h), as plural for app_plural and not for app_str:
 * any other lookup is logged as an error and gives "". */
const char *app_str(app *a, lang_id lang, const char *file, const char *section,
		    const char *key);
/* A plural field's form for count (content/plural.h). */
const char *app_plural(app *a, lang_id lang, const char *file, const char *section,
		       const char *key, long count);
/* Replaces "{name}" in tmpl with value into buf. */
void app_format(char *buf, size_t size, const char *tmpl, const char *name, const char *value);

/* A layout of plain text (one paragraph); caller releases with text_layout_unref. */
text_layout *app_text(app *a, const char *s, float px, unsigned flags, float width, text_align al);
/* A layout of content blocks; line_height 0 is the engine's default (1.5).
 * Caller releases with text_layout_unref. */
text_layout *app_blocks(app *a, const content_block *blocks, size_t n, float px, float width,
			float line_height);

view_item *app_add_text(app *a, text_layout *l, float x, float y, view_color ink, bool scrolls);
/* A button with its label centred; primary = dark fill, light text. */
view_item *app_add_button(app *a, SDL_FRect r, const char *label, bool primary, int action, int arg);
void app_add_rect(app *a, SDL_FRect r, view_color fill, bool scrolls);

/* The bar across the top of every screen but welcome: Home, text size and
 * the language toggle. Returns its height. */
float app_add_top_bar(app *a);
/* The column of reading text: at most about 65 characters wide, centred. */
void app_column(const app *a, float *x, float *w);

/* Makes region scroll over content_h pixels of items added with scrolls set.
 * When they are taller than the region, it also adds what tells a visitor
 * there is more: a scroll bar on the right and, until the end is reached, a
 * labelled cue ("More below ↓") at the region's foot, which scrolls down
 * when tapped. Call it after the scrolling items, so that the cue is drawn
 * over them. */
void app_set_content_height(app *a, SDL_FRect region, float content_h);

/* The scrolling column of reading text between top and bottom, with an
 * optional muted line above it; becomes the screen's reading text. */
void screen_add_reading(app *a, const char *kicker, const content_block *blocks, size_t n,
			float top, float bottom);

/* Loads or swaps in reloaded content when reload.c says so (app_reload.c).
 * session_ended: a visitor's session just ended (Home, the idle reset), so
 * the content may change even off the welcome screen. */
void app_reload_step(app *a, bool session_ended);

/* Screens */
void screen_welcome_build(app *a);
void screen_menu_build(app *a);
void screen_leaflet_build(app *a);
int screen_leaflet_pages(const app *a);
void screen_learn_build(app *a);
void screen_quiz_build(app *a);
/* Highlighting by finger on the quiz text; true when the pointer event was
 * the quiz's (a word was under the first touch). */
bool screen_quiz_pointer(app *a, int phase, float x, float y);
void screen_quiz_prepare(app *a);
void overlay_build(app *a);

/* The contact card (card.c). card_tap takes a tap that hit no button: on a
 * link of the reading text it opens the card, outside an open card it
 * closes it. */
void card_build(app *a);
void card_tap(app *a, float x, float y);
void card_action(app *a, int action, int arg);
/* --screen contact:tel, contact:mailto, contact:save, contact:url: the card
 * over the leaflet page it belongs to. -1 when the content has no such code. */
int card_open(app *a, const char *kind, lang_id lang);
/* The text encoded in the code shown, or "none"; CR and LF as \r and \n. */
void card_field(app *a, char *buf, size_t size);

enum { POINTER_DOWN, POINTER_MOVE, POINTER_UP };

#endif
