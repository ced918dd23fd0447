# The complex type: literals, construction from numbers and strings, mixed
# arithmetic, repr/str/format, hash, and CPython's errors.
vals = [1j, 2+3j, -1.5j, 1e20j, complex(1, -0.0), complex(-0.0, 1), complex(), complex(2), complex(1.5, 2),
        complex('1+2j'), complex(' ( -3.5-4J ) '), complex('j'), complex('-j'), complex('1_000j'), complex('inf'),
        complex('-inf+infj'), complex(1+1j, 1j), 0j, -0j, complex(-0.0, -0.0), 3 - 0j]
for v in vals:
    print(repr(v), str(v), v.real, v.imag, hash(v), bool(v))
a, b = 1 + 2j, 3 - 4j
print(a + b, a - b, a * b, a / b, a ** 2, a ** -2, a ** b, a ** 0.5, 2 ** a, abs(b), -a, +a, a.conjugate())
print(a + 1, 1 + a, a * 2.5, 2.5 * a, a / 2, 2 / a, True + a, a == 1 + 2j, a != a, 1 + 0j == 1, 1.5 + 0j == 1.5, 2j == 2)
print(hash(1 + 0j) == hash(1), hash(1.5 + 0j) == hash(1.5), {1: 'a'}[1 + 0j])
print(format(a, ''), format(a, '>12'), format(a, '<12'), format(a, '^12'), format(a, '.2f'), format(a, '+.3e'))
print(format(1234.5 + 2j, ','), format(1234.5 + 2j, '_.2f'), format(2j, '.3'), format(1e20 + 1j, 'g'), format(a, '*^15'))
print(f'{a}', f'{a!r}', f'{a:10}', '%s' % a, '{:g}'.format(a))
for bad in ['', 'x', '1+', '1+2', '(1+2j', '1j+2', '1..2j', 'jj', '1 + 2j', '_1j', '1__0j']:
    try:
        complex(bad)
    except ValueError as e:
        print(repr(bad), e)
for args in [('1', 2), (1, '2'), ([],), (1, []), (None,)]:
    try:
        complex(*args)
    except TypeError as e:
        print(e)
for expr in ['1j // 2', '1j % 2', '1j < 2j', 'divmod(1j, 2)', '1 / 0j', '0j ** -1', '0j ** 1j', 'int(1j)',
             'float(1j)', '(1e300+1e300j) ** 10', 'abs(complex(1e308, 1e308))', 'round(1j)', 'pow(1j, 2, 3)']:
    try:
        print(expr, eval(expr))
    except Exception as e:
        print(expr, type(e).__name__, e)
class C:
    def __complex__(self):
        return 3 + 4j
print(complex(C()), abs(C.__complex__(C())), complex(1j.real), (1j).imag, 1J, 10.5j)
class F:
    def __float__(self):
        return 2.5
print(complex(F()), complex(F(), F()))
print(0.1j + 0.2j, 1j ** 3, (1+1j) ** 100, 1j * 1j)
