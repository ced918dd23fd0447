# TextIOWrapper.tell() cookies (decoder flags, bytes to feed, chars to skip)
# and seek() back to them, over BytesIO, as python3 computes them.
import _io
f = _io.TextIOWrapper(_io.BytesIO(b'ab\r\ncd\ref\ngh'), newline=None)
print(repr(f.readline()), f.tell(), repr(f.readline()), f.tell(), f.newlines)
c = f.tell()
print(repr(f.read(1)), f.tell(), repr(f.read()), f.tell())
f.seek(c)
print(repr(f.read()))
f = _io.TextIOWrapper(_io.BytesIO('héllo\nwörld\n'.encode()), encoding='utf-8')
print(f.read(2), f.tell(), f.read(3), f.tell(), repr(f.readline()), f.tell())
f.seek(0)
print(f.read(1), f.tell())
t = f.tell()
f.read(4)
f.seek(t)
print(repr(f.read()))
f = _io.TextIOWrapper(_io.BytesIO(b'a\r\nb'), newline='')
print(f.read(2), f.tell(), repr(f.read()))
data = b'x' * 20000 + 'é'.encode() * 5000 + b'\r\n' * 10
f = _io.TextIOWrapper(_io.BytesIO(data))
f.read(10001)
print(f.tell())
f.read(10001)
print(f.tell())
x = f.tell()
f.read(3)
f.seek(x)
print(repr(f.read(2)))
cookies = []
f.seek(0)
while True:
    cookies.append(f.tell())
    if not f.read(997):
        break
print(len(cookies), cookies[:3], cookies[-3:])
for c in cookies[::7]:
    f.seek(c)
    print(c, repr(f.read(3)), end=' | ')
print()
f = _io.TextIOWrapper(_io.BytesIO('añb\r\nc'.encode() * 3), newline=None)
out = []
while True:
    t = f.tell()
    ch = f.read(1)
    if not ch:
        break
    out.append((t, ch))
print(out)
for t, ch in out:
    f.seek(t)
    assert f.read(1) == ch, (t, ch)
f = _io.TextIOWrapper(_io.BytesIO(b'one\ntwo\nthree\n'))
it = iter(f)
next(it)
try:
    f.tell()
except OSError as e:
    print(e)
print(list(it), f.tell())
