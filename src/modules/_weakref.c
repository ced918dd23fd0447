/* _weakref.c — the _weakref module that CPython's Lib/weakref.py and
 * _weakrefset.py import: ref (ReferenceType), proxy, the proxy types,
 * getweakrefcount, getweakrefs and _remove_dead_weakref.  The objects
 * themselves are the core's (src/weakref.c). */
#include "modules.h"
#include "vm.h"
#include "weakref.h"

static Value f_proxy(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("proxy", nargs, kw, 1, 2) < 0)
        return VNULL;
    return weakref_proxy_new(args[0], nargs > 1 ? args[1] : VNULL);
}

static Value f_getweakrefcount(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getweakrefcount", nargs, kw, 1, 1) < 0)
        return VNULL;
    return int_from_i64(weakref_count(args[0]));
}

static Value f_getweakrefs(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getweakrefs", nargs, kw, 1, 1) < 0)
        return VNULL;
    return weakref_list(args[0]);
}

/* Delete d[key] if it is a dead weak reference (WeakValueDictionary). */
static Value f_remove_dead_weakref(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_remove_dead_weakref", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!DICT_CHECK(args[0]))
        return err_format(exc_TypeError, "_remove_dead_weakref() argument 1 must be dict, not %s",
                          TYPE(args[0])->name);
    Value v = dict_get(args[0], args[1]);
    if (!v)
        return err_occurred() ? VNULL : NONE;
    if (IS_OBJ(v) && type_is_subtype(TYPE(v), &type_weakref)) {
        Value r = obj_call0(v);
        if (!r)
            return VNULL;
        if (IS_NONE(r) && dict_del(args[0], args[1]) < 0)
            return VNULL;
    }
    return NONE;
}

Value mod_weakref_init(void)
{
    Value mv = module_new(str_intern_cstr("_weakref"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add(m, "ref", OBJ_VAL(&type_weakref));
    module_add(m, "ReferenceType", OBJ_VAL(&type_weakref));
    module_add(m, "ProxyType", OBJ_VAL(&type_weakproxy));
    module_add(m, "CallableProxyType", OBJ_VAL(&type_weakcallableproxy));
    module_add_fn(m, "proxy", f_proxy);
    module_add_fn(m, "getweakrefcount", f_getweakrefcount);
    module_add_fn(m, "getweakrefs", f_getweakrefs);
    module_add_fn(m, "_remove_dead_weakref", f_remove_dead_weakref);
    return mv;
}
