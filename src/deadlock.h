/* deadlock.h — noticing that no thread of the process can ever run again.
 *
 * When every thread is blocked, with no timeout, on a `_thread` lock (and
 * everything threading builds on them: RLock, Condition, Event, Semaphore,
 * Barrier, Thread.join, queue.Queue, Future), only another thread of this
 * process could release it, and none can: the process would hang.  baton
 * reports it instead (every thread, what it waits for, who holds that, the
 * wait-for cycle, the Python stacks) and exits with status 2, as Go's
 * runtime does ("all goroutines are asleep").  --deadlock=hang turns it off.
 *
 * Only waits registered here count: a thread in a sleep, I/O, a timed wait,
 * a process-shared semaphore, a signal wait or a C-level wait is never
 * stuck, and neither is one waiting for the GIL.  A script that installed a
 * signal handler of its own is never reported (the handler might release
 * something).
 */
#ifndef BATON_DEADLOCK_H
#define BATON_DEADLOCK_H

#include "vm.h"

/* What a registered wait is for, which is how the report words it. */
enum WaitKind {
    WAIT_LOCK, WAIT_RLOCK, WAIT_JOIN, WAIT_CONDITION, WAIT_EVENT, WAIT_SEMAPHORE,
    WAIT_BARRIER, WAIT_QUEUE_GET, WAIT_QUEUE_PUT, WAIT_QUEUE_JOIN, WAIT_FUTURE,
    WAIT__COUNT
};
/* "lock", "rlock", "join", "condition", …: the names _set_wait takes. */
extern const char *const deadlock_wait_names[WAIT__COUNT];

/* A thread's untimed wait on a lock, on its C stack while it waits. */
typedef struct DeadlockWait {
    struct DeadlockWait *outer;  /* a wait this one interrupted (signal handler) */
    int kind;                    /* enum WaitKind */
    int reason;                  /* the BlockReason the thread shows meanwhile */
    const bool *held;            /* the lock's flag: stuck only while it is set */
    const uint64_t *owner;       /* serial (GilThread.serial) of its holder, 0 none */
    uint64_t lock_serial;        /* the lock's creation number (report names) */
} DeadlockWait;

void deadlock_set_enabled(bool on);
/* The REPL: report, but keep waiting (Ctrl-C still interrupts the main
 * thread) instead of exiting. */
void deadlock_set_interactive(bool on);
/* Called at a deadlock exit, before the report's exit(2): --gil-stats,
 * --trace (main.c). */
void deadlock_set_exit_hook(void (*fn)(void));
/* By the GIL holder, just before it blocks on w with no timeout.  If every
 * thread is then stuck, this reports and exits; otherwise it registers w. */
void deadlock_wait_begin(Thread *t, DeadlockWait *w);
void deadlock_wait_end(Thread *t, DeadlockWait *w);
/* The thread `leaving` (the caller, holding the GIL) is about to end: the
 * others may now all be stuck. */
void deadlock_check(Thread *leaving);

#endif
