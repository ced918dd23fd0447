# cmath on finite values (CPython's formulas, to the last bit) and the
# error cases.
import cmath, math
zs = [0j, 1+0j, -1+0j, 1j, -1j, 2+3j, -2.5+0.5j, 1e-320+1e-320j, 1e300+1e300j, 0.5-0.7j, 3, 2.5, -4, 1e-10j,
      complex(0.71, 0), complex(1, 1e-200), complex(-0.0, 0.0), complex(0.0, -0.0), complex(1e308, 0)]
names = ['sqrt', 'exp', 'log', 'log10', 'acos', 'asin', 'atan', 'acosh', 'asinh', 'atanh', 'cos', 'sin', 'tan',
         'cosh', 'sinh', 'tanh']
for n in names:
    f = getattr(cmath, n)
    row = []
    for z in zs:
        try:
            row.append(repr(f(z)))
        except (ValueError, OverflowError) as e:
            row.append(type(e).__name__ + ':' + str(e))
    print(n, ' '.join(row))
print(cmath.phase(-1), cmath.phase(1j), cmath.polar(3+4j), cmath.rect(2, math.pi / 2), cmath.rect(1, 0))
print(cmath.log(8, 2), cmath.log(1j, 1j), cmath.isfinite(1j), cmath.isnan(cmath.nanj), cmath.isinf(cmath.infj))
print(cmath.isclose(1+1j, 1+1.0000000001j), cmath.isclose(1j, 2j, abs_tol=2), cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.infj, cmath.nanj)
specials = [complex(math.inf, 0), complex(-math.inf, 1), complex(math.nan, 1), complex(1, math.inf), complex(math.inf, math.inf), complex(0, math.nan)]
for n in names:
    f = getattr(cmath, n)
    row = []
    for z in specials:
        try:
            row.append(repr(f(z)))
        except (ValueError, OverflowError) as e:
            row.append(type(e).__name__)
    print(n, ' '.join(row))
for bad in ['cmath.sqrt("x")', 'cmath.log(0)', 'cmath.log(1, 1)', 'cmath.exp(1000)', 'cmath.isclose(1, 1, rel_tol=-1)', 'cmath.polar(complex(1e308, 1e308))', 'cmath.rect(1, math.inf)']:
    try:
        print(bad, eval(bad))
    except Exception as e:
        print(bad, type(e).__name__, e)
