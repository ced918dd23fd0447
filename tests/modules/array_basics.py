# array.array: every typecode, the sequence protocol, bytes/list/unicode
# conversions, byteswap, buffer_info, reprs, comparisons, errors.
import array
from array import array as A

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

def setitem(o, k, v):
    o[k] = v

def delitem(o, k):
    del o[k]

print(array.typecodes, array.ArrayType is A, sorted(n for n in dir(A) if not n.startswith('__')))
samples = {'b': [-128, 0, 127], 'B': [0, 255], 'h': [-32768, 32767], 'H': [0, 65535], 'i': [-2**31, 2**31 - 1],
           'I': [0, 2**32 - 1], 'l': [-2**63, 2**63 - 1], 'L': [0, 2**64 - 1], 'q': [-2**63, 2**63 - 1],
           'Q': [0, 2**64 - 1], 'f': [1.5, -0.25], 'd': [1e300, -2.5], 'u': ['a', 'é', '€']}
for tc, vals in samples.items():
    a = A(tc, vals)
    print(tc, a.itemsize, a.typecode, repr(a), len(a), a.tolist(), a[0], a[-1], list(a), a.tobytes().hex())
    b = A(tc)
    b.frombytes(a.tobytes())
    c = A(tc, a)
    c.byteswap()
    c.byteswap()
    print(b == a, c == a, a.buffer_info()[1], A(tc, a.tobytes()) == a, bytes(a) == a.tobytes(), memoryview(a).format)
for tc, v in [('b', 128), ('b', -129), ('B', 256), ('B', -1), ('h', 2**15), ('H', -1), ('i', 2**31), ('I', 2**32),
              ('I', -1), ('l', 2**63), ('L', 2**64), ('L', -1), ('q', 2**63), ('Q', -1), ('Q', 2**64),
              ('i', 'x'), ('i', 1.5), ('f', 'x'), ('d', None), ('u', 1), ('u', 'ab')]:
    show(lambda: A(tc, [v]))
a = A('i', range(10))
a.append(10); a.extend([11, 12]); a.extend(A('i', [13])); a.insert(0, -1); a.insert(-1, 99); a.fromlist([14])
print(a, a.pop(), a.pop(0), a.index(99), a.count(5), 5 in a, 100 in a)
a.remove(99); a.reverse(); print(a)
print(a[2:5], a[::3], a[::-4])
a[1:3] = A('i', [7, 7, 7]); a[::2] = A('i', [0] * len(a[::2])); del a[1:3]; del a[::4]; del a[0]
print(a, a + A('i', [1]), a * 2, 2 * A('i', [3]), A('i', [1, 2]) < A('i', [1, 3]), A('b', [1]) == A('d', [1.0]))
a += A('i', [5]); a *= 2; print(a)
u = A('u', 'hello')
u.fromunicode(' wörld'); print(u, u.tounicode(), A('u').tounicode())
for f in [lambda: A('x'), lambda: A(5), lambda: A('ab'), lambda: A('b', 'abc'), lambda: A('i').frombytes(b'abc'),
          lambda: a.index(999), lambda: a.remove(999), lambda: A('i').pop(), lambda: a.pop(99), lambda: a[99],
          lambda: setitem(a, 99, 1), lambda: setitem(a, slice(0, 1), [1]), lambda: a + [1], lambda: a + A('b'),
          lambda: a.extend(A('b')), lambda: a.tounicode(), lambda: a.fromunicode('x'), lambda: a.fromlist((1,)),
          lambda: a * 'x', lambda: a['x'], lambda: setitem(a, slice(0, 4, 2), A('i', [1]))]:
    show(f)
b = A('b', [1, 2])
m = memoryview(b)
show(lambda: b.append(3))
m.release()
b.append(3)
print(b, b.__copy__(), b.__deepcopy__({}))
