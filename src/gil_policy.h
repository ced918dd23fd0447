/* gil_policy.h — what gil.c shares with the GIL's policies (gil_new.c,
 * gil_old.c, gil_fair.c).  Not for the rest of the VM: it sees gil.h only.
 *
 * gil.c owns the lock's state (below), every thread's accounting and the
 * API; a policy decides who gets the GIL and when the holder lets go:
 *
 *   wait(t, unblocked)  under gil.mutex: return once t may take the GIL,
 *                       i.e. it is free (!gil.locked) or was handed to t
 *                       (gil.granted == t).  `unblocked`: t is coming back
 *                       from a blocking call.  Return false if the policy
 *                       was changed meanwhile (gil.c then asks the new one).
 *   released(t)         under gil.mutex, just after t let go (gil.locked is
 *                       false): wake whoever should have it next.
 *   yield(t)            the holder saw EB_GIL_DROP in the eval breaker
 *                       (no mutex held; GIL_PARK before letting go).
 *   tick(t)             the holder used up its check points (EB_GIL_TICK,
 *                       gil_old.c only; NULL elsewhere).
 *   taken(t)            under gil.mutex, t has just taken the GIL: set or
 *                       clear EB_GIL_DROP for the new holder.
 *   start()/stop()      under gil.mutex, by the holder: the policy becomes
 *                       the current one / stops being it.
 */
#ifndef BATON_GIL_POLICY_H
#define BATON_GIL_POLICY_H

#include <pthread.h>

#include "gil.h"

typedef struct GilPolicy {
    const char *name;
    bool (*wait)(Thread *t, bool unblocked);
    void (*released)(Thread *t);
    void (*yield)(Thread *t);
    void (*tick)(Thread *t);
    void (*taken)(Thread *t);
    void (*start)(void);
    void (*stop)(void);
} GilPolicy;

/* A thread queued for the GIL (the fair policy's hand-off queue); lives on
 * the waiting thread's C stack. */
typedef struct GilWaiter {
    struct GilWaiter *next;
    Thread *t;
    pthread_cond_t cond;
    bool urgent;      /* came back from a blocking call */
    _Atomic bool handed; /* set with gil.granted: a spinning waiter sees it */
} GilWaiter;

typedef struct GilCore {
    pthread_mutex_t mutex;
    pthread_cond_t cond;         /* new, old: signalled on release */
    pthread_mutex_t switch_mutex;
    pthread_cond_t switch_cond;  /* new: signalled on take (forced switching) */
    bool locked;
    Thread *holder;              /* the holder, or NULL */
    Thread *granted;             /* fair: the thread the GIL was handed to */
    Thread *last;                /* the last holder (switch counting) */
    uint64_t switch_number;      /* times the GIL was taken */
    int64_t taken_ns;            /* when it was last taken */
    uint64_t switches;           /* times the holder changed */
    int64_t interval_ns;         /* new, fair: the switch interval */
    int check_interval;          /* old: ticks between releases */
    int64_t start_ns;
    int waiters;                 /* threads in wait() */
    const GilPolicy *policy;
    GilWaiter *head, *tail;      /* fair: the hand-off queue, oldest first */
    int urgent;                  /* fair: queued waiters back from a block */
    bool spinning;               /* fair: a waiter spins for its hand-off */
    GilThread *silent;           /* old: let go and may take it straight back */
} GilCore;

extern GilCore gil;
extern const GilPolicy gil_policy_new, gil_policy_old, gil_policy_fair;

/* gil.c's helpers for the policies. */
static inline GilThread *gil_g(Thread *t) { return t ? (GilThread *)t->gil_data : NULL; }
/* Under gil.mutex: t lets go of the GIL and becomes `state` (waiting or
 * blocked); the policy's released() runs. */
void gil_release_locked(Thread *t, int state, int reason);
/* Under gil.mutex: t waits (policy->wait) and takes the GIL. */
void gil_take_locked(Thread *t, bool unblocked);
/* Make t's C stack scannable by a collection in another thread before it
 * lets go of the GIL: registers spilled, stack top recorded.  A macro, so
 * that the registers are saved in the frame whose local marks the top:
 * whatever that frame clobbered it pushed above the mark. */
void gil_save_registers(Thread *t);
#define GIL_PARK(t)                                  \
    volatile char gil_here_ = 0;                     \
    gil_save_registers(t);                           \
    (t)->gc_stack_top = (void *)&gil_here_;          \
    (t)->gc_parked = true
void gil_init_cond(pthread_cond_t *c);
/* Record an event of t's in its trace (under gil.mutex). */
void gil_mark(Thread *t, int kind);
/* A timed wait on c for the switch interval; returns the rc of
 * pthread_cond_timedwait. */
int gil_wait_interval(pthread_cond_t *c);

#endif
