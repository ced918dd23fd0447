# A constant set display of 3+ colliding ints iterated in a different order
# than CPython (which rebuilds the folded frozenset from a tuple of itself).
for x in {-5, 3, -9}: print(x, end=' ')
print()
for x in {1, 9, 17, 25}: print(x, end=' ')
print()
print([x for x in {1, 9, 17, 25}], 9 in {1, 9, 17, 25}, list({1, 9, 17, 25}), frozenset({1, 9, 17, 25}))
print(sorted({-5, 3, -9}), {1, 9, 17, 25} | {33}, {'a', 'b', 'c'} == {'c', 'b', 'a'})
print({-5, 3, -9}, {8, 16, 0, 24, 32}, {-1, -2, 100, 7, 8}, {33, 1, 65, 97, 129, 2})
