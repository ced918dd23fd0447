# The codec registry: search functions, CPython's name normalisation, the
# lookup cache and _forget_codec, encode/decode of any codec, and
# str.encode / bytes.decode going through the registry for names that have
# no C codec.
import _codecs as c
seen = []


def rot_encode(s, errors='strict'):
    return bytes((b + 1) % 256 for b in s.encode('latin-1', errors)), len(s)


def rot_decode(b, errors='strict'):
    return bytes((x - 1) % 256 for x in b).decode('latin-1', errors), len(b)


def search(name):
    seen.append(name)
    if name == 'test_rot':
        return (rot_encode, rot_decode, None, None)
    if name == 'test_bad':
        return 'nope'
    if name == 'test_wrongtype':
        return (lambda s, e: (s, len(s)), lambda b, e: (b, len(b)), None, None)
    return None


c.register(search)
print('abc'.encode('Test-Rot'), b'bcd'.decode('test rot'), c.encode('xyz', 'TEST_ROT'), c.decode(b'yz{', 'test.rot' == 1 or 'test_rot'))
print(c.lookup('test-rot')[0] is rot_encode, seen)
seen.clear()
c.lookup('TEST_ROT')
print(seen)
for name in ('  Test--Rot  ', 'test.rot', 'ÄÖ test', 'a+b'):
    try:
        c.lookup(name)
    except LookupError as e:
        print('LookupError', e)
print(seen[-3:])
for f in (lambda: c.lookup('test_bad'), lambda: 'x'.encode('test_wrongtype'), lambda: b'x'.decode('test_wrongtype'),
          lambda: c.lookup(1), lambda: c.register(1), lambda: 'x'.encode('no_such_codec'),
          lambda: c.encode('x', 'no_such_codec'), lambda: c.encode(1, 'test_rot'), lambda: c.decode(1, 'test_rot')):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
print(c.encode('é'), c.decode(b'\xc3\xa9'), c.encode('é', 'latin-1'), c.decode(b'\xe9', encoding='latin-1', errors='strict'))
c.unregister(search)
try:
    c.lookup('test_rot2')
except LookupError as e:
    print(e, 'test_rot2' in seen)
