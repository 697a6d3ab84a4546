/* A second thread that runs one job at a time for its owner, who meanwhile
 * does the other part of the same work itself: the bands of a frame drawn
 * on two threads at once. The owner starts a job and waits for it before
 * it starts the next or reads what it wrote; between the two, the job and
 * the owner must not write the same memory.
 *
 * One owner per worker: worker_start and worker_wait are not to be called
 * from two threads at once. */
#ifndef TAFLEN_BASE_WORKER_H
#define TAFLEN_BASE_WORKER_H

typedef struct worker worker;
typedef void worker_fn(void *arg);

/* Starts the thread, which sleeps until given a job. Returns 0, or -1 when
 * no thread can be made (*out NULL: the owner does all the work itself). */
int worker_new(worker **out);
/* Ends the thread (after the job it may be running) and frees w; NULL is
 * fine. */
void worker_free(worker *w);
/* Has the thread run fn(arg) and returns at once. The job started before
 * must have been waited for. */
void worker_start(worker *w, worker_fn *fn, void *arg);
/* Returns once the job started last has returned. */
void worker_wait(worker *w);

#endif
