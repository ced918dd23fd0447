# APIs that take "a bytes-like object" accept bytes, bytearray and memoryview
# alike, and reject str with CPython's messages.
import os
import pickle

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

likes = [b'ab', bytearray(b'ab'), memoryview(b'ab'), memoryview(b'xaby')[1:3]]
for x in likes:
    print(type(x).__name__, bytes(x), bytearray(x), b'-' + x, b'-'.join([x, x]),
          b'ab' in b'cab' and x in b'cab', b'cabd'.find(x), b'ab' == x, x == b'ab')
show(lambda: b'a' + 'b')
show(lambda: 'b' in b'abc')
show(lambda: b'abc'.find('b'))
show(lambda: b'abc'.strip('a'))
show(lambda: b'x'.join(['a']))
show(lambda: bytes('abc'))
show(lambda: bytes(5.0))
show(lambda: str(memoryview(b'caf\xc3\xa9'), 'utf-8'))
show(lambda: str(bytearray(b'abc'), 'ascii'))
show(lambda: str(5, 'ascii'))
show(lambda: b'abc' < bytearray(b'abd'))
show(lambda: bytearray(b'abc') < b'abd')
show(lambda: b'abc' == 'abc')
show(lambda: int.from_bytes(bytearray(b'\x01\x00'), 'big'))
show(lambda: 'é'.encode() + bytearray(b'!'))
name = '_tmp_bytes_like'
with open(name, 'wb') as f:
    for x in likes:
        f.write(x)
    try:
        f.write('str')
    except TypeError as e:
        print('TypeError', e)
with open(name, 'rb') as f:
    print(f.read())
os.remove(name)
for x in (bytearray(b'\x00\xffpickled'), [bytearray(b'a'), bytearray(b'a')]):
    y = pickle.loads(pickle.dumps(x))
    print(type(y).__name__, y, y == x)
show(lambda: pickle.dumps(memoryview(b'x')))
