# TextIOWrapper with codecs from the codec registry: UTF-16 (BOM written
# once, stateful decoding, tell/seek), utf-8-sig, cp1252, errors handlers.
import _io, posix
fn = '_tmp_io_text_codecs'
for enc in ('utf-16', 'utf-16-le', 'utf-32', 'utf-8-sig', 'cp1252', 'iso8859-15', 'mac-roman'):
    with open(fn, 'w', encoding=enc) as f:
        f.write('héllo\n')
        f.write('wörld €\n' if enc not in ('mac-roman',) else 'wörld\n')
        print(enc, f.encoding, f.tell() > 0)
    with open(fn, 'rb') as f:
        data = f.read()
    with open(fn, encoding=enc) as f:
        first = f.readline()
        pos = f.tell()
        rest = f.read()
        f.seek(pos)
        print(len(data), repr(first), repr(rest), f.read() == rest, f.newlines)
with open(fn, 'a', encoding='utf-16') as f:
    f.write('more\n')
with open(fn, 'rb') as f:
    print(f.read().count(b'\xff\xfe'))
with open(fn, 'w', encoding='cp1252', errors='replace') as f:
    f.write('snow ☃\n')
with open(fn, 'rb') as f:
    print(f.read())
with open(fn, 'w', encoding='cp1252', errors='xmlcharrefreplace') as f:
    f.write('snow ☃\n')
with open(fn, encoding='cp1252') as f:
    print(repr(f.read()))
with open(fn, 'wb') as f:
    f.write(b'\x81\x8d ok')
with open(fn, encoding='cp1252', errors='surrogateescape') as f:
    print(ascii(f.read()))
try:
    with open(fn, encoding='cp1252') as f:
        f.read()
except UnicodeDecodeError as e:
    print(e)
posix.unlink(fn)
