/* gil_old.c — the GIL policy `old`: CPython 2's lock, as David Beazley
 * measured it in 2009 ("Inside the Python GIL").
 *
 * The holder lets go every check interval (sys.setcheckinterval, default
 * 100 ticks; a tick is one of the eval breaker's check points: a loop
 * iteration or a call), signals one waiter, and immediately tries to take
 * the GIL back.  No timed wait, no drop request, no forced switching.
 * While this policy runs EB_GIL_TICK stays set in the eval breaker: the
 * VM counts the check points down in Thread.gil_ticks and calls old_tick
 * at zero.  On a multi-core machine the releasing thread is still running
 * while the signalled waiter is being woken by the OS, so it usually wins
 * the GIL back; the waiter wakes, finds the GIL taken again (a "false
 * alarm", counted and traced) and sleeps again.  Two CPU-bound threads then
 * run slower than one: the signalling and the futile wake-ups are pure
 * overhead.
 */
#include "gil_policy.h"
#include "trace.h"

static bool old_wait(Thread *t, bool unblocked)
{
    (void)unblocked;
    while (gil.locked) {
        pthread_cond_wait(&gil.cond, &gil.mutex);
        if (gil.policy != &gil_policy_old)
            return false;
        if (gil.locked && gil_g(t)) {
            gil_g(t)->false_alarms++;
            gil_mark(t, TR_FALSE_ALARM);
        }
    }
    return true;
}

static void old_released(Thread *t)
{
    (void)t;
    pthread_cond_signal(&gil.cond);
}

static void old_taken(Thread *t) { (void)t; }

/* Nobody sets EB_GIL_DROP under this policy; a stale one is cleared. */
static void old_yield(Thread *t)
{
    (void)t;
    vm_clear_request(EB_GIL_DROP);
}

static void __attribute__((noinline)) old_tick(Thread *t)
{
    GilThread *g = gil_g(t);
    GIL_PARK(t);
    pthread_mutex_lock(&gil.mutex);
    t->gil_ticks = gil.check_interval;
    bool others = gil.waiters > 0 && gil.policy == &gil_policy_old && g;
    if (others) {
        /* Release: the GIL is free for whoever gets the mutex first.  Our
         * state stays "running" unless another thread takes it
         * (gil_take_locked then marks us waiting). */
        gil.locked = false;
        gil.holder = NULL;
        gil.silent = g;
        pthread_cond_signal(&gil.cond);
    }
    pthread_mutex_unlock(&gil.mutex);
    if (!others) {
        t->gc_parked = false;
        return;
    }
    /* "Other threads may run now", then take it back. */
    pthread_mutex_lock(&gil.mutex);
    if (gil.silent == g) {
        /* Nobody took it: won back, as nearly always on a multi-core machine. */
        gil.silent = NULL;
        gil.locked = true;
        gil.holder = t;
        gil.switch_number++;
        g->acquisitions++;
    } else {
        g->drops_honoured++;
        gil_take_locked(t, false);
    }
    pthread_mutex_unlock(&gil.mutex);
    t->gc_parked = false;
}

/* Every check point is counted while this policy runs. */
static void old_start(void) { vm_request(EB_GIL_TICK); }
static void old_stop(void) { vm_clear_request(EB_GIL_TICK); }

const GilPolicy gil_policy_old = {
    "old", old_wait, old_released, old_yield, old_tick, old_taken, old_start, old_stop,
};
