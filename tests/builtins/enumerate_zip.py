# enumerate and zip.
print(list(enumerate('abc')), list(enumerate('ab', 10)), list(enumerate([], 5)))
for i, (a, b) in enumerate(zip('xy', [1, 2]), start=1):
    print(i, a, b)
print(list(zip()), list(zip([1])), list(zip([1, 2, 3], 'ab')), list(zip('a', 'b', 'c')))
print(dict(zip(['k1', 'k2'], [1, 2])), list(zip(*[(1, 'a'), (2, 'b')])))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print('ValueError:', e)
print(list(zip(range(3), range(10, 13), strict=True)))
e = enumerate(['p', 'q'])
print(next(e), type(e).__name__)
names, ages = ['ann', 'bob'], [31, 25]
for n, a in zip(names, ages):
    print(f'{n} is {a}')
print(list(zip(*zip('ab', 'cd'))))
print(list(enumerate(range(3), start=-1)))
