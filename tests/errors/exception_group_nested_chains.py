# compare: stderr -- groups in the chains of sub-exceptions: the closing line
# of the outer box survives a chained group, shared exceptions print once
def inner():
    try:
        raise ExceptionGroup("ctx", [ValueError(1), ExceptionGroup("deep", [KeyError(2)])])
    except ExceptionGroup:
        raise TypeError("last")
try:
    inner()
except TypeError as t:
    a = t
b = RuntimeError("b")
b.__cause__ = ExceptionGroup("cause", [OSError(3)])
c = ExceptionGroup("c", [ZeroDivisionError()])
c.__context__ = a
raise ExceptionGroup("top", [a, b, c])
