# math: every function of CPython 3.11's math with special values, big ints
# and CPython's error messages.
import math

def t(name, *args, **kw):
    f = getattr(math, name)
    try:
        r = f(*args, **kw)
    except Exception as e:
        r = f'{type(e).__name__}: {e}'
    print(name, tuple(a if isinstance(a, (int, float, str, list, tuple, range)) else type(a).__name__ for a in args), repr(r))

inf, nan = float('inf'), float('nan')
specials = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 1e-310, 1e308, -1e308, 10.5, -10.5, inf, -inf, nan, 171.0, 172.0, -171.5]
for name in ['sqrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p', 'sin', 'cos', 'tan',
             'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'fabs',
             'erf', 'erfc', 'gamma', 'lgamma', 'cbrt', 'ceil', 'floor', 'trunc', 'frexp', 'modf',
             'isfinite', 'isinf', 'isnan', 'degrees', 'radians', 'ulp']:
    for x in specials:
        t(name, x)
for x in [0, -3, -4, 0.25, 1e-300, -1e-300, 3.5, -3.5, 20.5, 30.1, 1e10, -1e10, 100.7]:
    t('gamma', x)
    t('lgamma', x)
    t('erf', x)
    t('erfc', x)
for name in ['atan2', 'pow', 'fmod', 'remainder', 'copysign', 'hypot', 'nextafter', 'ldexp', 'log']:
    for a in [0.0, -0.0, 1.0, -1.5, 2.0, inf, -inf, nan]:
        for b in [0.0, -0.0, 0.5, -2.0, 3.0, inf, -inf, nan]:
            if name == 'ldexp':
                b = int(b) if b == b and abs(b) != inf else 5
            t(name, a, b)
t('ldexp', 1.0, 10**30); t('ldexp', 1.0, -10**30); t('ldexp', 0.5, 1025); t('ldexp', 1.0, -1075)
t('ldexp', 1.0, 2.0); t('pow', 10.0, 400); t('pow', -8, 1/3); t('exp', 1000); t('fmod', 5, 0)
t('log', 10**1000); t('log', 10**1000, 10); t('log2', 2**5000); t('log10', 10**400); t('log', 0); t('log', -1)
t('log', 8, 2); t('log', 8, 1); t('log', 2, 0.5); t('log', 1, 0); t('log1p', -1); t('log', 2**1100, 2**1100)
t('sqrt', -1); t('sqrt', 10**400); t('sqrt', 'x'); t('exp', None); t('cos', inf)
t('factorial', 0); t('factorial', 20); t('factorial', 100); t('factorial', -1); t('factorial', 5.0); t('factorial', 2**70)
t('comb', 10, 3); t('comb', 100, 50); t('comb', 3, 10); t('comb', -1, 2); t('comb', 5, -2); t('comb', 5.0, 2)
t('perm', 10, 3); t('perm', 10); t('perm', 5, 10); t('perm', 100, 60); t('perm', -1); t('comb', 10**20, 3)
t('isqrt', 0); t('isqrt', 99); t('isqrt', 10**50); t('isqrt', -1); t('isqrt', 2.0); t('isqrt', True)
t('gcd'); t('gcd', 12); t('gcd', -12, 18); t('gcd', 12, 18, 27); t('gcd', 2**100, 2**60 * 3); t('gcd', 1.0, 2)
t('lcm'); t('lcm', 4); t('lcm', 4, 6); t('lcm', 4, 6, 10); t('lcm', 0, 5); t('lcm', -4, 6); t('lcm', 2**70, 3)
t('prod', [1, 2, 3]); t('prod', []); t('prod', [1.5, 2]); t('prod', range(1, 30)); t('prod', [2, 3], start=10)
t('prod', ['a', 2]); t('prod', [[1], 2])
t('fsum', [0.1] * 10); t('fsum', [1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]); t('fsum', [])
t('fsum', [inf, 1]); t('fsum', [inf, -inf]); t('fsum', [nan, 1]); t('fsum', [1e308, 1e308]); t('fsum', [2**1023 * 1.0, 2**970 * 1.0])
t('fsum', [1, 2**53, -2**53]); t('fsum', ['a'])
t('dist', (1, 2), (4, 6)); t('dist', [0, 0, 0], [1, 1, 1]); t('dist', (1,), (1, 2)); t('dist', [1], [2])
t('hypot'); t('hypot', 3); t('hypot', 3, 4, 12); t('hypot', inf, nan); t('hypot', nan, 1); t('hypot', 1e308, 1e308)
t('hypot', 'a'); t('hypot', 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
t('isclose', 1.0, 1.0 + 1e-10); t('isclose', 1.0, 1.1, rel_tol=0.2); t('isclose', 0, 1e-10, abs_tol=1e-9)
t('isclose', inf, inf); t('isclose', nan, nan); t('isclose', 1, 2, rel_tol=-1)
t('nextafter', 1.0, 2.0); t('nextafter', 0.0, -1.0); t('nextafter', 1, 1); t('ulp', 1); t('ulp', 2**1023)
t('trunc', 3.7); t('trunc', -3.7); t('floor', -3.5); t('ceil', -3.5); t('floor', 1e300); t('ceil', 2**70)
t('floor', 'x'); t('trunc', 'x'); t('floor', inf); t('ceil', nan); t('floor', True)
t('modf', 3.5); t('frexp', 0.0); t('frexp', 1e-320); t('copysign', 1, -0.0); t('fabs', -5); t('fabs', 2**1100)
t('remainder', 5, 3); t('remainder', 7.5, 2); t('remainder', -inf, 1); t('remainder', 1, 0)
t('degrees', 10**400); t('pow', 0, -1); t('pow', -inf, -3); t('pow', -2, 0.5); t('pow', 1, nan); t('pow', nan, 0)
t('atan2', 1, 0); t('cosh', 1000); t('sinh', -1000); t('expm1', 1000); t('exp2', 1024); t('exp2', -1080)
t('acosh', 0.5); t('atanh', 1); t('asin', 2)

class F:
    def __float__(self): return 2.5
class I:
    def __index__(self): return 7
class Tr:
    def __trunc__(self): return 'trunc!'
    def __floor__(self): return 'floor!'
    def __ceil__(self): return 'ceil!'
class BadF:
    def __float__(self): return 1
t('sqrt', F()); t('factorial', I()); t('trunc', Tr()); t('floor', Tr()); t('ceil', Tr()); t('sqrt', BadF())
t('floor', F()); t('ceil', F()); t('gcd', I(), 21); t('comb', I(), I())
print(math.pi, math.e, math.tau, math.inf, math.nan, -math.inf)
print(sorted(n for n in dir(math) if not n.startswith('_')))
