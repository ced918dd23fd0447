# _bz2 (what Lib/bz2.py uses): BZ2Compressor / BZ2Decompressor with
# max_length, needs_input, eof, unused_data, and their errors.
from _bz2 import BZ2Compressor, BZ2Decompressor

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

data = b''.join(b'%d bottles of beer on the wall\n' % i for i in range(3000))
for level in (1, 5, 9):
    c = BZ2Compressor(level)
    out = c.compress(data[:1000]) + c.compress(bytearray(data[1000:])) + c.flush()
    d = BZ2Decompressor()
    print(level, out[:4], d.decompress(out) == data, d.eof, d.needs_input, d.unused_data)
c = BZ2Compressor()
blob = c.compress(memoryview(data)) + c.flush()
show(lambda: c.compress(b'x'))
show(lambda: c.flush())
show(lambda: BZ2Compressor(0))
show(lambda: BZ2Compressor(10))
d = BZ2Decompressor()
got = d.decompress(blob[:50], 100)
print(len(got), d.needs_input, d.eof)
got += d.decompress(b'', 1000)
print(len(got), d.needs_input)
for _ in range(1000):
    if d.eof:
        break
    got += d.decompress(blob[50:] if d.needs_input and len(got) < 2000 else b'', 10000)
    blob_fed = True
print(got == data, d.eof, d.needs_input)
d2 = BZ2Decompressor()
print(d2.decompress(blob + b'extra') == data, d2.unused_data, d2.eof)
show(lambda: d2.decompress(b'more'))
show(lambda: BZ2Decompressor().decompress(b'not bz2 data'))
d3 = BZ2Decompressor()
print(d3.decompress(blob[:-10]) == data[:len(d3.decompress(b''))], d3.eof, d3.needs_input)
show(lambda: BZ2Decompressor().decompress('str'))
print(BZ2Decompressor().decompress(b'', 0), BZ2Decompressor().needs_input, BZ2Compressor().flush()[:4])
