/* gc.c — the gc module over baton's collector (src/gc.c): a full mark and
 * sweep collection, non-generational, so the per-generation counts and
 * thresholds are kept for the API but only generation 0 counts; freeze()
 * has nothing to do.  collect() runs the collection and the finalizers it
 * found (__del__, generators' close, weak-reference callbacks) and returns
 * how many objects it freed. */
#include "gc.h"
#include "modules.h"
#include "objcore.h"
#include "vm.h"

static int64_t thresholds[3] = {700, 10, 10};
static Value callbacks, garbage;
static int64_t debug_flags;

static int run_callbacks(const char *phase, int64_t collected)
{
    if (!callbacks || AS_LIST(callbacks)->len == 0)
        return 0;
    Value info = dict_new();
    if (!info || dict_set_str(AS_DICT(info), str_intern_cstr("generation"), MK_INT(2)) < 0 ||
        dict_set_str(AS_DICT(info), str_intern_cstr("collected"), int_from_i64(collected)) < 0 ||
        dict_set_str(AS_DICT(info), str_intern_cstr("uncollectable"), MK_INT(0)) < 0)
        return -1;
    Value cbs = list_from(AS_LIST(callbacks)->items, AS_LIST(callbacks)->len);
    Value ph = str_from_cstr(phase);
    for (int64_t i = 0; cbs && ph && i < AS_LIST(cbs)->len; i++) {
        Value args[2] = {ph, info};
        if (!obj_call(AS_LIST(cbs)->items[i], args, 2, NULL)) {
            Value exc = err_fetch();
            Value r = obj_repr(AS_LIST(cbs)->items[i]);
            err_clear();
            err_write_unraisable("Exception ignored in garbage collector callback: ",
                                 r ? AS_STR(r)->data : NULL, exc);
        }
    }
    return 0;
}

static Value f_collect(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"generation", NULL};
    Value a[1];
    if (args_parse("collect", args, nargs, kw, params, 0, 1, a) < 0)
        return VNULL;
    if (a[0]) {
        int64_t g;
        if (obj_as_int64(a[0], &g) < 0)
            return VNULL;
        if (g < 0 || g > 2)
            return err_set(exc_ValueError, "invalid generation");
    }
    if (run_callbacks("start", 0) < 0)
        return VNULL;
    gc_collect();
    size_t freed = gc_last_freed();
    gc_run_finalizers();
    if (run_callbacks("stop", (int64_t)freed) < 0)
        return VNULL;
    return int_from_u64(freed);
}

static Value f_enable(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("enable", nargs, kw, 0, 0) < 0)
        return VNULL;
    gc_set_enabled(true);
    return NONE;
}

static Value f_disable(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("disable", nargs, kw, 0, 0) < 0)
        return VNULL;
    gc_set_enabled(false);
    return NONE;
}

static Value f_isenabled(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("isenabled", nargs, kw, 0, 0) < 0)
        return VNULL;
    return BOOL_V(gc_is_enabled());
}

static Value f_get_count(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_count", nargs, kw, 0, 0) < 0)
        return VNULL;
    return tuple_pack(3, int_from_u64(gc_allocations_since()), MK_INT(0), MK_INT(0));
}

static Value f_get_threshold(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_threshold", nargs, kw, 0, 0) < 0)
        return VNULL;
    return tuple_pack(3, int_from_i64(thresholds[0]), int_from_i64(thresholds[1]),
                      int_from_i64(thresholds[2]));
}

static Value f_set_threshold(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "set_threshold() takes no keyword arguments");
    if (nargs < 1 || nargs > 3)
        return err_format(exc_TypeError, "set_threshold() takes at %s %d argument%s (%d given)",
                          nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 3,
                          nargs < 1 ? "" : "s", nargs);
    for (int i = 0; i < nargs; i++)
        if (obj_as_int64(args[i], &thresholds[i]) < 0)
            return VNULL;
    return NONE;
}

/* Objects the collector tracks in CPython: containers and instances, not
 * atoms (int, str, float, bytes, None…). */
static bool tracked(Value v)
{
    if (!IS_OBJ(v))
        return false;
    Type *t = AS_OBJ(v)->type;
    if (t->flags & TF_HEAPTYPE)
        return true;
    if (t->flags & (TF_INT_SUB | TF_FLOAT_SUB | TF_STR_SUB | TF_BYTES_SUB))
        return false;
    if (t == &type_none || t == &type_bool || t == &type_notimpl || t == &type_ellipsis ||
        t == &type_range || t == &type_slice)
        return false;
    return t->trace != NULL;
}

static Value f_is_tracked(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("is_tracked", nargs, kw, 1, 1) < 0)
        return VNULL;
    return BOOL_V(tracked(args[0]));
}

static Value f_is_finalized(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("is_finalized", nargs, kw, 1, 1) < 0)
        return VNULL;
    return BOOL_V(IS_OBJ(args[0]) && (AS_OBJ(args[0])->gc_flags & GC_FINALIZED));
}

static void add_object(Obj *o, void *ctx)
{
    Value v = OBJ_VAL(o);
    if (tracked(v) && !(o->gc_flags & GC_STATIC) && o->type->name)
        list_append(*(Value *)ctx, v);
}

static Value f_get_objects(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"generation", NULL};
    Value a[1];
    (void)args;
    if (args_parse("get_objects", args, nargs, kw, params, 0, 1, a) < 0)
        return VNULL;
    Value l = list_new(0);
    if (!l)
        return VNULL;
    gc_for_each_object(add_object, &l);
    return l;
}

static Value f_get_referents(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "get_referents() takes no keyword arguments");
    Value out = list_new(0);
    for (int i = 0; out && i < nargs; i++)
        if (gc_referents(args[i], out) < 0)
            return VNULL;
    return out;
}

typedef struct { Value targets; Value out; } RefCtx;
static void find_referrers(Obj *o, void *ctx)
{
    RefCtx *c = ctx;
    if (!tracked(OBJ_VAL(o)) || o == AS_OBJ(c->out) || o == AS_OBJ(c->targets))
        return;
    Value refs = list_new(0);
    if (!refs || gc_referents(OBJ_VAL(o), refs) < 0) {
        err_clear();
        return;
    }
    ObjTuple *t = AS_TUPLE(c->targets);
    for (int64_t i = 0; i < AS_LIST(refs)->len; i++)
        for (int64_t j = 0; j < t->len; j++)
            if (AS_LIST(refs)->items[i] == t->items[j]) {
                list_append(c->out, OBJ_VAL(o));
                return;
            }
}

static Value f_get_referrers(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "get_referrers() takes no keyword arguments");
    RefCtx c = {tuple_from(args, nargs), list_new(0)};
    if (!c.targets || !c.out)
        return VNULL;
    gc_for_each_object(find_referrers, &c);
    return c.out;
}

static Value f_freeze(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("freeze", nargs, kw, 0, 0) < 0 ? VNULL : NONE;
}

static Value f_unfreeze(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("unfreeze", nargs, kw, 0, 0) < 0 ? VNULL : NONE;
}

static Value f_get_freeze_count(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("get_freeze_count", nargs, kw, 0, 0) < 0 ? VNULL : MK_INT(0);
}

static Value f_get_debug(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    return args_check("get_debug", nargs, kw, 0, 0) < 0 ? VNULL : int_from_i64(debug_flags);
}

static Value f_set_debug(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("set_debug", nargs, kw, 1, 1) < 0 || obj_as_int64(args[0], &debug_flags) < 0)
        return VNULL;
    return NONE;
}

static Value f_get_stats(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("get_stats", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value l = list_new(0);
    for (int g = 0; l && g < 3; g++) {
        Value d = dict_new();
        if (!d ||
            dict_set_str(AS_DICT(d), str_intern_cstr("collections"),
                         int_from_u64(g == 0 ? gc_collections() : 0)) < 0 ||
            dict_set_str(AS_DICT(d), str_intern_cstr("collected"), MK_INT(0)) < 0 ||
            dict_set_str(AS_DICT(d), str_intern_cstr("uncollectable"), MK_INT(0)) < 0 ||
            list_append(l, d) < 0)
            return VNULL;
    }
    return l;
}

Value mod_gc_init(void)
{
    Value mv = module_new(str_intern_cstr("gc"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add_fn(m, "collect", f_collect);
    module_add_fn(m, "enable", f_enable);
    module_add_fn(m, "disable", f_disable);
    module_add_fn(m, "isenabled", f_isenabled);
    module_add_fn(m, "get_count", f_get_count);
    module_add_fn(m, "get_threshold", f_get_threshold);
    module_add_fn(m, "set_threshold", f_set_threshold);
    module_add_fn(m, "is_tracked", f_is_tracked);
    module_add_fn(m, "is_finalized", f_is_finalized);
    module_add_fn(m, "get_objects", f_get_objects);
    module_add_fn(m, "get_referents", f_get_referents);
    module_add_fn(m, "get_referrers", f_get_referrers);
    module_add_fn(m, "freeze", f_freeze);
    module_add_fn(m, "unfreeze", f_unfreeze);
    module_add_fn(m, "get_freeze_count", f_get_freeze_count);
    module_add_fn(m, "get_debug", f_get_debug);
    module_add_fn(m, "set_debug", f_set_debug);
    module_add_fn(m, "get_stats", f_get_stats);
    if (!callbacks) {
        callbacks = list_new(0);
        garbage = list_new(0);
        gc_add_root_value(&callbacks);
        gc_add_root_value(&garbage);
    }
    module_add(m, "callbacks", callbacks);
    module_add(m, "garbage", garbage);
    static const struct { const char *n; int v; } consts[] = {
        {"DEBUG_STATS", 1}, {"DEBUG_COLLECTABLE", 2}, {"DEBUG_UNCOLLECTABLE", 4},
        {"DEBUG_SAVEALL", 32}, {"DEBUG_LEAK", 38}, {NULL, 0}};
    for (int i = 0; consts[i].n; i++)
        module_add(m, consts[i].n, MK_INT(consts[i].v));
    return mv;
}
