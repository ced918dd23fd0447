# frozenset: immutable, hashable, operations return frozensets.
a = frozenset([1, 2, 3])
b = frozenset([3, 4])
print(a | b, a & b, a - b, a ^ b, type(a | b).__name__)
print(a | {9}, type({9} | a).__name__, a.union([5]), a.issuperset([1]))
print(hash(a) == hash(frozenset([3, 2, 1])), {a: 1}[frozenset([1, 2, 3])])
s = {a, b, frozenset([1, 2, 3])}
print(len(s))
try:
    a.add(5)
except AttributeError as e:
    print('AttributeError:', e)
print(frozenset('abc') == set('abc'), sorted(frozenset('cab')), len(frozenset()))
print(frozenset(range(5)).isdisjoint(range(5, 9)), a.copy() == a)
