# A negative float (or int) to a non-integer float power is a complex, as
# in CPython; integer-valued exponents stay float.
print((-1) ** 2.3)
print((-8.0) ** (1 / 3))
print(pow(-2.0, 0.5), pow(-2, 0.5))
print((-2.0) ** 2.0, (-2.0) ** -1.0, (-2.0) ** 3)
x = -4.0
x **= 0.5
print(x, type(x).__name__)
print(type((-1.5) ** 0.5).__name__, (-0.0) ** 0.5)
for base, exp in ((-1.0, float("inf")), (-1.0, float("-inf")), (float("-inf"), 0.5), (-2.0, float("nan"))):
    print(base ** exp)
try:
    0.0 ** -0.5
except ZeroDivisionError as e:
    print(e)
