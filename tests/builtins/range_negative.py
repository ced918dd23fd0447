# range with negative steps, emptiness, equality, big bounds.
for args in [(5,), (0, 5), (5, 0), (5, 0, -1), (-5, 5, 3), (10, -10, -7), (0, 0), (3, 3, -1), (-1, -10, -2)]:
    r = range(*args)
    print(args, list(r), len(r), bool(r), r[0] if r else None, r[-1] if r else None)
print(range(0, 10, 3) == range(0, 11, 3), range(0, 3, 2) == range(0, 4, 2), hash(range(3)) == hash(range(0, 3)))
big = range(-10 ** 20, 10 ** 20, 10 ** 19)
print(len(big), big[5], big[-1], 0 in big, 5 in big, big.index(10 ** 19))
print(list(range(10))[::-3], range(10)[::-3], range(1, 10, 2)[1:3])
