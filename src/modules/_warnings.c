/* _warnings.c — the _warnings module as the import machinery needs it:
 * `warn` and `warn_explicit` that hand the warning to CPython's Lib/
 * warnings.py (its filters, registries and formatting are the one
 * implementation).  warnings.py itself imports its speed-ups from here only
 * when all of them exist (filters, _defaultaction, _onceregistry, …); they
 * are left out, so it runs its pure-Python versions, and these two calls
 * simply forward to it. */
#include "frame.h"
#include "modules.h"
#include "vm.h"

static Value warnings_fn(const char *name)
{
    Value m = module_import(str_intern_cstr("warnings"));
    return m ? obj_getattr(m, str_intern_cstr(name)) : VNULL;
}

static Value forward(const char *name, Value *args, int nargs, ObjTuple *kw)
{
    Value f = warnings_fn(name);
    return f ? obj_call(f, args, nargs, kw) : VNULL;
}

static Value f_warn(Value *args, int nargs, ObjTuple *kw)
{
    if (nargs < 1 && !(kw && kw->len))
        return err_set(exc_TypeError, "warn() missing required argument 'message' (pos 1)");
    return forward("warn", args, nargs, kw);
}

static Value f_warn_explicit(Value *args, int nargs, ObjTuple *kw)
{
    return forward("warn_explicit", args, nargs, kw);
}

Value mod_warnings_init(void)
{
    Value mv = module_new(str_intern_cstr("_warnings"));
    if (!mv)
        return VNULL;
    module_add_fn(AS_MODULE(mv), "warn", f_warn);
    module_add_fn(AS_MODULE(mv), "warn_explicit", f_warn_explicit);
    return mv;
}
