# _signal: handlers, masks, sigwait/sigwaitinfo/sigtimedwait, itimers, pause, wakeup fd, errors.
import _signal, os, time
print(sorted(n for n in dir(_signal) if not n.startswith('__') and n != 'pidfd_send_signal'))
print(_signal.NSIG, _signal.getsignal(_signal.SIGXFSZ), _signal.getsignal(_signal.SIGPIPE), _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler, _signal.getsignal(_signal.SIGTERM))
print(_signal.strsignal(5), _signal.strsignal(40), _signal.strsignal(64), len(_signal.valid_signals()), sorted(set(range(1, 65)) - _signal.valid_signals()))
print(_signal.ItimerError.__name__, _signal.ItimerError.__module__, issubclass(_signal.ItimerError, OSError), _signal.getitimer(_signal.ITIMER_REAL))
for f in (lambda: _signal.signal(0, 0), lambda: _signal.signal(9, 0), lambda: _signal.signal(2, 5),
          lambda: _signal.pthread_sigmask(5, []), lambda: _signal.pthread_sigmask(0, [99]),
          lambda: _signal.setitimer(99, 1), lambda: _signal.set_wakeup_fd(999),
          lambda: _signal.strsignal(0), lambda: _signal.set_wakeup_fd(0), lambda: _signal.signal(100, 0)):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
got = []
old = _signal.signal(_signal.SIGUSR1, lambda s, f: got.append(s))
print(old, _signal.getsignal(_signal.SIGUSR1) is not None)
_signal.raise_signal(_signal.SIGUSR1)
os.kill(os.getpid(), _signal.SIGUSR1)
print(got)
print(_signal.pthread_sigmask(_signal.SIG_BLOCK, [_signal.SIGUSR1]))
_signal.raise_signal(_signal.SIGUSR1)
print(got, _signal.sigpending())
print(_signal.sigwait([_signal.SIGUSR1]), _signal.sigpending())
_signal.raise_signal(_signal.SIGUSR1)
info = _signal.sigwaitinfo([_signal.SIGUSR1])
print(type(info).__name__, info.si_signo, info.si_code, info.si_pid == os.getpid())
print(_signal.sigtimedwait([_signal.SIGUSR1], 0.01))
print(sorted(_signal.pthread_sigmask(_signal.SIG_UNBLOCK, [_signal.SIGUSR1])))
print(got)
_signal.signal(_signal.SIGALRM, lambda s, f: got.append('alarm'))
print(_signal.setitimer(_signal.ITIMER_REAL, 0.05, 0))
t = _signal.getitimer(_signal.ITIMER_REAL)
print(0 < t[0] <= 0.05, t[1])
_signal.pause()
print(got)
r, w = os.pipe()
os.set_blocking(w, False)
print(_signal.set_wakeup_fd(w))
_signal.raise_signal(_signal.SIGUSR1)
print(os.read(r, 10), _signal.set_wakeup_fd(-1) == w)
_signal.siginterrupt(_signal.SIGUSR1, False)
print(_signal.alarm(0), _signal.signal(_signal.SIGUSR1, _signal.SIG_DFL) is not None)
try:
    _signal.default_int_handler(2, None)
except KeyboardInterrupt:
    print('KeyboardInterrupt')
