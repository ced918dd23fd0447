# range with bounds or length beyond int64 (CPython's longrange path).
B = 10 ** 20
r = range(-B, B, 10 ** 19)
print(r, len(r), r[0], r[-1], r[5], bool(r))
print(list(r)[:3], list(reversed(r))[:3])
print(r[2:5], r[::-1], r[::7], r[1:-1:3])
print(0 in r, 5 in r, B in r, -B in r, 10 ** 19 in r, 1.0 in r, 'x' in r)
print(r.index(10 ** 19), r.count(0), r.count(3), r.start, r.stop, r.step)
h = range(B)
print(h[-1], h[B - 1], B - 1 in h, B in h, h == range(0, B), h != range(B + 1))
try:
    len(h)
except OverflowError as e:
    print('OverflowError:', e)
print(bool(range(B, B)), bool(h), range(B, B) == range(0), hash(range(B, B)) == hash(range(0)))
print(range(2 ** 62, 2 ** 62 + 5), list(range(2 ** 62, 2 ** 62 + 3)), 2 ** 62 + 1 in range(2 ** 62, 2 ** 62 + 5))
print(list(range(2 ** 63 - 2, 2 ** 63 + 2)), list(range(-2 ** 63 + 1, -2 ** 63 - 2, -1)))
print(range(-2 ** 63, 2 ** 63)[-1], range(-2 ** 63, 2 ** 63)[2 ** 63])
big = range(B, B + 10, 3)
print(big, len(big), list(big), list(reversed(big)), big[1:], big[::-1], B + 3 in big, big.index(B + 6))
it = iter(range(B, B + 3))
print(type(it).__name__, next(it), it.__length_hint__(), list(it))
print(range(0, B, 7)[B // 7], range(5)[0:B:2], range(10)[-B:B])
try:
    h[B]
except IndexError as e:
    print('IndexError:', e)
try:
    h['a']
except TypeError as e:
    print('TypeError:', e)
try:
    range(B, 2 * B, 0)
except ValueError as e:
    print('ValueError:', e)
try:
    r.index(3)
except ValueError as e:
    print('ValueError:', e)
for x in range(B, B + 2):
    print(x)
print(sum(range(B, B + 100)), max(range(-B, -B + 5)), sorted(range(B + 2, B - 2, -1)))
