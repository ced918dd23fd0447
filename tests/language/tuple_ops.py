# Tuples: construction, immutability, methods, hashing.
t = (1, 2, 3)
print(t, (), (1,), tuple('ab'), tuple([4, 5]), 1, )
print(t + (4,), t * 2, t[0], t[-1], t[1:], len(t))
print(t.count(2), t.index(3), 2 in t, (1, 2) < (1, 3), (2,) > (1, 99))
try:
    t[0] = 9
except TypeError as e:
    print('TypeError:', e)
try:
    t.index(7)
except ValueError as e:
    print('ValueError:', e)
try:
    t[10]
except IndexError as e:
    print('IndexError:', e)
d = {(1, 2): 'pair', (): 'empty'}
print(d[(1, 2)], d[()], hash((1, 2)) == hash((1, 2)))
try:
    hash(([1], 2))
except TypeError as e:
    print('TypeError:', e)
a, b = t[:2]
print(a, b)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested))
print(tuple(x * x for x in range(4)))
single = 'x',
print(single, type(single).__name__)
print(max((1, 'b'), (1, 'a')), min([(2, 1), (1, 2)]))
print(repr((1, 'a', None, 2.5, [1])))
print(sorted([(2, 'b'), (1, 'z'), (2, 'a')]))
mixed = (1, [2, 3])
mixed[1].append(4)
print(mixed)
