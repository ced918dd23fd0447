# _random.Random: CPython's seeding, random(), getrandbits, getstate/setstate
# and their errors; subclassing as Lib/random.py does.
import _random
R = _random.Random

def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

r = R(5)
print(r.random(), r.random())
print(r.getrandbits(32), r.getrandbits(33), r.getrandbits(64), r.getrandbits(65), r.getrandbits(200))
for seed in (0, 1, True, 1 << 100, -(1 << 64) + 3, 12345678901234567890, 1.0, -1.5, 2.5, (1, 2)):
    print(seed, R(seed).random())
print(R(-5).random() == R(5).random())
print(R(None).getstate()[-1], len(R().getstate()))
st = R(42).getstate()
print(st[:3], st[-1], all(0 <= x < 2**32 for x in st))
r = R()
r.setstate(st)
print(r.random() == R(42).random())
r.seed(7)
print(r.random(), r.getstate()[-1])
r.seed()
r.setstate((0,) * 624 + (0,))
print(r.random(), r.getrandbits(40))
r.setstate((1 << 33,) * 624 + (624,))
print(r.random())

t(lambda: R(1, 2)); t(lambda: R(x=1)); t(lambda: R().seed(1, 2)); t(lambda: R().seed(x=3))
t(lambda: R(5).getrandbits(-1)); t(lambda: R(5).getrandbits(0)); t(lambda: R(5).getrandbits(1.0))
t(lambda: R(5).getrandbits(1 << 70)); t(lambda: R().getrandbits()); t(lambda: R().getrandbits(k=3))
t(lambda: R().random(1)); t(lambda: R().getstate(1)); t(lambda: R().setstate()); t(lambda: R().random(x=1))
t(lambda: R(5).setstate(1)); t(lambda: R(5).setstate((1, 2))); t(lambda: R(5).setstate([0] * 625))
t(lambda: R(5).setstate((0,) * 624 + (625,))); t(lambda: R(5).setstate((0,) * 624 + (-1,)))
t(lambda: R(5).setstate(('a',) * 625)); t(lambda: R(5).setstate((-1,) * 625))
t(lambda: R(5).setstate((1 << 64,) * 625)); t(lambda: R(5).setstate((1.5,) * 625))
t(lambda: R(5).setstate((0,) * 624 + ('x',))); t(lambda: R(5).setstate((0,) * 624 + (1 << 64,)))
t(lambda: R(5).setstate((0,) * 624 + (624.0,)))
t(lambda: R([1]))
t(lambda: R.random(1))

class S(R):
    def __init__(self, a, b=2, **kw):
        print('init', a, b, kw)
s = S(1, b=3, z=4)
print(s.getstate()[-1], isinstance(s, R))
s.seed(5)
print(s.random() == R(5).random())

class S2(R):
    pass
t(lambda: S2(1, 2)); t(lambda: S2(x=1)); t(lambda: S2(7).random())

class S3(R):
    def __new__(cls, *a, **k):
        return super().__new__(cls)
t(lambda: S3(1, 2, x=3)); t(lambda: S3(8).random())
r = S2(3)
r.__init__(5)
print(r.random() == R(5).random())
t(lambda: r.__init__(5, 6)); t(lambda: r.__init__(x=1))
print(R.__name__, R.__module__, R.__qualname__, sorted(k for k in R.__dict__ if not k.startswith('__')))
