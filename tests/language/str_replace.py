# replace, expandtabs, translate-free rewriting.
s = 'one two one two one'
print(s.replace('one', '1'), s.replace('one', '1', 2), s.replace('x', 'y'))
print('aaa'.replace('a', 'bb'), 'aaa'.replace('aa', 'b'), 'abc'.replace('', '-'))
print(''.replace('', 'x'), 'abc'.replace('abc', ''), 'a.b.c'.replace('.', ''))
print('hello'.replace('l', 'L', 0), 'hello'.replace('l', 'L', -1))
print('a\tb\tc'.expandtabs(), 'a\tbb\tccc'.expandtabs(4), repr('\t'.expandtabs(2)))
text = 'the cat sat on the mat'
for old, new in [('cat', 'dog'), ('mat', 'rug'), ('the', 'a')]:
    text = text.replace(old, new)
print(text)
print('\u00e9\u00e9'.replace('\u00e9', 'e'))
print(('x' * 5).replace('x', 'yz'))
