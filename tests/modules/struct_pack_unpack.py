# _struct (what Lib/struct.py re-exports): every format character, byte
# orders, native alignment, Struct objects, pack_into/unpack_from/iter_unpack,
# and struct.error's messages.
import _struct as struct

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

print(sorted(n for n in dir(struct) if not n.startswith('__')))
print(struct.error.__module__, struct.error.__mro__[1].__name__)
for fmt in ['@bhiqP?e', '<bhiqe', '>HILQ', '=lLnN' if False else '=lL', '!d', 'ci', '<ci', '3s2p', 'i0l', ' i i ', '10x', '']:
    show(lambda: struct.calcsize(fmt))
vals = [('b', -128), ('B', 255), ('h', -2), ('H', 65535), ('i', -3), ('I', 4294967295), ('l', -4), ('L', 5),
        ('q', -2**63), ('Q', 2**64 - 1), ('n', -7), ('N', 8), ('P', 4096), ('?', 'x'), ('c', b'z'),
        ('e', 1.5), ('f', 0.1), ('d', -0.1), ('5s', b'ab'), ('3s', b'abcdef'), ('4p', b'ab'), ('2p', b'xyz')]
for order in '@<>!=':
    for f, v in vals:
        if order != '@' and f[-1] in 'nNP':
            continue
        fmt = order + f
        packed = struct.pack(fmt, v)
        print(fmt, packed, struct.unpack(fmt, packed))
print(struct.pack('@bi', 1, 2), struct.pack('<bi', 1, 2), struct.pack('>hq', 1, 2), struct.pack('@c0i', b'a'))
print(struct.pack('<e', 65519.99), struct.pack('<e', 2**-24), struct.pack('<e', 3 * 2**-25), struct.pack('>e', -0.0))
print(struct.unpack('<e', b'\x00\x7c'), struct.unpack('<e', b'\x00\xfc'), struct.unpack('<e', b'\x01\x00'), struct.unpack('>e', b'\x7b\xff'))
s = struct.Struct('<hhl')
print(s.format, s.size, s.pack(1, 2, 3), s.unpack(b'\x01\x00\x02\x00\x03\x00\x00\x00'))
print(struct.Struct(b'>i').format, struct.Struct(format='3B').unpack(b'abc'))
buf = bytearray(12)
struct.pack_into('<ii', buf, 2, 7, 8); print(buf)
s.pack_into(buf, -8, -1, -2, -3); print(buf)
print(struct.unpack_from('<i', buf, 2), struct.unpack_from('<h', buf, offset=-2), s.unpack_from(memoryview(buf)))
print(list(struct.iter_unpack('<h', b'\x01\x00\x02\x00\x03\x00')), struct.iter_unpack('<h', b'1234').__length_hint__())
class Idx:
    def __index__(self):
        return 42
print(struct.pack('i', Idx()), struct.pack('?', []), struct.pack('d', 3))
struct._clearcache()
