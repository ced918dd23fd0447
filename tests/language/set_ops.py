# set and frozenset operations (small ints print in CPython's order).
s = {3, 1, 2}
print(s, len(s), 2 in s, 5 not in s)
s.add(4); s.add(1); print(s)
s.discard(10); s.remove(3); print(s)
try:
    s.remove(99)
except KeyError as e:
    print('KeyError:', e)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b), a.difference(b), a.symmetric_difference(b))
print({1, 2} <= a, {1, 2} < a, a <= a, a < a, a >= {1}, a.issubset(range(10)), a.isdisjoint({9}))
print(set(), set([1, 1, 2]), set('aab') == {'a', 'b'}, sorted(set('hello')))
fs = frozenset([1, 2])
print(fs, fs | {3}, frozenset(), hash(fs) == hash(frozenset([2, 1])))
print({fs: 'frozen'}[frozenset({1, 2})])
c = {1, 2, 3}
c.update([4, 5], {6}); print(c)
c.intersection_update({1, 2, 3, 4}); print(c)
c.difference_update({1}); print(c)
c.symmetric_difference_update({3, 10}); print(c)
print(c.pop() in {2, 4, 10}, len(c))
c.clear(); print(c)
print({x % 3 for x in range(10)}, sorted({'pear', 'apple', 'fig'}))
try:
    {[1]}
except TypeError as e:
    print('TypeError:', e)
print({1, 2} == {2, 1}, {1} == frozenset([1]), set() == frozenset())
print(set([-1, -2, 100, 7, 8]), {32, 1, 64, 2}, set(range(20, 0, -3)), set([-5, 3, -9]))
