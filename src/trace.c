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

typedef struct TThread {
    struct TThread *next;
    int pid;
    int index;         /* order of appearance in its process, from 1 */
    uint64_t ident;
    char name[64];
    TraceEv *ev;
    size_t n, cap;
} TThread;

typedef struct TProc {
    struct TProc *next;
    int pid;
    char name[64];
    TThread *threads, **tail;
    int nthreads;
} TProc;

static pthread_mutex_t list_mutex = PTHREAD_MUTEX_INITIALIZER;
static TProc self_proc = {NULL, 0, "MainProcess", NULL, &self_proc.threads, 0};
static bool is_child;
static int parent_pid;

void trace_set_process_name(const char *name)
{
    snprintf(self_proc.name, sizeof self_proc.name, "%s", name);
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

static void push(TThread *t, TraceEv e)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        TraceEv *ev = realloc(t->ev, cap * sizeof *ev);
        if (!ev)
            return; /* out of memory: drop events, never crash */
        t->ev = ev;
        t->cap = cap;
    }
    t->ev[t->n++] = e;
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
    if (t)
        snprintf(t->name, sizeof t->name, "%s", name);
}

void trace_start(void)
{
    if (trace_on)
        return;
    self_proc.pid = getpid();
    trace_on = true;
    for (Thread *th = vm_threads; th; th = th->next) {
        GilThread *g = th->gil_data;
        if (g && !g->trace) {
            trace_thread_new(g, th->ident);
            if (th->name && IS_STR(th->name))
                trace_set_name(g, AS_STR(th->name)->data);
            else if (th == vm_main_thread)
                trace_set_name(g, "MainThread");
        }
    }
}

void trace_stop(void) { trace_on = false; }

void trace_after_fork(GilThread *g)
{
    if (!trace_on)
        return;
    parent_pid = self_proc.pid;
    is_child = true;
    TThread *old = g->trace;
    self_proc.pid = getpid();
    self_proc.threads = NULL;
    self_proc.tail = &self_proc.threads;
    self_proc.nthreads = 0;
    pthread_mutex_init(&list_mutex, NULL);
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

static void write_proc(FILE *f, TProc *p)
{
    fprintf(f, "P %d %s\n", p->pid, p->name);
    for (TThread *t = p->threads; t; t = t->next) {
        fprintf(f, "T %llu %s\n", (unsigned long long)t->ident, t->name);
        for (size_t i = 0; i < t->n; i++)
            fprintf(f, "E %lld %d %d %d %d\n", (long long)t->ev[i].ts, t->ev[i].kind,
                    t->ev[i].state, t->ev[i].reason, t->ev[i].value);
    }
}

static TProc *children_head, **children_tail = &children_head;

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
        } else if (line[0] == 'E' && t) {
            long long ts;
            int kind, state, reason, value;
            if (sscanf(line, "E %lld %d %d %d %d", &ts, &kind, &state, &reason, &value) == 5)
                push(t, (TraceEv){ts, (uint8_t)kind, (uint8_t)state, (uint8_t)reason, value});
        }
    }
    fclose(f);
}

/* Merge the files our children left, in pid order. */
static void merge_children(void)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "baton-trace.%d.", self_proc.pid);
    DIR *d = opendir(tmpdir());
    if (!d)
        return;
    struct dirent *e;
    int pids[1024], n = 0;
    while ((e = readdir(d)) && n < 1024)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            pids[n++] = atoi(e->d_name + strlen(prefix));
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && pids[j] < pids[j - 1]; j--) {
            int x = pids[j];
            pids[j] = pids[j - 1];
            pids[j - 1] = x;
        }
    for (int i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s%d", tmpdir(), prefix, pids[i]);
        read_child_file(path);
        unlink(path);
    }
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
    write_proc(f, &self_proc);
    for (TProc *p = children_head; p; p = p->next)
        write_proc(f, p);
    /* Close every open span at the moment the process ends. */
    fprintf(f, "X %lld\n", (long long)now);
    fclose(f);
    rename(tmp, path);
}

/* ---- spans ------------------------------------------------------------ */

typedef struct { int64_t start, end; int state, reason; } Span;

/* The thread's spans (running / waiting / blocked) up to `end`. */
static size_t spans_of(TThread *t, int64_t end, Span **out)
{
    Span *s = malloc((t->n + 1) * sizeof *s);
    size_t n = 0;
    int cur = -1, reason = 0;
    int64_t since = 0;
    if (!s) {
        *out = NULL;
        return 0;
    }
    for (size_t i = 0; i < t->n; i++) {
        TraceEv *e = &t->ev[i];
        if (e->kind != TR_STATE)
            continue;
        if (cur >= 0 && cur != GS_EXITED && e->ts > since)
            s[n++] = (Span){since, e->ts, cur, reason};
        cur = e->state;
        reason = e->reason;
        since = e->ts;
    }
    if (cur >= 0 && cur != GS_EXITED && end > since)
        s[n++] = (Span){since, end, cur, reason};
    *out = s;
    return n;
}

typedef struct { TProc **procs; int nprocs; int64_t t0, t1; } Picture;

static void picture_collect(Picture *pic)
{
    int n = 1;
    for (TProc *p = children_head; p; p = p->next)
        n++;
    pic->procs = malloc((size_t)n * sizeof *pic->procs);
    pic->nprocs = 0;
    if (!pic->procs)
        return;
    pic->procs[pic->nprocs++] = &self_proc;
    for (TProc *p = children_head; p; p = p->next)
        pic->procs[pic->nprocs++] = p;
    pic->t0 = INT64_MAX;
    pic->t1 = gil_now_ns();
    for (int i = 0; i < pic->nprocs; i++)
        for (TThread *t = pic->procs[i]->threads; t; t = t->next)
            if (t->n && t->ev[0].ts < pic->t0)
                pic->t0 = t->ev[0].ts;
    if (pic->t0 == INT64_MAX || pic->t0 >= pic->t1)
        pic->t0 = pic->t1 - 1;
}

/* A child's threads end when its file was written; ours end now. */
static int64_t proc_end(TProc *p, int64_t t1)
{
    int64_t last = 0;
    for (TThread *t = p->threads; t; t = t->next)
        if (t->n && t->ev[t->n - 1].ts > last)
            last = t->ev[t->n - 1].ts;
    return p == &self_proc ? t1 : (last ? last : t1);
}

/* ---- the terminal chart ----------------------------------------------- */

static const char *const glyph_utf8[] = {"\u2588", "\u2591", "\u2500", " "};
static const char *const glyph_ascii[] = {"#", ".", "-", " "};
static const char *const colour[] = {"\033[32m", "\033[33m", "\033[34m", ""};

static void fmt_seconds(char *buf, size_t n, double s)
{
    if (s < 1)
        snprintf(buf, n, "%.0f ms", s * 1000);
    else
        snprintf(buf, n, "%.2f s", s);
}

static void chart(FILE *out, Picture *pic)
{
    bool tty = isatty(fileno(out));
    bool colour_on = tty && !getenv("NO_COLOR");
    const char *lang = getenv("LANG");
    bool utf8 = !lang || strstr(lang, "UTF-8") || strstr(lang, "utf8");
    const char *const *glyph = utf8 ? glyph_utf8 : glyph_ascii;
    int cols = 100;
    struct winsize ws;
    if (tty && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 40)
        cols = ws.ws_col;
    else if (getenv("COLUMNS") && atoi(getenv("COLUMNS")) > 40)
        cols = atoi(getenv("COLUMNS"));
    const int label = 24;
    int width = cols - label - 2;
    if (width < 20)
        width = 20;
    double total = (double)(pic->t1 - pic->t0) / 1e9;
    int nthreads = 0;
    for (int i = 0; i < pic->nprocs; i++)
        nthreads += pic->procs[i]->nthreads;
    char tbuf[32];
    fmt_seconds(tbuf, sizeof tbuf, total);
    fprintf(out, "\nGIL timeline: %d process%s, %d thread%s, %s\n", pic->nprocs,
            pic->nprocs == 1 ? "" : "es", nthreads, nthreads == 1 ? "" : "s", tbuf);
    /* time axis: a tick every quarter */
    char axis[512];
    memset(axis, ' ', sizeof axis);
    int axis_len = label + 2 + width;
    if (axis_len > (int)sizeof axis - 1)
        axis_len = (int)sizeof axis - 1;
    for (int q = 0; q <= 4; q++) {
        int col = label + 2 + (width - 1) * q / 4;
        fmt_seconds(tbuf, sizeof tbuf, total * q / 4);
        int len = (int)strlen(tbuf);
        int start = q == 4 ? col - len + 1 : col;
        for (int k = 0; k < len && start + k < axis_len; k++)
            if (start + k >= 0)
                axis[start + k] = tbuf[k];
    }
    axis[axis_len] = 0;
    fprintf(out, "%s\n", axis);
    double per_col = (double)(pic->t1 - pic->t0) / width;
    for (int i = 0; i < pic->nprocs; i++) {
        TProc *p = pic->procs[i];
        int64_t pend = proc_end(p, pic->t1);
        fprintf(out, "%s %d  %s\n", i == 0 ? "process" : "process", p->pid, p->name);
        for (TThread *t = p->threads; t; t = t->next) {
            Span *s;
            size_t n = spans_of(t, pend, &s);
            fprintf(out, "  %-*.*s", label, label, t->name);
            int last_state = -1;
            size_t k = 0;
            for (int c = 0; c < width; c++) {
                int64_t a = pic->t0 + (int64_t)(per_col * c);
                int64_t b = pic->t0 + (int64_t)(per_col * (c + 1));
                int64_t in[3] = {0, 0, 0};
                while (k < n && s[k].end <= a)
                    k++;
                for (size_t j = k; j < n && s[j].start < b; j++) {
                    int64_t lo = s[j].start > a ? s[j].start : a;
                    int64_t hi = s[j].end < b ? s[j].end : b;
                    if (hi > lo && s[j].state < 3)
                        in[s[j].state] += hi - lo;
                }
                int st = 3;
                int64_t best = (b - a) / 4; /* alive for at least a quarter */
                for (int q = 0; q < 3; q++)
                    if (in[q] > best) {
                        best = in[q];
                        st = q;
                    }
                if (colour_on && st != last_state)
                    fputs(st == 3 ? "\033[0m" : colour[st], out);
                last_state = st;
                fputs(glyph[st], out);
            }
            if (colour_on)
                fputs("\033[0m", out);
            fputc('\n', out);
            free(s);
        }
    }
    fprintf(out, "legend: ");
    const char *names[] = {"running (holds the GIL)", "waiting for the GIL",
                           "blocked, GIL released (sleep, lock, I/O…)"};
    for (int q = 0; q < 3; q++) {
        if (colour_on)
            fputs(colour[q], out);
        fprintf(out, "%s", glyph[q]);
        if (colour_on)
            fputs("\033[0m", out);
        fprintf(out, " %s%s", names[q], q < 2 ? "   " : "\n");
    }
}

/* ---- Chrome trace JSON ------------------------------------------------ */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *span_name(const Span *s)
{
    if (s->state == GS_RUNNING)
        return "running";
    if (s->state == GS_WAITING)
        return "waiting for GIL";
    return "blocked";
}

static int write_json(const char *path, Picture *pic)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n", f);
    bool first = true;
#define SEP() (first ? (first = false, "") : ",\n")
    for (int i = 0; i < pic->nprocs; i++) {
        TProc *p = pic->procs[i];
        int64_t pend = proc_end(p, pic->t1);
        char pname[128];
        snprintf(pname, sizeof pname, "%s (pid %d)", p->name, p->pid);
        fprintf(f, "%s{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":0,\"args\":{\"name\":", SEP(), p->pid);
        json_str(f, pname);
        fputs("}}", f);
        fprintf(f, "%s{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":0,\"args\":{\"sort_index\":%d}}", SEP(), p->pid, i);
        for (TThread *t = p->threads; t; t = t->next) {
            fprintf(f, "%s{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":", SEP(), p->pid, t->index);
            json_str(f, t->name);
            fputs("}}", f);
            fprintf(f, "%s{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"sort_index\":%d}}", SEP(), p->pid, t->index, t->index);
            Span *s;
            size_t n = spans_of(t, pend, &s);
            for (size_t k = 0; k < n; k++) {
                fprintf(f, "%s{\"name\":\"%s\",\"cat\":\"gil\",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,"
                           "\"ts\":%.3f,\"dur\":%.3f,\"args\":{\"state\":\"%s\"",
                        SEP(), span_name(&s[k]), p->pid, t->index,
                        (double)(s[k].start - pic->t0) / 1e3,
                        (double)(s[k].end - s[k].start) / 1e3, gil_state_names[s[k].state]);
                if (s[k].state == GS_BLOCKED && s[k].reason)
                    fprintf(f, ",\"reason\":\"%s\"", gil_block_names[s[k].reason]);
                fputs("}}", f);
            }
            free(s);
            for (size_t k = 0; k < t->n; k++) {
                TraceEv *e = &t->ev[k];
                double ts = (double)(e->ts - pic->t0) / 1e3;
                if (e->kind == TR_DROP_REQUEST)
                    fprintf(f, "%s{\"name\":\"drop request\",\"cat\":\"gil\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f}", SEP(), p->pid, t->index, ts);
                else if (e->kind == TR_FORCED)
                    fprintf(f, "%s{\"name\":\"forced switch\",\"cat\":\"gil\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f}", SEP(), p->pid, t->index, ts);
                else if (e->kind == TR_WAITERS)
                    fprintf(f, "%s{\"name\":\"threads waiting for the GIL\",\"ph\":\"C\",\"pid\":%d,\"tid\":0,\"ts\":%.3f,\"args\":{\"waiting\":%d}}", SEP(), p->pid, ts, e->value);
                else if (e->kind == TR_FORK)
                    fprintf(f, "%s{\"name\":\"fork\",\"cat\":\"process\",\"ph\":\"i\",\"s\":\"p\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f,\"args\":{\"child\":%d}}", SEP(), p->pid, t->index, ts, e->value);
                else if (e->kind == TR_START || e->kind == TR_EXIT)
                    fprintf(f, "%s{\"name\":\"%s\",\"cat\":\"thread\",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f}", SEP(), e->kind == TR_START ? "thread start" : "thread exit", p->pid, t->index, ts);
            }
        }
    }
#undef SEP
    fputs("\n]}\n", f);
    return fclose(f);
}

/* ---- SVG -------------------------------------------------------------- */

static const char *const svg_fill[] = {"#2e7d32", "#f9a825", "#90caf9"};

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

static int write_svg(const char *path, Picture *pic)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    const int W = 1000, left = 170, right = 20, top = 56, row = 26, bar = 18;
    int rows = 0;
    for (int i = 0; i < pic->nprocs; i++)
        rows += 1 + pic->procs[i]->nthreads;
    int plot = W - left - right;
    int H = top + rows * row + 70;
    double total = (double)(pic->t1 - pic->t0);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
    char tbuf[32];
    fmt_seconds(tbuf, sizeof tbuf, total / 1e9);
    fprintf(f, "<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\">Who holds the GIL "
               "(%d process%s, %s)</text>\n", left, pic->nprocs, pic->nprocs == 1 ? "" : "es", tbuf);
    /* axis */
    int axis_y = top - 8;
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n", left, axis_y,
            left + plot, axis_y);
    for (int q = 0; q <= 10; q++) {
        double x = left + plot * q / 10.0;
        fmt_seconds(tbuf, sizeof tbuf, total / 1e9 * q / 10);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#555\"/>\n", x,
                axis_y - 4, x, axis_y);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>\n", x,
                top, x, top + rows * row);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333\">%s</text>\n",
                x, axis_y - 8, tbuf);
    }
    int y = top;
    for (int i = 0; i < pic->nprocs; i++) {
        TProc *p = pic->procs[i];
        int64_t pend = proc_end(p, pic->t1);
        fprintf(f, "<text x=\"8\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">process %d: ",
                y + 17, p->pid);
        xml_str(f, p->name);
        fputs("</text>\n", f);
        y += row;
        for (TThread *t = p->threads; t; t = t->next) {
            fprintf(f, "<text x=\"20\" y=\"%d\" font-size=\"13\">", y + 17);
            xml_str(f, t->name);
            fputs("</text>\n", f);
            fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f5f5f5\"/>\n",
                    left, y + (row - bar) / 2, plot, bar);
            Span *s;
            size_t n = spans_of(t, pend, &s);
            for (size_t k = 0; k < n; k++) {
                double x0 = left + plot * (double)(s[k].start - pic->t0) / total;
                double x1 = left + plot * (double)(s[k].end - pic->t0) / total;
                if (x1 - x0 < 0.2)
                    x1 = x0 + 0.2;
                fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
                           "<title>%s%s%s</title></rect>\n",
                        x0, y + (row - bar) / 2, x1 - x0, bar, svg_fill[s[k].state < 3 ? s[k].state : 2],
                        span_name(&s[k]), s[k].reason ? ": " : "",
                        s[k].reason ? gil_block_names[s[k].reason] : "");
            }
            free(s);
            y += row;
        }
    }
    /* legend */
    const char *names[] = {"running (holds the GIL)", "waiting for the GIL",
                           "blocked, GIL released (sleep, lock, I/O)"};
    int lx = left;
    y += 18;
    for (int q = 0; q < 3; q++) {
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>\n", lx, y,
                svg_fill[q]);
        fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n", lx + 20, y + 12, names[q]);
        lx += 20 + (int)strlen(names[q]) * 7 + 24;
    }
    fputs("</svg>\n", f);
    return fclose(f);
}

int trace_write(const char *path)
{
    Picture pic;
    picture_collect(&pic);
    if (!pic.procs)
        return -1;
    size_t len = strlen(path);
    int rc = len > 4 && strcmp(path + len - 4, ".svg") == 0 ? write_svg(path, &pic)
                                                            : write_json(path, &pic);
    free(pic.procs);
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
        Picture pic;
        picture_collect(&pic);
        if (pic.procs) {
            chart(chart_out, &pic);
            free(pic.procs);
        }
    }
}
