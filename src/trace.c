/* trace.c — the GIL's recorder and its three pictures (see trace.h).
 *
 * Recording: gil.c calls trace_event at every state change of a thread,
 * under the GIL mutex, from the thread itself; each thread appends to its
 * own buffer, in chunks that never move, and publishes its count with a
 * release store, so drawing (a copy of every record, the Picture) can
 * happen while other threads keep recording.  A thread's record outlives
 * the thread, so the picture shows threads that have ended.  A new
 * trace_start leaves earlier traces out (each record remembers where the
 * current trace begins).
 *
 * Processes: a forked child starts a fresh record set (trace_after_fork)
 * and, when it exits, writes it to $TMPDIR/baton-trace.<parent>.<child>;
 * the parent merges the files of the children that have exited whenever
 * it draws (gil.trace_stop, or at exit).  CLOCK_MONOTONIC is one
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

/* An asyncio task seen on a thread: its lane in the pictures. */
typedef struct {
    uintptr_t task; /* its address when it was seen (0 for a child's) */
    char name[48];
} TLane;

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
    /* asyncio tasks that ran steps on this thread, in order of their first
     * step; lane_of hashes a task's address to its lane (-1: empty).  Only
     * the owner writes them, holding the GIL; drawers hold it too. */
    TLane *lanes;
    int nlanes, lanes_cap;
    int *lane_of, lane_of_cap;
    int cur_lane; /* the task in a step now, or -1 */
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
    t->cur_lane = -1;
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

/* ---- asyncio tasks ------------------------------------------------------ */

static int add_lane(TThread *t, uintptr_t task, const char *name)
{
    if (t->nlanes == t->lanes_cap) {
        int cap = t->lanes_cap ? t->lanes_cap * 2 : 16;
        TLane *l = realloc(t->lanes, (size_t)cap * sizeof *l);
        if (!l)
            return -1;
        t->lanes = l;
        t->lanes_cap = cap;
    }
    TLane *l = &t->lanes[t->nlanes];
    l->task = task;
    snprintf(l->name, sizeof l->name, "%s", name);
    for (char *c = l->name; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' '; /* one line in a child's file */
    return t->nlanes++;
}

static size_t lane_hash(uintptr_t task, int cap)
{
    return (size_t)((task >> 4) * 0x9E3779B97F4A7C15ull) & (size_t)(cap - 1);
}

/* The lane of the task at this address with this name (an address reused
 * by a later task, or a renamed task, starts a new lane). */
static int find_lane(TThread *t, uintptr_t task, const char *name)
{
    if (t->nlanes * 2 >= t->lane_of_cap) {
        int cap = t->lane_of_cap ? t->lane_of_cap * 2 : 64;
        int *h = malloc((size_t)cap * sizeof *h);
        if (!h)
            return -1;
        for (int i = 0; i < cap; i++)
            h[i] = -1;
        for (int i = 0; i < t->nlanes; i++) {
            size_t k = lane_hash(t->lanes[i].task, cap);
            while (h[k] >= 0)
                k = (k + 1) & (size_t)(cap - 1);
            h[k] = i;
        }
        free(t->lane_of);
        t->lane_of = h;
        t->lane_of_cap = cap;
    }
    size_t k = lane_hash(task, t->lane_of_cap);
    for (; t->lane_of[k] >= 0; k = (k + 1) & (size_t)(t->lane_of_cap - 1)) {
        TLane *l = &t->lanes[t->lane_of[k]];
        if (l->task == task) {
            if (strncmp(l->name, name, sizeof l->name - 1) == 0)
                return t->lane_of[k];
            /* Renamed (or a new task where an old one was): the old lane
             * ends here, and the slot goes to the new one. */
            push(t, (TraceEv){gil_now_ns(), TR_TASK_LEAVE, 1, 0, t->lane_of[k]});
            break;
        }
    }
    int lane = add_lane(t, task, name);
    if (lane >= 0)
        t->lane_of[k] = lane;
    return lane;
}

void trace_task_enter(GilThread *g, uintptr_t task, const char *name)
{
    TThread *t = g->trace;
    if (!t)
        return;
    int lane = find_lane(t, task, name);
    if (lane < 0)
        return;
    t->cur_lane = lane;
    push(t, (TraceEv){gil_now_ns(), TR_TASK_ENTER, 0, 0, lane});
}

void trace_task_leave(GilThread *g, bool done)
{
    TThread *t = g->trace;
    if (!t || t->cur_lane < 0)
        return;
    push(t, (TraceEv){gil_now_ns(), TR_TASK_LEAVE, (uint8_t)done, 0, t->cur_lane});
    t->cur_lane = -1;
}

static void free_proc(TProc *p)
{
    for (TThread *t = p->threads, *next; t; t = next) {
        next = t->next;
        for (int k = 0; k < NCHUNKS; k++)
            free(t->chunk[k]);
        free(t->lanes);
        free(t->lane_of);
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

/* ---- children's files -------------------------------------------------- */

static const char *tmpdir(void)
{
    const char *d = getenv("TMPDIR");
    return d && *d ? d : "/tmp";
}

static void write_proc(FILE *f, TProc *p, int64_t end)
{
    fprintf(f, "P %d %s\n", p->pid, p->name);
    for (TThread *t = p->threads; t; t = t->next) {
        size_t n = __atomic_load_n(&t->n, __ATOMIC_ACQUIRE);
        if (!t->has_first && t->first >= n)
            continue;
        fprintf(f, "T %llu %s\n", (unsigned long long)t->ident, t->name);
        for (int k = 0; k < t->nlanes; k++)
            fprintf(f, "L %s\n", t->lanes[k].name);
        if (t->has_first)
            fprintf(f, "E %lld %d %d %d 0\n", (long long)begin_ns, TR_STATE, t->first_state,
                    t->first_reason);
        for (size_t i = t->first; i < n; i++) {
            TraceEv *e = slot(t, i, false);
            if (e)
                fprintf(f, "E %lld %d %d %d %d\n", (long long)e->ts, e->kind, e->state,
                        e->reason, e->value);
        }
    }
    /* Every open span closes when the process ends. */
    fprintf(f, "X %lld\n", (long long)(p->end_ns ? p->end_ns : end));
}

static void read_child_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[256];
    TProc *p = NULL;
    TThread *t = NULL;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (line[0] == 'P') {
            p = calloc(1, sizeof *p);
            if (!p)
                break;
            int off = 0;
            sscanf(line, "P %d %n", &p->pid, &off);
            snprintf(p->name, sizeof p->name, "%s", line + off);
            p->tail = &p->threads;
            *children_tail = p;
            children_tail = &p->next;
            t = NULL;
        } else if (line[0] == 'T' && p) {
            unsigned long long ident = 0;
            int off = 0;
            sscanf(line, "T %llu %n", &ident, &off);
            t = new_record(p, ident);
            if (t)
                snprintf(t->name, sizeof t->name, "%s", line + off);
        } else if (line[0] == 'L' && t) {
            add_lane(t, 0, line + 2);
        } else if (line[0] == 'E' && t) {
            long long ts;
            int kind, state, reason, value;
            if (sscanf(line, "E %lld %d %d %d %d", &ts, &kind, &state, &reason, &value) == 5)
                push(t, (TraceEv){ts, (uint8_t)kind, (uint8_t)state, (uint8_t)reason, value});
        } else if (line[0] == 'X' && p) {
            long long ts;
            if (sscanf(line, "X %lld", &ts) == 1)
                p->end_ns = ts;
        }
    }
    fclose(f);
}

/* Merge the files our children left when they exited, in pid order. */
static void merge_children(void)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "baton-trace.%d.", self_proc.pid);
    size_t plen = strlen(prefix);
    DIR *d = opendir(tmpdir());
    if (!d)
        return;
    struct dirent *e;
    int pids[1024], n = 0;
    while ((e = readdir(d)) && n < 1024)
        if (strncmp(e->d_name, prefix, plen) == 0 && !strchr(e->d_name + plen, '.'))
            pids[n++] = atoi(e->d_name + plen);
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && pids[j] < pids[j - 1]; j--) {
            int x = pids[j];
            pids[j] = pids[j - 1];
            pids[j - 1] = x;
        }
    pthread_mutex_lock(&list_mutex);
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s%d", tmpdir(), prefix, pids[i]);
        read_child_file(path);
        unlink(path);
    }
    pthread_mutex_unlock(&list_mutex);
}

void trace_child_flush(void)
{
    if (!trace_on || !is_child)
        return;
    merge_children(); /* grandchildren first */
    char path[512], tmp[520];
    snprintf(path, sizeof path, "%s/baton-trace.%d.%d", tmpdir(), parent_pid, self_proc.pid);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return;
    int64_t now = gil_now_ns();
    pthread_mutex_lock(&list_mutex);
    write_proc(f, &self_proc, now);
    for (TProc *p = children_head; p; p = p->next)
        write_proc(f, p, now);
    pthread_mutex_unlock(&list_mutex);
    fclose(f);
    rename(tmp, path);
    trace_on = false; /* written once */
}

/* ---- snapshots and spans ---------------------------------------------- */

typedef struct { int64_t start, end; int state, reason; } Span;

/* An asyncio task's lane: spans in a step (TASK_STEP) and between steps,
 * waiting at an await (TASK_AWAIT), from its first step in this trace to
 * the end of its last step (or of the trace, if it is not done). */
enum { TASK_STEP, TASK_AWAIT };

typedef struct {
    char name[48];
    Span *spans;
    size_t nspans, nsteps;
} SLane;

typedef struct {
    char name[64];
    int index;
    TraceEv *ev;       /* this trace's events, times clamped to its start */
    size_t n;
    Span *spans;       /* running / waiting / blocked, [start, end) */
    size_t nspans;
    SLane *lanes;      /* its tasks, in order of their first step */
    int nlanes;
} SThread;

/* A thread's task lanes in the SVG and the terminal chart: at most SVG_LANES,
 * then one row saying how many more there are. */
#define SVG_LANES 16
static int lane_rows(const SThread *t)
{
    return t->nlanes > SVG_LANES ? SVG_LANES + 1 : t->nlanes;
}

typedef struct {
    int pid;
    char name[64];
    int64_t end;
    SThread *th;
    int nth;
} SProc;

typedef struct { SProc *procs; int nprocs; int64_t t0, t1; } Picture;

static void make_spans(SThread *s, int64_t end)
{
    s->spans = malloc((s->n + 1) * sizeof *s->spans);
    s->nspans = 0;
    if (!s->spans)
        return;
    int cur = -1, reason = 0;
    int64_t since = 0;
    for (size_t i = 0; i < s->n; i++) {
        TraceEv *e = &s->ev[i];
        if (e->kind != TR_STATE)
            continue;
        if (e->state == cur && e->reason == reason)
            continue; /* one span, not two */
        if (cur >= 0 && cur != GS_EXITED && e->ts > since)
            s->spans[s->nspans++] = (Span){since, e->ts, cur, reason};
        cur = e->state;
        reason = e->reason;
        since = e->ts;
    }
    if (cur >= 0 && cur != GS_EXITED && end > since)
        s->spans[s->nspans++] = (Span){since, end, cur, reason};
}

static void make_lanes(SThread *s, const TThread *t, int64_t t0, int64_t end)
{
    int n = t->nlanes, used = 0;
    if (!n)
        return;
    int *map = malloc((size_t)n * sizeof *map);
    size_t *cnt = calloc((size_t)n, sizeof *cnt);
    int *st = malloc((size_t)n * sizeof *st);
    int64_t *since = malloc((size_t)n * sizeof *since);
    if (!map || !cnt || !st || !since)
        goto out;
    for (int i = 0; i < n; i++)
        map[i] = -1;
    for (size_t i = 0; i < s->n; i++) {
        TraceEv *e = &s->ev[i];
        if ((e->kind == TR_TASK_ENTER || e->kind == TR_TASK_LEAVE) && e->value >= 0 && e->value < n) {
            if (map[e->value] < 0)
                map[e->value] = used++;
            cnt[e->value]++;
        }
    }
    if (!used || !(s->lanes = calloc((size_t)used, sizeof *s->lanes)))
        goto out;
    s->nlanes = used;
    for (int i = 0; i < n; i++) {
        if (map[i] < 0)
            continue;
        SLane *l = &s->lanes[map[i]];
        snprintf(l->name, sizeof l->name, "%s", t->lanes[i].name);
        l->spans = malloc((cnt[i] + 1) * sizeof *l->spans);
        st[map[i]] = -2; /* not seen yet */
    }
    for (size_t i = 0; i < s->n; i++) {
        TraceEv *e = &s->ev[i];
        if ((e->kind != TR_TASK_ENTER && e->kind != TR_TASK_LEAVE) || e->value < 0 || e->value >= n)
            continue;
        int k = map[e->value];
        SLane *l = &s->lanes[k];
        if (!l->spans)
            continue;
        if (e->kind == TR_TASK_ENTER) {
            if (st[k] == TASK_AWAIT && e->ts > since[k])
                l->spans[l->nspans++] = (Span){since[k], e->ts, TASK_AWAIT, 0};
            st[k] = TASK_STEP;
            since[k] = e->ts;
        } else {
            if (st[k] == TASK_STEP || st[k] == -2) { /* -2: the step began before the trace */
                l->spans[l->nspans++] = (Span){st[k] == -2 ? t0 : since[k], e->ts, TASK_STEP, 0};
                l->nsteps++;
            } else if (st[k] == TASK_AWAIT && e->ts > since[k]) { /* a renamed task's old lane */
                l->spans[l->nspans++] = (Span){since[k], e->ts, TASK_AWAIT, 0};
            }
            st[k] = e->state ? -1 : TASK_AWAIT; /* done: the lane ends */
            since[k] = e->ts;
        }
    }
    for (int k = 0; k < used; k++) {
        SLane *l = &s->lanes[k];
        if (l->spans && (st[k] == TASK_STEP || st[k] == TASK_AWAIT) && end > since[k]) {
            l->spans[l->nspans++] = (Span){since[k], end, st[k], 0};
            l->nsteps += st[k] == TASK_STEP;
        }
    }
out:
    free(map);
    free(cnt);
    free(st);
    free(since);
}

/* Copy one record's part of the current trace. */
static bool snap_thread(SThread *s, TThread *t, int64_t t0, int64_t end)
{
    size_t n = __atomic_load_n(&t->n, __ATOMIC_ACQUIRE);
    size_t from = t->first < n ? t->first : n;
    if (!t->has_first && from >= n)
        return false; /* ended before this trace began */
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", t->name);
    s->index = t->index;
    s->ev = malloc((n - from + 1) * sizeof *s->ev);
    if (!s->ev)
        return false;
    if (t->has_first)
        s->ev[s->n++] = (TraceEv){t0, TR_STATE, (uint8_t)t->first_state,
                                  (uint8_t)t->first_reason, 0};
    for (size_t i = from; i < n; i++) {
        TraceEv *e = slot(t, i, false);
        if (!e)
            break;
        TraceEv c = *e;
        if (c.ts < t0)
            c.ts = t0;
        if (c.ts > end)
            c.ts = end;
        s->ev[s->n++] = c;
    }
    make_spans(s, end);
    make_lanes(s, t, t0, end);
    return true;
}

static void snap_proc(SProc *sp, TProc *p, int64_t t0, int64_t end)
{
    sp->pid = p->pid;
    snprintf(sp->name, sizeof sp->name, "%s", p->name);
    sp->end = end;
    sp->nth = 0;
    sp->th = calloc((size_t)p->nthreads + 1, sizeof *sp->th);
    if (!sp->th)
        return;
    for (TThread *t = p->threads; t; t = t->next)
        if (snap_thread(&sp->th[sp->nth], t, t0, end))
            sp->nth++;
}

/* Everything the current trace recorded, this process first. */
static bool picture_take(Picture *pic)
{
    pthread_mutex_lock(&list_mutex);
    int n = 1;
    for (TProc *p = children_head; p; p = p->next)
        n++;
    pic->procs = calloc((size_t)n, sizeof *pic->procs);
    pic->nprocs = 0;
    pic->t1 = gil_now_ns();
    pic->t0 = begin_ns && begin_ns < pic->t1 ? begin_ns : pic->t1 - 1;
    if (pic->procs) {
        snap_proc(&pic->procs[pic->nprocs++], &self_proc, pic->t0, pic->t1);
        for (TProc *p = children_head; p; p = p->next) {
            int64_t end = p->end_ns && p->end_ns < pic->t1 ? p->end_ns : pic->t1;
            snap_proc(&pic->procs[pic->nprocs++], p, pic->t0, end);
        }
    }
    pthread_mutex_unlock(&list_mutex);
    return pic->procs != NULL;
}

static void picture_free(Picture *pic)
{
    for (int i = 0; i < pic->nprocs; i++) {
        for (int j = 0; j < pic->procs[i].nth; j++) {
            free(pic->procs[i].th[j].ev);
            free(pic->procs[i].th[j].spans);
            for (int k = 0; k < pic->procs[i].th[j].nlanes; k++)
                free(pic->procs[i].th[j].lanes[k].spans);
            free(pic->procs[i].th[j].lanes);
        }
        free(pic->procs[i].th);
    }
    free(pic->procs);
}

/* A process's totals, from its spans and events. */
typedef struct {
    int64_t ns[3];
    long switches, drop_requests, forced;
} Totals;

static int cmp_start(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

static Totals proc_totals(const SProc *p)
{
    Totals tot = {{0, 0, 0}, 0, 0, 0};
    size_t nrun = 0;
    for (int j = 0; j < p->nth; j++) {
        const SThread *t = &p->th[j];
        for (size_t k = 0; k < t->nspans; k++) {
            if (t->spans[k].state < 3)
                tot.ns[t->spans[k].state] += t->spans[k].end - t->spans[k].start;
            nrun += t->spans[k].state == GS_RUNNING;
        }
        for (size_t k = 0; k < t->n; k++) {
            tot.drop_requests += t->ev[k].kind == TR_DROP_REQUEST;
            tot.forced += t->ev[k].kind == TR_FORCED;
        }
    }
    /* A switch: the next running span belongs to another thread. */
    int64_t(*runs)[2] = malloc((nrun + 1) * sizeof *runs);
    if (!runs)
        return tot;
    size_t r = 0;
    for (int j = 0; j < p->nth; j++)
        for (size_t k = 0; k < p->th[j].nspans; k++)
            if (p->th[j].spans[k].state == GS_RUNNING)
                runs[r][0] = p->th[j].spans[k].start, runs[r++][1] = j;
    qsort(runs, r, sizeof *runs, cmp_start);
    for (size_t k = 1; k < r; k++)
        tot.switches += runs[k][1] != runs[k - 1][1];
    free(runs);
    return tot;
}

/* ---- the terminal chart ----------------------------------------------- */

static const char *const glyph_utf8[] = {"\u2588", "\u2591", "\u2500", " "};
static const char *const glyph_ascii[] = {"#", ".", "-", " "};
static const char *const colour[] = {"\033[32m", "\033[33m", "\033[34m", ""};
static const char *const state_label[] = {"running (holds the GIL)", "waiting for the GIL",
                                          "blocked, GIL released (sleep, lock, I/O…)"};

static void fmt_seconds(char *buf, size_t n, double s)
{
    if (s < 1)
        snprintf(buf, n, "%.0f ms", s * 1000);
    else
        snprintf(buf, n, "%.2f s", s);
}

/* The state a column shows: the one the thread spent most of the column's
 * time in, if it was alive for a quarter of it; but a thread that ran at
 * all in a column where it was otherwise blocked shows running, so short
 * bursts of work between sleeps stay visible. */
static int column_state(const SThread *t, size_t *k, int64_t a, int64_t b)
{
    int64_t in[3] = {0, 0, 0};
    while (*k < t->nspans && t->spans[*k].end <= a)
        (*k)++;
    for (size_t j = *k; j < t->nspans && t->spans[j].start < b; j++) {
        int64_t lo = t->spans[j].start > a ? t->spans[j].start : a;
        int64_t hi = t->spans[j].end < b ? t->spans[j].end : b;
        if (hi > lo && t->spans[j].state < 3)
            in[t->spans[j].state] += hi - lo;
    }
    int st = 3;
    int64_t best = (b - a) / 4;
    for (int q = 0; q < 3; q++)
        if (in[q] > best) {
            best = in[q];
            st = q;
        }
    if (st == GS_BLOCKED && in[GS_RUNNING] > 0 && in[GS_WAITING] < in[GS_RUNNING])
        st = GS_RUNNING;
    return st;
}

/* Steps of a thread's tasks in time order: a switch is a step of another
 * task than the step before. */
static long task_switches(const SThread *t)
{
    size_t n = 0;
    for (int k = 0; k < t->nlanes; k++)
        n += t->lanes[k].nsteps;
    if (n < 2)
        return 0;
    int64_t(*steps)[2] = malloc(n * sizeof *steps);
    if (!steps)
        return 0;
    size_t r = 0;
    for (int k = 0; k < t->nlanes; k++)
        for (size_t q = 0; q < t->lanes[k].nspans; q++)
            if (t->lanes[k].spans[q].state == TASK_STEP && r < n)
                steps[r][0] = t->lanes[k].spans[q].start, steps[r++][1] = k;
    qsort(steps, r, sizeof *steps, cmp_start);
    long sw = 0;
    for (size_t q = 1; q < r; q++)
        sw += steps[q][1] != steps[q - 1][1];
    free(steps);
    return sw;
}

/* A thread's task lanes under its bar: a step shows if the task ran at
 * all in the column (steps are short), else waiting if it waited at an
 * await for a quarter of it. */
static void chart_lanes(FILE *out, const Picture *pic, const SThread *t, int width,
                        double per_col, bool colour_on, bool utf8)
{
    const int label = 24;
    for (int k = 0; k < t->nlanes && k < SVG_LANES; k++) {
        const SLane *l = &t->lanes[k];
        fprintf(out, "    %-*.*s", label - 2, label - 2, l->name);
        size_t q = 0;
        int last = -1;
        for (int c = 0; c < width; c++) {
            int64_t a = pic->t0 + (int64_t)(per_col * c);
            int64_t b = pic->t0 + (int64_t)(per_col * (c + 1));
            int64_t in[2] = {0, 0};
            while (q < l->nspans && l->spans[q].end <= a)
                q++;
            for (size_t j = q; j < l->nspans && l->spans[j].start < b; j++) {
                int64_t lo = l->spans[j].start > a ? l->spans[j].start : a;
                int64_t hi = l->spans[j].end < b ? l->spans[j].end : b;
                if (hi >= lo)
                    in[l->spans[j].state] += hi - lo + (l->spans[j].state == TASK_STEP);
            }
            int st = in[TASK_STEP] > 0 ? 0 : in[TASK_AWAIT] > (b - a) / 4 ? 1 : 2;
            if (colour_on && st != last)
                fputs(st == 0 ? "\033[35m" : "\033[0m", out);
            last = st;
            fputs(st == 0 ? (utf8 ? "\u2588" : "#") : st == 1 ? (utf8 ? "\u00b7" : ".") : " ", out);
        }
        if (colour_on)
            fputs("\033[0m", out);
        fputc('\n', out);
    }
    if (t->nlanes > SVG_LANES)
        fprintf(out, "    %s and %d more asyncio tasks\n", utf8 ? "\u2026" : "...",
                t->nlanes - SVG_LANES);
}

static void chart(FILE *out, Picture *pic, int cols, bool colour_on, bool utf8)
{
    const char *const *glyph = utf8 ? glyph_utf8 : glyph_ascii;
    const int label = 24;
    int width = cols - label - 2;
    if (width < 20)
        width = 20;
    if (width > 480)
        width = 480;
    double total = (double)(pic->t1 - pic->t0) / 1e9;
    int nthreads = 0;
    for (int i = 0; i < pic->nprocs; i++)
        nthreads += pic->procs[i].nth;
    char tbuf[32];
    fmt_seconds(tbuf, sizeof tbuf, total);
    fprintf(out, "\nGIL timeline: %d process%s, %d thread%s, %s\n", pic->nprocs,
            pic->nprocs == 1 ? "" : "es", nthreads, nthreads == 1 ? "" : "s", tbuf);
    /* time axis: a label every quarter, a tick under each */
    char axis[512], ticks[512];
    int axis_len = label + 2 + width;
    memset(axis, ' ', sizeof axis);
    memset(ticks, ' ', sizeof ticks);
    for (int q = 0; q <= 4; q++) {
        int col = label + 2 + (width - 1) * q / 4;
        fmt_seconds(tbuf, sizeof tbuf, total * q / 4);
        int len = (int)strlen(tbuf);
        int start = q == 4 ? col - len + 1 : q == 0 ? col : col - len / 2;
        for (int k = 0; k < len && start + k < axis_len; k++)
            if (start + k >= 0)
                axis[start + k] = tbuf[k];
        ticks[col] = '|';
    }
    axis[axis_len] = ticks[axis_len] = 0;
    fprintf(out, "%s\n%s\n", axis, ticks);
    double per_col = (double)(pic->t1 - pic->t0) / width;
    for (int i = 0; i < pic->nprocs; i++) {
        SProc *p = &pic->procs[i];
        fprintf(out, "process %d  %s\n", p->pid, p->name);
        for (int j = 0; j < p->nth; j++) {
            SThread *t = &p->th[j];
            fprintf(out, "  %-*.*s", label, label, t->name);
            int last_state = -1;
            size_t k = 0;
            for (int c = 0; c < width; c++) {
                int64_t a = pic->t0 + (int64_t)(per_col * c);
                int64_t b = pic->t0 + (int64_t)(per_col * (c + 1));
                int st = column_state(t, &k, a, b);
                if (colour_on && st != last_state)
                    fputs(st == 3 ? "\033[0m" : colour[st], out);
                last_state = st;
                fputs(glyph[st], out);
            }
            if (colour_on)
                fputs("\033[0m", out);
            fputc('\n', out);
            chart_lanes(out, pic, t, width, per_col, colour_on, utf8);
        }
    }
    fprintf(out, "legend: ");
    for (int q = 0; q < 3; q++) {
        if (colour_on)
            fputs(colour[q], out);
        fprintf(out, "%s", glyph[q]);
        if (colour_on)
            fputs("\033[0m", out);
        fprintf(out, " %s%s", state_label[q], q < 2 ? "   " : "\n");
    }
    bool tasks = false;
    for (int i = 0; i < pic->nprocs; i++)
        for (int j = 0; j < pic->procs[i].nth; j++)
            tasks |= pic->procs[i].th[j].nlanes > 0;
    if (tasks) {
        if (colour_on)
            fputs("\033[35m", out);
        fprintf(out, "%s", utf8 ? "\u2588" : "#");
        if (colour_on)
            fputs("\033[0m", out);
        fprintf(out, " asyncio task: a step (its coroutine runs)   %s waiting at an await\n",
                utf8 ? "\u00b7" : ".");
    }
    for (int i = 0; i < pic->nprocs; i++) {
        Totals tot = proc_totals(&pic->procs[i]);
        double wall = (double)(pic->procs[i].end - pic->t0) / 1e9;
        fprintf(out, "totals, process %d: running %.1f ms, waiting %.1f ms, blocked %.1f ms; "
                     "%ld switches (%.1f per second), %ld drop requests\n",
                pic->procs[i].pid, (double)tot.ns[0] / 1e6, (double)tot.ns[1] / 1e6,
                (double)tot.ns[2] / 1e6, tot.switches,
                wall > 0 ? (double)tot.switches / wall : 0.0, tot.drop_requests);
        long ts = 0;
        for (int j = 0; j < pic->procs[i].nth; j++)
            ts += task_switches(&pic->procs[i].th[j]);
        if (ts)
            fprintf(out, "  and %ld switches between asyncio tasks, in the threads themselves "
                         "(no GIL hand-off)\n", ts);
    }
}

char *trace_chart_text(int cols, bool colour_on)
{
    if (!begin_ns)
        return NULL;
    Picture pic;
    if (!picture_take(&pic))
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f) {
        chart(f, &pic, cols, colour_on, true);
        fclose(f);
    }
    picture_free(&pic);
    return buf;
}

/* ---- Chrome trace JSON ------------------------------------------------ */

/* A JSON string; <, > and & escaped too, so that the same text is safe
 * inside the HTML page's <script> element. */
void trace_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20 || c == '<' || c == '>' || c == '&')
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

#define json_str trace_json_str

/* Task tracks' tids in the JSON: thread index * LANE_TIDS + lane + 1. */
#define LANE_TIDS 100000

static const char *span_name(const Span *s)
{
    if (s->state == GS_RUNNING)
        return "running";
    if (s->state == GS_WAITING)
        return "waiting for GIL";
    return "blocked";
}

static void json_doc(FILE *f, Picture *pic)
{
    /* otherData: free-form metadata in the Chrome trace format. */
    fprintf(f, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"policy\":\"%s\","
               "\"switch_interval_ms\":%.3f,\"check_interval\":%d},\"traceEvents\":[\n",
            gil_policy_name(), gil_get_interval() * 1e3, gil_get_check_interval());
    bool first = true;
#define SEP() (first ? (first = false, "") : ",\n")
    for (int i = 0; i < pic->nprocs; i++) {
        SProc *p = &pic->procs[i];
        char pname[128];
        snprintf(pname, sizeof pname, "%s (pid %d)", p->name, p->pid);
        fprintf(f, "%s{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":0,\"args\":{\"name\":", SEP(), p->pid);
        json_str(f, pname);
        fputs("}}", f);
        fprintf(f, "%s{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":0,\"args\":{\"sort_index\":%d}}", SEP(), p->pid, i);
        for (int j = 0; j < p->nth; j++) {
            SThread *t = &p->th[j];
            fprintf(f, "%s{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":", SEP(), p->pid, t->index);
            json_str(f, t->name);
            fputs("}}", f);
            fprintf(f, "%s{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"sort_index\":%d}}", SEP(), p->pid, t->index, t->index * LANE_TIDS);
            /* Its asyncio tasks: a track each, sorted under the thread. */
            for (int k = 0; k < t->nlanes && k < LANE_TIDS - 1; k++) {
                SLane *l = &t->lanes[k];
                int tid = t->index * LANE_TIDS + k + 1;
                char lname[128];
                snprintf(lname, sizeof lname, "%s: task %s", t->name, l->name);
                fprintf(f, "%s{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":", SEP(), p->pid, tid);
                json_str(f, lname);
                fputs(",\"task\":", f);
                json_str(f, l->name);
                fprintf(f, ",\"thread_tid\":%d}}", t->index);
                fprintf(f, "%s{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"sort_index\":%d}}", SEP(), p->pid, tid, tid);
                for (size_t q = 0; q < l->nspans; q++) {
                    Span *s = &l->spans[q];
                    fprintf(f, "%s{\"name\":", SEP());
                    json_str(f, s->state == TASK_STEP ? l->name : "awaiting");
                    fprintf(f, ",\"cat\":\"asyncio\",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,"
                               "\"ts\":%.3f,\"dur\":%.3f,\"args\":{\"state\":\"%s\",\"task\":",
                            p->pid, tid, (double)(s->start - pic->t0) / 1e3,
                            (double)(s->end - s->start) / 1e3,
                            s->state == TASK_STEP ? "task step" : "awaiting");
                    json_str(f, l->name);
                    fputs("}}", f);
                }
            }
            for (size_t k = 0; k < t->nspans; k++) {
                Span *s = &t->spans[k];
                fprintf(f, "%s{\"name\":\"%s\",\"cat\":\"gil\",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,"
                           "\"ts\":%.3f,\"dur\":%.3f,\"args\":{\"state\":\"%s\"",
                        SEP(), span_name(s), p->pid, t->index,
                        (double)(s->start - pic->t0) / 1e3,
                        (double)(s->end - s->start) / 1e3, gil_state_names[s->state]);
                if (s->state == GS_BLOCKED && s->reason > 0 && s->reason < BLOCK__COUNT)
                    fprintf(f, ",\"reason\":\"%s\"", gil_block_names[s->reason]);
                fputs("}}", f);
            }
            for (size_t k = 0; k < t->n; k++) {
                TraceEv *e = &t->ev[k];
                double ts = (double)(e->ts - pic->t0) / 1e3;
                if (e->kind == TR_DROP_REQUEST)
                    fprintf(f, "%s{\"name\":\"drop request\",\"cat\":\"gil\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f}", SEP(), p->pid, t->index, ts);
                else if (e->kind == TR_FORCED)
                    fprintf(f, "%s{\"name\":\"forced switch\",\"cat\":\"gil\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f}", SEP(), p->pid, t->index, ts);
                else if (e->kind == TR_FALSE_ALARM)
                    fprintf(f, "%s{\"name\":\"false alarm\",\"cat\":\"gil\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f}", SEP(), p->pid, t->index, ts);
                else if (e->kind == TR_WAITERS)
                    fprintf(f, "%s{\"name\":\"threads waiting for the GIL\",\"ph\":\"C\",\"pid\":%d,\"tid\":0,\"ts\":%.3f,\"args\":{\"waiting\":%d}}", SEP(), p->pid, ts, e->value);
                else if (e->kind == TR_FORK)
                    fprintf(f, "%s{\"name\":\"fork\",\"cat\":\"process\",\"ph\":\"i\",\"s\":\"p\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f,\"args\":{\"child\":%d}}", SEP(), p->pid, t->index, ts, e->value);
                else if (e->kind == TR_START || e->kind == TR_EXIT ||
                         (e->kind == TR_STATE && e->state == GS_EXITED))
                    fprintf(f, "%s{\"name\":\"%s\",\"cat\":\"thread\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f}", SEP(), e->kind == TR_START ? "thread start" : "thread exit", p->pid, t->index, ts);
            }
        }
    }
#undef SEP
    fputs("\n]}\n", f);
}

static int write_json(const char *path, Picture *pic)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    json_doc(f, pic);
    return fclose(f);
}

/* ---- HTML: the viewer page with the JSON trace in it ------------------ */

extern const char trace_viewer_html[]; /* src/trace_viewer.html, embedded */

static int write_html(const char *path, Picture *pic)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    const char *mark = "<!--DATA-->";
    const char *at = strstr(trace_viewer_html, mark);
    size_t head = at ? (size_t)(at - trace_viewer_html) : strlen(trace_viewer_html);
    fwrite(trace_viewer_html, 1, head, f);
    fputs("<script type=\"application/json\" id=\"trace\">\n", f);
    json_doc(f, pic);
    fputs("</script>\n<script type=\"application/json\" id=\"stats-data\">\n", f);
    gil_stats_json(f);
    fputs("\n</script>", f);
    if (at)
        fputs(at + strlen(mark), f);
    return fclose(f);
}

/* ---- SVG -------------------------------------------------------------- */

static const char *const svg_fill[] = {"#2e7d32", "#f9a825", "#90caf9"};
static const char *const svg_task_fill[] = {"#7b1fa2", "#e1bee7"};


static void xml_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else
            fputc(*s, f);
    }
}

/* 1 → 2 → 5 → 10 …: the factor to the next round step. */
static double step_next(double step)
{
    double lead = step;
    while (lead >= 10)
        lead /= 10;
    return lead < 1.5 ? 2 : lead < 3 ? 2.5 : 2;
}

static void fmt_tick(char *buf, size_t n, double ns)
{
    if (ns == 0)
        snprintf(buf, n, "0");
    else if (ns < 1e6)
        snprintf(buf, n, "%g µs", ns / 1e3);
    else if (ns < 1e9)
        snprintf(buf, n, "%g ms", ns / 1e6);
    else
        snprintf(buf, n, "%g s", ns / 1e9);
}

static int write_svg(const char *path, Picture *pic)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    const int W = 1000, left = 170, right = 24, top = 64, row = 26, bar = 18, lbar = 12;
    int rows = 0, ntasks = 0;
    for (int i = 0; i < pic->nprocs; i++) {
        rows += 1 + pic->procs[i].nth;
        for (int j = 0; j < pic->procs[i].nth; j++) {
            rows += lane_rows(&pic->procs[i].th[j]);
            ntasks += pic->procs[i].th[j].nlanes;
        }
    }
    int plot = W - left - right;
    int H = top + rows * row + 56 + (ntasks ? 22 : 0);
    double total = (double)(pic->t1 - pic->t0);
    long false_alarms = 0;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    char tbuf[32];
    fmt_seconds(tbuf, sizeof tbuf, total / 1e9);
    int nthreads = 0;
    for (int i = 0; i < pic->nprocs; i++)
        nthreads += pic->procs[i].nth;
    /* SVG collapses spaces: the subtitle keeps its distance with dx. */
    fprintf(f, "<text x=\"8\" y=\"22\" font-size=\"16\" font-weight=\"bold\">Who holds the GIL"
               "<tspan dx=\"14\" font-size=\"13\" font-weight=\"normal\" fill=\"#555\">"
               "policy %s, %d process%s, %d thread%s, %s",
            gil_policy_name(), pic->nprocs, pic->nprocs == 1 ? "" : "es", nthreads,
            nthreads == 1 ? "" : "s", tbuf);
    if (ntasks)
        fprintf(f, ", %d asyncio task%s", ntasks, ntasks == 1 ? "" : "s");
    fputs("</tspan></text>\n", f);
    /* axis */
    int axis_y = top - 8;
    fprintf(f, "<g class=\"axis\">\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n",
            left, axis_y, left + plot, axis_y);
    /* ticks at round times: 1, 2 or 5 times a power of ten, 5 to 12 of them */
    double step = 1e3; /* ns */
    while (total / step > 12)
        step *= step_next(step);
    for (int q = 0; q * step <= total; q++) {
        double x = left + plot * (q * step) / total;
        fmt_tick(tbuf, sizeof tbuf, q * step);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>\n", x,
                axis_y - 4, x, axis_y);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n", x,
                top, x, top + rows * row);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\" fill=\"#333\">%s</text>\n",
                x, axis_y - 8, q == 0 ? "start" : x > left + plot - 20 ? "end" : "middle", tbuf);
    }
    fputs("</g>\n", f);
    int y = top;
    for (int i = 0; i < pic->nprocs; i++) {
        SProc *p = &pic->procs[i];
        int prows = 1 + p->nth;
        for (int j = 0; j < p->nth; j++)
            prows += lane_rows(&p->th[j]);
        fprintf(f, "<g class=\"process\">\n<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
                y, W, prows * row, i % 2 ? "#f3f6fa" : "#fafafa");
        fprintf(f, "<text x=\"8\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">process %d: ",
                y + 17, p->pid);
        xml_str(f, p->name);
        fputs("</text>\n", f);
        y += row;
        for (int j = 0; j < p->nth; j++) {
            SThread *t = &p->th[j];
            fprintf(f, "<g class=\"thread\">\n<text x=\"20\" y=\"%d\" font-size=\"13\">", y + 17);
            xml_str(f, t->name);
            fputs("</text>\n", f);
            fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eeeeee\"/>\n",
                    left, y + (row - bar) / 2, plot, bar);
            for (size_t k = 0; k < t->nspans; k++) {
                Span *s = &t->spans[k];
                double x0 = left + plot * (double)(s->start - pic->t0) / total;
                double x1 = left + plot * (double)(s->end - pic->t0) / total;
                if (x1 - x0 < 0.3)
                    x1 = x0 + 0.3;
                int st = s->state < 3 ? s->state : 2;
                const char *why = s->reason > 0 && s->reason < BLOCK__COUNT ? gil_block_names[s->reason] : "";
                fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
                           "<title>%s%s", x0, y + (row - bar) / 2, x1 - x0, bar, svg_fill[st],
                        span_name(s), *why ? ": " : "");
                xml_str(f, why);
                fputs("</title></rect>\n", f);
            }
            /* A drop request: the thread asks the holder for the GIL (a red
             * triangle above the bar); a false alarm: it was woken for the
             * GIL and found it taken again (a purple circle below). */
            for (size_t k = 0; k < t->n; k++) {
                double x = left + plot * (double)(t->ev[k].ts - pic->t0) / total;
                int yb = y + (row - bar) / 2;
                if (t->ev[k].kind == TR_DROP_REQUEST)
                    fprintf(f, "<path d=\"M%.1f %d l-3.5 -4 h7 z\" fill=\"#c62828\"/>\n", x, yb);
                else if (t->ev[k].kind == TR_FALSE_ALARM) {
                    fprintf(f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"2.5\" fill=\"none\" "
                               "stroke=\"#6a1b9a\" stroke-width=\"1.2\"/>\n", x, yb + bar + 1);
                    false_alarms++;
                }
            }
            fputs("</g>\n", f);
            y += row;
            /* Its asyncio tasks, a lane each: purple while the task's
             * coroutine runs a step, pale while it waits at an await. */
            for (int k = 0; k < t->nlanes && k < SVG_LANES; k++) {
                SLane *l = &t->lanes[k];
                fprintf(f, "<g class=\"task\">\n<text x=\"34\" y=\"%d\" font-size=\"12\" fill=\"#4a148c\">", y + 17);
                char lname[24];
                snprintf(lname, sizeof lname, "%.23s", l->name);
                xml_str(f, lname);
                fputs("</text>\n", f);
                int yb = y + (row - lbar) / 2;
                for (size_t q = 0; q < l->nspans; q++) {
                    Span *s = &l->spans[q];
                    double x0 = left + plot * (double)(s->start - pic->t0) / total;
                    double x1 = left + plot * (double)(s->end - pic->t0) / total;
                    if (x1 - x0 < 0.3)
                        x1 = x0 + 0.3;
                    fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
                               "<title>", x0, yb, x1 - x0, lbar, svg_task_fill[s->state]);
                    xml_str(f, l->name);
                    fprintf(f, ": %s</title></rect>\n",
                            s->state == TASK_STEP ? "a step (its coroutine runs)" : "waiting at an await");
                }
                fputs("</g>\n", f);
                y += row;
            }
            if (t->nlanes > SVG_LANES) {
                fprintf(f, "<text x=\"34\" y=\"%d\" font-size=\"12\" fill=\"#4a148c\">"
                           "… and %d more asyncio tasks (every one is in the JSON trace)</text>\n",
                        y + 17, t->nlanes - SVG_LANES);
                y += row;
            }
        }
        fputs("</g>\n", f);
    }
    /* legend */
    const char *names[] = {"running (holds the GIL)", "waiting for the GIL",
                           "blocked, GIL released (sleep, lock, I/O)"};
    int lx = 20;
    y += 18;
    fputs("<g class=\"legend\">\n", f);
    for (int q = 0; q < 3; q++) {
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>\n", lx, y,
                svg_fill[q]);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n", lx + 20, y + 12, names[q]);
        lx += 20 + (int)strlen(names[q]) * 7 + 24;
    }
    fprintf(f, "<path d=\"M%d %d l-5 -6 h10 z\" fill=\"#c62828\"/>\n", lx + 7, y + 10);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">drop request</text>\n", lx + 20, y + 12);
    if (ntasks) {
        const char *tnames[] = {"task step (its coroutine runs)", "task waiting at an await"};
        lx = 20;
        y += 22;
        for (int q = 0; q < 2; q++) {
            fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>\n",
                    lx, y, svg_task_fill[q]);
            fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n", lx + 20, y + 12,
                    tnames[q]);
            lx += 20 + (int)strlen(tnames[q]) * 7 + 24;
        }
    }
    if (false_alarms) {
        lx += 20 + 12 * 7 + 24;
        fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"none\" stroke=\"#6a1b9a\" "
                   "stroke-width=\"1.5\"/>\n", lx + 7, y + 7);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">false alarm</text>\n", lx + 20,
                y + 12);
    }
    fputs("</g>\n</svg>\n", f);
    return fclose(f);
}

int trace_write(const char *path)
{
    merge_children();
    Picture pic;
    if (!picture_take(&pic))
        return -1;
    size_t len = strlen(path);
    int rc = len > 4 && strcmp(path + len - 4, ".svg") == 0    ? write_svg(path, &pic)
             : len > 5 && strcmp(path + len - 5, ".html") == 0 ? write_html(path, &pic)
                                                               : write_json(path, &pic);
    picture_free(&pic);
    return rc;
}

void trace_finish(const char *path, bool timeline, FILE *chart_out)
{
    if (!trace_on && !path && !timeline)
        return;
    if (is_child) {
        trace_child_flush();
        return;
    }
    merge_children();
    if (path && trace_write(path) < 0)
        fprintf(stderr, "baton: cannot write trace to %s\n", path);
    if (timeline) {
        bool tty = isatty(fileno(chart_out));
        int cols = 0;
        struct winsize ws;
        const char *env = getenv("COLUMNS");
        if (env && atoi(env) > 40)
            cols = atoi(env);
        else if (tty && ioctl(fileno(chart_out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 40)
            cols = ws.ws_col;
        if (!cols)
            cols = 100;
        const char *lang = getenv("LC_ALL");
        if (!lang || !*lang)
            lang = getenv("LC_CTYPE");
        if (!lang || !*lang)
            lang = getenv("LANG");
        bool utf8 = !lang || !*lang || strstr(lang, "UTF-8") || strstr(lang, "utf8") ||
                    strstr(lang, "UTF8") || strstr(lang, "utf-8");
        const char *no_colour = getenv("NO_COLOR");
        bool colour_on = tty && !(no_colour && *no_colour);
        Picture pic;
        if (picture_take(&pic)) {
            chart(chart_out, &pic, cols, colour_on, utf8);
            picture_free(&pic);
        }
    }
}
