# `local op const` comparisons and `local = local +/- const` (also `+=`,
# `-=`): baton compiles these to COMPARE_*_FC, ADD_FC and SUB_FC; every
# case here must behave exactly as LOAD_FAST, LOAD_CONST and the plain
# instruction do, for every type, on the fast path and off it.


def countdown(n):
    total = 0
    while n > 0:
        n -= 1
        total += 1
    return n, total


def compares(x):
    out = []
    out.append(x < 3)
    out.append(x <= 3)
    out.append(x == 3)
    out.append(x != 3)
    out.append(x > 3)
    out.append(x >= 3)
    if x < 3:
        out.append("lt")
    if not x >= 3:
        out.append("not ge")
    if x == 3:
        out.append("eq")
    if x != 3:
        out.append("ne")
    return out


def float_and_str():
    f = 0.5
    f += 1
    f = f - 0.25
    s = "ab"
    s += "cd"
    s = s + "!"
    nan = float("nan")
    print(f, s, nan == 0.0, nan != 0.0, nan < 1.0, nan >= 1.0)
    print(f > 1.2, f == 1.25, s == "abcd!", s < "b", s >= "abcd!")


def big_ints():
    # crossing the small-int range in both directions, and big constants
    n = 2 ** 62 - 2
    n += 1
    n += 1
    n += 1
    m = -(2 ** 62) + 1
    m -= 1
    m -= 1
    m = m - 1
    k = 5
    k += 10 ** 30
    k = k - 10 ** 30
    print(n, m, k, n > 2 ** 62, m < -(2 ** 62), k == 5)


def inplace_vs_plain():
    # `+=` mutates a list in place; `x = x + c` builds a new one
    a = [1]
    alias = a
    a += (2, 3)
    b = [1]
    balias = b
    b = b + [2]
    print(a, alias, a is alias, b, balias, b is balias)
    t = (1,)
    talias = t
    t += (2,)
    print(t, talias, t is talias)


class Num:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Num(self.v + other)

    def __sub__(self, other):
        return Num(self.v - other)

    def __iadd__(self, other):
        self.v += other * 100
        return self

    def __lt__(self, other):
        return "lt(%r)" % other

    def __eq__(self, other):
        return "eq(%r)" % other

    def __repr__(self):
        return "Num(%r)" % self.v


def dunders():
    x = Num(1)
    same = x
    x += 2          # __iadd__
    y = Num(1)
    y = y + 2       # __add__
    z = Num(1)
    z -= 1          # no __isub__: __sub__
    print(x, x is same, y, z)
    print(x < 5, x == 5, x != 5)  # no __ne__: the inverse of __eq__'s truth
    print(x > 5)                  # no __gt__, and int has none for Num


def errors():
    try:
        v = None
        v += 1
    except TypeError as e:
        print("TypeError:", e)
    try:
        v = "s"
        v -= 1
    except TypeError as e:
        print("TypeError:", e)
    try:
        v = None
        if v < 1:
            pass
    except TypeError as e:
        print("TypeError:", e)
    try:
        v = [1]
        print(v > 0)
    except TypeError as e:
        print("TypeError:", e)


def unbound():
    try:
        q += 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    try:
        if r > 0:
            pass
        r = 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)


def loop_forms():
    i = 0
    seen = []
    while i < 10:
        if i == 3:
            i += 2
            continue
        seen.append(i)
        i = i + 1
    j = 10
    while j >= 0:
        j = j - 3
    print(seen, i, j)


def in_try(n):
    # a handler boundary between the parts must keep them apart
    try:
        n += 1
        if n > 2:
            raise ValueError(n)
    except ValueError as e:
        n -= 10
        print("caught", e, n)
    return n


print(countdown(10), countdown(0), countdown(-3))
for x in (2, 3, 4, 2.5, 3.0, True):
    print(x, compares(x))
float_and_str()
big_ints()
inplace_vs_plain()
try:
    dunders()
except TypeError as e:
    print("TypeError:", e)
errors()
unbound()
loop_forms()
print(in_try(1), in_try(5))
