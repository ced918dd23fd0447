/* gil.h — the global interpreter lock: one baton passed between threads.
 *
 * Only the holder runs bytecode or touches interpreter objects.  Who gets
 * the GIL next, and when the holder lets go, is a policy (--gil=POLICY,
 * gil.set_policy): `new` is CPython's "new GIL" (3.2+, the default): a
 * waiter waits one switch interval, then sets a drop request in the eval
 * breaker; the holder sees it at its next backward jump or call, drops the
 * GIL and (forced switching) waits until another thread has taken it.
 * `old` is CPython 2's check interval; `fair` a FIFO hand-off queue with
 * priority for threads back from a blocking call.  The VM only calls the
 * functions below, whichever policy runs (gil_policy.h, gil_*.c).
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

#include <pthread.h>

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
    BLOCK_IO, BLOCK_PROCESS, BLOCK_INPUT,
    BLOCK_COMPUTE, /* C code on a big buffer (zlib, hashing) runs without the GIL */
    BLOCK_READ, BLOCK_WRITE, /* read() and write() of files, pipes, terminals */
    BLOCK_RECV, BLOCK_SEND, BLOCK_ACCEPT, BLOCK_CONNECT, /* sockets (_socket.c) */
    BLOCK_SELECT,  /* select, poll, epoll waits (select.c) */
    BLOCK_RESOLVE, /* getaddrinfo and the other name look-ups */
    BLOCK__COUNT
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
    uint64_t false_alarms;     /* `old`: woken, but the GIL was taken again */
    int ticks;                 /* `old`: ticks left in this check interval */
    void *dl_wait;             /* the wait deadlock.c watches, or NULL */
    void *trace;               /* its trace record (trace.c), or NULL */
    uint64_t serial;           /* unique for the process's lifetime (idents are reused) */
    uint64_t task_switches;    /* asyncio: steps of another task than the last one */
    uintptr_t last_task;       /* the task of its last step (compared, never used) */
} GilThread;

void gil_init(Thread *main_thread);   /* main thread takes the GIL */
int gil_thread_attach(Thread *t);     /* allocate t->gil_data (state: waiting); -1 if out of memory */
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
/* `old`: eval-breaker ticks between releases (sys.setcheckinterval). */
void gil_set_check_interval(int ticks);
int gil_get_check_interval(void);
/* The policy: "new", "old" or "fair".  gil_set_policy returns -1 for an
 * unknown name; called by the holder (or before threads start). */
int gil_set_policy(const char *name);
const char *gil_policy_name(void);
const char *gil_policy_names(void);   /* "new, old, fair", for messages */

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
void gil_stats_json(FILE *out);        /* the same, as JSON (HTML traces) */
/* t is blocked (GIL released) with this BlockReason right now. */
bool gil_thread_blocked(Thread *t, int reason);
/* The name traces and stats show for t: its threading name, MainThread… */
void gil_thread_name(Thread *t, char *buf, size_t n);
/* The name of the ended thread with this serial, if it ended in this run. */
bool gil_ended_name(uint64_t serial, char *buf, size_t n);
/* Remember an ended thread's row for the exit report. */
void gil_record_ended(Thread *t);

/* Lock an object's own mutex (a zlib stream, a hash state) that other
 * threads hold while they work on it without the GIL: try first, and only
 * if it is taken wait for it with the GIL released (CPython's ENTER_ZLIB /
 * ENTER_HASHLIB).  Unlock with pthread_mutex_unlock. */
void gil_lock_mutex(pthread_mutex_t *m);
#define GIL_RELEASE(reason) do { Thread *gil_self_ = vm_cur; gil_park(gil_self_, (reason))
#define GIL_ACQUIRE() gil_unpark(gil_self_); } while (0)

#endif
