# itertools' argument errors, word for word as CPython 3.11.
from itertools import *
import itertools

bad = [
    lambda: count('a'), lambda: count(1, 'a'), lambda: count(1, 2, 3), lambda: count(x=1),
    lambda: repeat(), lambda: repeat(1, 'a'), lambda: repeat(1, 2, 3), lambda: repeat(1, 2 ** 100),
    lambda: cycle(), lambda: cycle(1), lambda: cycle([1], [2]), lambda: cycle(x=1),
    lambda: accumulate(), lambda: accumulate(1), lambda: accumulate([1], None, 2), lambda: accumulate([1], x=2),
    lambda: chain(x=1), lambda: chain.from_iterable(1), lambda: chain.from_iterable(),
    lambda: compress('a'), lambda: compress(1, [1]), lambda: compress('a', 1),
    lambda: dropwhile(len), lambda: takewhile(len, 1), lambda: filterfalse(None), lambda: starmap(pow),
    lambda: dropwhile(x=1), lambda: starmap(x=1), lambda: takewhile(len, [], 1),
    lambda: islice('a', -1), lambda: islice('a', 1, -1), lambda: islice('a', 0, 1, 0), lambda: islice('a', 'x'),
    lambda: islice('a'), lambda: islice('a', 1, 2, 3, 4), lambda: islice(1, 2), lambda: islice('a', stop=1),
    lambda: islice('abc', 1.5), lambda: islice('abc', 2 ** 70), lambda: islice('a', -2, 3), lambda: islice('a', 'x', 3),
    lambda: islice('a', 1, 2, -1), lambda: islice('a', 1, -5),
    lambda: pairwise(1), lambda: pairwise(), lambda: pairwise('a', 'b'), lambda: pairwise(x='a'),
    lambda: zip_longest(1), lambda: zip_longest('a', x=1), lambda: zip_longest('a', 2),
    lambda: groupby(), lambda: groupby(1), lambda: groupby('a', key=1, x=2),
    lambda: tee(), lambda: tee('a', 'b'), lambda: tee('a', -1), lambda: tee(1), lambda: tee('a', 2, 3),
    lambda: itertools._grouper(1, 2), lambda: product(1), lambda: permutations(1),
]
for f in bad:
    try:
        r = f()
        print('ok', type(r).__name__)
    except Exception as e:
        print(type(e).__name__, e)
for f in [lambda: next(chain(1)), lambda: next(compress('a', 1)), lambda: list(starmap(pow, [(1,)])),
          lambda: list(islice(count(), 2, 8, 3)), lambda: next(groupby([1], len))]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
