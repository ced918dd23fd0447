# cmath and complex arithmetic on random values across magnitudes: the
# same bits as CPython.
import cmath, random
random.seed(5)
names = ['sqrt', 'exp', 'log', 'log10', 'acos', 'asin', 'atan', 'acosh', 'asinh', 'atanh', 'cos', 'sin', 'tan',
         'cosh', 'sinh', 'tanh']
bad = 0
for scale in (1e-300, 1e-10, 0.5, 1.0, 3.0, 100.0, 1e10, 1e300):
    for i in range(12):
        z = complex(random.uniform(-1, 1) * scale, random.uniform(-1, 1) * scale)
        for n in names:
            try:
                r = getattr(cmath, n)(z)
                print(n, repr(z), repr(r))
            except (ValueError, OverflowError) as e:
                print(n, repr(z), type(e).__name__)
for i in range(40):
    a = complex(random.uniform(-5, 5), random.uniform(-5, 5)); b = complex(random.uniform(-5, 5), random.uniform(-5, 5))
    print(repr(a * b), repr(a / b), repr(a ** b), repr(a ** 3), repr(a ** -2), repr(abs(a)), repr(a ** 0.5), hash(a))
