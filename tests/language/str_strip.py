# strip / lstrip / rstrip, removeprefix / removesuffix.
s = '  \t hello world \n '
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print('xxhixx'.strip('x'), 'xxhixx'.lstrip('x'), 'xxhixx'.rstrip('x'))
print('abcHELLOcba'.strip('abc'), '...a.b...'.strip('.'))
print(repr(''.strip()), repr('   '.strip()), repr('a'.strip('a')))
print('www.example.com'.strip('cmowz.'))
print('TestCase'.removeprefix('Test'), 'TestCase'.removeprefix('Case'))
print('file.py'.removesuffix('.py'), 'file.py'.removesuffix('.c'))
print(repr('\u3000x\u3000'.strip()), repr('\x1cx\x1f'.strip()))
lines = ['  a  ', 'b  ', '  c']
print([l.strip() for l in lines])
print('aaa'.strip('a') == '', 'ab'.rstrip('b'))
print(repr('\n\nx\n\n'.rstrip('\n')), repr('x y'.strip(' ')))
print('  spaced out  '.strip().upper())
print(repr('abc'.strip(None)), repr('  abc  '.lstrip(None)))
