# math integer functions on big values.
import math
print(math.factorial(30), math.gcd(2 ** 64, 6 ** 30), math.isqrt(10 ** 40 + 1), math.comb(100, 50))
print(math.perm(10), math.lcm(12, 18, 30), math.gcd(), math.gcd(-12, 8), math.prod(range(1, 21)))
print(math.floor(-10 ** 30 / 7), math.ceil(10 ** 20 / 3), math.trunc(1e20))
print(math.isqrt(0), math.isqrt(99999999999999999999999), math.comb(5, 7), math.factorial(0))
try:
    math.isqrt(-1)
except ValueError as e:
    print('ValueError:', e)
try:
    math.factorial(2.5)
except (TypeError, ValueError) as e:
    print(type(e).__name__)
print(math.log(2 ** 1000), math.log2(2 ** 100), math.sqrt(10 ** 30))
