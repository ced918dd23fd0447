/* modules/_thread.c — the _thread module: OS threads, the lock every other
 * synchronisation primitive is built from, and thread-local data.
 *
 * As in CPython, lib/threading.py builds Thread, Condition, Semaphore,
 * Event, Barrier and Timer in the language over these few primitives (and
 * RLock is this module's C one, CPython's _CRLock), and lib/queue.py
 * builds on threading.  Everything that blocks here releases the GIL
 * (GIL_RELEASE/GIL_ACQUIRE), and the blocking waits, lock.acquire and
 * RLock.acquire, sleep on a POSIX semaphore: sem_clockwait returns
 * EINTR when SIGINT arrives, so Ctrl-C interrupts a main thread waiting in
 * join() or on a lock or a queue.  Other threads block SIGINT, so the
 * signal is always delivered to the main thread.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sys/resource.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "deadlock.h"
#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "modsupport.h"
#include "objcore.h"
#include "trace.h"

/* The longest timeout a lock wait accepts, in seconds (CPython's value). */
#define TIMEOUT_MAX 9223372036.0
/* What a wait's timeout is checked against: LLONG_MAX microseconds. */
#define TIMEOUT_LIMIT 9223372036.854775

/* ---- lock ------------------------------------------------------------- */

typedef struct {
    Obj obj;
    sem_t sem;
    bool locked;
    uint8_t reason;  /* enum BlockReason shown while a thread waits on it */
    uint8_t kind;    /* enum WaitKind: what a deadlock report calls a wait */
    uint64_t owner;  /* GilThread.serial of the thread that acquired it */
    uint64_t serial; /* creation order, for deadlock reports */
} ObjLock;

Type type_lock;

/* Locks and RLocks numbered in creation order, under the GIL. */
static uint64_t lock_serials;

static void lock_finalize(Obj *o) { sem_destroy(&((ObjLock *)o)->sem); }

static Value lock_make(int reason)
{
    ObjLock *l = (ObjLock *)gc_new(&type_lock, sizeof(ObjLock));
    sem_init(&l->sem, 0, 1);
    l->reason = (uint8_t)reason;
    l->kind = WAIT_LOCK;
    l->serial = ++lock_serials;
    return OBJ_VAL(l);
}

static uint64_t current_serial(void)
{
    GilThread *g = vm_cur->gil_data;
    return g ? g->serial : 0;
}

/* A timeout in seconds, as CPython's _PyTime_FromSecondsObject checks it:
 * in nanoseconds it must fit a signed 64-bit count. */
static int timeout_seconds(Value v, double *out)
{
    const double limit = 9223372036.854775807; /* INT64_MAX nanoseconds */
    if (FLOAT_CHECK(v)) {
        double d = AS_FLOAT(v);
        if (isnan(d)) {
            err_set(exc_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        if (!(d >= -limit && d < limit)) {
            err_set(exc_OverflowError, "timestamp out of range for platform time_t");
            return -1;
        }
        *out = d;
        return 0;
    }
    int64_t i;
    if (INT_CHECK(v)) {
        v = int_exact(v);
        if (!IS_INT(v) || AS_INT(v) > (int64_t)limit || AS_INT(v) < -(int64_t)limit) {
            err_set(exc_OverflowError, "timestamp too large to convert to C _PyTime_t");
            return -1;
        }
        i = AS_INT(v);
    } else if (obj_as_int64(v, &i) < 0)
        return -1;
    *out = (double)i;
    return 0;
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
    if (a[1] && timeout_seconds(a[1], &t) < 0)
        return -1;
    if (!blocking && t != -1) {
        err_set(exc_ValueError, "can't specify a timeout for a non-blocking call");
        return -1;
    }
    if (t < 0 && t != -1) {
        err_set(exc_ValueError, "timeout value must be positive");
        return -1;
    }
    if (t > TIMEOUT_LIMIT) {
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
    /* A wait with no timeout may be one that nobody can ever end. */
    DeadlockWait w = {NULL, l->kind, l->reason, &l->locked, &l->owner, l->serial};
    if (timeout < 0)
        deadlock_wait_begin(vm_cur, &w);
    int r = gil_sem_wait(&l->sem, timeout, l->reason);
    if (timeout < 0)
        deadlock_wait_end(vm_cur, &w);
    if (r < 0)
        return VNULL;
    if (r) {
        l->locked = true;
        l->owner = current_serial();
    }
    return BOOL_V(r);
}

static Value lock_release(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("lock.release", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    ObjLock *l = (ObjLock *)AS_OBJ(args[0]);
    if (!l->locked)
        return err_set(exc_RuntimeError, "release unlocked lock");
    l->locked = false;
    sem_post(&l->sem);
    return NONE;
}

/* In a forked child: a fresh, unlocked lock (the holder may not exist). */
static Value lock_at_fork_reinit(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("lock._at_fork_reinit", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    ObjLock *l = (ObjLock *)AS_OBJ(args[0]);
    sem_destroy(&l->sem);
    sem_init(&l->sem, 0, 1);
    l->locked = false;
    l->owner = 0;
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
    if (args_check("lock.locked", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    return BOOL_V(((ObjLock *)AS_OBJ(args[0]))->locked);
}

/* lock._set_NAME(str): the index of the str among names[0..n) into *field,
 * or TypeError/ValueError ("unknown wait reason 'x'"). */
static Value set_label(const char *fn, Value *args, int nargs, ObjTuple *kwnames,
                       const char *const *names, int n, const char *what, uint8_t *field)
{
    if (args_check(fn, nargs, kwnames, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "%s must be a str", what);
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], AS_STR(args[1])->data) == 0) {
            *field = (uint8_t)i;
            return NONE;
        }
    return err_format(exc_ValueError, "unknown wait %s %R", what, args[1]);
}

/* Baton only: label the waits on this lock in GIL stats and traces. */
static Value lock_set_reason(Value *args, int nargs, ObjTuple *kwnames)
{
    return set_label("_set_reason", args, nargs, kwnames, gil_block_names, BLOCK__COUNT,
                     "reason", &((ObjLock *)AS_OBJ(args[0]))->reason);
}

/* Baton only: what a deadlock report calls a wait on this lock
 * ("condition", "event", "queue.get", … see deadlock.h). */
static Value lock_set_wait(Value *args, int nargs, ObjTuple *kwnames)
{
    return set_label("_set_wait", args, nargs, kwnames, deadlock_wait_names, WAIT__COUNT,
                     "kind", &((ObjLock *)AS_OBJ(args[0]))->kind);
}

/* Baton only: the calling thread becomes the lock's holder in deadlock
 * reports (a Thread's join lock, taken by the starter, released by the
 * thread itself when it ends). */
static Value lock_claim(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_claim", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ((ObjLock *)AS_OBJ(args[0]))->owner = current_serial();
    return NONE;
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
    {"_set_wait", lock_set_wait},
    {"_claim", lock_claim},
    {"_at_fork_reinit", lock_at_fork_reinit},
    {NULL, NULL},
};

Type type_lock = {
    .name = "_thread.lock",
    .inst_size = sizeof(ObjLock),
    .tp_new = lock_tp_new,
    .finalize = lock_finalize,
    .repr = lock_repr,
};

/* ---- RLock: a reentrant lock (threading.RLock, CPython's _CRLock) ----- */

/* The thread that holds it (owner, a get_ident() value) may acquire it again;
 * each acquire needs a release.  The semaphore is taken by the first acquire
 * and given back by the last release.  All fields change under the GIL. */
typedef struct {
    Obj obj;
    sem_t sem;
    bool locked;     /* the semaphore is taken (what the deadlock detector reads) */
    uint64_t owner;  /* thread ident of the holder, 0 none */
    uint64_t count;  /* acquisitions by the owner not yet released */
    uint64_t holder; /* GilThread.serial of the holder, for deadlock reports */
    uint64_t serial; /* creation order, shared with lock's */
} ObjRLock;

static Type type_rlock;

#define AS_RLOCK(v) ((ObjRLock *)AS_OBJ(v))

static void rlock_finalize(Obj *o) { sem_destroy(&((ObjRLock *)o)->sem); }

static Value rlock_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args, (void)nargs, (void)kwnames; /* CPython's RLock ignores them */
    ObjRLock *l = (ObjRLock *)type_alloc(t, sizeof(ObjRLock));
    sem_init(&l->sem, 0, 1);
    l->serial = ++lock_serials;
    return OBJ_VAL(l);
}

/* Take the semaphore for the calling thread, the GIL released while it
 * waits (timeout < 0: forever, a wait the deadlock detector watches).
 * 1 taken, 0 timed out, -1 exception (KeyboardInterrupt). */
static int rlock_take(ObjRLock *l, double timeout)
{
    DeadlockWait w = {NULL, WAIT_RLOCK, BLOCK_LOCK, &l->locked, &l->holder, l->serial};
    if (timeout < 0)
        deadlock_wait_begin(vm_cur, &w);
    int r = gil_sem_wait(&l->sem, timeout, BLOCK_LOCK);
    if (timeout < 0)
        deadlock_wait_end(vm_cur, &w);
    if (r > 0) {
        l->locked = true;
        l->owner = vm_cur->ident;
        l->holder = current_serial();
    }
    return r;
}

static void rlock_give(ObjRLock *l)
{
    l->count = 0;
    l->owner = 0;
    l->holder = 0;
    l->locked = false;
    sem_post(&l->sem);
}

static bool rlock_owned(ObjRLock *l) { return l->count > 0 && l->owner == vm_cur->ident; }

static Value rlock_acquire(Value *args, int nargs, ObjTuple *kwnames)
{
    ObjRLock *l = AS_RLOCK(args[0]);
    double timeout;
    if (parse_acquire(args, nargs, kwnames, &timeout) < 0)
        return VNULL;
    if (rlock_owned(l)) {
        if (l->count == UINT64_MAX)
            return err_set(exc_OverflowError, "Internal lock count overflowed");
        l->count++;
        return TRUE_V;
    }
    int r = rlock_take(l, timeout);
    if (r < 0)
        return VNULL;
    if (r)
        l->count = 1;
    return BOOL_V(r);
}

static Value rlock_do_release(ObjRLock *l)
{
    if (!rlock_owned(l))
        return err_set(exc_RuntimeError, "cannot release un-acquired lock");
    if (--l->count == 0)
        rlock_give(l);
    return NONE;
}

static Value rlock_release(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("RLock.release", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    return rlock_do_release(AS_RLOCK(args[0]));
}

static Value rlock_exit(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)nargs, (void)kwnames; /* __exit__(*args): any arguments */
    return rlock_do_release(AS_RLOCK(args[0]));
}

static Value rlock_is_owned(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("RLock._is_owned", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    return BOOL_V(rlock_owned(AS_RLOCK(args[0])));
}

static Value rlock_recursion_count(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("RLock._recursion_count", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    ObjRLock *l = AS_RLOCK(args[0]);
    return int_from_u64(rlock_owned(l) ? l->count : 0);
}

/* Condition.wait: give the lock up whatever its count -> (count, owner). */
static Value rlock_release_save(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("RLock._release_save", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    ObjRLock *l = AS_RLOCK(args[0]);
    if (l->count == 0)
        return err_set(exc_RuntimeError, "cannot release un-acquired lock");
    Value count = int_from_u64(l->count), owner = int_from_u64(l->owner);
    Value r = tuple_pack(2, count, owner);
    if (!r)
        return VNULL;
    rlock_give(l);
    return r;
}

/* An int's low 64 bits, as CPython's "k" format takes it (no range check). */
static uint64_t int_low64(Value v)
{
    v = int_exact(v);
    if (IS_INT(v))
        return (uint64_t)AS_INT(v);
    uint64_t low = (uint64_t)mpz_getlimbn(AS_BIGINT(v)->z, 0);
    return mpz_sgn(AS_BIGINT(v)->z) < 0 ? 0 - low : low;
}

/* _acquire_restore((count, owner)): take the lock back after a
 * _release_save, with the state it returned. */
static Value rlock_acquire_restore(Value *args, int nargs, ObjTuple *kwnames)
{
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "RLock._acquire_restore() takes no keyword arguments");
    if (nargs != 2)
        return err_format(exc_TypeError, "_acquire_restore() takes exactly 1 argument (%d given)",
                          nargs - 1);
    Value st = args[1];
    if (!IS_TUPLE(st) && !IS_LIST(st))
        return err_format(exc_TypeError,
                          "_acquire_restore() argument 1 must be 2-item sequence, not %s",
                          TYPE(st)->name);
    int64_t n = IS_TUPLE(st) ? AS_TUPLE(st)->len : AS_LIST(st)->len;
    Value *items = IS_TUPLE(st) ? AS_TUPLE(st)->items : AS_LIST(st)->items;
    if (n != 2)
        return err_format(exc_TypeError,
                          "_acquire_restore() argument 1 must be sequence of length 2, not %lld",
                          (long long)n);
    for (int i = 0; i < 2; i++)
        if (!INT_CHECK(items[i]))
            return err_format(exc_TypeError,
                              "_acquire_restore() argument 1, item %d must be int, not %s", i,
                              TYPE(items[i])->name);
    uint64_t count = int_low64(items[0]), owner = int_low64(items[1]);
    ObjRLock *l = AS_RLOCK(args[0]);
    if (rlock_take(l, -1) < 0)
        return VNULL;
    l->count = count;
    l->owner = owner;
    return NONE;
}

/* In a forked child: a fresh, unlocked lock (the holder may not exist). */
static Value rlock_at_fork_reinit(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("RLock._at_fork_reinit", nargs - 1, kwnames, 0, 0) < 0)
        return VNULL;
    ObjRLock *l = AS_RLOCK(args[0]);
    sem_destroy(&l->sem);
    sem_init(&l->sem, 0, 1);
    l->count = l->owner = l->holder = 0;
    l->locked = false;
    return NONE;
}

static Value rlock_repr(Value self)
{
    ObjRLock *l = AS_RLOCK(self);
    return str_printf("<%s %s object owner=%llu count=%llu at %p>",
                      l->count ? "locked" : "unlocked", TYPE(self)->name,
                      (unsigned long long)l->owner, (unsigned long long)l->count, (void *)l);
}

static const MethodDef rlock_methods[] = {
    {"acquire", rlock_acquire},
    {"release", rlock_release},
    {"__enter__", rlock_acquire},
    {"__exit__", rlock_exit},
    {"_is_owned", rlock_is_owned},
    {"_recursion_count", rlock_recursion_count},
    {"_release_save", rlock_release_save},
    {"_acquire_restore", rlock_acquire_restore},
    {"_at_fork_reinit", rlock_at_fork_reinit},
    {NULL, NULL},
};

static Type type_rlock = {
    .name = "_thread.RLock",
    .kind = KIND_OTHER,
    .flags = TF_BASETYPE | TF_WEAKREF,
    .inst_size = sizeof(ObjRLock),
    .tp_new = rlock_tp_new,
    .finalize = rlock_finalize,
    .repr = rlock_repr,
};

/* ---- threads ---------------------------------------------------------- */

static _Atomic uint64_t thread_count; /* threads started by _thread */

static uint64_t native_id(void) { return (uint64_t)syscall(SYS_gettid); }

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
            err_write_unraisable_obj("Exception ignored in thread started by: ", func, exc);
    }
    file_flush(sys_get_stdout());
    gil_record_ended(t);
    deadlock_check(t);   /* the others may all be stuck now */
    thread_count--;
    void *g = t->gil_data;
    t->gil_data = NULL;
    vm_thread_free(t);   /* unlinks t from vm_threads; needs the GIL */
    gil_exit_thread(g);  /* releases the GIL for good */
    return NULL;
}

/* New threads' C stack size (stack_size()); 0: DEFAULT_STACK.  Each
 * thread finds its own stack's bounds (vm.c find_stack_floor), so a small
 * stack raises RecursionError sooner, never overflows. */
/* The default, as CPython's threads get from glibc: the main thread's
 * RLIMIT_STACK (8 MiB when unlimited), so a thread holds the same depth
 * of C recursion as the main thread. */
static size_t default_stack(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur >= (32u << 10) && rl.rlim_cur <= ((rlim_t)1 << 30))
        return (size_t)rl.rlim_cur;
    return (size_t)8 << 20;
}
#define DEFAULT_STACK default_stack()
/* The sanitizers' instrumentation makes every C frame several times
 * larger, so a thread asked for N bytes gets SANITIZER_STACK_SCALE * N:
 * the same Python depth fits as in a plain build (stack_size() still
 * reports N). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZER_STACK_SCALE 4
#else
#define SANITIZER_STACK_SCALE 1
#endif
#define MIN_STACK ((size_t)32 << 10) /* CPython's THREAD_STACK_MIN */
static size_t thread_stack;

static Value thread_stack_size(Value *args, int nargs, ObjTuple *kwnames)
{
    if (kwnames && kwnames->len)
        return err_set(exc_TypeError, "stack_size() takes no keyword arguments");
    if (nargs > 1)
        return err_format(exc_TypeError, "stack_size() takes at most 1 argument (%d given)", nargs);
    int64_t n = 0;
    if (nargs) {
        Value v = obj_index(args[0]);
        if (!v)
            return VNULL;
        if (!IS_INT(v))
            return err_set(exc_OverflowError, "Python int too large to convert to C ssize_t");
        n = AS_INT(v);
    }
    if (n < 0)
        return err_set(exc_ValueError, "size must be 0 or a positive value");
    if (n != 0 && (size_t)n < MIN_STACK)
        return err_format(exc_ValueError, "size not valid: %lld bytes", (long long)n);
    if (n != 0) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        int rc = pthread_attr_setstacksize(&attr, (size_t)n);
        pthread_attr_destroy(&attr);
        if (rc != 0)
            return err_format(exc_ValueError, "size not valid: %lld bytes", (long long)n);
    }
    size_t old = thread_stack;
    thread_stack = (size_t)n;
    return int_from_u64(old);
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
        return err_set(exc_RuntimeError, "can't start new thread");
    t->handle = tuple_pack(3, func, fargs, fkw);
    if (gil_thread_attach(t) < 0) {
        vm_thread_free(t);
        return err_no_memory();
    }

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, SANITIZER_STACK_SCALE * (thread_stack ? thread_stack : DEFAULT_STACK));
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
typedef struct {
    Obj obj;
    ObjDict *dicts;
    Value args;   /* the constructor's arguments: a subclass's __init__ */
    Value kwargs; /* runs again with them in each new thread (CPython) */
} ObjLocal;
Type type_local;

static void local_trace(Obj *o)
{
    ObjLocal *l = (ObjLocal *)o;
    gc_mark_obj((Obj *)l->dicts);
    gc_mark(l->args);
    gc_mark(l->kwargs);
    Value *x = obj_extra_values(OBJ_VAL(o));
    for (uint32_t i = 0; x && i < o->type->nextra; i++)
        gc_mark(x[i]);
}

static Value local_key(void)
{
    GilThread *g = vm_cur->gil_data;
    return int_from_u64(g ? g->serial : vm_cur->ident);
}

static Value local_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    bool has_init = obj_is_user(type_lookup(t, str_intern_cstr("__init__")));
    if ((nargs || (kwnames && kwnames->len)) && (t == &type_local || !has_init))
        return err_set(exc_TypeError, "Initialization arguments are not supported");
    ObjLocal *l = (ObjLocal *)type_alloc(t, sizeof(ObjLocal));
    l->dicts = AS_DICT(dict_new());
    l->args = tuple_from(args, nargs);
    if (kwnames && kwnames->len) {
        Value kw = dict_new();
        for (int64_t i = 0; kw && i < kwnames->len; i++)
            if (dict_set(kw, kwnames->items[i], args[nargs + i]) < 0)
                return VNULL;
        l->kwargs = kw;
    }
    /* the creating thread's dict: its __init__ runs through the class call */
    Value d = dict_new();
    if (!d || dict_set(OBJ_VAL(l->dicts), local_key(), d) < 0)
        return VNULL;
    return OBJ_VAL(l);
}

static Value local_dict(Value self)
{
    ObjLocal *l = (ObjLocal *)AS_OBJ(self);
    Value key = local_key();
    Value d = dict_get(OBJ_VAL(l->dicts), key);
    if (!d) {
        if (err_occurred())
            return VNULL;
        d = dict_new();
        if (!d || dict_set(OBJ_VAL(l->dicts), key, d) < 0)
            return VNULL;
        /* first use in this thread: a subclass's __init__ runs again */
        Value init = type_lookup(AS_OBJ(self)->type, str_intern_cstr("__init__"));
        if (init && obj_is_user(init)) {
            ObjTuple *a = AS_TUPLE(l->args);
            Value argv = tuple_new(a->len + 1 + (l->kwargs ? AS_DICT(l->kwargs)->len : 0));
            if (!argv)
                return VNULL;
            AS_TUPLE(argv)->items[0] = self;
            for (int64_t i = 0; i < a->len; i++)
                AS_TUPLE(argv)->items[i + 1] = a->items[i];
            Value names = VNULL;
            if (l->kwargs && AS_DICT(l->kwargs)->len) {
                names = tuple_new(AS_DICT(l->kwargs)->len);
                int64_t pos = 0, i = 0;
                Value k, v;
                while (names && dict_next(AS_DICT(l->kwargs), &pos, &k, &v)) {
                    AS_TUPLE(names)->items[i] = k;
                    AS_TUPLE(argv)->items[a->len + 1 + i] = v;
                    i++;
                }
            }
            Value r = obj_call(init, AS_TUPLE(argv)->items, (int)a->len + 1,
                               names ? AS_TUPLE(names) : NULL);
            if (!r) {
                dict_del(OBJ_VAL(l->dicts), key);
                return VNULL;
            }
        }
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
    Value v = type_lookup(AS_OBJ(self)->type, name);
    Type *vt = v ? TYPE(v) : NULL;
    if (v && vt->descr_get && vt->descr_set) /* data descriptors first */
        return vt->descr_get(v, self, OBJ_VAL(AS_OBJ(self)->type));
    Value dv = dict_get_str(AS_DICT(d), name);
    if (dv)
        return dv;
    if (v)
        return vt->descr_get ? vt->descr_get(v, self, OBJ_VAL(AS_OBJ(self)->type)) : v;
    if (strcmp(name->data, "__class__") == 0)
        return OBJ_VAL(AS_OBJ(self)->type);
    return err_format(exc_AttributeError, "'%s' object has no attribute '%s'",
                      AS_OBJ(self)->type->name, name->data);
}

static int local_setattr(Value self, ObjStr *name, Value v)
{
    Value d = local_dict(self);
    if (!d)
        return -1;
    Value dsc = type_lookup(AS_OBJ(self)->type, name);
    if (dsc && TYPE(dsc)->descr_set)
        return TYPE(dsc)->descr_set(dsc, self, v);
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
    .flags = TF_BASETYPE | TF_WEAKREF,
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
        mod_type_ready(&type_lock, "_thread", lock_methods, NULL);
        type_ready(&type_local, NULL);
        mod_type_ready(&type_rlock, "_thread", rlock_methods, NULL);
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
    module_add_fn(mod, "stack_size", thread_stack_size);
    module_add_fn(mod, "_count", thread_count_fn);
    module_add_fn(mod, "_set_name", thread_set_name);
    module_add_fn(mod, "_reason_lock", thread_reason_lock);
    module_add_fn(mod, "_print_exception", thread_print_exception);
    module_add(mod, "LockType", OBJ_VAL(&type_lock));
    module_add(mod, "lock", OBJ_VAL(&type_lock));
    module_add(mod, "_local", OBJ_VAL(&type_local));
    module_add(mod, "RLock", OBJ_VAL(&type_rlock));
    module_add(mod, "error", OBJ_VAL(exc_RuntimeError));
    module_add(mod, "TIMEOUT_MAX", float_new(TIMEOUT_MAX));
    return m;
}
