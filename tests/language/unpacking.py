# Unpacking: tuples, lists, starred, nested, in for targets.
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = 'xyz'
print(x, y, z)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = range(5)
print(init, last)
h, *mid, t = 'abcde'
print(h, mid, t)
p, *q = [1]
print(p, q)
(m, n), o = (1, 2), 3
print(m, n, o)
[i, [j, k]] = [1, [2, 3]]
print(i, j, k)
for idx, (c1, c2) in enumerate(['ab', 'cd']):
    print(idx, c1, c2)
for key, val in {'a': 1, 'b': 2}.items():
    print(key, val)
for u, *vs in [(1, 2, 3), (4,)]:
    print(u, vs)
print(*[1, 2], *'ab', *range(2))
print([*range(3), *'xy'], (*[1], 2), {*[1, 2], 3})
d1 = {'a': 1}
print({**d1, 'b': 2, **{'a': 9}})
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print('ValueError:', e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print('ValueError:', e)
try:
    a, *b, c = [1]
except ValueError as e:
    print('ValueError:', e)
try:
    a, b = 5
except TypeError as e:
    print('TypeError:', e)
r = s = [0]
print(r is s)
