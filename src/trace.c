/* trace.c — the GIL's recorder and its three pictures (see trace.h).
 *
 * Recording: gil.c calls trace_event at every state change of a thread,
 * under the GIL mutex, from the thread itself; each thread appends to its
 * own growable buffer.  A thread's record outlives the thread, so the
 * picture shows threads that have ended.
 *
 * Processes: a forked child starts a fresh record set (trace_after_fork)
 * and, when it exits, writes it to $TMPDIR/baton-trace.<parent>.<child>;
 * the parent merges those files when it draws.  CLOCK_MONOTONIC is one
 * clock for the whole machine, so the processes' times line up.
 *
 * Drawing: states become spans [start, next change).  The terminal chart
 * gives each column of the bar the state the thread spent most of that
 * column's time in; the SVG and the Perfetto JSON keep every span.
 */
#include <dirent.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "trace.h"

bool trace_on;

typedef struct {
    int64_t ts;
    uint8_t kind, state, reason;
    int32_t value;
} TraceEv;

/* A record grows in chunks that never move (chunk k holds CHUNK0 << k
 * events), and its owner publishes the count with a release store: a
 * drawer may copy the events while their thread keeps recording. */
#define CHUNK0 256
#define NCHUNKS 40

typedef struct TThread {
    struct TThread *next;
    int pid;
    int index;         /* order of appearance in its process, from 1 */
    uint64_t ident;
    char name[64];
    TraceEv *chunk[NCHUNKS];
    size_t n;          /* events recorded; only the owner writes it */
    /* Where the current trace begins in this record: gil.trace_start can
     * run again after gil.trace_stop, and then the state the thread is in
     * at the new start stands for everything before. */
    size_t first;
    bool has_first;
    int first_state, first_reason;
} TThread;

typedef struct TProc {
    struct TProc *next;
    int pid;
    char name[64];
    TThread *threads, **tail;
    int nthreads;
    int64_t end_ns;    /* a child: when it wrote its file */
} TProc;

static pthread_mutex_t list_mutex = PTHREAD_MUTEX_INITIALIZER;
static TProc self_proc = {NULL, 0, "MainProcess", NULL, &self_proc.threads, 0, 0};
static bool is_child;
static int parent_pid;
static int64_t begin_ns; /* when the current trace started */
static TProc *children_head, **children_tail = &children_head;

void trace_set_process_name(const char *name)
{
    pthread_mutex_lock(&list_mutex);
    snprintf(self_proc.name, sizeof self_proc.name, "%s", name);
    pthread_mutex_unlock(&list_mutex);
}

static TThread *new_record(TProc *p, uint64_t ident)
{
    TThread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->pid = p->pid;
    t->ident = ident;
    t->index = ++p->nthreads;
    snprintf(t->name, sizeof t->name, "Thread-%d", t->index);
    *p->tail = t;
    p->tail = &t->next;
    return t;
}

static TraceEv *slot(TThread *t, size_t i, bool grow)
{
    size_t q = i / CHUNK0 + 1;
    int k = 63 - __builtin_clzll((unsigned long long)q);
    if (k >= NCHUNKS)
        return NULL;
    if (!t->chunk[k]) {
        if (!grow)
            return NULL;
        t->chunk[k] = malloc(((size_t)CHUNK0 << k) * sizeof(TraceEv));
        if (!t->chunk[k])
            return NULL; /* out of memory: drop events, never crash */
    }
    return &t->chunk[k][i - (size_t)CHUNK0 * (((size_t)1 << k) - 1)];
}

static void push(TThread *t, TraceEv e)
{
    size_t i = t->n;
    TraceEv *s = slot(t, i, true);
    if (!s)
        return;
    *s = e;
    __atomic_store_n(&t->n, i + 1, __ATOMIC_RELEASE);
}

void trace_thread_new(GilThread *g, uint64_t ident)
{
    if (!self_proc.pid)
        self_proc.pid = getpid();
    pthread_mutex_lock(&list_mutex);
    TThread *t = new_record(&self_proc, ident);
    pthread_mutex_unlock(&list_mutex);
    g->trace = t;
    if (t) {
        push(t, (TraceEv){gil_now_ns(), TR_START, 0, 0, 0});
        push(t, (TraceEv){g->since_ns, TR_STATE, (uint8_t)g->state, (uint8_t)g->reason, 0});
    }
}

void trace_event(GilThread *g, int kind, int state, int reason, int value, int64_t ts)
{
    TThread *t = g->trace;
    if (!t)
        return;
    push(t, (TraceEv){ts, (uint8_t)kind, (uint8_t)state, (uint8_t)reason, value});
}

void trace_set_name(GilThread *g, const char *name)
{
    TThread *t = g ? g->trace : NULL;
    if (!t)
        return;
    pthread_mutex_lock(&list_mutex);
    snprintf(t->name, sizeof t->name, "%s", name);
    pthread_mutex_unlock(&list_mutex);
}

static void free_proc(TProc *p)
{
    for (TThread *t = p->threads, *next; t; t = next) {
        next = t->next;
        for (int k = 0; k < NCHUNKS; k++)
            free(t->chunk[k]);
        free(t);
    }
    free(p);
}

/* Called by the GIL holder.  Records are prepared while trace_on is still
 * false, so no thread records into them while we write them. */
void trace_start(void)
{
    if (trace_on)
        return;
    self_proc.pid = getpid();
    begin_ns = gil_now_ns();
    pthread_mutex_lock(&list_mutex);
    /* A new trace: what earlier traces recorded is left out of it. */
    for (TThread *t = self_proc.threads; t; t = t->next) {
        t->first = __atomic_load_n(&t->n, __ATOMIC_ACQUIRE);
        t->has_first = false;
    }
    for (TProc *p = children_head, *next; p; p = next) {
        next = p->next;
        free_proc(p);
    }
    children_head = NULL;
    children_tail = &children_head;
    pthread_mutex_unlock(&list_mutex);
    for (Thread *th = vm_threads; th; th = th->next) {
        GilThread *g = th->gil_data;
        if (!g)
            continue;
        if (g->trace) {
            TThread *t = g->trace;
            t->has_first = true;
            t->first_state = g->state;
            t->first_reason = g->reason;
            continue;
        }
        trace_thread_new(g, th->ident);
        if (th->name && IS_STR(th->name))
            trace_set_name(g, AS_STR(th->name)->data);
        else if (th == vm_main_thread)
            trace_set_name(g, "MainThread");
    }
    __atomic_store_n(&trace_on, true, __ATOMIC_SEQ_CST);
}

void trace_stop(void) { __atomic_store_n(&trace_on, false, __ATOMIC_SEQ_CST); }

void trace_after_fork(GilThread *g)
{
    if (!trace_on)
        return;
    parent_pid = self_proc.pid;
    is_child = true;
    TThread *old = g->trace;
    pthread_mutex_init(&list_mutex, NULL);
    self_proc.pid = getpid();
    self_proc.threads = NULL;
    self_proc.tail = &self_proc.threads;
    self_proc.nthreads = 0;
    /* Our parent's children are its business. */
    children_head = NULL;
    children_tail = &children_head;
    /* multiprocessing renames us (Process-1…); a bare os.fork() child is
     * named after its parent. */
    snprintf(self_proc.name, sizeof self_proc.name, "child of %d", parent_pid);
    g->trace = NULL;
    trace_thread_new(g, old ? old->ident : 0);
    if (old)
        trace_set_name(g, old->name);
}

