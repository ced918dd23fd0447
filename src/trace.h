/* trace.h — recording who holds the GIL, and drawing it.
 *
 * Every thread appends its own state changes (running, waiting, blocked
 * with a reason) and events (drop request, forced switch, start, exit,
 * fork) to its own buffer; only that thread writes it, so recording takes
 * no lock.  When tracing is off the cost is one predictable branch in the
 * GIL's state change.  At exit the buffers become a terminal chart
 * (--timeline), Chrome/Perfetto trace JSON, an SVG or an HTML page
 * (--trace=FILE).
 * Child processes write their buffers to a file the parent merges.
 */
#ifndef BATON_TRACE_H
#define BATON_TRACE_H

#include "gil.h"

enum TraceKind {
    TR_STATE,        /* state = GilState, reason = BlockReason */
    TR_DROP_REQUEST, /* this thread asked the holder to drop the GIL */
    TR_FORCED,       /* this thread dropped the GIL on request */
    TR_WAITERS,      /* value = threads now waiting for the GIL */
    TR_START,
    TR_EXIT,
    TR_FORK,         /* value = child pid */
    TR_FALSE_ALARM,  /* `old`: woken for the GIL, found it taken again */
    TR_TASK_ENTER,   /* an asyncio task begins a step; value = its lane */
    TR_TASK_LEAVE,   /* the step ends; value = lane, state = 1 if the task is done */
};

extern bool trace_on;

/* Start recording (all threads), by the GIL holder.  Threads already
 * running get a record now; a restart leaves earlier traces out. */
void trace_start(void);
void trace_stop(void);
/* Called by gil.c, always under the GIL mutex, by the thread itself. */
void trace_thread_new(GilThread *g, uint64_t ident);
void trace_event(GilThread *g, int kind, int state, int reason, int value, int64_t ts);
void trace_set_name(GilThread *g, const char *name);
void trace_set_process_name(const char *name);
/* An asyncio task (modules/asyncio_tasks.c) enters or leaves a step on
 * this thread, by the GIL holder while trace_on.  Each task gets a lane
 * of its thread, found by its address and name. */
void trace_task_enter(GilThread *g, uintptr_t task, const char *name);
void trace_task_leave(GilThread *g, bool done);
/* In a forked child: drop the parent's records, keep this thread's. */
void trace_after_fork(GilThread *g);
/* In a child about to exit: write records for the parent to merge. */
void trace_child_flush(void);
/* At the parent's exit: merge children's files, then draw. */
void trace_finish(const char *path, bool timeline, FILE *chart_out);
/* Draw the recorded timeline (also used by gil.trace_stop()); merges the
 * files of children that have exited first.  .svg, .html (a viewer page
 * with the JSON trace and the GIL statistics in it) or else JSON. */
int trace_write(const char *path);
/* The terminal chart of the current (or last) trace as a malloc'd string,
 * for gil.timeline(); NULL if nothing was ever traced. */
char *trace_chart_text(int cols, bool colour_on);

/* s as a JSON string (also safe inside an HTML <script>). */
void trace_json_str(FILE *f, const char *s);

#endif
