# len and range.
print(len('abc'), len([1, 2]), len(()), len({'a': 1}), len({1, 2, 3}), len(range(10)), len(b'xy'))
r = range(10)
print(r, range(1, 5), range(0, 10, 2), range(5, 0, -1))
print(list(range(5)), list(range(2, 8, 3)), list(range(10, 0, -4)), list(range(0)), list(range(5, 1)))
print(r[3], r[-1], r[2:5], r[::-1], r[::3])
print(3 in r, 10 in r, -1 in r, r.index(4), r.count(4))
print(len(range(0, 100, 7)), len(range(100, 0, -7)), range(10 ** 20)[-1])
print(range(3) == range(0, 3), range(0) == range(5, 5), range(1, 10, 2)[2])
print(sum(range(101)), max(range(7)), min(range(3, 9)))
print(list(reversed(range(4))), range(10 ** 18, 10 ** 18 + 3)[1])
r2 = range(2, 20, 3)
print(r2.start, r2.stop, r2.step)
try:
    range(1, 2, 0)
except ValueError as e:
    print('ValueError:', e)
try:
    r[10]
except IndexError as e:
    print('IndexError:', e)
try:
    range(1.5)
except TypeError as e:
    print('TypeError:', e)
try:
    len(5)
except TypeError as e:
    print('TypeError:', e)
