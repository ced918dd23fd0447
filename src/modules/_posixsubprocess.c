/* modules/_posixsubprocess.c — fork_exec, the one function under CPython's
 * Lib/subprocess.py on POSIX.
 *
 * fork_exec(args, executable_list, close_fds, pass_fds, cwd, env,
 *           p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite,
 *           errpipe_read, errpipe_write, restore_signals, call_setsid,
 *           pgid_to_set, gid, extra_groups, uid, child_umask, preexec_fn,
 *           allow_vfork) -> pid
 *
 * Everything the child needs (argv, the executables to try, envp, cwd, the
 * fds to keep, the groups) is converted to C in the parent first: between
 * fork and exec the child makes system calls only, no allocation and no
 * interpreter objects (another thread may have held malloc's lock at the
 * fork).  The one exception is preexec_fn, Python code run in the child:
 * then the fork is posix_fork's (os.register_at_fork handlers, a fresh GIL
 * and thread table in the child), as CPython's PyOS_BeforeFork/AfterFork.
 *
 * The child reports a failure through errpipe_write in CPython's format,
 * which subprocess.py parses: "OSError:<errno in hex>:" when exec (or a
 * set-up call) failed, with "noexec" appended when exec was never reached
 * (chdir to cwd failed), or "SubprocessError:0:Exception occurred in
 * preexec_fn."; then it exits 255.  allow_vfork is accepted: baton always
 * forks (the child's work before exec is a handful of system calls).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "modules.h"
#include "modules/posix.h"
#include "gil.h"
#include "trace.h"
#include "vm.h"

/* What the child does, prepared by the parent. */
typedef struct {
    char **argv, **exec_list, **envp; /* envp NULL: execv (inherit) */
    const char *cwd;
    int *keep;                        /* pass_fds, sorted */
    int nkeep;
    bool close_fds, restore_signals, call_setsid;
    int p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite;
    int errpipe_read, errpipe_write;
    long pgid_to_set;
    bool set_gid, set_uid, set_groups;
    gid_t gid;
    uid_t uid;
    gid_t *groups;
    int ngroups;
    int child_umask;
    Value preexec_fn; /* None or a callable */
} Child;

/* ---- the child (async-signal-safe calls only, until exec) ---------------- */

static void write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static int clear_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFD);
    if (fl < 0)
        return -1;
    return (fl & FD_CLOEXEC) ? fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC) : 0;
}

static bool kept(const Child *c, int fd)
{
    for (int i = 0; i < c->nkeep; i++)
        if (c->keep[i] == fd)
            return true;
    return false;
}

/* Close every fd from 3 up, except pass_fds: close_range over the gaps
 * between kept fds (one call each), or the fds /proc/self/fd lists. */
static void close_open_fds(const Child *c)
{
    unsigned lo = 3;
    bool ok = true;
    for (int i = 0; i < c->nkeep && ok; i++) {
        unsigned k = (unsigned)c->keep[i];
        if (k < lo)
            continue;
        if (k > lo && syscall(SYS_close_range, lo, k - 1, 0) < 0)
            ok = false;
        lo = k + 1;
    }
    if (ok && syscall(SYS_close_range, lo, ~0U, 0) < 0)
        ok = false;
    if (ok)
        return;
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 ? max : 1024); fd++)
        if (!kept(c, fd))
            close(fd);
}

#define TRY(call)          \
    do {                   \
        if ((call) < 0)    \
            goto failed;   \
    } while (0)

static NORETURN void child_exec(Child *c)
{
    bool reached_exec = false; /* past the set-up: errors are exec's */
    const char *msg = NULL;    /* a SubprocessError's message */
    int saved = 0;

    for (int i = 0; i < c->nkeep; i++)
        if (c->keep[i] != c->errpipe_write)
            TRY(clear_cloexec(c->keep[i]));
    if (c->p2cwrite != -1) TRY(close(c->p2cwrite));
    if (c->c2pread != -1) TRY(close(c->c2pread));
    if (c->errread != -1) TRY(close(c->errread));
    TRY(close(c->errpipe_read));
    /* an fd that is about to be overwritten by a dup2 onto 0/1/2 moves away */
    if (c->c2pwrite == 0)
        TRY(c->c2pwrite = fcntl(c->c2pwrite, F_DUPFD_CLOEXEC, 3));
    if (c->errwrite == 0 || c->errwrite == 1)
        TRY(c->errwrite = fcntl(c->errwrite, F_DUPFD_CLOEXEC, 3));
    /* dup2 clears FD_CLOEXEC, except when it has nothing to do */
    int std[3] = {c->p2cread, c->c2pwrite, c->errwrite};
    for (int i = 0; i < 3; i++) {
        if (std[i] == i)
            TRY(clear_cloexec(i));
        else if (std[i] != -1)
            TRY(dup2(std[i], i));
    }
    if (c->cwd)
        TRY(chdir(c->cwd));
    if (c->child_umask >= 0)
        umask((mode_t)c->child_umask);
    if (c->restore_signals) { /* what CPython set to SIG_IGN at start-up */
        signal(SIGPIPE, SIG_DFL);
        signal(SIGXFSZ, SIG_DFL);
    }
    if (c->call_setsid)
        TRY(setsid());
    if (c->pgid_to_set >= 0)
        TRY(setpgid(0, (pid_t)c->pgid_to_set));
    if (c->set_groups)
        TRY(setgroups((size_t)c->ngroups, c->groups));
    if (c->set_gid)
        TRY(setregid(c->gid, c->gid));
    if (c->set_uid)
        TRY(setreuid(c->uid, c->uid));
    reached_exec = true;
    if (!IS_NONE(c->preexec_fn) && !obj_call0(c->preexec_fn)) {
        err_clear();
        msg = "Exception occurred in preexec_fn.";
        errno = 0;
        goto failed;
    }
    if (c->close_fds)
        close_open_fds(c);
    /* each candidate of subprocess.py's PATH search; the first error that
     * is not "no such file" is the one reported */
    for (int i = 0; c->exec_list[i]; i++) {
        if (c->envp)
            execve(c->exec_list[i], c->argv, c->envp);
        else
            execv(c->exec_list[i], c->argv);
        if (errno != ENOENT && errno != ENOTDIR && saved == 0)
            saved = errno;
    }
    if (saved)
        errno = saved;
failed:
    saved = errno;
    /* one write, so that a reader sees the whole message at once */
    char buf[128];
    size_t n = 0;
    if (saved) {
        char hex[2 * sizeof(int)];
        size_t nh = 0;
        for (unsigned e = (unsigned)saved; e && nh < sizeof hex; e /= 16)
            hex[nh++] = "0123456789abcdef"[e % 16];
        memcpy(buf, "OSError:", 8);
        n = 8;
        while (nh)
            buf[n++] = hex[--nh];
        buf[n++] = ':';
        if (!reached_exec) {
            memcpy(buf + n, "noexec", 6);
            n += 6;
        }
    } else {
        if (!msg)
            msg = "";
        size_t m = strlen(msg);
        m = m < sizeof buf - 18 ? m : sizeof buf - 18;
        memcpy(buf, "SubprocessError:0:", 18);
        memcpy(buf + 18, msg, m);
        n = 18 + m;
    }
    write_all(c->errpipe_write, buf, n);
    _exit(255);
}

/* ---- the parent: arguments to C ---------------------------------------- */

static const char *fs_path(Value v, Value keep);

/* A NULL-terminated array of the items of seq (None: NULL and *none set):
 * bytes only (executable_list, env, as CPython), or anything os.fsencode
 * takes (args); holders go to keep.  The array is malloc'd. */
static char **fs_array(Value seq, Value keep, const char *what, bool *none, bool bytes_only)
{
    *none = IS_NONE(seq);
    if (*none)
        return NULL;
    Value l = obj_to_list(seq);
    if (!l) {
        if (err_matches(exc_TypeError)) {
            err_clear();
            err_format(exc_TypeError, "%s must be a sequence", what);
        }
        return NULL;
    }
    int64_t n = AS_LIST(l)->len;
    if (list_append(keep, l) < 0)
        return NULL;
    char **out = calloc((size_t)n + 1, sizeof *out);
    if (!out) {
        err_no_memory();
        return NULL;
    }
    for (int64_t i = 0; i < n; i++) {
        Value item = AS_LIST(l)->items[i];
        if (bytes_only && !BYTES_CHECK(item)) {
            free(out);
            err_format(exc_TypeError, "expected bytes, %s found", TYPE(item)->name);
            return NULL;
        }
        const char *s = fs_path(item, keep);
        if (!s) {
            free(out);
            return NULL;
        }
        out[i] = (char *)s;
    }
    return out;
}

/* PyUnicode_FSConverter: str, bytes or os.PathLike to a C string (no NUL
 * inside), its holder kept alive in keep. */
static const char *fs_path(Value v, Value keep)
{
    PathArg p = PATH_ARG(NULL, "path", false, false);
    if (posix_path(v, &p) < 0) {
        if (err_matches(exc_TypeError)) {
            err_clear();
            err_format(exc_TypeError, "expected str, bytes or os.PathLike object, not %T", v);
        } else if (err_matches(exc_ValueError)) {
            err_clear();
            err_set(exc_ValueError, "embedded null byte");
        }
        return NULL;
    }
    return list_append(keep, p.holder) < 0 ? NULL : p.narrow;
}

/* uid/gid arguments: None (leave alone) or an int that fits the type. */
static int id_arg(Value v, bool *set, long long *out, const char *what)
{
    *set = !IS_NONE(v);
    if (!*set)
        return 0;
    if (posix_long_arg(v, out) < 0)
        return -1;
    if (*out < 0 || *out > (long long)UINT32_MAX - 1) {
        err_format(exc_OverflowError, "%s is out of range", what);
        return -1;
    }
    return 0;
}

static Value fork_exec(Value *args, int nargs, ObjTuple *kw)
{
    if (args_check("fork_exec", nargs, kw, 23, 23) < 0)
        return VNULL;
    Child c = {0};
    Value keep = list_new(0);
    Value result = VNULL;
    bool none;
    if (!keep)
        return VNULL;
    c.argv = fs_array(args[0], keep, "args", &none, false);
    if (!c.argv && !none)
        goto out;
    c.exec_list = fs_array(args[1], keep, "executable_list", &none, true);
    if (!c.exec_list) {
        if (none)
            err_set(exc_TypeError, "executable_list must be a sequence");
        goto out;
    }
    if (none || !c.argv) { /* args None: argv is just the executable's name */
        free(c.argv);
        c.argv = calloc(2, sizeof *c.argv);
        if (!c.argv) {
            err_no_memory();
            goto out;
        }
        c.argv[0] = c.exec_list[0];
    }
    int truth = obj_truthy(args[2]);
    if (truth < 0)
        goto out;
    c.close_fds = truth;
    if (!TUPLE_CHECK(args[3])) {
        err_format(exc_TypeError, "fork_exec() argument 4 must be tuple, not %T", args[3]);
        goto out;
    }
    ObjTuple *fds = AS_TUPLE(args[3]);
    c.nkeep = (int)fds->len;
    c.keep = calloc((size_t)c.nkeep + 1, sizeof *c.keep);
    if (!c.keep) {
        err_no_memory();
        goto out;
    }
    for (int i = 0; i < c.nkeep; i++) {
        Value v = fds->items[i];
        int64_t fd;
        if (!IS_INT(v) || (fd = AS_INT(v)) < 0 || fd > INT32_MAX ||
            (i > 0 && fd <= c.keep[i - 1])) {
            err_set(exc_ValueError, "bad value(s) in fds_to_keep");
            goto out;
        }
        c.keep[i] = (int)fd;
    }
    if (!IS_NONE(args[4])) {
        if (!(c.cwd = fs_path(args[4], keep)))
            goto out;
    }
    c.envp = fs_array(args[5], keep, "env", &none, true);
    if (!c.envp && !none)
        goto out;
    int *fdargs[8] = {&c.p2cread, &c.p2cwrite, &c.c2pread, &c.c2pwrite,
                      &c.errread, &c.errwrite, &c.errpipe_read, &c.errpipe_write};
    for (int i = 0; i < 8; i++)
        if (posix_c_int(args[6 + i], fdargs[i], true) < 0)
            goto out;
    if (c.close_fds && c.errpipe_write < 3) {
        err_set(exc_ValueError, "errpipe_write must be >= 3");
        goto out;
    }
    if ((truth = obj_truthy(args[14])) < 0)
        goto out;
    c.restore_signals = truth;
    if ((truth = obj_truthy(args[15])) < 0)
        goto out;
    c.call_setsid = truth;
    int pgid;
    if (posix_c_int(args[16], &pgid, true) < 0)
        goto out;
    c.pgid_to_set = pgid;
    long long id;
    if (id_arg(args[17], &c.set_gid, &id, "gid") < 0)
        goto out;
    c.gid = (gid_t)id;
    if (!IS_NONE(args[18])) {
        Value gl = obj_to_list(args[18]);
        if (!gl) {
            err_clear();
            err_set(exc_TypeError, "extra_groups must be a list");
            goto out;
        }
        c.set_groups = true;
        c.ngroups = (int)AS_LIST(gl)->len;
        c.groups = calloc((size_t)c.ngroups + 1, sizeof *c.groups);
        if (!c.groups) {
            err_no_memory();
            goto out;
        }
        for (int i = 0; i < c.ngroups; i++) {
            bool set;
            if (id_arg(AS_LIST(gl)->items[i], &set, &id, "gid") < 0)
                goto out;
            c.groups[i] = (gid_t)id;
        }
    }
    if (id_arg(args[19], &c.set_uid, &id, "uid") < 0)
        goto out;
    c.uid = (uid_t)id;
    if (posix_c_int(args[20], &c.child_umask, true) < 0)
        goto out;
    c.preexec_fn = args[21];

    pid_t pid;
    if (!IS_NONE(c.preexec_fn)) {
        /* Python code in the child: the interpreter's own fork */
        Value p = posix_fork();
        if (!p)
            goto out;
        pid = (pid_t)AS_INT(p);
    } else {
        pid = fork();
        if (pid < 0) {
            err_from_errno(exc_OSError, NULL);
            goto out;
        }
        if (pid > 0 && trace_on && vm_cur->gil_data)
            trace_event(vm_cur->gil_data, TR_FORK, 0, 0, (int)pid, gil_now_ns());
    }
    if (pid == 0)
        child_exec(&c);
    result = MK_INT(pid);
out:
    free(c.argv);
    free(c.exec_list);
    free(c.envp);
    free(c.keep);
    free(c.groups);
    return result;
}

static const MethodDef fns[] = {
    {"fork_exec", fork_exec},
    {NULL, NULL},
};

Value mod_posixsubprocess_init(void)
{
    Value mv = module_new(str_intern_cstr("_posixsubprocess"));
    if (!mv)
        return VNULL;
    for (const MethodDef *d = fns; d->name; d++)
        module_add_fn(AS_MODULE(mv), d->name, d->fn);
    return mv;
}
