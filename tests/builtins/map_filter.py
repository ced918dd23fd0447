# map and filter, any and all.
print(list(map(str, [1, 2])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])), list(map(len, ['a', 'bb'])))
print(list(filter(None, [0, 1, '', 'a', None, [], [0]])), list(filter(str.isdigit, 'a1b2')))
print(list(filter(lambda x: x % 2, range(10))))
m = map(abs, [-1, -2])
print(next(m), list(m), list(m))
print(any([]), all([]), any([0, '', 1]), all([1, 'a', [0]]), all([1, 0]), any(x > 3 for x in range(5)))
def noisy(x):
    print('check', x)
    return x
print(any(noisy(x) for x in [0, 1, 2]), all(noisy(x) for x in [1, 0, 2]))
print(type(map(str, [])).__name__, type(filter(None, [])).__name__)
print(list(map(pow, [2, 3], [3, 2], [5, 5])))
try:
    map(5, [1]).__next__()
except TypeError as e:
    print('TypeError:', e)
