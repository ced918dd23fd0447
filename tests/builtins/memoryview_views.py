# memoryview: attributes, items, slices, writes through to a bytearray,
# casts (1-D <-> N-D), tolist/tobytes/hex, comparisons, hashing, errors.
def setitem(o, k, v):
    o[k] = v

def delitem(o, k):
    del o[k]

def show(f):
    try:
        r = f()
        print(repr(r))
    except Exception as e:
        print(type(e).__name__, e)

src = bytearray(b'abcdefgh')
m = memoryview(src)
print(m.obj is src, m.nbytes, m.readonly, m.format, m.itemsize, m.ndim, m.shape, m.strides, m.suboffsets)
print(m.c_contiguous, m.f_contiguous, m.contiguous, len(m), m[0], m[-1], m[2:5].tobytes(), m[::2].tobytes())
print(m[::2].strides, m[::-1].tobytes(), m[::2].c_contiguous, bytes(m[1::3]), m[::2].hex(':'))
m[0] = 65
m[1:3] = b'BC'
m[5:8] = bytearray(b'FGH')
m[::4] = b'__'
print(src, m.tolist()[:3], list(m[:2]))
show(lambda: setitem(m, slice(0, 2), b'xyz'))
show(lambda: setitem(m, 0, 256))
show(lambda: setitem(m, 0, 'a'))
show(lambda: delitem(m, 0))
show(lambda: m[10])
show(lambda: m['a'])
ro = memoryview(b'abcdef')
show(lambda: setitem(ro, 0, 1))
print(hash(ro) == hash(b'abcdef'), hash(ro[1:3]) == hash(b'bc'))
show(lambda: hash(m))
show(lambda: hash(ro.cast('h')))
c = ro.cast('B', [2, 3])
print(c.shape, c.strides, c.ndim, c.tolist(), c[1, 2], c.nbytes, len(c))
show(lambda: c[0])
show(lambda: list(c))
show(lambda: c[1, 5])
print(c.cast('B').tolist(), c.cast('c')[1], ro.cast('c').tolist()[:2])
w = memoryview(bytearray(range(16)))
i = w.cast('i')
print(i.format, i.itemsize, i.tolist(), i.cast('B')[4:8].tolist())
h = w.cast('H')
h[0] = 0xffff
print(w[:2].tolist(), h[0], w.cast('q').tolist(), w.cast('d').itemsize, w.cast('?')[0])
show(lambda: setitem(h, 0, 70000))
show(lambda: setitem(h, 0, -1))
show(lambda: ro.cast('i'))
show(lambda: ro.cast('x'))
show(lambda: ro.cast('B', 5))
show(lambda: ro.cast('B', [0, 6]))
show(lambda: ro[::2].cast('B'))
show(lambda: ro.cast('h').cast('i'))
show(lambda: ro.cast('B', [4, 2]))
print(ro == b'abcdef', ro == bytearray(b'abcdef'), ro != b'abc', ro == ro[:], ro[1:3] == memoryview(b'bc'))
print(memoryview(b'\x01\x00').cast('h') == memoryview(b'\x01\x00\x00\x00').cast('i')[:1], ro == 'abcdef')
show(lambda: ro < ro)
show(lambda: memoryview('abc'))
show(lambda: memoryview(5))
print(memoryview(b'ab').toreadonly().readonly, memoryview(bytearray(b'ab')).toreadonly().readonly)
print(memoryview(m).obj is src, memoryview(m)[1:2].obj is src, ro.tobytes(order=None), ro.tobytes('C'))
