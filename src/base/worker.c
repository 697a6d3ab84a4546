#include "base/worker.h"

#include <stdbool.h>
#include <stdlib.h>
#include <threads.h>

struct worker {
	thrd_t thread;
	mtx_t lock;
	cnd_t wake; /* a job, or the end, for the thread */
	cnd_t done; /* the job has returned, for the owner */
	worker_fn *fn; /* the job not yet taken; NULL: none */
	void *arg;
	bool busy; /* started and not yet returned */
	bool quit;
};

static int run(void *p)
{
	worker *w = p;
	mtx_lock(&w->lock);
	for (;;) {
		while (!w->fn && !w->quit)
			cnd_wait(&w->wake, &w->lock);
		if (!w->fn)
			break; /* quit, with no job left */
		worker_fn *fn = w->fn;
		void *arg = w->arg;
		w->fn = NULL;
		mtx_unlock(&w->lock);
		fn(arg);
		mtx_lock(&w->lock);
		w->busy = false;
		cnd_signal(&w->done);
	}
	mtx_unlock(&w->lock);
	return 0;
}

int worker_new(worker **out)
{
	*out = NULL;
	worker *w = calloc(1, sizeof *w);
	if (!w)
		return -1;
	if (mtx_init(&w->lock, mtx_plain) != thrd_success) {
		free(w);
		return -1;
	}
	if (cnd_init(&w->wake) != thrd_success) {
		mtx_destroy(&w->lock);
		free(w);
		return -1;
	}
	if (cnd_init(&w->done) != thrd_success) {
		cnd_destroy(&w->wake);
		mtx_destroy(&w->lock);
		free(w);
		return -1;
	}
	if (thrd_create(&w->thread, run, w) != thrd_success) {
		cnd_destroy(&w->done);
		cnd_destroy(&w->wake);
		mtx_destroy(&w->lock);
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

void worker_free(worker *w)
{
	if (!w)
		return;
	mtx_lock(&w->lock);
	w->quit = true;
	cnd_signal(&w->wake);
	mtx_unlock(&w->lock);
	thrd_join(w->thread, NULL);
	cnd_destroy(&w->done);
	cnd_destroy(&w->wake);
	mtx_destroy(&w->lock);
	free(w);
}

void worker_start(worker *w, worker_fn *fn, void *arg)
{
	mtx_lock(&w->lock);
	w->fn = fn;
	w->arg = arg;
	w->busy = true;
	cnd_signal(&w->wake);
	mtx_unlock(&w->lock);
}

void worker_wait(worker *w)
{
	mtx_lock(&w->lock);
	while (w->busy)
		cnd_wait(&w->done, &w->lock);
	mtx_unlock(&w->lock);
}
