# _collections.defaultdict (a dict subclass in C), _count_elements and
# _tuplegetter (namedtuple's field descriptor).
from _collections import defaultdict, _count_elements, _tuplegetter


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


d = defaultdict(list)
for word in 'one two three four five six'.split():
    d[len(word)].append(word)
print(d, d.default_factory, isinstance(d, dict), len(d), d.get(9), 9 in d)
print(d == {3: ['one', 'two', 'six'], 5: ['three'], 4: ['four', 'five']})
c = d.copy()
print(type(c).__name__, c, c is d, d.__copy__() == d)
print(d.__reduce__()[:4], list(d.__reduce__()[4]))
print(defaultdict(None, {1: 2}, a=3), defaultdict().__reduce__()[1])
print(defaultdict(int, a=1) | {'b': 2}, {'b': 2} | defaultdict(int, a=1))
u = defaultdict(int, a=1)
u |= {'c': 3}
u['z'] += 5
print(u, defaultdict[int], type(defaultdict(int).fromkeys('ab')).__name__)
u.default_factory = None
t(lambda: u['missing'])
t(lambda: u.__missing__('k'))
t(lambda: defaultdict(1))
t(lambda: defaultdict(int) | 1)
t(lambda: defaultdict(list).__missing__())
print(defaultdict(list).__missing__(1))

r = defaultdict()
r.default_factory = r
print(repr(r))
r2 = defaultdict(list)
r2[1] = r2
print(repr(r2))


class DD(defaultdict):
    def __missing__(self, key):
        return key * 2


dd = DD(int, a=1)
print(dd, dd['xy'], dd.copy(), type(dd.copy()).__name__, DD.__mro__[1].__name__)
print(dd.__reduce__()[:2])

counts = {}
_count_elements(counts, 'abracadabra')
print(counts)


class Counted(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 10)


k = Counted()
_count_elements(k, 'aab')
print(k)
t(lambda: _count_elements(1, 'ab'))
t(lambda: _count_elements({}, 1))
t(lambda: _count_elements({}))


class P(tuple):
    a = _tuplegetter(0, 'field a')
    b = _tuplegetter(1, 'field b')


p = P((1, 2))
print(p.a, p.b, P.a.__doc__, type(P.b).__name__, P.b.__reduce__())
t(lambda: P((1,)).b)
t(lambda: P.a.__get__(5))
t(lambda: _tuplegetter('a', 'x'))
t(lambda: _tuplegetter(1))
def setb():
    p.b = 3
t(setb)
