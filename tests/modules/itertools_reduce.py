# itertools' __reduce__ / __setstate__ (what pickle and copy use in 3.11):
# each iterator is rebuilt from its reduce value at several points of its
# run, and the copy must continue exactly like the original.
import itertools
from itertools import *


def rebuild(it):
    r = it.__reduce__()
    obj = r[0](*r[1])
    if len(r) > 2 and r[2] is not None:
        obj.__setstate__(r[2])
    return obj


def check(make, steps=(0, 1, 2, 5)):
    out = []
    for k in steps:
        a, b = make(), make()
        head = [next(a) for _ in range(k)]
        [next(b) for _ in range(k)]
        c = rebuild(b)
        out.append(list(islice(a, 12)) == list(islice(c, 12)))
    return all(out)


makers = {
    'count': lambda: count(3, 2), 'countf': lambda: count(0.5), 'repeat': lambda: repeat('x', 9),
    'cycle': lambda: cycle('abc'), 'accumulate': lambda: accumulate(range(10)),
    'accinit': lambda: accumulate(range(10), initial=100),
    'chain': lambda: chain('ab', 'cde', 'f'), 'compress': lambda: compress(range(10), [1, 0] * 5),
    'dropwhile': lambda: dropwhile(lambda x: x < 3, range(10)), 'takewhile': lambda: takewhile(lambda x: x < 7, range(10)),
    'filterfalse': lambda: filterfalse(lambda x: x % 3, range(20)), 'starmap': lambda: starmap(pow, [(2, i) for i in range(9)]),
    'islice': lambda: islice(range(30), 2, 25, 3), 'zip_longest': lambda: zip_longest('abcdefg', 'xy', fillvalue='-'),
    'groupby': lambda: ((k, tuple(g)) for k, g in groupby('aabbbcdd')),
    'product': lambda: product('abc', range(3)), 'permutations': lambda: permutations('abcd', 3),
    'combinations': lambda: combinations('abcde', 3), 'cwr': lambda: combinations_with_replacement('abc', 3),
}
for name, make in makers.items():
    if name == 'groupby':
        continue
    print(name, check(make))

print(count(3, 2).__reduce__(), count(3).__reduce__(), count(1.0).__reduce__(), repeat(1, 3).__reduce__())
cy = cycle('ab')
print(cy.__reduce__()[2], [next(cy) for i in range(3)], cy.__reduce__()[2])
p = product('ab', 'cd')
print(p.__reduce__(), next(p), p.__reduce__()[2])
p.__setstate__((1, 1))
print(list(p))
pm = permutations('abc', 2)
next(pm)
print(pm.__reduce__())
pm.__setstate__(((2, 0, 1), (1, 1)))
print(list(pm))
cb = combinations('abcd', 2)
cb.__setstate__((0, 2))
print(list(cb))
cw = combinations_with_replacement('abc', 2)
cw.__setstate__((1, 2))
print(list(cw))
cy = cycle('abc')
cy.__setstate__((['x', 'y'], 1))
print([next(cy) for i in range(5)])
ch = chain()
ch.__setstate__((iter(['ab', 'cd']), iter('xy')))
print(list(ch), chain().__reduce__()[0].__name__)
isl = islice('abcdef', 1, 5)
isl.__setstate__(2)
print(list(isl), isl.__reduce__()[1][1:])
gb = groupby('aabb')
next(gb)
print(gb.__reduce__()[2], next(gb)[0])
a, b = tee('abc')
next(a)
cls, args, state = a.__reduce__()
print(cls.__name__, args, state[1], type(state[0]).__name__)
a.__setstate__((state[0], 2))
print(list(a))
for bad in [lambda: combinations('abc', 2).__setstate__(1), lambda: combinations('abc', 2).__setstate__((1,)),
            lambda: cycle('a').__setstate__(1), lambda: cycle('a').__setstate__(('a', 1)),
            lambda: chain().__setstate__(1), lambda: chain().__setstate__((1,)),
            lambda: product('a').__setstate__(()), lambda: a.__setstate__(1), lambda: a.__setstate__((state[0], 99)),
            lambda: itertools._tee(1), lambda: itertools._tee_dataobject(iter('ab'), [1] * 60, None)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
