/* deadlock.c — the deadlock report (see deadlock.h for what counts).
 *
 * A thread registers its wait (GilThread.dl_wait) while it still holds the
 * GIL, just before it blocks, and unregisters once it holds the GIL again,
 * so the holder always sees every other thread's registration as it is.
 * The process is stuck when every thread in vm_threads is registered, is
 * blocked (not waiting for the GIL: a thread whose lock was just released
 * but that has not got the GIL back is on its way out of the wait) and its
 * lock is still held (`held` is cleared by release() under the GIL, before
 * the waiter can even wake).  Whoever makes the last change checks: a
 * thread about to block (deadlock_wait_begin) or a thread that has just
 * ended (deadlock_check).  Nothing else can wake a registered thread: its
 * semaphore is posted only by lock.release() in a running Python thread,
 * and a signal can only run the default SIGINT handler, which raises
 * KeyboardInterrupt in the main thread (a script's own handler turns the
 * check off while it is installed).
 */
#include <unistd.h>

#include "deadlock.h"
#include "frame.h"
#include "gil.h"
#include "modules.h"
#include "signals.h"

const char *const deadlock_wait_names[WAIT__COUNT] = {
    "lock", "rlock", "join", "condition", "event", "semaphore",
    "barrier", "queue.get", "queue.put", "queue.join", "future",
};

static bool enabled = true, keep_running;
static void (*exit_hook)(void);

void deadlock_set_enabled(bool on) { enabled = on; }
void deadlock_set_interactive(bool on) { keep_running = on; }
void deadlock_set_exit_hook(void (*fn)(void)) { exit_hook = fn; }

static DeadlockWait *wait_of(Thread *t)
{
    GilThread *g = t->gil_data;
    return g ? g->dl_wait : NULL;
}

/* Can t never wake up?  (me: the checking thread, which holds the GIL.) */
static bool stuck(Thread *t, Thread *me)
{
    DeadlockWait *w = wait_of(t);
    if (!w || !*w->held)
        return false;
    return t == me || gil_thread_blocked(t, w->reason);
}

/* Every thread but `leaving` is stuck (me: the checker, about to block). */
static bool all_stuck(Thread *me, Thread *leaving)
{
    if (!enabled || signal_pending() || signal_has_script_handler())
        return false;
    int n = 0;
    for (Thread *t = vm_threads; t; t = t->next) {
        if (t == leaving)
            continue;
        if (!stuck(t, me))
            return false;
        n++;
    }
    return n > 0;
}

/* ---- the report ------------------------------------------------------- */

typedef struct {
    Thread *t[256];
    int n;
    uint64_t locks[256];   /* lock serials, sorted: "lock 1" is the oldest */
    int nlocks;
} Report;

static int lock_number(const Report *r, uint64_t serial)
{
    for (int i = 0; i < r->nlocks; i++)
        if (r->locks[i] == serial)
            return i + 1;
    return 0;
}

static Thread *by_serial(const Report *r, uint64_t serial)
{
    for (int i = 0; i < r->n; i++) {
        GilThread *g = r->t[i]->gil_data;
        if (g && g->serial == serial)
            return r->t[i];
    }
    return NULL;
}

static void name_of(Thread *t, char *buf, size_t n) { gil_thread_name(t, buf, n); }

/* The thread t's wait points at (lock holder, joined thread), or NULL. */
static Thread *edge(const Report *r, Thread *t)
{
    DeadlockWait *w = wait_of(t);
    if (w->kind != WAIT_LOCK && w->kind != WAIT_RLOCK && w->kind != WAIT_JOIN)
        return NULL;
    return *w->owner ? by_serial(r, *w->owner) : NULL;
}

/* "A waits for lock 2 held by B", "MainThread joins A", … */
static void describe(FILE *out, const Report *r, Thread *t)
{
    char me[64], other[80];
    DeadlockWait *w = wait_of(t);
    name_of(t, me, sizeof me);
    Thread *o = edge(r, t);
    if (o)
        name_of(o, other, sizeof other);
    else if (*w->owner && gil_ended_name(*w->owner, other, sizeof other - 16))
        strcat(other, " (which has ended)");
    else
        snprintf(other, sizeof other, "no thread");
    switch (w->kind) {
    case WAIT_LOCK:
    case WAIT_RLOCK:
        fprintf(out, "%s waits for %s %d ", me, w->kind == WAIT_LOCK ? "lock" : "RLock",
                lock_number(r, w->lock_serial));
        if (o == t)
            fprintf(out, "which it holds itself");
        else
            fprintf(out, "held by %s", other);
        break;
    case WAIT_JOIN:
        fprintf(out, "%s joins %s", me, other);
        break;
    default: {
        static const char *const what[WAIT__COUNT] = {
            [WAIT_CONDITION] = "waits on a Condition that nobody is left to notify",
            [WAIT_EVENT] = "waits for an Event that nobody is left to set",
            [WAIT_SEMAPHORE] = "waits for a Semaphore that nobody is left to release",
            [WAIT_BARRIER] = "waits at a Barrier that nobody else is left to reach",
            [WAIT_QUEUE_GET] = "waits in Queue.get() for an item nobody is left to put",
            [WAIT_QUEUE_PUT] = "waits in Queue.put() for room nobody is left to make",
            [WAIT_QUEUE_JOIN] = "waits in Queue.join() for task_done() calls nobody is left to make",
            [WAIT_FUTURE] = "waits for a Future that nobody is left to complete",
        };
        fprintf(out, "%s %s", me, what[w->kind]);
    }
    }
}

/* The wait-for chain from the first thread whose edges lead into a cycle,
 * printed up to where it closes. */
static void print_cycle(FILE *out, const Report *r)
{
    for (int s = 0; s < r->n; s++) {
        Thread *path[256];
        int len = 0, loop = -1;
        for (Thread *t = r->t[s]; t && len < 256; t = edge(r, t)) {
            for (int k = 0; k < len; k++)
                if (path[k] == t)
                    loop = k;
            if (loop >= 0)
                break;
            path[len++] = t;
        }
        if (loop < 0)
            continue;
        fputs("wait-for cycle: ", out);
        for (int k = 0; k < len; k++) {
            describe(out, r, path[k]);
            fputs(k + 1 < len ? "; " : "\n", out);
        }
        return;
    }
}

static void print_stack(FILE *out, Thread *t)
{
    Frame *frames[1024];
    int n = 0;
    for (Frame *f = t->frame; f && n < 1024; f = f->prev)
        frames[n++] = f;
    char name[64];
    name_of(t, name, sizeof name);
    fprintf(out, "\n%s (most recent call last):\n", name);
    for (int i = n - 1; i >= 0; i--)
        err_print_location(out, frames[i]->code, vm_code_line(frames[i]->code, frames[i]->pc));
}

static int by_creation(const void *a, const void *b)
{
    const GilThread *x = (*(Thread *const *)a)->gil_data, *y = (*(Thread *const *)b)->gil_data;
    return x->serial < y->serial ? -1 : x->serial > y->serial;
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void report(Thread *leaving)
{
    Report r;
    r.n = r.nlocks = 0;
    for (Thread *t = vm_threads; t && r.n < 256; t = t->next)
        if (t != leaving)
            r.t[r.n++] = t;
    qsort(r.t, (size_t)r.n, sizeof r.t[0], by_creation);
    for (int i = 0; i < r.n; i++) {
        DeadlockWait *w = wait_of(r.t[i]);
        if ((w->kind == WAIT_LOCK || w->kind == WAIT_RLOCK) && !lock_number(&r, w->lock_serial))
            r.locks[r.nlocks++] = w->lock_serial;
    }
    qsort(r.locks, (size_t)r.nlocks, sizeof r.locks[0], by_value);

    Value so = sys_get_stdout(), se = sys_get_stderr();
    if (so && file_flush(so) < 0)
        err_clear();
    if (se && file_flush(se) < 0)
        err_clear();
    fflush(stdout);
    FILE *out = stderr;
    if (r.n == 1)
        fprintf(out, "baton: deadlock: the only thread of process %d is blocked for good; "
                     "nothing can wake it\n", (int)getpid());
    else
        fprintf(out, "baton: deadlock: all %d threads of process %d are blocked, waiting for "
                     "each other; nothing can wake them\n", r.n, (int)getpid());
    for (int i = 0; i < r.n; i++) {
        fputs("  ", out);
        describe(out, &r, r.t[i]);
        fputc('\n', out);
    }
    print_cycle(out, &r);
    for (int i = 0; i < r.n; i++)
        print_stack(out, r.t[i]);
    if (keep_running) {
        /* The REPL: Ctrl-C interrupts the main thread's wait, as ever. */
        fputs("\n(press Ctrl-C to interrupt the main thread)\n", out);
        fflush(out);
        return;
    }
    fputs("\n(run with --deadlock=hang to wait forever instead, as CPython does)\n", out);
    fflush(out);
    if (exit_hook)
        exit_hook();
    fflush(NULL);
    _exit(2);
}

/* ---- registration ----------------------------------------------------- */

void deadlock_wait_begin(Thread *t, DeadlockWait *w)
{
    GilThread *g = t->gil_data;
    if (!g)
        return;
    w->outer = g->dl_wait;
    g->dl_wait = w;
    if (*w->held && all_stuck(t, NULL))
        report(NULL);
}

void deadlock_wait_end(Thread *t, DeadlockWait *w)
{
    GilThread *g = t->gil_data;
    if (g && g->dl_wait == w)
        g->dl_wait = w->outer;
}

void deadlock_check(Thread *leaving)
{
    if (all_stuck(NULL, leaving))
        report(leaving);
}
