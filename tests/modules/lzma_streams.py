# _lzma (what Lib/lzma.py uses): formats xz/alone/raw, checks, presets,
# filter chains, max_length / needs_input / unused_data / check, the
# filter-property helpers, and the errors.
import _lzma as L

def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

print(sorted(n for n in dir(L) if not n.startswith('__')))
print(L.CHECK_CRC64, L.CHECK_UNKNOWN, L.FILTER_LZMA1, L.FILTER_LZMA2, L.FORMAT_RAW, L.PRESET_EXTREME, L.MF_BT4, L.MODE_NORMAL)
data = b''.join(b'%d little pigs\n' % i for i in range(4000))

def roundtrip(cargs, dargs):
    c = L.LZMACompressor(**cargs)
    blob = c.compress(data[:1000]) + c.compress(memoryview(data)[1000:]) + c.flush()
    d = L.LZMADecompressor(**dargs)
    out = d.decompress(blob + b'tail')
    return blob[:6], out == data, d.eof, d.check, d.unused_data, d.needs_input

print(roundtrip({}, {}))
print(roundtrip({'check': L.CHECK_SHA256, 'preset': 1}, {'format': L.FORMAT_XZ}))
print(roundtrip({'check': L.CHECK_NONE}, {}))
print(roundtrip({'format': L.FORMAT_ALONE, 'preset': 9 | L.PRESET_EXTREME}, {}))
raw = [{'id': L.FILTER_DELTA, 'dist': 2}, {'id': L.FILTER_LZMA2, 'preset': 3, 'dict_size': 1 << 20, 'lc': 3, 'lp': 0,
       'pb': 2, 'mode': L.MODE_NORMAL, 'nice_len': 64, 'mf': L.MF_BT4, 'depth': 0}]
print(roundtrip({'format': L.FORMAT_RAW, 'filters': raw}, {'format': L.FORMAT_RAW, 'filters': raw}))
print(roundtrip({'format': L.FORMAT_RAW, 'filters': [{'id': L.FILTER_X86}, {'id': L.FILTER_LZMA2}]},
                {'format': L.FORMAT_RAW, 'filters': [{'id': L.FILTER_X86}, {'id': L.FILTER_LZMA2}]}))
print(roundtrip({'filters': [{'id': L.FILTER_LZMA2, 'preset': 1}]}, {'memlimit': 1 << 30}))
c = L.LZMACompressor()
blob = c.compress(data) + c.flush()
show(lambda: c.compress(b'x'))
show(lambda: c.flush())
d = L.LZMADecompressor()
got = d.decompress(blob[:100], 50)
print(len(got), d.needs_input, d.eof, d.check)
for _ in range(1000):
    if d.eof:
        break
    got += d.decompress(blob[100:] if len(got) < 60 else b'', 20000)
print(got == data, d.eof, d.needs_input)
show(lambda: d.decompress(b'x'))
for f in [lambda: L.LZMACompressor(format=9), lambda: L.LZMACompressor(check=99), lambda: L.LZMACompressor(format=L.FORMAT_RAW),
          lambda: L.LZMACompressor(preset=99), lambda: L.LZMACompressor(preset=1, filters=[]),
          lambda: L.LZMACompressor(format=L.FORMAT_ALONE, check=L.CHECK_CRC32), lambda: L.LZMADecompressor(format=9),
          lambda: L.LZMADecompressor(memlimit=5, format=L.FORMAT_RAW), lambda: L.LZMADecompressor(format=L.FORMAT_RAW),
          lambda: L.LZMADecompressor().decompress(b'garbage'), lambda: L.LZMACompressor(filters=[{'id': 99}]),
          lambda: L.LZMACompressor(filters=[{'preset': 1}]), lambda: L.LZMACompressor(filters=[{'id': L.FILTER_LZMA2, 'bogus': 1}]),
          lambda: L.LZMACompressor(filters=[{'id': L.FILTER_DELTA, 'x': 1}]), lambda: L.LZMACompressor(filters=[{'id': L.FILTER_X86, 'x': 1}]),
          lambda: L.LZMADecompressor(format=L.FORMAT_XZ, filters=[{'id': L.FILTER_LZMA2}]),
          lambda: L.LZMADecompressor(memlimit=1000).decompress(blob), lambda: L.LZMADecompressor().check,
          lambda: L.is_check_supported(L.CHECK_SHA256), lambda: L.is_check_supported(99), lambda: L._decode_filter_properties(99, b'')]:
    show(f)
for spec in ({'id': L.FILTER_LZMA2, 'preset': 6}, {'id': L.FILTER_LZMA1, 'dict_size': 1 << 20}, {'id': L.FILTER_DELTA, 'dist': 4},
             {'id': L.FILTER_X86, 'start_offset': 16}):
    p = L._encode_filter_properties(spec)
    print(p, L._decode_filter_properties(spec['id'], p))
print(L.LZMAError.__mro__[1].__name__)
