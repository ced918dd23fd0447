# _io on non-blocking pipes: None from reads and writes that would block,
# BlockingIOError with characters_written from buffered writes.
import _io, posix
e = BlockingIOError(11, 'msg', 5)
print(e, e.args, e.filename, e.characters_written)
r, w = posix.pipe()
posix.set_blocking(r, False)
posix.set_blocking(w, False)
raw = _io.FileIO(r, 'r')
print(raw.read(10), raw.readall(), raw.readinto(bytearray(3)))
br = _io.BufferedReader(_io.FileIO(r, 'r', closefd=False), 8)
print(br.read(5), br.read1(5), br.peek())
wf = _io.FileIO(w, 'w', closefd=False)
total = 0
while True:
    n = wf.write(b'y' * 4096)
    if n is None:
        break
    total += n
print(total > 0, wf.write(b'z'))
print(len(raw.read(100)), br.read(3))
f = _io.open(w, 'wb', buffering=8, closefd=False)
n = 0
try:
    while True:
        f.write(b'x' * 5000)
        n += 1
except BlockingIOError as e:
    print(type(e).__name__, e.errno, e.strerror, isinstance(e.characters_written, int))
raw.close()
posix.close(w)
