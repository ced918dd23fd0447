# find / rfind / index / rindex / count / in.
s = 'hello world, hello baton'
print(s.find('hello'), s.find('hello', 1), s.find('xyz'), s.rfind('hello'))
print(s.find('o', 5, 10), s.rfind('o', 0, 10), s.find(''), s.rfind(''))
print(s.index('world'), s.rindex('l'), s.count('l'), s.count('hello'))
print(s.count(''), 'aaaa'.count('aa'), 'abc'.count('d'), s.count('l', 0, 5))
try:
    s.index('zzz')
except ValueError as e:
    print('ValueError:', e)
try:
    s.rindex('zzz')
except ValueError as e:
    print('ValueError:', e)
print('world' in s, 'World' in s, s.find('o', -5), s.find('h', -100))
print('abcabc'.find('c', 3), 'abcabc'.rfind('a', 1), 'a'.find('a', 1))
print('mississippi'.count('ss'), 'mississippi'.find('ssi'), 'mississippi'.rfind('ssi'))
print('\u00e9t\u00e9'.find('t'), '\u00e9t\u00e9'.count('\u00e9'))
print(s.find('baton', 0, len(s)), s.find('baton', 0, len(s) - 1))
