#include "app/listen.h"

void listen_init(listen_state *l)
{
	*l = (listen_state){.mode = LISTEN_OFF};
}

listen_cmd listen_press(listen_state *l, uint64_t now)
{
	l->mode = LISTEN_PLAYING;
	l->from_block = 0;
	l->since = now;
	l->used = true;
	return LISTEN_DO_START;
}

listen_cmd listen_toggle_pause(listen_state *l)
{
	switch (l->mode) {
	case LISTEN_PLAYING: l->mode = LISTEN_PAUSED; return LISTEN_DO_PAUSE;
	case LISTEN_PAUSED: l->mode = LISTEN_PLAYING; return LISTEN_DO_RESUME;
	case LISTEN_OFF: break;
	}
	return LISTEN_DO_NOTHING;
}

listen_cmd listen_stop(listen_state *l)
{
	if (l->mode == LISTEN_OFF)
		return LISTEN_DO_NOTHING;
	l->mode = LISTEN_OFF;
	return LISTEN_DO_STOP;
}

listen_cmd listen_toggle_slow(listen_state *l, size_t block)
{
	l->slow = !l->slow;
	if (l->mode == LISTEN_OFF)
		return LISTEN_DO_NOTHING;
	/* Paused stays paused: the restart waits for Resume. */
	l->from_block = block;
	return LISTEN_DO_START;
}

listen_cmd listen_lang_changed(listen_state *l, size_t block, bool has_voice)
{
	if (l->mode == LISTEN_OFF)
		return LISTEN_DO_NOTHING;
	if (!has_voice)
		return listen_stop(l);
	l->mode = LISTEN_PLAYING;
	l->from_block = block;
	return LISTEN_DO_START;
}

listen_cmd listen_finished(listen_state *l)
{
	return listen_stop(l);
}

bool listen_holds_idle(const listen_state *l, uint64_t now)
{
	return l->mode == LISTEN_PLAYING && now < listen_hold_until(l);
}

uint64_t listen_hold_until(const listen_state *l)
{
	if (l->mode != LISTEN_PLAYING)
		return UINT64_MAX;
	return l->since > UINT64_MAX - LISTEN_IDLE_CAP_MS ? UINT64_MAX : l->since + LISTEN_IDLE_CAP_MS;
}
