/* gil.h — the global interpreter lock: one baton passed between threads.
 *
 * Only the holder runs bytecode or touches interpreter objects.  The
 * algorithm is CPython's "new GIL" (3.2+): a flag under a mutex and a
 * condition variable; a thread that wants the GIL waits on the condition
 * for one switch interval; if the holder has not changed when the wait
 * times out it sets a drop request in the eval breaker; the holder sees it
 * at its next backward jump or call, drops the GIL and (forced switching)
 * waits until another thread has taken it before it queues up again.
 * See docs/gil.md for the walk-through.
 *
 * Blocking calls release the GIL around the blocking part only:
 *
 *     GIL_RELEASE(BLOCK_SLEEP);
 *     rc = nanosleep(&ts, &rem);      // touches no interpreter object
 *     GIL_ACQUIRE();
 */
#ifndef BATON_GIL_H
#define BATON_GIL_H

#include "vm.h"

/* What a thread is doing, for statistics and traces. */
enum GilState {
    GS_RUNNING,  /* holds the GIL */
    GS_WAITING,  /* wants the GIL */
    GS_BLOCKED,  /* in a blocking call, GIL released */
    GS_EXITED,
    GS__COUNT
};

/* Why a thread is blocked (GS_BLOCKED). */
enum BlockReason {
    BLOCK_NONE, BLOCK_SLEEP, BLOCK_LOCK, BLOCK_QUEUE, BLOCK_JOIN,
    BLOCK_IO, BLOCK_PROCESS, BLOCK_INPUT, BLOCK__COUNT
};
extern const char *const gil_block_names[BLOCK__COUNT];
extern const char *const gil_state_names[GS__COUNT];

/* Per-thread accounting, kept in Thread.gil_data. */
typedef struct GilThread {
    int state;                 /* enum GilState */
    int reason;                /* enum BlockReason while blocked */
    int64_t since_ns;          /* when the current state began */
    int64_t ns[GS__COUNT];     /* time spent in each state */
    int64_t start_ns, end_ns;
    uint64_t acquisitions;     /* times this thread took the GIL */
    uint64_t drops_honoured;   /* times it gave the GIL up on request */
    uint64_t drop_requests;    /* times it asked the holder to drop it */
    uint64_t forced_waits;     /* times it waited for a switch to happen */
    void *trace;               /* its trace record (trace.c), or NULL */
    uint64_t serial;           /* unique for the process's lifetime (idents are reused) */
} GilThread;

void gil_init(Thread *main_thread);   /* main thread takes the GIL */
void gil_thread_attach(Thread *t);    /* allocate t->gil_data (state: waiting) */
/* A thread ends: given its gil_data (its Thread is already freed), mark it
 * exited, release the GIL and free the data. */
void gil_exit_thread(void *gil_data);
void gil_take(Thread *t);             /* block until t holds the GIL */
void gil_drop(Thread *t);             /* release it */
/* The eval breaker saw EB_GIL_DROP: hand the GIL on and queue up again. */
void gil_yield(Thread *t);
/* Around blocking calls: park saves what the GC needs to scan this
 * thread's stack and releases the GIL; unpark takes it back. */
void gil_park(Thread *t, int reason);
void gil_unpark(Thread *t);
bool gil_held_by(Thread *t);
/* After fork(), in the child: fresh lock state, held by the forking thread. */
void gil_after_fork(Thread *t);

/* Wait for a semaphore (thread- or process-shared) with the GIL released:
 * timeout < 0 waits forever, 0 only tries.  Signals are served while
 * waiting (KeyboardInterrupt in the main thread).  Returns 1 acquired,
 * 0 timed out, -1 with an exception raised.  Every lock in baton waits
 * here: _thread locks, and multiprocessing's shared semaphores. */
int gil_sem_wait(void *sem, double timeout, int reason);
/* *ts = CLOCK_MONOTONIC now + seconds (for the timed waits above). */
struct timespec;
void gil_deadline_in(struct timespec *ts, double seconds);

void gil_set_interval(double seconds);
double gil_get_interval(void);

/* Statistics */
int64_t gil_now_ns(void);
uint64_t gil_switches(void);          /* times the holder changed */
int64_t gil_start_ns(void);
/* A consistent copy of t's accounting (under the GIL mutex), with the
 * current state's time added up to now. */
void gil_thread_stats(Thread *t, GilThread *out);
/* The process's threads' stats, living and ended, for --gil-stats. */
Value gil_stats_dict(void);
void gil_print_stats(FILE *out);
/* Remember an ended thread's row for the exit report. */
void gil_record_ended(Thread *t);

#define GIL_RELEASE(reason) do { Thread *gil_self_ = vm_cur; gil_park(gil_self_, (reason))
#define GIL_ACQUIRE() gil_unpark(gil_self_); } while (0)

#endif
