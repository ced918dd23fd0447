# str.encode / bytes.decode with the codecs baton has in C, every built-in
# error handler, and CPython's error messages.
text = 'aé€😀\x00\n\\+-'
for enc in ('utf-8', 'UTF8', 'latin-1', 'iso8859-1', 'ascii', 'us-ascii', 'utf-16', 'utf-16-le',
            'utf_16_be', 'utf-32', 'utf-32-le', 'UTF-32BE', 'utf-7', 'unicode_escape',
            'raw_unicode_escape', 'cp1252', 'windows-1251', 'latin2', 'koi8-r', 'cp437', 'mac_roman',
            'cp037', 'iso8859_15', 'tis-620'):
    for errors in ('strict', 'replace', 'ignore', 'backslashreplace', 'xmlcharrefreplace', 'namereplace'):
        try:
            b = text.encode(enc, errors)
            print(enc, errors, b, ascii(b.decode(enc, 'replace')))
        except UnicodeEncodeError as e:
            print(enc, errors, 'UnicodeEncodeError:', e, e.start, e.end)
    for errors in ('strict', 'replace', 'ignore', 'backslashreplace', 'surrogateescape'):
        try:
            print(enc, errors, ascii(bytes(range(0, 256, 3)).decode(enc, errors)))
        except UnicodeDecodeError as e:
            print(enc, errors, 'UnicodeDecodeError:', e, e.start, e.end, e.reason)
for b in (b'\xc3', b'\xc3(', b'\xe2\x82', b'\xe2\x82(', b'\xf0\x9f\x98', b'\xff', b'\xed\xb0\x80', b'\xf4\x90\x80\x80',
          b'\xc0\x80', b'a\x80\x80b'):
    try:
        b.decode()
    except UnicodeDecodeError as e:
        print(b, e)
for b, enc in ((b'\x00', 'utf-16'), (b'\x00\xdc', 'utf-16-le'), (b'\x00\xd8a\x00', 'utf-16-le'),
               (b'\x00\xd8', 'utf-16-le'), (b'\x00\x00\x11\x00', 'utf-32-le'), (b'abc', 'utf-32'),
               (b'\x00\xd8\x00\x00', 'utf-32-le'), (b'+AGE-+', 'utf-7'), (b'+\xe9', 'utf-7'),
               (b'\\x4', 'unicode_escape'), (b'\\N{NOPE}', 'unicode_escape'), (b'\\', 'unicode_escape'),
               (b'\\U00110000', 'raw_unicode_escape'), (b'\x81', 'cp1252')):
    try:
        print(ascii(b.decode(enc)))
    except UnicodeDecodeError as e:
        print(b, enc, e)
for t, enc in (('\u20ac', 'latin-1'), ('ab\u20ac\u20acc', 'ascii'), ('\U0001f600', 'cp1252'), ('\u0100', 'charmap')):
    try:
        t.encode(enc)
    except UnicodeEncodeError as e:
        print(ascii(t), enc, e)
for bad in ((1,), ('utf-8', 1), ('nope',), ('utf-8', 'nope')):
    try:
        print('é'.encode(*bad))
    except (TypeError, LookupError) as e:
        print(type(e).__name__, e)
    try:
        print(b'\xe9'.decode(*bad))
    except (TypeError, LookupError) as e:
        print(type(e).__name__, e)
print('x'.encode('utf-8', 'nope'), b'x'.decode('ascii', 'nope'), 'é'.encode(encoding='latin-1'))
