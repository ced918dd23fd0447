# String literals: quotes, escapes, raw strings, implicit concatenation.
print('single', "double", '''triple
line''', """also
triple""")
print('tab\there', 'nl\\n', 'quote\'s', "dq\"s")
print('\x41\x42', '\101', '\u00e9', '\u2022')
print(r'raw\n\t', R"raw\\", len(r'\n'))
print('abc' 'def', "x" 'y' """z""")
print('a\
b')
print(repr('it\'s'), repr("say \"hi\""), repr('both \' and "'))
print(repr('\n\t\r\x00\x7f'), repr('\\'))
print(repr('caf\u00e9'), repr('\u2603'), repr('\U0001F600'))
print(len('\U0001F600'), len('caf\u00e9'), len(''))
print(repr(''), repr("'"), repr('"'))
s = 'hello'
print(s[0], s[-1], s[1:3], s[::-1], s[::2])
print('ab' * 3, 3 * 'x', 'a' + 'b', '' * 5)
print('b' in 'abc', 'z' not in 'abc', '' in 'abc')
print('abc' < 'abd', 'B' < 'a', 'abc' < 'ab', 'a' == 'a')
print(ord('A'), chr(97), ord('\u00e9'), chr(0x263A))
