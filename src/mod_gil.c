/* mod_gil.c — the baton-only `gil` module: a script's window on the GIL.
 *
 *   gil.stats()            the same numbers as --gil-stats, as a dict
 *   gil.holder()           the name of the thread holding the GIL (always
 *                          the caller: only the holder runs bytecode)
 *   gil.switch_interval()  the switch interval in seconds
 *   gil.trace_start(path)  record GIL events from now on
 *   gil.trace_stop()       stop and write the trace (.json or .svg)
 *
 * Examples guard the import (`try: import gil`) so they still run on
 * CPython.
 */
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "trace.h"

static Value trace_path;

static Value g_stats(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("stats", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return gil_stats_dict();
}

static Value g_holder(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("holder", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    Thread *t = vm_cur;
    if (t->name && IS_STR(t->name))
        return t->name;
    return str_from_cstr(t == vm_main_thread ? "MainThread" : "Thread");
}

static Value g_interval(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("switch_interval", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return float_new(gil_get_interval());
}

static Value g_trace_start(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("trace_start", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_set(exc_TypeError, "trace_start() expects a file name (str)");
    trace_path = args[0];
    trace_start();
    return NONE;
}

static Value g_trace_stop(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("trace_stop", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    if (!trace_on || !trace_path)
        return err_set(exc_RuntimeError, "no trace is running (call gil.trace_start first)");
    Value path = trace_path;
    trace_path = VNULL;
    int rc = trace_write(AS_STR(path)->data);
    trace_stop();
    if (rc < 0)
        return err_from_errno(exc_OSError, AS_STR(path)->data);
    return path;
}

Value mod_gil_init(void)
{
    static bool rooted;
    if (!rooted) {
        gc_add_root_value(&trace_path);
        rooted = true;
    }
    Value m = module_new(str_intern_cstr("gil"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add_fn(mod, "stats", g_stats);
    module_add_fn(mod, "holder", g_holder);
    module_add_fn(mod, "switch_interval", g_interval);
    module_add_fn(mod, "trace_start", g_trace_start);
    module_add_fn(mod, "trace_stop", g_trace_stop);
    return m;
}
