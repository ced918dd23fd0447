# cmath's special values: every function over a grid of infinities, NaNs,
# signed zeros and extremes, including the signs CPython's tables choose.
import cmath, math
vals = [math.inf, -math.inf, math.nan, 0.0, -0.0, 1.0, -1.0, 2.5, 1e-310, 800.0, -800.0]
names = ['sqrt', 'exp', 'log', 'log10', 'acos', 'asin', 'atan', 'acosh', 'asinh', 'atanh', 'cos', 'sin', 'tan',
         'cosh', 'sinh', 'tanh']
for n in names:
    f = getattr(cmath, n)
    out = []
    for a in vals:
        for b in vals:
            try:
                r = f(complex(a, b))
                out.append(repr(r))
            except (ValueError, OverflowError) as e:
                out.append(type(e).__name__)
    print(n, ' '.join(out))
out = []
for a in vals:
    for b in vals:
        try:
            out.append(repr(cmath.rect(a, b)))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__)
        out.append(repr(cmath.polar(complex(a, b))) if not (abs(a) == 800) else '')
print('rect/polar', ' '.join(out))
