# struct.error (and the TypeErrors) with CPython 3.11's exact messages.
import _struct as struct

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

cases = [('b', 128), ('B', -1), ('h', 40000), ('H', -1), ('i', 2**31), ('I', -1), ('I', 2**32),
         ('l', 2**63), ('L', -1), ('q', 2**63), ('Q', -1), ('Q', 2**64), ('n', 2**63), ('N', -1), ('P', 2**64),
         ('<h', 40000), ('<H', -1), ('<i', 2**31), ('<I', 2**32), ('<l', 2**31), ('<L', -1), ('<L', 2**32),
         ('<q', 2**63), ('<Q', -1), ('>b', 200), ('>B', -1), ('>h', -40000), ('>H', 70000), ('>H', -1),
         ('>i', 2**31), ('>I', -1), ('>I', 2**32), ('>l', 2**31), ('>L', -1), ('>q', 2**63), ('>Q', -1),
         ('i', 1.5), ('>q', 1.0), ('i', 'x'), ('d', 'x'), ('>d', None), ('c', b'ab'), ('c', 1), ('c', 'a'),
         ('s', 1), ('p', 'x'), ('e', 1e6), ('<e', 65520.0), ('>f', 1e300), ('f', 1e300)]
for f, v in cases:
    show(lambda: struct.pack(f, v))
for f in ['3', 'z', 'iz', '<n', '=P', '>N', '2 i', '99999999999999999999i']:
    show(lambda: struct.calcsize(f))
show(lambda: struct.pack('ii', 1))
show(lambda: struct.pack('i', 1, 2))
show(lambda: struct.pack())
show(lambda: struct.unpack('i', b'abc'))
show(lambda: struct.unpack('i', 'abcd'))
show(lambda: struct.unpack_from('i', b'abc', 1))
show(lambda: struct.unpack_from('i', b'abcdef', -10))
show(lambda: struct.pack_into('i', bytearray(3), 0, 1))
show(lambda: struct.pack_into('i', bytearray(8), 6, 1))
show(lambda: struct.pack_into('i', bytearray(8), -10, 1))
show(lambda: struct.pack_into('i', bytearray(8), -2, 1))
show(lambda: struct.pack_into('i', b'abcd', 0, 1))
show(lambda: struct.pack_into('i', bytearray(4)))
show(lambda: struct.pack_into('i', bytearray(4), 0))
show(lambda: struct.iter_unpack('i', b'abcde'))
show(lambda: struct.iter_unpack('', b''))
show(lambda: struct.Struct(5))
show(lambda: struct.Struct('i').unpack(b''))
show(lambda: struct.calcsize(3))
