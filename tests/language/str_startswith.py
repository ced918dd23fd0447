# startswith / endswith with tuples and ranges.
s = 'baton.py'
print(s.startswith('bat'), s.startswith('py'), s.endswith('.py'), s.endswith('.c'))
print(s.startswith(('x', 'ba')), s.endswith(('.c', '.h')), s.endswith(()))
print(s.startswith('ton', 2), s.startswith('ton', 3), s.endswith('bat', 0, 3))
print(s.startswith(''), ''.startswith(''), ''.endswith('a'), s.endswith('', 100))
print(s.startswith('a', -7), s.endswith('.p', 0, -1))
files = ['a.py', 'b.c', 'c.h', 'd.py', 'README']
print([f for f in files if f.endswith(('.c', '.h'))])
print([f for f in files if not f.startswith(('a', 'b'))])
try:
    s.startswith(['b'])
except TypeError as e:
    print('TypeError:', e)
