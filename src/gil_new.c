/* gil_new.c — the GIL policy `new`: CPython's "new GIL" (3.2+, Antoine
 * Pitrou), baton's default.
 *
 * A thread that wants the GIL waits on gil.cond for one switch interval;
 * if the wait times out and the GIL has not changed hands meanwhile, it
 * sets a drop request (EB_GIL_DROP) in the eval breaker.  The holder sees
 * it at its next backward jump or call, lets go, and (forced switching)
 * waits on switch_cond until another thread has taken the GIL before it
 * queues up again: on a multi-core machine it would otherwise win the GIL
 * straight back, since it is running while the waiter must be woken.
 * Which waiter gets it is up to the OS; a thread back from a blocking call
 * waits like any other, up to a whole interval (the convoy effect).
 */
#include <errno.h>

#include "gil_policy.h"
#include "trace.h"

static bool new_wait(Thread *t, bool unblocked)
{
    (void)unblocked;
    while (gil.locked) {
        uint64_t seen = gil.switch_number;
        int rc = gil_wait_interval(&gil.cond);
        if (gil.policy != &gil_policy_new)
            return false;
        /* A whole interval went by and nobody else got the GIL in the
         * meantime: ask the holder to drop it. */
        if (rc == ETIMEDOUT && gil.locked && gil.switch_number == seen) {
            vm_request(EB_GIL_DROP);
            if (gil_g(t)) {
                gil_g(t)->drop_requests++;
                gil_mark(t, TR_DROP_REQUEST);
            }
        }
    }
    return true;
}

static void new_released(Thread *t)
{
    (void)t;
    pthread_cond_signal(&gil.cond);
}

/* The request (if any) was for the previous holder; if threads are still
 * waiting, their next timeout will ask the new one in turn. */
static void new_taken(Thread *t)
{
    (void)t;
    vm_clear_request(EB_GIL_DROP);
}

static void __attribute__((noinline)) new_yield(Thread *t)
{
    GIL_PARK(t);
    pthread_mutex_lock(&gil.switch_mutex);
    pthread_mutex_lock(&gil.mutex);
    if (gil.waiters == 0) {
        /* The waiter went away (it timed out on something else): keep going. */
        vm_clear_request(EB_GIL_DROP);
        pthread_mutex_unlock(&gil.mutex);
        pthread_mutex_unlock(&gil.switch_mutex);
        t->gc_parked = false;
        return;
    }
    uint64_t seen = gil.switch_number;
    if (gil_g(t)) {
        gil_g(t)->drops_honoured++;
        gil_mark(t, TR_FORCED);
    }
    gil_release_locked(t, GS_WAITING, BLOCK_NONE);
    pthread_mutex_unlock(&gil.mutex);
    /* Wait until someone else has taken the GIL before queueing up again. */
    while (true) {
        pthread_mutex_lock(&gil.mutex);
        bool switched = gil.switch_number != seen || gil.waiters == 0 ||
                        gil.policy != &gil_policy_new;
        if (!switched && gil_g(t))
            gil_g(t)->forced_waits++;
        pthread_mutex_unlock(&gil.mutex);
        if (switched)
            break;
        struct timespec deadline;
        gil_deadline_in(&deadline, 0.001); /* re-check at least every 1 ms */
        pthread_cond_timedwait(&gil.switch_cond, &gil.switch_mutex, &deadline);
    }
    pthread_mutex_unlock(&gil.switch_mutex);
    gil_take(t);
    t->gc_parked = false;
}

static void new_start(void) {}
static void new_stop(void) { vm_clear_request(EB_GIL_DROP); }

const GilPolicy gil_policy_new = {
    "new", new_wait, new_released, new_yield, NULL, new_taken, new_start, new_stop,
};
