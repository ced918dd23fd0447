# The _codecs module's codec functions, as Lib/encodings calls them:
# (result, length) pairs, final=False keeping incomplete input, byte order
# marks, charmap tables and EncodingMap, escapes.
import _codecs as c
print(c.utf_8_encode('aé\U0001f600'), c.utf_8_decode(b'ab\xc3', None, False), c.utf_8_decode(b'ab\xc3\xa9', 'strict', True))
print(c.utf_16_encode('a\U0001f600'), c.utf_16_encode('a', None, 1), c.utf_16_le_encode('a'), c.utf_16_be_encode('a'))
print(c.utf_16_ex_decode(b'\xfe\xff\x00a'), c.utf_16_ex_decode(b'a\x00', None, -1), c.utf_16_ex_decode(b'a\x00b', None, 0, False))
print(c.utf_16_decode(b'\xff\xfea\x00b', None, False), c.utf_16_le_decode(b'a\x00\x3d\xd8', None, False), c.utf_16_be_decode(b'\x00a'))
print(c.utf_32_encode('a'), c.utf_32_le_encode('\U0001f600'), c.utf_32_be_encode('a'), c.utf_32_ex_decode(b'\x00\x00\xfe\xff\x00\x00\x00a'))
print(c.utf_32_decode(b'\xff\xfe\x00\x00a\x00\x00\x00b', None, False), c.utf_32_le_decode(b'a\x00\x00\x00'), c.utf_32_be_decode(b'\x00\x00\x00a'))
print(c.latin_1_encode('aé'), c.latin_1_decode(b'a\xe9'), c.ascii_encode('ab'), c.ascii_decode(b'ab'), c.ascii_decode(b'a\xe9', 'replace'))
print(c.utf_7_encode('a+é\U0001f600-b'), c.utf_7_decode(b'a+-+AOk-b'), c.utf_7_decode(b'+AGE', None, False), c.utf_7_decode(b'+AGE', None, True), c.utf_7_decode(b'+AGEAZQ-x'))
print(c.unicode_escape_encode('a\té\u20ac\U0001f600\\'), c.unicode_escape_decode(b'\\t\\x41\\u20ac\\N{EURO SIGN}\\101'))
print(c.unicode_escape_decode('\\u20ac'), c.unicode_escape_decode(b'ab\\N{EM', None, False), c.unicode_escape_decode(b'ab\\', None, False))
print(c.raw_unicode_escape_encode('a\xe9\u20ac\U0001f600'), c.raw_unicode_escape_decode(b'\\u20ac\\x41\\'), c.raw_unicode_escape_decode('\\U0001f600'))
print(c.escape_encode(b'a\n\'\\\x00\xff'), c.escape_decode(b'a\\n\\x41\\101\\q'), c.escape_decode('\\t'), c.readbuffer_encode('aé'), c.readbuffer_encode(b'x'))
table = ''.join(map(chr, range(128))) + '\u20ac' + '\ufffe' * 126 + '\xff'
m = c.charmap_build(table)
print(type(m).__name__, c.charmap_build('aba'), c.charmap_build('a\ufffeb'), m.size() > 0)
print(c.charmap_encode('a\u20ac\xff', 'strict', m), c.charmap_decode(b'a\x80\xff', 'strict', table), c.charmap_decode(b'a\x81', 'replace', table))
print(c.charmap_encode('ab', 'strict', {97: 65, 98: b'BB'}), c.charmap_decode(b'ab', 'strict', {97: 'x', 98: 0x263a}), c.charmap_encode('a'), c.charmap_decode(b'\xe9'))
print(c.charmap_encode('a\xe9', 'replace', {97: 65, 63: b'?!'}), c.charmap_encode('a\xe9', 'xmlcharrefreplace', {ord(ch): ord(ch) for ch in 'a&#;0123456789'}))
for f in [lambda: c.utf_8_encode(1), lambda: c.utf_8_decode(1), lambda: c.utf_8_encode('a', 1), lambda: c.utf_8_encode(),
          lambda: c.utf_8_encode(str='a'), lambda: c.charmap_encode('a\xe9', 'strict', m), lambda: c.charmap_decode(b'a\x81', 'strict', 'ab'),
          lambda: c.charmap_encode('a', 'strict', {97: 300}), lambda: c.charmap_encode('a', 'strict', {97: 'x'}),
          lambda: c.charmap_decode(b'a', 'strict', {97: 0x110000}), lambda: c.charmap_decode(b'a', 'strict', {97: 1.5}),
          lambda: c.utf_32_ex_decode(b'\x00\x00\xfe\xffabcd'), lambda: c.utf_16_le_encode('\ud800'), lambda: c.escape_decode(b'\\x4'),
          lambda: c.escape_decode(b'ab\\'), lambda: c.escape_encode('str'), lambda: c.ascii_decode(b'ab', None, 1)]:
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
# bytes-like input: bytearray, memoryview
print(c.utf_8_decode(bytearray(b'a\xc3\xa9')), c.latin_1_decode(memoryview(b'\xe9')), c.utf_16_le_decode(bytearray(b'a\x00')))
print(bytearray(b'\xe9').decode('latin-1'), bytearray('é€', 'utf-8'), bytearray('é', 'cp1252'), str(memoryview(b'ab'), 'ascii'))
