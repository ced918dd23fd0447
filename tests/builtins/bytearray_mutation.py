# bytearray: item and slice assignment and deletion, in-place operators, the
# mutating methods, and CPython's error messages.
def setitem(o, k, v):
    o[k] = v

def show(f):
    try:
        r = f()
        print(repr(r))
    except Exception as e:
        print(type(e).__name__, e)

b = bytearray(b'0123456789')
b[0] = 65; b[-1] = 90; print(b)
b[1:3] = b'xyz'; print(b)
b[::2] = b'.' * len(b[::2]); print(b)
del b[::3]; print(b)
del b[1]; print(b)
del b[-2:]; print(b)
b[2:2] = [1, 2, 3]; print(b)
b[5:] = memoryview(b'MV'); print(b)
b[:] = b; print(b)
b[::-1] = bytes(reversed(b)); print(b)
show(lambda: setitem(b, 0, 256))
show(lambda: setitem(b, 0, 'a'))
show(lambda: setitem(b, slice(0, 2), 'ab'))
show(lambda: setitem(b, slice(0, 2), 5))
show(lambda: setitem(b, slice(0, 6, 2), b'x'))
show(lambda: b[100])
show(lambda: b['x'])
c = bytearray(b'ab')
c += b'cd'; c += bytearray(b'e'); c += memoryview(b'f'); print(c)
c *= 2; print(c)
d = c
try:
    d += d
except BufferError as ex:
    print('BufferError', ex)
try:
    c += 'x'
except TypeError as ex:
    print('TypeError', ex)
print(bytearray(b'ab') * 3, 2 * bytearray(b'xy'), bytearray(b'ab') * -1)
e = bytearray()
e.append(1); e.extend([2, 3]); e.extend(b'\x04'); e.extend(range(5, 7)); e.insert(0, 0); e.insert(-1, 99)
print(e, e.pop(), e.pop(0), e)
e.remove(99); e.reverse(); print(e, e.copy(), e.copy() is e)
e.clear(); print(e, len(e))
show(lambda: e.pop())
show(lambda: bytearray(b'a').pop(5))
show(lambda: bytearray(b'a').remove(3))
show(lambda: bytearray().append(300))
show(lambda: bytearray().extend(5))
show(lambda: bytearray().extend('abc'))
show(lambda: bytearray().insert(0, 'x'))
print(bytearray(3), bytearray([1, 2]), bytearray('é', 'utf-8'), bytearray(b'x'), bytearray(memoryview(b'mv')))
show(lambda: bytearray('x'))
show(lambda: bytearray(3.0))
show(lambda: hash(bytearray()))
x = bytearray(b'abc')
print(x == b'abc', b'abc' == x, x < b'abd', x >= bytearray(b'abc'), x != memoryview(b'abc'))
print(x.__reduce_ex__(2), x.__reduce_ex__(4))
print(list(x), [i for i in bytearray(b'\x00\xff')], b'b' in x, 99 in x)
print(repr(bytearray(b'it\'s "q"')), repr(bytearray(b"it's")), str(bytearray(b'\n')))
