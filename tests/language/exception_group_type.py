# BaseExceptionGroup / ExceptionGroup: the constructor's rules and messages,
# message, exceptions, str, repr, the hierarchy and subclassing
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
    else:
        print(type(r).__name__, repr(r))

show(lambda: BaseExceptionGroup())
show(lambda: BaseExceptionGroup("m"))
show(lambda: BaseExceptionGroup("m", [ValueError()], 3))
show(lambda: BaseExceptionGroup(1, [ValueError()]))
show(lambda: BaseExceptionGroup("m", 5))
show(lambda: BaseExceptionGroup("m", {ValueError()}))
show(lambda: BaseExceptionGroup("m", []))
show(lambda: BaseExceptionGroup("m", [ValueError(), 2]))
show(lambda: ExceptionGroup("m", [ValueError(), KeyboardInterrupt()]))
show(lambda: ExceptionGroup("m", [ValueError()], x=1))
show(lambda: ExceptionGroup(message="m", exceptions=[ValueError()]))
# BaseExceptionGroup makes an ExceptionGroup when it can
show(lambda: BaseExceptionGroup("m", [ValueError(1), TypeError(2)]))
show(lambda: BaseExceptionGroup("m", (KeyboardInterrupt(), ValueError())))
show(lambda: ExceptionGroup("m", (ValueError(),)))

eg = ExceptionGroup("many", [ValueError(1), TypeError(2), ExceptionGroup("in", [KeyError(3)])])
print(eg.message, type(eg.exceptions).__name__, len(eg.exceptions), eg.args[0])
print(str(eg), "|", str(ExceptionGroup("one", [ValueError()])), "|", str(ExceptionGroup("", [ValueError()])))
print(repr(eg))
for attr in ("message", "exceptions"):
    try:
        setattr(eg, attr, None)
    except AttributeError as e:
        print(attr, e)
eg.extra = 1
print(eg.__dict__)

print([c.__name__ for c in ExceptionGroup.__mro__])
print([c.__name__ for c in BaseExceptionGroup.__mro__])
print(issubclass(ExceptionGroup, Exception), issubclass(BaseExceptionGroup, Exception))
print(isinstance(eg, BaseExceptionGroup), isinstance(eg, Exception))
print(ExceptionGroup[int], BaseExceptionGroup[ValueError])
print(BaseExceptionGroup.message, BaseExceptionGroup.exceptions)

class MyEG(ExceptionGroup):
    pass
m = MyEG("mine", [ValueError(5)])
print(type(m).__name__, repr(m), str(m), m.exceptions)
show(lambda: MyEG("mine", [KeyboardInterrupt()]))
show(lambda: MyEG("mine", [ValueError()], x=1))

class Coded(ExceptionGroup):
    def __new__(cls, message, excs, code):
        obj = super().__new__(cls, message, excs)
        obj.code = code
        return obj
    def derive(self, excs):
        return Coded(self.message, excs, self.code)
c = Coded("coded", [ValueError(1), TypeError(2)], 42)
print(repr(c), c.code, c.args)
match, rest = c.split(ValueError)
print(type(match).__name__, match.code, repr(match), repr(rest))

class BaseOnly(BaseExceptionGroup):
    pass
print(repr(BaseOnly("b", [KeyboardInterrupt()])), type(BaseOnly("b", [ValueError()])).__name__)
try:
    raise ExceptionGroup("raised", [ValueError(1)])
except Exception as e:
    print("caught", repr(e))

# __new__ of other classes cannot make a group; __slots__ go after its fields
show(lambda: BaseException.__new__(ExceptionGroup))
show(lambda: BaseExceptionGroup.__new__(ExceptionGroup, "m", [ValueError()]))
show(lambda: BaseExceptionGroup.__new__(ValueError, "m", [ValueError()]))
print(ExceptionGroup("m", [ValueError(1)]).__reduce__())
class Slotted(ExceptionGroup):
    __slots__ = ("a", "b")
s = Slotted("slots", [ValueError(1)])
s.a, s.b = 1, [2]
print(s.a, s.b, s.message, s.exceptions, repr(s))
