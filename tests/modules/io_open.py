# _io.open(): mode parsing and argument errors, buffering choices, closefd,
# opener, PathLike names, what each mode returns; sys.std* objects.
import _io, posix, sys
fn = '_tmp_io_open'
for mode in ('w', 'wb', 'r', 'rb', 'r+', 'rb+', 'a', 'ab', 'a+', 'w+b', 'rt', 'x'):
    try:
        f = _io.open(fn, mode)
    except FileExistsError as e:
        print(mode, type(e).__name__, e)
        continue
    print(mode, type(f).__name__, getattr(f, 'mode', None), type(getattr(f, 'buffer', f)).__name__)
    f.close()
for mode in ('rw', 'rr', 'z', '', 'r++', 'b', 'tb', 'rU', 't', '+', 5):
    try:
        _io.open(fn, mode)
    except (ValueError, TypeError) as e:
        print(repr(mode), type(e).__name__, e)
for kw in (dict(mode='rb', encoding='utf-8'), dict(mode='rb', errors='strict'), dict(mode='rb', newline=''),
           dict(buffering=0), dict(encoding=5), dict(errors=5), dict(newline=5), dict(newline='x'),
           dict(buffering='x'), dict(closefd=False), dict(encoding='nope')):
    try:
        _io.open(fn, **kw)
    except (ValueError, TypeError, LookupError) as e:
        print(sorted(kw), type(e).__name__, e)
for bad in ([], None, 3.5):
    try:
        _io.open(bad)
    except (TypeError, OSError) as e:
        print(type(e).__name__, e)
class P:
    def __fspath__(self):
        return fn
with _io.open(P(), 'w') as f:
    print(f.name, f.write('via PathLike'))
with _io.open(fn.encode()) as f:
    print(f.name, f.read())
with _io.open(fn, buffering=0, mode='rb') as f:
    print(type(f).__name__, f.read())
with _io.open(fn, 'rb', buffering=5) as f:
    print(type(f).__name__, f.read(3), f.peek())
fd = posix.open(fn, posix.O_RDONLY)
with _io.open(fd, closefd=False) as f:
    print(f.name == fd, f.read(3))
print(posix.read(fd, 3))
posix.close(fd)
with _io.open(fn, opener=lambda p, fl: posix.open(p, fl)) as f:
    print(f.read())
try:
    _io.open('_tmp_no_such_dir/x')
except FileNotFoundError as e:
    print(e)
try:
    _io.open('.')
except IsADirectoryError as e:
    print(e)
with _io.open(fn, 'wb', buffering=0) as f:
    print(type(f).__name__, f.write(b'raw'))
with _io.open_code(fn) as f:
    print(type(f).__name__, f.read())
try:
    _io.open_code(5)
except TypeError as e:
    print(e)
print(_io.text_encoding('x'), _io.text_encoding(None))
print(open is _io.open if hasattr(open, '__module__') else True)
for s in (sys.stdout, sys.stderr, sys.stdin):
    raw = getattr(s.buffer, 'raw', s.buffer)   # PYTHONUNBUFFERED: no buffer layer for output
    print(s.name, s.mode, s.encoding, s.errors, type(raw).__name__, raw.closefd, s.fileno(),
          s.readable(), s.writable(), s.line_buffering == (not s.write_through and (s.isatty() or s is sys.stderr)))
posix.unlink(fn)
