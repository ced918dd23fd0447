# zip patterns: transposition, pairing with index, dict building, uneven lengths.
matrix = [(1, 2, 3), (4, 5, 6)]
print(list(zip(*matrix)), [list(c) for c in zip(*matrix)])
names = ['x', 'y', 'z']
print(dict(zip(names, range(3))), list(zip(names, names[1:])))
print(list(zip('abcd', range(2))), list(zip(range(2), 'abcd')))
keys, vals = zip(*{'a': 1, 'b': 2}.items())
print(keys, vals)
def gen():
    for i in range(5):
        print('gen yields', i)
        yield i
print(list(zip(gen(), 'ab')))
