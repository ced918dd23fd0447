# _io.BufferedReader/Writer/Random over FileIO and over BytesIO: reads, peek,
# read1, readline, seek/tell across the buffer, flush, detach, closed errors.
import _io
fn = '_tmp_io_buffered'
with _io.open(fn, 'wb') as f:
    print(type(f).__name__, f.mode, f.name, f.raw.mode, f.writable(), f.readable(), f.seekable())
    print(f.write(b'line one\nline two\n'), f.tell(), f.write(b'x' * 10000), f.tell())
    f.write(b'\nlast line')
    print(repr(f))
with open(fn, 'rb') as f:
    print(type(f).__name__, f.read(4), f.peek()[:10], f.read1(5), f.readline(), f.tell())
    print(f.readline(5), f.readline(), f.tell(), len(f.read(9999)), f.tell())
    print(f.seek(0), f.read(3), f.seek(2, 1), f.read(3), f.seek(-4, 2), f.read(), f.read(), f.read1())
    print(f.seek(5), f.tell(), list(f)[:2])
    f.seek(0)
    print(len(f.readlines()), f.read(0), f.read(-1))
    try:
        f.read(-2)
    except ValueError as e:
        print(e)
with open(fn, 'r+b') as f:
    print(type(f).__name__, f.read(4), f.write(b'ONE!'), f.tell(), f.read(5), f.tell())
    f.seek(0)
    print(f.read(20))
    f.seek(0, 2)
    f.write(b'!')
    f.seek(-3, 2)
    print(f.read(), f.truncate(5), f.tell())
with open(fn, 'ab') as f:
    print(f.tell(), f.write(b'appended'), f.tell())
with open(fn, 'rb', buffering=0) as f:
    print(type(f).__name__, f.read())
b = _io.BufferedReader(_io.BytesIO(b'abc\ndef\nghi'), 4)
print(b.read(2), b.peek(), b.readline(), b.readline(), b.read(), repr(b))
raw = b.detach()
print(type(raw).__name__, repr(b))
for call in (b.read, b.tell, lambda: b.raw, lambda: b.closed):
    try:
        call()
    except ValueError as e:
        print(e)
w = _io.BufferedWriter(_io.BytesIO(), 8)
w.write(b'12345')
print(w.raw.getvalue(), w.flush(), w.raw.getvalue(), w.write(b'x' * 20), w.raw.getvalue())
w.close()
print(w.closed, w.raw.closed)
for call in (lambda: w.write(b'x'), w.flush, w.tell, lambda: w.seek(0)):
    try:
        call()
    except ValueError as e:
        print(type(e).__name__, e)
for bad in (lambda: _io.BufferedReader(_io.BytesIO(), 0), lambda: _io.BufferedWriter(_io.BufferedReader(_io.BytesIO())),
            lambda: _io.BufferedReader(_io.BytesIO()).seek(0, 7), lambda: _io.BufferedReader(_io.BytesIO()).write(b'x'),
            lambda: _io.BufferedWriter(_io.BytesIO()).read(), lambda: _io.BufferedWriter(_io.BytesIO()).write('s')):
    try:
        bad()
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)
p = _io.BufferedRWPair(_io.BytesIO(b'read side'), _io.BytesIO())
print(p.read(4), p.peek()[:2], p.write(b'w'), p.readable(), p.writable(), p.closed)
p.close()
print(p.closed)
import posix
posix.unlink(fn)
