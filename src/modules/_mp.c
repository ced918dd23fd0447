/* modules/_mp.c — _mp, the C layer under lib/multiprocessing.py and
 * lib/concurrent/futures.py: what processes need that threads do not.
 *
 *   fork()                 fork with the interpreter's bookkeeping: flush
 *                          stdio first; in the child, only the forking thread
 *                          exists, so the GIL, the thread table and pending
 *                          signals start over (as CPython does after fork).
 *   wait(pid, timeout)     reap a child, with the GIL released, waiting on a
 *                          pidfd so a timeout costs no polling.
 *   SemLock                a semaphore (or recursive lock) in shared memory:
 *                          the primitive every cross-process Lock, RLock,
 *                          Semaphore, Condition, Event and Barrier is built on.
 *   SharedArray            typed items in shared memory (Value and Array).
 *   Connection / Pipe      framed messages over a pipe or a socketpair.
 *   Channel                the body of multiprocessing.Queue: a ring of
 *                          messages in shared memory (big ones through a
 *                          pipe), robust process-shared mutexes for writers
 *                          and readers, futex waits, a semaphore for maxsize.
 *
 * All memory shared between processes comes from mmap(MAP_SHARED) made
 * before the fork, so objects must be created in the parent, as with
 * CPython's fork start method.  Every wait releases the GIL and wakes on
 * signals (EINTR), so Ctrl-C interrupts it.
 *
 * Connection frames: 4-byte length, 4-byte checksum, then a pickle
 * (modules/pickle.c).  A Queue reader that finds a message cut short because
 * its writer died (detected by the robust writer mutex) raises an error and
 * marks the channel broken: it never returns a corrupted object.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "mp.h"
#include "pickle.h"
#include "posix.h"
#include "signals.h"
#include "trace.h"

/* ---- helpers ---------------------------------------------------------- */

/* A bytes object of len bytes to be filled in by a read (bytes_new would
 * copy from its source pointer). */
static Value bytes_uninit(size_t len)
{
    ObjBytes *b = (ObjBytes *)gc_new_data(&type_bytes, sizeof(ObjBytes), sizeof(ObjBytes) + len + 1);
    b->len = (int64_t)len;
    b->hash = -1;
    b->data[len] = 0;
    return OBJ_VAL(b);
}

static void *shm_alloc(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* Timeout argument: None/absent -> -1 (forever), else seconds >= 0. */
static int timeout_arg(Value v, double *out)
{
    if (!v || IS_NONE(v)) {
        *out = -1;
        return 0;
    }
    if (num_to_double(v, out) < 0)
        return -1;
    if (*out < 0)
        *out = 0;
    return 0;
}

static double remaining(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double r = (double)(deadline->tv_sec - now.tv_sec) +
               (double)(deadline->tv_nsec - now.tv_nsec) / 1e9;
    return r < 0 ? 0 : r;
}

/* ---- processes -------------------------------------------------------- */

static pid_t main_pid;
static void feeders_before_fork(void);
static void feeders_after_fork_parent(void);
static void feeders_after_fork(void);

void mp_after_fork_child(void)
{
    /* Only this thread survives a fork: forget the others. */
    Thread *me = vm_cur;
    vm_threads = me;
    me->next = me->prev = NULL;
    vm_main_thread = me;
    gil_after_fork(me);
    signal_reset_after_fork();
    feeders_after_fork();
    file_after_fork();
}

void mp_flush_std(void)
{
    if (file_flush(sys_get_stdout()) < 0)
        err_clear();
    if (file_flush(sys_get_stderr()) < 0)
        err_clear();
}

Value mp_fork(void)
{
    fflush(NULL);
    feeders_before_fork();
    pid_t pid = fork();
    int e = errno;
    if (pid != 0)
        feeders_after_fork_parent();
    if (pid < 0) {
        errno = e;
        return err_from_errno(exc_OSError, NULL);
    }
    if (pid == 0)
        mp_after_fork_child();
    else if (trace_on && vm_cur->gil_data)
        trace_event(vm_cur->gil_data, TR_FORK, 0, 0, (int)pid, gil_now_ns());
    return MK_INT(pid);
}

static Value mp_fork_fn(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("fork", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    /* as CPython's multiprocessing does before it forks */
    mp_flush_std();
    return posix_fork(); /* with os.register_at_fork's handlers */
}

/* In a child: die with the parent (the issue's "never outlives a killed
 * parent").  The signal is sent when the forking *thread* ends, so forks
 * made for pools happen from the main thread. */
static Value mp_die_with_parent(Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t parent;
    if (args_check("die_with_parent", nargs, kwnames, 1, 1) < 0 ||
        obj_as_int64(args[0], &parent) < 0)
        return VNULL;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != (pid_t)parent)
        _exit(1); /* the parent died before we asked */
    return NONE;
}

static Value status_value(int status)
{
    if (WIFEXITED(status))
        return MK_INT(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return MK_INT(-WTERMSIG(status));
    return NONE;
}

/* wait(pid, timeout=None) -> exit code (negative: killed by that signal),
 * or None when the timeout passed first. */
static Value mp_wait(Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t pid;
    double timeout;
    if (args_check("wait", nargs, kwnames, 1, 2) < 0 || obj_as_int64(args[0], &pid) < 0 ||
        timeout_arg(nargs > 1 ? args[1] : VNULL, &timeout) < 0)
        return VNULL;
    int status;
    pid_t r = waitpid((pid_t)pid, &status, WNOHANG);
    if (r == (pid_t)pid)
        return status_value(status);
    if (r < 0)
        return err_from_errno(exc_ChildProcessError, NULL);
    if (timeout == 0)
        return NONE;
    int pfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
    struct timespec deadline;
    if (timeout > 0)
        gil_deadline_in(&deadline, timeout);
    while (true) {
        int rc, err;
        if (pfd >= 0) {
            struct pollfd p = {pfd, POLLIN, 0};
            int ms = timeout < 0 ? -1 : (int)(remaining(&deadline) * 1000 + 0.999);
            GIL_RELEASE(BLOCK_PROCESS);
            rc = poll(&p, 1, ms);
            err = errno;
            GIL_ACQUIRE();
        } else {
            /* No pidfd (old kernel): poll the child every millisecond. */
            struct timespec ts = {0, 1000000};
            GIL_RELEASE(BLOCK_PROCESS);
            rc = nanosleep(&ts, NULL);
            err = errno;
            GIL_ACQUIRE();
            rc = rc == 0 ? 1 : rc;
        }
        if (rc < 0 && err == EINTR) {
            if (signal_interrupted() < 0) {
                if (pfd >= 0)
                    close(pfd);
                return VNULL;
            }
        }
        r = waitpid((pid_t)pid, &status, WNOHANG);
        if (r == (pid_t)pid) {
            if (pfd >= 0)
                close(pfd);
            return status_value(status);
        }
        if (r < 0) {
            if (pfd >= 0)
                close(pfd);
            return err_from_errno(exc_ChildProcessError, NULL);
        }
        if (timeout >= 0 && remaining(&deadline) <= 0) {
            if (pfd >= 0)
                close(pfd);
            return NONE;
        }
    }
}

/* ---- SemLock ---------------------------------------------------------- */

enum { SEM_SEMAPHORE = 0, SEM_RECURSIVE = 1 };

typedef struct {
    sem_t sem;
    int kind;
    int maxvalue;
    int count;          /* recursion count (recursive) */
    pid_t owner_pid;    /* recursive lock owner */
    uint64_t owner_tid;
} SemShared;

typedef struct { Obj obj; SemShared *s; } ObjSemLock;
Type type_semlock;

static void semlock_finalize(Obj *o)
{
    ObjSemLock *l = (ObjSemLock *)o;
    if (l->s)
        munmap(l->s, sizeof(SemShared));
}

static Value semlock_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"kind", "value", "maxvalue", NULL};
    Value a[3];
    int64_t kind, value, maxvalue;
    if (args_parse("SemLock", args, nargs, kwnames, params, 3, 3, a) < 0 ||
        obj_as_int64(a[0], &kind) < 0 || obj_as_int64(a[1], &value) < 0 ||
        obj_as_int64(a[2], &maxvalue) < 0)
        return VNULL;
    if (value < 0 || value > 0x7fffffff)
        return err_set(exc_ValueError, "invalid value");
    ObjSemLock *l = (ObjSemLock *)gc_new(t, sizeof(ObjSemLock));
    l->s = shm_alloc(sizeof(SemShared));
    if (!l->s)
        return err_from_errno(exc_OSError, NULL);
    sem_init(&l->s->sem, 1, (unsigned)value);
    l->s->kind = (int)kind;
    l->s->maxvalue = (int)maxvalue;
    return OBJ_VAL(l);
}

static bool sem_is_mine(SemShared *s)
{
    return s->count > 0 && s->owner_pid == getpid() && s->owner_tid == vm_cur->ident;
}

static Value semlock_acquire(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"block", "timeout", NULL};
    Value a[2];
    if (args_parse("acquire", args + 1, nargs - 1, kwnames, params, 0, 2, a) < 0)
        return VNULL;
    SemShared *s = ((ObjSemLock *)AS_OBJ(args[0]))->s;
    int block = 1;
    if (a[0] && (block = obj_truthy(a[0])) < 0)
        return VNULL;
    double timeout;
    if (timeout_arg(a[1], &timeout) < 0)
        return VNULL;
    if (!block)
        timeout = 0;
    if (s->kind == SEM_RECURSIVE && sem_is_mine(s)) {
        s->count++;
        return TRUE_V;
    }
    int r = gil_sem_wait(&s->sem, timeout, BLOCK_LOCK);
    if (r < 0)
        return VNULL;
    if (r) {
        s->owner_pid = getpid();
        s->owner_tid = vm_cur->ident;
        s->count++;
    }
    return BOOL_V(r);
}

static Value semlock_release(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("release", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    SemShared *s = ((ObjSemLock *)AS_OBJ(args[0]))->s;
    if (s->kind == SEM_RECURSIVE) {
        if (!sem_is_mine(s))
            return err_set(exc_AssertionError,
                           "attempt to release recursive lock not owned by thread");
        if (--s->count > 0)
            return NONE;
        s->owner_pid = 0;
        s->owner_tid = 0;
    } else {
        int v;
        sem_getvalue(&s->sem, &v);
        if (s->maxvalue >= 0 && v >= s->maxvalue)
            return err_set(exc_ValueError, "semaphore or lock released too many times");
        if (s->count > 0)
            s->count--;
    }
    sem_post(&s->sem);
    return NONE;
}

static Value semlock_exit(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)nargs;
    (void)kwnames;
    return semlock_release(args, 1, NULL);
}

static Value semlock_get_value(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_get_value", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    int v;
    sem_getvalue(&((ObjSemLock *)AS_OBJ(args[0]))->s->sem, &v);
    return MK_INT(v);
}

static Value semlock_count(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_count", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    SemShared *s = ((ObjSemLock *)AS_OBJ(args[0]))->s;
    return MK_INT(sem_is_mine(s) ? s->count : 0);
}

static Value semlock_is_mine(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_is_mine", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    return BOOL_V(sem_is_mine(((ObjSemLock *)AS_OBJ(args[0]))->s));
}

static Value semlock_owner(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_owner", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    SemShared *s = ((ObjSemLock *)AS_OBJ(args[0]))->s;
    if (s->count == 0)
        return NONE;
    return tuple_pack(2, MK_INT(s->owner_pid), int_from_u64(s->owner_tid));
}

static const MethodDef semlock_methods[] = {
    {"acquire", semlock_acquire},
    {"release", semlock_release},
    {"__enter__", semlock_acquire},
    {"__exit__", semlock_exit},
    {"_get_value", semlock_get_value},
    {"_count", semlock_count},
    {"_is_mine", semlock_is_mine},
    {"_owner", semlock_owner},
    {NULL, NULL},
};

Type type_semlock = {
    .name = "SemLock",
    .flags = TF_BASETYPE,
    .inst_size = sizeof(ObjSemLock),
    .tp_new = semlock_tp_new,
    .finalize = semlock_finalize,
};

/* ---- SharedArray ------------------------------------------------------ */

typedef struct {
    Obj obj;
    char typecode;
    int itemsize;
    int64_t len;
    size_t maplen;
    uint8_t *data;
} ObjSharedArray;
Type type_sharedarray;

static int typecode_size(char c)
{
    switch (c) {
    case 'b': case 'B': case 'c': return 1;
    case 'h': case 'H': return 2;
    case 'i': case 'I': case 'f': return 4;
    case 'l': case 'L': case 'q': case 'Q': case 'd': return 8;
    default: return 0;
    }
}

static void sharedarray_finalize(Obj *o)
{
    ObjSharedArray *a = (ObjSharedArray *)o;
    if (a->data)
        munmap(a->data, a->maplen);
}

static Value sa_get(ObjSharedArray *a, int64_t i)
{
    uint8_t *p = a->data + i * a->itemsize;
    switch (a->typecode) {
    case 'b': return MK_INT(*(int8_t *)p);
    case 'B': return MK_INT(*(uint8_t *)p);
    case 'c': return bytes_new(p, 1);
    case 'h': return MK_INT(*(int16_t *)p);
    case 'H': return MK_INT(*(uint16_t *)p);
    case 'i': return MK_INT(*(int32_t *)p);
    case 'I': return MK_INT(*(uint32_t *)p);
    case 'l': case 'q': return int_from_i64(*(int64_t *)p);
    case 'L': case 'Q': return int_from_u64(*(uint64_t *)p);
    case 'f': return float_new(*(float *)p);
    default: return float_new(*(double *)p);
    }
}

static int sa_set(ObjSharedArray *a, int64_t i, Value v)
{
    uint8_t *p = a->data + i * a->itemsize;
    if (a->typecode == 'c') {
        if (IS_INT(v) && !IS_BOOL(v)) {
            int64_t n;
            if (obj_as_int64(v, &n) < 0)
                return -1;
            if (n < 0 || n > 255) {
                err_set(exc_TypeError, "one character bytes, bytearray or integer expected");
                return -1;
            }
            *p = (uint8_t)n;
            return 0;
        }
        if (!IS_BYTES(v) || AS_BYTES(v)->len != 1) {
            err_set(exc_TypeError, "one character bytes, bytearray or integer expected");
            return -1;
        }
        *p = AS_BYTES(v)->data[0];
        return 0;
    }
    if (a->typecode == 'f' || a->typecode == 'd') {
        double d;
        if (num_to_double(v, &d) < 0)
            return -1;
        if (a->typecode == 'f')
            *(float *)p = (float)d;
        else
            *(double *)p = d;
        return 0;
    }
    if (IS_FLOAT(v)) {
        err_set(exc_TypeError, "int expected instead of float");
        return -1;
    }
    int64_t n;
    if (obj_as_int64(v, &n) < 0)
        return -1;
    switch (a->typecode) {
    case 'b': case 'B': *(uint8_t *)p = (uint8_t)n; break;
    case 'h': case 'H': *(uint16_t *)p = (uint16_t)n; break;
    case 'i': case 'I': *(uint32_t *)p = (uint32_t)n; break;
    default: *(int64_t *)p = n; break;
    }
    return 0;
}

static Value sharedarray_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("SharedArray", nargs, kwnames, 2, 2) < 0)
        return VNULL;
    if (!IS_STR(args[0]) || AS_STR(args[0])->len != 1 ||
        !typecode_size(AS_STR(args[0])->data[0]))
        return err_format(exc_TypeError, "bad typecode %R", args[0]);
    int64_t n;
    if (obj_as_int64(args[1], &n) < 0)
        return VNULL;
    if (n < 0 || n > ((int64_t)1 << 34))
        return err_set(exc_ValueError, "array size out of range");
    char tc = AS_STR(args[0])->data[0];
    ObjSharedArray *a = (ObjSharedArray *)gc_new(t, sizeof(ObjSharedArray));
    a->typecode = tc;
    a->itemsize = typecode_size(tc);
    a->len = n;
    a->maplen = (size_t)(n * a->itemsize) + 1;
    a->data = shm_alloc(a->maplen);
    if (!a->data)
        return err_from_errno(exc_OSError, NULL);
    return OBJ_VAL(a);
}

static int64_t sharedarray_len(Value self) { return ((ObjSharedArray *)AS_OBJ(self))->len; }

static Value sharedarray_getitem(Value self, Value key)
{
    ObjSharedArray *a = (ObjSharedArray *)AS_OBJ(self);
    if (IS_TYPE_EXACT(key, &type_slice)) {
        int64_t start, stop, step, n;
        if (slice_indices(key, a->len, &start, &stop, &step, &n) < 0)
            return VNULL;
        if (a->typecode == 'c') {
            StrBuf b;
            sb_init(&b);
            for (int64_t i = 0, j = start; i < n; i++, j = slice_next(j, step))
                sb_addc(&b, (char)a->data[j]);
            Value r = bytes_new((const uint8_t *)b.data, b.len);
            sb_free(&b);
            return r;
        }
        Value l = list_new(n);
        if (!l)
            return VNULL;
        for (int64_t i = 0, j = start; i < n; i++, j = slice_next(j, step)) {
            Value v = sa_get(a, j);
            if (!v)
                return VNULL;
            AS_LIST(l)->items[i] = v;
        }
        return l;
    }
    int64_t i;
    if (obj_as_int64(key, &i) < 0)
        return VNULL;
    if (i < 0)
        i += a->len;
    if (i < 0 || i >= a->len)
        return err_set(exc_IndexError, "invalid index");
    return sa_get(a, i);
}

static int sharedarray_setitem(Value self, Value key, Value v)
{
    ObjSharedArray *a = (ObjSharedArray *)AS_OBJ(self);
    if (!v) {
        err_set(exc_TypeError, "Array does not support item deletion");
        return -1;
    }
    if (IS_TYPE_EXACT(key, &type_slice)) {
        int64_t start, stop, step, n;
        if (slice_indices(key, a->len, &start, &stop, &step, &n) < 0)
            return -1;
        Value items = obj_to_list(v);
        if (!items)
            return -1;
        if (AS_LIST(items)->len != n) {
            err_set(exc_ValueError, "Can only assign sequence of same size");
            return -1;
        }
        for (int64_t i = 0, j = start; i < n; i++, j = slice_next(j, step))
            if (sa_set(a, j, AS_LIST(items)->items[i]) < 0)
                return -1;
        return 0;
    }
    int64_t i;
    if (obj_as_int64(key, &i) < 0)
        return -1;
    if (i < 0)
        i += a->len;
    if (i < 0 || i >= a->len) {
        err_set(exc_IndexError, "invalid index");
        return -1;
    }
    return sa_set(a, i, v);
}

static Value sharedarray_typecode(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("typecode", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    char tc = ((ObjSharedArray *)AS_OBJ(args[0]))->typecode;
    return str_new(&tc, 1);
}

static const MethodDef sharedarray_methods[] = {
    {"typecode", sharedarray_typecode},
    {NULL, NULL},
};

Type type_sharedarray = {
    .name = "SharedArray",
    .inst_size = sizeof(ObjSharedArray),
    .tp_new = sharedarray_tp_new,
    .finalize = sharedarray_finalize,
    .len = sharedarray_len,
    .getitem = sharedarray_getitem,
    .setitem = sharedarray_setitem,
};

/* ---- frames over file descriptors ------------------------------------- */

static uint32_t checksum(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

/* Write all of buf; -1 with an exception on error. */
static int write_all(int fd, const uint8_t *buf, size_t n, bool nonblock)
{
    size_t done = 0;
    while (done < n) {
        ssize_t w;
        int err;
        if (nonblock) {
            /* A Queue's pipe: a write that cannot block keeps the GIL; when
             * the pipe is full, wait for room with the GIL released. */
            w = write(fd, buf + done, n - done);
            err = errno;
            if (w < 0 && err == EAGAIN) {
                struct pollfd p = {fd, POLLOUT, 0};
                GIL_RELEASE(BLOCK_IO);
                poll(&p, 1, -1);
                GIL_ACQUIRE();
                continue;
            }
        } else {
            GIL_RELEASE(BLOCK_IO);
            w = write(fd, buf + done, n - done);
            err = errno;
            GIL_ACQUIRE();
        }
        if (w < 0) {
            if (signal_retry_or_raise(err) < 0)
                return -1;
            continue;
        }
        done += (size_t)w;
    }
    return 0;
}

/* Read exactly n bytes.  Returns n, or the count read before EOF, or -1
 * with an exception.  poll_ms >= 0 bounds each wait for more data, then
 * returns the short count (so the caller can decide). */
static ssize_t read_exact(int fd, uint8_t *buf, size_t n, int poll_ms)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r;
        int err;
        if (poll_ms >= 0) {
            /* A non-blocking descriptor (a Queue's pipe): a read that cannot
             * block needs no GIL release; wait in poll() only when empty. */
            r = read(fd, buf + done, n - done);
            err = errno;
            if (r > 0) {
                done += (size_t)r;
                continue;
            }
            if (r == 0)
                return (ssize_t)done;
            if (err == EAGAIN) {
                struct pollfd p = {fd, POLLIN, 0};
                int pr;
                GIL_RELEASE(BLOCK_IO);
                pr = poll(&p, 1, poll_ms);
                err = errno;
                GIL_ACQUIRE();
                if (pr == 0)
                    return (ssize_t)done;
                if (pr > 0 || err != EINTR)
                    continue;
            }
            if (signal_retry_or_raise(err) < 0)
                return -1;
            continue;
        }
        GIL_RELEASE(BLOCK_IO);
        r = read(fd, buf + done, n - done);
        err = errno;
        GIL_ACQUIRE();
        if (r < 0) {
            if (signal_retry_or_raise(err) < 0)
                return -1;
            continue;
        }
        if (r == 0)
            return (ssize_t)done;
        done += (size_t)r;
    }
    return (ssize_t)done;
}

static int send_frame(int fd, Value payload, bool nonblock)
{
    ObjBytes *b = AS_BYTES(payload);
    if (b->len > 0x7fffffff) {
        err_set(exc_ValueError, "message too long");
        return -1;
    }
    size_t total = 8 + (size_t)b->len;
    uint8_t small[4096];
    uint8_t *buf = total <= sizeof small ? small : malloc(total);
    if (!buf) {
        err_no_memory();
        return -1;
    }
    uint32_t len = (uint32_t)b->len, sum = checksum(b->data, (size_t)b->len);
    memcpy(buf, &len, 4);
    memcpy(buf + 4, &sum, 4);
    memcpy(buf + 8, b->data, (size_t)b->len);
    int rc = write_all(fd, buf, total, nonblock);
    if (buf != small)
        free(buf);
    return rc;
}

/* ---- Connection ------------------------------------------------------- */

typedef struct {
    Obj obj;
    int fd;
    bool readable, writable;
} ObjConnection;
Type type_connection;

static void connection_finalize(Obj *o)
{
    ObjConnection *c = (ObjConnection *)o;
    if (c->fd >= 0)
        close(c->fd);
}

static Value connection_make(int fd, bool readable, bool writable)
{
    ObjConnection *c = (ObjConnection *)gc_new(&type_connection, sizeof(ObjConnection));
    c->fd = fd;
    c->readable = readable;
    c->writable = writable;
    return OBJ_VAL(c);
}

static ObjConnection *conn_checked(Value self, bool want_read, bool want_write)
{
    ObjConnection *c = (ObjConnection *)AS_OBJ(self);
    if (c->fd < 0) {
        err_set(exc_OSError, "handle is closed");
        return NULL;
    }
    if (want_read && !c->readable) {
        err_set(exc_OSError, "connection is write-only");
        return NULL;
    }
    if (want_write && !c->writable) {
        err_set(exc_OSError, "connection is read-only");
        return NULL;
    }
    return c;
}

static Value conn_send_payload(Value self, Value payload)
{
    ObjConnection *c = conn_checked(self, false, true);
    if (!c || send_frame(c->fd, payload, false) < 0)
        return VNULL;
    return NONE;
}

static Value conn_send(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("send", nargs, kwnames, 2, 2) < 0)
        return VNULL;
    Value payload = pickle_dumps(args[1]);
    return payload ? conn_send_payload(args[0], payload) : VNULL;
}

static Value conn_send_bytes(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("send_bytes", nargs, kwnames, 2, 2) < 0)
        return VNULL;
    if (!IS_BYTES(args[1]))
        return err_format(exc_TypeError, "a bytes-like object is required, not '%s'",
                          TYPE(args[1])->name);
    return conn_send_payload(args[0], args[1]);
}

/* Read one frame's payload as bytes; EOFError when the other end closed. */
static Value recv_frame(int fd)
{
    uint8_t head[8];
    ssize_t n = read_exact(fd, head, 8, -1);
    if (n < 0)
        return VNULL;
    if (n == 0)
        return err_set_value(OBJ_VAL(exc_EOFError));
    if (n < 8)
        return err_set(exc_EOFError, "connection closed in the middle of a message");
    uint32_t len, sum;
    memcpy(&len, head, 4);
    memcpy(&sum, head + 4, 4);
    Value b = bytes_uninit(len);
    if (!b)
        return VNULL;
    n = read_exact(fd, AS_BYTES(b)->data, len, -1);
    if (n < 0)
        return VNULL;
    if ((uint32_t)n < len)
        return err_set(exc_EOFError, "connection closed in the middle of a message");
    if (checksum(AS_BYTES(b)->data, len) != sum)
        return err_set(exc_OSError, "corrupted message (bad checksum)");
    return b;
}

static Value conn_recv_bytes(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("recv_bytes", nargs, kwnames, 1, 2) < 0)
        return VNULL;
    ObjConnection *c = conn_checked(args[0], true, false);
    return c ? recv_frame(c->fd) : VNULL;
}

static Value conn_recv(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("recv", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjConnection *c = conn_checked(args[0], true, false);
    if (!c)
        return VNULL;
    Value b = recv_frame(c->fd);
    return b ? pickle_loads(AS_BYTES(b)->data, (size_t)AS_BYTES(b)->len) : VNULL;
}

static int poll_fd(int fd, double timeout)
{
    struct timespec deadline;
    if (timeout > 0)
        gil_deadline_in(&deadline, timeout);
    while (true) {
        struct pollfd p = {fd, POLLIN, 0};
        int ms = timeout < 0 ? -1 : timeout == 0 ? 0 : (int)(remaining(&deadline) * 1000 + 0.999);
        int rc, err;
        GIL_RELEASE(BLOCK_IO);
        rc = poll(&p, 1, ms);
        err = errno;
        GIL_ACQUIRE();
        if (rc >= 0)
            return rc > 0;
        if (signal_retry_or_raise(err) < 0)
            return -1;
    }
}

static Value conn_poll(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("poll", nargs, kwnames, 1, 2) < 0)
        return VNULL;
    ObjConnection *c = conn_checked(args[0], true, false);
    double timeout = 0;
    if (!c || (nargs > 1 && timeout_arg(args[1], &timeout) < 0))
        return VNULL;
    int r = poll_fd(c->fd, timeout);
    return r < 0 ? VNULL : BOOL_V(r);
}

static Value conn_close(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("close", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjConnection *c = (ObjConnection *)AS_OBJ(args[0]);
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    return NONE;
}

static Value conn_fileno(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("fileno", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjConnection *c = conn_checked(args[0], false, false);
    return c ? MK_INT(c->fd) : VNULL;
}

static Value conn_closed(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("_closed", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    return BOOL_V(((ObjConnection *)AS_OBJ(args[0]))->fd < 0);
}

static Value conn_enter(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)nargs;
    (void)kwnames;
    return args[0];
}

static Value conn_exit(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)nargs;
    (void)kwnames;
    return conn_close(args, 1, NULL);
}

static Value conn_repr(Value self)
{
    ObjConnection *c = (ObjConnection *)AS_OBJ(self);
    return str_printf("<multiprocessing.connection.Connection object at %p>", (void *)c);
}

static const MethodDef connection_methods[] = {
    {"send", conn_send},
    {"recv", conn_recv},
    {"send_bytes", conn_send_bytes},
    {"recv_bytes", conn_recv_bytes},
    {"poll", conn_poll},
    {"close", conn_close},
    {"fileno", conn_fileno},
    {"_closed", conn_closed},
    {"__enter__", conn_enter},
    {"__exit__", conn_exit},
    {NULL, NULL},
};

Type type_connection = {
    .name = "Connection",
    .inst_size = sizeof(ObjConnection),
    .finalize = connection_finalize,
    .repr = conn_repr,
};

static Value mp_pipe(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"duplex", NULL};
    Value a[1];
    if (args_parse("Pipe", args, nargs, kwnames, params, 0, 1, a) < 0)
        return VNULL;
    int duplex = 1;
    if (a[0] && (duplex = obj_truthy(a[0])) < 0)
        return VNULL;
    int fds[2];
    if (duplex) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
            return err_from_errno(exc_OSError, NULL);
        return tuple_pack(2, connection_make(fds[0], true, true),
                          connection_make(fds[1], true, true));
    }
    if (pipe2(fds, O_CLOEXEC) < 0)
        return err_from_errno(exc_OSError, NULL);
    return tuple_pack(2, connection_make(fds[0], true, false),
                      connection_make(fds[1], false, true));
}

/* ---- Channel: the body of multiprocessing.Queue ----------------------- */

/* Messages live in a ring in shared memory, so a put or a get that need not
 * wait is a memcpy under an uncontended mutex: no system call (on the test
 * machine a system call costs ~1.3 us, more than the rest of a small put).
 * A waiting reader or writer sleeps on a futex in the shared block with the
 * GIL released; the other side makes the wake-up call only when someone is
 * asleep.
 *
 * A record is an 8-byte header (u32 length, u32 spill word) and the pickle,
 * padded to 8 bytes.  A writer fills the record, then publishes it by moving
 * `tail`: a writer that dies half-way never published anything, so the
 * channel stays whole.  A reader copies the record out, then moves `head`.
 *
 * Payloads too big for the ring (more than RING_INLINE_MAX) are "spilled":
 * the record holds only the header (the spill word is the payload's
 * checksum, with SPILL_BIT set) and the payload follows through the pipe,
 * written while the writer still holds wlock, read while the reader holds
 * rlock, so pipe bytes come in record order.  A writer or reader that dies
 * in the middle of a spilled payload breaks the channel (detected by the
 * robust mutexes and the writing_pipe/reading_pipe marks). */

#define RING_SIZE ((uint64_t)1 << 20)
#define RING_INLINE_MAX (RING_SIZE / 4)
#define SPILL_BIT 0x80000000u

/* Writers' and readers' fields live on separate cache lines, and `tail`
 * (which a spinning reader watches) on a line of its own, so a put and a
 * get running at once on two cores do not keep stealing each other's
 * lines. */
#define CACHE_LINE 128
typedef struct {
    /* writers' side */
    _Alignas(CACHE_LINE) pthread_mutex_t wlock;  /* one writer at a time: records stay whole */
    _Atomic uint64_t puts;   /* records published, ever */
    _Atomic uint32_t data_seq;        /* futex word: bumped on each publish */
    _Atomic uint32_t writers_asleep;  /* waiting for room */
    int writing_pipe;        /* under wlock: a spilled payload is half-written */
    _Alignas(CACHE_LINE) _Atomic uint64_t tail;  /* bytes published into the ring, ever */
    /* readers' side */
    _Alignas(CACHE_LINE) pthread_mutex_t rlock;  /* one reader at a time */
    _Atomic uint64_t head;   /* bytes taken from the ring, ever */
    _Atomic uint64_t gets;   /* records taken, ever */
    _Atomic uint32_t space_seq;       /* futex word: bumped on each take */
    _Atomic uint32_t readers_asleep;  /* waiting for a record */
    int reading_pipe;        /* under rlock: a spilled payload is half-read */
    /* rarely written */
    _Alignas(CACHE_LINE) sem_t slots;  /* free places when maxsize > 0 */
    _Atomic int broken;      /* a process died in the middle of a message */
    int64_t maxsize;
    _Alignas(CACHE_LINE) uint8_t ring[RING_SIZE];
} ChanShared;

typedef struct Feeder Feeder;
typedef struct {
    Obj obj;
    ChanShared *s;
    int rfd, wfd;
    bool cold;        /* this process's last wait for a record had to sleep */
    bool use_feeder;  /* a Queue's channel: put() never waits for room */
    Feeder *feeder;   /* made by the first put that needs it */
} ObjChannel;
Type type_channel;

static void feeder_release(Feeder *f);

static void channel_finalize(Obj *o)
{
    ObjChannel *c = (ObjChannel *)o;
    if (c->rfd >= 0)
        close(c->rfd);
    if (c->wfd >= 0)
        close(c->wfd);
    if (c->feeder)
        feeder_release(c->feeder); /* it unmaps the ring when it is done */
    else if (c->s)
        munmap(c->s, sizeof(ChanShared));
}

static void init_robust(pthread_mutex_t *m)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(m, &a);
    pthread_mutexattr_destroy(&a);
}

static Value channel_tp_new(Type *t, Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t maxsize = 0;
    int use_feeder = 0;
    if (args_check("Channel", nargs, kwnames, 0, 2) < 0 ||
        (nargs > 0 && obj_as_int64(args[0], &maxsize) < 0) ||
        (nargs > 1 && (use_feeder = obj_truthy(args[1])) < 0))
        return VNULL;
    if (maxsize < 0 || maxsize > 0x7fffffff)
        maxsize = 0;
    ObjChannel *c = (ObjChannel *)gc_new(t, sizeof(ObjChannel));
    c->rfd = c->wfd = -1;
    c->use_feeder = use_feeder;
    c->s = shm_alloc(sizeof(ChanShared));
    if (!c->s)
        return err_from_errno(exc_OSError, NULL);
    init_robust(&c->s->wlock);
    init_robust(&c->s->rlock);
    sem_init(&c->s->slots, 1, maxsize > 0 ? (unsigned)maxsize : 0);
    c->s->maxsize = maxsize;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return err_from_errno(exc_OSError, NULL);
    c->rfd = fds[0];
    c->wfd = fds[1];
    /* The pipe carries only spilled payloads.  Readers never block in
     * read(): they wait in poll() with the GIL released. */
    fcntl(c->rfd, F_SETFL, fcntl(c->rfd, F_GETFL) | O_NONBLOCK);
    fcntl(c->wfd, F_SETFL, fcntl(c->wfd, F_GETFL) | O_NONBLOCK);
    fcntl(c->wfd, F_SETPIPE_SZ, 1 << 20);
    return OBJ_VAL(c);
}

/* Lock a robust process-shared mutex with the GIL released.  Returns 1
 * locked, 2 locked but its previous owner died holding it, 0 timed out,
 * -1 error. */
/* Block on a robust process-shared mutex without the GIL: until taken
 * (0), its owner found dead (EOWNERDEAD), the monotonic deadline passes
 * (ETIMEDOUT; NULL: none) or an error.  glibc's robust mutexes can lose
 * the wake-up when an owner dies while others wait (the lock word reads
 * unlocked, the waiter sleeps on): waiting in slices of at most 100 ms
 * and trying again recovers from that.  pthread_mutex_timedlock (not
 * clocklock) so ThreadSanitizer sees the lock. */
static int robust_wait(pthread_mutex_t *m, const struct timespec *deadline)
{
    for (;;) {
        struct timespec now, rt;
        clock_gettime(CLOCK_MONOTONIC, &now);
        int64_t left = 100 * 1000000LL; /* ns */
        if (deadline) {
            int64_t d = (int64_t)(deadline->tv_sec - now.tv_sec) * 1000000000LL +
                        (deadline->tv_nsec - now.tv_nsec);
            if (d <= 0) {
                int rc = pthread_mutex_trylock(m);
                return rc == EBUSY ? ETIMEDOUT : rc;
            }
            if (d < left)
                left = d;
        }
        clock_gettime(CLOCK_REALTIME, &rt);
        rt.tv_nsec += (long)left;
        while (rt.tv_nsec >= 1000000000L) {
            rt.tv_nsec -= 1000000000L;
            rt.tv_sec++;
        }
        int rc = pthread_mutex_timedlock(m, &rt);
        if (rc != ETIMEDOUT)
            return rc;
    }
}

static int robust_lock(pthread_mutex_t *m, double timeout)
{
    int rc = pthread_mutex_trylock(m);
    if (rc == 0)
        return 1;
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(m);
        return 2;
    }
    if (timeout == 0)
        return 0;
    struct timespec deadline;
    if (timeout > 0)
        gil_deadline_in(&deadline, timeout);
    GIL_RELEASE(BLOCK_QUEUE);
    rc = robust_wait(m, timeout < 0 ? NULL : &deadline);
    GIL_ACQUIRE();
    if (rc == 0)
        return 1;
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(m);
        return 2;
    }
    if (rc == ETIMEDOUT)
        return 0;
    errno = rc;
    err_from_errno(exc_OSError, NULL);
    return -1;
}

static Value broken_error(void)
{
    return err_set(exc_OSError,
                   "queue is broken: a process died while writing to it");
}

/* Sleep until *word no longer holds seq, a signal, or the deadline (NULL:
 * none), with the GIL released.  Returns 0, or -1 with an exception when a
 * signal handler raised.  The caller rechecks its condition either way. */
static int futex_sleep(_Atomic uint32_t *word, uint32_t seq, const struct timespec *deadline,
                       int reason)
{
    struct timespec rel, *tp = NULL;
    if (deadline) {
        double r = remaining(deadline);
        rel.tv_sec = (time_t)r;
        rel.tv_nsec = (long)((r - (double)rel.tv_sec) * 1e9);
        tp = &rel;
    }
    long rc;
    int err;
    GIL_RELEASE(reason);
    rc = syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT, seq, tp, NULL, 0);
    err = errno;
    GIL_ACQUIRE();
    if (rc < 0 && err == EINTR && signal_interrupted() < 0)
        return -1;
    return 0;
}

/* Bump a futex word and wake its sleepers, if there are any. */
static void futex_bump(_Atomic uint32_t *word, _Atomic uint32_t *asleep)
{
    atomic_fetch_add(word, 1);
    if (atomic_load(asleep))
        syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE, INT32_MAX, NULL, NULL, 0);
}

/* Spin this long for a record before going to sleep, when there is more
 * than one CPU: a busy producer publishes every microsecond or two, while
 * a futex sleep and wake-up cost several (and the producer pays for the
 * wake-up call), so a consumer that slept whenever it caught up would halve
 * a queue's throughput.  But a spin that finds nothing burns a CPU that a
 * producer may need (a Pool's result handler spinning beside two busy
 * workers on two cores starves one of them), so after a wait that had to
 * sleep a reader goes straight to sleep until it finds the queue busy
 * again (a get that needs no wait). */
#define SPIN_NS 20000
static int ncpus;

static bool spin_for_data(ChanShared *s)
{
    if (!ncpus)
        ncpus = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpus < 2)
        return false;
    uint64_t head = atomic_load(&s->head);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned i = 1;; i++) {
        if (atomic_load_explicit(&s->tail, memory_order_acquire) != head)
            return true;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
        if (i % 64 == 0) {
            struct timespec t;
            clock_gettime(CLOCK_MONOTONIC, &t);
            if ((t.tv_sec - t0.tv_sec) * 1000000000L + (t.tv_nsec - t0.tv_nsec) > SPIN_NS)
                return false;
        }
    }
}

/* Wait (holding rlock) until the ring holds a record.  1 ready, 0 timed
 * out, -1 error. */
static int wait_for_data(ObjChannel *c, double timeout, const struct timespec *deadline)
{
    ChanShared *s = c->s;
    if (atomic_load(&s->tail) != atomic_load(&s->head)) {
        c->cold = false;
        return 1;
    }
    if (timeout != 0 && !c->cold) {
        /* Spin first; with the GIL released if other threads may want it
         * (a Pool's result handler beside the main thread). */
        bool found;
        if (vm_threads == vm_cur && !vm_cur->next) {
            found = spin_for_data(s);
        } else {
            GIL_RELEASE(BLOCK_QUEUE);
            found = spin_for_data(s);
            GIL_ACQUIRE();
        }
        c->cold = !found;
    }
    while (atomic_load(&s->tail) == atomic_load(&s->head)) {
        if (timeout == 0 || (timeout > 0 && remaining(deadline) <= 0))
            return 0;
        uint32_t seq = atomic_load(&s->data_seq);
        atomic_fetch_add(&s->readers_asleep, 1);
        int r = 0;
        if (atomic_load(&s->tail) == atomic_load(&s->head))
            r = futex_sleep(&s->data_seq, seq, timeout > 0 ? deadline : NULL, BLOCK_QUEUE);
        atomic_fetch_sub(&s->readers_asleep, 1);
        if (r < 0)
            return -1;
    }
    return 1;
}

static uint64_t ring_room(ChanShared *s)
{
    return RING_SIZE - (atomic_load(&s->tail) - atomic_load(&s->head));
}

/* Wait (holding wlock) until the ring has room for need bytes.  A put()
 * sleeps with the GIL released; the feeder thread (feeder: true) has no
 * GIL to release, and stops waiting if the channel breaks, as then nobody
 * will read.  0, or -1 when a signal handler raised. */
static int wait_for_space(ChanShared *s, uint64_t need, bool feeder)
{
    while (ring_room(s) < need && !(feeder && s->broken)) {
        uint32_t seq = atomic_load(&s->space_seq);
        atomic_fetch_add(&s->writers_asleep, 1);
        int r = 0;
        if (ring_room(s) < need) {
            if (feeder)
                syscall(SYS_futex, (uint32_t *)&s->space_seq, FUTEX_WAIT, seq, NULL, NULL, 0);
            else
                r = futex_sleep(&s->space_seq, seq, NULL, BLOCK_QUEUE);
        }
        atomic_fetch_sub(&s->writers_asleep, 1);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* Copy in and out of the ring at a position that may wrap. */
static void ring_put(ChanShared *s, uint64_t pos, const void *src, size_t n)
{
    size_t at = (size_t)(pos & (RING_SIZE - 1)), first = RING_SIZE - at;
    if (n <= first) {
        memcpy(s->ring + at, src, n);
    } else {
        memcpy(s->ring + at, src, first);
        memcpy(s->ring, (const uint8_t *)src + first, n - first);
    }
}

static void ring_get(ChanShared *s, uint64_t pos, void *dst, size_t n)
{
    size_t at = (size_t)(pos & (RING_SIZE - 1)), first = RING_SIZE - at;
    if (n <= first) {
        memcpy(dst, s->ring + at, n);
    } else {
        memcpy(dst, s->ring + at, first);
        memcpy((uint8_t *)dst + first, s->ring, n - first);
    }
}

static uint64_t record_size(uint32_t len) { return 8 + (((uint64_t)len + 7) & ~(uint64_t)7); }

/* A record's header for a payload; true if the payload is spilled. */
static bool record_header(uint32_t head[2], const uint8_t *data, uint32_t len)
{
    bool spill = record_size(len) > RING_INLINE_MAX;
    head[0] = len;
    head[1] = spill ? SPILL_BIT | (checksum(data, len) & ~SPILL_BIT) : 0;
    return spill;
}

/* Under wlock, with room checked: write the record at tail and publish it
 * (a spilled payload then follows through the pipe, writing_pipe set). */
static void ring_publish(ChanShared *s, const uint32_t head[2], const uint8_t *data, bool spill)
{
    uint64_t tail = atomic_load(&s->tail);
    ring_put(s, tail, head, 8);
    if (!spill)
        ring_put(s, tail + 8, data, head[0]);
    s->writing_pipe = spill;
    atomic_store(&s->tail, tail + (spill ? 8 : record_size(head[0])));
    futex_bump(&s->data_seq, &s->readers_asleep);
}

/* ---- the feeder: a Queue's put() never waits for room ----------------
 *
 * CPython's Queue.put() hands the pickle to a feeder thread and returns, so
 * a program can fill a queue before it starts the consumers, or put a big
 * message and get it back itself.  baton's put() writes into the ring
 * itself whenever it can (then the message is out when put() returns).
 * When the ring is full, or the payload is big enough to go through the
 * pipe, or earlier records of this process are still waiting, the record
 * joins this process's pending list for the channel, and a feeder thread
 * publishes the list in order as readers make room.
 *
 * The feeder thread is a plain pthread: it touches no interpreter object
 * and needs no GIL (the records are malloc'd copies of the pickles), and it
 * blocks every signal, so Ctrl-C still goes to the main thread.  A record
 * counts as put (qsize) from the moment put() accepts it.  A forked child
 * starts with empty lists: what its parent had pending is the parent's to
 * deliver.  A child process waits for its feeders before it exits, as
 * CPython's does (multiprocessing.Process._bootstrap); the main process
 * stops its feeders at exit once its children are gone, as nobody is left
 * to read what they hold. */

typedef struct PendingRec {
    struct PendingRec *next;
    uint32_t len;
    uint8_t data[];
} PendingRec;

struct Feeder {
    pthread_mutex_t mu;       /* process-local: the fields below */
    pthread_cond_t cv;        /* a record arrived, or the channel was dropped */
    PendingRec *first, *last;
    size_t count;             /* records accepted and not yet published */
    bool running;             /* the thread exists */
    bool orphan;              /* the channel object is gone: free when done */
    bool cancelled;           /* cancel_join_thread(): exit does not wait */
    ChanShared *s;
    int wfd;                  /* a dup of the channel's pipe end */
    Feeder *next_all;         /* every feeder of this process */
};

static pthread_mutex_t feeders_mu = PTHREAD_MUTEX_INITIALIZER;
static Feeder *feeders;
/* Futex word bumped whenever a feeder publishes a record, for the threads
 * that wait for feeders to finish (a Feeder may free itself, this may not). */
static _Atomic uint32_t feeders_progress, feeders_waiting;

static Feeder *feeder_new(ObjChannel *c)
{
    Feeder *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->wfd = fcntl(c->wfd, F_DUPFD_CLOEXEC, 0);
    if (f->wfd < 0) {
        free(f);
        return NULL;
    }
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    f->s = c->s;
    pthread_mutex_lock(&feeders_mu);
    f->next_all = feeders;
    feeders = f;
    pthread_mutex_unlock(&feeders_mu);
    return f;
}

static void feeder_free(Feeder *f)
{
    pthread_mutex_lock(&feeders_mu);
    for (Feeder **p = &feeders; *p; p = &(*p)->next_all)
        if (*p == f) {
            *p = f->next_all;
            break;
        }
    pthread_mutex_unlock(&feeders_mu);
    for (PendingRec *r = f->first, *n; r; r = n) {
        n = r->next;
        free(r);
    }
    close(f->wfd);
    munmap(f->s, sizeof(ChanShared));
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f);
}

/* The channel object is being collected: free the feeder now if its thread
 * is not running, else let the thread free it when the list is empty. */
static void feeder_release(Feeder *f)
{
    pthread_mutex_lock(&f->mu);
    bool running = f->running;
    f->orphan = true;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
    if (!running)
        feeder_free(f);
}

/* Publish one record, waiting for room without the GIL (the feeder thread
 * has none).  The same steps as a direct put in channel_put. */
static void feeder_publish(Feeder *f, PendingRec *r)
{
    ChanShared *s = f->s;
    uint32_t head[2];
    bool spill = record_header(head, r->data, r->len);
    int rc = robust_wait(&s->wlock, NULL);
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(&s->wlock);
        if (s->writing_pipe)
            s->broken = 1;
    } else if (rc != 0) {
        return;
    }
    wait_for_space(s, spill ? 8 : record_size(r->len), true);
    if (s->broken) {
        pthread_mutex_unlock(&s->wlock);
        return; /* the reader gets the error */
    }
    ring_publish(s, head, r->data, spill);
    if (spill) {
        size_t done = 0;
        while (done < r->len) {
            ssize_t w = write(f->wfd, r->data + done, r->len - done);
            if (w > 0) {
                done += (size_t)w;
            } else if (w < 0 && errno == EAGAIN) {
                struct pollfd p = {f->wfd, POLLOUT, 0};
                poll(&p, 1, -1);
            } else if (w < 0 && errno == EINTR) {
                continue;
            } else {
                s->broken = 1; /* its payload is cut short */
                break;
            }
        }
        s->writing_pipe = 0;
    }
    pthread_mutex_unlock(&s->wlock);
}

static void *feeder_main(void *arg)
{
    Feeder *f = arg;
    pthread_mutex_lock(&f->mu);
    for (;;) {
        while (!f->first && !f->orphan)
            pthread_cond_wait(&f->cv, &f->mu);
        if (!f->first)
            break; /* orphaned and delivered everything */
        PendingRec *r = f->first;
        f->first = r->next;
        if (!f->first)
            f->last = NULL;
        pthread_mutex_unlock(&f->mu);
        feeder_publish(f, r);
        free(r);
        pthread_mutex_lock(&f->mu);
        f->count--;
        futex_bump(&feeders_progress, &feeders_waiting);
    }
    f->running = false;
    pthread_mutex_unlock(&f->mu);
    feeder_free(f);
    return NULL;
}

/* Hand a record to c's feeder (starting its thread if needed).  Returns 0,
 * or -1 with an exception set. */
static int feeder_push(ObjChannel *c, const uint8_t *data, uint32_t len)
{
    if (!c->feeder && !(c->feeder = feeder_new(c))) {
        err_from_errno(exc_OSError, NULL);
        return -1;
    }
    Feeder *f = c->feeder;
    PendingRec *r = malloc(sizeof *r + len);
    if (!r) {
        err_no_memory();
        return -1;
    }
    r->next = NULL;
    r->len = len;
    memcpy(r->data, data, len);
    pthread_mutex_lock(&f->mu);
    if (!f->running) {
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        pthread_t th;
        int rc = pthread_create(&th, NULL, feeder_main, f);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc != 0) {
            pthread_mutex_unlock(&f->mu);
            free(r);
            errno = rc;
            err_from_errno(exc_OSError, NULL);
            return -1;
        }
        pthread_detach(th);
        f->running = true;
    }
    if (f->last)
        f->last->next = r;
    else
        f->first = r;
    f->last = r;
    f->count++;
    atomic_fetch_add(&c->s->puts, 1);
    pthread_cond_signal(&f->cv);
    pthread_mutex_unlock(&f->mu);
    return 0;
}

static size_t feeder_pending(Feeder *f)
{
    pthread_mutex_lock(&f->mu);
    size_t n = f->count;
    pthread_mutex_unlock(&f->mu);
    return n;
}

/* Wait, with the GIL released, until f has published everything (or the
 * channel broke); f == NULL: every feeder of this process that was not
 * cancelled.  0, or -1 when a signal handler raised. */
static int feeder_flush(Feeder *f)
{
    for (;;) {
        uint32_t seq = atomic_load(&feeders_progress);
        bool busy = false;
        pthread_mutex_lock(&feeders_mu);
        for (Feeder *g = feeders; g && !busy; g = g->next_all) {
            if (f && g != f)
                continue;
            pthread_mutex_lock(&g->mu);
            busy = g->count > 0 && (f || !g->cancelled) && !g->s->broken;
            pthread_mutex_unlock(&g->mu);
        }
        pthread_mutex_unlock(&feeders_mu);
        if (!busy)
            return 0;
        atomic_fetch_add(&feeders_waiting, 1);
        int r = futex_sleep(&feeders_progress, seq, NULL, BLOCK_QUEUE);
        atomic_fetch_sub(&feeders_waiting, 1);
        if (r < 0)
            return -1;
    }
}

/* The forking thread takes every feeder lock (feeders_mu, then each
 * feeder's, the order feeder_flush uses), so that the child's copy of the
 * list and of each feeder is not caught half-changed by a feeder thread.
 * No feeder thread holds one for long (never while it publishes), nor
 * waits for the GIL. */
static void feeders_before_fork(void)
{
    pthread_mutex_lock(&feeders_mu);
    for (Feeder *f = feeders; f; f = f->next_all)
        pthread_mutex_lock(&f->mu);
}

static void feeders_after_fork_parent(void)
{
    for (Feeder *f = feeders; f; f = f->next_all)
        pthread_mutex_unlock(&f->mu);
    pthread_mutex_unlock(&feeders_mu);
}

/* In a forked child: no feeder thread exists, and the parents' pending
 * records are the parent's to deliver.  This thread holds the locks
 * (feeders_before_fork). */
static void feeders_after_fork(void)
{
    pthread_mutex_unlock(&feeders_mu);
    atomic_store(&feeders_waiting, 0);
    Feeder **p = &feeders;
    while (*p) {
        Feeder *f = *p;
        pthread_mutex_unlock(&f->mu);
        pthread_cond_init(&f->cv, NULL); /* a parent's thread may have waited on it */
        for (PendingRec *r = f->first, *n; r; r = n) {
            n = r->next;
            free(r);
        }
        f->first = f->last = NULL;
        f->count = 0;
        f->running = false;
        if (f->orphan) {
            /* Only the parent's thread kept it: drop this copy. */
            *p = f->next_all;
            close(f->wfd);
            munmap(f->s, sizeof(ChanShared));
            free(f);
        } else {
            p = &f->next_all;
        }
    }
}

/* put(obj, block=True, timeout=None) -> True, or False if full. */
static Value channel_put(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"obj", "block", "timeout", NULL};
    Value a[3];
    if (args_parse("put", args + 1, nargs - 1, kwnames, params, 1, 3, a) < 0)
        return VNULL;
    ObjChannel *c = (ObjChannel *)AS_OBJ(args[0]);
    ChanShared *s = c->s;
    if (c->wfd < 0)
        return err_set(exc_ValueError, "Queue is closed");
    int block = 1;
    double timeout;
    if ((a[1] && (block = obj_truthy(a[1])) < 0) || timeout_arg(a[2], &timeout) < 0)
        return VNULL;
    if (!block)
        timeout = 0;
    /* Serialise first: an object that cannot cross fails before anything
     * is written or any place is taken. */
    StrBuf out;
    sb_init(&out);
    if (pickle_dump_to(a[0], &out) < 0) {
        sb_free(&out);
        return VNULL;
    }
    if (out.len > 0x7fffffff) {
        sb_free(&out);
        return err_set(exc_ValueError, "message too long");
    }
    uint32_t len = (uint32_t)out.len;
    const uint8_t *data = (const uint8_t *)out.data;
    uint32_t head[2];
    bool spill = record_header(head, data, len);
    if (s->maxsize > 0) {
        int r = gil_sem_wait(&s->slots, timeout, BLOCK_QUEUE);
        if (r <= 0) {
            sb_free(&out);
            return r < 0 ? VNULL : FALSE_V;
        }
    }
    Value result = VNULL;
    if (c->use_feeder) {
        if (s->broken) {
            broken_error();
            goto give_back;
        }
        /* Write it here only if nothing of this process is waiting to go
         * first and the ring has room now; else the feeder takes it. */
        if (spill || (c->feeder && feeder_pending(c->feeder) > 0))
            goto to_feeder;
    }
    int l = robust_lock(&s->wlock, -1);
    if (l < 0)
        goto give_back;
    /* A writer that died before publishing left nothing behind; one that
     * died in the middle of a spilled payload broke the stream. */
    if (l == 2 && s->writing_pipe)
        s->broken = 1;
    if (s->broken) {
        broken_error();
        goto unlock;
    }
    uint64_t need = spill ? 8 : record_size(len);
    if (c->use_feeder && ring_room(s) < need) {
        pthread_mutex_unlock(&s->wlock);
        goto to_feeder;
    }
    if (wait_for_space(s, need, false) < 0)
        goto unlock;
    atomic_store_explicit(&s->puts, atomic_load_explicit(&s->puts, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    ring_publish(s, head, data, spill);
    result = TRUE_V;
    if (spill) {
        /* The record is out: from here on the item counts as put. */
        if (write_all(c->wfd, data, len, true) < 0) {
            s->broken = 1; /* its payload is cut short */
            result = VNULL;
        }
        s->writing_pipe = 0;
    }
    pthread_mutex_unlock(&s->wlock);
    sb_free(&out);
    return result;
to_feeder:
    if (feeder_push(c, data, len) < 0)
        goto give_back;
    sb_free(&out);
    return TRUE_V;
unlock:
    pthread_mutex_unlock(&s->wlock);
give_back:
    if (s->maxsize > 0)
        sem_post(&s->slots);
    sb_free(&out);
    return VNULL;
}

/* A spilled payload came up short: did its writer die?  Then the channel
 * is broken; otherwise keep waiting for the rest. */
static bool writer_died(ObjChannel *c)
{
    if (c->s->broken)
        return true;
    int rc = pthread_mutex_trylock(&c->s->wlock);
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(&c->s->wlock);
        c->s->broken = 1;
        pthread_mutex_unlock(&c->s->wlock);
        return true;
    }
    if (rc == 0) {
        /* Nobody is writing, yet the payload is incomplete. */
        pthread_mutex_unlock(&c->s->wlock);
        return true;
    }
    return false;
}

static ssize_t read_spilled(ObjChannel *c, uint8_t *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = read_exact(c->rfd, buf + done, n - done, 50);
        if (r < 0)
            return -1;
        done += (size_t)r;
        if (done < n && writer_died(c)) {
            /* Take whatever the dead writer left, then give up. */
            ssize_t more = read_exact(c->rfd, buf + done, n - done, 0);
            if (more > 0)
                done += (size_t)more;
            if (done < n) {
                c->s->broken = 1;
                return -2;
            }
        }
    }
    return (ssize_t)done;
}

/* get(block=True, timeout=None) -> (True, obj) or (False, None) if empty. */
static Value channel_get(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"block", "timeout", NULL};
    Value a[2];
    if (args_parse("get", args + 1, nargs - 1, kwnames, params, 0, 2, a) < 0)
        return VNULL;
    ObjChannel *c = (ObjChannel *)AS_OBJ(args[0]);
    ChanShared *s = c->s;
    if (c->rfd < 0)
        return err_set(exc_ValueError, "Queue is closed");
    int block = 1;
    double timeout;
    if ((a[0] && (block = obj_truthy(a[0])) < 0) || timeout_arg(a[1], &timeout) < 0)
        return VNULL;
    if (!block)
        timeout = 0;
    struct timespec deadline;
    if (timeout > 0)
        gil_deadline_in(&deadline, timeout);
    int l = robust_lock(&s->rlock, timeout);
    if (l <= 0)
        return l < 0 ? VNULL : tuple_pack(2, FALSE_V, NONE);
    /* A reader that died copying from the ring took nothing (head had not
     * moved); one that died reading a spilled payload broke the stream. */
    if (l == 2 && s->reading_pipe)
        s->broken = 1;
    bool ok = false;
    uint8_t small[512], *buf = NULL;
    uint32_t len = 0;
    if (s->broken) {
        broken_error();
        goto unlock;
    }
    int r = wait_for_data(c, timeout, &deadline);
    if (r <= 0) {
        pthread_mutex_unlock(&s->rlock);
        return r < 0 ? VNULL : tuple_pack(2, FALSE_V, NONE);
    }
    /* Copy the record out and unlock before unpickling: loading can import
     * a module, which may use this queue. */
    uint64_t pos = atomic_load(&s->head);
    uint32_t head[2];
    ring_get(s, pos, head, 8);
    len = head[0];
    bool spill = (head[1] & SPILL_BIT) != 0;
    buf = len <= sizeof small ? small : malloc(len ? len : 1);
    if (!buf) {
        err_no_memory();
        goto unlock;
    }
    if (!spill) {
        ring_get(s, pos + 8, buf, len);
        atomic_store(&s->head, pos + record_size(len));
        atomic_store_explicit(&s->gets, atomic_load_explicit(&s->gets, memory_order_relaxed) + 1,
                              memory_order_relaxed);
        futex_bump(&s->space_seq, &s->writers_asleep);
        ok = true;
    } else {
        atomic_store(&s->head, pos + 8);
        atomic_store_explicit(&s->gets, atomic_load_explicit(&s->gets, memory_order_relaxed) + 1,
                              memory_order_relaxed);
        futex_bump(&s->space_seq, &s->writers_asleep);
        s->reading_pipe = 1;
        ssize_t n = read_spilled(c, buf, len);
        if (n == (ssize_t)len) {
            s->reading_pipe = 0;
            if ((checksum(buf, len) & ~SPILL_BIT) != (head[1] & ~SPILL_BIT)) {
                s->broken = 1;
                broken_error();
            } else
                ok = true;
        } else {
            /* Cut short (its writer died) or interrupted (a signal handler
             * raised): the pipe is out of step with the records. */
            s->broken = 1;
            if (n >= 0 || n == -2)
                broken_error();
        }
    }
unlock:
    pthread_mutex_unlock(&s->rlock);
    Value obj = VNULL;
    if (ok) {
        if (s->maxsize > 0)
            sem_post(&s->slots);
        obj = pickle_loads(buf, len);
    }
    if (buf && buf != small)
        free(buf);
    return obj ? tuple_pack(2, TRUE_V, obj) : VNULL;
}

static Value channel_qsize(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("qsize", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ChanShared *s = ((ObjChannel *)AS_OBJ(args[0]))->s;
    uint64_t gets = atomic_load(&s->gets), puts = atomic_load(&s->puts);
    return MK_INT(puts > gets ? (int64_t)(puts - gets) : 0);
}

static Value channel_maxsize(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("maxsize", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    return MK_INT(((ObjChannel *)AS_OBJ(args[0]))->s->maxsize);
}

static Value channel_close(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("close", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjChannel *c = (ObjChannel *)AS_OBJ(args[0]);
    if (c->wfd >= 0) {
        close(c->wfd);
        c->wfd = -1;
    }
    return NONE;
}

static Value channel_close_reader(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("close_reader", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjChannel *c = (ObjChannel *)AS_OBJ(args[0]);
    if (c->rfd >= 0) {
        close(c->rfd);
        c->rfd = -1;
    }
    return NONE;
}

/* join_thread(): wait until this process's pending records are out. */
static Value channel_flush(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("flush", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjChannel *c = (ObjChannel *)AS_OBJ(args[0]);
    if (c->feeder && feeder_flush(c->feeder) < 0)
        return VNULL;
    return NONE;
}

/* cancel_join_thread(): the process's exit does not wait for them. */
static Value channel_cancel_flush(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("cancel_flush", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    ObjChannel *c = (ObjChannel *)AS_OBJ(args[0]);
    if (!c->feeder && c->use_feeder && !(c->feeder = feeder_new(c)))
        return err_from_errno(exc_OSError, NULL);
    if (c->feeder) {
        pthread_mutex_lock(&c->feeder->mu);
        c->feeder->cancelled = true;
        pthread_mutex_unlock(&c->feeder->mu);
    }
    return NONE;
}

/* At a child process's exit: wait for every feeder not cancelled. */
static Value mp_flush_queues(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("flush_queues", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return feeder_flush(NULL) < 0 ? VNULL : NONE;
}

static const MethodDef channel_methods[] = {
    {"put", channel_put},
    {"flush", channel_flush},
    {"cancel_flush", channel_cancel_flush},
    {"get", channel_get},
    {"qsize", channel_qsize},
    {"maxsize", channel_maxsize},
    {"close", channel_close},
    {"close_reader", channel_close_reader},
    {NULL, NULL},
};

Type type_channel = {
    .name = "Channel",
    .inst_size = sizeof(ObjChannel),
    .tp_new = channel_tp_new,
    .finalize = channel_finalize,
};

/* ---- module ----------------------------------------------------------- */

static Value mp_getpid_main(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("main_pid", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    return MK_INT(main_pid);
}

/* Name this process in GIL traces (multiprocessing passes Process.name). */
static Value mp_set_process_name(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("set_process_name", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_set(exc_TypeError, "name must be a str");
    trace_set_process_name(str_cstr(AS_STR(args[0])));
    return NONE;
}

static Value mp_cpu_count(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("cpu_count", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return MK_INT(n > 0 ? n : 1);
}

Value mod_mp_init(void)
{
    static bool ready;
    if (!ready) {
        type_ready(&type_semlock, semlock_methods);
        type_ready(&type_sharedarray, sharedarray_methods);
        type_ready(&type_connection, connection_methods);
        type_ready(&type_channel, channel_methods);
        ObjStr *mname = str_intern_cstr("_mp");
        type_semlock.module = type_sharedarray.module = mname;
        type_channel.module = mname;
        type_connection.module = str_intern_cstr("multiprocessing.connection");
        main_pid = getpid();
        ready = true;
    }
    Value m = module_new(str_intern_cstr("_mp"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add_fn(mod, "fork", mp_fork_fn);
    module_add_fn(mod, "wait", mp_wait);
    module_add_fn(mod, "die_with_parent", mp_die_with_parent);
    module_add_fn(mod, "Pipe", mp_pipe);
    module_add_fn(mod, "main_pid", mp_getpid_main);
    module_add_fn(mod, "cpu_count", mp_cpu_count);
    module_add_fn(mod, "set_process_name", mp_set_process_name);
    module_add_fn(mod, "flush_queues", mp_flush_queues);
    module_add(mod, "SemLock", OBJ_VAL(&type_semlock));
    module_add(mod, "SharedArray", OBJ_VAL(&type_sharedarray));
    module_add(mod, "Connection", OBJ_VAL(&type_connection));
    module_add(mod, "Channel", OBJ_VAL(&type_channel));
    module_add(mod, "SEMAPHORE", MK_INT(SEM_SEMAPHORE));
    module_add(mod, "RECURSIVE_MUTEX", MK_INT(SEM_RECURSIVE));
    module_add(mod, "SEM_VALUE_MAX", MK_INT(SEM_VALUE_MAX));
    return m;
}
