# Subclasses of the built-in types: __new__, overridden dunders honoured by
# the built-ins and the operators, results of inherited methods.
class MyInt(int):
    def __new__(cls, v, label="x"):
        self = super().__new__(cls, v)
        self.label = label
        return self

    def __add__(self, other):
        return MyInt(int(self) + int(other) + 1000, "sum")

    def double(self):
        return self * 2


a = MyInt(5, "five")
print(a, a.label, type(a).__name__, a + 1, type(a + 1).__name__, (a + 1).label)
print(1 + a, type(1 + a).__name__, a.double(), type(a.double()).__name__)
print(a == 5, hash(a) == hash(5), int(a), type(int(a)).__name__, isinstance(a, int), [10, 20, 30, 40, 50, 60][a])
print(f"{a:03d}", "%d" % a, str(a), repr(a), bool(MyInt(0)), -a, abs(MyInt(-3)), a << 1)


class Celsius(float):
    def __repr__(self):
        return f"{float(self):.1f}C"


c = Celsius(21.5)
print(c, repr(c), c + 1, type(c + 1).__name__, round(c), c.is_integer(), float(c), f"{c:.2f}")


class Upper(str):
    def __new__(cls, s):
        return super().__new__(cls, s.upper())

    def shout(self):
        return self + "!"


u = Upper("hello")
print(u, type(u).__name__, u.shout(), type(u.shout()).__name__, len(u), u[1:3], type(u[1:3]).__name__)
print(u == "HELLO", {u: 1}["HELLO"], "LL" in u, u.lower(), type(u.lower()).__name__, "-".join([u, u]))
print(str(u), type(str(u)).__name__, sorted([Upper("b"), Upper("a")]), u.startswith("HE"))


class Path(tuple):
    def __new__(cls, *parts):
        return super().__new__(cls, parts)

    def __repr__(self):
        return "Path" + super().__repr__()

    @property
    def last(self):
        return self[-1]


p = Path("a", "b", "c")
print(p, p.last, len(p), p[0], list(p), p + ("d",), type(p + ("d",)).__name__, p == ("a", "b", "c"))
x, y, z = p
print(x, y, z, hash(p) == hash(("a", "b", "c")), isinstance(p, tuple), p.count("a"), p.index("c"))


class Stack(list):
    def push(self, v):
        self.append(v)

    def __repr__(self):
        return "Stack(" + super().__repr__() + ")"


s = Stack([1, 2])
s.push(3)
print(s, len(s), s[-1], s + [4], type(s + [4]).__name__, sorted(s, reverse=True), s.pop(), s)
s.extend(range(3))
s.sort()
print(s, list(reversed(s)), s.copy(), type(s.copy()).__name__, 2 in s, s == [0, 1, 1, 2, 2])


class CountingDict(dict):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.sets = 0

    def __setitem__(self, k, v):
        self.sets += 1
        super().__setitem__(k, v)

    def __missing__(self, k):
        return k * 2


d = CountingDict(a=1)
d["b"] = 2
d["c"] = 3
print(d, d.sets, d["zz"], len(d), sorted(d), d.get("a"), d.get("q"), "b" in d, dict(d))
d.update(e=5)
print(d.sets, d, isinstance(d, dict), type(d).__name__, {**d}, d.copy(), type(d.copy()).__name__)


class Tags(set):
    def add_all(self, *items):
        for i in items:
            self.add(i)


t = Tags([3, 1])
t.add_all(2, 5)
print(sorted(t), len(t), 2 in t, sorted(t | {9}), type(t | {9}).__name__, t == {1, 2, 3, 5})


class Frozen(frozenset):
    pass


f = Frozen([1, 2])
print(sorted(f), type(f).__name__, hash(f) == hash(frozenset([1, 2])), f | {3}, type(f | {3}).__name__)


class Bytes(bytes):
    pass


b = Bytes(b"abc")
print(b, type(b).__name__, b.upper(), type(b.upper()).__name__, b[0], b[1:], len(b), b == b"abc", b.decode())


class Err(ValueError):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code


try:
    raise Err(7)
except ValueError as e:
    print(type(e).__name__, e, e.code, e.args)


class Obj(object):
    def __new__(cls, *a):
        inst = super().__new__(cls)
        inst.made = a
        return inst

    def __init__(self, *a):
        self.inited = True


o = Obj(1, 2)
print(o.made, o.inited)

for T in (int, float, str, tuple, list, dict, set, frozenset, bytes):
    class Sub(T):
        pass
    v = Sub()
    print(T.__name__, repr(v), type(v).__name__, isinstance(v, T), v == T())
