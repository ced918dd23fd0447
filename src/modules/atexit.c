/* modules/atexit.c — atexit: functions to run when the interpreter exits.
 *
 * baton's main program calls _run_exitfuncs() after the script ends (and
 * after threading has waited for non-daemon threads), as CPython's
 * Py_FinalizeEx does: last registered first; an exception a callback raises
 * (SystemExit included) is reported as "Exception ignored in atexit
 * callback" and the others still run.  Callbacks registered while they run
 * are not called.  As in CPython, unregister() leaves a hole, so
 * _ncallbacks() counts the slots used since the last clear.
 */
#include "exceptions.h"
#include "gc.h"
#include "modules.h"

/* (func, args tuple, kwargs dict or None) per slot; None for a hole. */
static Value callbacks;

static Value m_register(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1)
        return err_format(exc_TypeError, "register() takes at least 1 argument (%d given)", nargs);
    if (!TYPE(args[0])->call)
        return err_set(exc_TypeError, "the first argument must be callable");
    Value a = tuple_from(args + 1, nargs - 1), k = NONE;
    if (kw && kw->len) {
        k = dict_new();
        for (int64_t i = 0; i < kw->len; i++)
            if (dict_set(k, kw->items[i], args[nargs + i]) < 0)
                return VNULL;
    }
    Value entry = a ? tuple_pack(3, args[0], a, k) : VNULL;
    if (!entry || list_append(callbacks, entry) < 0)
        return VNULL;
    return args[0];
}

static Value m_unregister(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unregister", nargs, kw, 1, 1) < 0)
        return VNULL;
    ObjList *l = AS_LIST(callbacks);
    for (int64_t i = 0; i < l->len; i++) {
        if (IS_NONE(l->items[i]))
            continue;
        int eq = obj_eq(AS_TUPLE(l->items[i])->items[0], args[0]);
        if (eq < 0)
            return VNULL;
        if (eq)
            l->items[i] = NONE;
    }
    return NONE;
}

/* func(*args, **kwargs) for one slot. */
static Value call_entry(ObjTuple *e)
{
    ObjTuple *a = AS_TUPLE(e->items[1]);
    Value kwargs = e->items[2];
    if (IS_NONE(kwargs))
        return obj_call(e->items[0], a->items, (int)a->len, NULL);
    int64_t nkw = AS_DICT(kwargs)->len, n = a->len;
    Value all = tuple_new(n + nkw), names = tuple_new(nkw);
    if (!all || !names)
        return VNULL;
    memcpy(AS_TUPLE(all)->items, a->items, (size_t)n * sizeof(Value));
    int64_t pos = 0, i = 0;
    Value k, v;
    while (dict_next(AS_DICT(kwargs), &pos, &k, &v) && i < nkw) {
        AS_TUPLE(names)->items[i] = OBJ_VAL(str_intern_obj(AS_STR(k)));
        AS_TUPLE(all)->items[n + i++] = v;
    }
    return obj_call(e->items[0], AS_TUPLE(all)->items, (int)n, AS_TUPLE(names));
}

static Value m_run_exitfuncs(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("_run_exitfuncs", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value l = callbacks;
    for (int64_t i = AS_LIST(l)->len - 1; i >= 0; i--) {
        if (i >= AS_LIST(l)->len || IS_NONE(AS_LIST(l)->items[i]))
            continue;
        ObjTuple *e = AS_TUPLE(AS_LIST(l)->items[i]);
        if (!call_entry(e))
            err_write_unraisable_obj("Exception ignored in atexit callback: ", e->items[0], err_fetch());
    }
    callbacks = list_new(0);
    return NONE;
}

static Value m_clear(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("_clear", nargs, kw, 0, 0) < 0)
        return VNULL;
    callbacks = list_new(0);
    return NONE;
}

static Value m_ncallbacks(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("_ncallbacks", nargs, kw, 0, 0) < 0)
        return VNULL;
    return MK_INT(AS_LIST(callbacks)->len);
}

static const MethodDef atexit_fns[] = {
    {"register", m_register}, {"unregister", m_unregister},
    {"_run_exitfuncs", m_run_exitfuncs}, {"_clear", m_clear},
    {"_ncallbacks", m_ncallbacks}, {NULL, NULL},
};

Value mod_atexit_init(void)
{
    Value mv = module_new(str_intern_cstr("atexit"));
    if (!mv)
        return VNULL;
    if (!callbacks) {
        callbacks = list_new(0);
        gc_add_root_value(&callbacks);
    }
    for (const MethodDef *d = atexit_fns; d->name; d++)
        module_add_fn(AS_MODULE(mv), d->name, d->fn);
    return mv;
}
