# Weak references and finalizers at the core: _weakref.ref with callbacks,
# shared plain references, proxies, __del__ (also added to a class later),
# generators closed when collected, an exception in __del__ reported and
# ignored.  Objects are dropped inside functions and collected after a few
# rounds, as CPython's test.support.gc_collect does: baton finds roots in C
# stacks and registers conservatively, so a dropped object can outlive one
# collection.
import gc
import _weakref


def collect():
    for _ in range(3):
        gc.collect()


class Thing:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Thing({self.name})"


seen = []


def make_refs():
    t = Thing("a")
    r = _weakref.ref(t)
    r2 = _weakref.ref(t, lambda ref: seen.append("callback"))
    print(r() is t, _weakref.getweakrefcount(t), r is _weakref.ref(t), r == r2)
    print(hash(r) == hash(t), r2.__callback__ is not None, len(_weakref.getweakrefs(t)))
    return r, r2


r, r2 = make_refs()
collect()
print(r(), r2(), seen, "dead" in repr(r))


def make_proxy():
    target = Thing("p")
    p = _weakref.proxy(target)
    print(p.name, type(p).__name__, repr(p).startswith("<weakproxy at"))
    return p


p = make_proxy()
collect()
try:
    p.name
except ReferenceError as e:
    print("ReferenceError:", e)
for bad in ([], 1, "s", (1,)):
    try:
        _weakref.ref(bad)
    except TypeError as e:
        print("TypeError:", e)


class Slotted:
    __slots__ = ("a",)


class SlottedWeak:
    __slots__ = ("a", "__weakref__")


for cls in (Slotted, SlottedWeak):
    try:
        _weakref.ref(cls())
        print(cls.__name__, "weakref ok")
    except TypeError as e:
        print("TypeError:", e)


class WithDel:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("__del__", self.n)


def drop_del():
    w = WithDel(1)
    del w


drop_del()
collect()
print("after collect")


def gen():
    try:
        yield 1
        yield 2
    finally:
        print("generator finally")


def drop_gen():
    g = gen()
    next(g)


drop_gen()
collect()
print("after generator")


class Boom:
    def __del__(self):
        raise ValueError("in __del__")


def drop_boom():
    Boom()


drop_boom()
collect()
print("gc", gc.isenabled(), gc.is_tracked([]), gc.is_tracked(1), len(gc.get_threshold()))


class Later:
    pass


def drop_later():
    late = Later()
    Later.__del__ = lambda self: print("late __del__")


drop_later()
collect()
gc.disable()
print(gc.isenabled())
gc.enable()
keeper = Thing("kept")
kr = _weakref.ref(keeper)
collect()
print(kr() is keeper, gc.collect() >= 0)
print("end")
