# `local.attr` reads, writes, method calls and `local.attr op= v`: baton
# compiles these to LOAD_FAST_ATTR / STORE_FAST_ATTR / LOAD_FAST_METHOD and
# caches attribute lookups per type; every case here must behave exactly
# as the plain instructions do.


class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


class Other:
    v = 100

    def get(self):
        return "other"


def walrus_in_rhs():
    # the right-hand side rebinds the local: the store must go to the
    # object read before it (CPython evaluates `b` once)
    b = Box(1)
    first = b
    b.v += (b := Box(50)).v
    print(first.v, b.v)


def unbound():
    try:
        print(x.v)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    try:
        x.v = 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    try:
        x.get()
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    x = Box(3)
    del x
    try:
        x.v += 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)


def jump_target(a, b):
    # the LOAD_ATTR below is a jump target: (a or b).v
    return (a or b).v


def mixed_types():
    out = []
    for o in [Box(1), Other(), Box(2), Other()]:
        out.append((o.v, o.get()))
        o.v += 1
        out.append(o.v)
    print(out)


def errors():
    b = Box(1)
    try:
        b.missing += 1
    except AttributeError as e:
        print("AttributeError:", e)
    try:
        b.v += "s"
    except TypeError as e:
        print("TypeError:", e)
    n = 5
    try:
        n.real = 3
    except AttributeError as e:
        print("AttributeError:", e)
    try:
        n.nothing()
    except AttributeError as e:
        print("AttributeError:", e)


def class_changes():
    b = Box(7)
    print(b.get())
    Box.get = lambda self: self.v * 2       # class attribute replaced
    print(b.get())
    b.get = lambda: "instance wins"         # instance attribute shadows
    print(b.get())
    del b.get
    del Box.get                             # gone from the class
    try:
        b.get()
    except AttributeError as e:
        print("AttributeError:", e)


class Base:
    def who(self):
        return "base"


class Mid(Base):
    pass


class Leaf(Mid):
    pass


def deep_hierarchy():
    leaf = Leaf()
    print(leaf.who())
    Mid.who = lambda self: "mid"            # change two levels up
    print(leaf.who())
    Base.extra = property(lambda self: "prop")
    print(leaf.extra)
    leaf.__dict__["extra"] = "dict"         # a data descriptor wins
    print(leaf.extra)
    del Mid.who
    print(leaf.who())


def many_attrs():
    class Wide:
        pass
    w = Wide()
    for i in range(40):
        setattr(w, "a%d" % i, i)
    w.a39 += 1
    w.a0 -= 1
    print(w.a0, w.a39, sum(getattr(w, "a%d" % i) for i in range(40)))


def shadowing():
    # an instance attribute named like a method hides it, however it got
    # into the instance dict
    b = Box(1)
    print(b.get())
    b.__dict__["get"] = lambda: "via __dict__"
    print(b.get())
    b.__dict__.clear()
    try:
        b.get()
    except AttributeError as e:
        print("AttributeError:", e)
    b.v = 2
    print(b.get())
    vars(b).update({"get": lambda: "via update"})
    print(b.get())
    del b.get
    print(b.get())
    c = Box(3)
    c.__dict__.update(b.__dict__)
    print(c.get(), c.v)
    for i in range(70):
        setattr(c, "k%d" % i, i)
    print(c.get())
    setattr(c, "get", lambda: "after 70 keys")
    print(c.get())


walrus_in_rhs()
shadowing()
unbound()
print(jump_target(None, Box(4)), jump_target(Box(5), None))
mixed_types()
errors()
class_changes()
deep_hierarchy()
many_attrs()
