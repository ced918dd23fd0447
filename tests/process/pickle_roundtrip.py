# pickle round trips: every supported type, shared references, cycles, classes, exceptions.
import pickle


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)


class AppError(Exception):
    pass


def helper(n):
    return n + 1


def rt(v):
    return pickle.loads(pickle.dumps(v))


if __name__ == "__main__":
    values = [None, True, False, 0, -1, 2 ** 62, -(2 ** 100), 3 ** 200, 1.5, -0.0,
              float("inf"), "", "héllo ✓", b"", b"\x00\xff", (), (1, (2, 3)),
              [1, [2, [3]]], {"a": 1, 2: [3]}, {1, 2, 3}, frozenset({"x"}),
              range(1, 10, 2), Ellipsis, slice(1, None, 2)]
    for v in values:
        r = rt(v)
        print(type(r).__name__, r == v or v != v, repr(r)[:40])
    shared = [1, 2]
    outer = [shared, shared, {"k": shared}]
    back = rt(outer)
    print(back, back[0] is back[1], back[2]["k"] is back[0])
    cyc = [1]
    cyc.append(cyc)
    c2 = rt(cyc)
    print(c2[1] is c2, repr(c2))
    d = {}
    d["self"] = d
    print(rt(d)["self"] is not d)
    p = rt(Point(1, [2]))
    print(p, type(p) is Point, p.__dict__)
    print(rt(helper) is helper, rt(helper)(1), rt(Point) is Point, rt(len) is len)
    print(rt(int) is int, rt(ValueError) is ValueError)
    e = rt(ValueError("bad", 3))
    print(type(e).__name__, e.args, str(e))
    e = rt(AppError("app"))
    print(type(e).__name__, e.args, isinstance(e, AppError))
    k = rt(KeyError("key"))
    print(repr(k), str(k))
    big = list(range(1000))
    print(rt(big) == big, rt({i: str(i) for i in range(100)})[99])
    for bad in (b"", b"junk", pickle.dumps([1, 2, 3])[:-1]):
        try:
            pickle.loads(bad)
        except Exception as ex:
            print("load failed:", isinstance(ex, (pickle.UnpicklingError, EOFError, ValueError)))
