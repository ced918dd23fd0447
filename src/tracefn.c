/* tracefn.c — sys.settrace and sys.setprofile: calling a thread's trace
 * and profile functions with CPython 3.11's events and rules.
 *
 * The dispatch loop knows nothing of this while no hook is set.  Setting
 * one sets Thread.tracing; the loop reads that flag when it (re)enters a
 * frame or a call returns, and from then on dispatches every instruction
 * through its tracing label, which calls tracefn_instr before running the
 * instruction.  tracefn_instr sends the 'call' event for a new frame, the
 * 'line' event when the instruction starts a line (or is the target of a
 * backward jump), 'opcode' when f_trace_opcodes is set, and 'return' before
 * RETURN_VALUE / YIELD_VALUE.  The unwinder sends 'exception' and the
 * 'return' of a frame an exception leaves.
 *
 * As in CPython, the global trace function gets the 'call' event and what
 * it returns becomes the frame's f_trace, which gets the frame's other
 * events (a None result leaves f_trace as it was); an exception in a trace
 * function turns tracing off for the thread.  The profile function gets
 * every call and return, and c_call / c_return / c_exception around calls
 * of built-in functions.  While a hook runs, the thread does not trace.
 */
#include "frame.h"
#include "gc.h"
#include "objcore.h"
#include "opcodes.h"
#include "str.h"

static const char *const event_names[] = {
    "call", "exception", "line", "return", "c_call", "c_exception", "c_return", "opcode",
};
static ObjStr *event_strs[8];

void tracefn_set(Thread *t, Value fn, bool profile)
{
    if (fn && IS_NONE(fn))
        fn = VNULL;
    if (profile)
        t->profile_fn = fn;
    else
        t->trace_fn = fn;
    t->tracing = t->trace_fn || t->profile_fn;
}

/* Call hook(frame, event, arg) with tracing off for the thread; f_locals is
 * refreshed before and written back to the frame after, as CPython's
 * call_trampoline does.  Returns the hook's result or VNULL. */
static Value call_hook(Thread *t, Frame *f, Value hook, int what, Value arg)
{
    if (!event_strs[what])
        event_strs[what] = str_intern_cstr(event_names[what]);
    ObjFrame *o = frame_object(f);
    if (o->locals_dict && frame_fast_to_locals(o) < 0)
        return VNULL;
    /* the exception being raised is not the hook's */
    Value pending = t->exc;
    t->exc = VNULL;
    Value args[3] = {OBJ_VAL(o), OBJ_VAL(event_strs[what]), arg ? arg : NONE};
    t->tracing = false;
    int8_t outer = o->event;
    o->event = (int8_t)what;
    Value r = obj_call(hook, args, 3, NULL);
    o->event = outer;
    t->tracing = t->trace_fn || t->profile_fn;
    frame_locals_to_fast(o);
    if (r && pending)
        t->exc = pending;
    return r;
}

/* The trace function for one event of f (CPython's trace_trampoline). */
static int trace_event(Thread *t, Frame *f, int what, Value arg)
{
    Value hook;
    ObjFrame *o = NULL;
    if (what == TRACE_CALL) {
        hook = t->trace_fn;
    } else {
        o = f->fobj;
        hook = o ? o->f_trace : VNULL;
    }
    if (!hook)
        return 0;
    Value r = call_hook(t, f, hook, what, arg);
    o = frame_object(f);
    if (!r) {
        tracefn_set(t, VNULL, false);
        o->f_trace = VNULL;
        return -1;
    }
    if (!IS_NONE(r))
        o->f_trace = r;
    return 0;
}

static int profile_event(Thread *t, Frame *f, int what, Value arg)
{
    Value hook = t->profile_fn;
    if (!hook)
        return 0;
    Value r = call_hook(t, f, hook, what, arg);
    if (!r) {
        tracefn_set(t, VNULL, true);
        return -1;
    }
    return 0;
}

static int call_event(Thread *t, Frame *f, int idx)
{
    ObjFrame *o = frame_object(f);
    if (idx == 0) {
        /* a new frame: its first instruction starts a line */
        o->last_line = -1;
        o->last_idx = -2;
    }
    if (t->trace_fn && trace_event(t, f, TRACE_CALL, NONE) < 0)
        return -1;
    if (t->profile_fn && profile_event(t, f, TRACE_CALL, NONE) < 0)
        return -1;
    return 0;
}

int tracefn_instr(Thread *t, Frame *f, const uint32_t *ip)
{
    ObjCode *co = f->code;
    int idx = (int)(ip - co->code);
    if (f->tstate != FT_DONE) {
        bool call = f->tstate == FT_CALL || idx == 0;
        f->tstate = FT_DONE;
        if (call && call_event(t, f, idx) < 0)
            return -1;
    }
    if (t->trace_fn) {
        /* where the frame was is tracked whether or not it has f_trace:
         * a debugger may set f_trace on a running frame at any time */
        ObjFrame *o = frame_object(f);
        int line = co->lines && idx < co->ncode ? (int)co->lines[idx] : -1;
        /* a loop's closing jump carries the loop header's line; CPython's
         * reports the header once, at the jump's target */
        if (OPCODE(*ip) == OP_JUMP_BACKWARD && ARG(*ip) < (uint32_t)co->ncode &&
            co->lines[ARG(*ip)] == (uint32_t)line)
            line = -1;
        /* a handler's entry has no line of its own in CPython */
        if (OPCODE(*ip) == OP_PUSH_EXC_INFO)
            line = -1;
        int last = o->last_idx;
        if (last == -1) /* first traced instruction of a running frame */
            o->last_line = idx > 0 && co->lines ? (int)co->lines[idx - 1] : -1;
        o->last_idx = idx;
        if (!o->f_trace) {
            if (line > 0)
                o->last_line = line;
        } else if (line > 0 && o->trace_lines) {
            /* a new line, or a backward jump (not YIELD_FROM resuming) */
            bool fire = line != o->last_line ||
                        (idx < last && OPCODE(*ip) != OP_YIELD_FROM);
            o->last_line = line;
            if (fire) {
                int r = trace_event(t, f, TRACE_LINE, NONE);
                o = f->fobj;
                if (r < 0)
                    return -1;
                if (o->jump_to >= 0)
                    return 1; /* f_lineno was set: the loop continues there */
            }
        } else if (line > 0) {
            o->last_line = line;
        }
        if (o->trace_opcodes && o->f_trace && trace_event(t, f, TRACE_OPCODE, NONE) < 0)
            return -1;
    }
    uint32_t op = OPCODE(*ip);
    if (op == OP_RETURN_VALUE || op == OP_YIELD_VALUE)
        return tracefn_return(t, f, f->sp[-1]);
    return 0;
}

int tracefn_return(Thread *t, Frame *f, Value v)
{
    if (t->trace_fn && f->fobj && f->fobj->f_trace &&
        trace_event(t, f, TRACE_RETURN, v ? v : NONE) < 0)
        return -1;
    if (t->profile_fn && profile_event(t, f, TRACE_RETURN, v ? v : NONE) < 0)
        return -1;
    return 0;
}

int tracefn_exception(Thread *t, Frame *f)
{
    if (!t->trace_fn || !f->fobj || !f->fobj->f_trace)
        return 0;
    Value e = t->exc;
    if (!e)
        return 0;
    Value tb = IS_EXCEPTION(e) && AS_EXC(e)->traceback ? AS_EXC(e)->traceback : NONE;
    Value info = tuple_pack(3, OBJ_VAL(TYPE(e)), e, tb);
    if (!info)
        return -1;
    t->exc = VNULL;
    int r = trace_event(t, f, TRACE_EXCEPTION, info);
    if (r == 0)
        t->exc = e;
    return r;
}

int tracefn_c_event(Thread *t, Frame *f, int what, Value callee)
{
    if (!t->profile_fn)
        return 0;
    return profile_event(t, f, what, callee);
}
