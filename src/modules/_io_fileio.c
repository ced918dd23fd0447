/* modules/_io_fileio.c — _io.FileIO: raw, unbuffered I/O on a file
 * descriptor.  Every read and write runs with the GIL released (reasons
 * "read"/"write", "input" for fd 0) and is retried after EINTR once the
 * signal handlers have run; EAGAIN on a non-blocking fd makes read() and
 * write() return None, as CPython's.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "_io.h"
#include "posix.h"
#include "signals.h"

#define AS_FIO(v) ((ObjFileIO *)AS_OBJ(v))

/* ---- the fd box ----------------------------------------------------------- */

FdBox *io_box_retain(FdBox *b)
{
    if (b)
        b->refs++;
    return b;
}

void io_box_release(FdBox *b)
{
    if (!b || --b->refs > 0)
        return;
    if (b->fd >= 0 && b->closefd)
        close(b->fd);
    free(b);
}

/* ---- blocking calls ------------------------------------------------------- */

/* read() or write() on fd with the GIL released. */
static int64_t fd_io(int fd, uint8_t *buf, size_t n, bool writing)
{
    ssize_t r;
    int err;
    if (n > SSIZE_MAX)
        n = SSIZE_MAX;
    int reason = writing ? BLOCK_WRITE : fd == 0 ? BLOCK_INPUT : BLOCK_READ;
    BLOCKING_CALL(reason, r, err, writing ? write(fd, buf, n) : read(fd, buf, n));
    if (err == EAGAIN)
        return -2;
    if (err)
        return err < 0 ? -1 : (posix_error(err, VNULL, VNULL), -1);
    return r;
}

int64_t io_fd_read(int fd, uint8_t *buf, size_t n) { return fd_io(fd, buf, n, false); }
int64_t io_fd_write(int fd, const uint8_t *buf, size_t n) { return fd_io(fd, (uint8_t *)buf, n, true); }

/* ---- checks --------------------------------------------------------------- */

static int fio_fd(ObjFileIO *f)
{
    return f->box ? f->box->fd : -1;
}

static int check_open(ObjFileIO *f)
{
    if (fio_fd(f) < 0) {
        io_closed_error("I/O operation on closed file");
        return -1;
    }
    return 0;
}

/* open, and opened for reading (writing) */
static int check_mode(ObjFileIO *f, bool writing)
{
    if (check_open(f) < 0)
        return -1;
    if (!(writing ? f->writable : f->readable)) {
        io_unsupported(writing ? "File not open for writing" : "File not open for reading");
        return -1;
    }
    return 0;
}

#define check_readable(f) check_mode((f), false)
#define check_writable(f) check_mode((f), true)

int io_fileio_blksize(Value raw)
{
    if (IS_OBJ(raw) && type_is_subtype(TYPE(raw), &io_type_fileio))
        return AS_FIO(raw)->blksize;
    Value b = io_getattr_opt(raw, "_blksize");
    int64_t n;
    if (b && obj_as_int64(b, &n) == 0 && n > 1)
        return (int)n;
    err_clear();
    return IO_DEFAULT_BUFFER_SIZE;
}

/* ---- construction --------------------------------------------------------- */

static int parse_mode(ObjFileIO *f, ObjStr *m, int *flags)
{
    bool rwa = false, plus = false;
    *flags = 0;
    for (int64_t i = 0; i < m->len; i++) {
        switch (m->data[i]) {
        case 'x':
        case 'r':
        case 'w':
        case 'a':
            if (rwa)
                goto bad_mode;
            rwa = true;
            if (m->data[i] == 'x') {
                f->created = f->writable = true;
                *flags |= O_EXCL | O_CREAT;
            } else if (m->data[i] == 'r') {
                f->readable = true;
            } else if (m->data[i] == 'w') {
                f->writable = true;
                *flags |= O_CREAT | O_TRUNC;
            } else {
                f->writable = f->appending = true;
                *flags |= O_APPEND | O_CREAT;
            }
            break;
        case 'b':
            break;
        case '+':
            if (plus)
                goto bad_mode;
            f->readable = f->writable = plus = true;
            break;
        default:
            err_format(exc_ValueError, "invalid mode: %s", m->data);
            return -1;
        }
    }
    if (!rwa)
        goto bad_mode;
    *flags |= f->readable && f->writable ? O_RDWR : f->readable ? O_RDONLY : O_WRONLY;
    *flags |= O_CLOEXEC;
    return 0;
bad_mode:
    err_set(exc_ValueError, "Must have exactly one of create/read/write/append mode and at most one plus");
    return -1;
}

static void fio_release(ObjFileIO *f)
{
    io_box_release(f->box);
    f->box = NULL;
}

static Value fio_init(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"file", "mode", "closefd", "opener", NULL};
    Value a[4];
    if (args_parse("FileIO", args + 1, nargs - 1, kw, params, 1, 4, a) < 0)
        return VNULL;
    ObjFileIO *f = AS_FIO(args[0]);
    if (f->box) {
        /* __init__ again: the old file goes first, as CPython does */
        if (f->box->fd >= 0 && f->box->closefd)
            close(f->box->fd);
        f->box->fd = -1;
        fio_release(f);
    }
    f->readable = f->writable = f->appending = f->created = false;
    f->seekable = -1;
    f->blksize = IO_DEFAULT_BUFFER_SIZE;
    Value nameobj = a[0];
    int closefd = 1, fd = -1, flags;
    if (a[2] && (closefd = obj_truthy(a[2])) < 0)
        return VNULL;
    ObjStr *mode = a[1] ? (IS_STR(a[1]) ? AS_STR(a[1]) : NULL) : io_name("r");
    if (!mode)
        return err_format(exc_TypeError, "FileIO() argument 'mode' must be str, not %T", a[1]);
    PathArg p = PATH_ARG(NULL, "file", false, true);
    if (IS_ANYINT(nameobj) || IS_BOOL(nameobj)) {
        if (posix_int_arg(nameobj, &fd) < 0)
            return VNULL;
        if (fd < 0)
            return err_set(exc_ValueError, "negative file descriptor");
    } else {
        if (posix_path(nameobj, &p) < 0) {
            if (err_matches(exc_TypeError)) {
                err_clear();
                return err_format(exc_TypeError, "expected str, bytes or os.PathLike object, not %T",
                                  nameobj);
            }
            return VNULL;
        }
    }
    if (parse_mode(f, mode, &flags) < 0)
        return VNULL;
    if (fd < 0) {
        if (!closefd)
            return err_set(exc_ValueError, "Cannot use closefd=False with file name");
        if (a[3] && !IS_NONE(a[3])) {
            Value fv = obj_call2(a[3], nameobj, MK_INT(flags));
            if (!fv)
                return VNULL;
            if (!IS_ANYINT(fv))
                return err_set(exc_TypeError, "expected integer from opener");
            if (posix_int_arg(fv, &fd) < 0)
                return VNULL;
            if (fd < 0)
                return err_format(exc_ValueError, "opener returned %d", fd);
        } else {
            int err;
            BLOCKING_CALL(BLOCK_IO, fd, err, open(p.narrow, flags, 0666));
            if (err)
                return err < 0 ? VNULL : posix_error(err, nameobj, VNULL);
        }
    }
    FdBox *box = malloc(sizeof *box);
    if (!box) {
        if (closefd)
            close(fd);
        return err_no_memory();
    }
    *box = (FdBox){fd, closefd != 0, 1};
    f->box = box;
    struct stat st;
    int rc, err;
    BLOCKING_CALL(BLOCK_IO, rc, err, fstat(fd, &st));
    if (err) {
        if (err < 0)
            return VNULL;
        /* EBADF and the like: the fd is not usable */
        box->closefd = false;
        fio_release(f);
        return posix_error(err, VNULL, VNULL);
    }
    if (S_ISDIR(st.st_mode)) {
        if (closefd)
            close(fd);
        box->fd = -1;
        fio_release(f);
        return posix_error(EISDIR, nameobj, VNULL);
    }
    if (st.st_blksize > 1)
        f->blksize = (int)st.st_blksize;
    if (obj_setattr(args[0], io_name("name"), nameobj) < 0)
        return VNULL;
    if (f->appending)
        lseek(fd, 0, SEEK_END); /* as CPython: tell() is the end at once */
    return NONE;
}

static Value fio_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    return io_tp_new_init(t, args, nargs, kw, sizeof(ObjFileIO), fio_init);
}

Value io_fileio_from_fd(int fd, const char *mode, Value name)
{
    Value a[3] = {MK_INT(fd), str_from_cstr(mode), FALSE_V};
    Value names = tuple_pack(1, OBJ_VAL(io_name("closefd")));
    Value f = obj_call(OBJ_VAL(&io_type_fileio), a, 2, AS_TUPLE(names));
    if (f && name && obj_setattr(f, io_name("name"), name) < 0)
        return VNULL;
    return f;
}

static void fio_finalize(Obj *o)
{
    fio_release((ObjFileIO *)o);
}

/* ---- reading and writing ------------------------------------------------- */

static ObjFileIO *self_fio(Value *args) { return AS_FIO(args[0]); }

static Value fio_readall_impl(ObjFileIO *f)
{
    int fd = fio_fd(f);
    struct stat st;
    size_t want = 8192;
    off_t pos = lseek(fd, 0, SEEK_CUR);
    if (fstat(fd, &st) == 0 && pos >= 0 && st.st_size > pos)
        want = (size_t)(st.st_size - pos) + 1; /* +1: see EOF in the same call */
    size_t len = 0, cap = 0;
    uint8_t *buf = NULL;
    for (;;) {
        if (cap - len < want) {
            size_t ncap = len + (want > 65536 ? want : 65536);
            uint8_t *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                return err_no_memory();
            }
            buf = nb;
            cap = ncap;
        }
        int64_t r = io_fd_read(fd, buf + len, cap - len);
        if (r == -2 && len == 0) {
            free(buf);
            return NONE;
        }
        if (r == -1) {
            free(buf);
            return VNULL;
        }
        if (r <= 0)
            break;
        len += (size_t)r;
        want = 8192;
    }
    Value v = bytes_new(buf, len);
    free(buf);
    return v;
}

static Value fio_readall(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("readall", nargs - 1, kw, 0, 0) < 0 || check_open(self_fio(args)) < 0)
        return VNULL;
    return fio_readall_impl(self_fio(args));
}

/* One read of at most n bytes: bytes, None (EAGAIN) or VNULL. */
static Value read_n(ObjFileIO *f, int64_t n)
{
    Value b = OBJ_VAL(bytes_alloc((size_t)n));
    int64_t r = io_fd_read(fio_fd(f), AS_BYTES(b)->data, (size_t)n);
    if (r == -2)
        return NONE;
    if (r < 0)
        return VNULL;
    return r == n ? b : bytes_new(AS_BYTES(b)->data, (size_t)r);
}

static Value fio_read(Value *args, int nargs, ObjTuple *kw)
{
    int64_t n;
    ObjFileIO *f = self_fio(args);
    if (args_check("read", nargs - 1, kw, 0, 1) < 0 || check_readable(f) < 0 ||
        io_size_arg(nargs > 1 ? args[1] : VNULL, &n) < 0)
        return VNULL;
    return n < 0 ? fio_readall_impl(f) : read_n(f, n);
}

static Value fio_readinto(Value *args, int nargs, ObjTuple *kw)
{
    ObjFileIO *f = self_fio(args);
    Buffer view; /* written with the GIL released: it cannot resize meanwhile */
    if (args_check("readinto", nargs - 1, kw, 1, 1) < 0 || check_readable(f) < 0 ||
        io_writable_buffer(args[1], &view) < 0)
        return VNULL;
    int64_t r = io_fd_read(fio_fd(f), view.buf, (size_t)view.len);
    buffer_release(&view);
    if (r == -2)
        return NONE;
    return r < 0 ? VNULL : int_from_i64(r);
}

static Value fio_write(Value *args, int nargs, ObjTuple *kw)
{
    ObjFileIO *f = self_fio(args);
    Buffer view;
    if (args_check("write", nargs - 1, kw, 1, 1) < 0 || check_writable(f) < 0 ||
        obj_getbuffer(args[1], &view, BUF_SIMPLE) < 0)
        return VNULL;
    int64_t r = io_fd_write(fio_fd(f), view.buf, (size_t)view.len);
    buffer_release(&view);
    if (r == -2)
        return NONE;
    return r < 0 ? VNULL : int_from_i64(r);
}

/* ---- positioning ---------------------------------------------------------- */

static Value fio_seek(Value *args, int nargs, ObjTuple *kw)
{
    ObjFileIO *f = self_fio(args);
    if (args_check("seek", nargs - 1, kw, 1, 2) < 0 || check_open(f) < 0)
        return VNULL;
    if (IS_FLOAT(args[1]))
        return err_set(exc_TypeError, "an integer is required");
    int64_t pos, whence = 0;
    if (obj_as_int64(args[1], &pos) < 0 || (nargs > 2 && obj_as_int64(args[2], &whence) < 0))
        return VNULL;
    off_t r;
    int err;
    BLOCKING_CALL(BLOCK_IO, r, err, lseek(fio_fd(f), (off_t)pos, (int)whence));
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    if (f->seekable < 0)
        f->seekable = 1;
    return int_from_i64((int64_t)r);
}

static Value fio_tell(Value *args, int nargs, ObjTuple *kw)
{
    ObjFileIO *f = self_fio(args);
    if (args_check("tell", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    off_t r = lseek(fio_fd(f), 0, SEEK_CUR);
    if (r < 0)
        return posix_error(errno, VNULL, VNULL);
    return int_from_i64((int64_t)r);
}

static Value fio_truncate(Value *args, int nargs, ObjTuple *kw)
{
    ObjFileIO *f = self_fio(args);
    if (args_check("truncate", nargs - 1, kw, 0, 1) < 0 || check_writable(f) < 0)
        return VNULL;
    int64_t size;
    if (nargs < 2 || IS_NONE(args[1])) {
        off_t r = lseek(fio_fd(f), 0, SEEK_CUR);
        if (r < 0)
            return posix_error(errno, VNULL, VNULL);
        size = r;
    } else if (obj_as_int64(args[1], &size) < 0) {
        return VNULL;
    }
    int rc, err;
    BLOCKING_CALL(BLOCK_IO, rc, err, ftruncate(fio_fd(f), (off_t)size));
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return int_from_i64(size);
}

static Value fio_seekable(Value *args, int nargs, ObjTuple *kw)
{
    ObjFileIO *f = self_fio(args);
    if (args_check("seekable", nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    if (f->seekable < 0)
        f->seekable = lseek(fio_fd(f), 0, SEEK_CUR) >= 0;
    return BOOL_V(f->seekable);
}

/* ---- the rest ------------------------------------------------------------- */

static Value flag_method(Value *args, int nargs, ObjTuple *kw, const char *name, int which)
{
    ObjFileIO *f = self_fio(args);
    if (args_check(name, nargs - 1, kw, 0, 0) < 0 || check_open(f) < 0)
        return VNULL;
    switch (which) {
    case 0: return BOOL_V(f->readable);
    case 1: return BOOL_V(f->writable);
    case 2: return MK_INT(fio_fd(f));
    default: {
        int r;
        GIL_RELEASE(BLOCK_IO);
        r = isatty(fio_fd(f));
        GIL_ACQUIRE();
        return BOOL_V(r);
    }
    }
}

static Value fio_readable(Value *a, int n, ObjTuple *k) { return flag_method(a, n, k, "readable", 0); }
static Value fio_writable(Value *a, int n, ObjTuple *k) { return flag_method(a, n, k, "writable", 1); }
static Value fio_fileno(Value *a, int n, ObjTuple *k) { return flag_method(a, n, k, "fileno", 2); }
static Value fio_isatty(Value *a, int n, ObjTuple *k) { return flag_method(a, n, k, "isatty", 3); }

static Value fio_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjFileIO *f = self_fio(args);
    /* _RawIOBase.close: flush (a subclass may buffer), mark closed */
    Value r = VNULL;
    if (!f->base.closed) {
        r = io_call0(args[0], "flush");
        f->base.closed = true;
    } else {
        r = NONE;
    }
    Value exc = r ? VNULL : err_fetch();
    if (f->box && f->box->fd >= 0) {
        int fd = f->box->fd, rc = 0, err = 0;
        bool closefd = f->box->closefd;
        f->box->fd = -1;
        if (closefd) {
            GIL_RELEASE(BLOCK_IO);
            rc = close(fd);
            err = errno;
            GIL_ACQUIRE();
        }
        if (rc < 0 && !exc)
            return posix_error(err, VNULL, VNULL);
    }
    if (exc)
        return err_set_value(exc);
    return NONE;
}

static Value mode_string(ObjFileIO *f)
{
    const char *m = f->created ? (f->readable ? "xb+" : "xb")
                    : f->appending ? (f->readable ? "ab+" : "ab")
                    : f->readable ? (f->writable ? "rb+" : "rb") : "wb";
    return str_from_cstr(m);
}

static Value fio_repr(Value self)
{
    ObjFileIO *f = AS_FIO(self);
    if (fio_fd(f) < 0)
        return str_from_cstr("<_io.FileIO [closed]>");
    Value m = mode_string(f), mr = obj_repr(m);
    if (!mr)
        return VNULL;
    Value name = io_getattr_opt(self, "name");
    const char *cfd = f->box->closefd ? "True" : "False";
    if (!name) {
        if (err_occurred() && !err_matches(exc_AttributeError) && !err_matches(exc_ValueError))
            return VNULL;
        err_clear();
        return str_printf("<_io.FileIO fd=%d mode=%s closefd=%s>", fio_fd(f), AS_STR(mr)->data, cfd);
    }
    if (obj_enter(" while getting the repr of an object") < 0)
        return VNULL;
    Value nr = obj_repr(name);
    if (!nr)
        return VNULL;
    return str_printf("<_io.FileIO name=%s mode=%s closefd=%s>", AS_STR(nr)->data,
                      AS_STR(mr)->data, cfd);
}

static Value fio_getstate(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs, (void)kw;
    return err_format(exc_TypeError, "cannot pickle '%s' object", TYPE(args[0])->name);
}

static Value fio_dealloc_warn(Value *args, int nargs, ObjTuple *kw)
{
    (void)args, (void)nargs, (void)kw;
    return NONE;
}

static Value get_closed(Value self) { return BOOL_V(fio_fd(AS_FIO(self)) < 0); }
static Value get_closefd(Value self) { return BOOL_V(AS_FIO(self)->box && AS_FIO(self)->box->closefd); }
static Value get_mode(Value self) { return mode_string(AS_FIO(self)); }
static Value get_blksize(Value self) { return MK_INT(AS_FIO(self)->blksize); }
static Value get_finalizing(Value self) { (void)self; return FALSE_V; }

static int set_blksize(Value self, Value v)
{
    int64_t n;
    if (!v || obj_as_int64(v, &n) < 0)
        return -1;
    AS_FIO(self)->blksize = (int)n;
    return 0;
}

static const MethodDef fileio_methods[] = {
    {"__init__", fio_init}, {"read", fio_read}, {"readall", fio_readall},
    {"readinto", fio_readinto}, {"write", fio_write}, {"seek", fio_seek}, {"tell", fio_tell},
    {"truncate", fio_truncate}, {"seekable", fio_seekable}, {"readable", fio_readable},
    {"writable", fio_writable}, {"fileno", fio_fileno}, {"isatty", fio_isatty},
    {"close", fio_close}, {"__getstate__", fio_getstate}, {"_dealloc_warn", fio_dealloc_warn},
    {NULL, NULL},
};

Type io_type_fileio = {
    .name = "_io.FileIO",
    .tp_new = fio_tp_new,
    .finalize = fio_finalize,
    .repr = fio_repr,
};

void io_fileio_init(void)
{
    io_type_fileio.trace = io_type_iobase.trace;
    io_type_ready(&io_type_fileio, fileio_methods, &io_type_rawiobase, sizeof(ObjFileIO));
    io_add_getset(&io_type_fileio, "closed", get_closed, NULL);
    io_add_getset(&io_type_fileio, "closefd", get_closefd, NULL);
    io_add_getset(&io_type_fileio, "mode", get_mode, NULL);
    io_add_getset(&io_type_fileio, "_blksize", get_blksize, set_blksize);
    io_add_getset(&io_type_fileio, "_finalizing", get_finalizing, NULL);
}
