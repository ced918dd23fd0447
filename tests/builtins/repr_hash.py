# repr of nested containers, recursive containers; hash equalities.
a = [1, 2]
a.append(a)
print(a)
d = {'self': None}
d['self'] = d
print(d)
print(repr([1, [2, [3, {'a': (4,)}]]]), repr({(1, 2): [None]}))
print(hash(1) == hash(1.0), hash(True) == hash(1), hash(0) == hash(-0.0) == hash(False))
print(hash((1, 2)) == hash((1, 2)), hash('abc') == hash('abc'), hash(frozenset([1])) == hash(frozenset([1])))
print(hash(10 ** 30) == hash(10 ** 30), hash(2 ** 61 - 1), hash(2 ** 61), hash(-1), hash(-2))
print(hash(1.5) == hash(1.5), hash(None) == hash(None), type(hash('x')).__name__)
for bad in [[1], {1: 2}, {3}]:
    try:
        hash(bad)
    except TypeError as e:
        print('TypeError:', e)
print(hash(5), hash(-7), hash(123456789), hash(2 ** 70) == (2 ** 70) % (2 ** 61 - 1))
print(hash(0.5) == hash(0.5), hash(3.0) == 3)
