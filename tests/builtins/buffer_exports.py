# The buffer protocol's export counting: a bytearray with a live memoryview
# (or any view) cannot be resized; released views give the export back.
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

b = bytearray(b'hello')
m = memoryview(b)
show(lambda: b.append(1))
show(lambda: b.extend(b'xy'))
show(lambda: b.pop())
show(lambda: delitem(b, 0))
show(lambda: setitem(b, slice(0, 1), b'xy'))
show(lambda: b.clear())
b[0:1] = b'J'     # same size: allowed
b[1] = 69
print(b, m.tobytes())
m2 = m[1:3]
m.release()
show(lambda: b.append(1))   # m2 still exports
m2.release()
b.append(33)
print(b)
with memoryview(b) as v:
    show(lambda: b.append(1))
    n = memoryview(v)
    show(lambda: v.release())
n.release()
b += b'?'
print(b)
show(lambda: m.tobytes())
show(lambda: len(m))
show(lambda: m[0])
print(repr(m).startswith('<released memory at 0x'))
