/* learn: "Learning from reviews", the staff page: its title and introduction,
 * and a button to the highlight quiz. */
#include "app/app_internal.h"

void screen_learn_build(app *a)
{
	const view_metrics *m = &a->m;
	float top = app_add_top_bar(a);
	float bottom = (float)a->h - m->bar_h;
	const content_section *s = content_get_section(a->content, a->st.lang, "learn", "learn");
	if (s)
		screen_add_reading(a, NULL, s->blocks, s->n_blocks, top, bottom);

	app_add_rect(a, (SDL_FRect){0, bottom, (float)a->w, m->bar_h}, COLOR_BAR, false);
	float pad = (m->bar_h - m->button_h) / 2;
	float bw = ((float)a->w - 2 * m->margin) * 0.6f;
	app_add_button(a, (SDL_FRect){((float)a->w - bw) / 2, bottom + pad, bw, m->button_h},
		       app_str(a, a->st.lang, "learn", "learn", "quiz_button"), true, ACT_OPEN,
		       SCREEN_QUIZ);
}
