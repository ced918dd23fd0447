# Mixed int/float/bool arithmetic and comparisons across the tower.
print(1 + 2.0, 3 * True, 2.5 - False, 7 // 2.0, 7 % 2.5, 2 ** 0.5 * 2 ** 0.5)
print(10 ** 20 + 0.5, 10 ** 20 == 1e20, 2 ** 1000 > 1e300, 1 < 1.0000001)
print(int(2.9) + round(2.9), float(7) // 2, abs(-3) + abs(-3.5))
print(sum([1, 2.0, True]), max(1, 2.5, True), min(0, -0.5))
try:
    2.0 ** 10000
except OverflowError as e:
    print('OverflowError:', e)
try:
    10 ** 400 * 1.0
except OverflowError as e:
    print('OverflowError:', e)
try:
    1 / 0.0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    5 % 0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    5 // 0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
try:
    5.0 // 0
except ZeroDivisionError as e:
    print('ZeroDivisionError:', e)
print(0 ** 0.0, 2 ** -3, (-2) ** -2)
print(1e308 + 1e308, -(1e308 * 10), 3 / 2, 3 // 2, -3 // 2, 3.0 / 2)
