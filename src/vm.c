/* vm.c — the interpreter: threads' value stacks and frames, the dispatch
 * loop, calls and argument binding, exception unwinding, generator
 * resumption, class building and the eval breaker.
 *
 * Each Thread owns one mmap'd region: an array of Frames, then the value
 * stack.  A frame's locals and its operand stack are a window of that value
 * stack, so a Python-to-Python call binds the arguments where the caller
 * pushed them and carries on in the same C loop (no malloc, no C
 * recursion); RETURN_VALUE pops back.  Natives are called with a pointer
 * into the stack.  Only natives calling back into Python (obj_call,
 * __repr__, sorted's key…) re-enter run(), on top of the innermost frame's
 * `top`, which bounds everything a frame may touch; the GC scans
 * [stack, top) conservatively, so stale slots can never crash it.
 *
 * Exceptions are zero-cost: the failing instruction's ExcEntry says where
 * to unwind to; frames without a handler are popped, adding traceback
 * entries on the way out.  The eval breaker is read at JUMP_BACKWARD and
 * the calls only, and is the only place the GC, signals, async exceptions
 * and (later) the GIL hand-off get to run.
 */
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <pthread.h>

#include "codec.h"
#include "exceptions.h"
#include "compiler.h"
#include "frame.h"
#include "namespace.h"
#include "gc.h"
#include "iterators.h"
#include "objcore.h"
#include "weakref.h"
#include "modules.h"
#include "complexobj.h"
#include "coro.h"
#include "match.h"
#include "opcodes.h"

_Thread_local Thread *vm_cur;
Thread *vm_threads;
Thread *vm_main_thread;
_Atomic uint32_t vm_eval_breaker;
ObjDict *vm_builtins;
ObjDict *vm_modules;
int vm_recursion_limit = 1000;

/* dict.c's global version counter: versions must never repeat. */
extern uint64_t dict_version_counter;

/* Hooks other subsystems may provide; unresolved weak symbols are NULL. */
extern void gil_yield_hook(Thread *t) __attribute__((weak));
extern void gil_yield(Thread *t) __attribute__((weak));
extern void gil_tick(Thread *t) __attribute__((weak));
extern void gil_init(Thread *main_thread) __attribute__((weak));
extern int signal_run_pending(void) __attribute__((weak));
extern void signal_init(void) __attribute__((weak));

/* Per-thread region: frames, then values.  MAP_NORESERVE: only touched
 * pages cost memory. */
#define MAX_FRAMES (1 << 18)
#define FRAME_BYTES ((size_t)MAX_FRAMES * sizeof(Frame))
#define STACK_VALUES ((size_t)1 << 23) /* 64 MiB */
#define STACK_SLACK 64                 /* room above a frame's top for calls */

static ObjStr *s_name, *s_module, *s_qualname, *s_enter, *s_exit, *s_send,
    *s_underscore, *s_class, *s_build_class, *s_import;

#define FRAMES_END(t) ((Frame *)(t)->stack)
#define FRAMES_BASE(t) ((t)->frames_base)
/* Other threads reserve a sixteenth of the main thread's region (4 MiB of
 * values, 16384 frames): address space is what limits how many threads
 * start under `ulimit -v`, and a thread's 8 MiB C stack (RLIMIT_STACK, as
 * CPython's) holds less recursion than that anyway. */
#define THREAD_SHRINK 16

/* ---- threads and the eval breaker ------------------------------------- */

void vm_request(uint32_t bits) { atomic_fetch_or(&vm_eval_breaker, bits); }
void vm_clear_request(uint32_t bits) { atomic_fetch_and(&vm_eval_breaker, ~bits); }

Thread *vm_thread_new(void)
{
    Thread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    size_t shrink = vm_main_thread ? THREAD_SHRINK : 1;
    size_t fbytes = FRAME_BYTES / shrink, values = STACK_VALUES / shrink;
    size_t bytes = fbytes + values * sizeof(Value);
    void *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) {
        free(t);
        return NULL;
    }
    t->stack = (Value *)((char *)mem + fbytes);
    t->stack_limit = t->stack + values;
    t->frames_base = FRAMES_END(t) - MAX_FRAMES / shrink;
    t->region_bytes = bytes;
    t->sp_hint = t->stack;
    t->next = vm_threads;
    if (vm_threads)
        vm_threads->prev = t;
    vm_threads = t;
    return t;
}

void vm_thread_free(Thread *t)
{
    if (!t)
        return;
    if (t->prev)
        t->prev->next = t->next;
    else if (vm_threads == t)
        vm_threads = t->next;
    if (t->next)
        t->next->prev = t->prev;
    munmap((void *)t->frames_base, t->region_bytes);
    free(t);
}


static Value *used_top(Thread *t)
{
    return t->frame ? t->frame->top : t->stack;
}

void vm_mark_roots(void)
{
    gc_mark_obj((Obj *)vm_builtins);
    gc_mark_obj((Obj *)vm_modules);
    for (Thread *t = vm_threads; t; t = t->next) {
        gc_mark(t->exc);
        gc_mark(t->exc_info);
        gc_mark(t->async_exc);
        gc_mark(t->handle);
        gc_mark(t->name);
        gc_mark(t->context);
        gc_mark(t->trace_fn);
        gc_mark(t->profile_fn);
        gc_mark(t->agen_firstiter);
        gc_mark(t->agen_finalizer);
        /* Each frame's live stack ends at its saved sp (waiting in a C
         * call or at a safepoint), or where the callee it pushed begins (a
         * callee's arguments sit at the top of its caller's window); a
         * frame suspended in C with neither is scanned to its top.  Dead
         * slots above a live top are not scanned, so a value the program
         * dropped does not stay alive. */
        Value *hi = NULL;
        for (Frame *f = t->frame; f; f = f->prev) {
            gc_mark_obj((Obj *)f->code);
            gc_mark_obj((Obj *)f->func);
            gc_mark_obj((Obj *)f->globals);
            gc_mark_obj((Obj *)f->locals_dict);
            gc_mark_obj((Obj *)f->gen);
            gc_mark_obj((Obj *)f->fobj);
            Value *end = f->sp ? f->sp : hi ? hi : f->top;
            if (end > f->top)
                end = f->top;
            gc_mark_conservative(f->locals, end);
            hi = f->entry ? NULL : f->locals;
        }
        Value *top = used_top(t);
        t->sp_hint = top;
        type_cache_clear();
        if (!t->frame)
            gc_mark_conservative(t->stack, top);
    }
}

/* Nothing but a flag: the breaker raises KeyboardInterrupt later. */
static volatile sig_atomic_t sigint_seen;
static void on_sigint(int sig)
{
    (void)sig;
    sigint_seen = 1;
    vm_request(EB_SIGNAL);
}

int vm_handle_breaker(void)
{
    Thread *t = vm_cur;
    uint32_t eb = atomic_load(&vm_eval_breaker);
    if (eb & EB_GC) {
        t->sp_hint = used_top(t);
        gc_collect(); /* clears EB_GC */
        vm_clear_request(EB_GC);
        if (gc_pending_finalizers())
            gc_run_finalizers();
    }
    if (eb & EB_GIL_DROP) {
        /* GIL hand-off point: the GIL (gil.c) plugs in here. */
        if (gil_yield_hook)
            gil_yield_hook(t);
        else if (gil_yield)
            gil_yield(t);
        else
            vm_clear_request(EB_GIL_DROP);
    }
    if (eb & EB_GIL_TICK) {
        /* BREAKER() counted this check point already if it was the only bit. */
        if (eb != EB_GIL_TICK)
            t->gil_ticks--;
        if (t->gil_ticks <= 0) {
            if (gil_tick)
                gil_tick(t);
            else
                vm_clear_request(EB_GIL_TICK);
        }
    }
    if (eb & EB_SIGNAL) {
        if (signal_run_pending) {
            if (signal_run_pending() < 0)
                return -1;
        } else if (t == vm_main_thread) {
            vm_clear_request(EB_SIGNAL);
            if (sigint_seen) {
                sigint_seen = 0;
                err_set_value(OBJ_VAL(exc_KeyboardInterrupt));
                return -1;
            }
        }
    }
    if (eb & EB_ASYNC_EXC) {
        bool more = false;
        for (Thread *o = vm_threads; o; o = o->next)
            if (o != t && o->async_exc)
                more = true;
        if (!more)
            vm_clear_request(EB_ASYNC_EXC);
        if (t->async_exc) {
            Value e = t->async_exc;
            t->async_exc = VNULL;
            err_set_value(e);
            return -1;
        }
    }
    return 0;
}

/* ---- C stack guard ---------------------------------------------------- */

static _Thread_local char *c_stack_floor;

/* Room kept below the floor for the C frames between two checks and for
 * raising the RecursionError: a quarter of a small stack, 256 KiB of a
 * big one. */
static size_t stack_margin(size_t size)
{
    size_t m = size / 4;
    return m < (256u << 10) ? m : (256u << 10);
}

static void find_stack_floor(void)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    /* The main thread: its stack ends at glibc's start-up stack pointer
     * and may grow to RLIMIT_STACK (pthread_getattr_np would parse
     * /proc/self/maps to say the same, a noticeable part of start-up). */
    extern void *__libc_stack_end;
    uintptr_t top = (uintptr_t)__libc_stack_end;
    struct rlimit rl;
    if (here < top && getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        top - here < rl.rlim_cur / 2) {
        /* the arguments and environment above __libc_stack_end count
         * against the limit too: leave them a margin as well */
        size_t lim = (size_t)rl.rlim_cur;
        c_stack_floor = (char *)(top - lim + stack_margin(lim) + (16u << 10));
        return;
    }
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
    }
    if (!addr || !size || here < (uintptr_t)addr || here >= (uintptr_t)addr + size) {
        /* unknown: assume 1 MiB below here */
        c_stack_floor = (char *)(here - (1u << 20) + (256u << 10));
        return;
    }
    /* the real bounds (a thread's are the size it was created with) */
    c_stack_floor = (char *)addr + stack_margin(size);
}

/* Before a native re-enters the VM: raise RecursionError rather than
 * overflow the C stack. */
static int c_stack_check(Thread *t)
{
    if (UNLIKELY(!c_stack_floor))
        find_stack_floor();
    if (UNLIKELY((char *)__builtin_frame_address(0) < c_stack_floor || t->cdepth > 20000 ||
                 t->depth > vm_recursion_limit)) {
        err_set(exc_RecursionError,
                "maximum recursion depth exceeded while calling a Python object");
        return -1;
    }
    return 0;
}

/* ---- helpers ---------------------------------------------------------- */

int vm_code_line(ObjCode *code, const uint32_t *pc)
{
    if (!code || !code->lines)
        return code ? code->firstline : 0;
    int64_t i = pc - code->code - 1;
    if (i < 0)
        i = 0;
    if (i >= code->ncode)
        i = code->ncode - 1;
    return i >= 0 ? (int)code->lines[i] : code->firstline;
}

Value vm_func_str(Value f)
{
    if (IS_FUNCTION(f)) {
        ObjFunction *fn = AS_FUNCTION(f);
        ObjStr *q = fn->qualname ? fn->qualname : fn->code->qualname;
        if (fn->module && strcmp(fn->module->data, "builtins") != 0)
            return str_printf("%s.%s()", fn->module->data, q->data);
        return str_printf("%s()", q->data);
    }
    if (IS_NATIVE(f))
        return str_printf("%s()", AS_NATIVE(f)->name);
    return str_printf("%s object", TYPE(f)->name);
}

static const char *fname(ObjFunction *fn)
{
    ObjStr *q = fn->qualname ? fn->qualname : fn->code->qualname;
    return q ? q->data : "?";
}

static Value recursion_error(void)
{
    return err_set(exc_RecursionError, "maximum recursion depth exceeded");
}

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'" */
static void missing_args(ObjFunction *fn, Value *locals, int from, int to,
                         bool kwonly)
{
    ObjCode *co = fn->code;
    int n = 0;
    for (int i = from; i < to; i++)
        if (!locals[i])
            n++;
    StrBuf b;
    sb_init(&b);
    int k = 0;
    for (int i = from; i < to; i++) {
        if (locals[i])
            continue;
        if (k > 0)
            sb_adds(&b, n == 2 ? " and " : (k == n - 1 ? ", and " : ", "));
        sb_printf(&b, "'%s'", AS_STR(co->localnames->items[i])->data);
        k++;
    }
    sb_addc(&b, '\0');
    err_format(exc_TypeError, "%s() missing %d required %s argument%s: %s",
               fname(fn), n, kwonly ? "keyword-only" : "positional",
               n == 1 ? "" : "s", b.data);
    sb_free(&b);
}

static int kwname_index(ObjCode *co, ObjStr *name, int from, int total)
{
    Value *names = co->localnames->items;
    for (int i = from; i < total; i++)
        if (names[i] == OBJ_VAL(name))
            return i;
    for (int i = from; i < total; i++)
        if (str_eq(AS_STR(names[i]), name))
            return i;
    return -1;
}

/* Bind args (nargs positional, then keyword values named by kwnames) into
 * locals[0 .. nlocals), as CPython does, with its TypeErrors.  args must
 * not overlap locals. */
static int bind_args(ObjFunction *fn, Value *locals, Value *args, int nargs,
                     ObjTuple *kwnames)
{
    ObjCode *co = fn->code;
    int argc = co->argcount, total = argc + co->kwonlyargcount;
    int n = nargs < argc ? nargs : argc;
    for (int i = 0; i < n; i++)
        locals[i] = args[i];
    int slot = total;
    if (co->flags & CO_VARARGS) {
        Value tup = nargs > argc ? tuple_from(args + argc, nargs - argc) : tuple_new(0);
        if (!tup)
            return -1;
        locals[slot++] = tup;
    }
    Value kwdict = VNULL;
    if (co->flags & CO_VARKW) {
        kwdict = dict_new();
        if (!kwdict)
            return -1;
        locals[slot] = kwdict;
    }
    if (kwnames) {
        for (int64_t k = 0; k < kwnames->len; k++) {
            Value name = kwnames->items[k], v = args[nargs + k];
            if (!IS_STR(name)) {
                err_format(exc_TypeError, "%s() keywords must be strings", fname(fn));
                return -1;
            }
            int j = kwname_index(co, AS_STR(name), co->posonlyargcount, total);
            if (j < 0) {
                if (!kwdict && kwname_index(co, AS_STR(name), 0, co->posonlyargcount) >= 0) {
                    StrBuf sb;
                    sb_init(&sb);
                    for (int64_t q = k; q < kwnames->len; q++) {
                        Value nm = kwnames->items[q];
                        if (IS_STR(nm) && kwname_index(co, AS_STR(nm), 0, co->posonlyargcount) >= 0) {
                            if (sb.len)
                                sb_adds(&sb, ", ");
                            sb_adds(&sb, AS_STR(nm)->data);
                        }
                    }
                    sb_addc(&sb, '\0');
                    err_format(exc_TypeError, "%s() got some positional-only arguments passed "
                               "as keyword arguments: '%s'", fname(fn), sb.data);
                    sb_free(&sb);
                    return -1;
                }
                if (!kwdict) {
                    err_format(exc_TypeError,
                               "%s() got an unexpected keyword argument '%s'",
                               fname(fn), AS_STR(name)->data);
                    return -1;
                }
                if (dict_set(kwdict, name, v) < 0)
                    return -1;
                continue;
            }
            if (locals[j]) {
                err_format(exc_TypeError, "%s() got multiple values for argument '%s'",
                           fname(fn), AS_STR(name)->data);
                return -1;
            }
            locals[j] = v;
        }
    }
    if (nargs > argc && !(co->flags & CO_VARARGS)) {
        int ndef = fn->defaults ? (int)fn->defaults->len : 0;
        int kwgiven = 0;
        for (int i = argc; i < total; i++)
            if (locals[i])
                kwgiven++;
        char sig[64], kws[96] = "";
        if (ndef)
            snprintf(sig, sizeof sig, "from %d to %d", argc - ndef, argc);
        else
            snprintf(sig, sizeof sig, "%d", argc);
        if (kwgiven)
            snprintf(kws, sizeof kws,
                     " positional argument%s (and %d keyword-only argument%s)",
                     nargs != 1 ? "s" : "", kwgiven, kwgiven != 1 ? "s" : "");
        err_format(exc_TypeError, "%s() takes %s positional argument%s but %d%s %s given",
                   fname(fn), sig, (ndef ? argc : argc) != 1 ? "s" : "", nargs, kws,
                   nargs == 1 && !kwgiven ? "was" : "were");
        return -1;
    }
    if (nargs < argc) {
        int ndef = fn->defaults ? (int)fn->defaults->len : 0;
        int m = argc - ndef;
        for (int i = nargs; i < m; i++)
            if (!locals[i]) {
                missing_args(fn, locals, nargs, m, false);
                return -1;
            }
        for (int i = m > nargs ? m : nargs; i < argc; i++)
            if (!locals[i])
                locals[i] = fn->defaults->items[i - m];
    }
    if (co->kwonlyargcount) {
        bool missing = false;
        for (int i = argc; i < total; i++) {
            if (locals[i])
                continue;
            Value d = fn->kwdefaults ? dict_get_str(fn->kwdefaults,
                                                    AS_STR(co->localnames->items[i]))
                                     : VNULL;
            if (d)
                locals[i] = d;
            else
                missing = true;
        }
        if (missing) {
            missing_args(fn, locals, argc, total, true);
            return -1;
        }
    }
    return 0;
}

/* Push a frame for fn with its locals at base and bind the arguments
 * (which may sit at base already, or anywhere else). */
static inline __attribute__((always_inline)) Frame *push_frame(Thread *t, ObjFunction *fn,
                                                                 Value *base, Value *args,
                         int nargs, ObjTuple *kwnames)
{
    ObjCode *co = fn->code;
    int nkw = kwnames ? (int)kwnames->len : 0, ntot = nargs + nkw;
    int nlocals = co->nlocals;
    Frame *nf = t->frame ? t->frame + 1 : FRAMES_BASE(t);
    if (UNLIKELY(t->depth >= vm_recursion_limit || nf >= FRAMES_END(t) - 1)) {
        recursion_error();
        return NULL;
    }
    int wide = nlocals > ntot ? nlocals : ntot;
    if (UNLIKELY(base + wide + ntot + co->stacksize + STACK_SLACK > t->stack_limit)) {
        recursion_error();
        return NULL;
    }
    if (LIKELY(args == base && nkw == 0 && nargs == co->argcount &&
               !(co->flags & (CO_VARARGS | CO_VARKW)) && co->kwonlyargcount == 0)) {
        for (int i = nargs; i < nlocals; i++)
            base[i] = VNULL;
        if (LIKELY(co->flags & CO_SIMPLE))
            goto cells_done; /* no cells, no free variables */
    } else {
        /* args may be NULL when there are none: memmove needs a pointer */
        Value *scratch = base + wide;
        if (ntot)
            memmove(scratch, args, (size_t)ntot * sizeof(Value));
        for (int i = 0; i < nlocals; i++)
            base[i] = VNULL;
        if (bind_args(fn, base, scratch, nargs, kwnames) < 0)
            return NULL;
    }
    if (LIKELY(co->ncellslots == 0 && co->nfree == 0))
        goto cells_done;
    for (int i = 0; i < co->ncellslots; i++) {
        int s = co->cell_slots[i];
        Value c = cell_new(base[s]);
        if (!c)
            return NULL;
        base[s] = c;
    }
    if (co->nfree) {
        ObjTuple *cl = fn->closure;
        if (!cl || cl->len < co->nfree) {
            err_set(exc_RuntimeError, "closure missing");
            return NULL;
        }
        for (int i = 0; i < co->nfree; i++)
            base[nlocals - co->nfree + i] = cl->items[i];
    }
cells_done:
    nf->pc = co->code;
    nf->locals = base;
    nf->top = base + nlocals + co->stacksize + STACK_SLACK / 2;
    nf->ret = NULL;
    nf->code = co;
    nf->func = fn;
    nf->globals = fn->globals;
    nf->locals_dict = NULL;
    nf->gen = NULL;
    nf->prev = t->frame;
    nf->sp = NULL;
    nf->fobj = NULL;
    nf->entry = false;
    nf->tstate = FT_FRESH;
    t->frame = nf;
    t->depth++;
    return nf;
}

static void pop_frame(Thread *t)
{
    if (UNLIKELY(t->frame->fobj))
        frame_detach(t->frame);
    t->frame = t->frame->prev;
    t->depth--;
}

/* The frame was just pushed for a generator function: wrap it up. */
static Value make_generator(Thread *t, Frame *nf)
{
    Value g = gen_new(nf->func, nf->locals);
    pop_frame(t);
    return g;
}

static Value run(Thread *t, Frame *f, bool throwing);

Value vm_call_function(Value func, Value *args, int nargs, ObjTuple *kwnames)
{
    Thread *t = vm_cur;
    if (!IS_FUNCTION(func))
        return err_set(exc_TypeError, "not a function");
    if (c_stack_check(t) < 0)
        return VNULL;
    ObjFunction *fn = AS_FUNCTION(func);
    Frame *nf = push_frame(t, fn, used_top(t), args, nargs, kwnames);
    if (!nf)
        return VNULL;
    if (fn->code->flags & CO_GENERATOR)
        return make_generator(t, nf);
    nf->entry = true;
    t->cdepth++;
    Value r = run(t, nf, false);
    t->cdepth--;
    return r;
}

Value vm_call_with_locals(ObjFunction *fn, ObjDict *ns)
{
    Thread *t = vm_cur;
    if (c_stack_check(t) < 0)
        return VNULL;
    Frame *nf = push_frame(t, fn, used_top(t), NULL, 0, NULL);
    if (!nf)
        return VNULL;
    nf->locals_dict = ns;
    nf->entry = true;
    t->cdepth++;
    Value r = run(t, nf, false);
    t->cdepth--;
    return r;
}

Value vm_run_code(ObjCode *code, ObjDict *globals, ObjDict *locals)
{
    Thread *t = vm_cur;
    if (c_stack_check(t) < 0)
        return VNULL;
    Frame *nf = t->frame ? t->frame + 1 : FRAMES_BASE(t);
    Value *base = used_top(t);
    if (nf >= FRAMES_END(t) - 1 || t->depth >= vm_recursion_limit ||
        base + code->nlocals + code->stacksize + STACK_SLACK > t->stack_limit)
        return recursion_error();
    for (int i = 0; i < code->nlocals; i++)
        base[i] = VNULL;
    nf->pc = code->code;
    nf->locals = base;
    nf->top = base + code->nlocals + code->stacksize + STACK_SLACK / 2;
    nf->ret = NULL;
    nf->code = code;
    nf->func = NULL;
    nf->globals = globals;
    nf->locals_dict = locals ? locals : globals;
    nf->gen = NULL;
    nf->prev = t->frame;
    nf->sp = NULL;
    nf->fobj = NULL;
    nf->entry = true;
    nf->tstate = FT_FRESH;
    t->frame = nf;
    t->depth++;
    t->cdepth++;
    Value r = run(t, nf, false);
    t->cdepth--;
    return r;
}

Value vm_gen_resume(ObjGenerator *g, Value sent, int how)
{
    Thread *t = vm_cur;
    if (c_stack_check(t) < 0)
        return VNULL;
    ObjCode *co = g->code;
    Frame *nf = t->frame ? t->frame + 1 : FRAMES_BASE(t);
    Value *base = used_top(t);
    if (nf >= FRAMES_END(t) - 1 || t->depth >= vm_recursion_limit ||
        base + co->nlocals + co->stacksize + STACK_SLACK > t->stack_limit)
        return recursion_error();
    if (g->nsaved) /* vals may be NULL when empty */
        memcpy(base, g->vals, (size_t)g->nsaved * sizeof(Value));
    Value *sp = base + g->nsaved;
    const uint32_t *pc = co->code + g->pc;
    if (how == RESUME_SEND) {
        if (g->state != GEN_CREATED) {
            *sp++ = sent;
            if (g->in_yield_from)
                pc--; /* run YIELD_FROM again with the sent value */
        }
    }
    g->in_yield_from = false;
    /* The frame's value-stack pointer travels in gen->nsaved: run() reads it
     * through `top` only after setting sp from it, see RESUME below. */
    nf->pc = pc;
    nf->locals = base;
    nf->top = base + co->nlocals + co->stacksize + STACK_SLACK / 2;
    nf->ret = sp; /* for a generator frame: the saved sp (entry frames have no ret) */
    nf->code = co;
    nf->func = g->func;
    nf->globals = g->globals;
    nf->locals_dict = NULL;
    nf->gen = g;
    nf->prev = t->frame;
    nf->sp = NULL;
    nf->fobj = NULL;
    nf->entry = true;
    /* a resumed generator gets a 'call' event; a throw() does not */
    nf->tstate = how == RESUME_THROW ? FT_DONE : FT_CALL;
    t->frame = nf;
    t->depth++;
    g->state = GEN_RUNNING;
    /* A generator that handles no exception of its own sees its caller's
     * (sys.exc_info(), implicit __context__), as in CPython. */
    Value outer = t->exc_info;
    t->exc_info = g->exc_info ? g->exc_info : outer;
    t->cdepth++;
    Value r = run(t, nf, how == RESUME_THROW);
    t->cdepth--;
    g->exc_info = g->state == GEN_DONE || t->exc_info == outer ? VNULL : t->exc_info;
    t->exc_info = outer;
    if (g->state == GEN_DONE && g->vals) {
        if (!g->vals_inline)
            mem_free(g->vals, (size_t)g->nvals * sizeof(Value));
        g->vals = NULL;
        g->nvals = g->nsaved = 0;
    }
    bool async_stop = (co->flags & CO_ASYNC_GENERATOR) && err_matches(exc_StopAsyncIteration);
    if (!r && (err_matches(exc_StopIteration) || async_stop)) {
        /* PEP 479 */
        Value si = err_fetch();
        err_set(exc_RuntimeError, coro_stop_message(g, async_stop));
        Value e = t->exc;
        if (e && IS_EXCEPTION(e)) {
            AS_EXC(e)->cause = si;
            AS_EXC(e)->context = si;
            AS_EXC(e)->suppress_context = true;
        }
    }
    return r;
}

Value vm_stopiteration_value(void)
{
    if (!err_matches(exc_StopIteration))
        return VNULL;
    Value e = err_fetch();
    if (IS_EXCEPTION(e) && AS_EXC(e)->args && AS_EXC(e)->args->len > 0)
        return AS_EXC(e)->args->items[0];
    return NONE;
}

Value vm_import(ObjStr *name)
{
    return module_import(name);
}

/* ---- introspection for builtins --------------------------------------- */

Value vm_current_globals(void)
{
    Frame *f = vm_cur->frame;
    if (f)
        return OBJ_VAL(f->globals);
    Value m = dict_get_str(vm_modules, str_intern_cstr("__main__"));
    if (m && IS_MODULE(m))
        return OBJ_VAL(AS_MODULE(m)->dict);
    return dict_new();
}

Value vm_current_locals(void)
{
    Frame *f = vm_cur->frame;
    if (!f)
        return vm_current_globals();
    if (f->locals_dict)
        return OBJ_VAL(f->locals_dict);
    Value d = dict_new();
    if (!d)
        return VNULL;
    ObjCode *co = f->code;
    for (int i = 0; i < co->nlocals; i++) {
        Value v = f->locals[i];
        if (!v)
            continue;
        bool is_cell = i >= co->nlocals - co->nfree;
        for (int k = 0; !is_cell && k < co->ncellslots; k++)
            if (co->cell_slots[k] == i)
                is_cell = true;
        if (is_cell) {
            if (!IS_TYPE_EXACT(v, &type_cell))
                continue;
            v = AS_CELL(v)->value;
            if (!v)
                continue;
        }
        if (dict_set(d, co->localnames->items[i], v) < 0)
            return VNULL;
    }
    return d;
}

Value vm_super_noargs(void)
{
    Frame *f = vm_cur->frame;
    if (!f || !f->func)
        return err_set(exc_RuntimeError, "super(): no arguments");
    ObjCode *co = f->code;
    if (co->argcount == 0 && !(co->flags & CO_VARARGS))
        return err_set(exc_RuntimeError, "super(): no arguments");
    Value first = f->locals[0];
    for (int k = 0; k < co->ncellslots; k++)
        if (co->cell_slots[k] == 0 && first && IS_TYPE_EXACT(first, &type_cell))
            first = AS_CELL(first)->value;
    if (!first)
        return err_set(exc_RuntimeError, "super(): arg[0] deleted");
    Value cls = VNULL;
    for (int i = co->nlocals - co->nfree; i < co->nlocals; i++) {
        if (AS_STR(co->localnames->items[i]) == s_class ||
            str_eq(AS_STR(co->localnames->items[i]), s_class)) {
            Value c = f->locals[i];
            if (!c || !IS_TYPE_EXACT(c, &type_cell))
                break;
            cls = AS_CELL(c)->value;
            if (!cls)
                return err_set(exc_RuntimeError, "super(): empty __class__ cell");
            break;
        }
    }
    if (!cls)
        return err_set(exc_RuntimeError, "super(): __class__ cell not found");
    if (!IS_TYPEOBJ(cls))
        return err_set(exc_RuntimeError, "super(): __class__ is not a type");
    Value args[2] = {cls, first};
    return obj_call(OBJ_VAL(&type_super), args, 2, NULL);
}

/* ---- slow paths of the loop ------------------------------------------- */

/* Where name sits in d's entries, for the inline caches: a hash probe,
 * so a module that stores 200,000 new globals stays linear overall.  The
 * caches compare the entry's key by pointer, so an equal key that is not
 * this very string just misses again. */
static inline int64_t entry_index(ObjDict *d, ObjStr *name)
{
    return dict_index_str(d, name);
}

static GlobalCache *code_cache(ObjCode *co)
{
    if (!co->vm_cache && co->names && co->names->len > 0) {
        AttrCache *block = mem_calloc(1, VM_CACHE_BYTES(co->names->len));
        co->vm_cache = block + (size_t)co->names->len * AC_WAYS; /* frame.h */
    }
    return co->vm_cache;
}

/* ---- attribute inline caches (frame.h: AttrCache) --------------------- */

static inline AttrCache *attr_caches(ObjCode *co, uint32_t i)
{
    void *vc = co->vm_cache;
    if (UNLIKELY(!vc) && !(vc = code_cache(co)))
        return NULL;
    return VM_ATTR_CACHE(vc, i);
}

/* No type's namespace has changed since c was filled (a type's base never
 * changes, and its dict is always marked DICT_TYPE_NS). */
static inline bool ac_valid(const AttrCache *c)
{
    return c->epoch == dict_type_epoch;
}

static AttrCache *ac_fill(AttrCache *cs, Type *tp, ObjStr *name)
{
    if (!tp->mro)
        return NULL;
    if (!name->interned)
        return NULL;
    Value v = type_lookup(tp, name);
    AttrCache *e;
    if (cs[0].type == tp || !cs[0].type) {
        e = &cs[0];
    } else if (cs[1].type == tp || !cs[1].type) {
        e = &cs[1];
    } else {
        cs[1] = cs[0];
        e = &cs[0];
    }
    Type *vt = v ? TYPE(v) : NULL;
    bool generic_get = tp->getattr == NULL || tp->getattr == obj_generic_getattr;
    bool generic_set = tp->setattr == NULL || tp->setattr == obj_generic_setattr;
    uint32_t flags = 0;
    if (generic_get && (tp->flags & TF_HAS_DICT))
        flags |= AC_DICT;
    if (vt && vt->descr_set && vt->descr_get)
        flags |= AC_DATA;
    if (generic_get && v &&
        (IS_FUNCTION(v) || (IS_NATIVE(v) && (AS_OBJ(v)->obj_flags & NATIVE_METHOD))))
        flags |= AC_METHOD;
    if (generic_set && (tp->flags & TF_HAS_DICT) && (tp->flags & TF_HEAPTYPE) &&
        !(vt && vt->descr_set))
        flags |= AC_STORE;
    e->type = tp;
    e->value = v;
    e->idx = 0;
    e->epoch = dict_type_epoch;
    e->flags = flags;
    return e;
}

/* The valid cache entry for instances of tp, filling one if needed. */
static inline AttrCache *ac_lookup(ObjCode *co, uint32_t i, Type *tp, ObjStr *name)
{
    AttrCache *cs = attr_caches(co, i);
    if (UNLIKELY(!cs))
        return NULL;
    if (LIKELY(cs[0].type == tp) && ac_valid(&cs[0]))
        return &cs[0];
    if (cs[1].type == tp && ac_valid(&cs[1]))
        return &cs[1];
    return ac_fill(cs, tp, name);
}

/* Remember where name sits in d (small dicts only: in a big instance
 * dict, a miss would then cost two probes, and instances alternate). */
static inline void ac_note_index(AttrCache *c, ObjDict *d, ObjStr *name)
{
    if (d->nentries <= 16) {
        int64_t i = entry_index(d, name);
        if (i >= 0)
            c->idx = i;
    }
}

/* Does the instance dict d have the key name?  Small dicts whose keys are
 * all interned strings are scanned by pointer; others are probed. */
static inline bool has_name(ObjDict *d, ObjStr *name)
{
    if (d->len == 0 || (name->hash != -1 && !(d->keymask & DICT_KEYBIT(name->hash))))
        return false;
    if (d->nentries <= 8) {
        Value k = OBJ_VAL(name);
        for (int64_t i = 0; i < d->nentries; i++) {
            Value e = d->entries[i].key;
            if (e == k)
                return true;
            if (e && (!IS_STR(e) || !AS_STR(e)->interned))
                return dict_get_str(d, name) != VNULL;
        }
        return false;
    }
    return dict_get_str(d, name) != VNULL;
}

static void unbound_local(ObjCode *co, uint32_t slot)
{
    err_format(exc_UnboundLocalError,
               "cannot access local variable '%s' where it is not associated with a value",
               AS_STR(co->localnames->items[slot])->data);
}

static Value name_error(ObjStr *name)
{
    return err_format(exc_NameError, "name '%s' is not defined", name->data);
}

static Value load_global_slow(GlobalCache *c, ObjDict *g, ObjStr *name)
{
    Value v = dict_get_str(g, name);
    if (v) {
        if (c) {
            c->globals = g;
            c->gidx = entry_index(g, name);
        }
        return v;
    }
    ObjDict *b = vm_builtins;
    if (c) {
        c->globals = g;
        c->gidx = -1;
        c->gver = g->version;
        if (c->bidx >= 0 && c->bidx < b->nentries && b->entries[c->bidx].key == OBJ_VAL(name))
            return b->entries[c->bidx].value;
    }
    v = dict_get_str(b, name);
    if (v) {
        if (c)
            c->bidx = entry_index(b, name);
        return v;
    }
    if (c)
        c->bidx = -1;
    return name_error(name);
}

static Value load_name(Frame *f, ObjStr *name)
{
    Value v;
    if (f->locals_dict) {
        if (IS_DICT(OBJ_VAL(f->locals_dict))) {
            v = dict_get_str(f->locals_dict, name);
        } else {
            v = obj_getitem(OBJ_VAL(f->locals_dict), OBJ_VAL(name));
            if (!v && !err_matches(exc_KeyError))
                return VNULL;
            if (!v)
                err_clear();
        }
        if (v)
            return v;
    }
    v = dict_get_str(f->globals, name);
    if (v)
        return v;
    v = dict_get_str(vm_builtins, name);
    if (v)
        return v;
    return name_error(name);
}

/* Instance attribute fast path: CPython's generic getattr order. */
static Value load_attr(Value o, ObjStr *name)
{
    Type *tp = TYPE(o);
    if ((tp->getattr == NULL || tp->getattr == obj_generic_getattr) &&
        (tp->flags & TF_HAS_DICT) && IS_OBJ(o) && name->interned) {
        Value d = type_lookup(tp, name);
        Type *dt = d ? TYPE(d) : NULL;
        if (d && dt->descr_set && dt->descr_get)
            return dt->descr_get(d, o, OBJ_VAL(tp));
        ObjDict *dict = AS_INSTANCE(o)->dict;
        if (dict) {
            Value v = dict_get_str(dict, name);
            if (v)
                return v;
        }
        if (d) {
            if (dt->descr_get)
                return dt->descr_get(d, o, OBJ_VAL(tp));
            return d;
        }
    }
    return obj_getattr(o, name);
}

static int store_attr(Value o, ObjStr *name, Value v)
{
    Type *tp = TYPE(o);
    if ((tp->setattr == NULL || tp->setattr == obj_generic_setattr) &&
        (tp->flags & TF_HAS_DICT) && (tp->flags & TF_HEAPTYPE) && IS_OBJ(o) &&
        AS_INSTANCE(o)->dict && name->interned) {
        Value d = type_lookup(tp, name);
        if (!d || !TYPE(d)->descr_set)
            return dict_set_str(AS_INSTANCE(o)->dict, name, v);
    }
    return obj_setattr(o, name, v);
}

static Value do_binop(Value a, Value b, int op, bool inplace)
{
    return inplace ? obj_inplace_op(a, b, op) : obj_binop(a, b, op);
}

static Value format_value(Value v, int which, Value spec)
{
    switch (which & 3) {
    case 1: v = obj_str(v); break;
    case 2: v = obj_repr(v); break;
    case 3: v = obj_ascii(v); break;
    default: break;
    }
    if (!v)
        return VNULL;
    if (!spec) {
        if (IS_STR(v))
            return v;
        spec = str_from_cstr("");
        if (!spec)
            return VNULL;
    }
    if (!IS_STR(spec))
        return err_set(exc_TypeError, "format spec must be a str");
    return str_format_spec(v, AS_STR(spec));
}

static int unpack(Value seq, int n, Value *out /* out[0] = first */)
{
    Value *items = NULL;
    int64_t len = -1;
    if (IS_TUPLE(seq)) {
        items = AS_TUPLE(seq)->items;
        len = AS_TUPLE(seq)->len;
    } else if (IS_LIST(seq)) {
        items = AS_LIST(seq)->items;
        len = AS_LIST(seq)->len;
    }
    if (items) {
        if (len == n) {
            for (int i = 0; i < n; i++)
                out[i] = items[i];
            return 0;
        }
        if (len < n)
            err_format(exc_ValueError, "not enough values to unpack (expected %d, got %lld)",
                       n, (long long)len);
        else
            err_format(exc_ValueError, "too many values to unpack (expected %d)", n);
        return -1;
    }
    if (!TYPE(seq)->iter && !TYPE(seq)->getitem) {
        err_format(exc_TypeError, "cannot unpack non-iterable %s object", TYPE(seq)->name);
        return -1;
    }
    Value it = obj_iter(seq);
    if (!it)
        return -1;
    for (int i = 0; i < n; i++) {
        Value v = obj_next(it);
        if (!v) {
            if (err_occurred())
                return -1;
            err_format(exc_ValueError, "not enough values to unpack (expected %d, got %d)", n, i);
            return -1;
        }
        out[i] = v;
    }
    Value extra = obj_next(it);
    if (extra) {
        err_format(exc_ValueError, "too many values to unpack (expected %d)", n);
        return -1;
    }
    return err_occurred() ? -1 : 0;
}

/* UNPACK_EX: pushes after..., rest list, before... (first on top). */
static Value *unpack_ex(Value seq, int before, int after, Value *sp)
{
    if (!TYPE(seq)->iter && !TYPE(seq)->getitem) {
        err_format(exc_TypeError, "cannot unpack non-iterable %s object", TYPE(seq)->name);
        return NULL;
    }
    Value l = obj_to_list(seq);
    if (!l)
        return NULL;
    ObjList *lst = AS_LIST(l);
    int64_t len = lst->len;
    if (len < before + after) {
        err_format(exc_ValueError,
                   "not enough values to unpack (expected at least %d, got %lld)",
                   before + after, (long long)len);
        return NULL;
    }
    for (int i = 0; i < after; i++)
        *sp++ = lst->items[len - 1 - i];
    Value rest = list_from(lst->items + before, len - before - after);
    if (!rest)
        return NULL;
    *sp++ = rest;
    for (int i = before - 1; i >= 0; i--)
        *sp++ = lst->items[i];
    return sp;
}

/* IMPORT_NAME: builtins.__import__(name, globals, None, fromlist, level),
 * straight to the C import when __import__ is still the built-in one. */
static Value import_name(Frame *f, ObjStr *name, Value fromlist, Value level)
{
    Value imp = dict_get_str(vm_builtins, s_import);
    if (!imp)
        return err_set(exc_ImportError, "__import__ not found");
    Value g = OBJ_VAL(f->globals);
    if (LIKELY(IS_NATIVE(imp) && AS_NATIVE(imp)->fn == import_builtin_import))
        return import_module_level(name, g, fromlist, IS_INT(level) ? (int)AS_INT(level) : 0);
    Value locals = f->locals_dict ? OBJ_VAL(f->locals_dict) : NONE;
    Value args[5] = {OBJ_VAL(name), g, locals, fromlist, level};
    return obj_call(imp, args, 5, NULL);
}

static int dict_merge(Value d, Value m, Value func)
{
    if (!IS_DICT(m)) {
        Value keys = obj_getattr_opt(m, str_intern_cstr("keys"));
        if (!keys) {
            if (err_occurred())
                return -1;
            Value fs = vm_func_str(func);
            err_format(exc_TypeError, "%s argument after ** must be a mapping, not %s",
                       fs ? AS_STR(fs)->data : "?", TYPE(m)->name);
            return -1;
        }
        Value ks = obj_call0(keys);
        if (!ks)
            return -1;
        Value kl = obj_to_list(ks);
        if (!kl)
            return -1;
        Value tmp = dict_new();
        if (!tmp)
            return -1;
        for (int64_t i = 0; i < AS_LIST(kl)->len; i++) {
            Value k = AS_LIST(kl)->items[i];
            Value v = obj_getitem(m, k);
            if (!v || dict_set(tmp, k, v) < 0)
                return -1;
        }
        m = tmp;
    }
    int64_t pos = 0;
    Value k, v;
    while (dict_next(AS_DICT(m), &pos, &k, &v)) {
        if (!IS_STR(k)) {
            Value fs = vm_func_str(func);
            err_format(exc_TypeError, "%s keywords must be strings", fs ? AS_STR(fs)->data : "?");
            return -1;
        }
        Value old = dict_get(d, k);
        if (old) {
            Value fs = vm_func_str(func);
            err_format(exc_TypeError, "%s got multiple values for keyword argument '%s'",
                       fs ? AS_STR(fs)->data : "?", AS_STR(k)->data);
            return -1;
        }
        if (err_occurred() || dict_set(d, k, v) < 0)
            return -1;
    }
    return 0;
}

static Value check_exc_match(Value exc, Value type)
{
    if (IS_TUPLE(type)) {
        for (int64_t i = 0; i < AS_TUPLE(type)->len; i++) {
            Value t = AS_TUPLE(type)->items[i];
            if (!IS_TYPEOBJ(t) || !(AS_TYPE(t)->flags & TF_EXCEPTION))
                return err_set(exc_TypeError, "catching classes that do not inherit "
                                              "from BaseException is not allowed");
        }
        for (int64_t i = 0; i < AS_TUPLE(type)->len; i++)
            if (obj_isinstance(exc, AS_TYPE(AS_TUPLE(type)->items[i])))
                return TRUE_V;
        return FALSE_V;
    }
    if (!IS_TYPEOBJ(type) || !(AS_TYPE(type)->flags & TF_EXCEPTION))
        return err_set(exc_TypeError, "catching classes that do not inherit "
                                      "from BaseException is not allowed");
    return BOOL_V(obj_isinstance(exc, AS_TYPE(type)));
}

/* RAISE_VARARGS 1/2: make the exception (instantiating classes) and raise. */
static void do_raise(Value exc, Value cause)
{
    if (IS_TYPEOBJ(exc)) {
        if (!(AS_TYPE(exc)->flags & TF_EXCEPTION)) {
            err_set(exc_TypeError, "exceptions must derive from BaseException");
            return;
        }
        Value cls = exc;
        exc = obj_call0(cls);
        if (!exc)
            return;
        if (!IS_EXCEPTION(exc)) {
            err_format(exc_TypeError,
                       "calling %R should have returned an instance of BaseException, not %R",
                       cls, OBJ_VAL(TYPE(exc)));
            return;
        }
    } else if (!IS_EXCEPTION(exc)) {
        err_set(exc_TypeError, "exceptions must derive from BaseException");
        return;
    }
    if (cause) {
        if (IS_NONE(cause)) {
            cause = VNULL;
        } else if (IS_TYPEOBJ(cause) && (AS_TYPE(cause)->flags & TF_EXCEPTION)) {
            cause = obj_call0(cause);
            if (!cause)
                return;
        } else if (!IS_EXCEPTION(cause)) {
            err_set(exc_TypeError, "exception causes must derive from BaseException");
            return;
        }
        AS_EXC(exc)->cause = cause;
        AS_EXC(exc)->suppress_context = true;
    }
    err_set_value(exc);
}

static Value before_with(Value mgr, Value *exit_out)
{
    Type *tp = TYPE(mgr);
    Value en = type_lookup(tp, s_enter), ex = type_lookup(tp, s_exit);
    if (!en || !ex)
        return err_format(exc_TypeError,
                          "'%s' object does not support the context manager protocol",
                          tp->name);
    Value bound;
    if (TYPE(ex)->descr_get)
        bound = TYPE(ex)->descr_get(ex, mgr, OBJ_VAL(tp));
    else
        bound = ex;
    if (!bound)
        return VNULL;
    *exit_out = bound;
    if (IS_FUNCTION(en) || IS_NATIVE(en))
        return obj_call1(en, mgr);
    Value b = TYPE(en)->descr_get ? TYPE(en)->descr_get(en, mgr, OBJ_VAL(tp)) : en;
    return b ? obj_call0(b) : VNULL;
}

static int print_expr(Value v)
{
    /* the value of an expression statement in 'single' code (the REPL,
     * pdb) goes to sys.displayhook, as in CPython */
    Value hook = sys_get_displayhook();
    if (!hook) {
        if (!err_occurred())
            err_set(exc_RuntimeError, "lost sys.displayhook");
        return -1;
    }
    Value r = obj_call(hook, &v, 1, NULL);
    return r ? 0 : -1;
}

static const ExcEntry *find_handler(ObjCode *co, uint32_t idx)
{
    for (int i = 0; i < co->nexc; i++) {
        const ExcEntry *e = &co->exctable[i];
        if (idx >= e->start && idx < e->end)
            return e;
    }
    return NULL;
}

/* ---- the loop ---------------------------------------------------------- */

#ifdef BATON_TRACE_EXEC
#define TRACE_OP() fprintf(stderr, "  %4d %s %u\n", (int)(pc - code_start), \
                           opcode_names[OPCODE(*pc)], ARG(*pc))
#else
#define TRACE_OP() ((void)0)
#endif

/* With a trace or profile function set (Thread.tracing), every
 * instruction goes through the tracing label first: DISPATCH jumps through
 * `tbl`, which is `labels` or `trace_labels` (all entries the tracing
 * label); EXEC_INSTR runs the instruction in `instr` itself.  The loop
 * looks at Thread.tracing again only where a hook may have been set or
 * cleared: entering run(), after a call returns, on unwinding. */
#ifdef BATON_COMPUTED_GOTO
#define CASE(name) L_##name:
#define DISPATCH() do { TRACE_OP(); instr = *pc++; goto *tbl[OPCODE(instr)]; } while (0)
#define EXEC_INSTR() goto *labels[OPCODE(instr)]
#define TRACING_RELOAD() (tbl = UNLIKELY(t->tracing) ? trace_labels : labels)
#define DEFAULT L_bad:
#else
#define CASE(name) case OP_##name:
#define DISPATCH() goto dispatch
#define EXEC_INSTR() goto dispatch_now
#define TRACING_RELOAD() (tron = t->tracing)
#define DEFAULT default:
#endif

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define oparg ARG(instr)
#define CHECK(x) do { if (UNLIKELY(!(x))) goto error; } while (0)
#define LOAD_FRAME() do { \
        code_start = f->code->code; pc = f->pc; locals = f->locals; \
        consts = f->code->consts ? f->code->consts->items : NULL; \
        names = f->code->names ? f->code->names->items : NULL; \
    } while (0)
#define BREAKER() do { \
        uint32_t eb_ = atomic_load_explicit(&vm_eval_breaker, memory_order_relaxed); \
        if (UNLIKELY(eb_) && (eb_ != EB_GIL_TICK || --t->gil_ticks <= 0)) { \
            f->pc = pc; \
            f->sp = sp; \
            int brk_ = vm_handle_breaker(); \
            f->sp = NULL; \
            if (brk_ < 0) goto error; \
        } \
    } while (0)
#define STACK_BASE() (locals + f->code->nlocals)

static Value run(Thread *t, Frame *f, bool throwing)
{
#ifdef BATON_COMPUTED_GOTO
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#pragma GCC diagnostic ignored "-Wpedantic"
    static const void *const labels[256] = {
        [0 ... 255] = &&L_bad,
#define OP_LABEL(name, effect) [OP_##name] = &&L_##name,
        OPCODE_LIST(OP_LABEL)
#undef OP_LABEL
    };
    static const void *const trace_labels[256] = {[0 ... 255] = &&L_trace};
    const void *const *tbl;
#pragma GCC diagnostic pop
#else
    bool tron;
#endif
    const uint32_t *pc, *code_start;
    Value *sp, *locals, *consts, *names;
    uint32_t instr;
    ObjTuple *kwnames = NULL;
    Value a, b, v, res;

    LOAD_FRAME();
    TRACING_RELOAD();
    if (f->gen) {
        sp = f->ret; /* vm_gen_resume put the saved sp there */
        f->ret = NULL;
    } else {
        sp = STACK_BASE();
    }
    if (throwing)
        goto exception_tb;

#ifdef BATON_COMPUTED_GOTO
    DISPATCH();
#else
dispatch:
    TRACE_OP();
    instr = *pc++;
    if (UNLIKELY(tron))
        goto L_trace;
dispatch_now:
    switch (OPCODE(instr)) {
#endif

    CASE(NOP) DISPATCH();
    CASE(POP_TOP) sp--; DISPATCH();
    CASE(DUP_TOP) a = TOP(); PUSH(a); DISPATCH();
    CASE(DUP_TOP_TWO) a = sp[-2]; b = sp[-1]; PUSH(a); PUSH(b); DISPATCH();
    CASE(ROT_TWO) a = sp[-1]; sp[-1] = sp[-2]; sp[-2] = a; DISPATCH();
    CASE(ROT_THREE) a = sp[-1]; sp[-1] = sp[-2]; sp[-2] = sp[-3]; sp[-3] = a; DISPATCH();
    CASE(ROT_FOUR)
        a = sp[-1]; sp[-1] = sp[-2]; sp[-2] = sp[-3]; sp[-3] = sp[-4]; sp[-4] = a;
        DISPATCH();
    CASE(PUSH_NULL) PUSH(VNULL); DISPATCH();
    CASE(LOAD_CONST) PUSH(consts[oparg]); DISPATCH();
    CASE(LOAD_FAST)
        v = locals[oparg];
        if (UNLIKELY(!v)) {
            unbound_local(f->code, oparg);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    /* The local of a superinstruction (FUSED_LOCAL), into dst. */
#define READ_FUSED_LOCAL(dst) do { \
        dst = locals[FUSED_LOCAL(oparg)]; \
        if (UNLIKELY(!dst)) { \
            unbound_local(f->code, FUSED_LOCAL(oparg)); \
            goto error; \
        } \
    } while (0)
    /* The LOAD_FAST half here, then the second instruction's body with
     * instr rewritten to it (a direct jump, not a dispatch). */
#define PUSH_FUSED_LOCAL() do { \
        READ_FUSED_LOCAL(v); \
        PUSH(v); \
    } while (0)
    CASE(LOAD_FAST_ATTR)
        PUSH_FUSED_LOCAL();
        instr = INSTR(OP_LOAD_ATTR, FUSED_NAME(oparg));
        goto load_attr;
    CASE(STORE_FAST_ATTR)
        PUSH_FUSED_LOCAL();
        instr = INSTR(OP_STORE_ATTR, FUSED_NAME(oparg));
        goto store_attr;
    CASE(LOAD_FAST_METHOD)
        PUSH_FUSED_LOCAL();
        instr = INSTR(OP_LOAD_METHOD, FUSED_NAME(oparg));
        goto load_method;
#undef PUSH_FUSED_LOCAL
    CASE(STORE_FAST) locals[oparg] = POP(); DISPATCH();
    CASE(DELETE_FAST)
        if (!locals[oparg]) {
            unbound_local(f->code, oparg);
            goto error;
        }
        locals[oparg] = VNULL;
        DISPATCH();
    CASE(LOAD_DEREF)
        v = AS_CELL(locals[oparg])->value;
        if (UNLIKELY(!v)) {
        unbound_deref:
            if ((int)oparg >= f->code->nlocals - f->code->nfree)
                err_format(exc_NameError,
                           "cannot access free variable '%s' where it is not associated "
                           "with a value in enclosing scope",
                           AS_STR(f->code->localnames->items[oparg])->data);
            else
                err_format(exc_UnboundLocalError,
                           "cannot access local variable '%s' where it is not associated with a value",
                           AS_STR(f->code->localnames->items[oparg])->data);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    CASE(STORE_DEREF) AS_CELL(locals[oparg])->value = POP(); DISPATCH();
    CASE(DELETE_DEREF)
        if (!AS_CELL(locals[oparg])->value)
            goto unbound_deref;
        AS_CELL(locals[oparg])->value = VNULL;
        DISPATCH();
    CASE(LOAD_CLOSURE) PUSH(locals[oparg]); DISPATCH();
    CASE(LOAD_CLASSDEREF) {
        ObjStr *name = AS_STR(f->code->localnames->items[oparg]);
        v = f->locals_dict ? dict_get_str(f->locals_dict, name) : VNULL;
        if (!v) {
            v = AS_CELL(locals[oparg])->value;
            if (!v)
                goto unbound_deref;
        }
        PUSH(v);
        DISPATCH();
    }
    CASE(LOAD_GLOBAL) {
        ObjDict *g = f->globals;
        GlobalCache *c = f->code->vm_cache ? (GlobalCache *)f->code->vm_cache + oparg
                                           : code_cache(f->code) + oparg;
        Value name = names[oparg];
        if (LIKELY(c->globals == g)) {
            if (c->gidx >= 0) {
                if (LIKELY(c->gidx < g->nentries && g->entries[c->gidx].key == name)) {
                    PUSH(g->entries[c->gidx].value);
                    DISPATCH();
                }
            } else if (c->gver == g->version) {
                ObjDict *bd = vm_builtins;
                if (LIKELY(c->bidx >= 0 && c->bidx < bd->nentries &&
                           bd->entries[c->bidx].key == name)) {
                    PUSH(bd->entries[c->bidx].value);
                    DISPATCH();
                }
            }
        }
        v = load_global_slow(c, g, AS_STR(name));
        CHECK(v);
        PUSH(v);
        DISPATCH();
    }
    CASE(STORE_GLOBAL) {
        ObjDict *g = f->globals;
        GlobalCache *c = f->code->vm_cache ? (GlobalCache *)f->code->vm_cache + oparg
                                           : code_cache(f->code) + oparg;
        Value name = names[oparg];
        v = POP();
        if (LIKELY(c->globals == g && c->gidx >= 0 && c->gidx < g->nentries &&
                   g->entries[c->gidx].key == name)) {
            g->entries[c->gidx].value = v;
            g->version = ++dict_version_counter;
            DISPATCH();
        }
        CHECK(dict_set_str(g, AS_STR(name), v) >= 0);
        c->globals = g;
        c->gidx = entry_index(g, AS_STR(name));
        DISPATCH();
    }
    CASE(DELETE_GLOBAL) {
        Value name = names[oparg];
        if (!dict_get_str(f->globals, AS_STR(name))) {
            name_error(AS_STR(name));
            goto error;
        }
        CHECK(dict_del(OBJ_VAL(f->globals), name) >= 0);
        DISPATCH();
    }
    CASE(LOAD_NAME)
        v = load_name(f, AS_STR(names[oparg]));
        CHECK(v);
        PUSH(v);
        DISPATCH();
    CASE(STORE_NAME) {
        v = POP();
        ObjDict *ns = f->locals_dict ? f->locals_dict : f->globals;
        if (IS_DICT(OBJ_VAL(ns)))
            CHECK(dict_set_str(ns, AS_STR(names[oparg]), v) >= 0);
        else
            CHECK(obj_setitem(OBJ_VAL(ns), names[oparg], v) >= 0);
        DISPATCH();
    }
    CASE(DELETE_NAME) {
        ObjDict *ns = f->locals_dict ? f->locals_dict : f->globals;
        if (!dict_get_str(ns, AS_STR(names[oparg]))) {
            name_error(AS_STR(names[oparg]));
            goto error;
        }
        CHECK(dict_del(OBJ_VAL(ns), names[oparg]) >= 0);
        DISPATCH();
    }
    CASE(LOAD_ATTR) load_attr: {
        a = TOP();
        ObjStr *name = AS_STR(names[oparg]);
        if (LIKELY(IS_OBJ(a))) {
            Type *tp = AS_OBJ(a)->type;
            AttrCache *c = ac_lookup(f->code, oparg, tp, name);
            if (c && (c->flags & (AC_DICT | AC_DATA)) == AC_DICT) {
                ObjDict *d = AS_INSTANCE(a)->dict;
                if (LIKELY(d != NULL)) {
                    int64_t i = c->idx;
                    if (LIKELY(i < d->nentries && d->entries[i].key == OBJ_VAL(name))) {
                        sp[-1] = d->entries[i].value;
                        DISPATCH();
                    }
                    v = dict_get_str(d, name);
                    if (v) {
                        ac_note_index(c, d, name);
                        sp[-1] = v;
                        DISPATCH();
                    }
                }
                if (c->value) {
                    Type *vt = TYPE(c->value);
                    v = vt->descr_get ? vt->descr_get(c->value, a, OBJ_VAL(tp)) : c->value;
                    CHECK(v);
                    sp[-1] = v;
                    DISPATCH();
                }
            }
        }
        f->pc = pc; /* f_lineno of a running frame, read through a getattr */
        v = load_attr(a, name);
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    }
    CASE(STORE_ATTR) store_attr: {
        a = sp[-1];
        ObjStr *name = AS_STR(names[oparg]);
        if (LIKELY(IS_OBJ(a))) {
            AttrCache *c = ac_lookup(f->code, oparg, AS_OBJ(a)->type, name);
            ObjDict *d;
            if (c && (c->flags & AC_STORE) && (d = AS_INSTANCE(a)->dict) != NULL) {
                int64_t i = c->idx;
                if (LIKELY(i < d->nentries && d->entries[i].key == OBJ_VAL(name))) {
                    d->entries[i].value = sp[-2];
                    d->version = ++dict_version_counter;
                } else {
                    CHECK(dict_set_str(d, name, sp[-2]) >= 0);
                    ac_note_index(c, d, name);
                }
                sp -= 2;
                DISPATCH();
            }
        }
        CHECK(store_attr(a, name, sp[-2]) >= 0);
        sp -= 2;
        DISPATCH();
    }
    CASE(DELETE_ATTR)
        CHECK(obj_setattr(sp[-1], AS_STR(names[oparg]), VNULL) >= 0);
        sp--;
        DISPATCH();
    CASE(LOAD_METHOD) load_method: {
        Value o = TOP();
        ObjStr *name = AS_STR(names[oparg]);
        Type *tp = TYPE(o);
        if (LIKELY(IS_OBJ(o))) {
            AttrCache *c = ac_lookup(f->code, oparg, tp, name);
            if (c && (c->flags & AC_METHOD)) {
                ObjDict *d = (tp->flags & TF_HAS_DICT) ? AS_INSTANCE(o)->dict : NULL;
                if (!d || !has_name(d, name)) {
                    sp[-1] = c->value;
                    PUSH(o);
                    DISPATCH();
                }
            }
        }
        if ((tp->getattr == NULL || tp->getattr == obj_generic_getattr) && name->interned) {
            Value m = type_lookup(tp, name);
            if (m && (IS_FUNCTION(m) ||
                      (IS_NATIVE(m) && (AS_OBJ(m)->obj_flags & NATIVE_METHOD)))) {
                if (!(tp->flags & TF_HAS_DICT) || !IS_OBJ(o) || !AS_INSTANCE(o)->dict ||
                    !dict_get_str(AS_INSTANCE(o)->dict, name)) {
                    sp[-1] = m;
                    PUSH(o);
                    DISPATCH();
                }
            }
        }
        f->pc = pc;
        v = load_attr(o, name);
        CHECK(v);
        sp[-1] = v;
        PUSH(VNULL);
        DISPATCH();
    }
    CASE(BINARY_SUBSCR) {
        b = sp[-1];
        a = sp[-2];
        if (IS_LIST(a) && IS_INT(b)) {
            int64_t i = AS_INT(b), n = AS_LIST(a)->len;
            if (i < 0)
                i += n;
            if ((uint64_t)i < (uint64_t)n) {
                sp[-2] = AS_LIST(a)->items[i];
                sp--;
                DISPATCH();
            }
        }
        v = obj_getitem(a, b);
        CHECK(v);
        sp[-2] = v;
        sp--;
        DISPATCH();
    }
    CASE(STORE_SUBSCR) {
        b = sp[-1];
        a = sp[-2];
        if (IS_LIST(a) && IS_INT(b)) {
            int64_t i = AS_INT(b), n = AS_LIST(a)->len;
            if (i < 0)
                i += n;
            if ((uint64_t)i < (uint64_t)n) {
                AS_LIST(a)->items[i] = sp[-3];
                sp -= 3;
                DISPATCH();
            }
        }
        CHECK(obj_setitem(a, b, sp[-3]) >= 0);
        sp -= 3;
        DISPATCH();
    }
    CASE(DELETE_SUBSCR)
        CHECK(obj_setitem(sp[-2], sp[-1], VNULL) >= 0);
        sp -= 2;
        DISPATCH();
    CASE(BUILD_SLICE)
        if (oparg == 3) {
            v = slice_new(sp[-3], sp[-2], sp[-1]);
            CHECK(v);
            sp -= 2;
        } else {
            v = slice_new(sp[-2], sp[-1], NONE);
            CHECK(v);
            sp -= 1;
        }
        sp[-1] = v;
        DISPATCH();

    CASE(BINARY_ADD) {
        b = sp[-1];
        a = sp[-2];
        int64_t r;
        if (LIKELY(IS_INT(a) && IS_INT(b)) &&
            !__builtin_add_overflow((int64_t)a, (int64_t)b - 1, &r)) {
            sp[-2] = (Value)r;
            sp--;
            DISPATCH();
        }
        if (IS_FLOAT(a) && IS_FLOAT(b))
            v = float_new(AS_FLOAT(a) + AS_FLOAT(b));
        else if (IS_STR(a) && IS_STR(b))
            v = str_concat(a, b);
        else
            v = do_binop(a, b, NB_ADD, oparg);
        CHECK(v);
        sp[-2] = v;
        sp--;
        DISPATCH();
    }
    CASE(BINARY_SUB) {
        b = sp[-1];
        a = sp[-2];
        int64_t r;
        if (LIKELY(IS_INT(a) && IS_INT(b)) &&
            !__builtin_sub_overflow((int64_t)a, (int64_t)b - 1, &r)) {
            sp[-2] = (Value)r;
            sp--;
            DISPATCH();
        }
        if (IS_FLOAT(a) && IS_FLOAT(b))
            v = float_new(AS_FLOAT(a) - AS_FLOAT(b));
        else
            v = do_binop(a, b, NB_SUB, oparg);
        CHECK(v);
        sp[-2] = v;
        sp--;
        DISPATCH();
    }
    CASE(BINARY_MUL) {
        b = sp[-1];
        a = sp[-2];
        int64_t r;
        if (LIKELY(IS_INT(a) && IS_INT(b)) &&
            !__builtin_mul_overflow(AS_INT(a), AS_INT(b), &r) && FITS_SMALLINT(r)) {
            sp[-2] = MK_INT(r);
            sp--;
            DISPATCH();
        }
        if (IS_FLOAT(a) && IS_FLOAT(b))
            v = float_new(AS_FLOAT(a) * AS_FLOAT(b));
        else
            v = do_binop(a, b, NB_MUL, oparg);
        CHECK(v);
        sp[-2] = v;
        sp--;
        DISPATCH();
    }
    CASE(BINARY_FLOORDIV) {
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b) && b != MK_INT(0)) {
            int64_t x = AS_INT(a), y = AS_INT(b), q = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0)))
                q--;
            if (FITS_SMALLINT(q)) {
                sp[-2] = MK_INT(q);
                sp--;
                DISPATCH();
            }
        }
        v = do_binop(a, b, NB_FLOORDIV, oparg);
        CHECK(v);
        sp[-2] = v;
        sp--;
        DISPATCH();
    }
    CASE(BINARY_MOD) {
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b) && b != MK_INT(0)) {
            int64_t x = AS_INT(a), y = AS_INT(b), m = x % y;
            if (m != 0 && ((m < 0) != (y < 0)))
                m += y;
            sp[-2] = MK_INT(m);
            sp--;
            DISPATCH();
        }
        v = do_binop(a, b, NB_MOD, oparg);
        CHECK(v);
        sp[-2] = v;
        sp--;
        DISPATCH();
    }
    CASE(BINARY_AND)
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b)) {
            sp[-2] = a & b;
            sp--;
            DISPATCH();
        }
        v = do_binop(a, b, NB_AND, oparg);
        goto binop_done;
    CASE(BINARY_OR)
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b)) {
            sp[-2] = a | b;
            sp--;
            DISPATCH();
        }
        v = do_binop(a, b, NB_OR, oparg);
        goto binop_done;
    CASE(BINARY_XOR)
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b)) {
            sp[-2] = (a ^ b) | 1;
            sp--;
            DISPATCH();
        }
        v = do_binop(a, b, NB_XOR, oparg);
        goto binop_done;
    CASE(BINARY_TRUEDIV) v = do_binop(sp[-2], sp[-1], NB_TRUEDIV, oparg); goto binop_done;
    CASE(BINARY_POW) v = do_binop(sp[-2], sp[-1], NB_POW, oparg); goto binop_done;
    CASE(BINARY_LSHIFT) v = do_binop(sp[-2], sp[-1], NB_LSHIFT, oparg); goto binop_done;
    CASE(BINARY_RSHIFT)
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b) && AS_INT(b) >= 0) {
            int64_t s = AS_INT(b);
            sp[-2] = MK_INT(AS_INT(a) >> (s > 63 ? 63 : s));
            sp--;
            DISPATCH();
        }
        v = do_binop(a, b, NB_RSHIFT, oparg);
        goto binop_done;
    CASE(BINARY_MATMUL) v = do_binop(sp[-2], sp[-1], NB_MATMUL, oparg); goto binop_done;
    binop_done:
        CHECK(v);
        sp[-2] = v;
        sp--;
        DISPATCH();

    /* A comparison of a and b; NPOP operands leave the stack.  When a
     * POP_JUMP_IF_FALSE/TRUE follows, the bool is never pushed: the jump is
     * taken here (one dispatch for `if a < b:`). */
#define COMPARE_BODY(NPOP, OP, CMP) do { \
        int cond; \
        if (LIKELY(IS_INT(a) && IS_INT(b))) { \
            cond = (int64_t)a OP (int64_t)b; \
        } else if (IS_FLOAT(a) && IS_FLOAT(b)) { \
            cond = AS_FLOAT(a) OP AS_FLOAT(b); \
        } else { \
            v = obj_richcmp(a, b, CMP); \
            CHECK(v); \
            sp -= NPOP; \
            PUSH(v); \
            DISPATCH(); \
        } \
        sp -= NPOP; \
        if (OPCODE(*pc) == OP_POP_JUMP_IF_FALSE) { \
            if (!cond) pc = code_start + ARG(*pc); else pc++; \
            DISPATCH(); \
        } \
        if (OPCODE(*pc) == OP_POP_JUMP_IF_TRUE) { \
            if (cond) pc = code_start + ARG(*pc); else pc++; \
            DISPATCH(); \
        } \
        PUSH(BOOL_V(cond)); \
        DISPATCH(); \
    } while (0)
#define COMPARE(NAME, OP, CMP) \
    CASE(NAME) { \
        b = sp[-1]; \
        a = sp[-2]; \
        COMPARE_BODY(2, OP, CMP); \
    }
    COMPARE(COMPARE_LT, <, CMP_LT)
    COMPARE(COMPARE_LE, <=, CMP_LE)
    COMPARE(COMPARE_GT, >, CMP_GT)
    COMPARE(COMPARE_GE, >=, CMP_GE)
    CASE(COMPARE_EQ)
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b)) {
            sp[-2] = BOOL_V(a == b);
        } else {
            v = obj_richcmp(a, b, CMP_EQ);
            CHECK(v);
            sp[-2] = v;
        }
        sp--;
        DISPATCH();
    CASE(COMPARE_NE)
        b = sp[-1];
        a = sp[-2];
        if (IS_INT(a) && IS_INT(b)) {
            sp[-2] = BOOL_V(a != b);
        } else {
            v = obj_richcmp(a, b, CMP_NE);
            CHECK(v);
            sp[-2] = v;
        }
        sp--;
        DISPATCH();
    /* The local and constant forms (COMPARE_*_FC, ADD_FC, SUB_FC): the
     * operands stay where they are (a local slot and consts), so they are
     * GC roots while a slow path runs. */
#define COMPARE_FC(NAME, OP, CMP) \
    CASE(NAME) { \
        READ_FUSED_LOCAL(a); \
        b = consts[FUSED_NAME(oparg)]; \
        COMPARE_BODY(0, OP, CMP); \
    }
    COMPARE_FC(COMPARE_LT_FC, <, CMP_LT)
    COMPARE_FC(COMPARE_LE_FC, <=, CMP_LE)
    COMPARE_FC(COMPARE_EQ_FC, ==, CMP_EQ)
    COMPARE_FC(COMPARE_NE_FC, !=, CMP_NE)
    COMPARE_FC(COMPARE_GT_FC, >, CMP_GT)
    COMPARE_FC(COMPARE_GE_FC, >=, CMP_GE)
#undef COMPARE_FC
#undef COMPARE
#undef COMPARE_BODY
    /* local = local op const; EXTRA: more cases before the generic one. */
#define ARITH_FC(NAME, OVERFLOW, OP, NB, EXTRA) \
    CASE(NAME) { \
        READ_FUSED_LOCAL(a); \
        b = consts[FC_CONST(oparg)]; \
        int64_t r; \
        if (LIKELY(IS_INT(a) && IS_INT(b)) && !OVERFLOW((int64_t)a, (int64_t)b - 1, &r)) { \
            locals[FUSED_LOCAL(oparg)] = (Value)r; \
            DISPATCH(); \
        } \
        if (IS_FLOAT(a) && IS_FLOAT(b)) \
            v = float_new(AS_FLOAT(a) OP AS_FLOAT(b)); \
        EXTRA \
        else \
            v = do_binop(a, b, NB, (oparg & FC_INPLACE) != 0); \
        CHECK(v); \
        locals[FUSED_LOCAL(oparg)] = v; \
        DISPATCH(); \
    }
    ARITH_FC(ADD_FC, __builtin_add_overflow, +, NB_ADD,
             else if (IS_STR(a) && IS_STR(b)) v = str_concat(a, b);)
    ARITH_FC(SUB_FC, __builtin_sub_overflow, -, NB_SUB, )
#undef ARITH_FC
#undef READ_FUSED_LOCAL
    CASE(IS_OP)
        sp[-2] = BOOL_V((sp[-2] == sp[-1]) ^ (oparg != 0));
        sp--;
        DISPATCH();
    CASE(CONTAINS_OP) {
        int r = obj_contains(sp[-1], sp[-2]);
        CHECK(r >= 0);
        sp[-2] = BOOL_V((r != 0) ^ (oparg != 0));
        sp--;
        DISPATCH();
    }
    CASE(UNARY_NEG)
        a = TOP();
        if (IS_INT(a) && AS_INT(a) != SMALLINT_MIN) {
            sp[-1] = MK_INT(-AS_INT(a));
            DISPATCH();
        }
        v = obj_unary(a, UN_NEG);
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    CASE(UNARY_POS) v = obj_unary(TOP(), UN_POS); CHECK(v); sp[-1] = v; DISPATCH();
    CASE(UNARY_INVERT) v = obj_unary(TOP(), UN_INVERT); CHECK(v); sp[-1] = v; DISPATCH();
    CASE(UNARY_NOT) {
        a = TOP();
        int r = a == TRUE_V ? 1 : a == FALSE_V || a == NONE ? 0 : obj_truthy(a);
        CHECK(r >= 0);
        sp[-1] = BOOL_V(!r);
        DISPATCH();
    }

    CASE(JUMP) pc = code_start + oparg; DISPATCH();
    CASE(JUMP_BACKWARD)
        pc = code_start + oparg;
        BREAKER();
        DISPATCH();
#define TRUTH(val, r) do { \
        Value tv_ = (val); \
        if (tv_ == TRUE_V) r = 1; \
        else if (tv_ == FALSE_V || tv_ == NONE) r = 0; \
        else if (IS_INT(tv_)) r = tv_ != MK_INT(0); \
        else { r = obj_truthy(tv_); CHECK(r >= 0); } \
    } while (0)
    CASE(POP_JUMP_IF_FALSE) {
        int r;
        TRUTH(sp[-1], r);
        sp--;
        if (!r)
            pc = code_start + oparg;
        DISPATCH();
    }
    CASE(POP_JUMP_IF_TRUE) {
        int r;
        TRUTH(sp[-1], r);
        sp--;
        if (r)
            pc = code_start + oparg;
        DISPATCH();
    }
    CASE(JUMP_IF_FALSE_OR_POP) {
        int r;
        TRUTH(sp[-1], r);
        if (!r)
            pc = code_start + oparg;
        else
            sp--;
        DISPATCH();
    }
    CASE(JUMP_IF_TRUE_OR_POP) {
        int r;
        TRUTH(sp[-1], r);
        if (r)
            pc = code_start + oparg;
        else
            sp--;
        DISPATCH();
    }
    CASE(POP_JUMP_IF_NONE)
        if (POP() == NONE)
            pc = code_start + oparg;
        DISPATCH();
    CASE(POP_JUMP_IF_NOT_NONE)
        if (POP() != NONE)
            pc = code_start + oparg;
        DISPATCH();
    CASE(GET_ITER)
        a = TOP();
        v = IS_LIST(a) || IS_TUPLE(a) ? seqiter_new(a) : obj_iter(a);
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    CASE(FOR_ITER) {
        a = TOP();
        Type *tp = TYPE(a);
        /* list and range iterators inline (iterators.h: their layout) */
        if (tp == &type_listiter) {
            ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(a);
            ObjList *l = AS_LIST(it->seq);
            if (LIKELY(it->index < l->len)) {
                PUSH(l->items[it->index++]);
                DISPATCH();
            }
        } else if (tp == &type_rangeiter) {
            ObjSeqIter *it = (ObjSeqIter *)AS_OBJ(a);
            int64_t i = it->index;
            if (LIKELY(it->end > 0 && FITS_SMALLINT(i))) {
                it->end--;
                it->index = (int64_t)((uint64_t)i + (uint64_t)it->step);
                PUSH(MK_INT(i));
                DISPATCH();
            }
        }
        v = tp->next ? tp->next(a) : obj_next(a);
        if (LIKELY(v != VNULL)) {
            PUSH(v);
            DISPATCH();
        }
        if (t->exc) {
            if (!err_matches(exc_StopIteration))
                goto error;
            if (UNLIKELY(t->tracing)) { /* CPython 3.11 reports it */
                f->pc = pc;
                f->sp = sp;
                int tr = tracefn_exception(t, f);
                f->sp = NULL;
                if (tr < 0)
                    goto error;
            }
            err_clear();
        }
        sp--;
        pc = code_start + oparg;
        DISPATCH();
    }

    CASE(KW_NAMES)
        kwnames = AS_TUPLE(consts[oparg]);
        DISPATCH();
    CASE(CALL) {
        int argc = (int)oparg;
        Value *fslot = sp - argc - 2;
        Value callee = fslot[0];
        ObjTuple *kw = kwnames;
        int nkw = kw ? (int)kw->len : 0;
        kwnames = NULL;
        BREAKER();
        f->pc = pc; /* other threads may read this frame's line (deadlock reports) */
        for (;;) {
            Value *args = fslot[1] ? fslot + 1 : fslot + 2;
            int nargs = (fslot[1] ? argc + 1 : argc) - nkw;
            if (LIKELY(IS_FUNCTION(callee))) {
                ObjFunction *fn = AS_FUNCTION(callee);
                f->pc = pc;
                Frame *nf = push_frame(t, fn, args, args, nargs, kw);
                CHECK(nf);
                if (UNLIKELY(fn->code->flags & CO_GENERATOR)) {
                    v = make_generator(t, nf);
                    CHECK(v);
                    fslot[0] = v;
                    sp = fslot + 1;
                    DISPATCH();
                }
                nf->ret = fslot;
                f = nf;
                LOAD_FRAME();
                sp = STACK_BASE();
                DISPATCH();
            }
            if (IS_NATIVE(callee)) {
                /* Unbound native methods (NATIVE_METHOD) go through
                 * native_call, which checks self's type: LOAD_METHOD may
                 * have found one on a class it does not belong to
                 * (`f = str.upper` in a class body), and `str.upper(5)`
                 * passes any self. */
                ObjNative *nat = AS_NATIVE(callee);
                if (!nat->self) {
                    if (!(AS_OBJ(callee)->obj_flags & NATIVE_METHOD) ||
                        (nargs >= 1 && TYPE(args[0]) == ((ObjMethodDescr *)nat)->owner)) {
                        /* a function, or a method called on its own type */
                        f->pc = pc;
                        f->sp = sp;
                        v = nat->fn(args, nargs, kw);
                        goto call_done;
                    }
                } else if (!fslot[1]) {
                    fslot[1] = nat->self;
                    f->pc = pc;
                    f->sp = sp;
                    v = nat->fn(fslot + 1, nargs + 1, kw);
                    goto call_done;
                }
            } else if (IS_TYPE_EXACT(callee, &type_boundmethod) && !fslot[1] &&
                       IS_FUNCTION(AS_BOUND(callee)->func)) {
                Value bm = callee;
                fslot[0] = callee = AS_BOUND(bm)->func;
                fslot[1] = AS_BOUND(bm)->self;
                continue;
            }
            f->pc = pc;
            f->sp = sp;
            v = obj_call(callee, args, nargs, kw);
        call_done:
            f->sp = NULL;
            TRACING_RELOAD();
            if (UNLIKELY(!v)) {
                if (!t->exc)
                    err_set(exc_RuntimeError, "error return without exception set");
                goto error;
            }
            fslot[0] = v;
            sp = fslot + 1;
            DISPATCH();
        }
    }
    CASE(CALL_FUNCTION_EX) {
        Value kwd = (oparg & 1) ? POP() : VNULL;
        Value argt = POP();
        Value fn = sp[-2];
        if (!IS_TUPLE(argt)) {
            if (!TYPE(argt)->iter && !TYPE(argt)->getitem) {
                Value fs = vm_func_str(fn);
                err_format(exc_TypeError, "%s argument after * must be an iterable, not %s",
                           fs ? AS_STR(fs)->data : "?", TYPE(argt)->name);
                goto error;
            }
            argt = obj_to_tuple(argt);
            CHECK(argt);
        }
        ObjTuple *at = AS_TUPLE(argt);
        Value kwn = VNULL, kwv = VNULL;
        int64_t nk = 0;
        if (kwd) {
            if (!IS_DICT(kwd)) {
                Value d = dict_new();
                CHECK(d);
                CHECK(dict_merge(d, kwd, fn) >= 0);
                kwd = d;
            }
            nk = AS_DICT(kwd)->len;
            if (nk) {
                kwn = tuple_new(nk);
                CHECK(kwn);
                kwv = tuple_new(nk);
                CHECK(kwv);
                int64_t pos = 0, k = 0;
                Value key, val;
                while (dict_next(AS_DICT(kwd), &pos, &key, &val) && k < nk) {
                    if (!IS_STR(key)) {
                        Value fs = vm_func_str(fn);
                        err_format(exc_TypeError, "%s keywords must be strings",
                                   fs ? AS_STR(fs)->data : "?");
                        goto error;
                    }
                    AS_TUPLE(kwn)->items[k] = OBJ_VAL(str_intern_obj(AS_STR(key)));
                    AS_TUPLE(kwv)->items[k] = val;
                    k++;
                }
                nk = k;
            }
        }
        int64_t total = at->len + nk;
        if (sp + total + STACK_SLACK > t->stack_limit || total > INT32_MAX / 2) {
            recursion_error();
            goto error;
        }
        for (int64_t i = 0; i < at->len; i++)
            PUSH(at->items[i]);
        for (int64_t i = 0; i < nk; i++)
            PUSH(AS_TUPLE(kwv)->items[i]);
        if (sp > f->top)
            f->top = sp + STACK_SLACK / 2;
        kwnames = nk ? AS_TUPLE(kwn) : NULL;
        int argc = (int)total;
        {
            Value *fslot = sp - argc - 2;
            Value callee = fslot[0];
            ObjTuple *kw = kwnames;
            int nkw = kw ? (int)kw->len : 0;
            kwnames = NULL;
            BREAKER();
            f->pc = pc;
            Value *args = fslot[1] ? fslot + 1 : fslot + 2;
            int nargs = (fslot[1] ? argc + 1 : argc) - nkw;
            if (IS_FUNCTION(callee)) {
                ObjFunction *fnc = AS_FUNCTION(callee);
                f->pc = pc;
                Frame *nf = push_frame(t, fnc, args, args, nargs, kw);
                CHECK(nf);
                if (fnc->code->flags & CO_GENERATOR) {
                    v = make_generator(t, nf);
                    CHECK(v);
                    fslot[0] = v;
                    sp = fslot + 1;
                    DISPATCH();
                }
                nf->ret = fslot;
                f = nf;
                LOAD_FRAME();
                sp = STACK_BASE();
                DISPATCH();
            }
            v = obj_call(callee, args, nargs, kw);
            TRACING_RELOAD();
            CHECK(v);
            fslot[0] = v;
            sp = fslot + 1;
            DISPATCH();
        }
    }
    CASE(RETURN_VALUE) {
        res = POP();
        Frame *done = f;
        if (done->gen) {
            done->gen->state = GEN_DONE;
        }
        pop_frame(t);
        if (done->entry)
            return res;
        f = t->frame;
        *done->ret = res;
        sp = done->ret + 1;
        LOAD_FRAME();
        TRACING_RELOAD();
        DISPATCH();
    }
    CASE(MAKE_FUNCTION) {
        Value codev = POP();
        Value closure = (oparg & 4) ? POP() : VNULL;
        Value kwdefs = (oparg & 2) ? POP() : VNULL;
        Value defs = (oparg & 1) ? POP() : VNULL;
        v = function_new(AS_CODE(codev), f->globals);
        CHECK(v);
        ObjFunction *fn = AS_FUNCTION(v);
        if (defs && IS_TUPLE(defs))
            fn->defaults = AS_TUPLE(defs);
        if (kwdefs && IS_DICT(kwdefs))
            fn->kwdefaults = AS_DICT(kwdefs);
        if (closure && IS_TUPLE(closure))
            fn->closure = AS_TUPLE(closure);
        PUSH(v);
        DISPATCH();
    }
    CASE(LOAD_BUILD_CLASS) {
        v = dict_get_str(vm_builtins, s_build_class);
        if (!v) {
            err_set(exc_NameError, "__build_class__ not found");
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }

    CASE(BUILD_TUPLE)
        v = tuple_from(sp - oparg, oparg);
        CHECK(v);
        sp -= oparg;
        PUSH(v);
        DISPATCH();
    CASE(BUILD_LIST)
        v = list_from(sp - oparg, oparg);
        CHECK(v);
        sp -= oparg;
        PUSH(v);
        DISPATCH();
    CASE(BUILD_SET) {
        v = set_new(&type_set);
        CHECK(v);
        for (uint32_t i = 0; i < oparg; i++)
            CHECK(set_add(v, sp[-(int)oparg + (int)i]) >= 0);
        sp -= oparg;
        PUSH(v);
        DISPATCH();
    }
    CASE(BUILD_MAP) {
        v = dict_new();
        CHECK(v);
        Value *p = sp - 2 * oparg;
        for (uint32_t i = 0; i < oparg; i++)
            CHECK(dict_set(v, p[2 * i], p[2 * i + 1]) >= 0);
        sp = p;
        PUSH(v);
        DISPATCH();
    }
    CASE(BUILD_CONST_KEY_MAP) {
        Value keys = sp[-1];
        v = dict_new();
        CHECK(v);
        Value *p = sp - 1 - oparg;
        for (uint32_t i = 0; i < oparg && i < AS_TUPLE(keys)->len; i++)
            CHECK(dict_set(v, AS_TUPLE(keys)->items[i], p[i]) >= 0);
        sp = p;
        PUSH(v);
        DISPATCH();
    }
    CASE(BUILD_STRING) {
        StrBuf sb;
        sb_init(&sb);
        for (uint32_t i = 0; i < oparg; i++) {
            Value s = sp[-(int)oparg + (int)i];
            if (IS_STR(s))
                sb_add(&sb, AS_STR(s)->data, (size_t)AS_STR(s)->len);
        }
        v = sb_finish(&sb);
        CHECK(v);
        sp -= oparg;
        PUSH(v);
        DISPATCH();
    }
    CASE(FORMAT_VALUE) {
        Value spec = (oparg & 4) ? POP() : VNULL;
        v = format_value(TOP(), (int)oparg, spec);
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    }
    CASE(LIST_APPEND)
        v = POP();
        CHECK(list_append(sp[-(int)oparg], v) >= 0);
        DISPATCH();
    CASE(SET_ADD)
        v = POP();
        CHECK(set_add(sp[-(int)oparg], v) >= 0);
        DISPATCH();
    CASE(MAP_ADD)
        b = POP();
        a = POP();
        CHECK(dict_set(sp[-(int)oparg], a, b) >= 0);
        DISPATCH();
    CASE(LIST_EXTEND)
        v = POP();
        if (!TYPE(v)->iter && !TYPE(v)->getitem) {
            err_format(exc_TypeError, "Value after * must be an iterable, not %s", TYPE(v)->name);
            goto error;
        }
        CHECK(list_extend(sp[-(int)oparg], v) >= 0);
        DISPATCH();
    CASE(SET_UPDATE)
        v = POP();
        CHECK(set_update(sp[-(int)oparg], v) >= 0);
        DISPATCH();
    CASE(DICT_UPDATE)
        v = POP();
        if (!IS_DICT(v) && !TYPE(v)->getitem) {
            err_format(exc_TypeError, "'%s' object is not a mapping", TYPE(v)->name);
            goto error;
        }
        CHECK(dict_update(sp[-(int)oparg], v) >= 0);
        DISPATCH();
    CASE(DICT_MERGE) {
        v = POP();
        Value *fnp = sp - (int)oparg - 3;
        Value fn = fnp >= STACK_BASE() ? *fnp : NONE;
        CHECK(dict_merge(sp[-(int)oparg], v, fn) >= 0);
        DISPATCH();
    }
    CASE(LIST_TO_TUPLE)
        v = tuple_from(AS_LIST(TOP())->items, AS_LIST(TOP())->len);
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    CASE(UNPACK_SEQUENCE) {
        a = POP();
        int n = (int)oparg;
        if (IS_TUPLE(a) && AS_TUPLE(a)->len == n) {
            for (int i = n - 1; i >= 0; i--)
                PUSH(AS_TUPLE(a)->items[i]);
            DISPATCH();
        }
        /* unpack into the slots, then reverse in place (v1 on top) */
        CHECK(unpack(a, n, sp) >= 0);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            b = sp[i];
            sp[i] = sp[j];
            sp[j] = b;
        }
        sp += n;
        DISPATCH();
    }
    CASE(UNPACK_EX) {
        a = POP();
        Value *nsp = unpack_ex(a, (int)(oparg & 0xff), (int)(oparg >> 8), sp);
        CHECK(nsp);
        sp = nsp;
        DISPATCH();
    }

    CASE(PUSH_EXC_INFO)
        v = TOP();
        sp[-1] = t->exc_info;
        PUSH(v);
        t->exc_info = v;
        DISPATCH();
    CASE(POP_EXCEPT)
        t->exc_info = POP();
        if (t->exc_info == NONE)
            t->exc_info = VNULL;
        DISPATCH();
    CASE(CHECK_EXC_MATCH)
        v = check_exc_match(sp[-2], sp[-1]);
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    CASE(CHECK_EG_MATCH) {
        Value match, rest;
        CHECK(excgroup_check_star_type(sp[-1]) == 0);
        CHECK(excgroup_match(sp[-2], sp[-1], &match, &rest) == 0);
        sp[-1] = match;
        if (!IS_NONE(match)) {
            sp[-2] = rest;
            t->exc_info = match;
        }
        DISPATCH();
    }
    CASE(PREP_RERAISE_STAR)
        v = excgroup_prep_reraise(sp[-2], sp[-1]);
        CHECK(v);
        sp--;
        sp[-1] = v;
        DISPATCH();
    CASE(RERAISE)
        t->exc = POP();
        goto exception_unwind;
    CASE(RAISE_VARARGS)
        if (oparg == 0) {
            if (!t->exc_info || IS_NONE(t->exc_info)) {
                err_set(exc_RuntimeError, "No active exception to reraise");
                goto error;
            }
            t->exc = t->exc_info;
            goto exception_unwind;
        }
        if (oparg == 2) {
            b = POP();
            a = POP();
            do_raise(a, b);
        } else {
            a = POP();
            do_raise(a, VNULL);
        }
        goto error;
    CASE(LOAD_ASSERTION_ERROR) PUSH(OBJ_VAL(exc_AssertionError)); DISPATCH();
    CASE(BEFORE_WITH) {
        Value ex = VNULL;
        f->pc = pc;
        v = before_with(TOP(), &ex);
        CHECK(v);
        sp[-1] = ex;
        PUSH(v);
        DISPATCH();
    }
    CASE(WITH_EXCEPT_START) {
        Value exc = sp[-1];
        Value tb = IS_EXCEPTION(exc) && AS_EXC(exc)->traceback ? AS_EXC(exc)->traceback : NONE;
        Value args3[3] = {OBJ_VAL(TYPE(exc)), exc, tb};
        v = obj_call(sp[-3], args3, 3, NULL);
        CHECK(v);
        PUSH(v);
        DISPATCH();
    }

    CASE(YIELD_VALUE) {
        res = POP();
    do_yield:;
        ObjGenerator *g = f->gen;
        if (!g) {
            err_set(exc_RuntimeError, "yield outside a generator frame");
            goto error;
        }
        int n = (int)(sp - locals);
        if (n > g->nvals) {
            Value *nv = g->vals_inline ? mem_try_alloc((size_t)n * sizeof(Value))
                                       : mem_realloc(g->vals, (size_t)g->nvals * sizeof(Value),
                                                     (size_t)n * sizeof(Value));
            if (!nv) {
                err_no_memory();
                goto error;
            }
            g->vals = nv;
            g->nvals = n;
            g->vals_inline = false;
        }
        memcpy(g->vals, locals, (size_t)n * sizeof(Value));
        g->nsaved = n;
        g->pc = (int32_t)(pc - code_start);
        g->state = GEN_SUSPENDED;
        /* suspended where a try/with may need to run: close() it when it
         * is collected (weakref.c) */
        if (UNLIKELY(f->code->nexc) && !(g->obj.gc_flags & GC_HAS_FINALIZER))
            gc_register_finalizer(&g->obj);
        pop_frame(t);
        return res;
    }
    CASE(GET_YIELD_FROM_ITER)
        if (!IS_GENERATOR(TOP())) {
            v = obj_iter(TOP());
            CHECK(v);
            sp[-1] = v;
        }
        DISPATCH();
    CASE(YIELD_FROM) {
        Value sent = POP();
        Value it = TOP();
        bool done = false;
        f->pc = pc;
        if (IS_GENERATOR(it)) {
            v = gen_send(AS_GEN(it), sent, &done);
        } else if (IS_TYPE_EXACT(it, &type_coroutine_wrapper)) {
            /* await coro: what __next__/send would do, minus the
             * StopIteration they raise when it returns */
            v = coro_wrapper_send(it, sent, &done);
        } else if (IS_NONE(sent)) {
            v = obj_next_raw(it);
            if (!v) {
                if (t->exc) {
                    v = vm_stopiteration_value();
                } else {
                    v = NONE;
                }
                done = v != VNULL;
            }
        } else {
            v = obj_call_method(it, s_send, &sent, 1);
            if (!v) {
                v = vm_stopiteration_value();
                done = v != VNULL;
            }
        }
        CHECK(v);
        if (done) {
            sp[-1] = v;
            DISPATCH();
        }
        res = v;
        f->gen->in_yield_from = true;
        if (UNLIKELY(t->tracing)) {
            f->sp = sp;
            int tr = tracefn_return(t, f, v);
            f->sp = NULL;
            if (tr < 0) {
                f->gen->in_yield_from = false;
                goto error;
            }
        }
        goto do_yield;
    }

    CASE(IMPORT_NAME) {
        f->pc = pc;
        v = import_name(f, AS_STR(names[oparg]), sp[-1], sp[-2]);
        CHECK(v);
        sp -= 1;
        sp[-1] = v;
        DISPATCH();
    }
    CASE(IMPORT_MODULE) {
        /* import a.b.c as d: the import, then .b.c (or sys.modules) */
        ObjStr *name = AS_STR(names[oparg]);
        f->pc = pc;
        v = import_name(f, name, sp[-1], sp[-2]);
        CHECK(v);
        for (const char *p = strchr(name->data, '.'); p; p = strchr(p + 1, '.')) {
            const char *e = strchr(p + 1, '.');
            ObjStr *part = str_intern(p + 1, e ? (size_t)(e - p - 1) : strlen(p + 1));
            v = module_import_from(v, part);
            CHECK(v);
        }
        sp -= 1;
        sp[-1] = v;
        DISPATCH();
    }
    CASE(IMPORT_FROM)
        v = module_import_from(TOP(), AS_STR(names[oparg]));
        CHECK(v);
        PUSH(v);
        DISPATCH();
    CASE(IMPORT_STAR) {
        a = POP();
        ObjDict *ns = f->locals_dict ? f->locals_dict : f->globals;
        CHECK(module_import_star(a, ns) >= 0);
        DISPATCH();
    }
    CASE(PRINT_EXPR)
        v = POP();
        CHECK(print_expr(v) >= 0);
        DISPATCH();

    CASE(SETUP_ANNOTATIONS) {
        ObjDict *ns = f->locals_dict ? f->locals_dict : f->globals;
        ObjStr *name = str_intern_cstr("__annotations__");
        if (!dict_get_str(ns, name)) {
            v = dict_new();
            CHECK(v);
            CHECK(dict_set_str(ns, name, v) >= 0);
        }
        DISPATCH();
    }

    CASE(CALL_ARGS_TUPLE)
        a = TOP();
        if (!IS_TUPLE(a)) {
            if (!TYPE(a)->iter && !TYPE(a)->getitem) {
                Value fs = vm_func_str(sp[-3]);
                err_format(exc_TypeError, "%s argument after * must be an iterable, not %s",
                           fs ? AS_STR(fs)->data : "?", TYPE(a)->name);
                goto error;
            }
            v = obj_call1(OBJ_VAL(&type_tuple), a);
            CHECK(v);
            sp[-1] = v;
        }
        DISPATCH();

    /* coroutines (coro.c) */
    CASE(GET_AWAITABLE)
        v = coro_get_awaitable(TOP(), (int)oparg);
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    CASE(GET_AITER)
        v = coro_get_aiter(TOP());
        CHECK(v);
        sp[-1] = v;
        DISPATCH();
    CASE(GET_ANEXT)
        v = coro_get_anext(TOP());
        CHECK(v);
        PUSH(v);
        DISPATCH();
    CASE(END_ASYNC_FOR)
        a = POP();
        if (!obj_isinstance(a, exc_StopAsyncIteration)) {
            t->exc = a;
            goto exception_unwind;
        }
        sp--; /* the async iterator */
        DISPATCH();
    CASE(BEFORE_ASYNC_WITH) {
        Value ex = VNULL;
        v = coro_before_async_with(TOP(), &ex);
        CHECK(v);
        sp[-1] = ex;
        PUSH(v);
        DISPATCH();
    }

    /* the match statement (match.c) */
    CASE(ROT_N) {
        a = sp[-1];
        memmove(sp - oparg + 1, sp - oparg, (oparg - 1) * sizeof(Value));
        sp[-(int64_t)oparg] = a;
        DISPATCH();
    }
    CASE(COPY)
        a = sp[-(int64_t)oparg];
        PUSH(a);
        DISPATCH();
    CASE(GET_LEN) {
        int64_t n = obj_len(TOP());
        CHECK(n >= 0);
        PUSH(MK_INT(n));
        DISPATCH();
    }
    CASE(MATCH_SEQUENCE)
        a = BOOL_V(match_is_sequence(TOP()));
        PUSH(a);
        DISPATCH();
    CASE(MATCH_MAPPING)
        a = BOOL_V(match_is_mapping(TOP()));
        PUSH(a);
        DISPATCH();
    CASE(MATCH_KEYS)
        v = match_keys(sp[-2], sp[-1]);
        CHECK(v);
        PUSH(v);
        DISPATCH();
    CASE(MATCH_CLASS)
        v = match_class(sp[-3], sp[-2], sp[-1], (int)oparg);
        CHECK(v);
        sp -= 2;
        sp[-1] = v;
        DISPATCH();

    DEFAULT
        err_format(exc_RuntimeError, "bad opcode %u", OPCODE(instr));
        goto error;

#ifndef BATON_COMPUTED_GOTO
    }
#endif

L_trace:
    /* the tracing path (tracefn.c): events before the instruction runs */
    if (UNLIKELY(!t->tracing)) {
        TRACING_RELOAD();
        EXEC_INSTR();
    }
    {
        f->pc = pc;
        f->sp = sp;
        int tr;
        if (OPCODE(instr) == OP_CALL && t->profile_fn && IS_NATIVE(sp[-(int)oparg - 2]))
            goto trace_c_call;
        tr = tracefn_instr(t, f, pc - 1);
        f->sp = NULL;
        TRACING_RELOAD();
        if (tr < 0)
            goto error;
        if (tr > 0) {
            /* the trace function set f_lineno: continue at its line */
            ObjFrame *o = f->fobj;
            pc = code_start + o->jump_to;
            sp = STACK_BASE() + o->jump_depth;
            o->jump_to = -1;
            instr = *pc++;
        }
        EXEC_INSTR();
    trace_c_call:
        /* a built-in called while profiling: c_call, then c_return or
         * c_exception around it, as CPython's C_TRACE */
        tr = tracefn_instr(t, f, pc - 1);
        if (tr < 0) {
            f->sp = NULL;
            goto error;
        }
        int argc = (int)oparg;
        Value *fslot = sp - argc - 2;
        Value callee = fslot[0];
        ObjTuple *kw = kwnames;
        kwnames = NULL;
        Value *args = fslot[1] ? fslot + 1 : fslot + 2;
        int nargs = (fslot[1] ? argc + 1 : argc) - (kw ? (int)kw->len : 0);
        if (tracefn_c_event(t, f, TRACE_C_CALL, callee) < 0) {
            f->sp = NULL;
            goto error;
        }
        v = obj_call(callee, args, nargs, kw);
        if (!v) {
            tr = tracefn_c_event(t, f, TRACE_C_EXCEPTION, callee);
        } else {
            tr = tracefn_c_event(t, f, TRACE_C_RETURN, callee);
        }
        f->sp = NULL;
        TRACING_RELOAD();
        if (!v || tr < 0)
            goto error;
        fslot[0] = v;
        sp = fslot + 1;
        DISPATCH();
    }

error:
    /* A new exception was raised by the instruction before pc. */
    if (!t->exc)
        err_set(exc_RuntimeError, "error return without exception set");
exception_tb:
    err_add_traceback(f->code, vm_code_line(f->code, pc), (int)(pc - code_start - 1),
                      OBJ_VAL(frame_object(f)));
    if (UNLIKELY(t->tracing)) {
        f->pc = pc;
        f->sp = sp;
        tracefn_exception(t, f); /* an exception it raises replaces t->exc */
        f->sp = NULL;
    }
exception_unwind:
    kwnames = NULL;
    TRACING_RELOAD();
    {
        uint32_t idx = (uint32_t)(pc - code_start - 1);
        const ExcEntry *e = find_handler(f->code, idx);
        if (e) {
            sp = STACK_BASE() + e->depth;
            PUSH(t->exc);
            t->exc = VNULL;
            pc = code_start + e->handler;
            DISPATCH();
        }
        Frame *done = f;
        if (UNLIKELY(t->tracing)) {
            f->pc = pc;
            f->sp = sp;
            tracefn_return(t, f, VNULL);
            f->sp = NULL;
        }
        if (done->gen)
            done->gen->state = GEN_DONE;
        pop_frame(t);
        if (done->entry)
            return VNULL;
        f = t->frame;
        LOAD_FRAME();
        goto exception_tb;
    }
}

/* ---- start-up ---------------------------------------------------------- */

static void add_main_builtins_module(void)
{
    ObjStr *bname = str_intern_cstr("builtins");
    Value bm = module_new(bname);
    if (!bm)
        baton_fatal("cannot create builtins module");
    AS_MODULE(bm)->dict = vm_builtins;
    AS_MODULE(bm)->obj.obj_flags |= MODF_BUILTIN;
    dict_set_str(vm_builtins, s_name, OBJ_VAL(bname));
    dict_set_str(vm_modules, bname, bm);
}

void vm_init(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    gc_init();
    Thread *t = vm_thread_new();
    if (!t)
        baton_fatal("cannot allocate the main thread's stack");
    vm_cur = t;
    vm_main_thread = t;
    t->ident = (uint64_t)pthread_self();
    if (gil_init)
        gil_init(t); /* the main thread holds the GIL from the start */
    object_init();
    int_init();
    float_init();
    complex_init();
    str_init();
    bytes_init();
    tuple_init();
    list_init();
    dict_init();
    set_init();
    range_init();
    iterators_init();
    func_init();
    coro_init();
    module_init();
    genericalias_init();
    weakref_init();
    frameobj_init();
    namespace_init();
    s_name = str_intern_cstr("__name__");
    s_module = str_intern_cstr("__module__");
    s_qualname = str_intern_cstr("__qualname__");
    s_enter = str_intern_cstr("__enter__");
    s_exit = str_intern_cstr("__exit__");
    s_send = str_intern_cstr("send");
    s_underscore = str_intern_cstr("_");
    s_class = str_intern_cstr("__class__");
    s_build_class = str_intern_cstr("__build_class__");
    s_import = str_intern_cstr("__import__");
    exc_init();
    err_init_memory();
    reduce_init();
    codec_init();
    file_init();
    if (!vm_builtins)
        vm_builtins = AS_DICT(dict_new());
    vm_modules = AS_DICT(dict_new());
    gc_add_root_obj((Obj **)&vm_builtins);
    gc_add_root_obj((Obj **)&vm_modules);
    builtins_init();
    t->name = str_from_cstr("MainThread");
    add_main_builtins_module();
    Value sys = mod_sys_init();
    if (!sys)
        baton_fatal("cannot initialise sys");
    AS_MODULE(sys)->obj.obj_flags |= MODF_BUILTIN;
    dict_set_str(vm_modules, str_intern_cstr("sys"), sys);
    dict_set_str(AS_MODULE(sys)->dict, str_intern_cstr("modules"), OBJ_VAL(vm_modules));
    if (signal_init) {
        signal_init();
    } else {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigint;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
    }
    err_clear();
}
