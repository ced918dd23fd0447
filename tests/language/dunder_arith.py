# Arithmetic dunders, reflected, in-place, unary.
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return 'Vec(%r, %r)' % (self.x, self.y)
    def __add__(self, o):
        if isinstance(o, Vec):
            return Vec(self.x + o.x, self.y + o.y)
        return NotImplemented
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __truediv__(self, k):
        return Vec(self.x / k, self.y / k)
    def __floordiv__(self, k):
        return Vec(self.x // k, self.y // k)
    def __mod__(self, k):
        return Vec(self.x % k, self.y % k)
    def __pow__(self, k):
        return Vec(self.x ** k, self.y ** k)
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __pos__(self):
        return self
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __invert__(self):
        return Vec(self.y, self.x)
    def __iadd__(self, o):
        self.x += o.x
        self.y += o.y
        return self
    def __and__(self, o): return 'and'
    def __or__(self, o): return 'or'
    def __xor__(self, o): return 'xor'
    def __lshift__(self, o): return 'lshift'
    def __rshift__(self, o): return 'rshift'
    def __radd__(self, o):
        return Vec(self.x + o, self.y + o)
    def __rsub__(self, o):
        return Vec(o - self.x, o - self.y)
v, w = Vec(1, 2), Vec(3, 4)
print(v + w, v - w, v * 3, 3 * v, w / 2, w // 2, w % 2, v ** 2)
print(-v, +v, abs(w), ~v)
print(v & w, v | w, v ^ w, v << 1, v >> 1)
print(10 + v, 10 - v, sum([Vec(1, 1), Vec(2, 2)], Vec(0, 0)))
alias = v
v += w
print(v, alias is v)
v *= 2
print(v, alias)
try:
    v + 'str'
except TypeError as e:
    print('TypeError:', e)
try:
    'str' / v
except TypeError as e:
    print('TypeError:', e)
class Num:
    def __init__(self, n):
        self.n = n
    def __add__(self, o):
        return Num(self.n + (o.n if isinstance(o, Num) else o))
    __radd__ = __add__
    def __index__(self):
        return self.n
    def __int__(self):
        return self.n
    def __float__(self):
        return float(self.n)
n = Num(5)
print((n + 1).n, (1 + n).n, sum([Num(1), Num(2)]).n, [0, 1, 2, 3, 4, 5, 6][n], int(n), float(n), hex(n))
