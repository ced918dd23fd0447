"""atexit — functions to run when the interpreter exits normally.

baton's main program calls _run_exitfuncs() after the script ends (and
after threading has waited for non-daemon threads), last registered first.
"""

_exithandlers = []


def register(func, *args, **kwargs):
    """Register func(*args, **kwargs) to run at exit; returns func."""
    _exithandlers.append((func, args, kwargs))
    return func


def unregister(func):
    """Remove every registration of func."""
    _exithandlers[:] = [h for h in _exithandlers if h[0] != func]


def _clear():
    del _exithandlers[:]


def _ncallbacks():
    return len(_exithandlers)


def _run_exitfuncs():
    """Run the handlers, last first; report exceptions and go on."""
    import sys
    while _exithandlers:
        func, args, kwargs = _exithandlers.pop()
        try:
            func(*args, **kwargs)
        except SystemExit:
            pass
        except BaseException as exc:
            sys.stdout.flush()
            sys.stderr.write("Exception ignored in atexit callback: %r\n" % (func,))
            import _thread
            _thread._print_exception(exc)
