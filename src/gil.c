/* gil.c — the global interpreter lock: its state, the API of gil.h, and
 * every thread's accounting.  Who gets the lock and when the holder lets
 * go is the current policy's business (gil_policy.h): gil_new.c
 * (CPython 3.2+, the default), gil_old.c (CPython 2's check interval),
 * gil_fair.c (a FIFO hand-off queue).  The VM calls the same functions
 * whichever runs.
 *
 * State: `locked`, `holder` and the policy's fields under `mutex`.  Every
 * state change of every thread (running / waiting / blocked) is accounted
 * here, under the mutex, so --gil-stats and sys.gil_stats() are exact; the
 * tracer (trace.c) hooks the same transitions.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>

#include "gc.h"
#include "gil.h"
#include "gil_policy.h"
#include "signals.h"
#include "trace.h"

const char *const gil_block_names[BLOCK__COUNT] = {
    "", "sleep", "lock", "queue", "join", "I/O", "process", "input", "compute", "read", "write",
    "recv", "send", "accept", "connect", "select", "resolve",
};
const char *const gil_state_names[GS__COUNT] = {
    "running", "waiting", "blocked", "exited",
};

GilCore gil;

static const GilPolicy *const policies[] = {&gil_policy_new, &gil_policy_old, &gil_policy_fair};

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

void gil_init_cond(pthread_cond_t *c) { init_cond(c); }

static void init_locks(void)
{
    pthread_mutex_init(&gil.mutex, NULL);
    pthread_mutex_init(&gil.switch_mutex, NULL);
    init_cond(&gil.cond);
    init_cond(&gil.switch_cond);
}

static GilThread *G(Thread *t) { return gil_g(t); }

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

void gil_mark(Thread *t, int kind)
{
    GilThread *g = G(t);
    if (UNLIKELY(trace_on) && g)
        trace_event(g, kind, 0, 0, 0, gil_now_ns());
}

void gil_init(Thread *main_thread)
{
    init_locks();
    gil.interval_ns = 5000000; /* 5 ms, as CPython */
    gil.check_interval = 100;  /* CPython 2's sys.setcheckinterval default */
    gil.policy = &gil_policy_new;
    gil.start_ns = gil_now_ns();
    if (gil_thread_attach(main_thread) < 0)
        baton_fatal("out of memory"); /* at start-up, as CPython's init */
    gil.locked = true;
    gil.holder = gil.last = main_thread;
    gil.switch_number = 1;
    G(main_thread)->acquisitions = 1;
    set_state(main_thread, GS_RUNNING, BLOCK_NONE, gil.start_ns);
}

int gil_thread_attach(Thread *t)
{
    GilThread *g = calloc(1, sizeof *g);
    if (!g)
        return -1;
    static _Atomic uint64_t serials;
    g->state = GS_WAITING;
    g->serial = ++serials;
    g->start_ns = g->since_ns = gil_now_ns();
    g->ticks = gil.check_interval;
    t->gil_data = g;
    if (UNLIKELY(trace_on))
        trace_thread_new(g, t->ident);
    return 0;
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

void gil_set_check_interval(int ticks)
{
    pthread_mutex_lock(&gil.mutex);
    gil.check_interval = ticks < 1 ? 1 : ticks;
    pthread_mutex_unlock(&gil.mutex);
}

int gil_get_check_interval(void)
{
    pthread_mutex_lock(&gil.mutex);
    int n = gil.check_interval;
    pthread_mutex_unlock(&gil.mutex);
    return n;
}

const char *gil_policy_name(void)
{
    pthread_mutex_lock(&gil.mutex);
    const char *n = gil.policy->name;
    pthread_mutex_unlock(&gil.mutex);
    return n;
}

const char *gil_policy_names(void) { return "new, old, fair"; }

int gil_set_policy(const char *name)
{
    const GilPolicy *p = NULL;
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
        if (strcmp(policies[i]->name, name) == 0)
            p = policies[i];
    if (!p)
        return -1;
    pthread_mutex_lock(&gil.mutex);
    if (p != gil.policy) {
        /* Called by the holder: no hand-off is under way. */
        gil.policy->stop();
        gil.policy = p;
        p->start();
        /* Every waiter leaves the old policy's wait and queues up again. */
        pthread_cond_broadcast(&gil.cond);
        for (GilWaiter *w = gil.head; w; w = w->next)
            pthread_cond_signal(&w->cond);
    }
    pthread_mutex_unlock(&gil.mutex);
    return 0;
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

int gil_wait_interval(pthread_cond_t *c)
{
    struct timespec deadline;
    gil_deadline_in(&deadline, (double)gil.interval_ns / 1e9);
    return pthread_cond_timedwait(c, &gil.mutex, &deadline);
}

void gil_take_locked(Thread *t, bool unblocked)
{
    set_state(t, GS_WAITING, BLOCK_NONE, gil_now_ns());
    if (gil.locked && gil.granted != t) {
        gil.waiters++;
        if (UNLIKELY(trace_on) && G(t))
            trace_event(G(t), TR_WAITERS, 0, 0, gil.waiters, gil_now_ns());
        while (!gil.policy->wait(t, unblocked))
            ;
        gil.waiters--;
        if (UNLIKELY(trace_on) && G(t))
            trace_event(G(t), TR_WAITERS, 0, 0, gil.waiters, gil_now_ns());
    }
    if (gil.granted == t)
        gil.granted = NULL;
    /* `old`: the thread that let go without a state change has lost the
     * GIL to us: it has been waiting since now. */
    if (gil.silent && gil.silent != G(t)) {
        set_state_g(gil.silent, GS_WAITING, BLOCK_NONE, gil_now_ns());
        gil.silent = NULL;
    }
    gil.locked = true;
    gil.holder = t;
    if (gil.last != t)
        gil.switches++;
    gil.last = t;
    gil.switch_number++;
    gil.taken_ns = gil_now_ns();
    if (G(t))
        G(t)->acquisitions++;
    set_state(t, GS_RUNNING, BLOCK_NONE, gil.taken_ns);
    gil.policy->taken(t);
    /* Only the main thread runs signal handlers: other threads cleared the
     * request they could not serve, so renew it for the main thread. */
    if (t == vm_main_thread && signal_pending())
        vm_request(EB_SIGNAL);
}

static void take(Thread *t, bool unblocked)
{
    pthread_mutex_lock(&gil.mutex);
    gil_take_locked(t, unblocked);
    bool forced = gil.policy == &gil_policy_new;
    pthread_mutex_unlock(&gil.mutex);
    /* Forced switching (gil_new.c): tell a thread that dropped the GIL on
     * request that the switch has happened. */
    if (forced) {
        pthread_mutex_lock(&gil.switch_mutex);
        pthread_cond_signal(&gil.switch_cond);
        pthread_mutex_unlock(&gil.switch_mutex);
    }
}

void gil_take(Thread *t) { take(t, false); }

void gil_release_locked(Thread *t, int state, int reason)
{
    gil.locked = false;
    gil.holder = NULL;
    set_state(t, state, reason, gil_now_ns());
    gil.policy->released(t);
}

/* Spill the callee-saved registers into t->gc_regs so that the collector,
 * running in another thread, sees objects only they refer to.  setjmp is
 * not enough on glibc: it mangles the frame pointer, which -O2 code may use
 * as a general register.  Only stores: the caller's registers are intact
 * when they are saved (see GIL_PARK in gil_policy.h). */
void __attribute__((noinline)) gil_save_registers(Thread *t)
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

void __attribute__((noinline)) gil_drop(Thread *t)
{
    GIL_PARK(t);
    pthread_mutex_lock(&gil.mutex);
    gil_release_locked(t, GS_WAITING, BLOCK_NONE);
    pthread_mutex_unlock(&gil.mutex);
}

void __attribute__((noinline)) gil_yield(Thread *t)
{
    gil.policy->yield(t);
}

void gil_tick(Thread *t)
{
    if (gil.policy->tick)
        gil.policy->tick(t);
    else
        vm_clear_request(EB_GIL_TICK);
}

void __attribute__((noinline)) gil_park(Thread *t, int reason)
{
    GIL_PARK(t);
    pthread_mutex_lock(&gil.mutex);
    gil_release_locked(t, GS_BLOCKED, reason);
    pthread_mutex_unlock(&gil.mutex);
}

void gil_unpark(Thread *t)
{
    take(t, true);
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
    gil.policy->released(NULL);
    pthread_mutex_unlock(&gil.mutex);
    free(g);
}

void gil_after_fork(Thread *t)
{
    /* Only the forking thread exists in the child: every other thread's
     * lock state is meaningless, so start over. */
    init_locks();
    gil.locked = true;
    gil.holder = gil.last = t;
    gil.granted = NULL;
    gil.head = gil.tail = NULL;
    gil.urgent = 0;
    gil.spinning = false;
    gil.silent = NULL;
    gil.waiters = 0;
    gil.switches = 0;
    gil.switch_number = 1;
    gil.start_ns = gil_now_ns();
    ended_head = NULL;
    ended_tail = &ended_head;
    vm_clear_request(EB_GIL_DROP | EB_GIL_TICK);
    gil.policy->start();
    GilThread *g = G(t);
    if (g) {
        void *tr = g->trace;
        uint64_t serial = g->serial;
        memset(g, 0, sizeof *g);
        g->trace = tr;
        g->serial = serial;
        g->start_ns = g->since_ns = gil.start_ns;
        g->state = GS_RUNNING;
        g->acquisitions = 1;
        g->ticks = gil.check_interval;
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

bool gil_thread_blocked(Thread *t, int reason)
{
    pthread_mutex_lock(&gil.mutex);
    GilThread *g = G(t);
    bool b = g && g->state == GS_BLOCKED && g->reason == reason;
    pthread_mutex_unlock(&gil.mutex);
    return b;
}

bool gil_ended_name(uint64_t serial, char *buf, size_t n)
{
    for (Ended *e = ended_head; e; e = e->next)
        if (e->stats.serial == serial) {
            snprintf(buf, n, "%s", e->name);
            return true;
        }
    return false;
}

void gil_thread_name(Thread *t, char *buf, size_t n)
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
    gil_thread_name(t, e->name, sizeof e->name);
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
        gil_thread_name(t, name, sizeof name);
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
    fprintf(p->out, "  %-16.16s %10.1f %10.1f %10.1f %9llu %9llu %9llu %9llu\n", name,
            ms(s->ns[GS_RUNNING]), ms(s->ns[GS_WAITING]), ms(s->ns[GS_BLOCKED]),
            (unsigned long long)s->acquisitions, (unsigned long long)s->drops_honoured,
            (unsigned long long)s->false_alarms, (unsigned long long)s->task_switches);
    for (int i = 0; i < GS__COUNT; i++)
        p->total.ns[i] += s->ns[i];
    p->total.acquisitions += s->acquisitions;
    p->total.drops_honoured += s->drops_honoured;
    p->total.drop_requests += s->drop_requests;
    p->total.false_alarms += s->false_alarms;
    p->total.task_switches += s->task_switches;
    p->rows++;
}

void gil_print_stats(FILE *out)
{
    PrintCtx p = {out, {0}, 0};
    int64_t wall = gil_now_ns() - gil.start_ns;
    double secs = (double)wall / 1e9;
    const char *policy = gil_policy_name();
    if (strcmp(policy, "old") == 0)
        fprintf(out, "GIL statistics (policy old, check interval %d ticks, wall %.1f ms)\n",
                gil_get_check_interval(), ms(wall));
    else
        fprintf(out, "GIL statistics (policy %s, switch interval %.1f ms, wall %.1f ms)\n",
                policy, gil_get_interval() * 1e3, ms(wall));
    fprintf(out, "  %-16s %10s %10s %10s %9s %9s %9s %9s\n", "thread", "held ms",
            "wait ms", "blocked ms", "acquired", "dropped", "false al.", "task sw.");
    each_row(print_row, &p);
    uint64_t switches = gil_switches();
    fprintf(out, "  %-16s %10.1f %10.1f %10.1f %9llu %9llu %9llu %9llu\n", "total",
            ms(p.total.ns[GS_RUNNING]), ms(p.total.ns[GS_WAITING]),
            ms(p.total.ns[GS_BLOCKED]), (unsigned long long)p.total.acquisitions,
            (unsigned long long)p.total.drops_honoured,
            (unsigned long long)p.total.false_alarms,
            (unsigned long long)p.total.task_switches);
    fprintf(out, "  switches: %llu (%.1f per second), drop requests sent: %llu, "
                 "false alarms: %llu (%.1f per second)\n",
            (unsigned long long)switches, secs > 0 ? (double)switches / secs : 0.0,
            (unsigned long long)p.total.drop_requests, (unsigned long long)p.total.false_alarms,
            secs > 0 ? (double)p.total.false_alarms / secs : 0.0);
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
        {"false_alarms", int_from_u64(s->false_alarms)},
        {"task_switches", int_from_u64(s->task_switches)},
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
        dict_set(d, str_from_cstr("interval"), float_new(gil_get_interval())) < 0 ||
        dict_set(d, str_from_cstr("policy"), str_from_cstr(gil_policy_name())) < 0 ||
        dict_set(d, str_from_cstr("check_interval"), MK_INT(gil_get_check_interval())) < 0)
        return VNULL;
    return d;
}

/* ---- the statistics as JSON (the HTML trace's table) ------------------ */

static void json_row(void *ctx, const char *name, uint64_t ident, const GilThread *s)
{
    FILE *f = ((FILE **)ctx)[0];
    bool *first = ((bool **)ctx)[1];
    fprintf(f, "%s{\"name\":", *first ? "" : ",\n");
    *first = false;
    trace_json_str(f, name);
    fprintf(f, ",\"ident\":%llu,\"held\":%.6f,\"wait\":%.6f,\"blocked\":%.6f,"
               "\"acquisitions\":%llu,\"drops\":%llu,\"drop_requests\":%llu,"
               "\"false_alarms\":%llu,\"task_switches\":%llu,\"alive\":%s}",
            (unsigned long long)ident, (double)s->ns[GS_RUNNING] / 1e9,
            (double)s->ns[GS_WAITING] / 1e9, (double)s->ns[GS_BLOCKED] / 1e9,
            (unsigned long long)s->acquisitions, (unsigned long long)s->drops_honoured,
            (unsigned long long)s->drop_requests, (unsigned long long)s->false_alarms,
            (unsigned long long)s->task_switches, s->state != GS_EXITED ? "true" : "false");
}

void gil_stats_json(FILE *f)
{
    int64_t wall = gil_now_ns() - gil.start_ns;
    uint64_t switches = gil_switches();
    fprintf(f, "{\"pid\":%d,\"policy\":\"%s\",\"interval\":%.6f,\"check_interval\":%d,"
               "\"wall\":%.6f,\"switches\":%llu,\"switches_per_second\":%.3f,\"threads\":[\n",
            (int)getpid(), gil_policy_name(), gil_get_interval(), gil_get_check_interval(),
            (double)wall / 1e9, (unsigned long long)switches,
            wall > 0 ? (double)switches * 1e9 / (double)wall : 0.0);
    bool first = true;
    void *ctx[2] = {f, &first};
    each_row(json_row, ctx);
    fputs("]}", f);
}

void gil_lock_mutex(pthread_mutex_t *m)
{
    if (pthread_mutex_trylock(m) == 0)
        return;
    GIL_RELEASE(BLOCK_LOCK);
    pthread_mutex_lock(m);
    GIL_ACQUIRE();
}
