/* mod_thread.c — the _thread module: OS threads, the lock every other
 * synchronisation primitive is built from, and thread-local data.
 *
 * As in CPython, lib/threading.py builds Thread, RLock, Condition,
 * Semaphore, Event, Barrier and Timer in the language over these few
 * primitives, and lib/queue.py builds on threading.  Everything that blocks
 * here releases the GIL (GIL_RELEASE/GIL_ACQUIRE), and the only blocking
 * wait, lock.acquire, sleeps on a POSIX semaphore: sem_clockwait returns
 * EINTR when SIGINT arrives, so Ctrl-C interrupts a main thread waiting in
 * join() or on a lock or a queue.  Other threads block SIGINT, so the
 * signal is always delivered to the main thread.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "trace.h"

/* The longest timeout a lock wait accepts, in seconds (CPython's value). */
#define TIMEOUT_MAX 9223372036.0

/* ---- lock ------------------------------------------------------------- */

typedef struct {
    Obj obj;
    sem_t sem;
    bool locked;
    uint8_t reason;  /* enum BlockReason shown while a thread waits on it */
} ObjLock;

Type type_lock;

static void lock_finalize(Obj *o) { sem_destroy(&((ObjLock *)o)->sem); }

static Value lock_make(int reason)
{
    ObjLock *l = (ObjLock *)gc_new(&type_lock, sizeof(ObjLock));
    sem_init(&l->sem, 0, 1);
    l->reason = (uint8_t)reason;
    return OBJ_VAL(l);
}

/* Parse acquire(blocking=True, timeout=-1) into a timeout in seconds:
 * < 0 waits forever, 0 does not wait. */
static int parse_acquire(Value *args, int nargs, ObjTuple *kwnames, double *timeout)
{
    static const char *const params[] = {"blocking", "timeout", NULL};
    Value a[2];
    if (args_parse("acquire", args + 1, nargs - 1, kwnames, params, 0, 2, a) < 0)
        return -1;
    int blocking = 1;
    if (a[0]) {
        blocking = obj_truthy(a[0]);
        if (blocking < 0)
            return -1;
    }
    double t = -1;
    if (a[1]) {
        if (IS_FLOAT(a[1]))
            t = AS_FLOAT(a[1]);
        else {
            int64_t i;
            if (obj_as_int64(a[1], &i) < 0)
                return -1;
            t = (double)i;
        }
    }
    if (!blocking && t != -1) {
        err_set(exc_ValueError, "can't specify a timeout for a non-blocking call");
        return -1;
    }
    if (t < 0 && t != -1) {
        err_set(exc_ValueError, "timeout value must be positive");
        return -1;
    }
    if (t > TIMEOUT_MAX) {
        err_set(exc_OverflowError, "timeout value is too large");
        return -1;
    }
    *timeout = blocking ? t : 0;
    return 0;
}

static Value lock_acquire(Value *args, int nargs, ObjTuple *kwnames)
{
    ObjLock *l = (ObjLock *)AS_OBJ(args[0]);
    double timeout;
    if (parse_acquire(args, nargs, kwnames, &timeout) < 0)
        return VNULL;
    int r = gil_sem_wait(&l->sem, timeout, l->reason);
    if (r < 0)
        return VNULL;
    if (r)
        l->locked = true;
    return BOOL_V(r);
}

static Value lock_release(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("release", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjLock *l = (ObjLock *)AS_OBJ(args[0]);
    if (!l->locked)
        return err_set(exc_RuntimeError, "release unlocked lock");
    l->locked = false;
    sem_post(&l->sem);
    return NONE;
}

static Value lock_exit(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)nargs;
    (void)kwnames;
    return lock_release(args, 1, NULL);
}

static Value lock_locked(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("locked", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    return BOOL_V(((ObjLock *)AS_OBJ(args[0]))->locked);
}

/* Baton only: label the waits on this lock in GIL stats and traces. */
static Value lock_set_reason(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_set_reason", nargs, kwnames, 2, 2) < 0 || !IS_STR(args[1]))
        return err_occurred() ? VNULL : err_set(exc_TypeError, "reason must be a str");
    for (int i = 0; i < BLOCK__COUNT; i++)
        if (strcmp(gil_block_names[i], AS_STR(args[1])->data) == 0) {
            ((ObjLock *)AS_OBJ(args[0]))->reason = (uint8_t)i;
            return NONE;
        }
    return err_format(exc_ValueError, "unknown wait reason %R", args[1]);
}

static Value lock_repr(Value self)
{
    ObjLock *l = (ObjLock *)AS_OBJ(self);
    return str_printf("<%s _thread.lock object at %p>",
                      l->locked ? "locked" : "unlocked", (void *)l);
}

static Value lock_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)t;
    (void)args;
    if (args_check("lock", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return lock_make(BLOCK_LOCK);
}

static const MethodDef lock_methods[] = {
    {"acquire", lock_acquire},
    {"acquire_lock", lock_acquire},
    {"release", lock_release},
    {"release_lock", lock_release},
    {"locked", lock_locked},
    {"locked_lock", lock_locked},
    {"__enter__", lock_acquire},
    {"__exit__", lock_exit},
    {"_set_reason", lock_set_reason},
    {NULL, NULL},
};

Type type_lock = {
    .name = "lock",
    .inst_size = sizeof(ObjLock),
    .tp_new = lock_tp_new,
    .finalize = lock_finalize,
    .repr = lock_repr,
};

/* ---- threads ---------------------------------------------------------- */

static _Atomic uint64_t thread_count; /* threads started by _thread */

static uint64_t native_id(void) { return (uint64_t)syscall(SYS_gettid); }

/* Print an exception that escaped a raw _thread thread (threading.Thread
 * catches its own and calls threading.excepthook). */
static void report_unraisable(Value func, Value exc)
{
    Value out = sys_get_stderr();
    file_flush(sys_get_stdout());
    Value r = obj_repr(func);
    if (!r) {
        err_clear();
        r = str_from_cstr("<function>");
    }
    Value line = str_printf("Exception ignored in thread started by: %s\n",
                            r ? AS_STR(r)->data : "?");
    if (out && line)
        file_write_str(out, line);
    file_flush(out);
    err_print(exc, stderr);
}

static void *thread_main(void *arg)
{
    Thread *t = arg;
    char base = 0;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    vm_cur = t;
    t->gc_stack_base = &base;
    t->native_id = native_id();
    t->gc_parked = true; /* not running yet: its stack is empty */
    t->gc_stack_top = &base;
    gil_take(t);
    t->gc_parked = false;

    ObjTuple *boot = AS_TUPLE(t->handle);
    Value func = boot->items[0], fargs = boot->items[1], fkw = boot->items[2];
    Value res;
    if (IS_NONE(fkw)) {
        res = obj_call(func, AS_TUPLE(fargs)->items, (int)AS_TUPLE(fargs)->len, NULL);
    } else {
        /* f(*args, **kwargs): build the keyword names and values. */
        ObjDict *kw = AS_DICT(fkw);
        int64_t na = AS_TUPLE(fargs)->len;
        Value names = tuple_new(kw->len), all = tuple_new(na + kw->len);
        for (int64_t i = 0; i < na; i++)
            AS_TUPLE(all)->items[i] = AS_TUPLE(fargs)->items[i];
        int64_t pos = 0, k = 0;
        Value key, value;
        while (dict_next(kw, &pos, &key, &value)) {
            AS_TUPLE(names)->items[k] = OBJ_VAL(str_intern_obj(AS_STR(key)));
            AS_TUPLE(all)->items[na + k] = value;
            k++;
        }
        res = obj_call(func, AS_TUPLE(all)->items, (int)na, AS_TUPLE(names));
    }
    if (!res) {
        Value exc = err_fetch();
        if (!obj_isinstance(exc, exc_SystemExit))
            report_unraisable(func, exc);
    }
    file_flush(sys_get_stdout());
    gil_record_ended(t);
    thread_count--;
    void *g = t->gil_data;
    t->gil_data = NULL;
    vm_thread_free(t);   /* unlinks t from vm_threads; needs the GIL */
    gil_exit_thread(g);  /* releases the GIL for good */
    return NULL;
}

static Value thread_start_new(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("start_new_thread", nargs, kwnames, 2, 3) < 0)
        return VNULL;
    Value func = args[0], fargs = args[1], fkw = nargs > 2 ? args[2] : NONE;
    if (!IS_TUPLE(fargs))
        return err_set(exc_TypeError, "2nd arg must be a tuple");
    if (!IS_NONE(fkw) && !IS_DICT(fkw))
        return err_set(exc_TypeError, "optional 3rd arg must be a dictionary");
    if (!TYPE(func)->call)
        return err_set(exc_TypeError, "first arg must be callable");
    Thread *t = vm_thread_new();
    if (!t)
        return VNULL;
    t->handle = tuple_pack(3, func, fargs, fkw);
    gil_thread_attach(t);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 16u << 20);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t tid;
    int rc = pthread_create(&tid, &attr, thread_main, t);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(t->gil_data);
        t->gil_data = NULL;
        vm_thread_free(t);
        return err_set(exc_RuntimeError, "can't start new thread");
    }
    thread_count++;
    /* The new thread's ident is known before it runs: use the pthread id,
     * as CPython does. */
    t->ident = (uint64_t)tid;
    return int_from_u64(t->ident);
}

static Value thread_allocate_lock(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("allocate_lock", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return lock_make(BLOCK_LOCK);
}

static Value thread_get_ident(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("get_ident", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return int_from_u64(vm_cur->ident);
}

static Value thread_get_native_id(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("get_native_id", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return int_from_u64(vm_cur->native_id);
}

static Value thread_exit(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("exit", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return err_set_value(OBJ_VAL(exc_SystemExit));
}

static Value thread_count_fn(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("_count", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return int_from_u64(thread_count);
}

/* Baton only: set the name GIL stats and traces show for this thread. */
static Value thread_set_name(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_set_name", nargs, kwnames, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_set(exc_TypeError, "name must be a str");
    int64_t ident;
    if (obj_as_int64(args[0], &ident) < 0)
        return VNULL;
    for (Thread *t = vm_threads; t; t = t->next)
        if (t->ident == (uint64_t)ident) {
            t->name = args[1];
            trace_set_name(t->gil_data, str_cstr(AS_STR(args[1])));
        }
    return NONE;
}

/* Print an exception with its traceback to stderr (threading.excepthook). */
static Value thread_print_exception(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_print_exception", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    if (!IS_EXCEPTION(args[0]))
        return err_set(exc_TypeError, "an exception is required");
    file_flush(sys_get_stdout());
    file_flush(sys_get_stderr());
    err_print(args[0], stderr);
    fflush(stderr);
    return NONE;
}

/* Baton only: a lock whose waits are labelled (join, queue, …). */
static Value thread_reason_lock(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_reason_lock", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    Value l = lock_make(BLOCK_LOCK);
    Value a[2] = {l, args[0]};
    if (!lock_set_reason(a, 2, NULL))
        return VNULL;
    return l;
}

/* ---- thread-local data ------------------------------------------------ */

/* A _local keeps one attribute dict per thread, keyed by the thread's
 * serial number: OS thread idents are reused once a thread ends, and a new
 * thread must not see an old one's attributes. */
typedef struct { Obj obj; ObjDict *dicts; } ObjLocal;
Type type_local;

static void local_trace(Obj *o) { gc_mark_obj((Obj *)((ObjLocal *)o)->dicts); }

static Value local_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if ((nargs || kwnames) && t == &type_local)
        return err_set(exc_TypeError, "Initialization arguments are not supported");
    ObjLocal *l = (ObjLocal *)gc_new(t, sizeof(ObjLocal));
    l->dicts = AS_DICT(dict_new());
    return OBJ_VAL(l);
}

static Value local_dict(Value self)
{
    ObjLocal *l = (ObjLocal *)AS_OBJ(self);
    GilThread *g = vm_cur->gil_data;
    Value key = int_from_u64(g ? g->serial : vm_cur->ident);
    Value d = dict_get(OBJ_VAL(l->dicts), key);
    if (!d) {
        if (err_occurred())
            return VNULL;
        d = dict_new();
        if (dict_set(OBJ_VAL(l->dicts), key, d) < 0)
            return VNULL;
    }
    return d;
}

static Value local_getattr(Value self, ObjStr *name)
{
    Value d = local_dict(self);
    if (!d)
        return VNULL;
    if (strcmp(name->data, "__dict__") == 0)
        return d;
    Value v = dict_get_str(AS_DICT(d), name);
    if (v)
        return v;
    v = type_lookup(AS_OBJ(self)->type, name);
    if (v) {
        Type *vt = TYPE(v);
        return vt->descr_get ? vt->descr_get(v, self, OBJ_VAL(AS_OBJ(self)->type)) : v;
    }
    return err_format(exc_AttributeError, "'%s' object has no attribute '%s'",
                      AS_OBJ(self)->type->name, name->data);
}

static int local_setattr(Value self, ObjStr *name, Value v)
{
    Value d = local_dict(self);
    if (!d)
        return -1;
    if (v)
        return dict_set_str(AS_DICT(d), name, v);
    if (!dict_get_str(AS_DICT(d), name)) {
        err_format(exc_AttributeError, "'%s' object has no attribute '%s'",
                   AS_OBJ(self)->type->name, name->data);
        return -1;
    }
    return dict_del(d, OBJ_VAL(name));
}

Type type_local = {
    .name = "_local",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(ObjLocal),
    .tp_new = local_tp_new,
    .trace = local_trace,
    .getattr = local_getattr,
    .setattr = local_setattr,
};

/* ---- the module ------------------------------------------------------- */

Value mod_thread_init(void)
{
    static bool ready;
    if (!ready) {
        type_ready(&type_lock, lock_methods);
        type_ready(&type_local, NULL);
        type_lock.module = str_intern_cstr("_thread");
        type_local.module = str_intern_cstr("_thread");
        ready = true;
    }
    Value m = module_new(str_intern_cstr("_thread"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add_fn(mod, "start_new_thread", thread_start_new);
    module_add_fn(mod, "start_new", thread_start_new);
    module_add_fn(mod, "allocate_lock", thread_allocate_lock);
    module_add_fn(mod, "allocate", thread_allocate_lock);
    module_add_fn(mod, "get_ident", thread_get_ident);
    module_add_fn(mod, "get_native_id", thread_get_native_id);
    module_add_fn(mod, "exit", thread_exit);
    module_add_fn(mod, "_count", thread_count_fn);
    module_add_fn(mod, "_set_name", thread_set_name);
    module_add_fn(mod, "_reason_lock", thread_reason_lock);
    module_add_fn(mod, "_print_exception", thread_print_exception);
    module_add(mod, "LockType", OBJ_VAL(&type_lock));
    module_add(mod, "lock", OBJ_VAL(&type_lock));
    module_add(mod, "_local", OBJ_VAL(&type_local));
    module_add(mod, "error", OBJ_VAL(exc_RuntimeError));
    module_add(mod, "TIMEOUT_MAX", float_new(TIMEOUT_MAX));
    return m;
}
