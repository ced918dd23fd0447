# Class-creation hooks: __init_subclass__ with class keywords, __set_name__,
# __class_getitem__, __mro_entries__, __instancecheck__, __subclasscheck__,
# __classcell__ and zero-argument super in a metaclass-made class.
class Plugin:
    registry = []

    def __init_subclass__(cls, /, name=None, **kw):
        super().__init_subclass__(**kw)
        cls.plugin_name = name or cls.__name__.lower()
        Plugin.registry.append(cls.plugin_name)


class Csv(Plugin, name="csv"):
    pass


class Json(Plugin):
    pass


print(Plugin.registry, Csv.plugin_name, Json.plugin_name)

try:
    class Bad(Plugin, unknown=1):
        pass
except TypeError as e:
    print("TypeError:", e)


class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")

    def __set__(self, obj, value):
        setattr(obj, self.name, value * 10)


class Model:
    x = Field()
    y = Field()


m = Model()
m.x = 4
print(m.x, m.y, Model.x.name, type(Model.__dict__["y"]).__name__)


class Boom:
    def __set_name__(self, owner, name):
        raise ValueError("no " + name)


try:
    class HasBoom:
        b = Boom()
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", repr(e.__cause__))


class Box:
    def __class_getitem__(cls, item):
        return f"Box[{item.__name__}]"


print(Box[int], Box[str])


class Proxy:
    def __mro_entries__(self, bases):
        print("mro_entries", len(bases))
        return (dict,)


class FromProxy(Proxy()):
    pass


print(FromProxy.__bases__, FromProxy.__orig_bases__[0].__class__.__name__, FromProxy(a=1))


class EvenMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, int) and obj % 2 == 0

    def __subclasscheck__(cls, sub):
        return sub in (int, bool)


class Even(metaclass=EvenMeta):
    pass


print(isinstance(4, Even), isinstance(3, Even), isinstance("x", Even),
      issubclass(bool, Even), issubclass(str, Even), isinstance(4, (str, Even)))


class Counted(type):
    def __new__(mcls, name, bases, ns):
        return super().__new__(mcls, name, bases, ns)


class Cell(metaclass=Counted):
    def me(self):
        return __class__.__name__, super().__repr__()[:12]


print(Cell().me())


class NoPass(type):
    def __new__(mcls, name, bases, ns):
        ns = {k: v for k, v in ns.items() if k != "__classcell__"}
        return super().__new__(mcls, name, bases, ns)


try:
    class Lost(metaclass=NoPass):
        def f(self):
            return __class__
except RuntimeError as e:
    print("RuntimeError:", str(e)[:40])

print(type(Field.__set_name__).__name__, object.__init_subclass__.__name__)
