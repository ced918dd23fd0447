# functools: reduce, partial, wraps, lru_cache, cache, cmp_to_key, total_ordering.
import functools
from functools import reduce, partial, wraps, lru_cache
print(reduce(lambda a, b: a * b, range(1, 10)), reduce(lambda a, b: a + b, [], 'init'))
try:
    reduce(lambda a, b: a, [])
except TypeError as e:
    print('TypeError:', e)
base2 = partial(int, base=2)
print(base2('1011'), base2.keywords, base2.args, partial(max, 5)(3, 9))
def deco(fn):
    @wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k)
    return wrapper
@deco
def documented(x):
    """Returns x."""
    return x
print(documented.__name__, documented.__doc__, documented.__wrapped__(7))
@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(100), fib.cache_info())
@lru_cache
def sq(x):
    return x * x
sq(3); sq(3); sq(4)
print(sq.cache_info())
@functools.lru_cache(maxsize=2)
def ident(x):
    print('computing', x)
    return x
for x in [1, 2, 1, 3, 1, 2]:
    ident(x)
print(ident.cache_info())
ident.cache_clear()
print(ident.cache_info())
@functools.cache
def slow(a, b=0):
    return a + b
print(slow(1), slow(1, b=2), slow(1), slow.cache_info())
print(sorted([5, 2, 9], key=functools.cmp_to_key(lambda a, b: b - a)))
@functools.total_ordering
class Ver:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return self.v == o.v
    def __lt__(self, o):
        return self.v < o.v
print(Ver(1) <= Ver(2), Ver(2) >= Ver(3), Ver(3) > Ver(1), Ver(1) >= Ver(1))
