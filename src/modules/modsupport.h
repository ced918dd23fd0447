/* modules/modsupport.h — small helpers the native modules that define
 * types share (_collections, _functools, _operator, itertools, ...):
 * readying a type that lives in a module (CPython's tp_name "module.name"
 * in error messages, __name__ after the last dot), a classmethod in a
 * type's dict, C-size integer arguments with CPython's messages, and the
 * METH_NOARGS / METH_O argument checks of CPython's method tables. */
#ifndef BATON_MODSUPPORT_H
#define BATON_MODSUPPORT_H
#include <string.h>

#include "gc.h"
#include "objcore.h"
#include "str.h"
#include "vm.h"

/* Ready a static type t whose t->name is CPython's tp_name (e.g.
 * "collections.deque"): __name__ and __qualname__ are what follows the
 * last dot, __module__ is module; doc (or NULL) becomes __doc__. */
static inline void mod_type_ready(Type *t, const char *module, const MethodDef *methods,
                                  const char *doc)
{
    const char *dot = strrchr(t->name, '.');
    t->name_str = str_intern_cstr(dot ? dot + 1 : t->name);
    t->module = str_intern_cstr(module);
    type_ready(t, methods);
    if (doc)
        dict_set_str(t->dict, obj_names[N_doc], str_from_cstr(doc));
}

/* A classmethod t.name wrapping the native fn (called with the class first). */
static inline void mod_add_classmethod(Type *t, const char *name, NativeFn fn)
{
    ObjStaticMethod *cm = (ObjStaticMethod *)gc_new(&type_classmethod, sizeof(ObjStaticMethod));
    cm->func = native_new(name, fn, VNULL);
    dict_set_str(t->dict, str_intern_cstr(name), OBJ_VAL(cm));
}

/* cls.__class_getitem__ -> types.GenericAlias, as CPython's generic types. */
static inline void mod_add_class_getitem(Type *t)
{
    mod_add_classmethod(t, "__class_getitem__", generic_class_getitem);
}

/* A big int that does not fit a C ssize_t: CPython's OverflowError. */
static inline int mod_ssize_overflow(void)
{
    err_set(exc_OverflowError, "Python int too large to convert to C ssize_t");
    return -1;
}

/* PyLong_AsSsize_t: an int (no __index__): TypeError "an integer is
 * required" otherwise. */
static inline int mod_long_ssize(Value v, int64_t *out)
{
    if (IS_INT(v)) { *out = AS_INT(v); return 0; }
    if (v == TRUE_V || v == FALSE_V) { *out = v == TRUE_V; return 0; }
    if (!INT_CHECK(v)) {
        err_set(exc_TypeError, "an integer is required");
        return -1;
    }
    Value i = int_exact(v);
    if (IS_INT(i)) { *out = AS_INT(i); return 0; }
    if (!mpz_fits_slong_p(AS_BIGINT(i)->z)) return mod_ssize_overflow();
    *out = (int64_t)mpz_get_si(AS_BIGINT(i)->z);
    return 0;
}

/* The "n" format: anything with __index__ ("'str' object cannot be
 * interpreted as an integer"), OverflowError past a C ssize_t. */
static inline int mod_index_ssize(Value v, int64_t *out)
{
    if (LIKELY(IS_INT(v))) { *out = AS_INT(v); return 0; }
    Value i = obj_index(v);
    if (!i) return -1;
    if (IS_INT(i)) { *out = AS_INT(i); return 0; }
    if (!mpz_fits_slong_p(AS_BIGINT(i)->z)) return mod_ssize_overflow();
    *out = (int64_t)mpz_get_si(AS_BIGINT(i)->z);
    return 0;
}

/* args_parse with CPython's first check for calls with keywords: more
 * arguments in all than parameters is "f() takes at most 2 arguments (3
 * given)" ("keyword arguments" when none is positional). */
static inline int mod_parse(const char *fname, Value *args, int nargs, ObjTuple *kw,
                            const char *const *params, int nrequired, int npositional, Value *out)
{
    int nparams = 0, nkw = kw ? (int)kw->len : 0;
    while (params[nparams])
        nparams++;
    if (nkw && nargs + nkw > nparams) {
        err_format(exc_TypeError, "%s() takes at most %d %sargument%s (%d given)", fname, nparams,
                   nargs == 0 ? "keyword " : "", nparams == 1 ? "" : "s", nargs + nkw);
        return -1;
    }
    return args_parse(fname, args, nargs, kw, params, nrequired, npositional, out);
}

/* The method table checks (nargs without self): "deque.pop() takes no
 * arguments (1 given)", "deque.append() takes exactly one argument (0
 * given)", "... takes no keyword arguments". */
#define MOD_NOARGS(qname) \
    do { if (args_check(qname, nargs - 1, kw, 0, 0) < 0) return VNULL; } while (0)
#define MOD_ONEARG(qname) \
    do { if (args_check(qname, nargs - 1, kw, 1, 1) < 0) return VNULL; } while (0)

#endif
