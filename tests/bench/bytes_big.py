# Bytes-like operations on large data (memchr/memmem/memcpy paths): each
# line times one operation over a 16 MiB buffer.  Compare
# `python3 tests/bench/bytes_big.py` with `baton tests/bench/bytes_big.py`.
import time

data = (b'lorem ipsum dolor sit amet, consectetur adipiscing elit\n' * 300000)[:16 << 20]
ba = bytearray(data)

def bench(name, f, reps=5):
    best = None
    for _ in range(reps):
        t0 = time.perf_counter()
        r = f()
        t = time.perf_counter() - t0
        best = t if best is None or t < best else best
    print('%-28s %8.2f ms   %s' % (name, best * 1000, r))

def sum_ba():
    out = bytearray()
    piece = data[:4096]
    for _ in range(4096):
        out += piece
    return out

bench('find (near the end)', lambda: data.find(b'elit\nlorem ipsum dolor sit amet, consectetur zz'))
bench('count(b"\\n")', lambda: data.count(b'\n'))
bench('count(b"dolor")', lambda: data.count(b'dolor'))
bench('in', lambda: b'zzz' in data)
bench('replace', lambda: len(data.replace(b'ipsum', b'IPSUM')))
bench('split(b"\\n")', lambda: len(data.split(b'\n')))
bench('join', lambda: len(b','.join([data[:1000]] * 10000)))
bench('upper', lambda: len(data.upper()))
bench('translate', lambda: len(data.translate(bytes.maketrans(b'aeiou', b'AEIOU'))))
bench('hex', lambda: len(data[:4 << 20].hex()))
bench('bytearray +=', lambda: len(sum_ba()))
bench('bytes(memoryview)', lambda: len(bytes(memoryview(ba)[1:])))
bench('== (equal)', lambda: data == bytes(ba))
bench('* 64', lambda: len(data[:1 << 18] * 64))

