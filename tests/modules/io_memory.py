# _io.BytesIO and _io.StringIO: reads, writes past the end, seek rules,
# truncate, lines, state for pickling, newline translation, errors.
import _io
b = _io.BytesIO(b'hello\nworld\n')
print(b.read(3), b.tell(), b.readline(), b.readlines(), b.read(), b.getvalue())
print(b.seek(20), b.write(b'!'), b.getvalue(), b.tell(), b.seek(-3, 2), b.read())
print(b.truncate(5), b.getvalue(), b.tell(), b.seek(0), b.read1(2), b.readline(2))
print(b.readable(), b.writable(), b.seekable(), b.isatty(), b.flush(), list(_io.BytesIO(b'a\nb')))
print(b.writelines([b'x', b'y']), b.getvalue(), b.__getstate__()[:2])
c = _io.BytesIO()
c.__setstate__((b'state', 2, {'k': 1}))
print(c.read(), c.k)
for bad in (lambda: b.seek(-1), lambda: b.seek(0, 3), lambda: b.write('s'), lambda: b.truncate(-1),
            lambda: b.read(1.5), lambda: _io.BytesIO('str'), lambda: b.fileno()):
    try:
        bad()
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)
b.close()
for call in (b.read, b.getvalue, b.tell, lambda: b.write(b'x'), b.readable):
    try:
        call()
    except ValueError as e:
        print(e)
print(b.closed, repr(b).startswith('<_io.BytesIO object at'))
s = _io.StringIO('héllo\nwörld')
print(s.read(3), s.tell(), s.readline(), s.read(), s.getvalue(), s.tell(), s.line_buffering)
print(s.seek(2), s.write('LL'), s.getvalue(), s.seek(20), s.write('!'), repr(s.getvalue()), s.tell())
print(s.truncate(4), s.getvalue(), s.tell(), s.seek(0, 2), s.seek(0, 1), s.readable(), s.newlines)
for nl in (None, '', '\n', '\r', '\r\n'):
    t = _io.StringIO('a\r\nb\rc\nd', newline=nl)
    print(repr(nl), repr(t.getvalue()), t.newlines, list(t))
t = _io.StringIO(newline=None)
t.write('x\r')
t.write('\ny')
print(repr(t.getvalue()), t.newlines)
for bad in (lambda: _io.StringIO('', 'x'), lambda: _io.StringIO('', 5), lambda: _io.StringIO(5),
            lambda: s.seek(-1), lambda: s.seek(1, 1), lambda: s.seek(0, 5), lambda: s.write(5),
            lambda: s.truncate(-1), lambda: s.read(1.5), lambda: s.readline('x')):
    try:
        print(bad())
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)
print(_io.StringIO('abc').__getstate__())
u = _io.StringIO()
u.__setstate__(('a\nb', '\n', 1, None))
print(repr(u.read()), u.tell())
s.close()
for call in (s.read, s.tell, s.getvalue, s.readable):
    try:
        call()
    except ValueError as e:
        print(e)
print(s.closed, issubclass(_io.StringIO, _io._TextIOBase), issubclass(_io.BytesIO, _io._BufferedIOBase))
