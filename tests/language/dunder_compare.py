# Rich comparisons: __eq__ __ne__ __lt__ __le__ __gt__ __ge__, reflection, sorting.
class V:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        print('eq', self.v, getattr(o, 'v', o))
        return isinstance(o, V) and self.v == o.v
    def __lt__(self, o):
        return self.v < o.v
    def __le__(self, o):
        return self.v <= o.v
    def __repr__(self):
        return 'V(%d)' % self.v
a, b = V(1), V(2)
print(a == V(1), a != b, a < b, a <= b, b > a, b >= a)
print(a == 1)
print(sorted([V(3), V(1), V(2)]), max([V(3), V(5), V(4)]))
class OnlyEq:
    def __init__(self, x):
        self.x = x
    def __eq__(self, o):
        return NotImplemented
print(OnlyEq(1) == OnlyEq(1), OnlyEq(1) != OnlyEq(1))
x = OnlyEq(1)
print(x == x, x != x)
class Rev:
    def __gt__(self, o):
        print('Rev.__gt__ called')
        return True
print(1 < Rev())
try:
    OnlyEq(1) < OnlyEq(2)
except TypeError as e:
    print('TypeError:', e)
class Ne:
    def __ne__(self, o):
        return 'custom ne'
print(Ne() != 1)
class E:
    def __init__(self, k):
        self.k = k
    def __eq__(self, o):
        return self.k == o.k
    def __hash__(self):
        return hash(self.k)
print(E(1) in [E(2), E(1)], len({E(1), E(1), E(2)}), {E(3): 'x'}[E(3)])
print([1, V(2)].index(V(2)) if False else V(2) in [V(1), V(2)])
