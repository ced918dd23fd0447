# Subclasses of bytes and bytearray: the shared methods return the base type,
# as in CPython; a bytearray subclass keeps its mutating methods and repr.
class B(bytes):
    pass
b = B(b'hello world')
print(type(b).__name__, b, b.upper(), type(b.upper()).__name__, type(b.strip()).__name__, b.split(), b == b'hello world')
print(b + b'!', type(b + b'!').__name__, b[1:3], type(b[1:3]).__name__, bytes(b), b.hex(), len(b), b'o' in b)
print(memoryview(b).tobytes(), b'%s' % b, type(b.replace(b'x', b'y')).__name__, B.fromhex('6162'), type(B.fromhex('61')).__name__)
try:
    class BA(bytearray):
        pass
    x = BA(b'ab'); x.append(99); print(type(x).__name__, x)
except TypeError as e:
    print('TypeError', e)
x += b'!'
x[0:1] = b'Z'
print(type(x).__name__, x, x.upper(), type(x.upper()).__name__, x == bytearray(b'Zbc!'), len(memoryview(x)))
