# _functools.partial (flattening, keywords, repr, pickling state,
# subclasses, no __get__), reduce and cmp_to_key.
from _functools import partial, reduce, cmp_to_key


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


def f(*a, **k):
    return a, k


p = partial(f, 1, 2, x=3)
print(p.func is f, p.args, p.keywords, p(4, y=5), p(x=9, z=0), p())
q = partial(p, 7, z=1)
print(q.func is f, q.args, q.keywords, q(x=0))
print(repr(partial(len, 'ab', key=1)), repr(partial(f)).startswith('functools.partial(<function f'))
print(partial(f, **{'a': 1})(a=2), partial(partial(f, 1), 2)(3), partial(f, *range(20))(*range(5))[0][-3:])
print(partial(max, key=abs)(-5, 3, b=None) if False else partial(max, key=abs)(-5, 3))
cls, fargs, state = p.__reduce__()
print(cls.__name__, fargs[0] is f, state[1:], state[0] is f)
p2 = partial(len)
p2.__setstate__((f, (1,), {'k': 2}, {'attr': 3}))
print(p2.args, p2.keywords, p2.attr, p2(), p2.__dict__)
p3 = partial(len)
p3.__setstate__((f, type("T", (tuple,), {})((5,)), None, None))
print(p3.args, type(p3.args).__name__, p3.keywords)
for bad in [1, (1, 2, 3, 4), (f, 1, None, None), (f, (), 1, None), (f, (), None)]:
    t(lambda: partial(f).__setstate__(bad))


class C:
    m = partial(f, 1)


print(C().m(2), hasattr(partial, '__get__'))


class P(partial):
    pass


pp = P(f, 1)
print(repr(pp).startswith('P(<function f'), type(partial(pp, 2)).__name__, partial(pp, 2).args)
print(type(P(partial(f, 1), 2)).__name__, P(partial(f, 1), 2).args)
pp.attr = 1
print(partial(pp, 3).func is pp, pp.__dict__)
t(lambda: partial())
t(lambda: partial(1))
t(lambda: setattr(p, 'func', len))
t(lambda: setattr(p, 'args', ()))
t(lambda: partial(f)[0])
print(partial[int], partial.__module__, partial(f) == partial(f))

print(reduce(lambda a, b: a + b, [1, 2, 3]), reduce(lambda a, b: a * b, range(1, 6), 10))
print(reduce(lambda a, b: a + b, [], 5), reduce(lambda a, b: a + b, 'abc'))
t(lambda: reduce(lambda a, b: a + b, []))
t(lambda: reduce(lambda a, b: a + b, 5))
t(lambda: reduce(lambda a, b: a + b))
t(lambda: reduce(lambda a, b: a + b, [1], initial=2))
t(lambda: reduce(1, [1, 2]))

K = cmp_to_key(lambda a, b: (a > b) - (a < b))
print(sorted([3, 1, 2], key=K), K(1) < K(2), K(1) == K(1), K(2) >= K(1), K(1) != K(2))
print(sorted(['bb', 'a', 'ccc'], key=cmp_to_key(lambda a, b: len(b) - len(a))))
k = K(5)
print(k.obj, type(K).__name__, type(k).__name__)
k.obj = 6
print(k.obj)
t(lambda: hash(K(1)))
t(lambda: K(1) < 1)
t(lambda: K())
t(lambda: K(1, 2))
t(lambda: cmp_to_key())
t(lambda: cmp_to_key(lambda a, b: 'x')(1) < cmp_to_key(lambda a, b: 'x')(2))
