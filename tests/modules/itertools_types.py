# itertools as real types: type(count()) is itertools.count, subclasses,
# reprs of count and repeat, __length_hint__, docs and module contents.
import itertools
from itertools import *


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


print(sorted(n for n in dir(itertools) if not n.startswith('__')))
objs = [count(), cycle('a'), repeat(1), accumulate([1]), chain(), compress('a', [1]),
        dropwhile(bool, []), filterfalse(None, []), groupby(''), islice('', 1), pairwise(''),
        starmap(pow, []), takewhile(bool, []), tee('')[0], zip_longest(), product(),
        permutations(''), combinations('', 0), combinations_with_replacement('', 0)]
for o in objs:
    print(type(o).__name__, type(o).__module__, iter(o) is o, hasattr(o, '__next__'))
print(type(count()) is count, isinstance(chain(), chain), chain.__mro__)
print(repr(count()), repr(count(5)), repr(count(5, 2)), repr(count(1.5)), repr(count(1, 1.0)))
print(repr(count(1.0, 1)), repr(count(2 ** 70, -3)), repr(count(start=3, step=1)), repr(count(1 + 2j)))
print(repr(count(True)), repr(count(3, True)), list(islice(count(0.5, 0.25), 3)))
c = count(2 ** 62 - 2)
print([next(c) for i in range(4)], repr(c), c.__reduce__())
print(repr(repeat(1)), repr(repeat(1, 3)), repr(repeat('a', -1)), repeat(1, 3).__length_hint__())
r = repeat([1], 2)
print(next(r), repr(r), next(r), repr(r), list(r), r.__length_hint__())
t(lambda: repeat(1).__length_hint__())


class C(count):
    def __init__(self, *a):
        self.tag = 'c'


cc = C(3, 2)
print(repr(cc), next(cc), cc.tag, cc.__reduce__()[1], type(cc).__name__)


class R(repeat):
    pass


class Ch(chain):
    pass


print(repr(R(3, 2)), type(Ch.from_iterable(['ab'])).__name__, list(Ch.from_iterable(['ab', 'c'])))
print(chain[int], list(chain.from_iterable(['ab', [1, 2]])), list(chain('ab', range(2), ())))


class P(product):
    pass


print(list(P('ab', repeat=2))[:3], list(type('I', (islice,), {})('abcdef', 1, None, 2)))
print(count.__doc__.splitlines()[0], tee.__doc__, itertools.__doc__.splitlines()[0])
t(lambda: type('G', (itertools._grouper,), {}))
t(lambda: type('T', (itertools._tee,), {}))
print(sum(1 for _ in zip(range(100000), count())), list(islice(cycle(range(3)), 100))[-4:])
