# __slots__: no __dict__, AttributeError for other names, member
# descriptors, inheritance of slots, __dict__ and __weakref__ in slots.
class P:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


p = P(1, 2)
print(p.x, p.y, hasattr(p, "__dict__"))
try:
    p.z = 3
except AttributeError as e:
    print("AttributeError:", e)
del p.y
try:
    p.y
except AttributeError as e:
    print("AttributeError:", e)
print(type(P.__dict__["x"]).__name__, repr(P.x), P.__slots__)


class Q(P):
    __slots__ = ("z",)


q = Q(1, 2)
q.z = 3
print(q.x, q.y, q.z, hasattr(q, "__dict__"), sorted(k for k in Q.__dict__ if not k.startswith("__")))


class WithDict(P):
    pass


w = WithDict(5, 6)
w.anything = 7
print(w.__dict__, w.x)


class Both:
    __slots__ = ("a", "__dict__")


b = Both()
b.a = 1
b.other = 2
print(b.a, b.__dict__)


class Private:
    __slots__ = ("__secret",)

    def __init__(self):
        self.__secret = 42

    def get(self):
        return self.__secret


print(Private().get(), sorted(k for k in Private.__dict__ if "secret" in k))

try:
    class Conflict:
        __slots__ = ("v",)
        v = 1
except ValueError as e:
    print("ValueError:", e)

try:
    class BadSlot:
        __slots__ = ("not valid",)
except TypeError as e:
    print("TypeError:", e)

try:
    class IntSlots(int):
        __slots__ = ("a",)
except TypeError as e:
    print("TypeError:", e)


class EmptyTuple(tuple):
    __slots__ = ()


t = EmptyTuple((1, 2))
print(t, hasattr(t, "__dict__"), type(t).__name__)
try:
    t.x = 1
except AttributeError as e:
    print("AttributeError:", e)


class One:
    __slots__ = "only"


o = One()
o.only = "yes"
print(o.only, One.__slots__)


class S1:
    __slots__ = ("a",)


class S2:
    __slots__ = ("b",)


try:
    class Multi(S1, S2):
        pass
except TypeError as e:
    print("TypeError:", e)


class StrSlot(str):
    __slots__ = ("note",)


s = StrSlot("hi")
s.note = "n"
print(s, s.note, s.upper(), len(s))
