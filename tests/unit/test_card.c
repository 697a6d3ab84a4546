/* The contact cards: every code the content can show, drawn at the kiosk's
 * sizes in both languages and at the largest text step, is read back from
 * the screenshot by zbarimg (zbar-tools) to exactly the intended text; taps
 * open and close the card and leave the page and scroll as they were; the
 * "Take it with you" control shows only when the content names an @url;
 * bad @url values and codes too long to encode are refused at load.
 *
 * Run from the repository root (tests/run.sh does): it reads assets/ and
 * fonts/. The fixture is a copy of the shipped content with an @url. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "platform/replay.h"
#include "platform/video.h"
#include "testlib.h"
#include "qr/qr.h"

#define FIXTURE_URL "https://example.org/taflen/leaflet"

static const char *const VCARD_CY =
	"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\n"
	"FN:Bwrdd Rhanbarthol Diogelu Plant Caerdydd a Bro Morgannwg\r\n"
	"ORG:Bwrdd Rhanbarthol Diogelu Plant Caerdydd a Bro Morgannwg\r\n"
	"TEL;TYPE=WORK,VOICE:02920871891\r\n"
	"EMAIL;TYPE=INTERNET:cardiffandvalersb@cardiff.gov.uk\r\nEND:VCARD\r\n";
static const char *const VCARD_EN =
	"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\n"
	"FN:Cardiff & Vale of Glamorgan Regional Safeguarding Children Board\r\n"
	"ORG:Cardiff & Vale of Glamorgan Regional Safeguarding Children Board\r\n"
	"TEL;TYPE=WORK,VOICE:02920871891\r\n"
	"EMAIL;TYPE=INTERNET:cardiffandvalersb@cardiff.gov.uk\r\nEND:VCARD\r\n";

/* ---- a copy of the shipped content ---- */

/* The fixture: the shipped content with a web address in both languages. */
static void add_url(const char *dir, const char *url)
{
	char line[600];
	snprintf(line, sizeof line, "@url: %s\n@org: ", url);
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "@org: ", line);
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "@org: ", line);
}

/* ---- the app ---- */

typedef struct {
	app *a;
	video *v;
	int w, h;
	uint64_t now;
} rig;

static void rig_open(rig *r, const char *dir, int w, int h)
{
	app_options o = {.data_dir = ".", .kiosk = true};
	config_defaults(&o.config);
	if (dir)
		snprintf(o.config.content_dir, sizeof o.config.content_dir, "%s", dir);
	tl_app_new(&o, &r->a);
	r->w = w;
	r->h = h;
	tl_app_headless(r->a, w, h, &r->v);
	r->now = 0;
}

static void rig_close(rig *r)
{
	app_free(r->a);
	video_close(r->v);
}

static void tap(rig *r, float x, float y)
{
	SDL_Event e = replay_finger(SDL_FINGERDOWN, x, y, r->w, r->h, r->now);
	app_handle_event(r->a, &e, r->now);
	e = replay_finger(SDL_FINGERUP, x, y, r->w, r->h, r->now);
	app_handle_event(r->a, &e, r->now);
}

static void tap_text(rig *r, const char *text)
{
	SDL_FRect first, last;
	if (app_find_text(r->a, text, &first, &last) != 0)
		fail_msg("\"%s\" is not on screen", text);
	tap(r, first.x + first.w / 2, first.y + first.h / 2);
}

static void tap_step(rig *r, int step)
{
	float x = 0, y = 0;
	tl_text_size_step(r->a, step, &x, &y);
	tap(r, x, y);
}

static void expect(rig *r, const char *field, const char *value)
{
	char got[1024];
	assert_int_equal(app_field(r->a, field, got, sizeof got), 0);
	if (strcmp(got, value) != 0)
		fail_msg("expected %s=%s, got %s=%s", field, value, field, got);
}

/* What zbarimg reads in the frame, one symbol per line. */
static char *decode_frame(rig *r, const char *dir)
{
	char png[700], cmd[800];
	snprintf(png, sizeof png, "%s/code.png", dir);
	assert_int_equal(app_render(r->a), 0);
	assert_int_equal(video_save_png(r->v, png), 0);
	snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s' 2>/dev/null", png);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *out = calloc(1, 4096);
	assert_non_null(out);
	size_t n = fread(out, 1, 4095, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

/* The code as drawn: whole pixels, modules of at least QR_MIN_MODULE_PX, a
 * quiet zone of QR_QUIET modules, at least QR_MIN_SIDE_MM at the default
 * 96 dpi, on the screen and on the card. */
static void check_geometry(rig *r, const char *what)
{
	const view_item *code = NULL;
	for (size_t i = 0; i < view_count(app_inside(r->a).view); i++)
		if (view_get(app_inside(r->a).view, i)->kind == ITEM_MATRIX)
			code = view_get(app_inside(r->a).view, i);
	if (!code)
		fail_msg("%s: no code drawn", what);
	SDL_FRect g = code->rect, card = app_inside(r->a).marks->panel;
	if (g.x != floorf(g.x) || g.y != floorf(g.y) || code->tx != floorf(code->tx) ||
	    code->ty != floorf(code->ty))
		fail_msg("%s: the code is not on whole pixels", what);
	if (code->cell_px < QR_MIN_MODULE_PX)
		fail_msg("%s: modules of %d px", what, code->cell_px);
	float quiet = (g.w - (float)(code->cells_n * code->cell_px)) / 2;
	if (quiet != (float)(QR_QUIET * code->cell_px) || code->tx - g.x != quiet || g.w != g.h)
		fail_msg("%s: quiet zone of %.0f px, not %d modules", what, quiet, QR_QUIET);
	if (g.w < (float)qr_min_side_px(96))
		fail_msg("%s: the code is %.0f px, under 25 mm", what, g.w);
	if (g.x < card.x || g.y < card.y || g.x + g.w > card.x + card.w || g.y + g.h > card.y + card.h)
		fail_msg("%s: the code leaves the card", what);
	if (card.x < 0 || card.y < 0 || card.x + card.w > (float)r->w || card.y + card.h > (float)r->h)
		fail_msg("%s: the card leaves the screen", what);
}

static void every_code_decodes(void **state)
{
	const char *dir = *state;
	add_url(dir, FIXTURE_URL);
	static const int sizes[][2] = {{1080, 1920}, {1920, 1080}, {1280, 800}};
	static const char *const kinds[] = {"tel", "mailto", "save", "url"};
	for (size_t s = 0; s < 3; s++) {
		rig r;
		rig_open(&r, dir, sizes[s][0], sizes[s][1]);
		for (int l = 0; l <= LANG_EN; l++) {
			const char *want[] = {"tel:02920871891",
					      "mailto:cardiffandvalersb@cardiff.gov.uk",
					      l == LANG_CY ? VCARD_CY : VCARD_EN, FIXTURE_URL};
			for (size_t k = 0; k < 4; k++) {
				/* The first and the last text size step. */
				for (int step = 0; step < TEXT_SIZES; step += TEXT_SIZES - 1) {
					char name[32], what[96];
					snprintf(name, sizeof name, "contact:%s", kinds[k]);
					snprintf(what, sizeof what, "%s %s %dx%d text step %d", name,
						 lang_code((lang_id)l), r.w, r.h, step);
					assert_int_equal(app_open(r.a, name, (lang_id)l), 0);
					app_inside(r.a).st->text_size = step;
					app_resize(r.a, r.w, r.h);
					expect(&r, "overlay", "contact");
					char *got = decode_frame(&r, dir);
					char line[1024];
					snprintf(line, sizeof line, "%s\n", want[k]);
					if (strcmp(got, line) != 0)
						fail_msg("%s: zbarimg read \"%s\", not \"%s\"", what, got,
							 want[k]);
					free(got);
					check_geometry(&r, what);
				}
			}
		}
		rig_close(&r);
	}
}

/* A tap on the number opens the card over the page; Close, and a tap
 * outside the card, put the visitor back where they were. */
static void tap_opens_and_closing_returns(void **state)
{
	const char *dir = *state;
	rig r;
	rig_open(&r, dir, 1280, 800);
	assert_int_equal(app_open(r.a, "leaflet:8", LANG_EN), 0);
	tap_step(&r, 2);
	expect(&r, "text_size", "1.6");
	/* Scroll the page to its end, where the links are. */
	for (int i = 0; i < 6; i++) {
		SDL_Event e = replay_finger(SDL_FINGERDOWN, 640, 600, r.w, r.h, r.now);
		app_handle_event(r.a, &e, r.now);
		for (int y = 600; y >= 200; y -= 40) {
			r.now += 16;
			e = replay_finger(SDL_FINGERMOTION, 640, (float)y, r.w, r.h, r.now);
			app_handle_event(r.a, &e, r.now);
		}
		r.now += 500;
		e = replay_finger(SDL_FINGERUP, 640, 200, r.w, r.h, r.now);
		app_handle_event(r.a, &e, r.now);
		r.now += 3000;
		app_tick(r.a, r.now);
	}
	char scroll[32];
	app_field(r.a, "scroll", scroll, sizeof scroll);
	assert_true(atoi(scroll) > 0);

	tap_text(&r, "029 2087 1891");
	expect(&r, "overlay", "contact");
	expect(&r, "qr", "tel:02920871891");
	tap_text(&r, "Save contact");
	expect(&r, "qr",
	       "BEGIN:VCARD\\r\\nVERSION:3.0\\r\\nN:;;;;\\r\\n"
	       "FN:Cardiff & Vale of Glamorgan Regional Safeguarding Children Board\\r\\n"
	       "ORG:Cardiff & Vale of Glamorgan Regional Safeguarding Children Board\\r\\n"
	       "TEL;TYPE=WORK,VOICE:02920871891\\r\\n"
	       "EMAIL;TYPE=INTERNET:cardiffandvalersb@cardiff.gov.uk\\r\\nEND:VCARD\\r\\n");
	tap_text(&r, "Call");
	expect(&r, "qr", "tel:02920871891");
	/* Outside the card: back on the page, at the same place. */
	SDL_FRect card = app_inside(r.a).marks->panel;
	tap(&r, card.x / 2, card.y + card.h / 2);
	expect(&r, "overlay", "none");
	expect(&r, "qr", "none");
	expect(&r, "page", "8");
	expect(&r, "scroll", scroll);

	tap_text(&r, "cardiffandvalersb@cardiff.gov.uk");
	expect(&r, "qr", "mailto:cardiffandvalersb@cardiff.gov.uk");
	/* A tap on the card itself, not on a button, keeps it open. */
	card = app_inside(r.a).marks->panel;
	tap(&r, card.x + 8, card.y + 8);
	expect(&r, "overlay", "contact");
	tap_text(&r, "Close");
	expect(&r, "overlay", "none");
	expect(&r, "scroll", scroll);
	/* Plain text is not a link. */
	tap_text(&r, "Or alternatively");
	expect(&r, "overlay", "none");
	/* A card left open is gone after the idle reset, with its number. */
	tap_text(&r, "029 2087 1891");
	expect(&r, "overlay", "contact");
	replay_advance(r.a, &r.now, r.now + 600000, NULL);
	expect(&r, "screen", "welcome");
	expect(&r, "overlay", "none");
	expect(&r, "qr", "none");
	assert_string_equal(app_inside(r.a).st->card_link, "");
	rig_close(&r);
}

static bool has_take_button(rig *r)
{
	for (size_t i = 0; i < view_count(app_inside(r->a).view); i++) {
		const view_item *it = view_get(app_inside(r->a).view, i);
		if (it->kind == ITEM_BUTTON && it->action == ACT_CARD_URL)
			return true;
	}
	return false;
}

static void take_it_with_you(void **state)
{
	const char *dir = *state;
	/* The shipped content has no @url: no page offers it. */
	rig r;
	rig_open(&r, NULL, 1080, 1920);
	for (lang_id l = 0; l <= LANG_EN; l++)
		for (int p = 1; p <= 8; p++) {
			char page[16];
			snprintf(page, sizeof page, "leaflet:%d", p);
			assert_int_equal(app_open(r.a, page, l), 0);
			assert_int_equal(app_render(r.a), 0);
			assert_false(has_take_button(&r));
		}
	SDL_FRect f, last;
	assert_int_equal(app_find_text(r.a, "Take it with you", &f, &last), -1);
	rig_close(&r);

	/* With one, the last page offers it, and only the last. */
	add_url(dir, FIXTURE_URL);
	rig_open(&r, dir, 1080, 1920);
	assert_int_equal(app_open(r.a, "leaflet:7", LANG_CY), 0);
	assert_int_equal(app_render(r.a), 0);
	assert_false(has_take_button(&r));
	assert_int_equal(app_open(r.a, "leaflet:8", LANG_CY), 0);
	tap_text(&r, "Ewch â hi gyda chi");
	expect(&r, "overlay", "contact");
	expect(&r, "qr", FIXTURE_URL);
	tap_text(&r, "Cau");
	expect(&r, "overlay", "none");
	expect(&r, "page", "8");
	rig_close(&r);
}

/* ---- the content check ---- */

/* content_load on dir fails with a message containing want. */
static void refused(const char *dir, const char *want)
{
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(dir, d, &c), -1);
	for (size_t i = 0; i < diag_count(d); i++)
		if (strstr(diag_get(d, i), want)) {
			diag_list_free(d);
			return;
		}
	diag_print(d, stderr);
	fail_msg("no message \"%s\"", want);
}

static void bad_url(const char *dir, const char *url, const char *why)
{
	char line[600], want[1200];
	snprintf(line, sizeof line, "@url: %s\n@org: ", url);
	int n = tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "@org: ", line);
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "@org: ", line);
	snprintf(want, sizeof want,
		 "leaflets/child-practice-reviews/en.txt:%d: @url '%s' is not a web address the kiosk can show: %s", n, url, why);
	refused(dir, want);
	snprintf(line, sizeof line, "@url: %s\n", url);
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", line, "");
	tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", line, "");
}

static void bad_urls_are_refused(void **state)
{
	const char *dir = *state;
	bad_url(dir, "http://example.org/leaflet", "it must start with https://");
	bad_url(dir, "example.org", "it must start with https://");
	bad_url(dir, "https:///leaflet", "there is no host after https://");
	bad_url(dir, "https://exa_mple.org/", "the host may hold only letters, digits, '-' and '.'");
	bad_url(dir, "https://localhost/", "the host must be a full name such as www.example.org");
	bad_url(dir, "https://example.org:80x/", "the port after ':' must be digits");
	bad_url(dir, "https://example.org/a leaflet",
		"' ' cannot be in a web address: percent-encode it (%20 for a space)");
	bad_url(dir, "https://example.org/taflen?ŵ=1",
		"'ŵ' cannot be in a web address: percent-encode it (%20 for a space)");
	/* And the copy is whole again: a good one passes. */
	add_url(dir, "https://example.org:8443/taflen/leaflet?lang=cy#contact");
	diag_list *d = diag_list_new();
	content *c = NULL;
	assert_int_equal(content_load(dir, d, &c), 0);
	content_free(c);
	diag_list_free(d);
}

static void bad_links_are_refused(void **state)
{
	const char *dir = *state;
	int n = tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "(tel:02920871891)", "(tel:0292087189x)");
	char want[400];
	snprintf(want, sizeof want,
		 "leaflets/child-practice-reviews/en.txt:%d: 'tel:0292087189x' is not a phone number: write tel: and the digits, like tel:02920871891",
		 n);
	refused(dir, want);
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "(tel:0292087189x)", "(tel:02920871891)");
	n = tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "(mailto:cardiffandvalersb@cardiff.gov.uk)",
		 "(mailto:cardiffandvalersb)");
	snprintf(want, sizeof want,
		 "leaflets/child-practice-reviews/cy.txt:%d: 'mailto:cardiffandvalersb' is not an email address", n);
	refused(dir, want);
}

static void too_long_for_a_code(void **state)
{
	const char *dir = *state;
	/* A mailto: link longer than a version 15 code holds. */
	char addr[600];
	memset(addr, 'a', 450);
	snprintf(addr + 450, sizeof addr - 450, "@example.org");
	char link[700];
	snprintf(link, sizeof link, "(mailto:%s)", addr);
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "(mailto:cardiffandvalersb@cardiff.gov.uk)", link);
	/* The message names the line where the link's paragraph starts. */
	int n = tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "Or alternatively", "Or alternatively");
	char want[400];
	snprintf(want, sizeof want,
		 "leaflets/child-practice-reviews/en.txt:%d: the link 'mailto:aaaa", n);
	refused(dir, want);
	refused(dir, "is too long for a QR code a phone can read from the screen (469 bytes; at most about 412): shorten it");
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", link, "(mailto:cardiffandvalersb@cardiff.gov.uk)");

	/* An @org that makes the contact record too long. */
	char org[400], line[500];
	memset(org, 'B', 300);
	org[300] = '\0';
	snprintf(line, sizeof line, "@org: %s\n", org);
	n = tl_edit(dir, "leaflets/child-practice-reviews/cy.txt", "@org: ", line);
	snprintf(want, sizeof want,
		 "leaflets/child-practice-reviews/cy.txt:%d: the contact record (@org, phone and e-mail) is too long for a QR code",
		 n);
	refused(dir, want);
}

static void org_needs_a_link_and_ui_its_section(void **state)
{
	const char *dir = *state;
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "[029 2087 1891](tel:02920871891)", "029 2087 1891");
	tl_edit(dir, "leaflets/child-practice-reviews/en.txt",
	     "[cardiffandvalersb@cardiff.gov.uk](mailto:cardiffandvalersb@cardiff.gov.uk)",
	     "cardiffandvalersb@cardiff.gov.uk");
	int n = tl_edit(dir, "leaflets/child-practice-reviews/en.txt", "@org: ", "@org: ");
	char want[300];
	snprintf(want, sizeof want,
		 "leaflets/child-practice-reviews/en.txt:%d: @org is set but the leaflet has no tel: or mailto: link to put in the contact record",
		 n);
	refused(dir, want);
	/* The [contact] section's @close, the last line before [listen]. */
	tl_edit(dir, "cy/ui.txt", "\n@close: Cau\n\n[listen]", "\n@clse: Cau\n\n[listen]");
	tl_edit(dir, "en/ui.txt", "\n@close: Close\n\n[listen]", "\n@clse: Close\n\n[listen]");
	refused(dir, "cy/ui.txt:");
	refused(dir, "section [contact] has no @close: the app needs it");
}

int main(void)
{
#define COPY(t) cmocka_unit_test_setup_teardown(t, tl_setup_copy, tl_teardown_copy)
	const struct CMUnitTest tests[] = {
		COPY(every_code_decodes),
		COPY(tap_opens_and_closing_returns),
		COPY(take_it_with_you),
		COPY(bad_urls_are_refused),
		COPY(bad_links_are_refused),
		COPY(too_long_for_a_code),
		COPY(org_needs_a_link_and_ui_its_section),
	};
	return cmocka_run_group_tests_name("card", tests, NULL, NULL);
}
