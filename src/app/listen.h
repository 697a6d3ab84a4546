/* Read-aloud on screen (docs/speech.md): whether the page is being read or
 * is paused, at which speed, from which block, and what the speech engine
 * must do after each thing that happens. Pure: the app hands it the events
 * and the time, and carries out the command it returns (speech/speech.h),
 * so tests drive it without SDL or a voice.
 *
 * A start reads the screen's text from block from_block to its end; a
 * restart (a language switch, the speed changed) begins again at the start
 * of the block being read. */
#ifndef TAFLEN_LISTEN_H
#define TAFLEN_LISTEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* While a page is read aloud the idle timer does not run out, for at most
 * this long from the Listen press: a kiosk left reading to an empty room
 * still goes back to the start. */
#define LISTEN_IDLE_CAP_MS (5u * 60u * 1000u)

typedef enum { LISTEN_OFF, LISTEN_PLAYING, LISTEN_PAUSED } listen_mode;

typedef enum {
	LISTEN_DO_NOTHING,
	LISTEN_DO_START, /* (re)start reading at from_block, at the chosen speed */
	LISTEN_DO_PAUSE,
	LISTEN_DO_RESUME,
	LISTEN_DO_STOP,
} listen_cmd;

typedef struct {
	listen_mode mode;
	bool slow;         /* the slower speed is chosen */
	size_t from_block; /* where the reading under way started */
	uint64_t since;    /* the Listen press: the idle cap counts from it */
	bool used;         /* Listen was pressed in this visit (the usage figures) */
} listen_state;

/* Off, normal speed, unused: a new visit. */
void listen_init(listen_state *l);

/* Listen: read the screen from its first block. */
listen_cmd listen_press(listen_state *l, uint64_t now);
/* Pause, or Resume when paused. */
listen_cmd listen_toggle_pause(listen_state *l);
/* Stop, and everything that ends the reading: another page or screen,
 * Home, Finish. The speed chosen stays for the visit. */
listen_cmd listen_stop(listen_state *l);
/* Slower (or back to the normal speed): while reading, again from the start
 * of block, the one being read. */
listen_cmd listen_toggle_slow(listen_state *l, size_t block);
/* The language was switched while block was being read: again from its
 * start, in the new language (reading, even if it was paused), or stop when
 * the new language has no voice. */
listen_cmd listen_lang_changed(listen_state *l, size_t block, bool has_voice);
/* The engine has played the last sample. */
listen_cmd listen_finished(listen_state *l);

/* Whether the idle timer is held back at now: while reading (not paused),
 * up to LISTEN_IDLE_CAP_MS from the press. */
bool listen_holds_idle(const listen_state *l, uint64_t now);
/* When listen_holds_idle turns false by itself (UINT64_MAX: never). */
uint64_t listen_hold_until(const listen_state *l);

#endif
