# Float arithmetic, mixing with ints, special values.
print(1.5 + 2, 3 - 0.5, 2 * 0.25, 7 / 2.0)
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
print(divmod(7.5, 2), divmod(-7.5, 2))
print(2.0 ** 10, 2 ** 0.5, 4 ** -0.5, (-8.0) ** 2)
print(float('inf') + 1, float('inf') * -1, float('inf') - float('inf') != 0)
print(1e308 * 10, -1e308 * 10)
print(0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9)
print(round(3.14159, 2), round(2.5), round(3.5), round(-2.5), round(1234.5678, -2))
print(int(3.999), int(-0.5), float(7) / 2)
print(max(1.5, 2), min(-0.0, 0.0), abs(-2.5))
print(3.0 == 3, 3.5 > 3, 2 < 2.5, -1.0 < -0.5)
print(1e300 * 1e-300, 1 / 1e-10)
print(10 / 3 * 3, 2 / 3 + 1 / 3)
x = 0.0
for i in range(10):
    x += 0.1
print(x, x == 1.0)
print(sum([0.1] * 10))
print(1.0 * 10 ** 20, float(10 ** 16), 10 ** 16 + 0.0)
print(-7.0 // 2.0, 7.0 // -2.0, -0.0 * 1)
print(float.__name__, (2.5).is_integer())
print(hash(1.0) == hash(1), hash(0.5) == hash(0.5), hash(-0.0) == hash(0.0))
