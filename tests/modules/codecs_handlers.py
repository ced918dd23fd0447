# Error handlers: the built-in ones as functions (codecs.lookup_error) and
# user handlers from register_error, called with the exception.
import _codecs as c


def show(e):
    print(type(e).__name__, e.encoding, ascii(e.object), e.start, e.end, e.reason, '|', e)


def tag(e):
    show(e)
    return ('<%d>' % (e.end - e.start), e.end)


c.register_error('test.tag', tag)
print('a\xe9\u20acb'.encode('ascii', 'test.tag'), b'a\xe9\xffb'.decode('ascii', 'test.tag'))
print(b'a\xe9\xffb'.decode('utf-8', 'test.tag'), '\ud800x'.encode('utf-8', 'test.tag'))
print('\u20ac'.encode('cp1252', 'test.tag'), '\u0100'.encode('cp1252', 'test.tag'), b'\x81'.decode('cp1252', 'test.tag'))
c.register_error('test.bytes', lambda e: (b'[%d]' % e.start, e.end))
print('a\xe9b'.encode('ascii', 'test.bytes'), 'a\xe9b'.encode('latin-1', 'test.bytes'))
c.register_error('test.back', lambda e: ('!', e.end - len(e.object)) if e.end < len(e.object) else ('?', e.end))
print('ab\xe9c\xe9'.encode('ascii', 'test.back'))
c.register_error('test.skip2', lambda e: ('', e.end + 1))
print('a\xe9xyz'.encode('ascii', 'test.skip2'), b'a\xffxyz'.decode('ascii', 'test.skip2'))
for name, ret in (('test.bad1', 'x'), ('test.bad2', ('x',)), ('test.bad3', (1, 2)), ('test.bad4', ('x', 99)),
                  ('test.bad5', ('\u20ac', 2))):
    c.register_error(name, lambda e, r=ret: r)
    for f in (lambda: 'a\xe9'.encode('ascii', name), lambda: b'a\xe9'.decode('ascii', name)):
        try:
            print(f())
        except Exception as e:
            print(type(e).__name__, e)
print(c.lookup_error('test.tag') is tag, c.lookup_error('strict').__name__, c.lookup_error('surrogateescape').__name__)
enc = UnicodeEncodeError('ascii', 'a\xe9\u20ac\ud800', 1, 3, 'nope')
dec = UnicodeDecodeError('utf-8', b'a\xe9\xff', 1, 3, 'nope')
tr = UnicodeTranslateError('a\xe9\u20ac', 1, 3, 'nope')
print(enc, '|', dec, '|', tr, '|', UnicodeEncodeError('ascii', 'ab', 0, 1, 'r'), '|', UnicodeDecodeError('x', b'\xff', 0, 1, 'r'))
print(enc.encoding, ascii(enc.object), enc.start, enc.end, enc.reason, ascii(tr.object), tr.start)
for name in ('strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace',
             'surrogateescape', 'surrogatepass'):
    h = c.lookup_error(name)
    for exc in (enc, dec, tr, UnicodeEncodeError('utf-8', 'a\udcff\udc80', 1, 3, 'r'),
                UnicodeDecodeError('utf-8', b'\xed\xa0\x80x', 0, 1, 'r'), ValueError('v')):
        try:
            print(name, type(exc).__name__, ascii(h(exc)))
        except Exception as e:
            print(name, type(exc).__name__, type(e).__name__, e)
for f in (lambda: c.lookup_error('test.none'), lambda: c.register_error('x', 1), lambda: c.register_error(1, tag),
          lambda: c.lookup_error(1), lambda: 'a\xe9'.encode('ascii', 'test.none')):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
