/* The palette and the metrics: every text colour on every fill it is drawn
 * on reaches 7:1 (WCAG AAA), and sizes derive from the screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "app/view.h"

static double channel(Uint8 v)
{
	double c = v / 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(SDL_Color c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

static double contrast(view_color a, view_color b)
{
	double la = luminance(view_palette(a)), lb = luminance(view_palette(b));
	return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

static void text_contrast_is_aaa(void **state)
{
	(void)state;
	/* Each (ink, fill) pair the screens use for text. */
	static const view_color pairs[][2] = {
		{COLOR_TEXT, COLOR_BACKGROUND},  {COLOR_MUTED, COLOR_BACKGROUND},
		{COLOR_LINK, COLOR_BACKGROUND},  {COLOR_TEXT, COLOR_BAR},
		{COLOR_MUTED, COLOR_BAR},        {COLOR_BUTTON_TEXT, COLOR_BUTTON},
		{COLOR_TEXT, COLOR_SECONDARY},   {COLOR_TEXT, COLOR_HIGHLIGHT},
		{COLOR_TEXT, COLOR_FOUND},       {COLOR_TEXT, COLOR_WRONG},
		{COLOR_TEXT, COLOR_PANEL},       {COLOR_MUTED, COLOR_PANEL},
		{COLOR_LINK, COLOR_PANEL},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		double c = contrast(pairs[i][0], pairs[i][1]);
		if (c < 7.0)
			fail_msg("pair %zu: contrast %.2f:1 is under 7:1", i, c);
	}
	/* Outlines and the missed-action frame are graphics: 3:1 (WCAG 1.4.11). */
	assert_true(contrast(COLOR_OUTLINE, COLOR_BACKGROUND) >= 3.0);
	assert_true(contrast(COLOR_MISSED, COLOR_BACKGROUND) >= 3.0);
	/* The background is calm, not glaring white. */
	assert_true(luminance(view_palette(COLOR_BACKGROUND)) < 0.9);
}

static void metrics_follow_the_screen(void **state)
{
	(void)state;
	view_metrics p = view_metrics_for(1080, 1920, 1.0f);
	view_metrics l = view_metrics_for(1920, 1080, 1.0f);
	view_metrics k = view_metrics_for(3840, 2160, 1.0f);
	view_metrics s = view_metrics_for(1280, 800, 1.0f);
	assert_true(p.body_px == l.body_px);
	assert_true(fabsf(k.body_px - 2 * p.body_px) < 0.01f);
	assert_true(s.body_px < p.body_px);
	/* Touch targets: at least 60 px at 1080p, and scaled elsewhere. */
	assert_true(p.button_h >= 60.0f);
	assert_true(s.button_h >= 60.0f * s.unit);
	view_metrics big = view_metrics_for(1080, 1920, 1.6f);
	assert_true(fabsf(big.body_px - 1.6f * p.body_px) < 0.01f);
	/* A tiny or broken size still gives usable numbers. */
	view_metrics tiny = view_metrics_for(0, -5, 1.0f);
	assert_true(tiny.w >= 1 && tiny.h >= 1 && tiny.body_px > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_contrast_is_aaa),
		cmocka_unit_test(metrics_follow_the_screen),
	};
	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
