/* learn: "Learning from reviews", the staff page: its title and introduction,
 * and a button to the highlight quiz. */
#include "app/app_internal.h"

static void learn_build(screen_ctx *c)
{
	const view_metrics *m = &c->m;
	float top = screen_add_lang_note(c, content_quiz_item(c->content), app_add_top_bar(c));
	float bottom = (float)c->h - m->bar_h;
	float cx, cw;
	app_column(c, &cx, &cw);
	float above = app_add_listen_bar(c, bottom, cx, cw);
	const content_section *s = content_get_section(
		c->content, app_item_lang(c->content, content_quiz_item(c->content), c->st->lang), "quiz",
		"learn");
	if (s)
		screen_add_reading(c, NULL, s->blocks, s->n_blocks, top, above, NULL, ACT_NONE);

	app_add_rect(c, (SDL_FRect){0, bottom, (float)c->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = ((float)c->w - 2 * m->margin) * 0.6f;
	app_add_button(c, (SDL_FRect){((float)c->w - bw) / 2, bottom + pad, bw, m->button_h},
		       app_str(c, c->st->lang, "quiz", "learn", "quiz_button"), true, ACT_OPEN,
		       SCREEN_QUIZ);
}

/* The learning page, the quiz and its result are pages 1-3 of "learning". */
const screen_def screen_learn = {.name = "learn", .build = learn_build, .tap = card_tap_link,
				 .visit_doc = "learning", .visit_page = 1};
