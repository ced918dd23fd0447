# round (banker's, ndigits), divmod, pow (2 and 3 args).
print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(3.14159, 3), round(2.675, 2))
print(round(1234.5678, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(5, 2), round(7))
print(type(round(2.5)), type(round(2.5, 0)), round(2.5, 0), round(1e20), round(0.1 + 0.2, 10))
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(10 ** 20, 7), divmod(0, 3))
print(pow(2, 10), pow(2, -2), pow(2.0, 3), pow(2, 100, 1000), pow(3, 4, 5), pow(-2, 3, 7), pow(5, -1, 7))
print(pow(0, 0), pow(10 ** 10, 3, 10 ** 9 + 7), 2 ** 0.5 == pow(2, 0.5))
for call in [lambda: divmod(1, 0), lambda: pow(2, 3, 0), lambda: pow(2, -1, 4), lambda: divmod('a', 1), lambda: round('x')]:
    try:
        call()
    except (ZeroDivisionError, ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
print(round(-0.0), round(float('inf') if False else 1.0), round(12.345, 1), round(0.05, 1))
