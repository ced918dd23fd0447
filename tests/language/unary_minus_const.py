# -constant is folded by the compiler (x ** -1.5 loads -1.5): signs, -0.0,
# the int range edges and precedence must stay CPython's.
import math
x = -0.0
print(math.copysign(1, x), math.copysign(1, -(0.0)), -0.0 == 0.0, repr(-0.0), repr(0.0))
def f(): return (-0.0, 0.0, -1.5, 1.5, -(-2), -4611686018427387904, -(2**62), -9223372036854775808, - 1e308 * 10)
print(f())
print(2 ** -1, 2.0 ** (-1.5), -1 ** 2, (-1) ** 2, -2 ** 0.5)
def g(x): return x ** (-1.5), x * -2, -x, -(x)
print(g(4.0), g(3))
print({-0.0: 1, 0.0: 2}, (lambda: -0.0)() is not (lambda: 0.0)())
