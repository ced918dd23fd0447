/* modules/gil.c — the baton-only `gil` module: a script's window on the GIL.
 *
 *   gil.stats()            the same numbers as --gil-stats, as a dict
 *   gil.holder()           the name of the thread holding the GIL (always
 *                          the caller: only the holder runs bytecode)
 *   gil.switch_interval()  the switch interval in seconds
 *   gil.policy()           the GIL's policy: "new", "old" or "fair"
 *   gil.set_policy(name)   switch policy now (waiting threads queue up
 *                          again under the new one)
 *   gil.trace_start(path=None)  record GIL events from now on (a new
 *                          trace each time: earlier ones are left out)
 *   gil.trace_stop()       stop, merge the traces of child processes that
 *                          have exited, write the file (.svg, else Chrome
 *                          trace JSON) if a path was given; returns it
 *   gil.timeline(columns=100)  the --timeline chart of the current or last
 *                          trace as a str (no colour), for scripts and
 *                          for tests of the chart
 *
 * Examples guard the import (`try: import gil`) so they still run on
 * CPython.
 */
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "trace.h"

static Value trace_path;
static bool script_trace, cli_trace; /* gil.trace_start ran; under --trace/--timeline */

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

static Value g_policy(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("policy", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return str_from_cstr(gil_policy_name());
}

static Value g_set_policy(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"name", NULL};
    Value a[1];
    if (args_parse("set_policy", args, nargs, kwnames, params, 1, 1, a) < 0)
        return VNULL;
    if (!IS_STR(a[0]))
        return err_format(exc_TypeError, "set_policy() expects a str, not %T", a[0]);
    if (gil_set_policy(AS_STR(a[0])->data) < 0)
        return err_format(exc_ValueError, "unknown GIL policy %R (choose from %s)", a[0],
                          gil_policy_names());
    return NONE;
}

static Value g_trace_start(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"path", NULL};
    Value a[1];
    if (args_parse("trace_start", args, nargs, kwnames, params, 0, 1, a) < 0)
        return VNULL;
    if (a[0] && a[0] != NONE && !IS_STR(a[0]))
        return err_set(exc_TypeError, "trace_start() expects a file name (str)");
    if (script_trace)
        return err_set(exc_RuntimeError, "a trace is already running (call gil.trace_stop first)");
    trace_path = a[0] && a[0] != NONE ? a[0] : VNULL;
    script_trace = true;
    /* Under --timeline or --trace=FILE the recording is already on: the
     * section's file then shows everything since the program started,
     * and the recording goes on for the exit report. */
    cli_trace = trace_on;
    if (!cli_trace)
        trace_start();
    return NONE;
}

static Value g_trace_stop(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("trace_stop", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    if (!script_trace)
        return err_set(exc_RuntimeError, "no trace is running (call gil.trace_start first)");
    Value path = trace_path;
    trace_path = VNULL;
    script_trace = false;
    if (!cli_trace)
        trace_stop();
    if (!path)
        return NONE;
    if (trace_write(AS_STR(path)->data) < 0)
        return err_from_errno(exc_OSError, AS_STR(path)->data);
    return path;
}

static Value g_timeline(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"columns", NULL};
    Value a[1];
    int64_t cols = 100;
    if (args_parse("timeline", args, nargs, kwnames, params, 0, 1, a) < 0)
        return VNULL;
    if (a[0] && obj_as_int64(a[0], &cols) < 0)
        return VNULL;
    if (cols < 40 || cols > 500)
        return err_set(exc_ValueError, "timeline() columns must be between 40 and 500");
    char *text = trace_chart_text((int)cols, false);
    if (!text)
        return err_set(exc_RuntimeError, "nothing traced yet (call gil.trace_start first)");
    Value s = str_from_cstr(text);
    free(text);
    return s;
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
    module_add_fn(mod, "policy", g_policy);
    module_add_fn(mod, "set_policy", g_set_policy);
    module_add_fn(mod, "trace_start", g_trace_start);
    module_add_fn(mod, "trace_stop", g_trace_stop);
    module_add_fn(mod, "timeline", g_timeline);
    return m;
}
