/* coro.c — coroutines, async generators and what `await`, `async for` and
 * `async with` ask of objects (PEP 492, PEP 525).
 *
 * A coroutine or an async generator is an ObjGenerator (frame.h) with its
 * own type: calling an `async def` function builds one through gen_new,
 * and the VM runs it exactly as a generator.  `await x` compiles to
 * GET_AWAITABLE, LOAD_CONST None, YIELD_FROM: GET_AWAITABLE turns a
 * coroutine into its __await__ iterator (a coroutine_wrapper), so
 * YIELD_FROM needs nothing new.
 *
 * An async generator suspends for two reasons: a `yield` (YIELD_VALUE: the
 * value goes to whoever awaits asend()/__anext__(), as StopIteration's
 * value) or an `await` deep inside (YIELD_FROM: the value goes on up to the
 * event loop).  The generator's in_yield_from flag after a resume says
 * which, so no wrapped values are needed (CPython wraps them).
 */
#include "coro.h"

#include "frame.h"
#include "gc.h"
#include "modules.h"
#include "vm.h"

static ObjStr *s_await, *s_aiter, *s_anext, *s_aenter, *s_aexit;

typedef struct {
    ObjGenerator gen;
    bool running_async; /* an asend()/athrow() awaitable is running it */
    bool closed;
    bool hooks_inited;  /* sys.set_asyncgen_hooks' firstiter has been called */
    Value finalizer;    /* the finalizer hook of its first iteration, or VNULL */
} ObjAsyncGen;

typedef struct {
    Obj obj;
    Value coro;
} ObjCoroWrapper;

enum { AW_INIT, AW_ITER, AW_CLOSED };

/* asend() / __anext__() (args VNULL) and athrow() / aclose() awaitables */
typedef struct {
    Obj obj;
    Value agen;
    Value sendval; /* asend: the value to send first */
    Value args;    /* athrow: (typ, val, tb) tuple; VNULL: aclose() */
    bool is_throw;
    int state;
} ObjAGenAwait;

Type type_coroutine, type_coroutine_wrapper, type_async_generator, type_async_generator_asend,
    type_async_generator_athrow;

#define IS_CORO(v) IS_TYPE_EXACT(v, &type_coroutine)
#define IS_AGEN(v) IS_TYPE_EXACT(v, &type_async_generator)
#define AS_AGEN(v) ((ObjAsyncGen *)AS_OBJ(v))

Type *coro_type_for(ObjCode *co, size_t *size)
{
    if (co->flags & CO_ASYNC_GENERATOR) {
        *size = sizeof(ObjAsyncGen);
        return &type_async_generator;
    }
    *size = sizeof(ObjGenerator);
    return co->flags & CO_COROUTINE ? &type_coroutine : &type_generator;
}

/* Raise t() (no arguments). */
static Value raise_none(Type *t)
{
    Value e = exc_new(t, NULL);
    return e ? err_set_value(e) : VNULL;
}

static Value stop_iteration(Value v)
{
    Value e = IS_NONE(v) ? obj_call0(OBJ_VAL(exc_StopIteration)) : obj_call1(OBJ_VAL(exc_StopIteration), v);
    return e ? err_set_value(e) : VNULL;
}

/* ---- coroutine ------------------------------------------------------- */

/* The coroutine a method of a coroutine or of its __await__ wrapper acts on. */
static ObjGenerator *self_coro(Value *args, int nargs, const char *name)
{
    if (nargs >= 1 && IS_CORO(args[0])) return AS_GEN(args[0]);
    if (nargs >= 1 && IS_TYPE_EXACT(args[0], &type_coroutine_wrapper))
        return AS_GEN(((ObjCoroWrapper *)AS_OBJ(args[0]))->coro);
    err_format(exc_TypeError, "descriptor '%s' requires a 'coroutine' object", name);
    return NULL;
}

/* send: the result, *done when the coroutine returned (result = value). */
static Value coro_send(ObjGenerator *g, Value v, bool *done)
{
    *done = false;
    if (g->state == GEN_RUNNING) return err_set(exc_ValueError, "coroutine already executing");
    if (g->state == GEN_DONE) return err_set(exc_RuntimeError, "cannot reuse already awaited coroutine");
    if (g->state == GEN_CREATED && !IS_NONE(v))
        return err_set(exc_TypeError, "can't send non-None value to a just-started coroutine");
    Value r = vm_gen_resume(g, v, RESUME_SEND);
    if (r && g->state == GEN_DONE) *done = true;
    return r;
}

static Value coro_throw(ObjGenerator *g, Value exc, bool *done)
{
    *done = false;
    if (g->state == GEN_RUNNING) return err_set(exc_ValueError, "coroutine already executing");
    if (g->state == GEN_DONE) return err_set(exc_RuntimeError, "cannot reuse already awaited coroutine");
    return gen_throw_exc(g, exc, done);
}

/* close() of a coroutine or an async generator's underlying generator. */
static Value close_gen(ObjGenerator *g, const char *what)
{
    if (g->state == GEN_CREATED || g->state == GEN_DONE) {
        g->state = GEN_DONE;
        return NONE;
    }
    if (g->state == GEN_RUNNING) return err_format(exc_ValueError, "%s already executing", what);
    Value exc = exc_new(exc_GeneratorExit, NULL);
    if (!exc) return VNULL;
    bool done = false;
    Value r = gen_throw_exc(g, exc, &done);
    if (r) {
        if (!done) return err_format(exc_RuntimeError, "%s ignored GeneratorExit", what);
        return NONE;
    }
    if (err_matches(exc_GeneratorExit) || err_matches(exc_StopIteration)) {
        err_clear();
        return NONE;
    }
    return VNULL;
}

/* The exception throw(typ[, val[, tb]]) raises, as generator.throw builds it. */
static Value throw_args_exc(Value *a, int n)
{
    Value typ = a[0], val = n > 1 ? a[1] : NONE;
    if (IS_TYPEOBJ(typ) && (AS_TYPE(typ)->flags & TF_EXCEPTION)) {
        if (!IS_NONE(val) && obj_isinstance(val, AS_TYPE(typ))) return val;
        if (IS_NONE(val)) return obj_call0(typ);
        if (IS_TUPLE(val)) return obj_call(typ, AS_TUPLE(val)->items, (int)AS_TUPLE(val)->len, NULL);
        return obj_call1(typ, val);
    }
    if (IS_EXCEPTION(typ)) {
        if (!IS_NONE(val)) return err_set(exc_TypeError, "instance exception may not have a separate value");
        return typ;
    }
    return err_format(exc_TypeError, "exceptions must be classes or instances deriving from BaseException, not %s",
                      TYPE(typ)->name);
}

static Value m_coro_send(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("send", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjGenerator *g = self_coro(args, nargs, "send");
    if (!g) return VNULL;
    bool done;
    Value r = coro_send(g, args[1], &done);
    return r && done ? stop_iteration(r) : r;
}

static Value m_coro_throw(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("throw", nargs - 1, kw, 1, 3) < 0) return VNULL;
    ObjGenerator *g = self_coro(args, nargs, "throw");
    if (!g) return VNULL;
    Value exc = throw_args_exc(args + 1, nargs - 1);
    if (!exc) return VNULL;
    bool done;
    Value r = coro_throw(g, exc, &done);
    return r && done ? stop_iteration(r) : r;
}

static Value m_coro_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjGenerator *g = self_coro(args, nargs, "close");
    return g ? close_gen(g, "coroutine") : VNULL;
}

static Value wrapper_new(Value coro)
{
    ObjCoroWrapper *w = (ObjCoroWrapper *)gc_new(&type_coroutine_wrapper, sizeof(ObjCoroWrapper));
    w->coro = coro;
    return OBJ_VAL(w);
}

static Value m_coro_await(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__await__", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjGenerator *g = self_coro(args, nargs, "__await__");
    return g ? wrapper_new(args[0]) : VNULL;
}

/* The object a suspended generator-like is waiting on, or None. */
static Value awaiting(ObjGenerator *g)
{
    if (g->state != GEN_SUSPENDED || !g->in_yield_from || g->nsaved == 0) return NONE;
    Value sub = g->vals[g->nsaved - 1];
    if (IS_TYPE_EXACT(sub, &type_coroutine_wrapper)) return ((ObjCoroWrapper *)AS_OBJ(sub))->coro;
    return sub;
}

static Value gen_like_repr(Value v, const char *what)
{
    ObjGenerator *g = AS_GEN(v);
    return str_printf("<%s object %s at %p>", what, g->qualname ? g->qualname->data : "?", (void *)g);
}

static Value coro_repr(Value v) { return gen_like_repr(v, "coroutine"); }

/* __name__, __qualname__ and the prefix_* attributes (cr_ / ag_). */
static Value gen_like_getattr(Value v, ObjStr *name, const char *prefix, bool running)
{
    ObjGenerator *g = AS_GEN(v);
    const char *n = name->data;
    if (!strcmp(n, "__name__")) return g->name ? OBJ_VAL(g->name) : NONE;
    if (!strcmp(n, "__qualname__")) return g->qualname ? OBJ_VAL(g->qualname) : NONE;
    if (!strncmp(n, prefix, 3)) {
        n += 3;
        if (!strcmp(n, "running")) return BOOL_V(running);
        if (!strcmp(n, "code")) return OBJ_VAL(g->code);
        if (!strcmp(n, "frame")) return frame_of_generator(g);
        if (!strcmp(n, "await")) return awaiting(g);
        if (!strcmp(n, "suspended")) return BOOL_V(g->state == GEN_SUSPENDED);
    }
    return obj_generic_getattr(v, name);
}

static Value coro_getattr(Value v, ObjStr *name)
{
    return gen_like_getattr(v, name, "cr_", AS_GEN(v)->state == GEN_RUNNING);
}

static void coro_trace(Obj *o) { type_generator.trace(o); }
static void coro_finalize(Obj *o) { type_generator.finalize(o); }

Type type_coroutine = {
    .name = "coroutine", .kind = KIND_OTHER, .inst_size = sizeof(ObjGenerator),
    .trace = coro_trace, .finalize = coro_finalize, .repr = coro_repr, .getattr = coro_getattr,
};

static const MethodDef coro_methods[] = {
    {"send", m_coro_send}, {"throw", m_coro_throw}, {"close", m_coro_close}, {"__await__", m_coro_await},
    {NULL, NULL},
};

/* ---- coroutine_wrapper: coro.__await__() ------------------------------ */

static Value wrapper_next(Value self)
{
    bool done;
    Value r = coro_send(AS_GEN(((ObjCoroWrapper *)AS_OBJ(self))->coro), NONE, &done);
    if (r && done) return IS_NONE(r) ? VNULL : stop_iteration(r);
    return r;
}

Value coro_wrapper_send(Value wrapper, Value v, bool *done)
{
    return coro_send(AS_GEN(((ObjCoroWrapper *)AS_OBJ(wrapper))->coro), v, done);
}

static Value wrapper_iter(Value self) { return self; }

static Value m_wrapper_next(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__next__", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjGenerator *g = self_coro(args, nargs, "__next__");
    if (!g) return VNULL;
    bool done;
    Value r = coro_send(g, NONE, &done);
    return r && done ? stop_iteration(r) : r;
}

static void wrapper_trace(Obj *o) { gc_mark(((ObjCoroWrapper *)o)->coro); }

Type type_coroutine_wrapper = {
    .name = "coroutine_wrapper", .kind = KIND_OTHER, .inst_size = sizeof(ObjCoroWrapper),
    .trace = wrapper_trace, .iter = wrapper_iter, .next = wrapper_next,
};

static const MethodDef wrapper_methods[] = {
    {"send", m_coro_send}, {"throw", m_coro_throw}, {"close", m_coro_close},
    {"__next__", m_wrapper_next}, {NULL, NULL},
};

/* ---- async generator ------------------------------------------------- */

static ObjAsyncGen *self_agen(Value *args, int nargs, const char *name)
{
    if (nargs < 1 || !IS_AGEN(args[0])) {
        err_format(exc_TypeError, "descriptor '%s' requires a 'async_generator' object", name);
        return NULL;
    }
    return AS_AGEN(args[0]);
}

/* On the first __anext__/asend/athrow/aclose, as CPython: remember the
 * finalizer hook and call the firstiter hook (asyncio tracks the async
 * generators of its loop this way, to close them at shutdown). */
static int agen_init_hooks(ObjAsyncGen *a)
{
    if (a->hooks_inited)
        return 0;
    a->hooks_inited = true;
    Value firstiter, finalizer;
    sys_asyncgen_hooks(&firstiter, &finalizer);
    a->finalizer = finalizer;
    if (firstiter && !obj_call1(firstiter, OBJ_VAL(a)))
        return -1;
    return 0;
}

/* The collector found an unfinished async generator: its finalizer hook
 * (asyncio schedules aclose() on the loop) instead of closing it here.
 * False when there is no hook. */
bool coro_agen_finalize(Value v)
{
    ObjAsyncGen *a = AS_AGEN(v);
    if (!a->finalizer || a->closed || a->gen.state == GEN_DONE)
        return false;
    Value f = a->finalizer;
    a->finalizer = VNULL;
    if (!obj_call1(f, v))
        err_write_unraisable("Exception ignored in: ", NULL, err_fetch());
    return true;
}

static Value agen_await_new(Value agen, Value sendval, Value args, bool is_throw)
{
    if (agen_init_hooks(AS_AGEN(agen)) < 0)
        return VNULL;
    Type *t = is_throw ? &type_async_generator_athrow : &type_async_generator_asend;
    ObjAGenAwait *a = (ObjAGenAwait *)gc_new(t, sizeof(ObjAGenAwait));
    a->agen = agen;
    a->sendval = sendval;
    a->args = args;
    a->is_throw = is_throw;
    a->state = AW_INIT;
    return OBJ_VAL(a);
}

static Value m_agen_anext(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__anext__", nargs - 1, kw, 0, 0) < 0 || !self_agen(args, nargs, "__anext__")) return VNULL;
    return agen_await_new(args[0], NONE, VNULL, false);
}

static Value m_agen_asend(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("asend", nargs - 1, kw, 1, 1) < 0 || !self_agen(args, nargs, "asend")) return VNULL;
    return agen_await_new(args[0], args[1], VNULL, false);
}

static Value m_agen_athrow(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("athrow", nargs - 1, kw, 1, 3) < 0 || !self_agen(args, nargs, "athrow")) return VNULL;
    Value t = tuple_from(args + 1, nargs - 1);
    return t ? agen_await_new(args[0], NONE, t, true) : VNULL;
}

static Value m_agen_aclose(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("aclose", nargs - 1, kw, 0, 0) < 0 || !self_agen(args, nargs, "aclose")) return VNULL;
    return agen_await_new(args[0], NONE, VNULL, true);
}

static Value m_agen_aiter(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__aiter__", nargs - 1, kw, 0, 0) < 0 || !self_agen(args, nargs, "__aiter__")) return VNULL;
    return args[0];
}

static Value agen_repr(Value v) { return gen_like_repr(v, "async_generator"); }

static Value agen_getattr(Value v, ObjStr *name)
{
    return gen_like_getattr(v, name, "ag_", AS_AGEN(v)->running_async);
}

static void agen_trace(Obj *o)
{
    type_generator.trace(o);
    gc_mark(((ObjAsyncGen *)o)->finalizer);
}

Type type_async_generator = {
    .name = "async_generator", .kind = KIND_OTHER, .inst_size = sizeof(ObjAsyncGen),
    .trace = agen_trace, .finalize = coro_finalize, .repr = agen_repr, .getattr = agen_getattr,
};

static const MethodDef agen_methods[] = {
    {"__anext__", m_agen_anext}, {"asend", m_agen_asend}, {"athrow", m_agen_athrow},
    {"aclose", m_agen_aclose}, {"__aiter__", m_agen_aiter}, {NULL, NULL},
};

/* What a resume of the async generator gave, for an asend()/athrow()
 * awaitable: an await's value passes through; a yield's value ends the
 * awaitable with StopIteration(value); the generator's end is
 * StopAsyncIteration. */
static Value agen_unwrap(ObjAGenAwait *a, Value r, bool done)
{
    ObjAsyncGen *ag = AS_AGEN(a->agen);
    if (!r) {
        if (err_matches(exc_StopAsyncIteration) || err_matches(exc_GeneratorExit)) ag->closed = true;
        ag->running_async = false;
        a->state = AW_CLOSED;
        return VNULL;
    }
    if (done) {
        ag->running_async = false;
        ag->closed = true;
        a->state = AW_CLOSED;
        return raise_none(exc_StopAsyncIteration);
    }
    if (ag->gen.in_yield_from) return r;
    ag->running_async = false;
    a->state = AW_CLOSED;
    return stop_iteration(r);
}

static Value agen_gen_send(ObjAsyncGen *ag, Value v, bool *done)
{
    ObjGenerator *g = &ag->gen;
    *done = false;
    if (g->state == GEN_RUNNING) return err_set(exc_ValueError, "async generator already executing");
    if (g->state == GEN_DONE) {
        *done = true;
        return NONE;
    }
    if (g->state == GEN_CREATED && !IS_NONE(v))
        return err_set(exc_TypeError, "can't send non-None value to a just-started async generator");
    Value r = vm_gen_resume(g, v, RESUME_SEND);
    if (r && g->state == GEN_DONE) *done = true;
    return r;
}

static Value agen_gen_throw(ObjAsyncGen *ag, Value exc, bool *done)
{
    if (ag->gen.state == GEN_RUNNING) {
        *done = false;
        return err_set(exc_ValueError, "async generator already executing");
    }
    return gen_throw_exc(&ag->gen, exc, done);
}

/* The end of an aclose(): the generator yielded (ignored GeneratorExit),
 * or finished with StopAsyncIteration / GeneratorExit (done: StopIteration). */
static Value aclose_result(ObjAGenAwait *a, Value r, bool done)
{
    ObjAsyncGen *ag = AS_AGEN(a->agen);
    if (r && !done && ag->gen.in_yield_from) return r;
    ag->running_async = false;
    a->state = AW_CLOSED;
    if (r && !done) return err_set(exc_RuntimeError, "async generator ignored GeneratorExit");
    if (r || err_matches(exc_StopAsyncIteration) || err_matches(exc_GeneratorExit)) {
        err_clear();
        return raise_none(exc_StopIteration);
    }
    return VNULL;
}

static Value agen_await_send(ObjAGenAwait *a, Value arg)
{
    ObjAsyncGen *ag = AS_AGEN(a->agen);
    bool done = false;
    if (!a->is_throw) {
        if (a->state == AW_CLOSED)
            return err_set(exc_RuntimeError, "cannot reuse already awaited __anext__()/asend()");
        if (a->state == AW_INIT) {
            if (ag->running_async)
                return err_set(exc_RuntimeError, "anext(): asynchronous generator is already running");
            if (IS_NONE(arg)) arg = a->sendval;
            a->state = AW_ITER;
        }
        ag->running_async = true;
        Value r = agen_gen_send(ag, arg, &done);
        return agen_unwrap(a, r, done);
    }
    if (a->state == AW_CLOSED) return err_set(exc_RuntimeError, "cannot reuse already awaited aclose()/athrow()");
    if (ag->gen.state == GEN_DONE) {
        a->state = AW_CLOSED;
        return raise_none(exc_StopIteration);
    }
    if (a->state == AW_INIT) {
        if (ag->running_async) {
            a->state = AW_CLOSED;
            return err_set(exc_RuntimeError, a->args ? "athrow(): asynchronous generator is already running"
                                                     : "aclose(): asynchronous generator is already running");
        }
        if (ag->closed) {
            a->state = AW_CLOSED;
            return raise_none(exc_StopAsyncIteration);
        }
        if (!IS_NONE(arg)) return err_set(exc_RuntimeError, "can't send non-None value to a just-started coroutine");
        a->state = AW_ITER;
        ag->running_async = true;
        Value exc;
        if (!a->args) {
            ag->closed = true;
            exc = exc_new(exc_GeneratorExit, NULL);
        } else {
            exc = throw_args_exc(AS_TUPLE(a->args)->items, (int)AS_TUPLE(a->args)->len);
        }
        if (!exc) {
            ag->running_async = false;
            a->state = AW_CLOSED;
            return VNULL;
        }
        Value r = agen_gen_throw(ag, exc, &done);
        return a->args ? agen_unwrap(a, r, done) : aclose_result(a, r, done);
    }
    Value r = agen_gen_send(ag, arg, &done);
    return a->args ? agen_unwrap(a, r, done) : aclose_result(a, r, done);
}

static Value agen_await_throw(ObjAGenAwait *a, Value exc)
{
    ObjAsyncGen *ag = AS_AGEN(a->agen);
    if (a->state == AW_CLOSED)
        return err_set(exc_RuntimeError, a->is_throw ? "cannot reuse already awaited aclose()/athrow()"
                                                     : "cannot reuse already awaited __anext__()/asend()");
    bool done = false;
    Value r = agen_gen_throw(ag, exc, &done);
    if (a->is_throw && !a->args) return aclose_result(a, r, done);
    return agen_unwrap(a, r, done);
}

static ObjAGenAwait *self_await(Value *args, int nargs)
{
    if (nargs < 1 || !(IS_TYPE_EXACT(args[0], &type_async_generator_asend) ||
                       IS_TYPE_EXACT(args[0], &type_async_generator_athrow))) {
        err_set(exc_TypeError, "descriptor requires an async generator awaitable");
        return NULL;
    }
    return (ObjAGenAwait *)AS_OBJ(args[0]);
}

static Value aw_next(Value self)
{
    Value r = agen_await_send((ObjAGenAwait *)AS_OBJ(self), NONE);
    return r;
}

static Value m_aw_send(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("send", nargs - 1, kw, 1, 1) < 0) return VNULL;
    ObjAGenAwait *a = self_await(args, nargs);
    return a ? agen_await_send(a, args[1]) : VNULL;
}

static Value m_aw_next(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__next__", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjAGenAwait *a = self_await(args, nargs);
    return a ? agen_await_send(a, NONE) : VNULL;
}

static Value m_aw_throw(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("throw", nargs - 1, kw, 1, 3) < 0) return VNULL;
    ObjAGenAwait *a = self_await(args, nargs);
    if (!a) return VNULL;
    Value exc = throw_args_exc(args + 1, nargs - 1);
    return exc ? agen_await_throw(a, exc) : VNULL;
}

static Value m_aw_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0) return VNULL;
    ObjAGenAwait *a = self_await(args, nargs);
    if (!a) return VNULL;
    a->state = AW_CLOSED;
    return NONE;
}

static Value aw_iter(Value self) { return self; }

static Value m_aw_await(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__await__", nargs - 1, kw, 0, 0) < 0 || !self_await(args, nargs)) return VNULL;
    return args[0];
}

static void aw_trace(Obj *o)
{
    ObjAGenAwait *a = (ObjAGenAwait *)o;
    gc_mark(a->agen);
    gc_mark(a->sendval);
    gc_mark(a->args);
}

Type type_async_generator_asend = {
    .name = "async_generator_asend", .kind = KIND_OTHER, .inst_size = sizeof(ObjAGenAwait),
    .trace = aw_trace, .iter = aw_iter, .next = aw_next,
};

Type type_async_generator_athrow = {
    .name = "async_generator_athrow", .kind = KIND_OTHER, .inst_size = sizeof(ObjAGenAwait),
    .trace = aw_trace, .iter = aw_iter, .next = aw_next,
};

static const MethodDef aw_methods[] = {
    {"send", m_aw_send}, {"throw", m_aw_throw}, {"close", m_aw_close}, {"__next__", m_aw_next},
    {"__await__", m_aw_await}, {NULL, NULL},
};

/* ---- what the VM asks ------------------------------------------------ */

/* type(self).name bound to self and called with no arguments; VNULL with
 * no exception when the type has no such method. */
static Value call_special(Value self, ObjStr *name, bool *missing)
{
    Type *tp = TYPE(self);
    Value m = type_lookup(tp, name);
    *missing = !m;
    if (!m) return VNULL;
    if (IS_FUNCTION(m) || IS_NATIVE(m)) return obj_call1(m, self);
    Value b = TYPE(m)->descr_get ? TYPE(m)->descr_get(m, self, OBJ_VAL(tp)) : m;
    return b ? obj_call0(b) : VNULL;
}

static bool is_coroutine_like(Value v)
{
    return IS_CORO(v) || (IS_GENERATOR(v) && (AS_GEN(v)->code->flags & CO_ITERABLE_COROUTINE));
}

Value coro_get_awaitable(Value v, int where)
{
    if (IS_CORO(v)) {
        ObjGenerator *g = AS_GEN(v);
        if (g->state == GEN_SUSPENDED && g->in_yield_from)
            return err_set(exc_RuntimeError, "coroutine is being awaited already");
        return wrapper_new(v);
    }
    if (IS_GENERATOR(v) && (AS_GEN(v)->code->flags & CO_ITERABLE_COROUTINE)) return v;
    bool missing;
    Value r = call_special(v, s_await, &missing);
    if (missing) {
        if (where == AWAIT_AENTER)
            return err_format(exc_TypeError,
                              "'async with' received an object from __aenter__ that does not implement __await__: %s",
                              TYPE(v)->name);
        if (where == AWAIT_AEXIT)
            return err_format(exc_TypeError,
                              "'async with' received an object from __aexit__ that does not implement __await__: %s",
                              TYPE(v)->name);
        return err_format(exc_TypeError, "object %s can't be used in 'await' expression", TYPE(v)->name);
    }
    if (!r) return VNULL;
    if (is_coroutine_like(r)) return err_set(exc_TypeError, "__await__() returned a coroutine");
    if (!TYPE(r)->next) return err_format(exc_TypeError, "__await__() returned non-iterator of type '%s'", TYPE(r)->name);
    return r;
}

Value coro_get_aiter(Value v)
{
    bool missing;
    Value r = call_special(v, s_aiter, &missing);
    if (missing)
        return err_format(exc_TypeError, "'async for' requires an object with __aiter__ method, got %s", TYPE(v)->name);
    if (!r) return VNULL;
    if (!type_lookup(TYPE(r), s_anext))
        return err_format(exc_TypeError,
                          "'async for' received an object from __aiter__ that does not implement __anext__: %s",
                          TYPE(r)->name);
    return r;
}

Value coro_get_anext(Value aiter)
{
    if (IS_AGEN(aiter)) return agen_await_new(aiter, NONE, VNULL, false);
    bool missing;
    Value r = call_special(aiter, s_anext, &missing);
    if (missing)
        return err_format(exc_TypeError, "'async for' requires an iterator with __anext__ method, got %s",
                          TYPE(aiter)->name);
    if (!r) return VNULL;
    Value aw = coro_get_awaitable(r, AWAIT_PLAIN);
    if (!aw && err_matches(exc_TypeError)) {
        err_clear();
        return err_format(exc_TypeError, "'async for' received an invalid object from __anext__: %s", TYPE(r)->name);
    }
    return aw;
}

Value coro_before_async_with(Value mgr, Value *exit_out)
{
    Type *tp = TYPE(mgr);
    Value en = type_lookup(tp, s_aenter);
    if (!en)
        return err_format(exc_TypeError, "'%s' object does not support the asynchronous context manager protocol",
                          tp->name);
    Value ex = type_lookup(tp, s_aexit);
    if (!ex)
        return err_format(exc_TypeError,
                          "'%s' object does not support the asynchronous context manager protocol "
                          "(missed __aexit__ method)",
                          tp->name);
    Value bound = TYPE(ex)->descr_get ? TYPE(ex)->descr_get(ex, mgr, OBJ_VAL(tp)) : ex;
    if (!bound) return VNULL;
    *exit_out = bound;
    bool missing;
    return call_special(mgr, s_aenter, &missing);
}

const char *coro_stop_message(ObjGenerator *g, bool async_stop)
{
    if (g->code->flags & CO_ASYNC_GENERATOR)
        return async_stop ? "async generator raised StopAsyncIteration" : "async generator raised StopIteration";
    return g->code->flags & CO_COROUTINE ? "coroutine raised StopIteration" : "generator raised StopIteration";
}

void coro_init(void)
{
    s_await = str_intern_cstr("__await__");
    s_aiter = str_intern_cstr("__aiter__");
    s_anext = str_intern_cstr("__anext__");
    s_aenter = str_intern_cstr("__aenter__");
    s_aexit = str_intern_cstr("__aexit__");
    type_ready(&type_coroutine, coro_methods);
    type_ready(&type_coroutine_wrapper, wrapper_methods);
    type_ready(&type_async_generator, agen_methods);
    type_ready(&type_async_generator_asend, aw_methods);
    type_ready(&type_async_generator_athrow, aw_methods);
}
