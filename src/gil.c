/* gil.c — the global interpreter lock (see gil.h for the algorithm).
 *
 * State: `locked` and `holder` under `mutex`; `cond` is signalled when the
 * GIL is released; `switch_cond` when it is taken, which is what a thread
 * that dropped the GIL on request waits for (forced switching: on a
 * multi-core machine the dropping thread would otherwise win it straight
 * back, since it is already running while the waiter must be woken).
 * The drop request travels in the eval-breaker word (EB_GIL_DROP), so the
 * holder pays one predictable branch per backward jump or call for it.
 *
 * Every state change of every thread (running / waiting / blocked) is
 * accounted here, under the mutex, so --gil-stats and sys.gil_stats() are
 * exact; the tracer (trace.c) hooks the same transitions.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

#include "gc.h"
#include "gil.h"
#include "signals.h"
#include "trace.h"

const char *const gil_block_names[BLOCK__COUNT] = {
    "", "sleep", "lock", "queue", "join", "I/O", "process", "input",
};
const char *const gil_state_names[GS__COUNT] = {
    "running", "waiting", "blocked", "exited",
};

static struct {
    pthread_mutex_t mutex;
    pthread_cond_t cond;         /* signalled on release */
    pthread_mutex_t switch_mutex;
    pthread_cond_t switch_cond;  /* signalled on take */
    bool locked;
    Thread *holder;              /* the holder, or the last one */
    uint64_t switch_number;      /* times the GIL was taken */
    uint64_t switches;           /* times the holder changed */
    int64_t interval_ns;
    int64_t start_ns;
    int waiters;
} gil;

/* Ended threads' rows for the exit report. */
typedef struct Ended {
    struct Ended *next;
    char name[64];
    uint64_t ident;
    GilThread stats;
} Ended;
static Ended *ended_head, **ended_tail = &ended_head;

int64_t gil_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void init_cond(pthread_cond_t *c)
{
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(c, &attr);
    pthread_condattr_destroy(&attr);
}

static void init_locks(void)
{
    pthread_mutex_init(&gil.mutex, NULL);
    pthread_mutex_init(&gil.switch_mutex, NULL);
    init_cond(&gil.cond);
    init_cond(&gil.switch_cond);
}

static void park_for_gc(Thread *t, void *top);

static GilThread *G(Thread *t) { return (GilThread *)t->gil_data; }

/* Move t to a new state; the caller holds gil.mutex. */
static void set_state_g(GilThread *g, int state, int reason, int64_t now)
{
    if (!g)
        return;
    g->ns[g->state] += now - g->since_ns;
    g->since_ns = now;
    g->state = state;
    g->reason = reason;
    if (UNLIKELY(trace_on))
        trace_event(g, TR_STATE, state, reason, 0, now);
}

static void set_state(Thread *t, int state, int reason, int64_t now)
{
    set_state_g(G(t), state, reason, now);
}

void gil_init(Thread *main_thread)
{
    init_locks();
    gil.interval_ns = 5000000; /* 5 ms, as CPython */
    gil.start_ns = gil_now_ns();
    gil_thread_attach(main_thread);
    gil.locked = true;
    gil.holder = main_thread;
    gil.switch_number = 1;
    G(main_thread)->acquisitions = 1;
    set_state(main_thread, GS_RUNNING, BLOCK_NONE, gil.start_ns);
}

void gil_thread_attach(Thread *t)
{
    GilThread *g = calloc(1, sizeof *g);
    if (!g)
        baton_fatal("out of memory");
    static _Atomic uint64_t serials;
    g->state = GS_WAITING;
    g->serial = ++serials;
    g->start_ns = g->since_ns = gil_now_ns();
    t->gil_data = g;
    if (UNLIKELY(trace_on))
        trace_thread_new(g, t->ident);
}

void gil_set_interval(double seconds)
{
    int64_t ns = (int64_t)(seconds * 1e9);
    pthread_mutex_lock(&gil.mutex);
    gil.interval_ns = ns < 1000 ? 1000 : ns;
    pthread_mutex_unlock(&gil.mutex);
}

double gil_get_interval(void)
{
    pthread_mutex_lock(&gil.mutex);
    double s = (double)gil.interval_ns / 1e9;
    pthread_mutex_unlock(&gil.mutex);
    return s;
}

void gil_deadline_in(struct timespec *ts, double seconds)
{
    /* Longer than 30 years is forever enough, and keeps the math in range. */
    if (seconds > 1e9)
        seconds = 1e9;
    int64_t ns = (int64_t)(seconds * 1e9);
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ns / 1000000000;
    ts->tv_nsec += ns % 1000000000;
    if (ts->tv_nsec >= 1000000000) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000;
    }
}

void gil_take(Thread *t)
{
    pthread_mutex_lock(&gil.mutex);
    set_state(t, GS_WAITING, BLOCK_NONE, gil_now_ns());
    if (gil.locked) {
        gil.waiters++;
        if (UNLIKELY(trace_on) && G(t))
            trace_event(G(t), TR_WAITERS, 0, 0, gil.waiters, gil_now_ns());
        while (gil.locked) {
            uint64_t seen = gil.switch_number;
            struct timespec deadline;
            gil_deadline_in(&deadline, (double)gil.interval_ns / 1e9);
            int rc = pthread_cond_timedwait(&gil.cond, &gil.mutex, &deadline);
            /* A whole interval went by and nobody else got the GIL in the
             * meantime: ask the holder to drop it. */
            if (rc == ETIMEDOUT && gil.locked && gil.switch_number == seen) {
                vm_request(EB_GIL_DROP);
                if (G(t)) {
                    G(t)->drop_requests++;
                    if (UNLIKELY(trace_on))
                        trace_event(G(t), TR_DROP_REQUEST, 0, 0, 0, gil_now_ns());
                }
            }
        }
        gil.waiters--;
        if (UNLIKELY(trace_on) && G(t))
            trace_event(G(t), TR_WAITERS, 0, 0, gil.waiters, gil_now_ns());
    }
    gil.locked = true;
    if (gil.holder != t)
        gil.switches++;
    gil.holder = t;
    gil.switch_number++;
    if (G(t))
        G(t)->acquisitions++;
    set_state(t, GS_RUNNING, BLOCK_NONE, gil_now_ns());
    /* The request (if any) was for the previous holder; if threads are still
     * waiting, their next timeout will ask us in turn. */
    vm_clear_request(EB_GIL_DROP);
    /* Only the main thread runs signal handlers: other threads cleared the
     * request they could not serve, so renew it for the main thread. */
    if (t == vm_main_thread && signal_pending())
        vm_request(EB_SIGNAL);
    pthread_mutex_unlock(&gil.mutex);

    /* Forced switching: tell a thread that dropped the GIL on request that
     * the switch has happened. */
    pthread_mutex_lock(&gil.switch_mutex);
    pthread_cond_signal(&gil.switch_cond);
    pthread_mutex_unlock(&gil.switch_mutex);
}

static void release_locked(Thread *t, int state, int reason)
{
    gil.locked = false;
    set_state(t, state, reason, gil_now_ns());
    pthread_cond_signal(&gil.cond);
}

void __attribute__((noinline)) gil_drop(Thread *t)
{
    volatile char here = 0;
    park_for_gc(t, (void *)&here);
    pthread_mutex_lock(&gil.mutex);
    release_locked(t, GS_WAITING, BLOCK_NONE);
    pthread_mutex_unlock(&gil.mutex);
}

/* Spill the callee-saved registers into t->gc_regs so that the collector,
 * running in another thread, sees objects only they refer to.  setjmp is
 * not enough on glibc: it mangles the frame pointer, which -O2 code may use
 * as a general register. */
static void __attribute__((noinline)) save_registers(Thread *t)
{
    void **buf = (void **)(void *)&t->gc_regs;
#if defined(__x86_64__)
    __asm__ volatile("movq %%rbx, 0(%0)\n\tmovq %%rbp, 8(%0)\n\t"
                     "movq %%r12, 16(%0)\n\tmovq %%r13, 24(%0)\n\t"
                     "movq %%r14, 32(%0)\n\tmovq %%r15, 40(%0)"
                     : : "r"(buf) : "memory");
#elif defined(__aarch64__)
    __asm__ volatile("stp x19, x20, [%0, #0]\n\tstp x21, x22, [%0, #16]\n\t"
                     "stp x23, x24, [%0, #32]\n\tstp x25, x26, [%0, #48]\n\t"
                     "stp x27, x28, [%0, #64]\n\tstr x29, [%0, #80]"
                     : : "r"(buf) : "memory");
#else
    (void)buf;
    setjmp(t->gc_regs);
#endif
}

/* Make t's C stack scannable by a collection in another thread: registers
 * spilled, stack top recorded.  Must run before the GIL is released. */
static void __attribute__((noinline)) park_for_gc(Thread *t, void *top)
{
    save_registers(t);
    t->gc_stack_top = top;
    t->gc_parked = true;
}

void __attribute__((noinline)) gil_yield(Thread *t)
{
    volatile char here = 0;
    park_for_gc(t, (void *)&here);
    pthread_mutex_lock(&gil.switch_mutex);
    pthread_mutex_lock(&gil.mutex);
    bool others = gil.waiters > 0;
    if (!others) {
        /* The waiter went away (it timed out on something else): keep going. */
        vm_clear_request(EB_GIL_DROP);
        pthread_mutex_unlock(&gil.mutex);
        pthread_mutex_unlock(&gil.switch_mutex);
        t->gc_parked = false;
        return;
    }
    uint64_t seen = gil.switch_number;
    if (G(t)) {
        G(t)->drops_honoured++;
        if (UNLIKELY(trace_on))
            trace_event(G(t), TR_FORCED, 0, 0, 0, gil_now_ns());
    }
    release_locked(t, GS_WAITING, BLOCK_NONE);
    pthread_mutex_unlock(&gil.mutex);
    /* Wait until someone else has taken the GIL before queueing up again. */
    while (true) {
        pthread_mutex_lock(&gil.mutex);
        bool switched = gil.switch_number != seen || gil.waiters == 0;
        pthread_mutex_unlock(&gil.mutex);
        if (switched)
            break;
        if (G(t))
            G(t)->forced_waits++;
        struct timespec deadline;
        gil_deadline_in(&deadline, 0.001); /* re-check at least every 1 ms */
        pthread_cond_timedwait(&gil.switch_cond, &gil.switch_mutex, &deadline);
    }
    pthread_mutex_unlock(&gil.switch_mutex);
    gil_take(t);
    t->gc_parked = false;
}

void __attribute__((noinline)) gil_park(Thread *t, int reason)
{
    volatile char here = 0;
    park_for_gc(t, (void *)&here);
    pthread_mutex_lock(&gil.mutex);
    release_locked(t, GS_BLOCKED, reason);
    pthread_mutex_unlock(&gil.mutex);
}

void gil_unpark(Thread *t)
{
    gil_take(t);
    t->gc_parked = false;
}


bool gil_held_by(Thread *t)
{
    pthread_mutex_lock(&gil.mutex);
    bool held = gil.locked && gil.holder == t;
    pthread_mutex_unlock(&gil.mutex);
    return held;
}

void gil_exit_thread(void *gil_data)
{
    GilThread *g = gil_data;
    pthread_mutex_lock(&gil.mutex);
    gil.locked = false;
    gil.holder = NULL;
    set_state_g(g, GS_EXITED, BLOCK_NONE, gil_now_ns());
    pthread_cond_signal(&gil.cond);
    pthread_mutex_unlock(&gil.mutex);
    free(g);
}

void gil_after_fork(Thread *t)
{
    /* Only the forking thread exists in the child: every other thread's
     * lock state is meaningless, so start over. */
    init_locks();
    gil.locked = true;
    gil.holder = t;
    gil.waiters = 0;
    gil.switches = 0;
    gil.switch_number = 1;
    gil.start_ns = gil_now_ns();
    ended_head = NULL;
    ended_tail = &ended_head;
    vm_clear_request(EB_GIL_DROP);
    GilThread *g = G(t);
    if (g) {
        void *tr = g->trace;
        memset(g, 0, sizeof *g);
        g->trace = tr;
        g->start_ns = g->since_ns = gil.start_ns;
        g->state = GS_RUNNING;
        g->acquisitions = 1;
        trace_after_fork(g);
    }
}

int gil_sem_wait(void *semp, double timeout, int reason)
{
    sem_t *sem = semp;
    if (sem_trywait(sem) == 0)
        return 1;
    if (timeout == 0)
        return 0;
    struct timespec deadline;
    if (timeout > 0)
        gil_deadline_in(&deadline, timeout);
    while (true) {
        int rc, err;
        GIL_RELEASE(reason);
        rc = timeout < 0 ? sem_wait(sem) : sem_clockwait(sem, CLOCK_MONOTONIC, &deadline);
        err = errno;
        GIL_ACQUIRE();
        if (rc == 0)
            return 1;
        if (err == ETIMEDOUT)
            return 0;
        /* A signal: KeyboardInterrupt, or keep waiting. */
        if (signal_retry_or_raise(err) < 0)
            return -1;
    }
}

uint64_t gil_switches(void)
{
    pthread_mutex_lock(&gil.mutex);
    uint64_t n = gil.switches;
    pthread_mutex_unlock(&gil.mutex);
    return n;
}

int64_t gil_start_ns(void) { return gil.start_ns; }

void gil_thread_stats(Thread *t, GilThread *out)
{
    pthread_mutex_lock(&gil.mutex);
    memset(out, 0, sizeof *out);
    if (G(t)) {
        *out = *G(t);
        if (out->state != GS_EXITED)
            out->ns[out->state] += gil_now_ns() - out->since_ns;
    }
    pthread_mutex_unlock(&gil.mutex);
}

static void thread_name(Thread *t, char *buf, size_t n)
{
    if (t->name && IS_STR(t->name))
        snprintf(buf, n, "%s", AS_STR(t->name)->data);
    else if (t == vm_main_thread)
        snprintf(buf, n, "MainThread");
    else
        snprintf(buf, n, "Thread-%llu", (unsigned long long)t->ident);
}

void gil_record_ended(Thread *t)
{
    Ended *e = calloc(1, sizeof *e);
    if (!e)
        return;
    thread_name(t, e->name, sizeof e->name);
    e->ident = t->ident;
    gil_thread_stats(t, &e->stats);
    pthread_mutex_lock(&gil.mutex);
    *ended_tail = e;
    ended_tail = &e->next;
    pthread_mutex_unlock(&gil.mutex);
}

/* One row per thread, living (in vm_threads order) then ended. */
typedef void (*RowFn)(void *ctx, const char *name, uint64_t ident, const GilThread *s);

static void each_row(RowFn fn, void *ctx)
{
    for (Thread *t = vm_threads; t; t = t->next) {
        GilThread s;
        char name[64];
        gil_thread_stats(t, &s);
        thread_name(t, name, sizeof name);
        fn(ctx, name, t->ident, &s);
    }
    for (Ended *e = ended_head; e; e = e->next)
        fn(ctx, e->name, e->ident, &e->stats);
}

static double ms(int64_t ns) { return (double)ns / 1e6; }

typedef struct { FILE *out; GilThread total; int rows; } PrintCtx;

static void print_row(void *ctx, const char *name, uint64_t ident, const GilThread *s)
{
    PrintCtx *p = ctx;
    (void)ident;
    fprintf(p->out, "  %-16.16s %10.1f %10.1f %10.1f %9llu %9llu\n", name,
            ms(s->ns[GS_RUNNING]), ms(s->ns[GS_WAITING]), ms(s->ns[GS_BLOCKED]),
            (unsigned long long)s->acquisitions, (unsigned long long)s->drops_honoured);
    for (int i = 0; i < GS__COUNT; i++)
        p->total.ns[i] += s->ns[i];
    p->total.acquisitions += s->acquisitions;
    p->total.drops_honoured += s->drops_honoured;
    p->total.drop_requests += s->drop_requests;
    p->rows++;
}

void gil_print_stats(FILE *out)
{
    PrintCtx p = {out, {0}, 0};
    int64_t wall = gil_now_ns() - gil.start_ns;
    fprintf(out, "GIL statistics (switch interval %.1f ms, wall %.1f ms)\n",
            ms(gil.interval_ns), ms(wall));
    fprintf(out, "  %-16s %10s %10s %10s %9s %9s\n", "thread", "held ms",
            "wait ms", "blocked ms", "acquired", "dropped");
    each_row(print_row, &p);
    uint64_t switches = gil_switches();
    fprintf(out, "  %-16s %10.1f %10.1f %10.1f %9llu %9llu\n", "total",
            ms(p.total.ns[GS_RUNNING]), ms(p.total.ns[GS_WAITING]),
            ms(p.total.ns[GS_BLOCKED]), (unsigned long long)p.total.acquisitions,
            (unsigned long long)p.total.drops_honoured);
    fprintf(out, "  switches: %llu (%.1f per second), drop requests sent: %llu\n",
            (unsigned long long)switches,
            wall > 0 ? (double)switches * 1e9 / (double)wall : 0.0,
            (unsigned long long)p.total.drop_requests);
}

typedef struct { Value list; bool failed; } DictCtx;

static void dict_row(void *ctx, const char *name, uint64_t ident, const GilThread *s)
{
    DictCtx *c = ctx;
    if (c->failed)
        return;
    Value d = dict_new();
    if (!d) {
        c->failed = true;
        return;
    }
    struct { const char *k; Value v; } items[] = {
        {"name", str_from_cstr(name)},
        {"ident", int_from_u64(ident)},
        {"held", float_new((double)s->ns[GS_RUNNING] / 1e9)},
        {"wait", float_new((double)s->ns[GS_WAITING] / 1e9)},
        {"blocked", float_new((double)s->ns[GS_BLOCKED] / 1e9)},
        {"acquisitions", int_from_u64(s->acquisitions)},
        {"drops", int_from_u64(s->drops_honoured)},
        {"drop_requests", int_from_u64(s->drop_requests)},
        {"alive", BOOL_V(s->state != GS_EXITED)},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (!items[i].v || dict_set(d, str_from_cstr(items[i].k), items[i].v) < 0) {
            c->failed = true;
            return;
        }
    }
    if (list_append(c->list, d) < 0)
        c->failed = true;
}

Value gil_stats_dict(void)
{
    DictCtx c = {list_new(0), false};
    if (!c.list)
        return VNULL;
    each_row(dict_row, &c);
    if (c.failed)
        return VNULL;
    int64_t wall = gil_now_ns() - gil.start_ns;
    uint64_t switches = gil_switches();
    Value d = dict_new();
    if (!d)
        return VNULL;
    if (dict_set(d, str_from_cstr("threads"), c.list) < 0 ||
        dict_set(d, str_from_cstr("switches"), int_from_u64(switches)) < 0 ||
        dict_set(d, str_from_cstr("wall"), float_new((double)wall / 1e9)) < 0 ||
        dict_set(d, str_from_cstr("switches_per_second"),
                 float_new(wall > 0 ? (double)switches * 1e9 / (double)wall : 0.0)) < 0 ||
        dict_set(d, str_from_cstr("interval"), float_new(gil_get_interval())) < 0)
        return VNULL;
    return d;
}
