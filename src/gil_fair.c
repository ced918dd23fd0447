/* gil_fair.c — the GIL policy `fair`: a hand-off queue, and priority for
 * threads that come back from a blocking call.
 *
 * Waiters queue in the order they asked (gil.head … gil.tail, one
 * GilWaiter on each waiting thread's stack).  Releasing the GIL hands it to
 * the oldest waiter directly (gil.granted): nobody can barge in between, so
 * the order of hand-offs is the order of the queue, and a holder that lets
 * go on request goes to the back of it.  The oldest waiter times the
 * holder's turn from its take and asks for a drop when it is over, as in
 * `new`.  A thread back from a blocking call (sleep, I/O, a lock) gets
 * priority: while it waits, a turn is a tenth of the switch interval, so a
 * holder that has run that long already (a CPU-bound thread beside an
 * I/O-bound one) is asked at once.  CPU-bound threads share the lock
 * round-robin; an I/O-bound thread waits for the holder's next check
 * point, not a whole interval, so the convoy effect goes away.
 */
#include <errno.h>
#include <stdatomic.h>
#include <time.h>

#include "gil_policy.h"
#include "trace.h"

static void request_drop(Thread *t)
{
    vm_request(EB_GIL_DROP);
    if (gil_g(t)) {
        gil_g(t)->drop_requests++;
        gil_mark(t, TR_DROP_REQUEST);
    }
}

static void unlink_waiter(GilWaiter *w)
{
    GilWaiter **p = &gil.head, *prev = NULL;
    while (*p && *p != w) {
        prev = *p;
        p = &(*p)->next;
    }
    if (!*p)
        return;
    *p = w->next;
    if (gil.tail == w)
        gil.tail = prev;
    if (w->urgent)
        gil.urgent--;
    w->next = NULL;
}

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

/* A thread back from a blocking call that has just asked the holder to let
 * go at its next check point is running already, and the hand-off comes
 * within microseconds: it waits for it on the spot (without the mutex) a
 * little while, rather than go to sleep and need the OS to wake it up
 * again.  Only then, briefly, and one thread at a time: on a machine whose
 * cores are busy, spinning waiters take the CPU the holder needs (waiters
 * that spun 200 us whenever they were next in line made eight producers
 * and eight consumers 30x slower). */
#define SPIN_NS 50000

static void spin_for_grant(GilWaiter *w)
{
    if (gil.head != w || gil.spinning)
        return;
    gil.spinning = true;
    int64_t until = gil_now_ns() + SPIN_NS;
    pthread_mutex_unlock(&gil.mutex);
    for (int i = 0; !atomic_load_explicit(&w->handed, memory_order_acquire); i++) {
        cpu_relax();
        if ((i & 63) == 63 && gil_now_ns() > until)
            break;
    }
    pthread_mutex_lock(&gil.mutex);
    gil.spinning = false;
}

/* How long a holder keeps the GIL before the oldest waiter asks for it:
 * the switch interval, or a tenth of it while a thread back from a
 * blocking call waits.  (Asking at once, with no least turn, makes the
 * holder of a busy queue or lock hand over after every item: eight
 * producers and eight consumers then ran 7x slower than under `new`.) */
static int64_t turn_ns(void)
{
    return gil.urgent > 0 ? gil.interval_ns / 10 : gil.interval_ns;
}

static bool fair_wait(Thread *t, bool unblocked)
{
    if (!gil.locked)
        return true;
    GilWaiter w = {NULL, t, PTHREAD_COND_INITIALIZER, unblocked, false};
    uint64_t asked_for = 0; /* the holder (switch number) this thread asked */
    int64_t asked_at = 0;
    gil_init_cond(&w.cond);
    if (gil.tail)
        gil.tail->next = &w;
    else
        gil.head = &w;
    gil.tail = &w;
    if (w.urgent) {
        /* The holder's turn is now the short one: the oldest waiter
         * re-times it.  If it is over and this thread is next, ask now. */
        gil.urgent++;
        if (gil.head != &w)
            pthread_cond_signal(&gil.head->cond);
        else if (!gil.granted && gil_now_ns() >= gil.taken_ns + turn_ns()) {
            request_drop(t);
            asked_for = gil.switch_number;
            asked_at = gil_now_ns();
            spin_for_grant(&w);
        }
    }
    bool ok = true;
    while (gil.granted != t) {
        if (gil.policy != &gil_policy_fair) {
            unlink_waiter(&w);
            ok = false;
            break;
        }
        if (!gil.locked && !gil.granted && gil.head == &w) {
            unlink_waiter(&w); /* free, and we are first: take it */
            break;
        }
        if (gil.head == &w && !gil.granted) {
            /* The oldest waiter times the holder's turn from when it took
             * the GIL (however late its thread woke up), then asks; again
             * each interval if the holder does not come. */
            int64_t due = gil.switch_number == asked_for ? asked_at + gil.interval_ns
                                                         : gil.taken_ns + turn_ns();
            int64_t now = gil_now_ns();
            if (now >= due) {
                request_drop(t);
                asked_for = gil.switch_number;
                asked_at = now;
                due = now + gil.interval_ns;
            }
            struct timespec ts = {(time_t)(due / 1000000000), (long)(due % 1000000000)};
            pthread_cond_timedwait(&w.cond, &gil.mutex, &ts);
        } else {
            pthread_cond_wait(&w.cond, &gil.mutex);
        }
    }
    pthread_cond_destroy(&w.cond);
    return ok;
}

/* Hand the GIL to the oldest waiter; the next one starts timing. */
static void fair_released(Thread *t)
{
    (void)t;
    GilWaiter *w = gil.head;
    if (!w)
        return;
    unlink_waiter(w);
    gil.locked = true;
    gil.granted = w->t;
    atomic_store_explicit(&w->handed, true, memory_order_release);
    pthread_cond_signal(&w->cond);
    if (gil.head)
        pthread_cond_signal(&gil.head->cond);
}

static void fair_taken(Thread *t)
{
    (void)t;
    /* The request was for the previous holder; the oldest waiter starts
     * timing this one. */
    vm_clear_request(EB_GIL_DROP);
    if (gil.head)
        pthread_cond_signal(&gil.head->cond);
}

static void __attribute__((noinline)) fair_yield(Thread *t)
{
    GIL_PARK(t);
    pthread_mutex_lock(&gil.mutex);
    if (!gil.head) {
        vm_clear_request(EB_GIL_DROP);
        pthread_mutex_unlock(&gil.mutex);
        t->gc_parked = false;
        return;
    }
    if (gil_g(t)) {
        gil_g(t)->drops_honoured++;
        gil_mark(t, TR_FORCED);
    }
    gil_release_locked(t, GS_WAITING, BLOCK_NONE); /* to the oldest waiter */
    gil_take_locked(t, false);                    /* and to the back */
    pthread_mutex_unlock(&gil.mutex);
    t->gc_parked = false;
}

static void fair_start(void) {}
static void fair_stop(void) { vm_clear_request(EB_GIL_DROP); }

const GilPolicy gil_policy_fair = {
    "fair", fair_wait, fair_released, fair_yield, NULL, fair_taken, fair_start, fair_stop,
};
