# _io.FileIO: modes, read/write/seek/tell/truncate/readall, errors, repr.
import _io, posix
fn = '_tmp_io_fileio'
f = _io.FileIO(fn, 'w')
print(f.mode, f.readable(), f.writable(), f.seekable(), f.closefd, f.name, f.isatty())
print(f.write(b'hello world'), f.tell(), f.seek(6), f.write(b'WORLD'), f.tell())
print(repr(f).startswith("<_io.FileIO name='_tmp_io_fileio' mode='wb' closefd=True>"))
try:
    f.read()
except _io.UnsupportedOperation as e:
    print('UnsupportedOperation', e, isinstance(e, OSError), isinstance(e, ValueError))
try:
    f.readall()
except OSError as e:
    print(type(e).__name__, e)
f.close()
print(f.closed, repr(f), f.close())
for call in (f.read, lambda: f.write(b'x'), f.tell, f.fileno, f.seekable, lambda: f.seek(0)):
    try:
        call()
    except ValueError as e:
        print('ValueError', e)
with _io.FileIO(fn, 'r+') as f:
    print(f.mode, f.read(5), f.read(), f.read(), f.seek(0, 2), f.seek(-5, 2), f.readall())
    print(f.seek(0), f.truncate(5), f.tell(), f.readall(), f.truncate(), f.seek(0, 1))
with _io.FileIO(fn, 'a') as f:
    print(f.mode, f.tell(), f.write(b'++'), f.tell())
with _io.FileIO(fn) as f:
    print(f.read(100), f.read(100))
for mode in ('rw', 'rr', 'z', '', 'r++', 'b', 'xb'):
    try:
        _io.FileIO(fn, mode)
    except (ValueError, FileExistsError) as e:
        print(repr(mode), type(e).__name__, e)
for bad in ('_tmp_missing/x', '.', 1.5, -1, [], 'a\0b'):
    try:
        _io.FileIO(bad)
    except (OSError, TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    _io.FileIO(fn, closefd=False)
except ValueError as e:
    print(e)
fd = posix.open(fn, posix.O_RDONLY)
f = _io.FileIO(fd, closefd=False)
print(f.name == fd, f.mode, f.read(3), f.closefd)
f.close()
print(posix.read(fd, 2))
posix.close(fd)
g = _io.FileIO(fn, 'rb', opener=lambda name, flags: posix.open(name, flags))
print(g.read())
g.close()
try:
    _io.FileIO(fn, opener=lambda n, f: -5)
except ValueError as e:
    print(e)
r, w = posix.pipe()
wf = _io.FileIO(w, 'w')
rf = _io.FileIO(r, 'r')
print(wf.seekable(), wf.write(b'pipe data'), rf.read(4), rf.read(100))
posix.set_blocking(r, False)
print(rf.read(10))
wf.close()
print(rf.read(10), rf.readall())
rf.close()
posix.unlink(fn)
print(_io.DEFAULT_BUFFER_SIZE, issubclass(_io.FileIO, _io._RawIOBase), _io.FileIO.__mro__[1].__name__)
