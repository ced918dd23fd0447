# Metaclasses: class M(type) with __new__/__init__/__call__, metaclass=,
# class keywords, __prepare__, metaclass calculation and conflicts.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        print("Meta.__new__", mcls.__name__, name, [b.__name__ for b in bases],
              sorted(k for k in ns if not k.startswith("__")), kw)
        cls = super().__new__(mcls, name, bases, ns)
        cls.tag = kw.get("tag", "none")
        return cls

    def __init__(cls, name, bases, ns, **kw):
        print("Meta.__init__", name)
        super().__init__(name, bases, ns)

    def __call__(cls, *args, **kw):
        print("Meta.__call__", cls.__name__, args)
        return super().__call__(*args, **kw)

    def describe(cls):
        return "class " + cls.__name__


class Thing(metaclass=Meta, tag="t1"):
    def __init__(self, x):
        self.x = x

    def method(self):
        return self.x * 2


t = Thing(21)
print(type(Thing) is Meta, isinstance(Thing, Meta), Thing.tag, t.method())
print(Thing.describe(), type(t).__name__)


class Sub(Thing):
    pass


print(type(Sub).__name__, Sub.tag, Sub(1).x)


class Recording(dict):
    def __init__(self):
        super().__init__()
        self.order = []

    def __setitem__(self, key, value):
        self.order.append(key)
        super().__setitem__(key, value)


class OrderMeta(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kw):
        print("prepare", name, kw)
        return Recording()

    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, dict(ns))
        cls.order = [k for k in ns.order if not k.startswith("__")]
        return cls


class Ordered(metaclass=OrderMeta, flag=True):
    z = 1
    a = 2
    def m(self): pass
    b = 3


print(Ordered.order)


class MA(type): pass
class MB(type): pass
class PA(metaclass=MA): pass
class PB(metaclass=MB): pass

try:
    class Both(PA, PB):
        pass
except TypeError as e:
    print("TypeError:", e)


class MC(MA): pass
class PC(metaclass=MC): pass
class Mixed(PA, PC): pass
print(type(Mixed).__name__)


def func_meta(name, bases, ns):
    print("func_meta", name)
    return 42


class NotAClass(metaclass=func_meta):
    pass


print(NotAClass)

Dyn = Meta("Dyn", (), {"v": 1}, tag="dyn")
print(Dyn.v, Dyn.tag, type(Dyn).__name__)


class Singleton(type):
    _inst = {}

    def __call__(cls, *a):
        if cls not in cls._inst:
            cls._inst[cls] = super().__call__(*a)
        return cls._inst[cls]


class One(metaclass=Singleton):
    def __init__(self):
        print("One created")


print(One() is One())
print(type.__prepare__("x", ()), type(type), type(Meta), Meta.__mro__[1] is type)
print(isinstance(type, type), isinstance(Meta, type), issubclass(Meta, type))
