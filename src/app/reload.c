#include "app/reload.h"

#include <stdlib.h>
#include <string.h>

struct reload {
	bool pending;      /* a change is settling */
	uint64_t load_at;  /* when it will have settled */
	bool staged;       /* good content waits for a safe moment */
	char *rejection;   /* the last rejected load's messages, or NULL */
};

/* Saturating, so a clock near UINT64_MAX cannot wrap into "already due". */
static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

reload *reload_new(void)
{
	return calloc(1, sizeof(reload));
}

void reload_free(reload *r)
{
	if (!r)
		return;
	free(r->rejection);
	free(r);
}

void reload_changed(reload *r, uint64_t now)
{
	r->pending = true;
	r->load_at = add_sat(now, RELOAD_QUIET_MS);
}

void reload_requested(reload *r, uint64_t now)
{
	if (!r->pending) {
		r->pending = true;
		r->load_at = now;
	}
}

void reload_loaded(reload *r, bool ok)
{
	r->staged = ok;
	if (ok) {
		free(r->rejection);
		r->rejection = NULL;
	}
}

bool reload_rejected(reload *r, const char *messages)
{
	if (r->rejection && strcmp(r->rejection, messages) == 0)
		return false;
	free(r->rejection);
	/* Out of memory: the next rejection is logged again, which is the
	 * harmless way to be wrong. */
	r->rejection = strdup(messages);
	return true;
}

const char *reload_rejection(const reload *r)
{
	return r->rejection;
}

reload_action reload_tick(reload *r, uint64_t now, bool safe)
{
	if (r->pending && now >= r->load_at) {
		r->pending = false;
		return RELOAD_LOAD;
	}
	/* Content staged while the folder changes again is about to be
	 * superseded; showing it would be a version that no longer exists. */
	if (r->staged && safe && !r->pending) {
		r->staged = false;
		return RELOAD_SWAP;
	}
	return RELOAD_NOTHING;
}

bool reload_staged(const reload *r)
{
	return r->staged;
}

uint64_t reload_next_deadline(const reload *r)
{
	return r->pending ? r->load_at : UINT64_MAX;
}
