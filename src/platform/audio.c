#include "platform/audio.h"

#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

/* A device buffer of about 23 ms at 22,050 Hz: short, so that Pause is
 * heard at once and the first word soon after Listen. */
#define AUDIO_BUFFER_SAMPLES 512
/* The virtual clock waits at most this long (real time) for synthesis to
 * catch up, so that a stalled engine cannot hang a script. */
#define AUDIO_CATCH_UP_MS 10000

struct audio {
	SDL_AudioDeviceID dev;
	bool headless;
	speech *s;
};

static void drain(void *ctx, Uint8 *stream, int len)
{
	audio *au = ctx;
	size_t max = (size_t)len / sizeof(int16_t);
	size_t n = au->s ? speech_read(au->s, (int16_t *)(void *)stream, max) : 0;
	memset(stream + n * sizeof(int16_t), 0, (max - n) * sizeof(int16_t));
}

int audio_open(bool headless, int rate, audio **out, const char **why)
{
	/* A kiosk plays through ALSA, not a sound server's client library:
	 * PulseAudio's would start a daemon of its own and write its cookie
	 * and runtime files, and the kiosk writes nothing but its usage
	 * figures (ALSA's default device still reaches PipeWire or
	 * PulseAudio through their ALSA plugins where they run).
	 * SDL_AUDIODRIVER chooses another. */
	if (!getenv("SDL_AUDIODRIVER"))
		SDL_SetHint(SDL_HINT_AUDIODRIVER, headless ? "dummy" : "alsa");
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		*why = SDL_GetError();
		return -1;
	}
	audio *au = calloc(1, sizeof *au);
	if (!au) {
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		*why = "out of memory";
		return -1;
	}
	au->headless = headless;
	/* Headless, the driver is enough: the virtual clock plays, and a
	 * device's thread would only cost its close (some 50 ms). */
	if (headless) {
		*out = au;
		return 0;
	}
	SDL_AudioSpec want = {.freq = rate, .format = AUDIO_S16SYS, .channels = 1,
			      .samples = AUDIO_BUFFER_SAMPLES, .callback = drain, .userdata = au};
	/* No changes allowed: SDL converts to whatever the hardware takes. */
	au->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
	if (au->dev == 0) {
		*why = SDL_GetError();
		free(au);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return -1;
	}
	*out = au;
	return 0;
}

void audio_play(audio *au, speech *s)
{
	if (au->headless || !s)
		return;
	SDL_LockAudioDevice(au->dev);
	au->s = s;
	SDL_UnlockAudioDevice(au->dev);
	SDL_PauseAudioDevice(au->dev, 0);
}

void audio_close(audio *au)
{
	if (!au)
		return;
	if (au->dev)
		SDL_CloseAudioDevice(au->dev);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(au);
}

/* Samples played by time ms: counted from 0, so that rounding never drifts. */
static uint64_t samples_at(uint64_t ms, int rate)
{
	return ms / 1000 * (uint64_t)rate + ms % 1000 * (uint64_t)rate / 1000;
}

void audio_play_virtual(speech *s, uint64_t from_ms, uint64_t to_ms)
{
	if (!s || to_ms <= from_ms)
		return;
	int rate = speech_sample_rate(s);
	uint64_t need = samples_at(to_ms, rate) - samples_at(from_ms, rate);
	int16_t buf[4096];
	uint64_t waited = 0;
	while (need > 0) {
		size_t n = speech_read(s, buf, need < 4096 ? (size_t)need : 4096);
		need -= n;
		if (n > 0)
			continue;
		/* Nothing read: paused, finished or idle play silence; a
		 * reading whose synthesis is behind is waited for. */
		if (speech_status(s, NULL) != SPEECH_PLAYING)
			return;
		if (waited >= AUDIO_CATCH_UP_MS) {
			LOG(LOG_WARN, "speech synthesis stalled; the virtual clock goes on in silence");
			return;
		}
		SDL_Delay(1);
		waited++;
	}
}
