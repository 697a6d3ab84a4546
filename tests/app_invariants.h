/* What must hold of the app after any event, whatever came before it: the
 * checks that the soak test (tests/soak/soak.c) and the app fuzzer
 * (tests/fuzz/fuzz_app.c) share. They read the app's insides
 * (app_internal.h) as well as what scripts see (app_field), and check that
 * the two agree.
 *
 * Time-dependent promises (when the idle warning may show) need to know
 * when the last input was, which only the driver knows; the soak checks
 * those itself. */
#ifndef TAFLEN_TESTS_APP_INVARIANTS_H
#define TAFLEN_TESTS_APP_INVARIANTS_H

#include <stddef.h>

#include "app/app_internal.h"

/* Returns 0, or -1 with what is wrong written into why. May rebuild the
 * view (as app_field does), so call it between events, not during one. */
int app_invariants_check(app *a, char *why, size_t size);

#endif
