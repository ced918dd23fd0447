# math: constants and functions, printed values match CPython.
import math
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.isnan(math.nan))
print(math.sqrt(16), math.sqrt(2), math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.7), math.floor(3))
print(math.pow(2, 10), math.exp(1), math.log(math.e), math.log(100, 10), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), math.tan(0), round(math.sin(math.pi / 6), 12), math.atan2(1, 1))
print(math.asin(1), math.acos(1), math.atan(1), math.hypot(3, 4), math.degrees(math.pi), math.radians(180))
print(math.fabs(-3), math.factorial(20), math.gcd(12, 18), math.gcd(0, 5), math.isqrt(99), math.comb(10, 3), math.perm(5, 2))
print(math.isfinite(1.0), math.isinf(math.inf), math.isclose(0.1 + 0.2, 0.3), math.copysign(1, -0.0))
print(math.fmod(7, 3), math.fmod(-7, 3), math.modf(2.5), math.frexp(8), math.ldexp(0.5, 4))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.lcm(4, 6))
print(math.floor(10 ** 20 + 0.5) == 10 ** 20, type(math.floor(2.5)).__name__, math.exp(0), math.log1p(0))
for call in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.acos(2)]:
    try:
        call()
    except ValueError as e:
        print('ValueError:', e)
print(math.cosh(0), math.sinh(0), math.tanh(0), math.erf(0), math.gamma(5), math.lgamma(1))
