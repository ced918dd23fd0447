/* modules/_signal.c — _signal, the C module under CPython's Lib/signal.py,
 * and how signals reach scripts.  Until signal.py (it needs enum) runs on
 * baton, the same functions are also registered as the module `signal`.
 *
 * A C signal handler may do almost nothing, so ours only records the
 * signal, writes its number to the wakeup fd if one is set, and sets
 * EB_SIGNAL in the eval breaker.  The main thread runs the script-level
 * handler at its next safepoint (signal_run_pending, from
 * vm_handle_breaker), as CPython does; the default SIGINT handler raises
 * KeyboardInterrupt.  Handlers are installed without SA_RESTART (unless
 * siginterrupt(sig, False) asked for it), so a main thread blocked in a
 * system call (a lock wait, sleep, a read) wakes up with EINTR and can act
 * on the signal at once.  Other threads block SIGINT (modules/_thread.c),
 * so the kernel delivers it to the main thread.
 *
 * At start-up, as CPython: SIGPIPE and SIGXFSZ are ignored (a write to a
 * closed pipe raises BrokenPipeError), SIGINT gets the KeyboardInterrupt
 * handler unless it was ignored, and getsignal() reports what the process
 * inherited for the others.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <fcntl.h>
#include <unistd.h>

#include "exceptions.h"
#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "posix.h"
#include "signals.h"
#include "structseq.h"

#define NSIGNALS 65

/* Atomics, not volatile: the handler runs in one thread and other threads
 * read the flags; lock-free atomics are also safe in a signal handler. */
static _Atomic int pending[NSIGNALS];
static _Atomic int any_pending;
static _Atomic int wakeup_fd = -1;
/* handlers[i]: SIG_DFL (0) / SIG_IGN (1) as small ints, None for a
 * disposition set outside Python, the default int handler, or a callable. */
static Value handlers[NSIGNALS];
static Value default_int_handler;
static bool restart[NSIGNALS];   /* siginterrupt(sig, False) */
static Value itimer_error;

static void on_signal(int sig)
{
    int saved = errno;
    if (sig > 0 && sig < NSIGNALS) {
        pending[sig] = 1;
        any_pending = 1;
        vm_request(EB_SIGNAL);
        int fd = wakeup_fd;
        if (fd >= 0) {
            unsigned char b = (unsigned char)sig;
            ssize_t r = write(fd, &b, 1);
            (void)r;
        }
    }
    errno = saved;
}

static int install(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: blocking calls return EINTR */
    sa.sa_flags = restart[sig] ? SA_RESTART : 0;
    return sigaction(sig, &sa, NULL);
}

static Value default_int_handler_fn(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    return err_set_value(OBJ_VAL(exc_KeyboardInterrupt));
}

void signal_init(void)
{
    for (int i = 0; i < NSIGNALS; i++) {
        struct sigaction sa;
        handlers[i] = NONE;
        if (i > 0 && sigaction(i, NULL, &sa) == 0)
            handlers[i] = sa.sa_handler == SIG_DFL ? MK_INT(0)
                          : sa.sa_handler == SIG_IGN ? MK_INT(1) : NONE;
        gc_add_root_value(&handlers[i]);
    }
    default_int_handler = native_new("default_int_handler", default_int_handler_fn, VNULL);
    gc_add_root_value(&default_int_handler);
    if (handlers[SIGINT] == MK_INT(0)) {
        handlers[SIGINT] = default_int_handler;
        install(SIGINT, on_signal);
    }
    signal(SIGPIPE, SIG_IGN);
    handlers[SIGPIPE] = MK_INT(1);
    signal(SIGXFSZ, SIG_IGN);
    handlers[SIGXFSZ] = MK_INT(1);
}

bool signal_pending(void) { return any_pending != 0; }

/* A handler written in Python is installed: such a handler could release a
 * lock that every thread waits on, so a wait is no deadlock (deadlock.c). */
bool signal_has_script_handler(void)
{
    for (int i = 1; i < NSIGNALS; i++)
        if (!IS_INT(handlers[i]) && handlers[i] != NONE && handlers[i] != default_int_handler)
            return true;
    return false;
}

int signal_run_pending(void)
{
    vm_clear_request(EB_SIGNAL);
    /* Only the main thread runs handlers; gil_take renews the request when
     * the main thread next gets the GIL. */
    if (vm_cur != vm_main_thread)
        return 0;
    if (!any_pending)
        return 0;
    any_pending = 0;
    for (int i = 1; i < NSIGNALS; i++) {
        if (!pending[i])
            continue;
        pending[i] = 0;
        Value h = handlers[i];
        if (IS_INT(h) || IS_NONE(h))
            continue;
        Value r = obj_call2(h, MK_INT(i), NONE);
        if (!r) {
            /* Run the rest at the next safepoint. */
            for (int j = i + 1; j < NSIGNALS; j++)
                if (pending[j]) {
                    any_pending = 1;
                    vm_request(EB_SIGNAL);
                }
            return -1;
        }
    }
    return 0;
}

int signal_interrupted(void)
{
    if (atomic_load(&vm_eval_breaker) & EB_SIGNAL)
        return vm_handle_breaker();
    return 0;
}

int signal_retry_or_raise(int err)
{
    if (err == EINTR)
        return signal_interrupted();
    errno = err;
    err_from_errno(exc_OSError, NULL);
    return -1;
}

void signal_reset_after_fork(void)
{
    for (int i = 0; i < NSIGNALS; i++)
        pending[i] = 0;
    any_pending = 0;
}

/* Run the handlers of signals that arrived during a call (raise, kill). */
static Value check_signals(void)
{
    return signal_pending() && signal_run_pending() < 0 ? VNULL : NONE;
}

/* ---- arguments ---------------------------------------------------------- */

static int signum_arg(Value v, int *out)
{
    if (posix_int_arg(v, out) < 0)
        return -1;
    if (*out < 1 || *out >= NSIGNALS) {
        err_set(exc_ValueError, "signal number out of range");
        return -1;
    }
    return 0;
}

/* An iterable of signal numbers as a sigset_t. */
static int sigset_arg(Value v, sigset_t *set)
{
    Value l = obj_to_list(v);
    if (!l)
        return -1;
    sigemptyset(set);
    for (int64_t i = 0; i < AS_LIST(l)->len; i++) {
        int64_t n;
        if (obj_as_int64(AS_LIST(l)->items[i], &n) < 0)
            return -1;
        if (n < 1 || n >= NSIGNALS) {
            err_format(exc_ValueError, "signal number %lld out of range [1; %d]", (long long)n,
                       NSIGNALS - 1);
            return -1;
        }
        sigaddset(set, (int)n);
    }
    return 0;
}

static Value sigset_value(const sigset_t *set)
{
    Value s = set_new(&type_set);
    for (int i = 1; s && i < NSIGNALS; i++)
        if (sigismember(set, i) == 1 && set_add(s, MK_INT(i)) < 0)
            return VNULL;
    return s;
}

static int main_thread_only(const char *what)
{
    if (vm_cur == vm_main_thread)
        return 0;
    err_format(exc_ValueError, "%s only works in main thread of the main interpreter", what);
    return -1;
}

/* ---- handlers ----------------------------------------------------------- */

static Value sig_signal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("signal", nargs, kwnames, 2, 2) < 0 || main_thread_only("signal") < 0 ||
        signum_arg(args[0], &sig) < 0)
        return VNULL;
    Value h = args[1];
    void (*fn)(int);
    if ((IS_INT(h) || IS_BOOL(h)) && (h == MK_INT(0) || h == MK_INT(1) || IS_BOOL(h)))
        fn = h == MK_INT(0) || h == FALSE_V ? SIG_DFL : SIG_IGN;
    else if (TYPE(h)->call)
        fn = on_signal;
    else
        return err_set(exc_TypeError, "signal handler must be signal.SIG_IGN, "
                                      "signal.SIG_DFL, or a callable object");
    if (install(sig, fn) < 0)
        return err_from_errno(exc_OSError, NULL);
    Value old = handlers[sig];
    handlers[sig] = IS_BOOL(h) ? MK_INT(h == TRUE_V) : h;
    return old;
}

static Value sig_getsignal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("getsignal", nargs, kwnames, 1, 1) < 0 || signum_arg(args[0], &sig) < 0)
        return VNULL;
    return handlers[sig];
}

static Value sig_siginterrupt(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig, flag;
    if (args_check("siginterrupt", nargs, kwnames, 2, 2) < 0 || signum_arg(args[0], &sig) < 0 ||
        posix_int_arg(args[1], &flag) < 0)
        return VNULL;
    restart[sig] = !flag;
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) < 0)
        return err_from_errno(exc_OSError, NULL);
    sa.sa_flags = flag ? sa.sa_flags & ~SA_RESTART : sa.sa_flags | SA_RESTART;
    if (sigaction(sig, &sa, NULL) < 0)
        return err_from_errno(exc_OSError, NULL);
    return NONE;
}

static Value sig_set_wakeup_fd(Value *args, int nargs, ObjTuple *kwnames)
{
    static const char *const params[] = {"fd", "warn_on_full_buffer", NULL};
    Value a[2];
    int fd;
    if (args_parse("set_wakeup_fd", args, nargs, kwnames, params, 1, 1, a) < 0 ||
        posix_int_arg(a[0], &fd) < 0 || main_thread_only("set_wakeup_fd") < 0)
        return VNULL;
    if (fd != -1) {
        struct stat st;
        if (fstat(fd, &st) < 0)
            return err_from_errno(exc_OSError, NULL);
        int fl = fcntl(fd, F_GETFL);
        if (fl < 0)
            return err_from_errno(exc_OSError, NULL);
        if (!(fl & O_NONBLOCK))
            return err_format(exc_ValueError, "the fd %d must be in non-blocking mode", fd);
    }
    return MK_INT(atomic_exchange(&wakeup_fd, fd));
}

/* ---- sending and waiting ------------------------------------------------ */

static Value sig_raise_signal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("raise_signal", nargs, kwnames, 1, 1) < 0 || signum_arg(args[0], &sig) < 0)
        return VNULL;
    if (raise(sig) != 0)
        return err_from_errno(exc_OSError, NULL);
    return check_signals();
}

static Value sig_pthread_kill(Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t tid;
    int sig;
    if (args_check("pthread_kill", nargs, kwnames, 2, 2) < 0 || obj_as_int64(args[0], &tid) < 0 ||
        posix_int_arg(args[1], &sig) < 0)
        return VNULL;
    int r = pthread_kill((pthread_t)tid, sig);
    if (r) {
        errno = r;
        return err_from_errno(exc_OSError, NULL);
    }
    return check_signals();
}

static Value sig_pthread_sigmask(Value *args, int nargs, ObjTuple *kwnames)
{
    int how;
    sigset_t set, old;
    if (args_check("pthread_sigmask", nargs, kwnames, 2, 2) < 0 || posix_int_arg(args[0], &how) < 0 ||
        sigset_arg(args[1], &set) < 0)
        return VNULL;
    int r = pthread_sigmask(how, &set, &old);
    if (r) {
        errno = r;
        return err_from_errno(exc_OSError, NULL);
    }
    if (!check_signals())
        return VNULL;
    return sigset_value(&old);
}

static Value sig_sigpending(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("sigpending", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    sigset_t set;
    if (sigpending(&set) < 0)
        return err_from_errno(exc_OSError, NULL);
    return sigset_value(&set);
}

static Value sig_sigwait(Value *args, int nargs, ObjTuple *kwnames)
{
    sigset_t set;
    if (args_check("sigwait", nargs, kwnames, 1, 1) < 0 || sigset_arg(args[0], &set) < 0)
        return VNULL;
    int sig, r;
    GIL_RELEASE(BLOCK_SLEEP);
    r = sigwait(&set, &sig);
    GIL_ACQUIRE();
    if (r) {
        errno = r;
        return err_from_errno(exc_OSError, NULL);
    }
    return MK_INT(sig);
}

static const char *const siginfo_fields[] = {"si_signo", "si_code", "si_errno", "si_pid",
                                             "si_uid", "si_status", "si_band", NULL};
static const StructSeqDesc siginfo_desc = {"signal.struct_siginfo", siginfo_fields, 7, NULL};
static StructSeqType siginfo_type;

static Value siginfo_value(const siginfo_t *si)
{
    Value r = structseq_new(&siginfo_type);
    int64_t v[7] = {si->si_signo, si->si_code, si->si_errno, si->si_pid, si->si_uid,
                    si->si_status, si->si_band};
    for (int i = 0; i < 7; i++)
        STRUCTSEQ_SET(r, i, int_from_i64(v[i]));
    return r;
}

/* sigwaitinfo(sigset) / sigtimedwait(sigset, timeout): the GIL released,
 * retried after EINTR once the handlers ran (with the time left). */
static Value wait_info(Value set_arg, double timeout)
{
    sigset_t set;
    if (sigset_arg(set_arg, &set) < 0)
        return VNULL;
    struct timespec deadline;
    if (timeout >= 0)
        gil_deadline_in(&deadline, timeout);
    for (;;) {
        siginfo_t si;
        int r, err;
        struct timespec left = {0, 0};
        if (timeout >= 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            int64_t ns = (int64_t)(deadline.tv_sec - now.tv_sec) * 1000000000 +
                         (deadline.tv_nsec - now.tv_nsec);
            if (ns > 0)
                left = (struct timespec){(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
        }
        GIL_RELEASE(BLOCK_SLEEP);
        r = timeout >= 0 ? sigtimedwait(&set, &si, &left) : sigwaitinfo(&set, &si);
        err = errno;
        GIL_ACQUIRE();
        if (r >= 0)
            return siginfo_value(&si);
        if (err == EAGAIN && timeout >= 0)
            return NONE;
        if (err != EINTR) {
            errno = err;
            return err_from_errno(exc_OSError, NULL);
        }
        if (signal_interrupted() < 0)
            return VNULL;
    }
}

static Value sig_sigwaitinfo(Value *args, int nargs, ObjTuple *kwnames)
{
    if (args_check("sigwaitinfo", nargs, kwnames, 1, 1) < 0)
        return VNULL;
    return wait_info(args[0], -1);
}

static Value sig_sigtimedwait(Value *args, int nargs, ObjTuple *kwnames)
{
    double t;
    if (args_check("sigtimedwait", nargs, kwnames, 2, 2) < 0 || num_to_double(args[1], &t) < 0)
        return VNULL;
    if (t < 0)
        return err_set(exc_ValueError, "timeout must be non-negative");
    return wait_info(args[0], t);
}

static Value sig_pause(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("pause", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    GIL_RELEASE(BLOCK_SLEEP);
    pause();
    GIL_ACQUIRE();
    return check_signals();
}

/* ---- timers ------------------------------------------------------------- */

static Value sig_alarm(Value *args, int nargs, ObjTuple *kwnames)
{
    int s;
    if (args_check("alarm", nargs, kwnames, 1, 1) < 0 || posix_int_arg(args[0], &s) < 0)
        return VNULL;
    return MK_INT(alarm((unsigned)s));
}

static void to_timeval(double d, struct timeval *tv)
{
    tv->tv_sec = (time_t)d;
    tv->tv_usec = (suseconds_t)((d - (double)tv->tv_sec) * 1e6);
    if (d > 0 && tv->tv_sec == 0 && tv->tv_usec == 0)
        tv->tv_usec = 1; /* don't turn a tiny delay into "disarm" */
}

static Value itimer_value(const struct itimerval *v)
{
    return tuple_pack(2, float_new((double)v->it_value.tv_sec + (double)v->it_value.tv_usec / 1e6),
                      float_new((double)v->it_interval.tv_sec + (double)v->it_interval.tv_usec / 1e6));
}

static Value raise_itimer_error(void)
{
    int e = errno;
    Value a = tuple_pack(2, MK_INT(e), str_from_cstr(strerror(e)));
    Value x = a ? obj_call(itimer_error, AS_TUPLE(a)->items, 2, NULL) : VNULL;
    return x ? err_set_value(x) : VNULL;
}

static Value sig_setitimer(Value *args, int nargs, ObjTuple *kwnames)
{
    int which;
    double secs, interval = 0;
    if (args_check("setitimer", nargs, kwnames, 2, 3) < 0 || posix_int_arg(args[0], &which) < 0 ||
        num_to_double(args[1], &secs) < 0 || (nargs > 2 && num_to_double(args[2], &interval) < 0))
        return VNULL;
    struct itimerval nv, old;
    to_timeval(secs, &nv.it_value);
    to_timeval(interval, &nv.it_interval);
    if (setitimer(which, &nv, &old) < 0)
        return raise_itimer_error();
    return itimer_value(&old);
}

static Value sig_getitimer(Value *args, int nargs, ObjTuple *kwnames)
{
    int which;
    if (args_check("getitimer", nargs, kwnames, 1, 1) < 0 || posix_int_arg(args[0], &which) < 0)
        return VNULL;
    struct itimerval v;
    if (getitimer(which, &v) < 0)
        return raise_itimer_error();
    return itimer_value(&v);
}

/* ---- information -------------------------------------------------------- */

static Value sig_strsignal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("strsignal", nargs, kwnames, 1, 1) < 0 || signum_arg(args[0], &sig) < 0)
        return VNULL;
    const char *s = strsignal(sig);
    if (!s || strstr(s, "Unknown signal"))
        return NONE;
    return str_from_cstr(s);
}

static Value sig_valid_signals(Value *args, int nargs, ObjTuple *kwnames)
{
    (void)args;
    if (args_check("valid_signals", nargs, kwnames, 0, 0) < 0)
        return VNULL;
    sigset_t set;
    sigfillset(&set);
    return sigset_value(&set);
}

static const MethodDef signal_fns[] = {
    {"signal", sig_signal}, {"getsignal", sig_getsignal}, {"siginterrupt", sig_siginterrupt},
    {"set_wakeup_fd", sig_set_wakeup_fd}, {"raise_signal", sig_raise_signal},
    {"pthread_kill", sig_pthread_kill}, {"pthread_sigmask", sig_pthread_sigmask},
    {"sigpending", sig_sigpending}, {"sigwait", sig_sigwait}, {"sigwaitinfo", sig_sigwaitinfo},
    {"sigtimedwait", sig_sigtimedwait}, {"pause", sig_pause}, {"alarm", sig_alarm},
    {"setitimer", sig_setitimer}, {"getitimer", sig_getitimer}, {"strsignal", sig_strsignal},
    {"valid_signals", sig_valid_signals}, {NULL, NULL},
};

static const IntConstDef signal_consts[] = {
    {"NSIG", NSIGNALS}, {"SIG_DFL", 0}, {"SIG_IGN", 1},
    {"SIG_BLOCK", SIG_BLOCK}, {"SIG_UNBLOCK", SIG_UNBLOCK}, {"SIG_SETMASK", SIG_SETMASK},
    {"ITIMER_REAL", ITIMER_REAL}, {"ITIMER_VIRTUAL", ITIMER_VIRTUAL}, {"ITIMER_PROF", ITIMER_PROF},
    {"SIGHUP", SIGHUP}, {"SIGINT", SIGINT}, {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL},
    {"SIGTRAP", SIGTRAP}, {"SIGIOT", SIGIOT}, {"SIGABRT", SIGABRT}, {"SIGFPE", SIGFPE},
    {"SIGKILL", SIGKILL}, {"SIGBUS", SIGBUS}, {"SIGSEGV", SIGSEGV}, {"SIGSYS", SIGSYS},
    {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM}, {"SIGUSR1", SIGUSR1},
    {"SIGUSR2", SIGUSR2}, {"SIGCLD", SIGCHLD}, {"SIGCHLD", SIGCHLD}, {"SIGPWR", SIGPWR},
    {"SIGIO", SIGIO}, {"SIGURG", SIGURG}, {"SIGWINCH", SIGWINCH}, {"SIGPOLL", SIGPOLL},
    {"SIGSTOP", SIGSTOP}, {"SIGTSTP", SIGTSTP}, {"SIGCONT", SIGCONT}, {"SIGTTIN", SIGTTIN},
    {"SIGTTOU", SIGTTOU}, {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF}, {"SIGXCPU", SIGXCPU},
    {"SIGXFSZ", SIGXFSZ}, {"SIGSTKFLT", SIGSTKFLT}, {NULL, 0},
};

static Value signal_module(const char *name)
{
    Value m = module_new(str_intern_cstr(name));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    if (!itimer_error) {
        Value ns = dict_new(), bases = tuple_pack(1, OBJ_VAL(exc_OSError));
        if (!ns || !bases || dict_set_str(AS_DICT(ns), str_intern_cstr("__module__"),
                                          str_from_cstr("signal")) < 0)
            return VNULL;
        itimer_error = type_new_class(str_intern_cstr("itimer_error"), AS_TUPLE(bases), AS_DICT(ns));
        if (!itimer_error)
            return VNULL;
        gc_add_root_value(&itimer_error);
        structseq_init_type(&siginfo_type, &siginfo_desc);
    }
    for (const MethodDef *d = signal_fns; d->name; d++)
        module_add_fn(mod, d->name, d->fn);
    module_add_ints(mod, signal_consts);
    module_add(mod, "SIGRTMIN", MK_INT(SIGRTMIN));
    module_add(mod, "SIGRTMAX", MK_INT(SIGRTMAX));
    module_add(mod, "default_int_handler", default_int_handler);
    module_add(mod, "ItimerError", itimer_error);
    module_add(mod, "struct_siginfo", OBJ_VAL(&siginfo_type.type));
    return m;
}

Value mod__signal_init(void) { return signal_module("_signal"); }
Value mod_signal_init(void) { return signal_module("signal"); }
