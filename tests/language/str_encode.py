# encode / decode, UTF-8 round trips and errors.
s = 'h\u00e9llo \u2603 \U0001F600'
b = s.encode()
print(b, len(s), len(b))
print(b.decode() == s, s.encode('utf-8') == b)
print('abc'.encode('ascii'), b'abc'.decode('ascii'))
try:
    '\u00e9'.encode('ascii')
except UnicodeEncodeError as e:
    print('UnicodeEncodeError:', e)
try:
    b'\xff\xfe'.decode('utf-8')
except UnicodeDecodeError as e:
    print('UnicodeDecodeError:', e)
print('\u00e9'.encode('latin-1'), b'\xe9'.decode('latin-1'))
print(b'\xc3\xa9'.decode(), list('\u00e9'.encode()))
print('x\u00e9'.encode('ascii', 'replace'), 'x\u00e9'.encode('ascii', 'ignore'))
print(b'a\xffb'.decode('utf-8', 'replace'), b'a\xffb'.decode('utf-8', 'ignore'))
print(str(b'abc', 'utf-8'), str(b'abc'))
