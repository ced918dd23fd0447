# split() and subgroup(): by type, tuple of types or predicate; the copies
# keep the nesting and get the original's traceback, cause, context and a
# copy of its notes; derive() decides the copies' type
from _eg_helper import leaves, run

def make():
    try:
        raise ExceptionGroup("top", [ValueError(1), TypeError(2),
                                     ExceptionGroup("mid", [ValueError(3), KeyError(4)]),
                                     OSError(5)])
    except ExceptionGroup as e:
        return e

eg = make()
for matcher in (ValueError, (KeyError, OSError), LookupError, Exception, ZeroDivisionError,
                lambda e: isinstance(e, ValueError) and e.args[0] > 1,
                lambda e: isinstance(e, BaseExceptionGroup) and e.message == "mid"):
    m, r = eg.split(matcher)
    s = eg.subgroup(matcher)
    print(None if m is None else leaves(m), "|", None if r is None else leaves(r),
          "|", None if s is None else leaves(s))
print(eg.split(ExceptionGroup)[0] is eg, eg.subgroup(Exception) is eg)

# metadata of the copies
eg = make()
eg.__cause__ = RuntimeError("cause")
eg.__context__ = NameError("context")
eg.add_note("first note")
m, r = eg.split(TypeError)
for part in (m, r):
    print(part.__traceback__ is eg.__traceback__, repr(part.__cause__), repr(part.__context__),
          part.__suppress_context__, part.__notes__, part.__notes__ is eg.__notes__)
m.add_note("only on the match")
print(eg.__notes__, r.__notes__)
inner = r.exceptions[1]
print(leaves(inner), inner.__traceback__ is eg.exceptions[2].__traceback__)

# errors
for bad in (1, [ValueError], (ValueError, 1), int, "ValueError"):
    try:
        eg.split(bad)
    except TypeError as e:
        print("TypeError:", e)
for call in (lambda: eg.split(), lambda: eg.subgroup(1, 2), lambda: eg.split(ValueError, x=1),
             lambda: eg.derive(), lambda: eg.derive([1]), lambda: eg.derive([])):
    try:
        call()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)

# derive: called with a list, its result checked
class Logged(ExceptionGroup):
    def derive(self, excs):
        print("derive", type(excs).__name__, len(excs))
        return Logged(self.message.upper(), excs)
lg = Logged("lg", [ValueError(1), TypeError(2)])
print(leaves(lg.split(ValueError)[0]), leaves(lg.split(ValueError)[1]))
print(repr(eg.derive([KeyError(9)])), repr(eg.derive((KeyboardInterrupt(),))))

class Bad(ExceptionGroup):
    def derive(self, excs):
        return 42
try:
    Bad("b", [ValueError(), TypeError()]).split(ValueError)
except TypeError as e:
    print("TypeError:", e)

def boom(e):
    raise RuntimeError("predicate failed")
try:
    eg.subgroup(boom)
except RuntimeError as e:
    print("RuntimeError:", e)
