/* modules/_socket.c — the _socket module under CPython's Lib/socket.py:
 * the socket type (TCP, UDP, Unix), name resolution, address conversion
 * and the constants.
 *
 * Timeouts follow CPython: a socket's timeout is < 0 (blocking, None), 0
 * (non-blocking) or > 0 seconds; with a timeout the fd is O_NONBLOCK and
 * each call first waits with poll() for the fd to be ready (TimeoutError
 * "timed out" when the time runs out), then makes the call, and waits
 * again if it would still block.  Every syscall that can wait runs with
 * the GIL released, traced as "recv", "send", "accept", "connect" or
 * "resolve" (gil.h); signals interrupt the wait as PEP 475 says (the
 * handlers run, then the call is retried with what is left of the time).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <string.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "modsupport.h"
#include "objcore.h"
#include "posix.h"
#include "signals.h"
#include "str.h"
#include "vm.h"

typedef struct {
    Obj obj;
    int fd;
    int family, type, proto;
    double timeout; /* < 0: blocking; 0: non-blocking; > 0: seconds */
} ObjSocket;

typedef union {
    struct sockaddr sa;
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    struct sockaddr_un un;
    struct sockaddr_storage storage;
} SockAddr;

static Type type_socket;
static Value gaierror_type, herror_type;
static double default_timeout = -1.0;

#define SELF ((ObjSocket *)AS_OBJ(args[0]))

static Value sock_error(int err) { return posix_error(err, VNULL, VNULL); }

static Value raise_gai(int code)
{
    if (code == EAI_SYSTEM)
        return sock_error(errno);
    Value a[2] = {MK_INT(code), str_from_cstr(gai_strerror(code))};
    Value e = obj_call(gaierror_type, a, 2, NULL);
    return e ? err_set_value(e) : VNULL;
}

static double now_mono(void) { return (double)gil_now_ns() * 1e-9; }

/* ---- the call loop ---------------------------------------------------- */

/* What one attempt does, with the GIL released: returns >= 0 or -1 with
 * errno set.  It must not touch interpreter objects. */
typedef ssize_t (*SockFn)(int fd, void *data);

/* Wait until s->fd is ready for reading or writing: 1 ready, 0 timed out,
 * -1 with an exception set.  *deadline is kept across retries. */
static int wait_ready(ObjSocket *s, bool writing, double deadline, int reason)
{
    for (;;) {
        double left = deadline - now_mono();
        if (left <= 0)
            return 0;
        struct pollfd p = {.fd = s->fd, .events = writing ? POLLOUT : POLLIN};
        int ms = (int)ceil(left * 1000.0);
        int rc, err;
        GIL_RELEASE(reason);
        rc = poll(&p, 1, ms);
        err = errno;
        GIL_ACQUIRE();
        if (rc > 0)
            return 1;
        if (rc == 0)
            continue; /* recheck the clock: poll may wake early */
        if (err != EINTR) {
            sock_error(err);
            return -1;
        }
        if (signal_interrupted() < 0)
            return -1;
    }
}

/* Run fn until it succeeds, fails, or the socket's timeout runs out.
 * Returns fn's result, or -1 with an exception set. */
static ssize_t sock_call(ObjSocket *s, bool writing, SockFn fn, void *data, int reason)
{
    double deadline = s->timeout > 0 ? now_mono() + s->timeout : 0;
    bool waited = false;
    for (;;) {
        if (s->timeout > 0 && (waited || reason == BLOCK_ACCEPT || reason == BLOCK_RECV)) {
            int r = wait_ready(s, writing, deadline, reason);
            if (r < 0)
                return -1;
            if (r == 0) {
                err_set(exc_TimeoutError, "timed out");
                return -1;
            }
        }
        ssize_t rc;
        int err, fd = s->fd;
        GIL_RELEASE(reason);
        rc = fn(fd, data);
        err = errno;
        GIL_ACQUIRE();
        if (rc >= 0)
            return rc;
        if (err == EINTR) {
            if (signal_interrupted() < 0)
                return -1;
            continue;
        }
        if (s->timeout > 0 && (err == EWOULDBLOCK || err == EAGAIN)) {
            waited = true;
            continue;
        }
        sock_error(err);
        return -1;
    }
}

/* ---- addresses -------------------------------------------------------- */

static Value make_ip(const SockAddr *a)
{
    char buf[INET6_ADDRSTRLEN];
    const void *src = a->sa.sa_family == AF_INET ? (const void *)&a->in4.sin_addr
                                                 : (const void *)&a->in6.sin6_addr;
    if (!inet_ntop(a->sa.sa_family, src, buf, sizeof buf))
        return sock_error(errno);
    return str_from_cstr(buf);
}

static Value make_sockaddr(const SockAddr *a, socklen_t len)
{
    if (len == 0)
        return NONE;
    switch (a->sa.sa_family) {
    case AF_INET: {
        Value ip = make_ip(a);
        return ip ? tuple_pack(2, ip, MK_INT(ntohs(a->in4.sin_port))) : VNULL;
    }
    case AF_INET6: {
        Value ip = make_ip(a);
        if (!ip)
            return VNULL;
        return tuple_pack(4, ip, MK_INT(ntohs(a->in6.sin6_port)),
                          int_from_u64(ntohl(a->in6.sin6_flowinfo)),
                          int_from_u64(a->in6.sin6_scope_id));
    }
    case AF_UNIX: {
        size_t n = len > offsetof(struct sockaddr_un, sun_path)
                       ? len - offsetof(struct sockaddr_un, sun_path) : 0;
        if (n > 0 && a->un.sun_path[0] == 0) /* the abstract namespace */
            return bytes_new((const uint8_t *)a->un.sun_path, n);
        size_t l = strnlen(a->un.sun_path, n);
        return posix_fsdecode(a->un.sun_path, l, false);
    }
    default:
        return tuple_pack(2, MK_INT(a->sa.sa_family), bytes_new((const uint8_t *)a->sa.sa_data, 14));
    }
}

/* A host name as a C string: str (IDNA for non-ASCII, as CPython), bytes
 * or bytearray. */
static int host_arg(Value v, char *out, size_t n)
{
    const char *s;
    size_t len;
    Value enc = VNULL;
    if (IS_STR(v)) {
        ObjStr *st = AS_STR(v);
        bool ascii = true;
        for (int64_t i = 0; i < st->len; i++)
            if ((unsigned char)st->data[i] >= 0x80)
                ascii = false;
        if (!ascii) {
            Value a[1] = {str_from_cstr("idna")};
            enc = obj_call_method(v, str_intern_cstr("encode"), a, 1);
            if (!enc)
                return -1;
            v = enc;
        } else {
            s = st->data;
            len = st->len;
            goto copy;
        }
    }
    if (IS_BYTES(v)) {
        s = (const char *)AS_BYTES(v)->data;
        len = AS_BYTES(v)->len;
    } else if (IS_OBJ(v) && TYPE(v) == &type_bytearray) {
        Buffer b;
        if (obj_getbuffer(v, &b, BUF_SIMPLE) < 0)
            return -1;
        s = (const char *)b.buf;
        len = (size_t)b.len;
        buffer_release(&b);
    } else {
        err_format(exc_TypeError, "str, bytes or bytearray expected, not %T", v);
        return -1;
    }
copy:
    if (memchr(s, 0, len)) {
        err_set(exc_TypeError, "host name must not contain null character");
        return -1;
    }
    if (len >= n) {
        err_set(exc_OSError, "host name too long");
        return -1;
    }
    memcpy(out, s, len);
    out[len] = 0;
    return 0;
}

/* Resolve a host name for family (CPython's setipaddr): "" is the any
 * address, "<broadcast>" the broadcast one, numbers are parsed without a
 * look-up, anything else goes through getaddrinfo. */
static int set_ipaddr(const char *name, SockAddr *a, int family)
{
    memset(a, 0, sizeof *a);
    if (name[0] == 0) {
        a->sa.sa_family = (sa_family_t)family;
        if (family == AF_INET)
            a->in4.sin_addr.s_addr = htonl(INADDR_ANY);
        else
            a->in6.sin6_addr = in6addr_any;
        return 0;
    }
    if (family == AF_INET && (!strcmp(name, "<broadcast>") || !strcmp(name, "255.255.255.255"))) {
        a->in4.sin_family = AF_INET;
        a->in4.sin_addr.s_addr = htonl(INADDR_BROADCAST);
        return 0;
    }
    if (family == AF_INET && inet_pton(AF_INET, name, &a->in4.sin_addr) == 1) {
        a->in4.sin_family = AF_INET;
        return 0;
    }
    if (family == AF_INET6 && inet_pton(AF_INET6, name, &a->in6.sin6_addr) == 1) {
        a->in6.sin6_family = AF_INET6;
        return 0;
    }
    struct addrinfo hints = {.ai_family = family}, *res = NULL;
    int rc;
    GIL_RELEASE(BLOCK_RESOLVE);
    rc = getaddrinfo(name, NULL, &hints, &res);
    GIL_ACQUIRE();
    if (rc) {
        raise_gai(rc);
        return -1;
    }
    size_t n = res->ai_addrlen < sizeof *a ? res->ai_addrlen : sizeof *a;
    memcpy(a, res->ai_addr, n);
    freeaddrinfo(res);
    return 0;
}

static int port_arg(Value v, const char *caller, int *out)
{
    Value i = obj_index(v);
    if (!i)
        return -1;
    int64_t p;
    if (obj_as_int64(i, &p) < 0 || p < 0 || p > 65535) {
        err_clear();
        err_format(exc_OverflowError, "%s(): port must be 0-65535.", caller);
        return -1;
    }
    *out = (int)p;
    return 0;
}

/* A Python address for s's family into a (CPython's getsockaddrarg). */
static int sockaddr_arg(ObjSocket *s, Value v, SockAddr *a, socklen_t *len, const char *caller)
{
    memset(a, 0, sizeof *a);
    switch (s->family) {
    case AF_UNIX: {
        Buffer b;
        Value path = v;
        if (IS_STR(v)) {
            path = posix_fspath(v);
            if (!path)
                return -1;
            Value a1[2] = {str_from_cstr("utf-8"), str_from_cstr("surrogateescape")};
            path = obj_call_method(v, str_intern_cstr("encode"), a1, 2);
            if (!path)
                return -1;
        } else if (IS_OBJ(v) && !TYPE(v)->getbuffer) {
            Value p = posix_fspath(v);
            if (!p) {
                err_clear();
                err_format(exc_TypeError, "a bytes-like object is required, not '%s'", TYPE(v)->name);
                return -1;
            }
            return sockaddr_arg(s, p, a, len, caller);
        }
        if (obj_getbuffer(path, &b, BUF_SIMPLE) < 0)
            return -1;
        /* An abstract name (a NUL first) may fill sun_path; a path needs
         * room for its NUL.  The length is CPython's: the name's bytes
         * only, so "" (no name at all) autobinds to an abstract name. */
        bool abstract = b.len > 0 && b.buf[0] == 0;
        if ((size_t)b.len > sizeof a->un.sun_path - (abstract ? 0 : 1)) {
            buffer_release(&b);
            err_set(exc_OSError, "AF_UNIX path too long");
            return -1;
        }
        a->un.sun_family = AF_UNIX;
        memcpy(a->un.sun_path, b.buf, (size_t)b.len);
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)b.len);
        buffer_release(&b);
        return 0;
    }
    case AF_INET:
    case AF_INET6: {
        const char *fam = s->family == AF_INET ? "AF_INET" : "AF_INET6";
        if (!TUPLE_CHECK(v)) {
            err_format(exc_TypeError, "%s(): %s address must be tuple, not %s", caller, fam, TYPE(v)->name);
            return -1;
        }
        ObjTuple *t = AS_TUPLE(tuple_exact(v));
        if (s->family == AF_INET ? t->len != 2 : t->len < 2 || t->len > 4) {
            err_format(exc_TypeError, s->family == AF_INET ? "AF_INET address must be a pair (host, port)"
                                                           : "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])");
            return -1;
        }
        char host[1024];
        int port;
        if (host_arg(t->items[0], host, sizeof host) < 0 || port_arg(t->items[1], caller, &port) < 0)
            return -1;
        int64_t flow = 0, scope = 0;
        if (t->len > 2 && obj_as_int64(t->items[2], &flow) < 0)
            return -1;
        if (t->len > 3 && obj_as_int64(t->items[3], &scope) < 0)
            return -1;
        if (flow < 0 || flow > 0xfffff) {
            err_format(exc_OverflowError, "%s(): flowinfo must be 0-1048575.", caller);
            return -1;
        }
        if (set_ipaddr(host, a, s->family) < 0)
            return -1;
        if (s->family == AF_INET) {
            a->in4.sin_family = AF_INET;
            a->in4.sin_port = htons((uint16_t)port);
            *len = sizeof a->in4;
        } else {
            a->in6.sin6_family = AF_INET6;
            a->in6.sin6_port = htons((uint16_t)port);
            a->in6.sin6_flowinfo = htonl((uint32_t)flow);
            a->in6.sin6_scope_id = (uint32_t)scope;
            *len = sizeof a->in6;
        }
        return 0;
    }
    default:
        err_format(exc_OSError, "%s(): bad family", caller);
        return -1;
    }
}

/* ---- timeouts --------------------------------------------------------- */

/* None -> -1, else seconds >= 0 (CPython's socket_parse_timeout). */
static int timeout_arg(Value v, double *out)
{
    if (v == NONE) {
        *out = -1.0;
        return 0;
    }
    double d;
    if (IS_FLOAT(v)) {
        d = AS_FLOAT(v);
        if (isnan(d)) {
            err_set(exc_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
    } else {
        if (!int_check(v)) {
            Value i = obj_index(v);
            if (!i)
                return -1;
            v = i;
        }
        if (num_to_double(v, &d) < 0)
            return -1;
    }
    if (d < 0) {
        err_set(exc_ValueError, "Timeout value out of range");
        return -1;
    }
    if (d > 9.2e18) {
        err_set(exc_OverflowError, "timestamp out of range for platform time_t");
        return -1;
    }
    *out = d;
    return 0;
}

static int apply_timeout(ObjSocket *s)
{
    if (s->fd >= 0 && posix_set_fd_flag(s->fd, true, s->timeout < 0) < 0) {
        sock_error(errno);
        return -1;
    }
    return 0;
}

static Value timeout_value(double t) { return t < 0 ? NONE : float_new(t); }

/* ---- the type --------------------------------------------------------- */

static Value sock_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)args, (void)nargs, (void)kw;
    ObjSocket *s = (ObjSocket *)type_alloc(t, sizeof(ObjSocket));
    s->fd = -1;
    s->family = AF_INET;
    s->type = SOCK_STREAM;
    s->timeout = -1.0;
    return OBJ_VAL(s);
}

static void sock_finalize(Obj *o)
{
    ObjSocket *s = (ObjSocket *)o;
    if (s->fd >= 0) {
        close(s->fd);
        s->fd = -1;
    }
}

static int int_or_default(Value v, int *out)
{
    if (!v)
        return 0;
    return posix_int_arg(v, out);
}

static Value m_init(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"family", "type", "proto", "fileno", NULL};
    Value a[4];
    if (args_parse("socket", args + 1, nargs - 1, kw, params, 0, 4, a) < 0)
        return VNULL;
    ObjSocket *s = SELF;
    int family = -1, type = -1, proto = -1;
    if (int_or_default(a[0], &family) < 0 || int_or_default(a[1], &type) < 0 ||
        int_or_default(a[2], &proto) < 0)
        return VNULL;
    int fd;
    if (a[3] && a[3] != NONE) {
        if (IS_FLOAT(a[3]))
            return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
        int64_t f;
        if (obj_as_int64(a[3], &f) < 0)
            return VNULL;
        if (f < 0)
            return err_set(exc_ValueError, "negative file descriptor");
        if (f > INT32_MAX)
            return err_set(exc_OverflowError, "file descriptor out of range");
        fd = (int)f;
        SockAddr sa;
        socklen_t sl = sizeof sa;
        int v;
        socklen_t vl = sizeof v;
        if (family == -1) {
            if (getsockname(fd, &sa.sa, &sl) < 0)
                return sock_error(errno);
            family = sa.sa.sa_family;
        }
        if (type == -1) {
            if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &vl) < 0)
                return sock_error(errno);
            type = v;
        }
        if (proto == -1) {
            vl = sizeof v;
            if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &v, &vl) < 0)
                return sock_error(errno);
            proto = v;
        }
    } else {
        if (family == -1)
            family = AF_INET;
        if (type == -1)
            type = SOCK_STREAM;
        if (proto == -1)
            proto = 0;
        fd = socket(family, type | SOCK_CLOEXEC, proto);
        if (fd < 0)
            return sock_error(errno);
    }
    if (s->fd >= 0 && s->fd != fd)
        close(s->fd);
    s->fd = fd;
    s->family = family;
    s->type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    s->proto = proto;
    s->timeout = default_timeout;
    if (type & SOCK_NONBLOCK)
        s->timeout = 0;
    if (s->timeout >= 0 && apply_timeout(s) < 0)
        return VNULL;
    return NONE;
}

static Value sock_repr(Value self)
{
    ObjSocket *s = (ObjSocket *)AS_OBJ(self);
    return str_printf("<socket object, fd=%d, family=%d, type=%d, proto=%d>", s->fd, s->family,
                      s->type, s->proto);
}

static Value m_fileno(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("fileno", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return MK_INT(SELF->fd);
}

static Value m_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjSocket *s = SELF;
    int fd = s->fd;
    if (fd >= 0) {
        s->fd = -1;
        /* ECONNRESET from close() is not an error for the caller (CPython) */
        if (close(fd) < 0 && errno != ECONNRESET)
            return sock_error(errno);
    }
    return NONE;
}

static Value m_detach(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("detach", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    int fd = SELF->fd;
    SELF->fd = -1;
    return MK_INT(fd);
}

static int check_open(ObjSocket *s)
{
    if (s->fd < 0) {
        sock_error(EBADF);
        return -1;
    }
    return 0;
}

static Value m_bind(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("bind", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    SockAddr a;
    socklen_t len;
    if (sockaddr_arg(SELF, args[1], &a, &len, "bind") < 0)
        return VNULL;
    if (bind(SELF->fd, &a.sa, len) < 0)
        return sock_error(errno);
    return NONE;
}

static Value m_listen(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("listen", nargs - 1, kw, 0, 1) < 0)
        return VNULL;
    int backlog = SOMAXCONN < 128 ? SOMAXCONN : 128;
    if (nargs > 1 && posix_int_arg(args[1], &backlog) < 0)
        return VNULL;
    if (backlog < 0)
        backlog = 0;
    if (listen(SELF->fd, backlog) < 0)
        return sock_error(errno);
    return NONE;
}

typedef struct {
    SockAddr addr;
    socklen_t len;
    int result;
} AcceptData;

static ssize_t do_accept(int fd, void *d)
{
    AcceptData *a = d;
    a->len = sizeof a->addr;
    a->result = accept4(fd, &a->addr.sa, &a->len, SOCK_CLOEXEC);
    return a->result;
}

static Value m_accept(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("_accept", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjSocket *s = SELF;
    if (check_open(s) < 0)
        return VNULL;
    AcceptData a;
    if (sock_call(s, false, do_accept, &a, BLOCK_ACCEPT) < 0)
        return VNULL;
    Value addr = make_sockaddr(&a.addr, a.len);
    if (!addr) {
        close(a.result);
        return VNULL;
    }
    return tuple_pack(2, MK_INT(a.result), addr);
}

typedef struct {
    SockAddr addr;
    socklen_t len;
} ConnectData;

/* connect() and connect_ex(): 0 connected, an errno (raise_ false), or -1
 * with an exception set.  A non-blocking connect in progress finishes by
 * waiting for the fd to be writable and reading SO_ERROR. */
static int sock_connect(ObjSocket *s, Value addr, bool raise_, const char *caller)
{
    ConnectData c;
    if (sockaddr_arg(s, addr, &c.addr, &c.len, caller) < 0)
        return -1;
    int rc, err, fd = s->fd;
    for (;;) {
        GIL_RELEASE(BLOCK_CONNECT);
        rc = connect(fd, &c.addr.sa, c.len);
        err = errno;
        GIL_ACQUIRE();
        if (rc == 0)
            return 0;
        if (err != EINTR)
            break;
        if (signal_interrupted() < 0)
            return -1;
        if (s->timeout == 0) /* interrupted: the connection goes on in the background */
            break;
    }
    if (err == EINPROGRESS && s->timeout > 0) {
        int r = wait_ready(s, true, now_mono() + s->timeout, BLOCK_CONNECT);
        if (r < 0)
            return -1;
        if (r == 0) {
            err_set(exc_TimeoutError, "timed out");
            return -1;
        }
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
            soerr = errno;
        if (soerr == 0)
            return 0;
        err = soerr;
    }
    if (!raise_)
        return err;
    sock_error(err);
    return -1;
}

static Value m_connect(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("connect", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    return sock_connect(SELF, args[1], true, "connect") < 0 ? VNULL : NONE;
}

static Value m_connect_ex(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("connect_ex", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    int r = sock_connect(SELF, args[1], false, "connect_ex");
    return r < 0 ? VNULL : MK_INT(r);
}

typedef struct {
    uint8_t *buf;
    size_t len;
    int flags;
    SockAddr addr;
    socklen_t addrlen;
} IoData;

static ssize_t do_recv(int fd, void *d)
{
    IoData *io = d;
    return recv(fd, io->buf, io->len, io->flags);
}

static ssize_t do_recvfrom(int fd, void *d)
{
    IoData *io = d;
    io->addrlen = sizeof io->addr;
    memset(&io->addr, 0, sizeof io->addr);
    return recvfrom(fd, io->buf, io->len, io->flags, &io->addr.sa, &io->addrlen);
}

static ssize_t do_send(int fd, void *d)
{
    IoData *io = d;
    return send(fd, io->buf, io->len, io->flags | MSG_NOSIGNAL);
}

static ssize_t do_sendto(int fd, void *d)
{
    IoData *io = d;
    return sendto(fd, io->buf, io->len, io->flags | MSG_NOSIGNAL, &io->addr.sa, io->addrlen);
}

static int flags_arg(Value *args, int nargs, int at, int *flags)
{
    *flags = 0;
    return nargs > at ? posix_int_arg(args[at], flags) : 0;
}

/* recv(bufsize[, flags]) and recvfrom(bufsize[, flags]) */
static Value recv_common(Value *args, int nargs, ObjTuple *kw, bool from)
{
    const char *name = from ? "recvfrom" : "recv";
    if (args_check(name, nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    int64_t n;
    int flags;
    if (IS_FLOAT(args[1]))
        return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
    if (obj_as_int64(args[1], &n) < 0 || flags_arg(args, nargs, 2, &flags) < 0)
        return VNULL;
    if (n < 0)
        return err_format(exc_ValueError, "negative buffersize in %s", name);
    ObjSocket *s = SELF;
    if (check_open(s) < 0)
        return VNULL;
    IoData io = {.len = (size_t)n, .flags = flags};
    io.buf = malloc(n ? (size_t)n : 1);
    if (!io.buf)
        return err_no_memory();
    ssize_t r = sock_call(s, false, from ? do_recvfrom : do_recv, &io, BLOCK_RECV);
    Value data = r < 0 ? VNULL : bytes_new(io.buf, (size_t)r);
    free(io.buf);
    if (!data || !from)
        return data;
    Value addr = make_sockaddr(&io.addr, io.addrlen);
    return addr ? tuple_pack(2, data, addr) : VNULL;
}

static Value m_recv(Value *args, int nargs, ObjTuple *kw) { return recv_common(args, nargs, kw, false); }
static Value m_recvfrom(Value *args, int nargs, ObjTuple *kw) { return recv_common(args, nargs, kw, true); }

/* recv_into(buffer[, nbytes[, flags]]), recvfrom_into(...) */
static Value recv_into_common(Value *args, int nargs, ObjTuple *kw, bool from)
{
    static const char *const params[] = {"buffer", "nbytes", "flags", NULL};
    const char *name = from ? "recvfrom_into" : "recv_into";
    Value a[3];
    if (args_parse(name, args + 1, nargs - 1, kw, params, 1, 3, a) < 0)
        return VNULL;
    int64_t n = 0;
    int flags = 0;
    if (a[1] && obj_as_int64(a[1], &n) < 0)
        return VNULL;
    if (a[2] && posix_int_arg(a[2], &flags) < 0)
        return VNULL;
    if (n < 0)
        return err_format(exc_ValueError, "negative buffersize in %s", name);
    Buffer b;
    if (obj_getbuffer(a[0], &b, BUF_WRITABLE) < 0)
        return VNULL;
    if (n == 0)
        n = b.len;
    else if (n > b.len) {
        buffer_release(&b);
        return err_format(exc_ValueError, "%s", from ? "nbytes is greater than the length of the buffer"
                                                     : "buffer too small for requested bytes");
    }
    ObjSocket *s = SELF;
    if (check_open(s) < 0) {
        buffer_release(&b);
        return VNULL;
    }
    IoData io = {.buf = b.buf, .len = (size_t)n, .flags = flags};
    ssize_t r = sock_call(s, false, from ? do_recvfrom : do_recv, &io, BLOCK_RECV);
    buffer_release(&b);
    if (r < 0)
        return VNULL;
    if (!from)
        return MK_INT(r);
    Value addr = make_sockaddr(&io.addr, io.addrlen);
    return addr ? tuple_pack(2, MK_INT(r), addr) : VNULL;
}

static Value m_recv_into(Value *args, int nargs, ObjTuple *kw) { return recv_into_common(args, nargs, kw, false); }
static Value m_recvfrom_into(Value *args, int nargs, ObjTuple *kw) { return recv_into_common(args, nargs, kw, true); }

static Value m_send(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("send", nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    int flags;
    Buffer b;
    if (obj_getbuffer(args[1], &b, BUF_SIMPLE) < 0)
        return VNULL;
    if (flags_arg(args, nargs, 2, &flags) < 0 || check_open(SELF) < 0) {
        buffer_release(&b);
        return VNULL;
    }
    IoData io = {.buf = b.buf, .len = (size_t)b.len, .flags = flags};
    ssize_t r = sock_call(SELF, true, do_send, &io, BLOCK_SEND);
    buffer_release(&b);
    return r < 0 ? VNULL : MK_INT(r);
}

/* sendall: send until everything went, each send with the time left. */
static Value m_sendall(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("sendall", nargs - 1, kw, 1, 2) < 0)
        return VNULL;
    int flags;
    Buffer b;
    if (obj_getbuffer(args[1], &b, BUF_SIMPLE) < 0)
        return VNULL;
    ObjSocket *s = SELF;
    if (flags_arg(args, nargs, 2, &flags) < 0 || check_open(s) < 0) {
        buffer_release(&b);
        return VNULL;
    }
    double timeout = s->timeout, deadline = timeout > 0 ? now_mono() + timeout : 0;
    size_t done = 0;
    Value result = NONE;
    while (done < (size_t)b.len) {
        if (timeout > 0) {
            double left = deadline - now_mono();
            if (left <= 0) {
                result = err_set(exc_TimeoutError, "timed out");
                break;
            }
            s->timeout = left;
        }
        IoData io = {.buf = b.buf + done, .len = (size_t)b.len - done, .flags = flags};
        ssize_t r = sock_call(s, true, do_send, &io, BLOCK_SEND);
        if (r < 0) {
            result = VNULL;
            break;
        }
        done += (size_t)r;
        if (signal_interrupted() < 0) {
            result = VNULL;
            break;
        }
    }
    s->timeout = timeout;
    buffer_release(&b);
    return result;
}

static Value m_sendto(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "sendto() takes no keyword arguments");
    if (nargs - 1 < 2 || nargs - 1 > 3)
        return err_format(exc_TypeError, "sendto() takes 2 or 3 arguments (%d given)", nargs - 1);
    int flags = 0;
    Value addr = args[nargs - 1];
    if (nargs == 4 && posix_int_arg(args[2], &flags) < 0)
        return VNULL;
    Buffer b;
    if (obj_getbuffer(args[1], &b, BUF_SIMPLE) < 0)
        return VNULL;
    IoData io = {.buf = b.buf, .len = (size_t)b.len, .flags = flags};
    if (check_open(SELF) < 0 || sockaddr_arg(SELF, addr, &io.addr, &io.addrlen, "sendto") < 0) {
        buffer_release(&b);
        return VNULL;
    }
    ssize_t r = sock_call(SELF, true, do_sendto, &io, BLOCK_SEND);
    buffer_release(&b);
    return r < 0 ? VNULL : MK_INT(r);
}

/* ---- sendmsg, recvmsg: scatter/gather I/O and ancillary data --------- */

/* v as a list or tuple (PySequence_Fast): TypeError msg if not iterable. */
static Value seq_fast(Value v, const char *msg)
{
    if (IS_LIST(v) || IS_TUPLE(v))
        return v;
    Value l = obj_to_list(v);
    if (!l && err_matches(exc_TypeError)) {
        err_clear();
        return err_set(exc_TypeError, msg);
    }
    return l;
}

static void seq_items(Value seq, Value **items, int64_t *n)
{
    if (IS_LIST(seq)) {
        *items = AS_LIST(seq)->items;
        *n = AS_LIST(seq)->len;
    } else {
        *items = AS_TUPLE(seq)->items;
        *n = AS_TUPLE(seq)->len;
    }
}

typedef struct {
    struct msghdr msg;
    SockAddr addr;
} MsgData;

static ssize_t do_sendmsg(int fd, void *d)
{
    MsgData *m = d;
    return sendmsg(fd, &m->msg, m->msg.msg_flags | MSG_NOSIGNAL);
}

static ssize_t do_recvmsg(int fd, void *d)
{
    MsgData *m = d;
    m->msg.msg_namelen = sizeof m->addr;
    memset(&m->addr, 0, sizeof m->addr);
    return recvmsg(fd, &m->msg, m->msg.msg_flags);
}

/* Buffers held for one call, released together. */
typedef struct {
    Buffer *b;
    int64_t n;
} BufList;

static void buflist_release(BufList *bl)
{
    for (int64_t i = 0; i < bl->n; i++)
        buffer_release(&bl->b[i]);
    free(bl->b);
    bl->b = NULL;
    bl->n = 0;
}

/* Every item of seq as a buffer (writable for recvmsg_into), into iov. */
static int get_buffers(Value seq, BufList *bl, struct iovec **iov, bool writable, const char *bad)
{
    Value *items;
    int64_t n;
    seq_items(seq, &items, &n);
    bl->b = calloc((size_t)n + 1, sizeof *bl->b);
    *iov = calloc((size_t)n + 1, sizeof **iov);
    bl->n = 0;
    if (!bl->b || !*iov) {
        err_no_memory();
        return -1;
    }
    for (int64_t i = 0; i < n; i++) {
        if (obj_getbuffer(items[i], &bl->b[i], writable ? BUF_WRITABLE : BUF_SIMPLE) < 0) {
            if (bad && (err_matches(exc_TypeError) || err_matches(exc_BufferError))) {
                err_clear();
                err_set(exc_TypeError, bad);
            }
            return -1;
        }
        bl->n = i + 1;
        (*iov)[i].iov_base = bl->b[i].buf;
        (*iov)[i].iov_len = (size_t)bl->b[i].len;
    }
    return (int)n;
}

/* sendmsg(buffers[, ancdata[, flags[, address]]]): ancdata is an iterable
 * of (level, type, data), e.g. (SOL_SOCKET, SCM_RIGHTS, fds as C ints). */
static Value m_sendmsg(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "socket.sendmsg() takes no keyword arguments");
    if (nargs - 1 < 1)
        return err_format(exc_TypeError, "sendmsg() takes at least 1 argument (%d given)", nargs - 1);
    if (nargs - 1 > 4)
        return err_format(exc_TypeError, "sendmsg() takes at most 4 arguments (%d given)", nargs - 1);
    ObjSocket *s = SELF;
    MsgData m;
    memset(&m, 0, sizeof m);
    int flags = 0;
    BufList data = {0}, anc = {0};
    struct iovec *iov = NULL;
    int *levels = NULL;
    uint8_t *ctrl = NULL;
    Value result = VNULL;
    Value bufs = seq_fast(args[1], "sendmsg() argument 1 must be an iterable");
    if (!bufs)
        return VNULL;
    Value ancseq = VNULL;
    if (nargs > 2 && !IS_NONE(args[2]) &&
        !(ancseq = seq_fast(args[2], "sendmsg() argument 2 must be an iterable")))
        return VNULL;
    if (nargs > 3 && posix_int_arg(args[3], &flags) < 0)
        return VNULL;
    if (nargs > 4 && !IS_NONE(args[4])) {
        if (sockaddr_arg(s, args[4], &m.addr, &m.msg.msg_namelen, "sendmsg") < 0)
            return VNULL;
        m.msg.msg_name = &m.addr;
    }
    /* ancillary data first: its errors come before the data's buffers */
    Value *items = NULL;
    int64_t nanc = 0;
    if (ancseq)
        seq_items(ancseq, &items, &nanc);
    anc.b = calloc((size_t)nanc + 1, sizeof *anc.b);
    levels = calloc((size_t)nanc * 2 + 1, sizeof *levels);
    if (!anc.b || !levels) {
        err_no_memory();
        goto out;
    }
    size_t space = 0;
    for (int64_t i = 0; i < nanc; i++) {
        Value it = items[i];
        int64_t len = obj_len(it);
        if (len < 0) {
            err_clear();
            err_format(exc_TypeError,
                       "[sendmsg() ancillary data items]() argument must be 3-item sequence, not %T", it);
            goto out;
        }
        if (len != 3) {
            err_format(exc_TypeError,
                       "[sendmsg() ancillary data items]() argument must be sequence of length 3, not %lld",
                       (long long)len);
            goto out;
        }
        Value f[3];
        for (int k = 0; k < 3; k++)
            if (!(f[k] = obj_getitem(it, MK_INT(k))))
                goto out;
        if (posix_int_arg(f[0], &levels[2 * i]) < 0 || posix_int_arg(f[1], &levels[2 * i + 1]) < 0 ||
            obj_getbuffer(f[2], &anc.b[i], BUF_SIMPLE) < 0)
            goto out;
        anc.n = i + 1;
        if ((size_t)anc.b[i].len > (size_t)INT_MAX - space) {
            err_set(exc_OSError, "ancillary data does not fit in calculated space");
            goto out;
        }
        space += CMSG_SPACE((size_t)anc.b[i].len);
    }
    int niov = get_buffers(bufs, &data, &iov, false, NULL);
    if (niov < 0)
        goto out;
    m.msg.msg_iov = iov;
    m.msg.msg_iovlen = (size_t)niov;
    if (nanc) {
        ctrl = calloc(space, 1);
        if (!ctrl) {
            err_no_memory();
            goto out;
        }
        m.msg.msg_control = ctrl;
        m.msg.msg_controllen = space;
        struct cmsghdr *cm = CMSG_FIRSTHDR(&m.msg);
        for (int64_t i = 0; i < nanc && cm; i++, cm = CMSG_NXTHDR(&m.msg, cm)) {
            cm->cmsg_level = levels[2 * i];
            cm->cmsg_type = levels[2 * i + 1];
            cm->cmsg_len = CMSG_LEN((size_t)anc.b[i].len);
            memcpy(CMSG_DATA(cm), anc.b[i].buf, (size_t)anc.b[i].len);
        }
    }
    if (check_open(s) < 0)
        goto out;
    m.msg.msg_flags = flags; /* carried to do_sendmsg */
    ssize_t r = sock_call(s, true, do_sendmsg, &m, BLOCK_SEND);
    if (r >= 0)
        result = int_from_i64(r);
out:
    buflist_release(&data);
    buflist_release(&anc);
    free(iov);
    free(levels);
    free(ctrl);
    return result;
}

/* The ancillary data a recvmsg received: [(level, type, data), ...]; a
 * truncated item (MSG_CTRUNC) keeps what fits in the buffer. */
static Value make_ancdata(struct msghdr *msg)
{
    Value list = list_new(0);
    if (!list || !msg->msg_control)
        return list;
    uint8_t *base = msg->msg_control;
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
        size_t off = (size_t)((uint8_t *)cm - base);
        if (off + CMSG_LEN(0) > msg->msg_controllen)
            break;
        size_t clen = cm->cmsg_len;
        if (clen > msg->msg_controllen - off)
            clen = msg->msg_controllen - off;
        if (clen < CMSG_LEN(0))
            return err_set(exc_RuntimeError, "received malformed or improperly-truncated ancillary data");
        Value d = bytes_new(CMSG_DATA(cm), clen - CMSG_LEN(0));
        Value t = d ? tuple_pack(3, MK_INT(cm->cmsg_level), MK_INT(cm->cmsg_type), d) : VNULL;
        if (!t || list_append(list, t) < 0)
            return VNULL;
        if (cm->cmsg_len > clen)
            break; /* truncated: nothing after it */
    }
    return list;
}

/* recvmsg(bufsize[, ancbufsize[, flags]]) -> (data, ancdata, msg_flags, address)
 * recvmsg_into(buffers[, ancbufsize[, flags]]) -> (nbytes, ancdata, msg_flags, address) */
static Value recvmsg_common(Value *args, int nargs, ObjTuple *kw, bool into)
{
    const char *name = into ? "recvmsg_into" : "recvmsg";
    if (kw && kw->len)
        return err_format(exc_TypeError, "socket.%s() takes no keyword arguments", name);
    if (nargs - 1 < 1)
        return err_format(exc_TypeError, "%s() takes at least 1 argument (%d given)", name, nargs - 1);
    if (nargs - 1 > 3)
        return err_format(exc_TypeError, "%s() takes at most 3 arguments (%d given)", name, nargs - 1);
    ObjSocket *s = SELF;
    int64_t bufsize = 0, ancsize = 0;
    int flags = 0;
    Value bufs = VNULL;
    if (into) {
        if (!(bufs = seq_fast(args[1], "recvmsg_into() argument 1 must be an iterable")))
            return VNULL;
    } else {
        if (IS_FLOAT(args[1]))
            return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
        if (obj_as_int64(args[1], &bufsize) < 0)
            return VNULL;
        if (bufsize < 0)
            return err_set(exc_ValueError, "negative buffer size in recvmsg()");
    }
    if (nargs > 2) {
        if (IS_FLOAT(args[2]))
            return err_set(exc_TypeError, "'float' object cannot be interpreted as an integer");
        if (obj_as_int64(args[2], &ancsize) < 0)
            return VNULL;
        if (ancsize < 0 || ancsize > INT_MAX)
            return err_set(exc_ValueError, "invalid ancillary data buffer length");
    }
    if (nargs > 3 && posix_int_arg(args[3], &flags) < 0)
        return VNULL;
    MsgData m;
    memset(&m, 0, sizeof m);
    BufList bl = {0};
    struct iovec one, *iov = NULL;
    uint8_t *buf = NULL, *ctrl = NULL;
    Value result = VNULL;
    if (into) {
        int n = get_buffers(bufs, &bl, &iov, true,
                            "recvmsg_into() argument 1 must be an iterable of single-segment "
                            "read-write buffers");
        if (n < 0)
            goto out;
        m.msg.msg_iov = iov;
        m.msg.msg_iovlen = (size_t)n;
    } else {
        if (!(buf = malloc(bufsize ? (size_t)bufsize : 1))) {
            err_no_memory();
            goto out;
        }
        one.iov_base = buf;
        one.iov_len = (size_t)bufsize;
        m.msg.msg_iov = &one;
        m.msg.msg_iovlen = 1;
    }
    if (ancsize) {
        if (!(ctrl = calloc((size_t)ancsize, 1))) {
            err_no_memory();
            goto out;
        }
        m.msg.msg_control = ctrl;
        m.msg.msg_controllen = (size_t)ancsize;
    }
    m.msg.msg_name = &m.addr;
    if (check_open(s) < 0)
        goto out;
    m.msg.msg_flags = flags; /* carried to do_recvmsg, replaced by the kernel's */
    ssize_t r = sock_call(s, false, do_recvmsg, &m, BLOCK_RECV);
    if (r < 0)
        goto out;
    Value first = into ? int_from_i64(r) : bytes_new(buf, (size_t)r);
    Value anc = first ? make_ancdata(&m.msg) : VNULL;
    Value addr = anc ? make_sockaddr(&m.addr, m.msg.msg_namelen) : VNULL;
    if (addr)
        result = tuple_pack(4, first, anc, MK_INT(m.msg.msg_flags), addr);
out:
    buflist_release(&bl);
    free(iov);
    free(buf);
    free(ctrl);
    return result;
}

static Value m_recvmsg(Value *args, int nargs, ObjTuple *kw) { return recvmsg_common(args, nargs, kw, false); }
static Value m_recvmsg_into(Value *args, int nargs, ObjTuple *kw) { return recvmsg_common(args, nargs, kw, true); }

static Value m_shutdown(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("shutdown", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    int how;
    if (posix_int_arg(args[1], &how) < 0)
        return VNULL;
    if (shutdown(SELF->fd, how) < 0)
        return sock_error(errno);
    return NONE;
}

static Value name_common(Value *args, int nargs, ObjTuple *kw, bool peer)
{
    if (args_check(peer ? "getpeername" : "getsockname", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    SockAddr a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    int rc = peer ? getpeername(SELF->fd, &a.sa, &len) : getsockname(SELF->fd, &a.sa, &len);
    if (rc < 0)
        return sock_error(errno);
    if (a.sa.sa_family == AF_UNIX && len <= offsetof(struct sockaddr_un, sun_path))
        return str_from_cstr("");
    return make_sockaddr(&a, len);
}

static Value m_getsockname(Value *args, int nargs, ObjTuple *kw) { return name_common(args, nargs, kw, false); }
static Value m_getpeername(Value *args, int nargs, ObjTuple *kw) { return name_common(args, nargs, kw, true); }

static Value m_setsockopt(Value *args, int nargs, ObjTuple *kw)
{
    if (kw && kw->len)
        return err_set(exc_TypeError, "setsockopt() takes no keyword arguments");
    if (nargs - 1 < 3 || nargs - 1 > 4)
        return err_format(exc_TypeError, "setsockopt() takes at least 3 arguments (%d given)", nargs - 1);
    int level, opt;
    if (posix_int_arg(args[1], &level) < 0 || posix_int_arg(args[2], &opt) < 0)
        return VNULL;
    int rc;
    if (nargs == 5) { /* (level, opt, None, optlen) */
        if (args[3] != NONE)
            return err_set(exc_TypeError, "setsockopt() argument 3 must be None when 4 arguments are given");
        int optlen;
        if (posix_int_arg(args[4], &optlen) < 0)
            return VNULL;
        rc = setsockopt(SELF->fd, level, opt, NULL, (socklen_t)optlen);
    } else if (int_check(args[3])) {
        int v;
        if (posix_int_arg(args[3], &v) < 0)
            return VNULL;
        rc = setsockopt(SELF->fd, level, opt, &v, sizeof v);
    } else {
        Buffer b;
        if (obj_getbuffer(args[3], &b, BUF_SIMPLE) < 0)
            return VNULL;
        rc = setsockopt(SELF->fd, level, opt, b.buf, (socklen_t)b.len);
        buffer_release(&b);
    }
    if (rc < 0)
        return sock_error(errno);
    return NONE;
}

static Value m_getsockopt(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getsockopt", nargs - 1, kw, 2, 3) < 0)
        return VNULL;
    int level, opt, buflen = 0;
    if (posix_int_arg(args[1], &level) < 0 || posix_int_arg(args[2], &opt) < 0 ||
        (nargs > 3 && posix_int_arg(args[3], &buflen) < 0))
        return VNULL;
    if (nargs <= 3) {
        int v = 0;
        socklen_t l = sizeof v;
        if (getsockopt(SELF->fd, level, opt, &v, &l) < 0)
            return sock_error(errno);
        return MK_INT(v);
    }
    if (buflen <= 0 || buflen > 1024)
        return err_set(exc_OSError, "getsockopt buflen out of range");
    uint8_t buf[1024];
    socklen_t l = (socklen_t)buflen;
    if (getsockopt(SELF->fd, level, opt, buf, &l) < 0)
        return sock_error(errno);
    return bytes_new(buf, l);
}

static Value m_settimeout(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("settimeout", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    double t;
    if (timeout_arg(args[1], &t) < 0)
        return VNULL;
    SELF->timeout = t;
    return apply_timeout(SELF) < 0 ? VNULL : NONE;
}

static Value m_gettimeout(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("gettimeout", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return timeout_value(SELF->timeout);
}

static Value m_setblocking(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("setblocking", nargs - 1, kw, 1, 1) < 0)
        return VNULL;
    int truth = obj_truthy(args[1]);
    if (truth < 0)
        return VNULL;
    SELF->timeout = truth ? -1.0 : 0.0;
    return apply_timeout(SELF) < 0 ? VNULL : NONE;
}

static Value m_getblocking(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getblocking", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return BOOL_V(SELF->timeout != 0);
}

static Value get_family(Value self) { return MK_INT(((ObjSocket *)AS_OBJ(self))->family); }
static Value get_type(Value self) { return MK_INT(((ObjSocket *)AS_OBJ(self))->type); }
static Value get_proto(Value self) { return MK_INT(((ObjSocket *)AS_OBJ(self))->proto); }
static Value get_timeout(Value self) { return timeout_value(((ObjSocket *)AS_OBJ(self))->timeout); }

static const MethodDef socket_methods[] = {
    {"__init__", m_init},         {"_accept", m_accept},
    {"bind", m_bind},             {"close", m_close},
    {"connect", m_connect},       {"connect_ex", m_connect_ex},
    {"detach", m_detach},         {"fileno", m_fileno},
    {"getpeername", m_getpeername}, {"getsockname", m_getsockname},
    {"getsockopt", m_getsockopt}, {"setsockopt", m_setsockopt},
    {"listen", m_listen},         {"recv", m_recv},
    {"recvfrom", m_recvfrom},     {"recv_into", m_recv_into},
    {"recvfrom_into", m_recvfrom_into}, {"send", m_send},
    {"sendall", m_sendall},       {"sendto", m_sendto},
    {"shutdown", m_shutdown},     {"settimeout", m_settimeout},
    {"gettimeout", m_gettimeout}, {"setblocking", m_setblocking},
    {"getblocking", m_getblocking}, {"sendmsg", m_sendmsg},
    {"recvmsg", m_recvmsg},       {"recvmsg_into", m_recvmsg_into},
    {NULL, NULL},
};

static Type type_socket = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "_socket.socket",
    .base = &type_object,
    .flags = TF_BASETYPE,
    .kind = KIND_OTHER,
    .inst_size = sizeof(ObjSocket),
    .tp_new = sock_tp_new,
    .finalize = sock_finalize,
    .repr = sock_repr,
};

/* ---- module functions ------------------------------------------------- */

/* A port or service argument of getaddrinfo: int, str, bytes or None. */
static int service_arg(Value v, char *buf, size_t n, const char **out)
{
    if (v == NONE) {
        *out = NULL;
        return 0;
    }
    if (int_check(v)) {
        int64_t p;
        if (obj_as_int64(v, &p) < 0)
            return -1;
        snprintf(buf, n, "%lld", (long long)p);
    } else if (IS_STR(v) || IS_BYTES(v)) {
        if (IS_STR(v)) { /* as UTF-8, strictly: a lone surrogate is an error */
            Value a1[1] = {str_from_cstr("utf-8")};
            if (!(v = obj_call_method(v, str_intern_cstr("encode"), a1, 1)))
                return -1;
        }
        const char *s = (const char *)AS_BYTES(v)->data;
        size_t l = AS_BYTES(v)->len;
        if (l >= n) {
            err_set(exc_OSError, "service name too long");
            return -1;
        }
        memcpy(buf, s, l);
        buf[l] = 0;
    } else {
        err_set(exc_OSError, "Int or String expected");
        return -1;
    }
    *out = buf;
    return 0;
}

static Value f_getaddrinfo(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"host", "port", "family", "type", "proto", "flags", NULL};
    Value a[6];
    if (args_parse("getaddrinfo", args, nargs, kw, params, 2, 6, a) < 0)
        return VNULL;
    char host[1024], serv[64];
    const char *hp = NULL, *sp;
    if (a[0] != NONE) {
        if (host_arg(a[0], host, sizeof host) < 0)
            return VNULL;
        hp = host;
    }
    if (service_arg(a[1], serv, sizeof serv, &sp) < 0)
        return VNULL;
    int fam = 0, type = 0, proto = 0, flags = 0;
    if (int_or_default(a[2], &fam) < 0 || int_or_default(a[3], &type) < 0 ||
        int_or_default(a[4], &proto) < 0 || int_or_default(a[5], &flags) < 0)
        return VNULL;
    struct addrinfo hints = {.ai_family = fam, .ai_socktype = type, .ai_protocol = proto, .ai_flags = flags};
    struct addrinfo *res = NULL;
    int rc;
    GIL_RELEASE(BLOCK_RESOLVE);
    rc = getaddrinfo(hp, sp, &hints, &res);
    GIL_ACQUIRE();
    if (rc)
        return raise_gai(rc);
    Value list = list_new(0);
    for (struct addrinfo *r = res; r; r = r->ai_next) {
        SockAddr sa;
        memset(&sa, 0, sizeof sa);
        memcpy(&sa, r->ai_addr, r->ai_addrlen < sizeof sa ? r->ai_addrlen : sizeof sa);
        Value addr = make_sockaddr(&sa, r->ai_addrlen);
        if (!addr) {
            freeaddrinfo(res);
            return VNULL;
        }
        Value item = tuple_pack(5, MK_INT(r->ai_family), MK_INT(r->ai_socktype), MK_INT(r->ai_protocol),
                                str_from_cstr(r->ai_canonname ? r->ai_canonname : ""), addr);
        list_append(list, item);
    }
    freeaddrinfo(res);
    return list;
}

static Value f_getnameinfo(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getnameinfo", nargs, kw, 2, 2) < 0)
        return VNULL;
    if (!TUPLE_CHECK(args[0]))
        return err_set(exc_TypeError, "getnameinfo() argument 1 must be a tuple");
    int flags;
    if (posix_int_arg(args[1], &flags) < 0)
        return VNULL;
    ObjTuple *t = AS_TUPLE(tuple_exact(args[0]));
    if (t->len < 2 || t->len > 4)
        return err_set(exc_TypeError, "getnameinfo(): illegal sockaddr argument");
    char host[1024], serv[64];
    if (host_arg(t->items[0], host, sizeof host) < 0)
        return VNULL;
    int port;
    if (port_arg(t->items[1], "getnameinfo", &port) < 0)
        return VNULL;
    int64_t flow = 0, scope = 0;
    if ((t->len > 2 && obj_as_int64(t->items[2], &flow) < 0) ||
        (t->len > 3 && obj_as_int64(t->items[3], &scope) < 0))
        return VNULL;
    if (flow < 0 || flow > 0xfffff)
        return err_set(exc_OverflowError, "getnameinfo(): flowinfo must be 0-1048575.");
    snprintf(serv, sizeof serv, "%d", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST};
    struct addrinfo *res = NULL;
    int rc;
    GIL_RELEASE(BLOCK_RESOLVE);
    rc = getaddrinfo(host, serv, &hints, &res);
    GIL_ACQUIRE();
    if (rc)
        return raise_gai(rc);
    if (res->ai_family == AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)res->ai_addr;
        in6->sin6_flowinfo = htonl((uint32_t)flow);
        in6->sin6_scope_id = (uint32_t)scope;
    } else if (t->len != 2) {
        freeaddrinfo(res);
        return err_set(exc_OSError, "IPv4 sockaddr must be 2 tuple");
    }
    char hbuf[NI_MAXHOST], sbuf[NI_MAXSERV];
    GIL_RELEASE(BLOCK_RESOLVE);
    rc = getnameinfo(res->ai_addr, res->ai_addrlen, hbuf, sizeof hbuf, sbuf, sizeof sbuf, flags);
    GIL_ACQUIRE();
    freeaddrinfo(res);
    if (rc)
        return raise_gai(rc);
    return tuple_pack(2, str_from_cstr(hbuf), str_from_cstr(sbuf));
}

static Value f_gethostname(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("gethostname", nargs, kw, 0, 0) < 0)
        return VNULL;
    char buf[1024];
    if (gethostname(buf, sizeof buf - 1) < 0)
        return sock_error(errno);
    buf[sizeof buf - 1] = 0;
    return str_from_cstr(buf);
}

static Value f_gethostbyname(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("gethostbyname", nargs, kw, 1, 1) < 0)
        return VNULL;
    char host[1024];
    if (host_arg(args[0], host, sizeof host) < 0)
        return VNULL;
    SockAddr a;
    if (set_ipaddr(host, &a, AF_INET) < 0)
        return VNULL;
    return make_ip(&a);
}

static Value f_gethostbyname_ex(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("gethostbyname_ex", nargs, kw, 1, 1) < 0)
        return VNULL;
    char host[1024];
    if (host_arg(args[0], host, sizeof host) < 0)
        return VNULL;
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM, .ai_flags = AI_CANONNAME};
    struct addrinfo *res = NULL;
    int rc;
    GIL_RELEASE(BLOCK_RESOLVE);
    rc = getaddrinfo(host, NULL, &hints, &res);
    GIL_ACQUIRE();
    if (rc)
        return raise_gai(rc);
    Value addrs = list_new(0);
    for (struct addrinfo *r = res; r; r = r->ai_next) {
        SockAddr sa;
        memcpy(&sa, r->ai_addr, sizeof sa.in4);
        Value ip = make_ip(&sa);
        if (!ip) {
            freeaddrinfo(res);
            return VNULL;
        }
        list_append(addrs, ip);
    }
    Value name = str_from_cstr(res->ai_canonname ? res->ai_canonname : host);
    freeaddrinfo(res);
    return tuple_pack(3, name, list_new(0), addrs);
}

/* A struct hostent as (name, aliases, addresses). */
static Value hostent_value(const struct hostent *h)
{
    Value aliases = list_new(0), addrs = list_new(0);
    for (char **a = h->h_aliases; a && *a; a++)
        list_append(aliases, str_from_cstr(*a));
    for (char **a = h->h_addr_list; a && *a; a++) {
        char buf[INET6_ADDRSTRLEN];
        if (inet_ntop(h->h_addrtype, *a, buf, sizeof buf))
            list_append(addrs, str_from_cstr(buf));
    }
    return tuple_pack(3, str_from_cstr(h->h_name), aliases, addrs);
}

static Value f_gethostbyaddr(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("gethostbyaddr", nargs, kw, 1, 1) < 0)
        return VNULL;
    char host[1024];
    if (host_arg(args[0], host, sizeof host) < 0)
        return VNULL;
    SockAddr a;
    int family = strchr(host, ':') ? AF_INET6 : AF_INET;
    if (set_ipaddr(host, &a, family) < 0)
        return VNULL;
    const void *addr = family == AF_INET ? (const void *)&a.in4.sin_addr : (const void *)&a.in6.sin6_addr;
    socklen_t alen = family == AF_INET ? sizeof a.in4.sin_addr : sizeof a.in6.sin6_addr;
    struct hostent he, *res = NULL;
    char buf[16384];
    int herr = 0, rc;
    GIL_RELEASE(BLOCK_RESOLVE);
    rc = gethostbyaddr_r(addr, alen, family, &he, buf, sizeof buf, &res, &herr);
    GIL_ACQUIRE();
    if (rc != 0 || !res) {
        Value e[2] = {MK_INT(herr ? herr : 1), str_from_cstr(hstrerror(herr ? herr : 1))};
        Value ex = obj_call(herror_type, e, 2, NULL);
        return ex ? err_set_value(ex) : VNULL;
    }
    return hostent_value(res);
}

static Value f_getservbyname(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getservbyname", nargs, kw, 1, 2) < 0)
        return VNULL;
    if (!IS_STR(args[0]) || (nargs > 1 && !IS_STR(args[1])))
        return err_format(exc_TypeError, "getservbyname() argument %d must be str, not %s",
                          IS_STR(args[0]) ? 2 : 1, TYPE(IS_STR(args[0]) ? args[1] : args[0])->name);
    struct servent *se = getservbyname(AS_STR(args[0])->data, nargs > 1 ? AS_STR(args[1])->data : NULL);
    if (!se)
        return err_set(exc_OSError, "service/proto not found");
    return MK_INT(ntohs((uint16_t)se->s_port));
}

static Value f_getservbyport(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getservbyport", nargs, kw, 1, 2) < 0)
        return VNULL;
    int port;
    if (port_arg(args[0], "getservbyport", &port) < 0)
        return VNULL;
    if (nargs > 1 && !IS_STR(args[1]))
        return err_format(exc_TypeError, "getservbyport() argument 2 must be str, not %s", TYPE(args[1])->name);
    struct servent *se = getservbyport(htons((uint16_t)port), nargs > 1 ? AS_STR(args[1])->data : NULL);
    if (!se)
        return err_set(exc_OSError, "port/proto not found");
    return str_from_cstr(se->s_name);
}

static Value f_getprotobyname(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("getprotobyname", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "getprotobyname() argument must be str, not %s", TYPE(args[0])->name);
    struct protoent *pe = getprotobyname(AS_STR(args[0])->data);
    if (!pe)
        return err_set(exc_OSError, "protocol not found");
    return MK_INT(pe->p_proto);
}

/* CMSG_LEN(length), CMSG_SPACE(length): the sizes of an ancillary item
 * carrying length bytes (its cmsg_len, and with the padding after it). */
static Value cmsg_size(Value *args, int nargs, ObjTuple *kw, bool space)
{
    const char *name = space ? "CMSG_SPACE" : "CMSG_LEN";
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    int64_t n;
    if (mod_index_ssize(args[0], &n) < 0)
        return VNULL;
    /* CPython's bounds: the size cannot pass INT_MAX (SOCKLEN_T_LIMIT) */
    if (n < 0 || (uint64_t)n > (uint64_t)INT_MAX - (space ? CMSG_SPACE(1) : CMSG_LEN(0)))
        return err_format(exc_OverflowError, "%s() argument out of range", name);
    return int_from_i64((int64_t)(space ? CMSG_SPACE((size_t)n) : CMSG_LEN((size_t)n)));
}

static Value f_cmsg_len(Value *args, int nargs, ObjTuple *kw) { return cmsg_size(args, nargs, kw, false); }
static Value f_cmsg_space(Value *args, int nargs, ObjTuple *kw) { return cmsg_size(args, nargs, kw, true); }

static Value f_inet_aton(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("inet_aton", nargs, kw, 1, 1) < 0)
        return VNULL;
    if (!IS_STR(args[0]))
        return err_format(exc_TypeError, "inet_aton() argument must be str, not %s", TYPE(args[0])->name);
    struct in_addr a;
    if (!inet_aton(str_cstr(AS_STR(args[0])), &a))
        return err_set(exc_OSError, "illegal IP address string passed to inet_aton");
    return bytes_new((const uint8_t *)&a, 4);
}

static Value f_inet_ntoa(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("inet_ntoa", nargs, kw, 1, 1) < 0)
        return VNULL;
    Buffer b;
    if (obj_getbuffer(args[0], &b, BUF_SIMPLE) < 0)
        return VNULL;
    if (b.len != 4) {
        buffer_release(&b);
        return err_set(exc_OSError, "packed IP wrong length for inet_ntoa");
    }
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, b.buf, buf, sizeof buf);
    buffer_release(&b);
    return str_from_cstr(buf);
}

static Value f_inet_pton(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("inet_pton", nargs, kw, 2, 2) < 0)
        return VNULL;
    int fam;
    if (posix_int_arg(args[0], &fam) < 0)
        return VNULL;
    if (!IS_STR(args[1]))
        return err_format(exc_TypeError, "inet_pton() argument 2 must be str, not %s", TYPE(args[1])->name);
    uint8_t buf[16];
    int rc = inet_pton(fam, str_cstr(AS_STR(args[1])), buf);
    if (rc < 0)
        return sock_error(errno);
    if (rc == 0)
        return err_set(exc_OSError, "illegal IP address string passed to inet_pton");
    return bytes_new(buf, fam == AF_INET ? 4 : 16);
}

static Value f_inet_ntop(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("inet_ntop", nargs, kw, 2, 2) < 0)
        return VNULL;
    int fam;
    if (posix_int_arg(args[0], &fam) < 0)
        return VNULL;
    Buffer b;
    if (obj_getbuffer(args[1], &b, BUF_SIMPLE) < 0)
        return VNULL;
    char out[INET6_ADDRSTRLEN];
    Value r;
    if (fam != AF_INET && fam != AF_INET6)
        r = err_set(exc_ValueError, "unknown address family");
    else if (b.len != (fam == AF_INET ? 4 : 16))
        r = err_set(exc_ValueError, "invalid length of packed IP address string");
    else if (!inet_ntop(fam, b.buf, out, sizeof out))
        r = sock_error(errno);
    else
        r = str_from_cstr(out);
    buffer_release(&b);
    return r;
}

/* htons/ntohs/htonl/ntohl: CPython's checks on the argument. */
static Value byte_order(const char *name, Value *args, int nargs, ObjTuple *kw, bool wide)
{
    if (args_check(name, nargs, kw, 1, 1) < 0)
        return VNULL;
    Value v = args[0];
    if (!int_check(v))
        return err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer", TYPE(v)->name);
    int64_t x;
    if (obj_as_int64(v, &x) < 0) {
        err_clear();
        return err_format(exc_OverflowError, wide ? "int larger than 32 bits"
                                                  : "%s: Python int too large to convert to C 16-bit unsigned integer", name);
    }
    if (x < 0)
        return err_format(exc_OverflowError, wide ? "can't convert negative value to unsigned int"
                                                  : "%s: can't convert negative Python int to C 16-bit unsigned integer", name);
    if (wide) {
        if (x > 0xffffffffLL)
            return err_set(exc_OverflowError, "int larger than 32 bits");
        return int_from_u64(htonl((uint32_t)x));
    }
    if (x > 0xffff)
        return err_format(exc_OverflowError, "%s: Python int too large to convert to C 16-bit unsigned integer", name);
    return MK_INT(htons((uint16_t)x));
}

static Value f_htons(Value *a, int n, ObjTuple *k) { return byte_order("htons", a, n, k, false); }
static Value f_ntohs(Value *a, int n, ObjTuple *k) { return byte_order("ntohs", a, n, k, false); }
static Value f_htonl(Value *a, int n, ObjTuple *k) { return byte_order("htonl", a, n, k, true); }
static Value f_ntohl(Value *a, int n, ObjTuple *k) { return byte_order("ntohl", a, n, k, true); }

static Value new_socket_from_fd(int fd, int family, int type, int proto)
{
    ObjSocket *s = (ObjSocket *)type_alloc(&type_socket, sizeof(ObjSocket));
    s->fd = fd;
    s->family = family;
    s->type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    s->proto = proto;
    s->timeout = type & SOCK_NONBLOCK ? 0 : default_timeout;
    if (s->timeout >= 0 && apply_timeout(s) < 0)
        return VNULL;
    return OBJ_VAL(s);
}

static Value f_socketpair(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("socketpair", nargs, kw, 0, 3) < 0)
        return VNULL;
    int fam = AF_UNIX, type = SOCK_STREAM, proto = 0;
    if ((nargs > 0 && posix_int_arg(args[0], &fam) < 0) || (nargs > 1 && posix_int_arg(args[1], &type) < 0) ||
        (nargs > 2 && posix_int_arg(args[2], &proto) < 0))
        return VNULL;
    int sv[2];
    if (socketpair(fam, type | SOCK_CLOEXEC, proto, sv) < 0)
        return sock_error(errno);
    Value a = new_socket_from_fd(sv[0], fam, type, proto);
    if (!a) {
        close(sv[0]);
        close(sv[1]);
        return VNULL;
    }
    Value b = new_socket_from_fd(sv[1], fam, type, proto);
    if (!b) {
        close(sv[1]);
        return VNULL;
    }
    return tuple_pack(2, a, b);
}

static Value f_dup(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("dup", nargs, kw, 1, 1) < 0)
        return VNULL;
    int fd;
    if (posix_int_arg(args[0], &fd) < 0)
        return VNULL;
    int r = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (r < 0)
        return sock_error(errno);
    return MK_INT(r);
}

static Value f_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs, kw, 1, 1) < 0)
        return VNULL;
    int fd;
    if (posix_int_arg(args[0], &fd) < 0)
        return VNULL;
    if (close(fd) < 0 && errno != ECONNRESET)
        return sock_error(errno);
    return NONE;
}

static Value f_getdefaulttimeout(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getdefaulttimeout", nargs, kw, 0, 0) < 0)
        return VNULL;
    return timeout_value(default_timeout);
}

static Value f_setdefaulttimeout(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("setdefaulttimeout", nargs, kw, 1, 1) < 0)
        return VNULL;
    double t;
    if (timeout_arg(args[0], &t) < 0)
        return VNULL;
    default_timeout = t;
    return NONE;
}

static Value f_if_nametoindex(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("if_nametoindex", nargs, kw, 1, 1) < 0)
        return VNULL;
    Value p = posix_fspath(args[0]);
    if (!p)
        return VNULL;
    const char *name = IS_STR(p) ? str_cstr(AS_STR(p)) : (const char *)AS_BYTES(p)->data;
    unsigned idx = if_nametoindex(name);
    if (!idx)
        return err_set(exc_OSError, "no interface with this name");
    return int_from_u64(idx);
}

/* UDP-Lite's socket options: Linux's values (include/net/udplite.h, not in
 * the C library's headers). */
#if defined(__linux__) && !defined(UDPLITE_SEND_CSCOV)
#define UDPLITE_SEND_CSCOV 10
#define UDPLITE_RECV_CSCOV 11
#endif

/* Protocol-level constants, each where the C library defines it. */
static const IntConstDef socket_more_ints[] = {
#ifdef IPPROTO_AH
    {"IPPROTO_AH", IPPROTO_AH},
#endif
#ifdef IPPROTO_DSTOPTS
    {"IPPROTO_DSTOPTS", IPPROTO_DSTOPTS},
#endif
#ifdef IPPROTO_EGP
    {"IPPROTO_EGP", IPPROTO_EGP},
#endif
#ifdef IPPROTO_ESP
    {"IPPROTO_ESP", IPPROTO_ESP},
#endif
#ifdef IPPROTO_FRAGMENT
    {"IPPROTO_FRAGMENT", IPPROTO_FRAGMENT},
#endif
#ifdef IPPROTO_GRE
    {"IPPROTO_GRE", IPPROTO_GRE},
#endif
#ifdef IPPROTO_HOPOPTS
    {"IPPROTO_HOPOPTS", IPPROTO_HOPOPTS},
#endif
#ifdef IPPROTO_IDP
    {"IPPROTO_IDP", IPPROTO_IDP},
#endif
#ifdef IPPROTO_IGMP
    {"IPPROTO_IGMP", IPPROTO_IGMP},
#endif
#ifdef IPPROTO_IPIP
    {"IPPROTO_IPIP", IPPROTO_IPIP},
#endif
#ifdef IPPROTO_MPTCP
    {"IPPROTO_MPTCP", IPPROTO_MPTCP},
#endif
#ifdef IPPROTO_NONE
    {"IPPROTO_NONE", IPPROTO_NONE},
#endif
#ifdef IPPROTO_PIM
    {"IPPROTO_PIM", IPPROTO_PIM},
#endif
#ifdef IPPROTO_PUP
    {"IPPROTO_PUP", IPPROTO_PUP},
#endif
#ifdef IPPROTO_ROUTING
    {"IPPROTO_ROUTING", IPPROTO_ROUTING},
#endif
#ifdef IPPROTO_RSVP
    {"IPPROTO_RSVP", IPPROTO_RSVP},
#endif
#ifdef IPPROTO_TP
    {"IPPROTO_TP", IPPROTO_TP},
#endif
#ifdef IPPROTO_UDPLITE
    {"IPPROTO_UDPLITE", IPPROTO_UDPLITE},
#endif
#ifdef IPV6_CHECKSUM
    {"IPV6_CHECKSUM", IPV6_CHECKSUM},
#endif
#ifdef IPV6_DONTFRAG
    {"IPV6_DONTFRAG", IPV6_DONTFRAG},
#endif
#ifdef IPV6_DSTOPTS
    {"IPV6_DSTOPTS", IPV6_DSTOPTS},
#endif
#ifdef IPV6_HOPLIMIT
    {"IPV6_HOPLIMIT", IPV6_HOPLIMIT},
#endif
#ifdef IPV6_HOPOPTS
    {"IPV6_HOPOPTS", IPV6_HOPOPTS},
#endif
#ifdef IPV6_NEXTHOP
    {"IPV6_NEXTHOP", IPV6_NEXTHOP},
#endif
#ifdef IPV6_PATHMTU
    {"IPV6_PATHMTU", IPV6_PATHMTU},
#endif
#ifdef IPV6_RECVDSTOPTS
    {"IPV6_RECVDSTOPTS", IPV6_RECVDSTOPTS},
#endif
#ifdef IPV6_RECVHOPLIMIT
    {"IPV6_RECVHOPLIMIT", IPV6_RECVHOPLIMIT},
#endif
#ifdef IPV6_RECVHOPOPTS
    {"IPV6_RECVHOPOPTS", IPV6_RECVHOPOPTS},
#endif
#ifdef IPV6_RECVPATHMTU
    {"IPV6_RECVPATHMTU", IPV6_RECVPATHMTU},
#endif
#ifdef IPV6_RECVRTHDR
    {"IPV6_RECVRTHDR", IPV6_RECVRTHDR},
#endif
#ifdef IPV6_RECVTCLASS
    {"IPV6_RECVTCLASS", IPV6_RECVTCLASS},
#endif
#ifdef IPV6_RTHDR
    {"IPV6_RTHDR", IPV6_RTHDR},
#endif
#ifdef IPV6_RTHDRDSTOPTS
    {"IPV6_RTHDRDSTOPTS", IPV6_RTHDRDSTOPTS},
#endif
#ifdef IPV6_RTHDR_TYPE_0
    {"IPV6_RTHDR_TYPE_0", IPV6_RTHDR_TYPE_0},
#endif
#ifdef IP_BIND_ADDRESS_NO_PORT
    {"IP_BIND_ADDRESS_NO_PORT", IP_BIND_ADDRESS_NO_PORT},
#endif
#ifdef IP_DEFAULT_MULTICAST_LOOP
    {"IP_DEFAULT_MULTICAST_LOOP", IP_DEFAULT_MULTICAST_LOOP},
#endif
#ifdef IP_DEFAULT_MULTICAST_TTL
    {"IP_DEFAULT_MULTICAST_TTL", IP_DEFAULT_MULTICAST_TTL},
#endif
#ifdef IP_MAX_MEMBERSHIPS
    {"IP_MAX_MEMBERSHIPS", IP_MAX_MEMBERSHIPS},
#endif
#ifdef IP_RECVRETOPTS
    {"IP_RECVRETOPTS", IP_RECVRETOPTS},
#endif
#ifdef IP_RECVTOS
    {"IP_RECVTOS", IP_RECVTOS},
#endif
#ifdef UDPLITE_RECV_CSCOV
    {"UDPLITE_RECV_CSCOV", UDPLITE_RECV_CSCOV},
#endif
#ifdef UDPLITE_SEND_CSCOV
    {"UDPLITE_SEND_CSCOV", UDPLITE_SEND_CSCOV},
#endif
    {NULL, 0},
};

static const IntConstDef socket_consts[] = {
    {"AF_UNSPEC", AF_UNSPEC}, {"AF_INET", AF_INET}, {"AF_INET6", AF_INET6}, {"AF_UNIX", AF_UNIX},
    {"AF_NETLINK", AF_NETLINK}, {"AF_PACKET", AF_PACKET},
    {"SOCK_STREAM", SOCK_STREAM}, {"SOCK_DGRAM", SOCK_DGRAM}, {"SOCK_RAW", SOCK_RAW},
    {"SOCK_RDM", SOCK_RDM}, {"SOCK_SEQPACKET", SOCK_SEQPACKET},
    {"SOCK_NONBLOCK", SOCK_NONBLOCK}, {"SOCK_CLOEXEC", SOCK_CLOEXEC},
    {"SOL_SOCKET", SOL_SOCKET}, {"SOL_IP", SOL_IP}, {"SOL_TCP", SOL_TCP}, {"SOL_UDP", 17},
    {"SO_DEBUG", SO_DEBUG}, {"SO_ACCEPTCONN", SO_ACCEPTCONN}, {"SO_REUSEADDR", SO_REUSEADDR},
    {"SO_REUSEPORT", SO_REUSEPORT}, {"SO_KEEPALIVE", SO_KEEPALIVE}, {"SO_DONTROUTE", SO_DONTROUTE},
    {"SO_BROADCAST", SO_BROADCAST}, {"SO_LINGER", SO_LINGER}, {"SO_OOBINLINE", SO_OOBINLINE},
    {"SO_SNDBUF", SO_SNDBUF}, {"SO_RCVBUF", SO_RCVBUF}, {"SO_SNDLOWAT", SO_SNDLOWAT},
    {"SO_RCVLOWAT", SO_RCVLOWAT}, {"SO_SNDTIMEO", SO_SNDTIMEO}, {"SO_RCVTIMEO", SO_RCVTIMEO},
    {"SO_ERROR", SO_ERROR}, {"SO_TYPE", SO_TYPE}, {"SO_DOMAIN", SO_DOMAIN},
    {"SO_PROTOCOL", SO_PROTOCOL}, {"SO_PASSCRED", SO_PASSCRED}, {"SO_PEERCRED", SO_PEERCRED},
    {"SO_BINDTODEVICE", SO_BINDTODEVICE}, {"SO_PRIORITY", SO_PRIORITY}, {"SO_MARK", SO_MARK},
    {"SOMAXCONN", SOMAXCONN}, {"SCM_RIGHTS", SCM_RIGHTS}, {"SCM_CREDENTIALS", SCM_CREDENTIALS},
    {"MSG_OOB", MSG_OOB}, {"MSG_PEEK", MSG_PEEK}, {"MSG_DONTROUTE", MSG_DONTROUTE},
    {"MSG_DONTWAIT", MSG_DONTWAIT}, {"MSG_EOR", MSG_EOR}, {"MSG_TRUNC", MSG_TRUNC},
    {"MSG_CTRUNC", MSG_CTRUNC}, {"MSG_WAITALL", MSG_WAITALL}, {"MSG_NOSIGNAL", MSG_NOSIGNAL},
    {"MSG_CMSG_CLOEXEC", MSG_CMSG_CLOEXEC}, {"MSG_CONFIRM", MSG_CONFIRM}, {"MSG_ERRQUEUE", MSG_ERRQUEUE},
    {"MSG_MORE", MSG_MORE}, {"MSG_FASTOPEN", MSG_FASTOPEN},
    {"SHUT_RD", SHUT_RD}, {"SHUT_WR", SHUT_WR}, {"SHUT_RDWR", SHUT_RDWR},
    {"IPPROTO_IP", IPPROTO_IP}, {"IPPROTO_TCP", IPPROTO_TCP}, {"IPPROTO_UDP", IPPROTO_UDP},
    {"IPPROTO_IPV6", IPPROTO_IPV6}, {"IPPROTO_ICMP", IPPROTO_ICMP}, {"IPPROTO_ICMPV6", IPPROTO_ICMPV6},
    {"IPPROTO_RAW", IPPROTO_RAW}, {"IPPROTO_SCTP", IPPROTO_SCTP},
    {"IPPORT_RESERVED", 1024}, {"IPPORT_USERRESERVED", 5000},
    {"INADDR_ANY", INADDR_ANY}, {"INADDR_BROADCAST", (int64_t)INADDR_BROADCAST},
    {"INADDR_LOOPBACK", INADDR_LOOPBACK}, {"INADDR_NONE", (int64_t)INADDR_NONE},
    {"INADDR_ALLHOSTS_GROUP", (int64_t)INADDR_ALLHOSTS_GROUP},
    {"INADDR_UNSPEC_GROUP", (int64_t)INADDR_UNSPEC_GROUP},
    {"INADDR_MAX_LOCAL_GROUP", (int64_t)INADDR_MAX_LOCAL_GROUP},
    {"IP_TOS", IP_TOS}, {"IP_TTL", IP_TTL}, {"IP_HDRINCL", IP_HDRINCL}, {"IP_OPTIONS", IP_OPTIONS},
    {"IP_RECVOPTS", IP_RECVOPTS}, {"IP_RETOPTS", IP_RETOPTS},
    {"IP_MULTICAST_IF", IP_MULTICAST_IF}, {"IP_MULTICAST_TTL", IP_MULTICAST_TTL},
    {"IP_MULTICAST_LOOP", IP_MULTICAST_LOOP}, {"IP_ADD_MEMBERSHIP", IP_ADD_MEMBERSHIP},
    {"IP_DROP_MEMBERSHIP", IP_DROP_MEMBERSHIP}, {"IP_TRANSPARENT", IP_TRANSPARENT},
    {"IPV6_V6ONLY", IPV6_V6ONLY}, {"IPV6_UNICAST_HOPS", IPV6_UNICAST_HOPS},
    {"IPV6_MULTICAST_IF", IPV6_MULTICAST_IF}, {"IPV6_MULTICAST_HOPS", IPV6_MULTICAST_HOPS},
    {"IPV6_MULTICAST_LOOP", IPV6_MULTICAST_LOOP}, {"IPV6_JOIN_GROUP", IPV6_JOIN_GROUP},
    {"IPV6_LEAVE_GROUP", IPV6_LEAVE_GROUP}, {"IPV6_RECVPKTINFO", IPV6_RECVPKTINFO},
    {"IPV6_PKTINFO", IPV6_PKTINFO}, {"IPV6_TCLASS", IPV6_TCLASS},
    {"TCP_NODELAY", TCP_NODELAY}, {"TCP_MAXSEG", TCP_MAXSEG}, {"TCP_CORK", TCP_CORK},
    {"TCP_KEEPIDLE", TCP_KEEPIDLE}, {"TCP_KEEPINTVL", TCP_KEEPINTVL}, {"TCP_KEEPCNT", TCP_KEEPCNT},
    {"TCP_SYNCNT", TCP_SYNCNT}, {"TCP_LINGER2", TCP_LINGER2}, {"TCP_DEFER_ACCEPT", TCP_DEFER_ACCEPT},
    {"TCP_WINDOW_CLAMP", TCP_WINDOW_CLAMP}, {"TCP_INFO", TCP_INFO}, {"TCP_QUICKACK", TCP_QUICKACK},
    {"TCP_FASTOPEN", TCP_FASTOPEN}, {"TCP_USER_TIMEOUT", TCP_USER_TIMEOUT},
    {"TCP_NOTSENT_LOWAT", TCP_NOTSENT_LOWAT}, {"TCP_CONGESTION", TCP_CONGESTION},
    {"AI_PASSIVE", AI_PASSIVE}, {"AI_CANONNAME", AI_CANONNAME}, {"AI_NUMERICHOST", AI_NUMERICHOST},
    {"AI_NUMERICSERV", AI_NUMERICSERV}, {"AI_V4MAPPED", AI_V4MAPPED}, {"AI_ALL", AI_ALL},
    {"AI_ADDRCONFIG", AI_ADDRCONFIG},
    {"NI_NUMERICHOST", NI_NUMERICHOST}, {"NI_NUMERICSERV", NI_NUMERICSERV}, {"NI_NOFQDN", NI_NOFQDN},
    {"NI_NAMEREQD", NI_NAMEREQD}, {"NI_DGRAM", NI_DGRAM}, {"NI_MAXHOST", NI_MAXHOST},
    {"NI_MAXSERV", NI_MAXSERV},
    {"EAI_AGAIN", EAI_AGAIN}, {"EAI_BADFLAGS", EAI_BADFLAGS}, {"EAI_FAIL", EAI_FAIL},
    {"EAI_FAMILY", EAI_FAMILY}, {"EAI_MEMORY", EAI_MEMORY}, {"EAI_NODATA", EAI_NODATA},
    {"EAI_NONAME", EAI_NONAME}, {"EAI_OVERFLOW", EAI_OVERFLOW}, {"EAI_SERVICE", EAI_SERVICE},
    {"EAI_SOCKTYPE", EAI_SOCKTYPE}, {"EAI_SYSTEM", EAI_SYSTEM}, {"EAI_ADDRFAMILY", EAI_ADDRFAMILY},
    {NULL, 0},
};

Value mod__socket_init(void)
{
    if (!type_socket.module) {
        type_socket.module = str_intern_cstr("_socket");
        type_socket.name_str = str_intern_cstr("socket");
        type_ready(&type_socket, socket_methods);
        dict_set_str(type_socket.dict, str_intern_cstr("family"), getset_descr_new(&type_socket, "family", get_family, NULL));
        dict_set_str(type_socket.dict, str_intern_cstr("type"), getset_descr_new(&type_socket, "type", get_type, NULL));
        dict_set_str(type_socket.dict, str_intern_cstr("proto"), getset_descr_new(&type_socket, "proto", get_proto, NULL));
        dict_set_str(type_socket.dict, str_intern_cstr("timeout"), getset_descr_new(&type_socket, "timeout", get_timeout, NULL));
        gaierror_type = module_new_exception("socket", "gaierror", OBJ_VAL(exc_OSError));
        herror_type = module_new_exception("socket", "herror", OBJ_VAL(exc_OSError));
    }
    Value mv = module_new(str_intern_cstr("_socket"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    module_add(m, "socket", OBJ_VAL(&type_socket));
    module_add(m, "SocketType", OBJ_VAL(&type_socket));
    module_add(m, "error", OBJ_VAL(exc_OSError));
    module_add(m, "timeout", OBJ_VAL(exc_TimeoutError));
    module_add(m, "gaierror", gaierror_type);
    module_add(m, "herror", herror_type);
    module_add(m, "has_ipv6", TRUE_V);
    module_add_ints(m, socket_consts);
    module_add_ints(m, socket_more_ints);
    static const struct { const char *name; NativeFn fn; } fns[] = {
        {"getaddrinfo", f_getaddrinfo}, {"getnameinfo", f_getnameinfo},
        {"gethostname", f_gethostname}, {"gethostbyname", f_gethostbyname},
        {"gethostbyname_ex", f_gethostbyname_ex}, {"gethostbyaddr", f_gethostbyaddr}, {"getservbyname", f_getservbyname},
        {"getservbyport", f_getservbyport}, {"getprotobyname", f_getprotobyname},
        {"CMSG_LEN", f_cmsg_len}, {"CMSG_SPACE", f_cmsg_space},
        {"inet_aton", f_inet_aton}, {"inet_ntoa", f_inet_ntoa}, {"inet_pton", f_inet_pton},
        {"inet_ntop", f_inet_ntop}, {"htons", f_htons}, {"ntohs", f_ntohs}, {"htonl", f_htonl},
        {"ntohl", f_ntohl}, {"socketpair", f_socketpair}, {"dup", f_dup}, {"close", f_close},
        {"getdefaulttimeout", f_getdefaulttimeout}, {"setdefaulttimeout", f_setdefaulttimeout},
        {"if_nametoindex", f_if_nametoindex},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        module_add_fn(m, fns[i].name, fns[i].fn);
    return mv;
}
