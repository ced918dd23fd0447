# _io with bytearray/memoryview (readinto, write), and raw/buffered streams
# written in Python (subclasses of the _io base classes) under the C ones.
import _io, posix
fn = '_tmp_io_bytes_like'
with _io.FileIO(fn, 'w') as f:
    print(f.write(bytearray(b'abc')), f.write(memoryview(b'defghij')[1:4]), f.write(b''))
with _io.FileIO(fn) as f:
    buf = bytearray(4)
    print(f.readinto(buf), buf, f.readinto(memoryview(buf)[1:3]), buf, f.readinto(bytearray(10)))
    try:
        f.readinto(b'bytes')
    except TypeError as e:
        print(e)
with _io.open(fn, 'rb') as f:
    buf = bytearray(5)
    print(f.readinto(buf), buf, f.readinto1(buf), buf, f.readinto(bytearray(3)))
with _io.open(fn, 'wb') as f:
    print(f.write(bytearray(b'xy')), f.write(memoryview(b'z')))
with open(fn, 'rb') as f:
    print(f.read())
b = _io.BytesIO(bytearray(b'hello'))
print(b.write(memoryview(b'J')), b.getvalue())
buf = bytearray(3)
print(b.readinto(buf), buf)
m = memoryview(bytearray(b'0123456789'))
print(posix.write(posix.open(fn, posix.O_WRONLY | posix.O_TRUNC), m[2:5]))
with open(fn, 'rb') as f:
    print(f.read())


class Raw(_io._RawIOBase):
    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.calls = []

    def readable(self):
        return True

    def readinto(self, b):
        self.calls.append(len(b))
        n = min(len(b), len(self.data) - self.pos, 3)
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


r = Raw(b'line one\nline two\nend')
print(r.read(2), r.read(), r.read(), r.readable(), r.closed)
br = _io.BufferedReader(Raw(b'line one\nline two\nend'), 8)
print(br.read(3), br.readline(), br.peek()[:2], br.read(), br.raw.calls)
t = _io.TextIOWrapper(_io.BufferedReader(Raw('héllo\nwörld\n'.encode())), encoding='utf-8')
print(list(t))


class Sink(_io._RawIOBase):
    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, b):
        self.chunks.append(bytes(b))
        return len(b)


s = Sink()
bw = _io.BufferedWriter(s, 4)
bw.write(b'ab')
bw.write(b'cdefgh')
bw.flush()
print(s.chunks)
posix.unlink(fn)
