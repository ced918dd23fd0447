# str.split / rsplit / join.
print('a b  c'.split(), '  lead trail  '.split(), ''.split(), '   '.split())
print('a,b,,c'.split(','), 'a,b,,c'.split(',', 1), ','.split(','))
print('a b c d'.split(None, 2), 'a b c d'.rsplit(None, 2), 'a b c d'.rsplit(' ', 1))
print('x--y--z'.split('--'), 'x--y--z'.rsplit('--', 1))
print('one\ttwo\nthree'.split(), 'a\x0bb\x0cc'.split())
print('-'.join(['a', 'b', 'c']), ''.join([]), ', '.join('xyz'))
print(' '.join(str(i) for i in range(5)))
print('::'.join(('p', 'q')), '\n'.join(['l1', 'l2']))
try:
    'a'.split('')
except ValueError as e:
    print('ValueError:', e)
try:
    ','.join(['a', 1])
except TypeError as e:
    print('TypeError:', e)
words = 'the quick brown fox jumps over the lazy dog'.split()
print(len(words), words[3], sorted(words)[:3])
print('/'.join(reversed('usr/local/bin'.split('/'))))
print('a.b.c'.split('.', maxsplit=1), 'a.b.c'.rsplit('.', maxsplit=1))
print('abc'.split('abc'), 'abcabc'.split('abc'))
