# Comparisons, chaining (evaluated once), mixed types.
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1)
print(1 < 2 > 0, 1 <= 1 >= 1, 1 != 2 != 1)
calls = []
def v(x):
    calls.append(x)
    return x
print(v(1) < v(2) < v(3), calls)
calls.clear()
print(v(3) < v(2) < v(1), calls)
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], (1, 'a') < (1, 'b'))
print([] == [], () == (), [1] == (1,), {} == {})
print('a' < 'b' < 'c', 'abc' > 'abd')
print(1 == 1.0, x is not None if (x := 1) else 0, None is None)
print(2 in [1, 2, 3], 4 not in [1, 2, 3], 'k' in {'k': 1})
x = 5
print(0 < x < 10, 0 < x < 3, x == 5 != 6)
print((1, 2) == (1, 2), (1, 2) != (2, 1), (1, [2]) == (1, [2]))
print(None == 0, None == False, 0 == False, '' == False)
try:
    print(1 < 'a')
except TypeError as e:
    print('TypeError:', e)
try:
    print([1] < (1,))
except TypeError as e:
    print('TypeError:', e)
try:
    print(None < None)
except TypeError as e:
    print('TypeError:', e)
print(float('nan') == float('nan'), float('inf') > 10 ** 400)
print(10 ** 400 > 1e308, -10 ** 400 < -1e308, 2 ** 53 + 1 == float(2 ** 53 + 1))
