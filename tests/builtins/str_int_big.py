# Conversions between big ints and strings.
n = 2 ** 256
s = str(n)
print(s, len(s), int(s) == n)
print(repr(-n), int('-' + s) == -n)
print(int('1' * 100) % 97, str(10 ** 99)[:5], len(str(10 ** 99)))
print(hex(n), int(hex(n), 16) == n, bin(n).count('1'), oct(n)[:6])
print(f'{n:,}'[:20], f'{n:e}', '%d' % n == s, '{:x}'.format(n)[:8])
print(str(-10 ** 18), str(10 ** 18 - 1), int('-9223372036854775809'))
