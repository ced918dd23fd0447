# Introspection the library uses: sys._getframe and frame objects, f_back,
# f_locals, f_lineno, f_code; traceback objects (tb_frame, tb_lineno,
# tb_next); code objects (co_flags with CPython's bits, co_varnames,
# co_cellvars, co_freevars, co_argcount); function attributes.
import sys


def where():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno, sorted(f.f_locals), f.f_globals is globals()


def caller():
    local_a = 1
    local_b = "two"
    return where()


print(caller())
print(sys._getframe().f_code.co_name, sys._getframe(0).f_back)
try:
    sys._getframe(1000)
except ValueError as e:
    print("ValueError:", e)


def outer():
    x = 10

    def inner(y, *args, z=3, **kw):
        w = x + y
        return w

    return inner


inner = outer()
co = inner.__code__
print(co.co_name, co.co_argcount, co.co_kwonlyargcount, co.co_varnames, co.co_freevars)
print(outer.__code__.co_cellvars, hex(co.co_flags), hex(outer.__code__.co_flags))


def gen():
    yield 1


print(hex(gen.__code__.co_flags & 0x20), gen.__code__.co_flags & 0x80)
print(inner.__qualname__, inner.__module__, inner.__defaults__, inner.__kwdefaults__)
print(inner.__closure__[0].cell_contents, inner.__globals__ is globals())


def fails(n):
    secret = n * 2
    raise KeyError(n)


def middle():
    fails(5)


try:
    middle()
except KeyError as e:
    tb = e.__traceback__
    names = []
    while tb:
        names.append((tb.tb_frame.f_code.co_name, tb.tb_lineno, tb.tb_frame.f_lineno))
        last = tb
        tb = tb.tb_next
    print(names)
    print(last.tb_frame.f_locals, last.tb_frame.f_back.f_code.co_name)
    print(sys.exc_info()[2] is e.__traceback__)


def logging_like():
    f = sys._getframe()
    while f:
        co = f.f_code
        if co.co_name == "<module>":
            return co.co_filename.endswith(".py"), f.f_lineno
        f = f.f_back


print(logging_like())


def g2():
    a = 1
    yield a
    b = 2
    yield b


it = g2()
print(it.gi_frame.f_lineno, it.gi_frame.f_code.co_name)
next(it)
print(it.gi_frame.f_lineno, sorted(it.gi_frame.f_locals))
next(it)
print(sorted(it.gi_frame.f_locals.items()))
for _ in it:
    pass
print(it.gi_frame)
