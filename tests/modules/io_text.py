# _io.TextIOWrapper: encodings, newline modes, readline/iteration, tell/seek
# cookies, write translation, line buffering, reconfigure, detach, errors.
import _io
fn = '_tmp_io_text'
with open(fn, 'w') as f:
    print(type(f).__name__, f.encoding, f.errors, f.mode, f.name, f.line_buffering, f.newlines)
    print(f.write('héllo\nwörld\r\nthird\rlast'), f.tell())
    print(repr(f), type(f.buffer).__name__)
with open(fn, 'rb') as f:
    print(f.read())
for nl in (None, '', '\n', '\r', '\r\n'):
    with open(fn, newline=nl) as f:
        lines = list(f)
        print(repr(nl), lines, f.newlines)
    with open(fn, newline=nl) as f:
        print(repr(nl), [f.readline() for i in range(5)], f.tell())
with open(fn) as f:
    a = f.readline()
    pos = f.tell()
    b = f.readline()
    print(repr(a), pos, repr(b), f.tell())
    f.seek(pos)
    print(repr(f.readline()), repr(f.read(3)), f.tell())
    cookie = f.tell()
    rest = f.read()
    f.seek(cookie)
    print(f.read() == rest, repr(rest), f.seek(0, 2) == f.tell(), f.read())
    for bad in ((1, 1), (1, 2), (-1,), (0, 5)):
        try:
            f.seek(*bad)
        except (ValueError, OSError) as e:
            print(type(e).__name__, e)
with open(fn) as f:
    print(repr(f.read(7)), f.tell(), repr(f.read(2)), f.tell())
with open(fn, newline='') as f:
    f.read(13)
    t = f.tell()
    print(t, repr(f.read(3)))
    f.seek(t)
    print(repr(f.read(3)))
with open(fn, 'w', newline='\r\n') as f:
    f.write('a\nb\n')
with open(fn, 'rb') as f:
    print(f.read())
with open(fn, 'w', encoding='latin-1') as f:
    print(f.encoding, f.write('café'))
with open(fn, 'rb') as f:
    print(f.read())
with open(fn, encoding='latin-1') as f:
    print(f.read())
with open(fn, encoding='utf-8') as f:
    try:
        f.read()
    except UnicodeDecodeError as e:
        print(type(e).__name__, e)
with open(fn, encoding='utf-8', errors='replace') as f:
    print(repr(f.read()))
with open(fn, 'w', encoding='ascii', errors='backslashreplace') as f:
    f.write('naïve ☃ \U0001F600\n')
with open(fn, 'w+', encoding='ascii', errors='xmlcharrefreplace') as f:
    f.write('naïve ☃\n')
    f.seek(0)
    print(repr(f.read()))
with open(fn, 'w', encoding='ascii') as f:
    try:
        f.write('é')
    except UnicodeEncodeError as e:
        print(type(e).__name__, e)
f = open(fn, 'r+')
f.write('one\ntwo\n')
f.seek(0)
print(repr(f.readline()), f.write('TWO\n'), f.tell())
f.seek(0)
print(repr(f.read()))
f.reconfigure(line_buffering=True)
print(f.line_buffering)
try:
    f.reconfigure(encoding='latin-1')
except _io.UnsupportedOperation as e:
    print(e)
b = f.detach()
print(type(b).__name__, repr(f))
for call in (f.read, f.close, lambda: f.encoding):
    try:
        print(call())
    except ValueError as e:
        print(e)
b.close()
t = _io.TextIOWrapper(_io.BytesIO('x\ny'.encode()), encoding='utf8', newline=None)
print(t.encoding, t.read(), t.newlines, t.buffer.getvalue())
for bad in (dict(newline='x'), dict(encoding='nope'), dict(encoding=5), dict(newline=5), dict(errors=3)):
    try:
        _io.TextIOWrapper(_io.BytesIO(), **bad)
    except (ValueError, LookupError, TypeError) as e:
        print(type(e).__name__, e)
t = _io.TextIOWrapper(_io.BytesIO())
for call in (lambda: t.write(b'x'), lambda: t.seek(0, 7)):
    try:
        call()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
t.close()
try:
    t.write('x')
except ValueError as e:
    print(e)
d = _io.IncrementalNewlineDecoder(None, True)
print(repr(d.decode('a\r')), d.getstate(), repr(d.decode('\nb\rc', final=True)), d.newlines)
d.setstate((b'', 1))
print(repr(d.decode('x')), d.getstate())
d.reset()
print(d.newlines, d.getstate())
try:
    d.decode(b'x')
except TypeError as e:
    print(e)
import posix
posix.unlink(fn)
