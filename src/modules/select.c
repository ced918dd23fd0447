/* modules/select.c — the select module: select(), poll objects and epoll
 * objects, what CPython's Lib/selectors.py (and so asyncio) waits with.
 *
 * Every wait runs with the GIL released, traced as "select" (gil.h).  An
 * interrupted wait runs the signal handlers and waits again for what is
 * left of the timeout (PEP 475).
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "objcore.h"
#include "posix.h"
#include "signals.h"
#include "str.h"
#include "vm.h"

static double now_mono(void) { return (double)gil_now_ns() * 1e-9; }

/* An fd argument: an int or an object with fileno() (CPython's
 * PyObject_AsFileDescriptor). */
static int fd_of(Value v, int *out)
{
    Value r = v;
    if (!int_check(v)) {
        ObjStr *name = str_intern_cstr("fileno");
        Value m = obj_getattr(v, name);
        if (!m) {
            if (!err_matches(exc_AttributeError))
                return -1;
            err_clear();
            err_set(exc_TypeError, "argument must be an int, or have a fileno() method.");
            return -1;
        }
        r = obj_call(m, NULL, 0, NULL);
        if (!r)
            return -1;
        if (!int_check(r)) {
            err_set(exc_TypeError, "fileno() returned a non-integer");
            return -1;
        }
    }
    int64_t fd;
    if (obj_as_int64(r, &fd) < 0)
        return -1;
    if (fd < 0) {
        err_format(exc_ValueError, "file descriptor cannot be a negative integer (%lld)", (long long)fd);
        return -1;
    }
    if (fd > INT32_MAX) {
        err_set(exc_OverflowError, "Python int too large to convert to C int");
        return -1;
    }
    *out = (int)fd;
    return 0;
}

/* A timeout in seconds (select, epoll: float or None) or milliseconds
 * (poll: int-like or None).  *out < 0: wait forever. */
static int seconds_arg(Value v, double *out, const char *type_msg, bool neg_is_forever)
{
    if (!v || v == NONE) {
        *out = -1;
        return 0;
    }
    double d;
    if (IS_FLOAT(v))
        d = AS_FLOAT(v);
    else if (int_check(v)) {
        if (num_to_double(v, &d) < 0)
            return -1;
    } else {
        Value i = TYPE(v)->nb_int ? obj_index(v) : VNULL;
        if (!i) {
            err_clear();
            err_set(exc_TypeError, type_msg);
            return -1;
        }
        if (num_to_double(i, &d) < 0)
            return -1;
    }
    if (isnan(d)) {
        err_set(exc_ValueError, "Invalid value NaN (not a number)");
        return -1;
    }
    if (d < 0 && !neg_is_forever) {
        err_set(exc_ValueError, "timeout must be non-negative");
        return -1;
    }
    if (d > 9.2e15) {
        err_set(exc_OverflowError, "timeout is too large");
        return -1;
    }
    *out = d < 0 ? -1 : d;
    return 0;
}

/* ---- select() --------------------------------------------------------- */

/* A list's fds into set; keeps the objects in objs (a tuple) for the
 * result.  Returns the highest fd + 1, or -1. */
static int fill_set(Value seq, fd_set *set, int *fds, int nmax)
{
    FD_ZERO(set);
    ObjTuple *t = AS_TUPLE(seq);
    int top = 0;
    if (t->len > nmax) {
        err_set(exc_ValueError, "too many file descriptors in select()");
        return -1;
    }
    for (int64_t i = 0; i < t->len; i++) {
        int fd;
        if (fd_of(t->items[i], &fd) < 0)
            return -1;
        if (fd >= FD_SETSIZE) {
            err_set(exc_ValueError, "filedescriptor out of range in select()");
            return -1;
        }
        FD_SET(fd, set);
        fds[i] = fd;
        if (fd + 1 > top)
            top = fd + 1;
    }
    return top;
}

static Value set_result(Value seq, const fd_set *set, const int *fds)
{
    ObjTuple *t = AS_TUPLE(seq);
    Value out = list_new(0);
    for (int64_t i = 0; i < t->len; i++)
        if (FD_ISSET(fds[i], set) && list_append(out, t->items[i]) < 0)
            return VNULL;
    return out;
}

static Value as_sequence(Value v)
{
    if (TUPLE_CHECK(v))
        return tuple_exact(v);
    if (IS_OBJ(v) && TYPE(v) == &type_list)
        return tuple_from(AS_LIST(v)->items, AS_LIST(v)->len);
    Value l = obj_to_list(v); /* any iterable, as PySequence_Fast */
    if (!l) {
        if (!err_matches(exc_TypeError))
            return VNULL;
        err_clear();
        return err_set(exc_TypeError, "arguments 1-3 must be sequences");
    }
    return tuple_from(AS_LIST(l)->items, AS_LIST(l)->len);
}

static Value f_select(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("select", nargs, kw, 3, 4) < 0)
        return VNULL;
    double timeout;
    if (seconds_arg(nargs > 3 ? args[3] : VNULL, &timeout, "timeout must be a float or None", false) < 0)
        return VNULL;
    Value seqs[3];
    for (int i = 0; i < 3; i++)
        if (!(seqs[i] = as_sequence(args[i])))
            return VNULL;
    enum { NMAX = FD_SETSIZE };
    static __thread int fds[3][NMAX];
    fd_set sets[3];
    int top = 0;
    for (int i = 0; i < 3; i++) {
        int t = fill_set(seqs[i], &sets[i], fds[i], NMAX);
        if (t < 0)
            return VNULL;
        if (t > top)
            top = t;
    }
    fd_set keep[3] = {sets[0], sets[1], sets[2]};
    double deadline = timeout >= 0 ? now_mono() + timeout : 0;
    int rc, err;
    for (;;) {
        struct timeval tv, *tvp = NULL;
        if (timeout >= 0) {
            double left = deadline - now_mono();
            if (left < 0)
                left = 0;
            tv.tv_sec = (time_t)left;
            tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6);
            tvp = &tv;
        }
        GIL_RELEASE(BLOCK_SELECT);
        rc = select(top, &sets[0], &sets[1], &sets[2], tvp);
        err = errno;
        GIL_ACQUIRE();
        if (rc >= 0)
            break;
        if (err != EINTR)
            return posix_error(err, VNULL, VNULL);
        if (signal_interrupted() < 0)
            return VNULL;
        for (int i = 0; i < 3; i++)
            sets[i] = keep[i];
    }
    Value r = set_result(seqs[0], &sets[0], fds[0]);
    Value w = r ? set_result(seqs[1], &sets[1], fds[1]) : VNULL;
    Value x = w ? set_result(seqs[2], &sets[2], fds[2]) : VNULL;
    return x ? tuple_pack(3, r, w, x) : VNULL;
}

/* ---- poll objects ----------------------------------------------------- */

typedef struct {
    Obj obj;
    Value fds;        /* dict fd -> event mask */
    bool polling;     /* a poll() is running (in another thread) */
} ObjPoll;

static Type type_poll;

static void poll_trace(Obj *o) { gc_mark(((ObjPoll *)o)->fds); }

#define POLL_SELF ((ObjPoll *)AS_OBJ(args[0]))

static int mask_arg(Value v, unsigned *out)
{
    int64_t m;
    if (!int_check(v)) {
        err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
        return -1;
    }
    if (obj_as_int64(v, &m) < 0)
        return -1;
    if (m < 0) {
        err_set(exc_OverflowError, "can't convert negative int to unsigned");
        return -1;
    }
    if (m > 0xffff) {
        err_set(exc_OverflowError, "Python int too large for C unsigned short");
        return -1;
    }
    *out = (unsigned)m;
    return 0;
}

static Value poll_register(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("register", nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    int fd;
    unsigned mask = POLLIN | POLLPRI | POLLOUT;
    if (fd_of(args[1], &fd) < 0 || (nargs > 2 && mask_arg(args[2], &mask) < 0))
        return VNULL;
    if (dict_set(POLL_SELF->fds, MK_INT(fd), MK_INT(mask)) < 0)
        return VNULL;
    return NONE;
}

static Value poll_modify(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("modify", nargs - 1, kw, 2, 2) < 0)
        return VNULL;
    int fd;
    unsigned mask;
    if (fd_of(args[1], &fd) < 0 || mask_arg(args[2], &mask) < 0)
        return VNULL;
    if (!dict_get(POLL_SELF->fds, MK_INT(fd))) {
        if (err_occurred())
            return VNULL;
        return posix_error(ENOENT, VNULL, VNULL);
    }
    if (dict_set(POLL_SELF->fds, MK_INT(fd), MK_INT(mask)) < 0)
        return VNULL;
    return NONE;
}

static Value poll_unregister(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unregister", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    int fd;
    if (fd_of(args[1], &fd) < 0)
        return VNULL;
    return dict_del(POLL_SELF->fds, MK_INT(fd)) < 0 ? VNULL : NONE;
}

static Value poll_poll(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("poll", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    ObjPoll *p = POLL_SELF;
    double ms;
    if (seconds_arg(nargs > 1 ? args[1] : VNULL, &ms, "timeout must be an integer or None", true) < 0)
        return VNULL;
    if (p->polling)
        return err_set(exc_RuntimeError, "concurrent poll() invocation");
    ObjDict *d = AS_DICT(p->fds);
    size_t n = (size_t)d->len;
    struct pollfd *pf = malloc((n ? n : 1) * sizeof *pf);
    if (!pf)
        return err_no_memory();
    int64_t pos = 0;
    Value k, v;
    for (size_t i = 0; i < n && dict_next(d, &pos, &k, &v); i++) {
        pf[i].fd = (int)AS_INT(k);
        pf[i].events = (short)AS_INT(v);
        pf[i].revents = 0;
    }
    double timeout = ms < 0 ? -1 : ceil(ms) / 1000.0;
    double deadline = timeout >= 0 ? now_mono() + timeout : 0;
    int rc, err;
    p->polling = true;
    for (;;) {
        int wait_ms = -1;
        if (timeout >= 0) {
            double left = deadline - now_mono();
            wait_ms = left <= 0 ? 0 : (int)ceil(left * 1000.0);
        }
        GIL_RELEASE(BLOCK_SELECT);
        rc = poll(pf, n, wait_ms);
        err = errno;
        GIL_ACQUIRE();
        if (rc >= 0 || err != EINTR)
            break;
        if (signal_interrupted() < 0) {
            p->polling = false;
            free(pf);
            return VNULL;
        }
    }
    p->polling = false;
    if (rc < 0) {
        free(pf);
        return posix_error(err, VNULL, VNULL);
    }
    Value out = list_new(0);
    for (size_t i = 0; i < n; i++)
        if (pf[i].revents) {
            Value t = tuple_pack(2, MK_INT(pf[i].fd), MK_INT((unsigned short)pf[i].revents));
            if (!t || list_append(out, t) < 0) {
                free(pf);
                return VNULL;
            }
        }
    free(pf);
    return out;
}

static const MethodDef poll_methods[] = {
    {"register", poll_register}, {"modify", poll_modify},
    {"unregister", poll_unregister}, {"poll", poll_poll},
    {NULL, NULL},
};

static Type type_poll = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "select.poll",
    .base = &type_object,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjPoll),
    .trace = poll_trace,
};

static Value f_poll(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("poll", nargs, kw, 0, 0) < 0)
        return VNULL;
    Value d = dict_new();
    if (!d)
        return VNULL;
    ObjPoll *p = (ObjPoll *)type_alloc(&type_poll, sizeof(ObjPoll));
    p->fds = d;
    return OBJ_VAL(p);
}

/* ---- epoll objects ---------------------------------------------------- */

typedef struct {
    Obj obj;
    int fd;
} ObjEpoll;

static Type type_epoll;

#define EP_SELF ((ObjEpoll *)AS_OBJ(args[0]))

static void epoll_finalize(Obj *o)
{
    ObjEpoll *e = (ObjEpoll *)o;
    if (e->fd >= 0)
        close(e->fd);
    e->fd = -1;
}

static int epoll_open(ObjEpoll *e)
{
    if (e->fd < 0) {
        err_set(exc_ValueError, "I/O operation on closed epoll object");
        return -1;
    }
    return 0;
}

static Value epoll_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"sizehint", "flags", NULL};
    Value a[2];
    if (args_parse("epoll", args, nargs, kw, params, 0, 2, a) < 0)
        return VNULL;
    int sizehint = -1, flags = 0;
    if ((a[0] && posix_int_arg(a[0], &sizehint) < 0) || (a[1] && posix_int_arg(a[1], &flags) < 0))
        return VNULL;
    if (sizehint == 0 || sizehint < -1)
        return err_set(exc_ValueError, "negative sizehint");
    ObjEpoll *e = (ObjEpoll *)type_alloc(t, sizeof(ObjEpoll));
    e->fd = epoll_create1(EPOLL_CLOEXEC);
    if (e->fd < 0)
        return posix_error(errno, VNULL, VNULL);
    return OBJ_VAL(e);
}

static Value ep_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjEpoll *e = EP_SELF;
    if (e->fd >= 0) {
        int fd = e->fd;
        e->fd = -1;
        if (close(fd) < 0)
            return posix_error(errno, VNULL, VNULL);
    }
    return NONE;
}

static Value ep_fileno(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("fileno", nargs - 1, kw, 0, 0) < 0 || epoll_open(EP_SELF) < 0)
        return VNULL;
    return MK_INT(EP_SELF->fd);
}

static Value ep_ctl(Value *args, int nargs, ObjTuple *kw, int op, const char *name)
{
    static const char *const params[] = {"fd", "eventmask", NULL};
    Value a[2];
    if (args_parse(name, args + 1, nargs - 1, kw, params, op == EPOLL_CTL_MOD ? 2 : 1,
                   op == EPOLL_CTL_DEL ? 1 : 2, a) < 0)
        return VNULL;
    ObjEpoll *e = EP_SELF;
    int fd;
    if (epoll_open(e) < 0 || fd_of(a[0], &fd) < 0)
        return VNULL;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLPRI | EPOLLOUT};
    if (a[1]) {
        int64_t m;
        if (obj_as_int64(a[1], &m) < 0)
            return VNULL;
        if (m < 0 || m > UINT32_MAX)
            return err_set(exc_OverflowError, m < 0 ? "can't convert negative int to unsigned"
                                                    : "Python int too large to convert to C unsigned long");
        ev.events = (uint32_t)m;
    }
    ev.data.fd = fd;
    if (epoll_ctl(e->fd, op, fd, &ev) < 0)
        return posix_error(errno, VNULL, VNULL);
    return NONE;
}

static Value ep_register(Value *a, int n, ObjTuple *k) { return ep_ctl(a, n, k, EPOLL_CTL_ADD, "register"); }
static Value ep_modify(Value *a, int n, ObjTuple *k) { return ep_ctl(a, n, k, EPOLL_CTL_MOD, "modify"); }
static Value ep_unregister(Value *a, int n, ObjTuple *k) { return ep_ctl(a, n, k, EPOLL_CTL_DEL, "unregister"); }

static Value ep_poll(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"timeout", "maxevents", NULL};
    Value a[2];
    if (args_parse("poll", args + 1, nargs - 1, kw, params, 0, 2, a) < 0)
        return VNULL;
    ObjEpoll *e = EP_SELF;
    if (epoll_open(e) < 0)
        return VNULL;
    double timeout;
    if (seconds_arg(a[0], &timeout, "timeout must be an integer or None", true) < 0)
        return VNULL;
    int maxevents = -1;
    if (a[1] && posix_int_arg(a[1], &maxevents) < 0)
        return VNULL;
    if (maxevents == -1)
        maxevents = FD_SETSIZE - 1;
    else if (maxevents < 1)
        return err_format(exc_ValueError, "maxevents must be greater than 0, got %d", maxevents);
    struct epoll_event *evs = malloc((size_t)maxevents * sizeof *evs);
    if (!evs)
        return err_no_memory();
    double deadline = timeout >= 0 ? now_mono() + timeout : 0;
    int rc, err, epfd = e->fd;
    for (;;) {
        int ms = -1;
        if (timeout >= 0) {
            double left = deadline - now_mono();
            ms = left <= 0 ? 0 : (int)ceil(left * 1000.0);
        }
        GIL_RELEASE(BLOCK_SELECT);
        rc = epoll_wait(epfd, evs, maxevents, ms);
        err = errno;
        GIL_ACQUIRE();
        if (rc >= 0 || err != EINTR)
            break;
        if (signal_interrupted() < 0) {
            free(evs);
            return VNULL;
        }
    }
    if (rc < 0) {
        free(evs);
        return posix_error(err, VNULL, VNULL);
    }
    Value out = list_new(0);
    for (int i = 0; i < rc; i++) {
        Value t = tuple_pack(2, MK_INT(evs[i].data.fd), int_from_u64(evs[i].events));
        if (!t || list_append(out, t) < 0) {
            free(evs);
            return VNULL;
        }
    }
    free(evs);
    return out;
}

static Value ep_enter(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs, (void)kw;
    if (epoll_open(EP_SELF) < 0)
        return VNULL;
    return args[0];
}

static Value ep_exit(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs, (void)kw;
    return ep_close(args, 1, NULL);
}

static Value ep_get_closed(Value self) { return BOOL_V(((ObjEpoll *)AS_OBJ(self))->fd < 0); }

static const MethodDef epoll_methods[] = {
    {"close", ep_close}, {"fileno", ep_fileno}, {"register", ep_register},
    {"modify", ep_modify}, {"unregister", ep_unregister}, {"poll", ep_poll},
    {"__enter__", ep_enter}, {"__exit__", ep_exit},
    {NULL, NULL},
};

static Type type_epoll = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "select.epoll",
    .base = &type_object,
    .flags = TF_BASETYPE,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjEpoll),
    .tp_new = epoll_tp_new,
    .finalize = epoll_finalize,
};

static const IntConstDef select_consts[] = {
    {"POLLIN", POLLIN}, {"POLLPRI", POLLPRI}, {"POLLOUT", POLLOUT}, {"POLLERR", POLLERR},
    {"POLLHUP", POLLHUP}, {"POLLNVAL", POLLNVAL}, {"POLLRDNORM", POLLRDNORM},
    {"POLLRDBAND", POLLRDBAND}, {"POLLWRNORM", POLLWRNORM}, {"POLLWRBAND", POLLWRBAND},
    {"POLLMSG", POLLMSG}, {"POLLRDHUP", POLLRDHUP},
    {"EPOLLIN", EPOLLIN}, {"EPOLLOUT", EPOLLOUT}, {"EPOLLPRI", EPOLLPRI}, {"EPOLLERR", EPOLLERR},
    {"EPOLLHUP", EPOLLHUP}, {"EPOLLET", (int64_t)(uint32_t)EPOLLET}, {"EPOLLONESHOT", EPOLLONESHOT},
    {"EPOLLEXCLUSIVE", EPOLLEXCLUSIVE}, {"EPOLLRDHUP", EPOLLRDHUP}, {"EPOLLRDNORM", EPOLLRDNORM},
    {"EPOLLRDBAND", EPOLLRDBAND}, {"EPOLLWRNORM", EPOLLWRNORM}, {"EPOLLWRBAND", EPOLLWRBAND},
    {"EPOLLMSG", EPOLLMSG}, {"EPOLL_CLOEXEC", EPOLL_CLOEXEC},
    {"PIPE_BUF", 4096},
    {NULL, 0},
};

Value mod_select_init(void)
{
    if (!type_poll.module) {
        type_poll.module = str_intern_cstr("select");
        type_poll.name_str = str_intern_cstr("poll");
        type_ready(&type_poll, poll_methods);
        type_epoll.module = str_intern_cstr("select");
        type_epoll.name_str = str_intern_cstr("epoll");
        type_ready(&type_epoll, epoll_methods);
        dict_set_str(type_epoll.dict, str_intern_cstr("closed"),
                     getset_descr_new(&type_epoll, "closed", ep_get_closed, NULL));
    }
    Value mv = module_new(str_intern_cstr("select"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add(m, "error", OBJ_VAL(exc_OSError));
    module_add(m, "epoll", OBJ_VAL(&type_epoll));
    module_add_fn(m, "select", f_select);
    module_add_fn(m, "poll", f_poll);
    module_add_ints(m, select_consts);
    return mv;
}
