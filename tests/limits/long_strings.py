# Long strings: 10**6 characters, building, searching, slicing.
s = 'ab' * 500000
print(len(s), s.count('ab'), s.find('ba'), s.rfind('ab'), s[-3:])
t = ''.join(str(i % 10) for i in range(10 ** 6))
print(len(t), t[:12], t.count('7'), t[999990:])
u = s.replace('a', 'xyz')
print(len(u), u[:7])
parts = s.split('b')
print(len(parts), parts[:3], parts[-1] == '')
print(len(s.upper()), s.upper()[:4], (s + t)[999998:1000003])
big = 'x' * (10 ** 6)
print(big == 'x' * (10 ** 6), hash(big) == hash('x' * (10 ** 6)), 'y' in big)
lines = '\n'.join(['line %d' % i for i in range(100000)])
print(len(lines.splitlines()), lines.splitlines()[-1])
