# zlib: one-shot compress/decompress with level and wbits (zlib, raw,
# gzip), streaming objects with unused_data / unconsumed_tail / eof /
# copy / flush, checksums, constants and zlib.error messages.
import zlib

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

data = b''.join(b'line %d: the quick brown fox\n' % i for i in range(2000))
for level in (0, 1, 6, 9, -1):
    c = zlib.compress(data, level)
    print(level, len(c) < len(data) or level == 0, zlib.decompress(c) == data)
for wbits in (15, 9, -15, 31, -9):
    c = zlib.compress(data, 6, wbits)
    print(wbits, c[:2].hex() if wbits > 0 else '', zlib.decompress(c, wbits) == data, zlib.decompress(c, 47 if wbits > 0 else wbits) == data)
print(zlib.compress(b'hello'), zlib.compress(bytearray(b'hello'), level=9), zlib.compress(memoryview(b'hello'), wbits=-15))
print(zlib.decompress(zlib.compress(b'x' * 100000), bufsize=1) == b'x' * 100000)
show(lambda: zlib.decompress(b'garbage'))
show(lambda: zlib.decompress(zlib.compress(data)[:-10]))
show(lambda: zlib.compress(b'x', 10))
show(lambda: zlib.compress('str'))
show(lambda: zlib.decompress(b'x', bufsize=-1))
show(lambda: zlib.compressobj(wbits=99))
show(lambda: zlib.decompressobj(wbits=99))
show(lambda: zlib.compressobj(zdict='x'))
co = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_FILTERED)
parts = [co.compress(data[i:i + 5000]) for i in range(0, len(data), 5000)]
cc = co.copy()
parts.append(co.flush(zlib.Z_SYNC_FLUSH))
parts.append(co.flush())
raw = b''.join(parts)
print(zlib.decompress(raw, -15) == data, co.flush(zlib.Z_NO_FLUSH), zlib.decompress(b''.join(parts[:-2]) + cc.flush(), -15) == data)
show(lambda: co.compress(b'more'))
show(lambda: co.copy())
c = zlib.compress(data) + b'TRAILING'
do = zlib.decompressobj()
out = do.decompress(c[:100])
print(len(out), do.eof, do.unused_data, do.unconsumed_tail)
out += do.decompress(c[100:], 1000)
print(len(out), do.eof, len(do.unconsumed_tail) > 0)
for _ in range(100):
    if do.eof:
        break
    out += do.decompress(do.unconsumed_tail, 5000)
print(out == data, do.eof, do.unused_data, do.decompress(b'!!'), do.unused_data, do.flush())
d2 = zlib.decompressobj()
half = d2.decompress(c[:500])
d3 = d2.copy()
print(half + d2.flush() == data, half + d3.decompress(c[500:]) == data, d3.unused_data)
show(lambda: zlib.decompressobj().decompress(b'x', -1))
show(lambda: zlib.decompressobj().flush(0))
show(lambda: zlib.decompressobj().decompress(b'garbage'))
zd = b'the quick brown fox'
cz = zlib.compressobj(zdict=zd)
blob = cz.compress(data) + cz.flush()
print(zlib.decompressobj(zdict=zd).decompress(blob) == data)
show(lambda: zlib.decompress(blob))
show(lambda: zlib.decompressobj().decompress(blob))
print(zlib.crc32(data), zlib.crc32(data, 5), zlib.crc32(b''), zlib.adler32(data), zlib.adler32(data, 7), zlib.adler32(b'', -1))
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.DEF_BUF_SIZE, zlib.DEF_MEM_LEVEL, zlib.Z_BEST_COMPRESSION, zlib.Z_FINISH,
      zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH, zlib.Z_BLOCK, zlib.Z_TREES, zlib.Z_RLE, zlib.Z_FIXED, zlib.Z_HUFFMAN_ONLY)
print(zlib.error.__module__, zlib.ZLIB_VERSION == zlib.ZLIB_RUNTIME_VERSION, type(co).__name__, type(do).__name__)
