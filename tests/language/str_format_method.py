# str.format: positional, keyword, index, attribute, specs, conversions.
print('{} {} {}'.format(1, 'two', 3.0))
print('{0} {1} {0}'.format('a', 'b'), '{1}{0}'.format('x', 'y'))
print('{name} is {age}'.format(name='Bo', age=7))
print('{0[0]} {0[1]} {1[k]}'.format(['p', 'q'], {'k': 'v'}))
class P:
    x = 3
    y = 4
print('{0.x},{0.y}'.format(P()))
print('{:>6}|{:<6}|{:^6}|{:*^7}'.format('a', 'b', 'c', 'd'))
print('{:.3f} {:10.2f}| {:,} {:+d} {:x} {:#b}'.format(3.14159, 2.5, 1234567, 5, 255, 5))
print('{!r} {!s} {!r:>8}'.format('q', 'q', 'q'))
print('{{}} {{{}}}'.format(9))
print('{:{}{}}'.format('z', '>', 4), '{:{w}.{p}f}'.format(1 / 3, w=8, p=3))
print('{:%}'.format(0.25), '{:05.1f}'.format(-2.5), '{:e}'.format(0.0))
print(format(1234.5678, ',.2f'), format(42, '08b'), format('s', '^5'), format(3))
try:
    '{} {}'.format(1)
except IndexError as e:
    print('IndexError:', e)
try:
    '{x}'.format(y=1)
except KeyError as e:
    print('KeyError:', e)
try:
    '{:d}'.format('s')
except ValueError as e:
    print('ValueError:', e)
print('{0:>{1}}'.format('r', 3), '{:=+8}'.format(12), '{:=8}'.format(-12))
print('{:g} {:g} {:g} {:g}'.format(100000.0, 1000000.0, 1.5e-5, 123.456789))
print('{} {}'.format(True, None), '{:d}'.format(True), '{:>5}'.format(True))
