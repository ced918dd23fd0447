# The terminating itertools: accumulate, chain, compress, dropwhile,
# takewhile, filterfalse, starmap, islice, pairwise, zip_longest, groupby,
# tee, cycle: values, laziness (what each consumes), and their errors.
from itertools import *
import operator


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], operator.mul)), list(accumulate([], initial=1)))
print(list(accumulate([1, 2, 3], initial=10)), list(accumulate('abc')), list(accumulate([3, 1, 4], max)))
print(list(compress('abcdef', [1, 0, 1, 0, 1, 1])), list(compress(data='ab', selectors=[0, 1])))
print(list(dropwhile(lambda x: x < 3, [1, 4, 1])), list(takewhile(lambda x: x < 3, [1, 2, 4, 1])))
print(list(filterfalse(None, [0, 1, '', 2, None])), list(filterfalse(lambda x: x % 2, range(8))))
print(list(starmap(pow, [(2, 3), (3, 2)])), list(starmap(pow, [[2, 5]])), list(starmap(lambda: 1, [()])))
s = 'abcdefghij'
print(list(islice(s, 3)), list(islice(s, 2, 5)), list(islice(s, 1, None, 3)), list(islice(s, None)))
print(list(islice(s, 0)), list(islice(s, 20, 30)), list(islice(s, None, None, 4)), list(islice(range(100), 95, 200)))
it = iter(range(10))
print(list(islice(it, 2, 4)), next(it))
print(list(pairwise('abcd')), list(pairwise('a')), list(pairwise([])))
print(list(zip_longest('ab', 'c', fillvalue='-')), list(zip_longest()), list(zip_longest('ab', [1, 2, 3])))
print([(k, list(g)) for k, g in groupby('aabccca')], [k for k, g in groupby([1, 1, 2, 1])])
print([(k, list(g)) for k, g in groupby([1, 2, 4, 5, 7], key=lambda x: x // 2)])
gb = groupby('aabbc')
k1, g1 = next(gb)
k2, g2 = next(gb)
print(k1, list(g1), k2, next(g2), list(g2), [k for k, g in gb])
a, b = tee(iter(range(5)))
print(next(a), next(a), list(b), list(a))
x, y, z = tee('ab', 3)
print(list(x), list(y), list(z), tee('abc', 0), type(x).__name__, list(x.__copy__()))
a, = tee(iter(range(200)), 1)
b = a.__copy__()
print(sum(a), next(b), sum(b))
a, b = tee(a)
print(list(a), type(b) is type(a))
print(list(islice(cycle('abc'), 7)), list(cycle([])))

log = []
def gen():
    for i in range(3):
        log.append(i)
        yield i
c = chain(gen(), gen())
print(next(c), log, list(c), log)

def src():
    yield 1
    raise ValueError('boom')
for f in [lambda: list(chain([0], src())), lambda: list(islice(src(), 5)), lambda: list(zip_longest(src())),
          lambda: list(accumulate(src())), lambda: list(pairwise(src())), lambda: [list(g) for k, g in groupby(src())]]:
    t(f)
t(lambda: list(starmap(pow, [1])))
t(lambda: next(chain(1)))
t(lambda: list(accumulate([1, 'a'])))
t(lambda: list(dropwhile(len, [1])))
t(lambda: list(groupby([1], key=len)))
