# _functools._lru_cache_wrapper: maxsize None / 0 / N, typed, hit and miss
# counts (CPython's keys), recursion into the cache, cache_clear, the
# descriptor protocol, __dict__, and errors.
from collections import namedtuple
from _functools import _lru_cache_wrapper

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


calls = []


def fib(n):
    calls.append(n)
    return n if n < 2 else w(n - 1) + w(n - 2)


for maxsize in [None, 0, 1, 2, 5, 128, -3, True]:
    calls.clear()
    w = _lru_cache_wrapper(fib, maxsize, False, CacheInfo)
    print(maxsize, w(12), w.cache_info(), len(calls))
    w.cache_clear()
    print(w.cache_info())


def g(*a, **k):
    return a, sorted(k.items())


w = _lru_cache_wrapper(g, 10, True, CacheInfo)
print(w(1), w(1.0), w(1, x=2), w(1, x=2), w(x=True), w(x=1), w.cache_info())
w = _lru_cache_wrapper(g, 10, False, CacheInfo)
print(w(1), w(1.0), w(x=1, y=2), w(y=2, x=1), w('s'), w(('s',)), w.cache_info())
t(lambda: w([]))
print(w.cache_info())

w3 = _lru_cache_wrapper(g, 3, False, CacheInfo)
for i in [1, 2, 3, 1, 4, 2, 5, 1, 1, 5]:
    w3(i)
print(w3.cache_info())
seen = []
w4 = _lru_cache_wrapper(lambda x: seen.append(x) or x * 2, None, False, CacheInfo)
print([w4(i % 7) for i in range(30)][-5:], seen, w4.cache_info())


class A:
    m = _lru_cache_wrapper(g, None, False, CacheInfo)


a = A()
print(a.m(1)[0][1], A.m(a, 1)[0][1], A.m.cache_info(), type(A.__dict__['m']).__name__)
print(A.__dict__['m'].__get__(None, A) is A.__dict__['m'])
w.__wrapped__ = g
w.__qualname__ = 'cached_g'
print(w.__wrapped__ is g, w.__reduce__(), w.__copy__() is w, w.__deepcopy__({}) is w)
print(sorted(w.__dict__), w.__module__, w.__doc__.splitlines()[0])
w.__doc__ = 'mine'
print(w.__doc__)
t(lambda: w.__name__)
t(lambda: _lru_cache_wrapper(g, 'a', False, CacheInfo))
t(lambda: _lru_cache_wrapper(1, 2, False, CacheInfo))
t(lambda: _lru_cache_wrapper(g, 2, False))
t(lambda: _lru_cache_wrapper(g, 2 ** 100, False, CacheInfo))
t(lambda: _lru_cache_wrapper(g, 3.5, False, CacheInfo))
w5 = _lru_cache_wrapper(user_function=g, maxsize=3, typed=0, cache_info_type=CacheInfo)
print(w5(1, 2), w5.cache_info())
t(lambda: _lru_cache_wrapper(lambda: 1 / 0, None, False, CacheInfo)())
