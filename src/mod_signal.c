/* mod_signal.c — the signal module, and how signals reach scripts.
 *
 * A C signal handler may do almost nothing, so ours only records the
 * signal and sets EB_SIGNAL in the eval breaker.  The main thread runs the
 * script-level handler at its next safepoint (signal_run_pending, from
 * vm_handle_breaker), as CPython does; the default SIGINT handler raises
 * KeyboardInterrupt.  Handlers are installed without SA_RESTART, so a main
 * thread blocked in a system call (a lock wait, sleep, a read) wakes up
 * with EINTR and can act on the signal at once.  Other threads block
 * SIGINT (mod_thread.c), so the kernel delivers it to the main thread.
 */
#include <errno.h>
#include <stdatomic.h>
#include <signal.h>
#include <unistd.h>

#include "gc.h"
#include "gil.h"
#include "modules.h"
#include "signals.h"

#define NSIGNALS 65

/* Atomics, not volatile: the handler runs in one thread and other threads
 * read the flags; lock-free atomics are also safe in a signal handler. */
static _Atomic int pending[NSIGNALS];
static _Atomic int any_pending;
/* handlers[i]: SIG_DFL (0) / SIG_IGN (1) as small ints, the default int
 * handler, or a callable. */
static Value handlers[NSIGNALS];
static Value default_int_handler;

static void on_signal(int sig)
{
    int saved = errno;
    if (sig > 0 && sig < NSIGNALS) {
        pending[sig] = 1;
        any_pending = 1;
        vm_request(EB_SIGNAL);
    }
    errno = saved;
}

static int install(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocking calls return EINTR */
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
        handlers[i] = MK_INT(0);
        gc_add_root_value(&handlers[i]);
    }
    default_int_handler = native_new("default_int_handler", default_int_handler_fn, VNULL);
    gc_add_root_value(&default_int_handler);
    handlers[SIGINT] = default_int_handler;
    install(SIGINT, on_signal);
    /* Writing to a closed pipe raises BrokenPipeError, not death by signal. */
    signal(SIGPIPE, SIG_IGN);
    handlers[SIGPIPE] = MK_INT(1);
}

bool signal_pending(void) { return any_pending != 0; }

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
        if (IS_INT(h))
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

static int signum_arg(Value v, int *out)
{
    int64_t n;
    if (obj_as_int64(v, &n) < 0)
        return -1;
    if (n < 1 || n >= NSIGNALS) {
        err_set(exc_ValueError, "signal number out of range");
        return -1;
    }
    *out = (int)n;
    return 0;
}

static Value sig_signal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("signal", nargs, kwnames, 2, 2) < 0 || signum_arg(args[0], &sig) < 0)
        return VNULL;
    Value h = args[1];
    if (vm_cur != vm_main_thread)
        return err_set(exc_ValueError,
                       "signal only works in main thread of the main interpreter");
    void (*fn)(int);
    if (IS_INT(h) && (AS_INT(h) == 0 || AS_INT(h) == 1))
        fn = AS_INT(h) == 0 ? SIG_DFL : SIG_IGN;
    else if (TYPE(h)->call)
        fn = on_signal;
    else
        return err_set(exc_TypeError, "signal handler must be signal.SIG_IGN, "
                                      "signal.SIG_DFL, or a callable object");
    if (install(sig, fn) < 0)
        return err_from_errno(exc_OSError, NULL);
    Value old = handlers[sig];
    handlers[sig] = h;
    return old;
}

static Value sig_getsignal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("getsignal", nargs, kwnames, 1, 1) < 0 || signum_arg(args[0], &sig) < 0)
        return VNULL;
    return handlers[sig];
}

static Value sig_raise_signal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("raise_signal", nargs, kwnames, 1, 1) < 0 || signum_arg(args[0], &sig) < 0)
        return VNULL;
    if (raise(sig) != 0)
        return err_from_errno(exc_OSError, NULL);
    if (signal_pending() && signal_run_pending() < 0)
        return VNULL;
    return NONE;
}

static Value sig_alarm(Value *args, int nargs, ObjTuple *kwnames)
{
    int64_t s;
    if (args_check("alarm", nargs, kwnames, 1, 1) < 0 || obj_as_int64(args[0], &s) < 0)
        return VNULL;
    return MK_INT(alarm((unsigned)s));
}

static Value sig_strsignal(Value *args, int nargs, ObjTuple *kwnames)
{
    int sig;
    if (args_check("strsignal", nargs, kwnames, 1, 1) < 0 || signum_arg(args[0], &sig) < 0)
        return VNULL;
    return str_from_cstr(strsignal(sig));
}

Value mod_signal_init(void)
{
    Value m = module_new(str_intern_cstr("signal"));
    if (!m)
        return VNULL;
    ObjModule *mod = AS_MODULE(m);
    module_add_fn(mod, "signal", sig_signal);
    module_add_fn(mod, "getsignal", sig_getsignal);
    module_add_fn(mod, "raise_signal", sig_raise_signal);
    module_add_fn(mod, "alarm", sig_alarm);
    module_add_fn(mod, "strsignal", sig_strsignal);
    module_add(mod, "default_int_handler", default_int_handler);
    module_add(mod, "SIG_DFL", MK_INT(0));
    module_add(mod, "SIG_IGN", MK_INT(1));
    module_add(mod, "NSIG", MK_INT(NSIGNALS));
    static const struct { const char *name; int num; } sigs[] = {
        {"SIGHUP", SIGHUP}, {"SIGINT", SIGINT}, {"SIGQUIT", SIGQUIT},
        {"SIGILL", SIGILL}, {"SIGTRAP", SIGTRAP}, {"SIGABRT", SIGABRT},
        {"SIGBUS", SIGBUS}, {"SIGFPE", SIGFPE}, {"SIGKILL", SIGKILL},
        {"SIGUSR1", SIGUSR1}, {"SIGSEGV", SIGSEGV}, {"SIGUSR2", SIGUSR2},
        {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM},
        {"SIGCHLD", SIGCHLD}, {"SIGCONT", SIGCONT}, {"SIGSTOP", SIGSTOP},
        {"SIGTSTP", SIGTSTP}, {"SIGTTIN", SIGTTIN}, {"SIGTTOU", SIGTTOU},
        {"SIGWINCH", SIGWINCH}, {"SIGXCPU", SIGXCPU},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        module_add(mod, sigs[i].name, MK_INT(sigs[i].num));
    return m;
}
