# printf-style % formatting.
print('%d %i %s %r' % (42, -7, 'str', 'str'))
print('%5d|%-5d|%05d|%+d|% d' % (42, 42, 42, 42, 42))
print('%.2f %8.3f %-8.1f| %e %.2E %g %G' % (3.14159, 2.5, 1.25, 12345.678, 0.000123, 1e-5, 1e20))
print('%x %X %o %#x %#o' % (255, 255, 8, 255, 8))
print('%c%c %%' % (72, 'i'))
print('%(name)s is %(age)d' % {'name': 'Ann', 'age': 30})
print('%s' % 'single', '%s' % (1,), '%s' % [1, 2], '%s %s' % ('a', 'b'))
print('%*d|%-*d|%.*f' % (5, 1, 4, 2, 2, 3.14159))
print('%s' % None, '%r' % None, '%d' % True, '%s' % True)
print('%5s|%-5s|%.2s' % ('ab', 'ab', 'abcdef'))
print('%d' % 3.99, '%f' % 1, '%.0f' % 2.5, '%.0f' % 3.5)
print('%d%%' % 50, '100%%' % ())
try:
    print('%d %d' % (1,))
except TypeError as e:
    print('TypeError:', e)
try:
    print('%d' % (1, 2))
except TypeError as e:
    print('TypeError:', e)
try:
    print('%d' % 'x')
except TypeError as e:
    print('TypeError:', e)
print('%s and %s' % (10 ** 20, -1.5))
print('%10.4f|%-10.2e|' % (3.14159265, 31415.9265))
