# Lone surrogates in str: literals, repr, len, indexing, comparison
# (code-point order), hashing, concatenation, and encoding them.
s = '\ud800'
pair = '\ud83d\ude00'
print(len(s), repr(s), ascii(s), s.isprintable(), repr(s * 3))
print(len(pair), repr(pair), pair == '\U0001f600', repr(pair[0]), repr(pair[1]))
print(s < '\ue000', s > '\ud7ff', '\udfff' < '\ue000', '\uffff' < '\U00010000', pair < '\U0001f600')
print(sorted(['\ue000', '\ud800', 'z', '\U00010000', '\udc00', '\ud7ff']) ==
      ['z', '\ud7ff', '\ud800', '\udc00', '\ue000', '\U00010000'])
print(hash(s) == hash(chr(0xd800)), hash('a' + s) == hash('a\ud800'), {s: 1}['\ud800'])
print(repr(s + '\udc00'), repr('a\udcffb'[1]), repr('x\udc80y'[::-1]), 'x\udc80y'.find('\udc80'))
print(repr('\ud800abc'.upper()), '\ud800'.isalpha(), repr('a\udc80b'.split('\udc80')))
print(repr(chr(0xd800)), ord('\udfff'), repr(str(['\udc80'])), repr(f'{s!r}'))
for errors in ('surrogatepass', 'surrogateescape', 'replace', 'ignore', 'backslashreplace',
               'xmlcharrefreplace', 'namereplace'):
    for t in ('\ud800', '\udcff', 'a\udc80b'):
        try:
            print(errors, ascii(t), t.encode('utf-8', errors))
        except UnicodeEncodeError as e:
            print(errors, ascii(t), 'UnicodeEncodeError', e)
try:
    'ab\ud800\udfffc'.encode()
except UnicodeEncodeError as e:
    print(e, e.start, e.end, ascii(e.object), e.reason)
print(ascii(b'\xed\xa0\x80'.decode('utf-8', 'surrogatepass')), ascii(b'a\xff\xfeb'.decode('utf-8', 'surrogateescape')))
print(ascii(b'a\xff\xfeb'.decode('utf-8', 'surrogateescape').encode('utf-8', 'surrogateescape')))
print('\ud800'.encode('utf-16-le', 'surrogatepass'), '\ud800'.encode('utf-32-be', 'surrogatepass'))
print(ascii(b'\x00\xd8'.decode('utf-16-le', 'surrogatepass')))
try:
    b'\xed\xa0\x80'.decode()
except UnicodeDecodeError as e:
    print(e)
