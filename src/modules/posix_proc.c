/* modules/posix_proc.c — the process half of the posix module: fork with
 * at-fork handlers, exec, wait and the W* status macros, signals to
 * processes, user/group/session ids, times(), system().
 *
 * fork() itself is _mp.c's mp_fork (it resets the GIL, the thread table
 * and pending signals in the child); posix_fork runs the handlers of
 * os.register_at_fork around it, in CPython's order: `before` last
 * registered first, the `after_*` ones first registered first.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "mp.h"
#include "posix.h"
#include "signals.h"
#include "structseq.h"
#include "trace.h"

extern char **environ;

/* ---- fork and its handlers ---------------------------------------------- */

static Value at_fork_before, at_fork_parent, at_fork_child; /* lists */

static void run_handlers(Value list, bool reverse)
{
    if (!list)
        return;
    int64_t n = AS_LIST(list)->len;
    for (int64_t k = 0; k < n && k < AS_LIST(list)->len; k++) {
        int64_t i = reverse ? AS_LIST(list)->len - 1 - k : k;
        Value f = AS_LIST(list)->items[i];
        if (!obj_call0(f)) {
            Value exc = err_fetch();
            err_write_unraisable_obj("Exception ignored in: ", f, exc);
        }
    }
}

Value posix_fork(void)
{
    run_handlers(at_fork_before, true);
    Value pid = mp_fork();
    if (!pid)
        return VNULL;
    run_handlers(AS_INT(pid) == 0 ? at_fork_child : at_fork_parent, false);
    return pid;
}

static Value m_fork(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("fork", nargs, kw, 0, 0) < 0)
        return VNULL;
    return posix_fork();
}

static int add_handler(Value *list, Value f)
{
    if (!*list) {
        *list = list_new(0);
        gc_add_root_value(list);
    }
    return list_append(*list, f);
}

static Value m_register_at_fork(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"before", "after_in_child", "after_in_parent", NULL};
    Value a[3];
    if (args_parse("register_at_fork", args, nargs, kw, params, 0, 0, a) < 0)
        return VNULL;
    if (!a[0] && !a[1] && !a[2])
        return err_set(exc_TypeError, "At least one argument is required.");
    for (int i = 0; i < 3; i++)
        if (a[i] && !TYPE(a[i])->call)
            return err_format(exc_TypeError, "'%s' must be callable, not %T", params[i], a[i]);
    if ((a[0] && add_handler(&at_fork_before, a[0]) < 0) ||
        (a[1] && add_handler(&at_fork_child, a[1]) < 0) ||
        (a[2] && add_handler(&at_fork_parent, a[2]) < 0))
        return VNULL;
    return NONE;
}

/* ---- exec --------------------------------------------------------------- */

/* A NULL-terminated argv/envp in malloc'd memory over the objects' bytes;
 * the objects stay alive in `keep` (a list). */
static char **cstr_array(Value seq, int64_t n, Value keep, const char *fn, bool env)
{
    char **out = calloc((size_t)n + 1, sizeof(char *));
    if (!out) {
        err_no_memory();
        return NULL;
    }
    for (int64_t i = 0; i < n; i++) {
        Value item = IS_LIST(seq) ? AS_LIST(seq)->items[i] : AS_TUPLE(seq)->items[i];
        PathArg p = PATH_ARG(NULL, env ? "env" : "args", false, false);
        if (posix_path(item, &p) < 0 || list_append(keep, p.holder) < 0) {
            if (err_matches(exc_TypeError) && !env) {
                err_clear();
                err_format(exc_TypeError, "expected str, bytes or os.PathLike object, not %T", item);
            }
            free(out);
            return NULL;
        }
        out[i] = (char *)p.narrow;
    }
    (void)fn;
    return out;
}

static char **argv_arg(Value argv, Value keep, const char *fn)
{
    if (!IS_LIST(argv) && !IS_TUPLE(argv)) {
        err_format(exc_TypeError, "%s() arg 2 must be a tuple or list", fn);
        return NULL;
    }
    int64_t n = IS_LIST(argv) ? AS_LIST(argv)->len : AS_TUPLE(argv)->len;
    if (n < 1) {
        err_format(exc_ValueError, "%s() arg 2 must not be empty", fn);
        return NULL;
    }
    char **a = cstr_array(argv, n, keep, fn, false);
    if (a && !a[0][0]) {
        free(a);
        err_format(exc_ValueError, "%s() arg 2 first element cannot be empty", fn);
        return NULL;
    }
    return a;
}

/* "KEY=VALUE" strings from a mapping. */
static char **envp_arg(Value env, Value keep)
{
    Value keys = obj_call_method(env, str_intern_cstr("keys"), NULL, 0);
    Value kl = keys ? obj_to_list(keys) : VNULL;
    if (!kl)
        return NULL;
    int64_t n = AS_LIST(kl)->len;
    Value items = list_new(n);
    for (int64_t i = 0; i < n; i++) {
        Value k = AS_LIST(kl)->items[i], v = obj_getitem(env, k);
        PathArg pk = PATH_ARG(NULL, "env", false, false), pv = PATH_ARG(NULL, "env", false, false);
        if (!v || posix_path(k, &pk) < 0 || posix_path(v, &pv) < 0)
            return NULL;
        if (!pk.narrow[0] || strchr(pk.narrow + 1, '=')) {
            err_set(exc_ValueError, "illegal environment variable name");
            return NULL;
        }
        StrBuf b;
        sb_init(&b);
        sb_adds(&b, pk.narrow);
        sb_addc(&b, '=');
        sb_adds(&b, pv.narrow);
        Value s = bytes_new((const uint8_t *)b.data, b.len);
        sb_free(&b);
        if (!s)
            return NULL;
        AS_LIST(items)->items[i] = s;
    }
    return cstr_array(items, n, keep, "execve", true);
}

static Value exec_common(const char *fn, Value *args, int nargs, ObjTuple *kw, bool with_env)
{
    static const char *const params[] = {"path", "argv", "env", NULL};
    Value a[3];
    if (args_parse(fn, args, nargs, kw, params, with_env ? 3 : 2, with_env ? 3 : 2, a) < 0)
        return VNULL;
    PathArg p = PATH_ARG(fn, "path", false, with_env);
    Value keep = list_new(0);
    if (posix_path(a[0], &p) < 0)
        return VNULL;
    char **argv = argv_arg(a[1], keep, fn);
    if (!argv)
        return VNULL;
    char **envp = environ;
    if (with_env) {
        if (!IS_DICT(a[2]) && !type_lookup(TYPE(a[2]), str_intern_cstr("keys"))) {
            free(argv);
            return err_set(exc_TypeError, "execve: environment must be a mapping object");
        }
        if (!(envp = envp_arg(a[2], keep))) {
            free(argv);
            return VNULL;
        }
    }
    if (p.fd >= 0)
        fexecve(p.fd, argv, envp);
    else
        execve(p.narrow, argv, envp);
    int err = errno;
    free(argv);
    if (envp != environ)
        free(envp);
    return posix_error(err, VNULL, VNULL);
}

static Value m_execv(Value *a, int n, ObjTuple *k) { return exec_common("execv", a, n, k, false); }
static Value m_execve(Value *a, int n, ObjTuple *k) { return exec_common("execve", a, n, k, true); }

/* ---- waiting ------------------------------------------------------------ */

/* waitpid/wait with the GIL released unless WNOHANG; EINTR retried. */
static pid_t wait_for(pid_t pid, int *status, int options, struct rusage *ru, int *perr)
{
    pid_t r;
    int err;
    if (options & WNOHANG) {
        r = wait4(pid, status, options, ru);
        *perr = r < 0 ? errno : 0;
        return r;
    }
    BLOCKING_CALL(BLOCK_PROCESS, r, err, wait4(pid, status, options, ru));
    *perr = err;
    return r;
}

static Value m_waitpid(Value *args, int nargs, ObjTuple *kw)
{
    int pid, options, status = 0, err;
    if (args_check("waitpid", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &pid) < 0 ||
        posix_int_arg(args[1], &options) < 0)
        return VNULL;
    pid_t r = wait_for(pid, &status, options, NULL, &err);
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return tuple_pack(2, MK_INT(r), MK_INT(status));
}

static Value m_wait(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    int status = 0, err;
    if (args_check("wait", nargs, kw, 0, 0) < 0)
        return VNULL;
    pid_t r = wait_for(-1, &status, 0, NULL, &err);
    if (err)
        return err < 0 ? VNULL : posix_error(err, VNULL, VNULL);
    return tuple_pack(2, MK_INT(r), MK_INT(status));
}

enum { W_IFEXITED, W_EXITSTATUS, W_IFSIGNALED, W_TERMSIG, W_IFSTOPPED, W_STOPSIG,
       W_IFCONTINUED, W_COREDUMP, W_TO_EXITCODE };

static Value wstatus(const char *fn, Value *args, int nargs, ObjTuple *kw, int which)
{
    static const char *const params[] = {"status", NULL};
    Value a[1];
    int s;
    if (args_parse(fn, args, nargs, kw, params, 1, 1, a) < 0 || posix_int_arg(a[0], &s) < 0)
        return VNULL;
    switch (which) {
    case W_IFEXITED: return BOOL_V(WIFEXITED(s));
    case W_EXITSTATUS: return MK_INT(WEXITSTATUS(s));
    case W_IFSIGNALED: return BOOL_V(WIFSIGNALED(s));
    case W_TERMSIG: return MK_INT(WTERMSIG(s));
    case W_IFSTOPPED: return BOOL_V(WIFSTOPPED(s));
    case W_STOPSIG: return MK_INT(WSTOPSIG(s));
    case W_IFCONTINUED: return BOOL_V(WIFCONTINUED(s));
    case W_COREDUMP: return BOOL_V(WCOREDUMP(s));
    default:
        if (WIFEXITED(s))
            return MK_INT(WEXITSTATUS(s));
        if (WIFSIGNALED(s))
            return MK_INT(-WTERMSIG(s));
        if (WIFSTOPPED(s))
            return err_format(exc_ValueError, "process stopped by delivery of signal %d",
                              WSTOPSIG(s));
        return err_format(exc_ValueError, "invalid wait status: %d", s);
    }
}

#define WSTATUS_FN(NAME, WHICH) \
    static Value m_##NAME(Value *a, int n, ObjTuple *k) { return wstatus(#NAME, a, n, k, WHICH); }
WSTATUS_FN(WIFEXITED, W_IFEXITED)
WSTATUS_FN(WEXITSTATUS, W_EXITSTATUS)
WSTATUS_FN(WIFSIGNALED, W_IFSIGNALED)
WSTATUS_FN(WTERMSIG, W_TERMSIG)
WSTATUS_FN(WIFSTOPPED, W_IFSTOPPED)
WSTATUS_FN(WSTOPSIG, W_STOPSIG)
WSTATUS_FN(WIFCONTINUED, W_IFCONTINUED)
WSTATUS_FN(WCOREDUMP, W_COREDUMP)
WSTATUS_FN(waitstatus_to_exitcode, W_TO_EXITCODE)

/* ---- signals to processes, exit ----------------------------------------- */

static Value kill_common(const char *fn, Value *args, int nargs, ObjTuple *kw, bool group)
{
    int pid, sig;
    if (args_check(fn, nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &pid) < 0 ||
        posix_int_arg(args[1], &sig) < 0)
        return VNULL;
    if ((group ? killpg(pid, sig) : kill(pid, sig)) < 0)
        return posix_error(errno, VNULL, VNULL);
    /* A signal to ourselves is handled before kill() returns, as in CPython. */
    if (signal_pending() && signal_run_pending() < 0)
        return VNULL;
    return NONE;
}

static Value m_kill(Value *a, int n, ObjTuple *k) { return kill_common("kill", a, n, k, false); }
static Value m_killpg(Value *a, int n, ObjTuple *k) { return kill_common("killpg", a, n, k, true); }

static Value m_exit(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"status", NULL};
    Value a[1];
    int code;
    if (args_parse("_exit", args, nargs, kw, params, 1, 1, a) < 0 || posix_int_arg(a[0], &code) < 0)
        return VNULL;
    /* A traced child hands its GIL events to the parent first. */
    trace_child_flush();
    _exit(code);
}

static Value m_abort(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("abort", nargs, kw, 0, 0) < 0)
        return VNULL;
    abort();
}

static Value m_system(Value *args, int nargs, ObjTuple *kw)
{
    static const char *const params[] = {"command", NULL};
    Value a[1];
    PathArg p = PATH_ARG("system", "command", false, false);
    if (args_parse("system", args, nargs, kw, params, 1, 1, a) < 0 || posix_path(a[0], &p) < 0)
        return VNULL;
    int r;
    GIL_RELEASE(BLOCK_PROCESS);
    r = system(p.narrow);
    GIL_ACQUIRE();
    return MK_INT(r);
}

/* ---- ids ---------------------------------------------------------------- */

#define ID_GETTER(NAME, EXPR)                                      \
    static Value m_##NAME(Value *args, int nargs, ObjTuple *kw)    \
    {                                                              \
        (void)args;                                                \
        if (args_check(#NAME, nargs, kw, 0, 0) < 0)                \
            return VNULL;                                          \
        return int_from_i64((int64_t)(EXPR));                      \
    }
ID_GETTER(getpid, getpid())
ID_GETTER(getppid, getppid())
ID_GETTER(getuid, getuid())
ID_GETTER(geteuid, geteuid())
ID_GETTER(getgid, getgid())
ID_GETTER(getegid, getegid())
ID_GETTER(getpgrp, getpgrp())

/* f(int) -> int or OSError: getpgid, getsid. */
static Value pid_to_id(const char *fn, Value *args, int nargs, ObjTuple *kw, pid_t (*f)(pid_t))
{
    int pid;
    if (args_check(fn, nargs, kw, 1, 1) < 0 || posix_int_arg(args[0], &pid) < 0)
        return VNULL;
    pid_t r = f(pid);
    return r < 0 ? posix_error(errno, VNULL, VNULL) : MK_INT(r);
}

static Value m_getpgid(Value *a, int n, ObjTuple *k) { return pid_to_id("getpgid", a, n, k, getpgid); }
static Value m_getsid(Value *a, int n, ObjTuple *k) { return pid_to_id("getsid", a, n, k, getsid); }

static Value m_setsid(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("setsid", nargs, kw, 0, 0) < 0)
        return VNULL;
    return setsid() < 0 ? posix_error(errno, VNULL, VNULL) : NONE;
}

static Value m_setpgid(Value *args, int nargs, ObjTuple *kw)
{
    int pid, pgrp;
    if (args_check("setpgid", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &pid) < 0 ||
        posix_int_arg(args[1], &pgrp) < 0)
        return VNULL;
    return setpgid(pid, pgrp) < 0 ? posix_error(errno, VNULL, VNULL) : NONE;
}

/* setuid & co: one id argument. */
static Value set_id(const char *fn, Value *args, int nargs, ObjTuple *kw, int (*f)(unsigned))
{
    long long id;
    if (args_check(fn, nargs, kw, 1, 1) < 0 || posix_long_arg(args[0], &id) < 0)
        return VNULL;
    if (id < 0 || id > (long long)UINT32_MAX)
        return err_format(exc_OverflowError, "%s is greater than maximum",
                          strstr(fn, "gid") ? "gid" : "uid");
    return f((unsigned)id) < 0 ? posix_error(errno, VNULL, VNULL) : NONE;
}

static int do_setuid(unsigned id) { return setuid(id); }
static int do_seteuid(unsigned id) { return seteuid(id); }
static int do_setgid(unsigned id) { return setgid(id); }
static int do_setegid(unsigned id) { return setegid(id); }
static Value m_setuid(Value *a, int n, ObjTuple *k) { return set_id("setuid", a, n, k, do_setuid); }
static Value m_seteuid(Value *a, int n, ObjTuple *k) { return set_id("seteuid", a, n, k, do_seteuid); }
static Value m_setgid(Value *a, int n, ObjTuple *k) { return set_id("setgid", a, n, k, do_setgid); }
static Value m_setegid(Value *a, int n, ObjTuple *k) { return set_id("setegid", a, n, k, do_setegid); }

static Value m_getgroups(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getgroups", nargs, kw, 0, 0) < 0)
        return VNULL;
    int n = getgroups(0, NULL);
    gid_t *g = n > 0 ? malloc((size_t)n * sizeof(gid_t)) : NULL;
    if (n > 0 && !g)
        return err_no_memory();
    if (n < 0 || (n > 0 && (n = getgroups(n, g)) < 0)) {
        int err = errno;
        free(g);
        return posix_error(err, VNULL, VNULL);
    }
    Value l = list_new(n);
    for (int i = 0; i < n; i++)
        AS_LIST(l)->items[i] = MK_INT(g[i]);
    free(g);
    return l;
}

static Value m_getlogin(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("getlogin", nargs, kw, 0, 0) < 0)
        return VNULL;
    char buf[256];
    int r = getlogin_r(buf, sizeof buf);
    if (r)
        return posix_error(r, VNULL, VNULL);
    return posix_fsdecode(buf, strlen(buf), false);
}

static Value m_nice(Value *args, int nargs, ObjTuple *kw)
{
    int inc;
    if (args_check("nice", nargs, kw, 1, 1) < 0 || posix_int_arg(args[0], &inc) < 0)
        return VNULL;
    errno = 0;
    int r = nice(inc);
    if (r == -1 && errno)
        return posix_error(errno, VNULL, VNULL);
    return MK_INT(r);
}

static Value m_getpriority(Value *args, int nargs, ObjTuple *kw)
{
    int which, who;
    if (args_check("getpriority", nargs, kw, 2, 2) < 0 || posix_int_arg(args[0], &which) < 0 ||
        posix_int_arg(args[1], &who) < 0)
        return VNULL;
    errno = 0;
    int r = getpriority(which, (id_t)who);
    if (r == -1 && errno)
        return posix_error(errno, VNULL, VNULL);
    return MK_INT(r);
}

static Value m_setpriority(Value *args, int nargs, ObjTuple *kw)
{
    int which, who, prio;
    if (args_check("setpriority", nargs, kw, 3, 3) < 0 || posix_int_arg(args[0], &which) < 0 ||
        posix_int_arg(args[1], &who) < 0 || posix_int_arg(args[2], &prio) < 0)
        return VNULL;
    return setpriority(which, (id_t)who, prio) < 0 ? posix_error(errno, VNULL, VNULL) : NONE;
}

static Value m_sched_yield(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("sched_yield", nargs, kw, 0, 0) < 0)
        return VNULL;
    GIL_RELEASE(BLOCK_SLEEP);
    sched_yield();
    GIL_ACQUIRE();
    return NONE;
}

/* ---- times() ------------------------------------------------------------ */

static const char *const times_fields[] = {"user", "system", "children_user",
                                           "children_system", "elapsed", NULL};
static const StructSeqDesc times_desc = {"posix.times_result", times_fields, 5, NULL};
static StructSeqType times_type;

static Value m_times(Value *args, int nargs, ObjTuple *kw)
{
    (void)args;
    if (args_check("times", nargs, kw, 0, 0) < 0)
        return VNULL;
    struct tms t;
    clock_t c = times(&t);
    if (c == (clock_t)-1)
        return posix_error(errno, VNULL, VNULL);
    double tick = (double)sysconf(_SC_CLK_TCK);
    double v[5] = {(double)t.tms_utime / tick, (double)t.tms_stime / tick,
                   (double)t.tms_cutime / tick, (double)t.tms_cstime / tick, (double)c / tick};
    Value r = structseq_new(&times_type);
    for (int i = 0; i < 5; i++)
        STRUCTSEQ_SET(r, i, float_new(v[i]));
    return r;
}

/* ---- registration ------------------------------------------------------- */

static const MethodDef proc_fns[] = {
    {"fork", m_fork}, {"register_at_fork", m_register_at_fork},
    {"execv", m_execv}, {"execve", m_execve}, {"waitpid", m_waitpid}, {"wait", m_wait},
    {"WIFEXITED", m_WIFEXITED}, {"WEXITSTATUS", m_WEXITSTATUS},
    {"WIFSIGNALED", m_WIFSIGNALED}, {"WTERMSIG", m_WTERMSIG},
    {"WIFSTOPPED", m_WIFSTOPPED}, {"WSTOPSIG", m_WSTOPSIG},
    {"WIFCONTINUED", m_WIFCONTINUED}, {"WCOREDUMP", m_WCOREDUMP},
    {"waitstatus_to_exitcode", m_waitstatus_to_exitcode},
    {"kill", m_kill}, {"killpg", m_killpg}, {"_exit", m_exit}, {"abort", m_abort},
    {"system", m_system},
    {"getpid", m_getpid}, {"getppid", m_getppid}, {"getuid", m_getuid}, {"geteuid", m_geteuid},
    {"getgid", m_getgid}, {"getegid", m_getegid}, {"getpgrp", m_getpgrp},
    {"getpgid", m_getpgid}, {"getsid", m_getsid}, {"setsid", m_setsid}, {"setpgid", m_setpgid},
    {"setuid", m_setuid}, {"seteuid", m_seteuid}, {"setgid", m_setgid}, {"setegid", m_setegid},
    {"getgroups", m_getgroups}, {"getlogin", m_getlogin}, {"nice", m_nice},
    {"getpriority", m_getpriority}, {"setpriority", m_setpriority},
    {"sched_yield", m_sched_yield}, {"times", m_times},
    {NULL, NULL},
};

static const IntConstDef proc_consts[] = {
    {"WNOHANG", WNOHANG}, {"WUNTRACED", WUNTRACED}, {"WCONTINUED", WCONTINUED},
    {"WEXITED", WEXITED}, {"WSTOPPED", WSTOPPED}, {"WNOWAIT", WNOWAIT},
    {"P_PID", P_PID}, {"P_PGID", P_PGID}, {"P_ALL", P_ALL}, {"P_PIDFD", 3},
    {"CLD_EXITED", CLD_EXITED}, {"CLD_KILLED", CLD_KILLED}, {"CLD_DUMPED", CLD_DUMPED},
    {"CLD_TRAPPED", CLD_TRAPPED}, {"CLD_STOPPED", CLD_STOPPED}, {"CLD_CONTINUED", CLD_CONTINUED},
    {"PRIO_PROCESS", PRIO_PROCESS}, {"PRIO_PGRP", PRIO_PGRP}, {"PRIO_USER", PRIO_USER},
    {"SCHED_OTHER", SCHED_OTHER}, {"SCHED_FIFO", SCHED_FIFO}, {"SCHED_RR", SCHED_RR},
    {"SCHED_BATCH", SCHED_BATCH}, {"SCHED_IDLE", SCHED_IDLE},
    {"SCHED_RESET_ON_FORK", SCHED_RESET_ON_FORK},
    {"EX_OK", EX_OK}, {"EX_USAGE", EX_USAGE}, {"EX_DATAERR", EX_DATAERR},
    {"EX_NOINPUT", EX_NOINPUT}, {"EX_NOUSER", EX_NOUSER}, {"EX_NOHOST", EX_NOHOST},
    {"EX_UNAVAILABLE", EX_UNAVAILABLE}, {"EX_SOFTWARE", EX_SOFTWARE}, {"EX_OSERR", EX_OSERR},
    {"EX_OSFILE", EX_OSFILE}, {"EX_CANTCREAT", EX_CANTCREAT}, {"EX_IOERR", EX_IOERR},
    {"EX_TEMPFAIL", EX_TEMPFAIL}, {"EX_PROTOCOL", EX_PROTOCOL}, {"EX_NOPERM", EX_NOPERM},
    {"EX_CONFIG", EX_CONFIG},
    {NULL, 0},
};

void posix_add_proc(ObjModule *m)
{
    structseq_init_type(&times_type, &times_desc);
    for (const MethodDef *d = proc_fns; d->name; d++)
        module_add_fn(m, d->name, d->fn);
    module_add_ints(m, proc_consts);
    module_add(m, "times_result", OBJ_VAL(&times_type.type));
}
