/* modules/asyncio_tasks.c — native _enter_task and _leave_task for
 * CPython's own Lib/asyncio/tasks.py, so that baton sees every task step.
 *
 * Task.__step calls the module's _enter_task(loop, task) before it resumes
 * the task's coroutine and _leave_task(loop, task) after.  CPython replaces
 * the pure-Python pair with C ones from its _asyncio module; baton has no
 * _asyncio (importing one would also replace Task and Future), so these
 * two are put into asyncio.tasks right after it is imported (the
 * after-import hooks of table.c, run by import.c).  They keep the same
 * bookkeeping, in the module's own _current_tasks dict, looked up at each
 * call as the Python functions do, with the same errors; and they tell the
 * GIL's accounting about it: each thread counts its task switches (a step
 * of another task than its previous step's) for --gil-stats, and while a
 * GIL trace records, each step is noted with the task's name
 * (Task.get_name()) for the task's lane in the pictures (trace.c).
 */
#include "gil.h"
#include "modules.h"
#include "objcore.h"
#include "str.h"
#include "trace.h"

static ObjStr *s_current_tasks, *s_get_name, *s_done, *s_get, *s_state;

/* GilThread.last_task after a step that finished its task: no task has
 * this address, so the next step counts as a switch. */
#define TASK_FINISHED ((uintptr_t)1)

static Value current_tasks(Value module)
{
    Value d = dict_get_str(AS_MODULE(module)->dict, s_current_tasks);
    if (!d)
        return err_format(exc_NameError, "name '%s' is not defined", "_current_tasks");
    return d;
}

/* _current_tasks.get(loop) */
static Value tasks_get(Value d, Value loop)
{
    if (IS_DICT(d)) {
        Value v = dict_get(d, loop);
        return v ? v : err_occurred() ? VNULL : NONE;
    }
    return obj_call_method(d, s_get, &loop, 1);
}

static int parse(const char *fname, Value *args, int nargs, ObjTuple *kw, Value *out)
{
    static const char *const params[] = {"loop", "task", NULL};
    return args_parse(fname, args + 1, nargs - 1, kw, params, 2, 2, out);
}

static Value enter_task(Value *args, int nargs, ObjTuple *kw)
{
    Value a[2];
    if (parse("_enter_task", args, nargs, kw, a) < 0)
        return VNULL;
    Value d = current_tasks(args[0]), cur;
    if (!d || !(cur = tasks_get(d, a[0])))
        return VNULL;
    if (!IS_NONE(cur))
        return err_format(exc_RuntimeError,
                          "Cannot enter into task %R while another task %R is being executed.",
                          a[1], cur);
    if ((IS_DICT(d) ? dict_set(d, a[0], a[1]) : obj_setitem(d, a[0], a[1])) < 0)
        return VNULL;
    GilThread *g = vm_cur->gil_data;
    if (!g)
        return NONE;
    uintptr_t id = (uintptr_t)a[1];
    if (g->last_task && g->last_task != id)
        g->task_switches++;
    g->last_task = id;
    if (UNLIKELY(trace_on)) {
        /* The name now: set_name() may have changed it since the last step. */
        Value name = obj_call_method(a[1], s_get_name, NULL, 0);
        if (name && !IS_STR(name))
            name = obj_str(name);
        if (!name)
            err_clear(); /* the picture shows "?", the program goes on */
        trace_task_enter(g, id, name ? AS_STR(name)->data : "?");
    }
    return NONE;
}

static Value leave_task(Value *args, int nargs, ObjTuple *kw)
{
    Value a[2];
    if (parse("_leave_task", args, nargs, kw, a) < 0)
        return VNULL;
    Value d = current_tasks(args[0]), cur;
    if (!d || !(cur = tasks_get(d, a[0])))
        return VNULL;
    if (cur != a[1])
        return err_format(exc_RuntimeError,
                          "Leaving task %R does not match the current task %R.", a[1], cur);
    if ((IS_DICT(d) ? dict_del(d, a[0]) : obj_setitem(d, a[0], VNULL)) < 0)
        return VNULL;
    GilThread *g = vm_cur->gil_data;
    if (g) {
        /* A finished task can be freed and the next task made at its
         * address: then the next step is a switch however the addresses
         * compare (the stress-GC build showed it).  Task keeps its state
         * in its instance dict as _state ('PENDING' until done). */
        ObjDict **ds = obj_dict_slot(a[1]);
        Value st = ds && *ds ? dict_get_str(*ds, s_state) : VNULL;
        if (st && IS_STR(st) && strcmp(AS_STR(st)->data, "PENDING") != 0)
            g->last_task = TASK_FINISHED;
    }
    if (UNLIKELY(trace_on) && g) {
        Value done = obj_call_method(a[1], s_done, NULL, 0);
        int is_done = done ? obj_truthy(done) : 0;
        if (!done || is_done < 0)
            err_clear();
        trace_task_leave(g, is_done > 0);
    }
    return NONE;
}

/* asyncio.tasks has run its body: replace its _enter_task and _leave_task
 * if they are still the pure-Python ones (CPython's file; a different
 * asyncio.tasks found on sys.path is left alone). */
int asyncio_tasks_loaded(Value module)
{
    if (!IS_MODULE(module))
        return 0;
    if (!s_current_tasks) {
        s_current_tasks = str_intern_cstr("_current_tasks");
        s_get_name = str_intern_cstr("get_name");
        s_done = str_intern_cstr("done");
        s_get = str_intern_cstr("get");
        s_state = str_intern_cstr("_state");
    }
    ObjDict *d = AS_MODULE(module)->dict;
    ObjStr *n_enter = str_intern_cstr("_enter_task"), *n_leave = str_intern_cstr("_leave_task");
    Value enter = dict_get_str(d, n_enter), leave = dict_get_str(d, n_leave);
    Value cur = dict_get_str(d, s_current_tasks);
    if (!enter || !leave || !cur || !IS_FUNCTION(enter) || !IS_FUNCTION(leave) || !IS_DICT(cur))
        return 0;
    Value fe = native_new("_enter_task", enter_task, module);
    Value fl = native_new("_leave_task", leave_task, module);
    if (!fe || !fl)
        return -1;
    AS_NATIVE(fe)->module = AS_NATIVE(fl)->module = AS_MODULE(module)->name;
    if (dict_set_str(d, n_enter, fe) < 0 || dict_set_str(d, n_leave, fl) < 0)
        return -1;
    return 0;
}
