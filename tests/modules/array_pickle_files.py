# array.array: __reduce_ex__ and _array_reconstructor (other machines'
# layouts too), pickling through baton's pickle, fromfile/tofile, and the
# buffer protocol with memoryview, bytes, zlib and struct.
import array
import os
import pickle
import zlib
import _struct
from array import array as A

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

a = A('i', [1, -2, 3])
print(a.__reduce_ex__(2), a.__reduce_ex__(4), A('u', 'hi').__reduce_ex__(2), A('u', 'hi').__reduce_ex__(3))
for x in (a, A('d', [0.5]), A('u', 'hé'), A('B'), [A('H', [1, 2]), A('q', [-5])]):
    y = pickle.loads(pickle.dumps(x))
    print(y, y == x)
rec = array._array_reconstructor
print(rec(A, 'i', 9, b'\x00\x00\x00\x01\x00\x00\x00\x02'), rec(A, 'h', 5, b'\x00\x01\xff\xfe'), rec(A, 'H', 3, b'\x00\x01'),
      rec(A, 'd', 17, b'\x3f\xf0\x00\x00\x00\x00\x00\x00'), rec(A, 'q', 8, b'\xff\xff\xff\xff'))
show(lambda: rec(A, 'x', 9, b''))
show(lambda: rec(A, 'i', 99, b''))
show(lambda: rec(1, 'i', 9, b''))
show(lambda: rec(int, 'i', 9, b''))
show(lambda: rec(A, 'i', 9, 'x'))
name = '_tmp_array_file'
with open(name, 'wb') as f:
    A('h', range(5)).tofile(f)
    f.write(A('b', [7, 8]))
with open(name, 'rb') as f:
    b = A('h')
    b.fromfile(f, 3)
    print(b)
    try:
        b.fromfile(f, 5)
    except EOFError as e:
        print('EOFError', e, b)
os.remove(name)
d = A('d', [1.0, 2.0, 3.0])
m = memoryview(d)
print(m.format, m.itemsize, m.nbytes, m.tolist(), m[1], m.cast('B')[:8].tolist())
m[0] = 9.5
print(d, bytes(A('b', [65, 66])), zlib.crc32(A('I', [1, 2])) == zlib.crc32(A('I', [1, 2]).tobytes()))
buf = A('b', [0] * 8)
_struct.pack_into('<hi', buf, 1, 513, -1)
print(buf, _struct.unpack_from('<hi', buf, 1), A('b', b'xy'), b''.join([A('B', [104, 105]), b'!']))
m.release()
d.append(4.0)
print(d)
