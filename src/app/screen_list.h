/* Every screen of the kiosk, one row each, in the order of their ids:
 * SCREEN(ID, NAME) makes the id SCREEN_ID (app.h), declares the row
 * `const screen_def screen_NAME` (app_internal.h) that the screen's file
 * defines, and puts it in app.c's table. So adding a screen is its file,
 * its row here and its strings (the schema and ui.txt).
 *
 * No include guard: each includer defines SCREEN, includes this, and
 * undefines it. */
SCREEN(WELCOME, welcome)
SCREEN(MENU, menu)
SCREEN(LEAFLET, leaflet)
SCREEN(LEARN, learn)
SCREEN(QUIZ, quiz)
SCREEN(QUIZ_RESULT, quiz_result)
SCREEN(STAFF, staff)         /* the staff area, after the staff PIN */
SCREEN(DASHBOARD, dashboard) /* the usage figures, from the staff area */
