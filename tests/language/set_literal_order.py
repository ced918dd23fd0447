# Iteration order of int set displays.  CPython 3.11 folds a display of 3+
# constants into a frozenset constant and builds the set with SET_UPDATE
# (which presizes the table), so colliding or negative hashes can come out
# in a different order than set([...]) gives; baton must match both.
print({-1, -2, 100, 7, 8}, set([-1, -2, 100, 7, 8]))
print({-5, 3, -9}, set([-5, 3, -9]))
print({1, 9, 17, 25}, {8, 16, 0, 24, 32})
a, b = 3, -5
print({a, b, -9}, {b, a})
