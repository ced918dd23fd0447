# compare: stderr -- an uncaught group: boxed sub-exceptions with their own
# tracebacks and chains, a nested group, notes, then a group in a chain
def f():
    raise ValueError(1)
def g():
    try:
        f()
    except ValueError as e:
        raise TypeError("in handler")
excs = []
for fn in (f, g):
    try:
        fn()
    except Exception as e:
        excs.append(e)
e = ExceptionGroup("inner", [KeyError('k')])
e.add_note("a note\nsecond line")
excs.append(e)
try:
    raise ExceptionGroup("outer", excs)
except ExceptionGroup as eg:
    try:
        raise RuntimeError("x") from eg
    except RuntimeError as r:
        raise BaseExceptionGroup("top", [r, KeyboardInterrupt()])
