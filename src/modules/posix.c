/* modules/posix.c — posix, the C module under CPython's Lib/os.py: files,
 * directories, file descriptors, the environment and system information.
 * The process calls (fork, exec, wait, kill, ids) are in posix_proc.c, which
 * adds them to the same module.
 *
 * Paths are str (encoded with the file system encoding: UTF-8 with
 * surrogateescape, so names that are not UTF-8 round-trip), bytes or
 * os.PathLike, and some functions take an open fd instead (PathArg).
 * Failures raise the OSError subclass for errno with the path as given
 * ("FileNotFoundError: [Errno 2] No such file or directory: 'x'").  Every
 * call that can block runs with the GIL released (BLOCKING_CALL) and is
 * retried after EINTR once the signal handlers ran (PEP 475).
 *
 * stat() returns os.stat_result, a struct sequence (structseq.h), as do
 * uname(), times(), statvfs() and get_terminal_size().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <math.h>
#include <pty.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "codec.h"
#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "objcore.h"
#include "posix.h"
#include "signals.h"
#include "str.h"
#include "structseq.h"

extern char **environ;

/* ---- errors and arguments ----------------------------------------------- */

Value posix_error(int err, Value filename, Value filename2)
{
    Value a[5];
    int n = 2;
    a[0] = MK_INT(err);
    a[1] = str_from_cstr(strerror(err));
    if (!a[1])
        return VNULL;
    if (filename) {
        a[2] = filename;
        n = 3;
        if (filename2) {
            a[3] = NONE;
            a[4] = filename2;
            n = 5;
        }
    }
    Value args = tuple_from(a, n);
    Value e = args ? exc_new(exc_OSError, AS_TUPLE(args)) : VNULL;
    return e ? err_set_value(e) : VNULL;
}

/* obj.__index__() of a non-float (floats: CPython's TypeError). */
static Value index_arg(Value v)
{
    if (IS_FLOAT(v))
        return err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", v);
    return obj_index(v);
}

int posix_c_int(Value v, int *out, bool pyarg_i)
{
    Value i = index_arg(v);
    if (!i)
        return -1;
    if (!IS_INT(i) || AS_INT(i) > INT_MAX || AS_INT(i) < INT_MIN) {
        err_set(exc_OverflowError, !pyarg_i ? "Python int too large to convert to C int"
                                   : int_sign(i) > 0 ? "signed integer is greater than maximum"
                                                     : "signed integer is less than minimum");
        return -1;
    }
    *out = (int)AS_INT(i);
    return 0;
}

int posix_int_arg(Value v, int *out)
{
    return posix_c_int(v, out, false);
}

int posix_long_arg(Value v, long long *out)
{
    Value i = index_arg(v);
    if (!i)
        return -1;
    if (!IS_INT(i)) {
        err_set(exc_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    *out = AS_INT(i);
    return 0;
}

int posix_fildes(Value v, int *out)
{
    if (!IS_ANYINT(v) && !IS_BOOL(v)) {
        Value m = obj_getattr_opt(v, str_intern_cstr("fileno"));
        if (!m) {
            if (!err_occurred())
                err_set(exc_TypeError, "argument must be an int, or have a fileno() method.");
            return -1;
        }
        v = obj_call0(m);
        if (!v)
            return -1;
        if (!IS_ANYINT(v) && !IS_BOOL(v)) {
            err_format(exc_TypeError, "fileno() returned a non-integer");
            return -1;
        }
    }
    if (posix_int_arg(v, out) < 0)
        return -1;
    if (*out < 0) {
        err_format(exc_ValueError, "file descriptor cannot be a negative integer (%d)", *out);
        return -1;
    }
    return 0;
}

/* dir_fd=None -> AT_FDCWD */
static int dirfd_arg(Value v, int *out)
{
    *out = AT_FDCWD;
    if (!v || IS_NONE(v))
        return 0;
    if (!IS_ANYINT(v) && !IS_BOOL(v) && !(TYPE(v)->flags & TF_HEAPTYPE)) {
        err_format(exc_TypeError, "argument should be integer or None, not %T", v);
        return -1;
    }
    return posix_int_arg(v, out);
}

static int bool_arg(Value v, bool dflt, bool *out)
{
    *out = dflt;
    if (!v)
        return 0;
    int t = obj_truthy(v);
    if (t < 0)
        return -1;
    *out = t;
    return 0;
}

/* ---- paths -------------------------------------------------------------- */

Value posix_fspath(Value v)
{
    if (IS_STR(v) || IS_BYTES(v))
        return v;
    if (IS_OBJ(v) && (type_is_subtype(TYPE(v), &type_str) || type_is_subtype(TYPE(v), &type_bytes)))
        return v;
    Value m = type_lookup(TYPE(v), str_intern_cstr("__fspath__"));
    if (!m || IS_NONE(m))
        return err_format(exc_TypeError, "expected str, bytes or os.PathLike object, not %T", v);
    Value r = obj_call_method(v, str_intern_cstr("__fspath__"), NULL, 0);
    if (!r)
        return VNULL;
    if (!IS_STR(r) && !IS_BYTES(r))
        return err_format(exc_TypeError, "expected %s.__fspath__() to return str or bytes, not %T",
                          TYPE(v)->name, r);
    return r;
}

Value posix_fsdecode(const char *s, size_t len, bool as_bytes)
{
    if (as_bytes)
        return bytes_new((const uint8_t *)s, len);
    return codec_fs_decode(s, len); /* UTF-8, surrogateescape */
}

int posix_path(Value v, PathArg *p)
{
    p->object = v;
    p->narrow = NULL;
    p->fd = -1;
    p->is_bytes = false;
    if (IS_NONE(v) && p->nullable)
        return 0;
    if (p->allow_fd && (IS_ANYINT(v) || IS_BOOL(v))) {
        if (posix_int_arg(v, &p->fd) < 0)
            return -1;
        return 0;
    }
    Value s = v;
    if (!STR_CHECK(s) && !BYTES_CHECK(s)) {
        bool pathlike = IS_OBJ(s) && type_lookup(TYPE(s), str_intern_cstr("__fspath__"));
        if (!pathlike) {
            const char *allowed = p->allow_fd && p->nullable ? "string, bytes, os.PathLike, integer or None"
                                  : p->allow_fd ? "string, bytes, os.PathLike or integer"
                                  : p->nullable ? "string, bytes, os.PathLike or None"
                                                : "string, bytes or os.PathLike";
            err_format(exc_TypeError, "%s%s%s should be %s, not %T", p->fn ? p->fn : "",
                       p->fn ? ": " : "", p->argname ? p->argname : "path", allowed, v);
            return -1;
        }
        s = posix_fspath(s);
        if (!s)
            return -1;
        p->object = s; /* OSError.filename is what __fspath__ gave */
    }
    size_t len;
    if (STR_CHECK(s) && codec_has_surrogates(AS_STR(s))) {
        /* the file system encoding: surrogateescape gives the bytes back */
        Value b = codec_fs_encode(AS_STR(s));
        if (!b)
            return -1;
        p->holder = b;
        p->narrow = (const char *)AS_BYTES(b)->data;
        len = (size_t)AS_BYTES(b)->len;
    } else if (STR_CHECK(s)) {
        p->narrow = str_cstr(AS_STR(s));
        len = (size_t)AS_STR(s)->len;
    } else {
        p->narrow = (const char *)AS_BYTES(s)->data;
        len = (size_t)AS_BYTES(s)->len;
        p->is_bytes = true;
    }
    if (!(STR_CHECK(s) && codec_has_surrogates(AS_STR(s))))
        p->holder = s;
    if (strlen(p->narrow) != len) {
        /* str goes through the file system encoder, which has its own message */
        if (!p->is_bytes) {
            err_set(exc_ValueError, "embedded null byte");
            return -1;
        }
        err_format(exc_ValueError, "%s%sembedded null character in %s", p->fn ? p->fn : "",
                   p->fn ? ": " : "", p->argname ? p->argname : "path");
        return -1;
    }
    return 0;
}

static Value path_err(int err, PathArg *p)
{
    return posix_error(err, p->object, VNULL);
}

/* The errors CPython raises when dir_fd or follow_symlinks cannot be used
 * with what was given. */
static int check_fd_combos(PathArg *p, int dir_fd, bool follow)
{
    if (p->fd >= 0 && dir_fd != AT_FDCWD) {
        err_format(exc_ValueError, "%s: can't specify both dir_fd and fd", p->fn);
        return -1;
    }
    if (p->fd >= 0 && !follow) {
        err_format(exc_ValueError, "%s: cannot use fd and follow_symlinks together", p->fn);
        return -1;
    }
    return 0;
}

/* ---- stat --------------------------------------------------------------- */

static const char *const stat_fields[] = {
    "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size",
    structseq_unnamed, structseq_unnamed, structseq_unnamed,
    "st_atime", "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns",
    "st_blksize", "st_blocks", "st_rdev", NULL,
};
static const StructSeqDesc stat_desc = {"os.stat_result", stat_fields, 10,
    "stat_result: Result from stat, fstat, or lstat."};
static StructSeqType stat_type;

static Value ns_value(const struct timespec *ts)
{
    Value s = int_from_i64((int64_t)ts->tv_sec), ns = int_from_i64(1000000000);
    Value m = s && ns ? int_mul(s, ns) : VNULL;
    return m ? int_add(m, MK_INT(ts->tv_nsec)) : VNULL;
}

Value posix_stat_value(const struct stat *st)
{
    Value r = structseq_new(&stat_type);
    const struct timespec *ts[3] = {&st->st_atim, &st->st_mtim, &st->st_ctim};
    STRUCTSEQ_SET(r, 0, MK_INT(st->st_mode));
    STRUCTSEQ_SET(r, 1, int_from_u64((uint64_t)st->st_ino));
    STRUCTSEQ_SET(r, 2, int_from_u64((uint64_t)st->st_dev));
    STRUCTSEQ_SET(r, 3, int_from_u64((uint64_t)st->st_nlink));
    STRUCTSEQ_SET(r, 4, MK_INT(st->st_uid));
    STRUCTSEQ_SET(r, 5, MK_INT(st->st_gid));
    STRUCTSEQ_SET(r, 6, int_from_i64((int64_t)st->st_size));
    for (int i = 0; i < 3; i++) {
        Value ns = ns_value(ts[i]);
        if (!ns)
            return VNULL;
        STRUCTSEQ_SET(r, 7 + i, int_from_i64((int64_t)ts[i]->tv_sec));
        STRUCTSEQ_SET(r, 10 + i, float_new((double)ts[i]->tv_sec + (double)ts[i]->tv_nsec * 1e-9));
        STRUCTSEQ_SET(r, 13 + i, ns);
    }
    STRUCTSEQ_SET(r, 16, int_from_i64((int64_t)st->st_blksize));
    STRUCTSEQ_SET(r, 17, int_from_i64((int64_t)st->st_blocks));
    STRUCTSEQ_SET(r, 18, int_from_u64((uint64_t)st->st_rdev));
    return r;
}

/* os.stat_result(seq): the float times default to the int ones, as in
 * CPython (a 10-tuple gives st_atime == seq[7]). */
static Value stat_result_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    Value r = structseq_tp_new(t, args, nargs, kw);
    for (int i = 0; r && i < 3; i++)
        if (IS_NONE(STRUCTSEQ_GET(r, 10 + i)))
            STRUCTSEQ_SET(r, 10 + i, STRUCTSEQ_GET(r, 7 + i));
    return r;
}

/* stat/lstat/fstat with everything decided: 0, or an errno. */
static int do_stat(PathArg *p, int dir_fd, bool follow, struct stat *st)
{
    int rc, err;
    BLOCKING_CALL(BLOCK_IO, rc, err,
                  p->fd >= 0 ? fstat(p->fd, st)
                  : fstatat(dir_fd, p->narrow, st, follow ? 0 : AT_SYMLINK_NOFOLLOW));
    return err;
}

static Value stat_common(const char *fn, Value *args, int nargs, ObjTuple *kw, bool lstat_)
{
    static const char *const params[] = {"path", "dir_fd", "follow_symlinks", NULL};
    static const char *const lparams[] = {"path", "dir_fd", NULL};
    Value a[3];
    if (args_parse(fn, args, nargs, kw, lstat_ ? lparams : params, 1, 1, a) < 0)
        return VNULL;
    PathArg p = PATH_ARG(fn, "path", false, !lstat_);
    int dir_fd;
    bool follow;
    if (posix_path(a[0], &p) < 0 || dirfd_arg(a[1], &dir_fd) < 0 ||
        bool_arg(lstat_ ? VNULL : a[2], !lstat_, &follow) < 0 || check_fd_combos(&p, dir_fd, follow) < 0)
        return VNULL;
    struct stat st;
    int err = do_stat(&p, dir_fd, follow, &st);
    if (err)
        return err < 0 ? VNULL : path_err(err, &p);
    return posix_stat_value(&st);
}

static Value m_stat(Value *a, int n, ObjTuple *k) { return stat_common("stat", a, n, k, false); }
static Value m_lstat(Value *a, int n, ObjTuple *k) { return stat_common("lstat", a, n, k, true); }

static Value m_fstat(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"fd", NULL};
    Value a[1];
    int fd, rc, err;
    if (args_parse("fstat", args, nargs, kw, params, 1, 1, a) < 0 || posix_int_arg(a[0], &fd) < 0)
        return VNULL;
    struct stat st;
    BLOCKING_CALL(BLOCK_IO, rc, err, fstat(fd, &st));
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return posix_stat_value(&st);
}

static const char *const statvfs_fields[] = {
    "f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree",
    "f_favail", "f_flag", "f_namemax", "f_fsid", NULL,
};
static const StructSeqDesc statvfs_desc = {"os.statvfs_result", statvfs_fields, 10, NULL};
static StructSeqType statvfs_type;

static Value statvfs_value(const struct statvfs *s)
{
    Value r = structseq_new(&statvfs_type);
    uint64_t v[11] = {s->f_bsize, s->f_frsize, s->f_blocks, s->f_bfree, s->f_bavail, s->f_files,
                      s->f_ffree, s->f_favail, s->f_flag, s->f_namemax, s->f_fsid};
    for (int i = 0; i < 11; i++)
        STRUCTSEQ_SET(r, i, int_from_u64(v[i]));
    return r;
}

static Value m_statvfs(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", NULL};
    Value a[1];
    PathArg p = PATH_ARG("statvfs", "path", false, true);
    if (args_parse("statvfs", args, nargs, kw, params, 1, 1, a) < 0 || posix_path(a[0], &p) < 0)
        return VNULL;
    struct statvfs s;
    int rc, err;
    BLOCKING_CALL(BLOCK_IO, rc, err, p.fd >= 0 ? fstatvfs(p.fd, &s) : statvfs(p.narrow, &s));
    if (err)
        return err < 0 ? VNULL : path_err(err, &p);
    return statvfs_value(&s);
}

static Value m_fstatvfs(Value *args, int nargs, ObjTuple *kw)
{
    int fd, rc, err;
    if (args_check("fstatvfs", nargs, kw, 1, 1) < 0 || posix_int_arg(args[0], &fd) < 0)
        return VNULL;
    struct statvfs s;
    BLOCKING_CALL(BLOCK_IO, rc, err, fstatvfs(fd, &s));
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return statvfs_value(&s);
}

/* ---- calls on one path -------------------------------------------------- */

static Value m_access(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", "mode", "dir_fd", "effective_ids",
                                         "follow_symlinks", NULL};
    Value a[5];
    PathArg p = PATH_ARG("access", "path", false, false);
    int mode, dir_fd;
    bool eff, follow;
    if (args_parse("access", args, nargs, kw, params, 2, 2, a) < 0 || posix_path(a[0], &p) < 0 ||
        posix_int_arg(a[1], &mode) < 0 || dirfd_arg(a[2], &dir_fd) < 0 ||
        bool_arg(a[3], false, &eff) < 0 || bool_arg(a[4], true, &follow) < 0)
        return VNULL;
    int flags = (eff ? AT_EACCESS : 0) | (follow ? 0 : AT_SYMLINK_NOFOLLOW);
    int rc;
    GIL_RELEASE(BLOCK_IO);
    rc = faccessat(dir_fd, p.narrow, mode, flags);
    GIL_ACQUIRE();
    return BOOL_V(rc == 0);
}

static Value m_chdir(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", NULL};
    Value a[1];
    PathArg p = PATH_ARG("chdir", "path", false, true);
    int rc, err;
    if (args_parse("chdir", args, nargs, kw, params, 1, 1, a) < 0 || posix_path(a[0], &p) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, p.fd >= 0 ? fchdir(p.fd) : chdir(p.narrow));
    return err ? (err < 0 ? VNULL : path_err(err, &p)) : NONE;
}

static Value m_fchdir(Value *args, int nargs, ObjTuple *kw)
{
    int fd, rc, err;
    if (args_check("fchdir", nargs, kw, 1, 1) < 0 || posix_fildes(args[0], &fd) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, fchdir(fd));
    return err ? (err < 0 ? VNULL : posix_error(err, VNULL, VNULL)) : NONE;
}

static Value m_chmod(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", "mode", "dir_fd", "follow_symlinks", NULL};
    Value a[4];
    PathArg p = PATH_ARG("chmod", "path", false, true);
    int mode, dir_fd, rc, err;
    bool follow;
    if (args_parse("chmod", args, nargs, kw, params, 2, 2, a) < 0 || posix_path(a[0], &p) < 0 ||
        posix_int_arg(a[1], &mode) < 0 || dirfd_arg(a[2], &dir_fd) < 0 ||
        bool_arg(a[3], true, &follow) < 0 || check_fd_combos(&p, dir_fd, follow) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err,
                  p.fd >= 0 ? fchmod(p.fd, (mode_t)mode)
                  : fchmodat(dir_fd, p.narrow, (mode_t)mode, follow ? 0 : AT_SYMLINK_NOFOLLOW));
    if (err == ENOTSUP && !follow) {
        err_format(exc_NotImplementedError,
                   "chmod: follow_symlinks unavailable on this platform");
        return VNULL;
    }
    return err ? (err < 0 ? VNULL : path_err(err, &p)) : NONE;
}

static Value m_fchmod(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"fd", "mode", NULL};
    Value a[2];
    int fd, mode, rc, err;
    if (args_parse("fchmod", args, nargs, kw, params, 2, 2, a) < 0 ||
        posix_int_arg(a[0], &fd) < 0 || posix_int_arg(a[1], &mode) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, fchmod(fd, (mode_t)mode));
    return err ? (err < 0 ? VNULL : posix_error(err, VNULL, VNULL)) : NONE;
}

/* uid/gid: -1 means "leave unchanged". */
static int id_arg(Value v, const char *what, long long *out)
{
    if (posix_long_arg(v, out) < 0)
        return -1;
    if (*out < -1 || *out > (long long)UINT32_MAX) {
        err_format(exc_OverflowError, "%s is greater than maximum", what);
        return -1;
    }
    return 0;
}

static Value chown_common(const char *fn, Value *args, int nargs, ObjTuple *kw, bool lchown_)
{
    static const char *const params[] = {"path", "uid", "gid", "dir_fd", "follow_symlinks", NULL};
    Value a[5];
    PathArg p = PATH_ARG(fn, "path", false, !lchown_);
    long long uid, gid;
    int dir_fd, rc, err;
    bool follow;
    if (args_parse(fn, args, nargs, kw, params, 3, 3, a) < 0 || posix_path(a[0], &p) < 0 ||
        id_arg(a[1], "uid", &uid) < 0 || id_arg(a[2], "gid", &gid) < 0 ||
        dirfd_arg(lchown_ ? VNULL : a[3], &dir_fd) < 0 ||
        bool_arg(lchown_ ? VNULL : a[4], !lchown_, &follow) < 0 ||
        check_fd_combos(&p, dir_fd, follow) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err,
                  p.fd >= 0 ? fchown(p.fd, (uid_t)uid, (gid_t)gid)
                  : fchownat(dir_fd, p.narrow, (uid_t)uid, (gid_t)gid,
                             follow ? 0 : AT_SYMLINK_NOFOLLOW));
    return err ? (err < 0 ? VNULL : path_err(err, &p)) : NONE;
}

static Value m_chown(Value *a, int n, ObjTuple *k) { return chown_common("chown", a, n, k, false); }
static Value m_lchown(Value *a, int n, ObjTuple *k) { return chown_common("lchown", a, n, k, true); }

static Value m_fchown(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"fd", "uid", "gid", NULL};
    Value a[3];
    int fd, rc, err;
    long long uid, gid;
    if (args_parse("fchown", args, nargs, kw, params, 3, 3, a) < 0 || posix_int_arg(a[0], &fd) < 0 ||
        id_arg(a[1], "uid", &uid) < 0 || id_arg(a[2], "gid", &gid) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, fchown(fd, (uid_t)uid, (gid_t)gid));
    return err ? (err < 0 ? VNULL : posix_error(err, VNULL, VNULL)) : NONE;
}

/* mkdir, rmdir, unlink/remove, mkfifo, mknod: path with dir_fd. */
enum { OP_MKDIR, OP_RMDIR, OP_UNLINK, OP_MKFIFO, OP_MKNOD };

static int path_op(int op, int dir_fd, const char *path, mode_t mode, dev_t dev)
{
    switch (op) {
    case OP_MKDIR: return mkdirat(dir_fd, path, mode);
    case OP_RMDIR: return unlinkat(dir_fd, path, AT_REMOVEDIR);
    case OP_UNLINK: return unlinkat(dir_fd, path, 0);
    case OP_MKFIFO: return mkfifoat(dir_fd, path, mode);
    default: return mknodat(dir_fd, path, mode, dev);
    }
}

static Value path_op_call(const char *fn, int op, Value *args, int nargs, ObjTuple *kw)
{
    static const char *const p_path[] = {"path", "dir_fd", NULL};
    static const char *const p_mode[] = {"path", "mode", "dir_fd", NULL};
    static const char *const p_nod[] = {"path", "mode", "device", "dir_fd", NULL};
    const char *const *params = op == OP_MKNOD ? p_nod : op == OP_MKDIR || op == OP_MKFIFO ? p_mode : p_path;
    int npos = op == OP_MKNOD ? 3 : op == OP_MKDIR || op == OP_MKFIFO ? 2 : 1;
    Value a[4] = {0};
    if (args_parse(fn, args, nargs, kw, params, 1, npos, a) < 0)
        return VNULL;
    PathArg p = PATH_ARG(fn, "path", false, false);
    int mode = op == OP_MKDIR ? 0777 : op == OP_MKFIFO ? 0666 : 0600, dir_fd, rc, err;
    long long dev = 0;
    if (posix_path(a[0], &p) < 0 || (npos > 1 && a[1] && posix_int_arg(a[1], &mode) < 0) ||
        (op == OP_MKNOD && a[2] && posix_long_arg(a[2], &dev) < 0) ||
        dirfd_arg(a[npos], &dir_fd) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, path_op(op, dir_fd, p.narrow, (mode_t)mode, (dev_t)dev));
    return err ? (err < 0 ? VNULL : path_err(err, &p)) : NONE;
}

static Value m_mkdir(Value *a, int n, ObjTuple *k) { return path_op_call("mkdir", OP_MKDIR, a, n, k); }
static Value m_rmdir(Value *a, int n, ObjTuple *k) { return path_op_call("rmdir", OP_RMDIR, a, n, k); }
static Value m_unlink(Value *a, int n, ObjTuple *k) { return path_op_call("unlink", OP_UNLINK, a, n, k); }
static Value m_remove(Value *a, int n, ObjTuple *k) { return path_op_call("remove", OP_UNLINK, a, n, k); }
static Value m_mkfifo(Value *a, int n, ObjTuple *k) { return path_op_call("mkfifo", OP_MKFIFO, a, n, k); }
static Value m_mknod(Value *a, int n, ObjTuple *k) { return path_op_call("mknod", OP_MKNOD, a, n, k); }

static Value m_truncate(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", "length", NULL};
    Value a[2];
    PathArg p = PATH_ARG("truncate", "path", false, true);
    long long len;
    int rc, err;
    if (args_parse("truncate", args, nargs, kw, params, 2, 2, a) < 0 || posix_path(a[0], &p) < 0 ||
        posix_long_arg(a[1], &len) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, p.fd >= 0 ? ftruncate(p.fd, (off_t)len) : truncate(p.narrow, (off_t)len));
    return err ? (err < 0 ? VNULL : path_err(err, &p)) : NONE;
}

static Value m_readlink(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", "dir_fd", NULL};
    Value a[2];
    PathArg p = PATH_ARG("readlink", "path", false, false);
    int dir_fd, err;
    if (args_parse("readlink", args, nargs, kw, params, 1, 1, a) < 0 || posix_path(a[0], &p) < 0 ||
        dirfd_arg(a[1], &dir_fd) < 0)
        return VNULL;
    char buf[PATH_MAX + 1];
    ssize_t n;
    BLOCKING_CALL(BLOCK_IO, n, err, readlinkat(dir_fd, p.narrow, buf, sizeof buf - 1));
    if (err)
        return err < 0 ? VNULL : path_err(err, &p);
    return posix_fsdecode(buf, (size_t)n, p.is_bytes);
}

/* ---- calls on two paths ------------------------------------------------- */

static Value two_path_call(const char *fn, int op, Value *args, int nargs, ObjTuple *kw)
{
    /* op: 0 rename, 1 replace, 2 link, 3 symlink */
    static const char *const p_ren[] = {"src", "dst", "src_dir_fd", "dst_dir_fd", NULL};
    static const char *const p_link[] = {"src", "dst", "src_dir_fd", "dst_dir_fd",
                                         "follow_symlinks", NULL};
    static const char *const p_sym[] = {"src", "dst", "target_is_directory", "dir_fd", NULL};
    Value a[5] = {0};
    const char *const *params = op == 2 ? p_link : op == 3 ? p_sym : p_ren;
    if (args_parse(fn, args, nargs, kw, params, 2, op == 3 ? 3 : 2, a) < 0)
        return VNULL;
    PathArg s = PATH_ARG(fn, "src", false, false), d = PATH_ARG(fn, "dst", false, false);
    int sfd = AT_FDCWD, dfd = AT_FDCWD, rc, err;
    bool follow = true;
    if (posix_path(a[0], &s) < 0 || posix_path(a[1], &d) < 0)
        return VNULL;
    if (op == 3) {
        if (dirfd_arg(a[3], &dfd) < 0)
            return VNULL;
    } else if (dirfd_arg(a[2], &sfd) < 0 || dirfd_arg(a[3], &dfd) < 0 ||
               (op == 2 && bool_arg(a[4], true, &follow) < 0)) {
        return VNULL;
    }
    switch (op) {
    case 0:
    case 1:
        BLOCKING_CALL(BLOCK_IO, rc, err, renameat(sfd, s.narrow, dfd, d.narrow));
        break;
    case 2:
        BLOCKING_CALL(BLOCK_IO, rc, err,
                      linkat(sfd, s.narrow, dfd, d.narrow, follow ? AT_SYMLINK_FOLLOW : 0));
        break;
    default:
        BLOCKING_CALL(BLOCK_IO, rc, err, symlinkat(s.narrow, dfd, d.narrow));
        break;
    }
    if (err)
        return err < 0 ? VNULL : posix_error(err, s.object, d.object);
    return NONE;
}

static Value m_rename(Value *a, int n, ObjTuple *k) { return two_path_call("rename", 0, a, n, k); }
static Value m_replace(Value *a, int n, ObjTuple *k) { return two_path_call("replace", 1, a, n, k); }
static Value m_link(Value *a, int n, ObjTuple *k) { return two_path_call("link", 2, a, n, k); }
static Value m_symlink(Value *a, int n, ObjTuple *k) { return two_path_call("symlink", 3, a, n, k); }

/* ---- utime -------------------------------------------------------------- */

/* A time in seconds (int or float) as a timespec, rounding as CPython's
 * _PyTime_ROUND_FLOOR does for utime. */
static int time_arg(Value v, struct timespec *ts)
{
    if (IS_FLOAT(v)) {
        double d = AS_FLOAT(v), f = floor(d);
        if (isnan(d)) {
            err_set(exc_ValueError, "Invalid value NaN (not a number)");
            return -1;
        }
        if (f < -9.2e18 || f > 9.2e18) {
            err_set(exc_OverflowError, "timestamp out of range for platform time_t");
            return -1;
        }
        long ns = (long)floor((d - f) * 1e9);
        if (ns >= 1000000000) {
            ns -= 1000000000;
            f += 1;
        }
        ts->tv_sec = (time_t)f;
        ts->tv_nsec = ns;
        return 0;
    }
    long long s;
    if (posix_long_arg(v, &s) < 0)
        return -1;
    ts->tv_sec = (time_t)s;
    ts->tv_nsec = 0;
    return 0;
}

static int ns_arg(Value v, struct timespec *ts)
{
    if (!IS_ANYINT(v)) {
        err_format(exc_TypeError, "'%T' object cannot be interpreted as an integer", v);
        return -1;
    }
    Value billion = MK_INT(1000000000);
    Value q = obj_binop(v, billion, NB_FLOORDIV), r = q ? obj_binop(v, billion, NB_MOD) : VNULL;
    int64_t s;
    if (!r || obj_as_int64(q, &s) < 0)
        return -1;
    ts->tv_sec = (time_t)s;
    ts->tv_nsec = (long)AS_INT(r);
    return 0;
}

static bool pair(Value v)
{
    return IS_TUPLE(v) && AS_TUPLE(v)->len == 2;
}

static Value m_utime(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", "times", "ns", "dir_fd", "follow_symlinks", NULL};
    Value a[5];
    PathArg p = PATH_ARG("utime", "path", false, true);
    int dir_fd, rc, err;
    bool follow;
    if (args_parse("utime", args, nargs, kw, params, 1, 2, a) < 0 || posix_path(a[0], &p) < 0 ||
        dirfd_arg(a[3], &dir_fd) < 0 || bool_arg(a[4], true, &follow) < 0)
        return VNULL;
    Value times = a[1] && !IS_NONE(a[1]) ? a[1] : VNULL;
    struct timespec ts[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
    if (times && a[2])
        return err_set(exc_ValueError, "utime: you may specify either 'times' or 'ns' but not both");
    if (times) {
        if (!pair(times))
            return err_set(exc_TypeError, "utime: 'times' must be either a tuple of two ints or None");
        if (time_arg(AS_TUPLE(times)->items[0], &ts[0]) < 0 ||
            time_arg(AS_TUPLE(times)->items[1], &ts[1]) < 0)
            return VNULL;
    } else if (a[2]) {
        if (!pair(a[2]))
            return err_set(exc_TypeError, "utime: 'ns' must be a tuple of two ints");
        if (ns_arg(AS_TUPLE(a[2])->items[0], &ts[0]) < 0 || ns_arg(AS_TUPLE(a[2])->items[1], &ts[1]) < 0)
            return VNULL;
    }
    if (check_fd_combos(&p, dir_fd, follow) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err,
                  p.fd >= 0 ? futimens(p.fd, ts)
                  : utimensat(dir_fd, p.narrow, ts, follow ? 0 : AT_SYMLINK_NOFOLLOW));
    return err ? (err < 0 ? VNULL : path_err(err, &p)) : NONE;
}

/* ---- the working directory, umask -------------------------------------- */

static Value getcwd_common(const char *fn, int nargs, ObjTuple *kw, bool as_bytes)
{
    if (args_check(fn, nargs, kw, 0, 0) < 0)
        return VNULL;
    char *cwd;
    int err;
    GIL_RELEASE(BLOCK_IO);
    cwd = getcwd(NULL, 0);
    err = errno;
    GIL_ACQUIRE();
    if (!cwd)
        return posix_error(err, VNULL, VNULL);
    Value s = posix_fsdecode(cwd, strlen(cwd), as_bytes);
    free(cwd);
    return s;
}

static Value m_getcwd(Value *a, int n, ObjTuple *k) { (void)a; return getcwd_common("getcwd", n, k, false); }
static Value m_getcwdb(Value *a, int n, ObjTuple *k) { (void)a; return getcwd_common("getcwdb", n, k, true); }

static Value m_umask(Value *args, int nargs, ObjTuple *kw)
{
    int mask;
    if (args_check("umask", nargs, kw, 1, 1) < 0 || posix_int_arg(args[0], &mask) < 0)
        return VNULL;
    return MK_INT(umask((mode_t)mask));
}

/* ---- file descriptors --------------------------------------------------- */

static Value m_open(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", "flags", "mode", "dir_fd", NULL};
    Value a[4];
    PathArg p = PATH_ARG("open", "path", false, false);
    int flags, mode = 0777, dir_fd, fd, err;
    if (args_parse("open", args, nargs, kw, params, 2, 3, a) < 0 || posix_path(a[0], &p) < 0 ||
        posix_int_arg(a[1], &flags) < 0 || (a[2] && posix_int_arg(a[2], &mode) < 0) ||
        dirfd_arg(a[3], &dir_fd) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, fd, err, openat(dir_fd, p.narrow, flags | O_CLOEXEC, (mode_t)mode));
    if (err)
        return err < 0 ? VNULL : path_err(err, &p);
    return MK_INT(fd);
}

static Value m_close(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"fd", NULL};
    Value a[1];
    int fd, rc, err;
    if (args_parse("close", args, nargs, kw, params, 1, 1, a) < 0 || posix_int_arg(a[0], &fd) < 0)
        return VNULL;
    GIL_RELEASE(BLOCK_IO);
    rc = close(fd);
    err = errno;
    GIL_ACQUIRE();
    /* close() is not retried after EINTR: the fd is gone either way. */
    if (rc < 0 && err != EINTR)
        return posix_error(err, VNULL, VNULL);
    return NONE;
}

static Value m_closerange(Value *args, int nargs, ObjTuple *kw)
{
    int lo, hi;
    if (args_check("closerange", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &lo) < 0 ||
        posix_int_arg(args[1], &hi) < 0)
        return VNULL;
    for (int fd = lo < 0 ? 0 : lo; fd < hi; fd++)
        close(fd);
    return NONE;
}

static Value fd_int_call(const char *fn, Value *args, int nargs, ObjTuple *kw, int *fd)
{
    if (args_check(fn, nargs, kw, 1, 1) < 0 || posix_int_arg(args[0], fd) < 0)
        return VNULL;
    return NONE;
}

static Value m_dup(Value *args, int nargs, ObjTuple *kw)
{
    int fd;
    if (!fd_int_call("dup", args, nargs, kw, &fd))
        return VNULL;
    int r = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return r < 0 ? posix_error(errno, VNULL, VNULL) : MK_INT(r);
}

static Value m_dup2(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"fd", "fd2", "inheritable", NULL};
    Value a[3];
    int fd, fd2;
    bool inh;
    if (args_parse("dup2", args, nargs, kw, params, 2, 3, a) < 0 || posix_int_arg(a[0], &fd) < 0 ||
        posix_int_arg(a[1], &fd2) < 0 || bool_arg(a[2], true, &inh) < 0)
        return VNULL;
    int r = inh ? dup2(fd, fd2) : dup3(fd, fd2, O_CLOEXEC);
    if (r < 0 && errno == EINVAL && fd == fd2 && !inh) {
        /* dup3 refuses fd == fd2; dup2 checks the fd and returns it */
        r = fcntl(fd, F_GETFD) < 0 ? -1 : fd;
    }
    return r < 0 ? posix_error(errno, VNULL, VNULL) : MK_INT(r);
}

static Value m_lseek(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"fd", "position", "whence", NULL};
    Value a[3];
    int fd, how, err;
    long long pos;
    if (args_parse("lseek", args, nargs, kw, params, 3, 3, a) < 0 || posix_int_arg(a[0], &fd) < 0 ||
        posix_long_arg(a[1], &pos) < 0 || posix_int_arg(a[2], &how) < 0)
        return VNULL;
    off_t r;
    BLOCKING_CALL(BLOCK_IO, r, err, lseek(fd, (off_t)pos, how));
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return int_from_i64((int64_t)r);
}

/* read()/pread() into a new bytes object, shrunk to what arrived. */
static Value read_common(int fd, long long n, long long offset, bool positional)
{
    if (n < 0)
        return posix_error(EINVAL, VNULL, VNULL);
    Value b = OBJ_VAL(bytes_alloc((size_t)n));
    uint8_t *data = AS_BYTES(b)->data;
    ssize_t r;
    int err;
    BLOCKING_CALL(BLOCK_READ, r, err,
                  positional ? pread(fd, data, (size_t)n, (off_t)offset) : read(fd, data, (size_t)n));
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    if (r == n)
        return b;
    if ((size_t)r < (size_t)n / 2 || n - r > 4096)
        return bytes_new(data, (size_t)r);
    AS_BYTES(b)->len = r;
    data[r] = 0;
    return b;
}

static Value m_read(Value *args, int nargs, ObjTuple *kw)
{
    int fd;
    long long n;
    if (args_check("read", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &fd) < 0 ||
        posix_long_arg(args[1], &n) < 0)
        return VNULL;
    return read_common(fd, n, 0, false);
}

static Value m_pread(Value *args, int nargs, ObjTuple *kw)
{
    int fd;
    long long n, off;
    if (args_check("pread", nargs, kw, 3, 3) < 0 || posix_int_arg(args[0], &fd) < 0 ||
        posix_long_arg(args[1], &n) < 0 || posix_long_arg(args[2], &off) < 0)
        return VNULL;
    return read_common(fd, n, off, true);
}

static Value write_common(int fd, Value data, long long offset, bool positional)
{
    Buffer view; /* held across the write: a bytearray cannot resize meanwhile */
    if (obj_getbuffer(data, &view, BUF_SIMPLE) < 0)
        return VNULL;
    ssize_t r;
    int err;
    uint8_t *p = view.buf;
    size_t len = (size_t)view.len;
    BLOCKING_CALL(BLOCK_WRITE, r, err,
                  positional ? pwrite(fd, p, len, (off_t)offset) : write(fd, p, len));
    buffer_release(&view);
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return int_from_i64(r);
}

static Value m_write(Value *args, int nargs, ObjTuple *kw)
{
    int fd;
    if (args_check("write", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &fd) < 0)
        return VNULL;
    return write_common(fd, args[1], 0, false);
}

static Value m_pwrite(Value *args, int nargs, ObjTuple *kw)
{
    int fd;
    long long off;
    if (args_check("pwrite", nargs, kw, 3, 3) < 0 || posix_int_arg(args[0], &fd) < 0 ||
        posix_long_arg(args[2], &off) < 0)
        return VNULL;
    return write_common(fd, args[1], off, true);
}

static Value m_sendfile(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"out_fd", "in_fd", "offset", "count", NULL};
    Value a[4];
    int out, in, err;
    long long count;
    if (args_parse("sendfile", args, nargs, kw, params, 4, 4, a) < 0 ||
        posix_int_arg(a[0], &out) < 0 || posix_int_arg(a[1], &in) < 0 ||
        posix_long_arg(a[3], &count) < 0)
        return VNULL;
    off_t off = 0, *poff = NULL;
    if (!IS_NONE(a[2])) {
        long long o;
        if (posix_long_arg(a[2], &o) < 0)
            return VNULL;
        off = (off_t)o;
        poff = &off;
    }
    ssize_t r;
    BLOCKING_CALL(BLOCK_WRITE, r, err, sendfile(out, in, poff, (size_t)count));
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return int_from_i64(r);
}

/* fsync / fdatasync: fd or an object with fileno(). */
static Value sync_call(const char *fn, Value *args, int nargs, ObjTuple *kw, int (*f)(int))
{
    int fd, rc, err;
    if (args_check(fn, nargs, kw, 1, 1) < 0 || posix_fildes(args[0], &fd) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, f(fd));
    return err ? (err < 0 ? VNULL : posix_error(err, VNULL, VNULL)) : NONE;
}

static Value m_fsync(Value *a, int n, ObjTuple *k) { return sync_call("fsync", a, n, k, fsync); }
static Value m_fdatasync(Value *a, int n, ObjTuple *k) { return sync_call("fdatasync", a, n, k, fdatasync); }

static Value m_ftruncate(Value *args, int nargs, ObjTuple *kw)
{
    int fd, rc, err;
    long long len;
    if (args_check("ftruncate", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &fd) < 0 ||
        posix_long_arg(args[1], &len) < 0)
        return VNULL;
    BLOCKING_CALL(BLOCK_IO, rc, err, ftruncate(fd, (off_t)len));
    return err ? (err < 0 ? VNULL : posix_error(err, VNULL, VNULL)) : NONE;
}

static Value m_isatty(Value *args, int nargs, ObjTuple *kw)
{
    int fd;
    if (!fd_int_call("isatty", args, nargs, kw, &fd))
        return VNULL;
    return BOOL_V(isatty(fd));
}

static Value m_ttyname(Value *args, int nargs, ObjTuple *kw)
{
    int fd;
    if (!fd_int_call("ttyname", args, nargs, kw, &fd))
        return VNULL;
    char buf[256];
    int r = ttyname_r(fd, buf, sizeof buf);
    if (r)
        return posix_error(r, VNULL, VNULL);
    return posix_fsdecode(buf, strlen(buf), false);
}

static Value m_pipe(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("pipe", nargs, kw, 0, 0) < 0)
        return VNULL;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return posix_error(errno, VNULL, VNULL);
    return tuple_pack(2, MK_INT(fds[0]), MK_INT(fds[1]));
}

/* openpty(): a pseudo-terminal pair, both ends non-inheritable (PEP 446) */
static Value m_openpty(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("openpty", nargs, kw, 0, 0) < 0)
        return VNULL;
    int master, slave;
    if (openpty(&master, &slave, NULL, NULL, NULL) < 0)
        return posix_error(errno, VNULL, VNULL);
    if (posix_set_fd_flag(master, false, false) < 0 || posix_set_fd_flag(slave, false, false) < 0) {
        int err = errno;
        close(master);
        close(slave);
        return posix_error(err, VNULL, VNULL);
    }
    return tuple_pack(2, MK_INT(master), MK_INT(slave));
}

static Value m_pipe2(Value *args, int nargs, ObjTuple *kw)
{
    int flags, fds[2];
    if (!fd_int_call("pipe2", args, nargs, kw, &flags))
        return VNULL;
    if (pipe2(fds, flags) < 0)
        return posix_error(errno, VNULL, VNULL);
    return tuple_pack(2, MK_INT(fds[0]), MK_INT(fds[1]));
}

/* get_inheritable / get_blocking and their setters: one fcntl flag each. */
static Value fd_flag_get(const char *fn, Value *args, int nargs, ObjTuple *kw, bool blocking)
{
    int fd;
    if (!fd_int_call(fn, args, nargs, kw, &fd))
        return VNULL;
    int f = fcntl(fd, blocking ? F_GETFL : F_GETFD);
    if (f < 0)
        return posix_error(errno, VNULL, VNULL);
    return BOOL_V(blocking ? !(f & O_NONBLOCK) : !(f & FD_CLOEXEC));
}

int posix_set_fd_flag(int fd, bool blocking, bool on)
{
    int f = fcntl(fd, blocking ? F_GETFL : F_GETFD);
    if (f < 0)
        return -1;
    int bit = blocking ? O_NONBLOCK : FD_CLOEXEC;
    /* on means blocking / inheritable: the bit is clear */
    int nf = on ? f & ~bit : f | bit;
    if (nf != f && fcntl(fd, blocking ? F_SETFL : F_SETFD, nf) < 0)
        return -1;
    return 0;
}

static Value fd_flag_set(const char *fn, Value *args, int nargs, ObjTuple *kw, bool blocking)
{
    int fd;
    bool on;
    if (args_check(fn, nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &fd) < 0 ||
        bool_arg(args[1], false, &on) < 0)
        return VNULL;
    if (posix_set_fd_flag(fd, blocking, on) < 0)
        return posix_error(errno, VNULL, VNULL);
    return NONE;
}

static Value m_get_inheritable(Value *a, int n, ObjTuple *k) { return fd_flag_get("get_inheritable", a, n, k, false); }
static Value m_get_blocking(Value *a, int n, ObjTuple *k) { return fd_flag_get("get_blocking", a, n, k, true); }
static Value m_set_inheritable(Value *a, int n, ObjTuple *k) { return fd_flag_set("set_inheritable", a, n, k, false); }
static Value m_set_blocking(Value *a, int n, ObjTuple *k) { return fd_flag_set("set_blocking", a, n, k, true); }

static Value m_device_encoding(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"fd", NULL};
    Value a[1];
    int fd;
    if (args_parse("device_encoding", args, nargs, kw, params, 1, 1, a) < 0 ||
        posix_int_arg(a[0], &fd) < 0)
        return VNULL;
    if (!isatty(fd))
        return NONE;
    return str_from_cstr(nl_langinfo(CODESET));
}

static const char *const termsize_fields[] = {"columns", "lines", NULL};
static const StructSeqDesc termsize_desc = {"os.terminal_size", termsize_fields, 2,
    "A tuple of (columns, lines) for holding terminal window size"};
static StructSeqType termsize_type;

static Value m_get_terminal_size(Value *args, int nargs, ObjTuple *kw)
{
    int fd = 1;
    if (args_check("get_terminal_size", nargs, kw, 0, 1) < 0 ||
        (nargs == 1 && posix_int_arg(args[0], &fd) < 0))
        return VNULL;
    struct winsize w;
    if (ioctl(fd, TIOCGWINSZ, &w) < 0)
        return posix_error(errno, VNULL, VNULL);
    Value r = structseq_new(&termsize_type);
    STRUCTSEQ_SET(r, 0, MK_INT(w.ws_col));
    STRUCTSEQ_SET(r, 1, MK_INT(w.ws_row));
    return r;
}

/* ---- directories -------------------------------------------------------- */

/* Open a directory: by path, or by a dup of fd (fdopendir takes the fd). */
static DIR *open_dir(PathArg *p, int *err)
{
    DIR *d;
    if (p->fd >= 0) {
        int fd2 = fcntl(p->fd, F_DUPFD_CLOEXEC, 0);
        if (fd2 < 0) {
            *err = errno;
            return NULL;
        }
        GIL_RELEASE(BLOCK_IO);
        d = fdopendir(fd2);
        *err = errno;
        if (d)
            rewinddir(d);
        GIL_ACQUIRE();
        if (!d)
            close(fd2);
        return d;
    }
    const char *path = p->narrow ? p->narrow : ".";
    GIL_RELEASE(BLOCK_IO);
    d = opendir(path);
    *err = errno;
    GIL_ACQUIRE();
    return d;
}

/* readdir with the GIL released; NULL at the end (*err 0) or on error. */
static struct dirent *next_entry(DIR *d, int *err)
{
    struct dirent *e;
    for (;;) {
        GIL_RELEASE(BLOCK_IO);
        errno = 0;
        e = readdir(d);
        *err = errno;
        GIL_ACQUIRE();
        if (!e || !(e->d_name[0] == '.' && (e->d_name[1] == 0 || (e->d_name[1] == '.' && e->d_name[2] == 0))))
            return e;
    }
}

/* listdir(path=None) / scandir(path=None): the directory opened, or NULL
 * with an exception. */
static DIR *dir_arg(const char *fn, Value *args, int nargs, ObjTuple *kw, PathArg *p)
{
    static const char *const params[] = {"path", NULL};
    Value a[1];
    *p = (PathArg)PATH_ARG(fn, "path", true, true);
    if (args_parse(fn, args, nargs, kw, params, 0, 1, a) < 0 || posix_path(a[0] ? a[0] : NONE, p) < 0)
        return NULL;
    int err;
    DIR *d = open_dir(p, &err);
    if (!d)
        path_err(err, p);
    return d;
}

static Value m_listdir(Value *args, int nargs, ObjTuple *kw)
{
    PathArg p;
    DIR *d = dir_arg("listdir", args, nargs, kw, &p);
    if (!d)
        return VNULL;
    int err;
    Value l = list_new(0);
    struct dirent *e;
    while ((e = next_entry(d, &err))) {
        Value s = posix_fsdecode(e->d_name, strlen(e->d_name), p.is_bytes);
        if (!s || list_append(l, s) < 0) {
            closedir(d);
            return VNULL;
        }
    }
    closedir(d);
    if (err)
        return path_err(err, &p);
    return l;
}

/* ---- scandir ------------------------------------------------------------ */

typedef struct {
    Obj obj;
    Value name, path;      /* str or bytes */
    Value stat, lstat;     /* cached stat_result, or VNULL */
    int dir_fd;            /* scandir(fd): entries are relative to it; else -1 */
    unsigned char d_type;
    uint64_t ino;
} ObjDirEntry;

typedef struct {
    Obj obj;
    DIR *dir;
    Value path;            /* str/bytes path as given, or VNULL for "." / an fd */
    bool is_bytes;
    int fd;                /* scandir(fd), else -1 */
    bool busy, close_pending;
} ObjScandir;

static Type type_direntry, type_scandir;

static void direntry_trace(Obj *o)
{
    ObjDirEntry *e = (ObjDirEntry *)o;
    gc_mark(e->name);
    gc_mark(e->path);
    gc_mark(e->stat);
    gc_mark(e->lstat);
}

static Value direntry_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)t, (void)args, (void)nargs, (void)kw;
    return err_set(exc_TypeError, "cannot create 'posix.DirEntry' instances");
}

static Value direntry_repr(Value self)
{
    Value r = obj_repr(((ObjDirEntry *)AS_OBJ(self))->name);
    return r ? str_printf("<DirEntry %s>", AS_STR(r)->data) : VNULL;
}

static ObjDirEntry *self_entry(Value *args) { return (ObjDirEntry *)AS_OBJ(args[0]); }

/* The entry's stat (follow) or lstat, cached. */
static Value entry_stat(ObjDirEntry *e, bool follow)
{
    bool link = e->d_type == DT_LNK;
    if (follow && e->d_type == DT_UNKNOWN) {
        Value l = entry_stat(e, false);
        if (!l)
            return VNULL;
        link = S_ISLNK(AS_INT(STRUCTSEQ_GET(l, 0)));
    }
    if (follow && link) {
        if (!e->stat) {
            PathArg p = PATH_ARG("stat", "path", false, false);
            struct stat st;
            int err;
            if (posix_path(e->dir_fd >= 0 ? e->name : e->path, &p) < 0)
                return VNULL;
            if ((err = do_stat(&p, e->dir_fd >= 0 ? e->dir_fd : AT_FDCWD, true, &st)))
                return err < 0 ? VNULL : posix_error(err, e->path, VNULL);
            e->stat = posix_stat_value(&st);
        }
        return e->stat;
    }
    if (!e->lstat) {
        PathArg p = PATH_ARG("stat", "path", false, false);
        struct stat st;
        int err;
        if (posix_path(e->dir_fd >= 0 ? e->name : e->path, &p) < 0)
            return VNULL;
        if ((err = do_stat(&p, e->dir_fd >= 0 ? e->dir_fd : AT_FDCWD, false, &st)))
            return err < 0 ? VNULL : posix_error(err, e->path, VNULL);
        e->lstat = posix_stat_value(&st);
    }
    return e->lstat;
}

static int follow_kw(const char *fn, Value *args, int nargs, ObjTuple *kw, bool *follow)
{
    static const char *const params[] = {"follow_symlinks", NULL};
    Value a[1];
    if (args_parse(fn, args + 1, nargs - 1, kw, params, 0, 0, a) < 0)
        return -1;
    return bool_arg(a[0], true, follow);
}

/* is_dir / is_file: from d_type when it tells, else from stat; a missing
 * file is neither. */
static Value entry_test(const char *fn, Value *args, int nargs, ObjTuple *kw, mode_t want)
{
    bool follow;
    if (follow_kw(fn, args, nargs, kw, &follow) < 0)
        return VNULL;
    ObjDirEntry *e = self_entry(args);
    if (e->d_type != DT_UNKNOWN && !(follow && e->d_type == DT_LNK))
        return BOOL_V(want == S_IFDIR ? e->d_type == DT_DIR : e->d_type == DT_REG);
    Value st = entry_stat(e, follow);
    if (!st) {
        if (err_matches(exc_FileNotFoundError)) {
            err_clear();
            return FALSE_V;
        }
        return VNULL;
    }
    return BOOL_V((AS_INT(STRUCTSEQ_GET(st, 0)) & S_IFMT) == want);
}

static Value de_is_dir(Value *a, int n, ObjTuple *k) { return entry_test("is_dir", a, n, k, S_IFDIR); }
static Value de_is_file(Value *a, int n, ObjTuple *k) { return entry_test("is_file", a, n, k, S_IFREG); }

static Value de_is_symlink(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("is_symlink", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    ObjDirEntry *e = self_entry(args);
    if (e->d_type != DT_UNKNOWN)
        return BOOL_V(e->d_type == DT_LNK);
    Value st = entry_stat(e, false);
    if (!st) {
        if (err_matches(exc_FileNotFoundError)) {
            err_clear();
            return FALSE_V;
        }
        return VNULL;
    }
    return BOOL_V(S_ISLNK(AS_INT(STRUCTSEQ_GET(st, 0))));
}

static Value de_stat(Value *args, int nargs, ObjTuple *kw)
{
    bool follow;
    if (follow_kw("stat", args, nargs, kw, &follow) < 0)
        return VNULL;
    return entry_stat(self_entry(args), follow);
}

static Value de_inode(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("inode", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return int_from_u64(self_entry(args)->ino);
}

static Value de_fspath(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__fspath__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return self_entry(args)->path;
}

static Value de_get_name(Value self) { return ((ObjDirEntry *)AS_OBJ(self))->name; }
static Value de_get_path(Value self) { return ((ObjDirEntry *)AS_OBJ(self))->path; }

static const MethodDef direntry_methods[] = {
    {"is_dir", de_is_dir},     {"is_file", de_is_file}, {"is_symlink", de_is_symlink},
    {"stat", de_stat},         {"inode", de_inode},     {"__fspath__", de_fspath},
    {NULL, NULL},
};

static Type type_direntry = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "posix.DirEntry",
    .inst_size = sizeof(ObjDirEntry),
    .kind = KIND_OTHER,
    .tp_new = direntry_tp_new,
    .trace = direntry_trace,
    .repr = direntry_repr,
};

static void scandir_trace(Obj *o) { gc_mark(((ObjScandir *)o)->path); }

static void scandir_finalize(Obj *o)
{
    ObjScandir *s = (ObjScandir *)o;
    if (s->dir)
        closedir(s->dir);
    s->dir = NULL;
}

static void scandir_close(ObjScandir *s)
{
    if (s->busy) {
        s->close_pending = true;
        return;
    }
    if (s->dir)
        closedir(s->dir);
    s->dir = NULL;
}

static Value join_path(ObjScandir *s, const char *name, size_t len)
{
    if (s->fd >= 0)
        return posix_fsdecode(name, len, s->is_bytes);
    const char *base = ".";
    size_t blen = 1;
    if (s->path) {
        if (IS_STR(s->path)) {
            base = AS_STR(s->path)->data;
            blen = (size_t)AS_STR(s->path)->len;
        } else {
            base = (const char *)AS_BYTES(s->path)->data;
            blen = (size_t)AS_BYTES(s->path)->len;
        }
    }
    StrBuf b;
    sb_init(&b);
    sb_add(&b, base, blen);
    if (blen && base[blen - 1] != '/')
        sb_addc(&b, '/');
    sb_add(&b, name, len);
    Value r = posix_fsdecode(b.data, b.len, s->is_bytes);
    sb_free(&b);
    return r;
}

static Value scandir_next(Value self)
{
    ObjScandir *s = (ObjScandir *)AS_OBJ(self);
    if (!s->dir || s->busy)
        return VNULL;
    int err;
    s->busy = true;
    struct dirent *e = next_entry(s->dir, &err);
    s->busy = false;
    if (!e || s->close_pending) {
        s->close_pending = false;
        scandir_close(s);
        if (!e && err)
            return posix_error(err, s->path ? s->path : VNULL, VNULL);
        return VNULL;
    }
    size_t len = strlen(e->d_name);
    ObjDirEntry *de = (ObjDirEntry *)gc_new(&type_direntry, sizeof(ObjDirEntry));
    de->d_type = e->d_type;
    de->ino = (uint64_t)e->d_ino;
    de->dir_fd = s->fd;
    de->name = posix_fsdecode(e->d_name, len, s->is_bytes);
    de->path = de->name ? join_path(s, e->d_name, len) : VNULL;
    if (!de->path) {
        scandir_close(s);
        return VNULL;
    }
    return OBJ_VAL(de);
}

static Value scandir_iter(Value self) { return self; }

static Value sd_close(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("close", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    scandir_close((ObjScandir *)AS_OBJ(args[0]));
    return NONE;
}

static Value sd_enter(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("__enter__", nargs - 1, kw, 0, 0) < 0)
        return VNULL;
    return args[0];
}

static Value sd_exit(Value *args, int nargs, ObjTuple *kw)
{
    (void)nargs, (void)kw;
    scandir_close((ObjScandir *)AS_OBJ(args[0]));
    return FALSE_V;
}

static const MethodDef scandir_methods[] = {
    {"close", sd_close}, {"__enter__", sd_enter}, {"__exit__", sd_exit}, {NULL, NULL},
};

static Value scandir_tp_new(Type *t, Value *args, int nargs, ObjTuple *kw)
{
    (void)t, (void)args, (void)nargs, (void)kw;
    return err_set(exc_TypeError, "cannot create 'posix.ScandirIterator' instances");
}

static Type type_scandir = {
    .obj = STATIC_OBJ_HEAD(&type_type),
    .name = "posix.ScandirIterator",
    .inst_size = sizeof(ObjScandir),
    .kind = KIND_OTHER,
    .tp_new = scandir_tp_new,
    .trace = scandir_trace,
    .finalize = scandir_finalize,
    .iter = scandir_iter,
    .next = scandir_next,
};

static Value m_scandir(Value *args, int nargs, ObjTuple *kw)
{
    PathArg p;
    DIR *d = dir_arg("scandir", args, nargs, kw, &p);
    if (!d)
        return VNULL;
    ObjScandir *s = (ObjScandir *)gc_new(&type_scandir, sizeof(ObjScandir));
    s->dir = d;
    s->fd = p.fd;
    s->is_bytes = p.is_bytes;
    s->path = p.narrow ? p.holder : VNULL;
    return OBJ_VAL(s);
}

/* ---- the environment ---------------------------------------------------- */

static Value environ_dict(void)
{
    Value env = dict_new();
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq || eq == *e)
            continue;
        Value key = bytes_new((const uint8_t *)*e, (size_t)(eq - *e));
        Value val = bytes_new((const uint8_t *)eq + 1, strlen(eq + 1));
        /* the first definition wins, as in CPython */
        Value old = dict_get(env, key);
        if (!old && dict_set(env, key, val) < 0)
            return VNULL;
    }
    return env;
}

/* An environment name or value as a C string (str: file system encoding). */
static const char *env_arg(Value v)
{
    if (!IS_STR(v) && !IS_BYTES(v) && !(IS_OBJ(v) && type_lookup(TYPE(v), str_intern_cstr("__fspath__")))) {
        err_format(exc_TypeError, "expected str, bytes or os.PathLike object, not %T", v);
        return NULL;
    }
    Value s = posix_fspath(v);
    if (!s)
        return NULL;
    if (IS_STR(s) && codec_has_surrogates(AS_STR(s)) && !(s = codec_fs_encode(AS_STR(s))))
        return NULL;
    const char *c = IS_STR(s) ? str_cstr(AS_STR(s)) : (const char *)AS_BYTES(s)->data;
    size_t len = IS_STR(s) ? (size_t)AS_STR(s)->len : (size_t)AS_BYTES(s)->len;
    if (strlen(c) != len) {
        err_set(exc_ValueError, "embedded null byte");
        return NULL;
    }
    return c;
}

static Value m_putenv(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("putenv", nargs, kw, 2, 2) < 0)
        return VNULL;
    const char *name = env_arg(args[0]), *value = name ? env_arg(args[1]) : NULL;
    if (!value)
        return VNULL;
    if (strchr(name, '='))
        return err_set(exc_ValueError, "illegal environment variable name");
    if (setenv(name, value, 1) < 0)
        return posix_error(errno, VNULL, VNULL);
    return NONE;
}

static Value m_unsetenv(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("unsetenv", nargs, kw, 1, 1) < 0)
        return VNULL;
    const char *name = env_arg(args[0]);
    if (!name)
        return VNULL;
    if (unsetenv(name) < 0)
        return posix_error(errno, VNULL, VNULL);
    return NONE;
}

/* ---- system information ------------------------------------------------- */

static const char *const uname_fields[] = {"sysname", "nodename", "release", "version",
                                           "machine", NULL};
static const StructSeqDesc uname_desc = {"posix.uname_result", uname_fields, 5, NULL};
static StructSeqType uname_type;

static Value m_uname(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("uname", nargs, kw, 0, 0) < 0)
        return VNULL;
    struct utsname u;
    if (uname(&u) < 0)
        return posix_error(errno, VNULL, VNULL);
    const char *f[5] = {u.sysname, u.nodename, u.release, u.version, u.machine};
    Value r = structseq_new(&uname_type);
    for (int i = 0; i < 5; i++) {
        Value s = posix_fsdecode(f[i], strlen(f[i]), false);
        if (!s)
            return VNULL;
        STRUCTSEQ_SET(r, i, s);
    }
    return r;
}

static Value m_cpu_count(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("cpu_count", nargs, kw, 0, 0) < 0)
        return VNULL;
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? NONE : MK_INT(c);
}

static Value m_urandom(Value *args, int nargs, ObjTuple *kw)
{
    long long size;
    if (args_check("urandom", nargs, kw, 1, 1) < 0 || posix_long_arg(args[0], &size) < 0)
        return VNULL;
    if (size < 0)
        return err_set(exc_ValueError, "negative argument not allowed");
    Value b = OBJ_VAL(bytes_alloc((size_t)size));
    uint8_t *buf = AS_BYTES(b)->data;
    size_t got = 0;
    while (got < (size_t)size) {
        ssize_t r = getrandom(buf + got, (size_t)size - got, 0);
        if (r < 0 && errno == EINTR) {
            if (signal_interrupted() < 0)
                return VNULL;
            continue;
        }
        if (r < 0)
            return posix_error(errno, VNULL, VNULL);
        got += (size_t)r;
    }
    return b;
}

static Value m_strerror(Value *args, int nargs, ObjTuple *kw)
{
    int code;
    if (args_check("strerror", nargs, kw, 1, 1) < 0 || posix_int_arg(args[0], &code) < 0)
        return VNULL;
    return str_from_cstr(strerror(code));
}

static Value m_fspath(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", NULL};
    Value a[1];
    if (args_parse("fspath", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    return posix_fspath(a[0]);
}

static Value m_major(Value *args, int nargs, ObjTuple *kw)
{
    long long dev;
    if (args_check("major", nargs, kw, 1, 1) < 0 || posix_long_arg(args[0], &dev) < 0)
        return VNULL;
    return int_from_u64(major((dev_t)dev));
}

static Value m_minor(Value *args, int nargs, ObjTuple *kw)
{
    long long dev;
    if (args_check("minor", nargs, kw, 1, 1) < 0 || posix_long_arg(args[0], &dev) < 0)
        return VNULL;
    return int_from_u64(minor((dev_t)dev));
}

static Value m_makedev(Value *args, int nargs, ObjTuple *kw)
{
    int ma, mi;
    if (args_check("makedev", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &ma) < 0 ||
        posix_int_arg(args[1], &mi) < 0)
        return VNULL;
    return int_from_u64(makedev((unsigned)ma, (unsigned)mi));
}

static Value m_getloadavg(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getloadavg", nargs, kw, 0, 0) < 0)
        return VNULL;
    double l[3];
    if (getloadavg(l, 3) != 3)
        return err_set(exc_OSError, "Load averages are unobtainable");
    return tuple_pack(3, float_new(l[0]), float_new(l[1]), float_new(l[2]));
}

static Value m_sync(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("sync", nargs, kw, 0, 0) < 0)
        return VNULL;
    GIL_RELEASE(BLOCK_IO);
    sync();
    GIL_ACQUIRE();
    return NONE;
}

/* ---- posixpath's C helper ------------------------------------------------ */

Value posix_normpath(const char *p, size_t len, bool as_bytes)
{
    StrBuf b;
    sb_init(&b);
    if (len == 0) {
        sb_addc(&b, '.');
    } else {
        int initial = p[0] == '/';
        if (initial && len > 1 && p[1] == '/' && !(len > 2 && p[2] == '/'))
            initial = 2;
        for (int i = 0; i < initial; i++)
            sb_addc(&b, '/');
        size_t root = b.len; /* components start here */
        int ncomp = 0;       /* components in b, leading '..' included */
        int nup = 0;         /* leading '..' components (relative paths) */
        for (size_t i = 0; i <= len;) {
            size_t j = i;
            while (j < len && p[j] != '/')
                j++;
            size_t n = j - i;
            const char *c = p + i;
            bool dot = n == 1 && c[0] == '.', dotdot = n == 2 && c[0] == '.' && c[1] == '.';
            if (n == 0 || dot) {
                /* skip */
            } else if (dotdot && ncomp > nup) {
                /* drop the last component */
                char *last = memrchr(b.data + root, '/', b.len - root);
                b.len = last ? (size_t)(last - b.data) : root;
                ncomp--;
            } else if (dotdot && initial) {
                /* '..' at the root stays at the root */
            } else {
                if (b.len > root)
                    sb_addc(&b, '/');
                sb_add(&b, c, n);
                ncomp++;
                nup += dotdot;
            }
            i = j + 1;
        }
        if (b.len == 0)
            sb_addc(&b, '.');
    }
    Value r = posix_fsdecode(b.data, b.len, as_bytes);
    sb_free(&b);
    return r;
}

/* _path_normpath(str): posixpath.normpath's core, which gives '' where
 * normpath gives '.' (except for '.' itself). */
static Value m_path_normpath(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"path", NULL};
    Value a[1];
    if (args_parse("_path_normpath", args, nargs, kw, params, 1, 1, a) < 0)
        return VNULL;
    if (!STR_CHECK(a[0]))
        return err_format(exc_TypeError, "expected 'str', not '%T'", a[0]);
    ObjStr *s = AS_STR(a[0]);
    Value r = posix_normpath(s->data, (size_t)s->len, false);
    if (r && AS_STR(r)->len == 1 && AS_STR(r)->data[0] == '.' && !(s->len == 1 && s->data[0] == '.'))
        return str_empty();
    return r;
}

/* ---- the module --------------------------------------------------------- */

static const MethodDef posix_fns[] = {
    {"stat", m_stat}, {"lstat", m_lstat}, {"fstat", m_fstat},
    {"statvfs", m_statvfs}, {"fstatvfs", m_fstatvfs},
    {"access", m_access}, {"chdir", m_chdir}, {"fchdir", m_fchdir},
    {"chmod", m_chmod}, {"fchmod", m_fchmod}, {"chown", m_chown}, {"lchown", m_lchown},
    {"fchown", m_fchown}, {"mkdir", m_mkdir}, {"rmdir", m_rmdir}, {"unlink", m_unlink},
    {"remove", m_remove}, {"mkfifo", m_mkfifo}, {"mknod", m_mknod}, {"truncate", m_truncate},
    {"readlink", m_readlink}, {"rename", m_rename}, {"replace", m_replace}, {"link", m_link},
    {"symlink", m_symlink}, {"utime", m_utime}, {"getcwd", m_getcwd}, {"getcwdb", m_getcwdb},
    {"umask", m_umask}, {"open", m_open}, {"close", m_close}, {"closerange", m_closerange},
    {"dup", m_dup}, {"dup2", m_dup2}, {"lseek", m_lseek}, {"read", m_read}, {"pread", m_pread},
    {"write", m_write}, {"pwrite", m_pwrite}, {"sendfile", m_sendfile}, {"fsync", m_fsync},
    {"fdatasync", m_fdatasync}, {"ftruncate", m_ftruncate}, {"isatty", m_isatty},
    {"ttyname", m_ttyname}, {"pipe", m_pipe}, {"pipe2", m_pipe2}, {"openpty", m_openpty},
    {"get_inheritable", m_get_inheritable}, {"set_inheritable", m_set_inheritable},
    {"get_blocking", m_get_blocking}, {"set_blocking", m_set_blocking},
    {"device_encoding", m_device_encoding}, {"get_terminal_size", m_get_terminal_size},
    {"listdir", m_listdir}, {"scandir", m_scandir}, {"putenv", m_putenv},
    {"unsetenv", m_unsetenv}, {"uname", m_uname}, {"cpu_count", m_cpu_count},
    {"urandom", m_urandom}, {"strerror", m_strerror}, {"fspath", m_fspath},
    {"major", m_major}, {"minor", m_minor}, {"makedev", m_makedev},
    {"getloadavg", m_getloadavg}, {"sync", m_sync}, {"_path_normpath", m_path_normpath},
    {NULL, NULL},
};

static const IntConstDef posix_consts[] = {
    {"F_OK", F_OK}, {"R_OK", R_OK}, {"W_OK", W_OK}, {"X_OK", X_OK},
    {"TMP_MAX", TMP_MAX}, {"NGROUPS_MAX", NGROUPS_MAX},
    {"O_RDONLY", O_RDONLY}, {"O_WRONLY", O_WRONLY}, {"O_RDWR", O_RDWR},
    {"O_APPEND", O_APPEND}, {"O_CREAT", O_CREAT}, {"O_EXCL", O_EXCL}, {"O_TRUNC", O_TRUNC},
    {"O_NONBLOCK", O_NONBLOCK}, {"O_NDELAY", O_NDELAY}, {"O_SYNC", O_SYNC},
    {"O_DSYNC", O_DSYNC}, {"O_RSYNC", O_RSYNC}, {"O_NOCTTY", O_NOCTTY},
    {"O_CLOEXEC", O_CLOEXEC}, {"O_DIRECTORY", O_DIRECTORY}, {"O_NOFOLLOW", O_NOFOLLOW},
    {"O_ACCMODE", O_ACCMODE}, {"O_ASYNC", O_ASYNC}, {"O_DIRECT", O_DIRECT},
    {"O_LARGEFILE", O_LARGEFILE}, {"O_NOATIME", O_NOATIME}, {"O_PATH", O_PATH},
    {"O_TMPFILE", O_TMPFILE}, {"O_FSYNC", O_FSYNC},
    {"SEEK_DATA", SEEK_DATA}, {"SEEK_HOLE", SEEK_HOLE},
    {"F_LOCK", F_LOCK}, {"F_TLOCK", F_TLOCK}, {"F_ULOCK", F_ULOCK}, {"F_TEST", F_TEST},
    {"ST_RDONLY", ST_RDONLY}, {"ST_NOSUID", ST_NOSUID}, {"ST_NODEV", ST_NODEV},
    {"ST_NOEXEC", ST_NOEXEC}, {"ST_SYNCHRONOUS", ST_SYNCHRONOUS},
    {"ST_MANDLOCK", ST_MANDLOCK}, {"ST_WRITE", ST_WRITE}, {"ST_APPEND", ST_APPEND},
    {"ST_NOATIME", ST_NOATIME}, {"ST_NODIRATIME", ST_NODIRATIME}, {"ST_RELATIME", ST_RELATIME},
    {"GRND_NONBLOCK", GRND_NONBLOCK}, {"GRND_RANDOM", GRND_RANDOM},
    {NULL, 0},
};

/* What os.py builds supports_dir_fd, supports_fd and
 * supports_follow_symlinks from: the *at() and f*() calls behind the
 * functions above. */
static const char *const have_functions[] = {
    "HAVE_FACCESSAT", "HAVE_FCHDIR", "HAVE_FCHMOD", "HAVE_FCHMODAT", "HAVE_FCHOWN",
    "HAVE_FCHOWNAT", "HAVE_FEXECVE", "HAVE_FDOPENDIR", "HAVE_FSTATAT", "HAVE_FSTATVFS",
    "HAVE_FTRUNCATE", "HAVE_FUTIMENS", "HAVE_FUTIMESAT", "HAVE_LINKAT", "HAVE_LCHOWN",
    "HAVE_LSTAT", "HAVE_MKDIRAT", "HAVE_MKFIFOAT", "HAVE_MKNODAT", "HAVE_OPENAT",
    "HAVE_READLINKAT", "HAVE_RENAMEAT", "HAVE_SYMLINKAT", "HAVE_UNLINKAT", "HAVE_UTIMENSAT",
    NULL,
};

static Value posix_module;

Value mod_posix_init(void)
{
    if (posix_module)
        return posix_module;
    structseq_init_type(&stat_type, &stat_desc);
    stat_type.type.tp_new = stat_result_new;
    structseq_init_type(&statvfs_type, &statvfs_desc);
    structseq_init_type(&termsize_type, &termsize_desc);
    structseq_init_type(&uname_type, &uname_desc);
    if (!type_direntry.dict) {
        type_ready(&type_direntry, direntry_methods);
        /* DirEntry[str]: a types.GenericAlias, as in CPython */
        Value cm = OBJ_VAL(gc_new(&type_classmethod, sizeof(ObjStaticMethod)));
        ((ObjStaticMethod *)AS_OBJ(cm))->func =
            native_new("__class_getitem__", generic_class_getitem, VNULL);
        dict_set_str(type_direntry.dict, str_intern_cstr("__class_getitem__"), cm);
        type_direntry.name_str = str_intern_cstr("DirEntry");
        type_direntry.qualname = type_direntry.name_str;
        type_direntry.module = str_intern_cstr("posix");
        dict_set_str(type_direntry.dict, str_intern_cstr("name"),
                     getset_descr_new(&type_direntry, "name", de_get_name, NULL));
        dict_set_str(type_direntry.dict, str_intern_cstr("path"),
                     getset_descr_new(&type_direntry, "path", de_get_path, NULL));
        type_ready(&type_scandir, scandir_methods);
        type_scandir.name_str = str_intern_cstr("ScandirIterator");
        type_scandir.qualname = type_scandir.name_str;
        type_scandir.module = str_intern_cstr("posix");
    }
    Value mv = module_new(str_intern_cstr("posix"));
    if (!mv)
        return VNULL;
    ObjModule *m = AS_MODULE(mv);
    for (const MethodDef *d = posix_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add_ints(m, posix_consts);
    posix_add_proc(m);
    Value env = environ_dict();
    Value have = list_new(0);
    if (!env || !have)
        return VNULL;
    for (const char *const *h = have_functions; *h; h++)
        if (list_append(have, str_from_cstr(*h)) < 0)
            return VNULL;
    module_add(m, "environ", env);
    module_add(m, "_have_functions", have);
    module_add(m, "error", OBJ_VAL(exc_OSError));
    module_add(m, "stat_result", OBJ_VAL(&stat_type.type));
    module_add(m, "statvfs_result", OBJ_VAL(&statvfs_type.type));
    module_add(m, "terminal_size", OBJ_VAL(&termsize_type.type));
    module_add(m, "uname_result", OBJ_VAL(&uname_type.type));
    module_add(m, "DirEntry", OBJ_VAL(&type_direntry));
    if (err_occurred())
        return VNULL;
    posix_module = mv;
    gc_add_root_value(&posix_module);
    return mv;
}
