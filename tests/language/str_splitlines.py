# splitlines with every line-break kind, keepends.
s = 'one\ntwo\r\nthree\rfour\n\nsix'
print(s.splitlines())
print(s.splitlines(True))
print(''.splitlines(), '\n'.splitlines(), 'x\n'.splitlines(), '\nx'.splitlines())
print('a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i'.splitlines())
print('a\n'.splitlines(keepends=True), 'no breaks'.splitlines())
text = '''first line
second line

fourth line'''
for i, line in enumerate(text.splitlines(), 1):
    print(i, repr(line))
print(len('x\r\n\r\n'.splitlines()), 'x\r\n\r\n'.split('\n'))
