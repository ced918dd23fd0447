# marshal of complex numbers, lone surrogates (surrogatepass) and other bytes-like objects (as bytes).
import marshal
for v in (1j, -2.5+3j, (1j, 1j), 'a\udcffb', ('x\ud800', 'x\ud800'), bytearray(b'ab'), memoryview(b'xyz')):
    for ver in (4, 1):
        d = marshal.dumps(v, ver)
        print(ver, d, marshal.loads(d))
print(marshal.loads(bytearray(marshal.dumps([1, 2]))), marshal.loads(memoryview(marshal.dumps('s'))))
