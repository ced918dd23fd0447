# Native code that runs without the GIL (hashing, zlib, bz2, lzma on big
# buffers) stays correct with threads: separate objects in parallel, and
# one hash object shared by four threads (its own lock orders the updates;
# every update adds the same bytes, so the digest is known).
import threading
import zlib
import _bz2
import _hashlib
import _blake2
import _lzma

chunk = bytes(range(256)) * 64          # 16 KiB: above every GIL threshold
N = 20

shared = _hashlib.openssl_sha256()
shared_b2 = _blake2.blake2b()
results = {}

def work(i):
    h = _hashlib.new('sha512')
    for _ in range(N):
        h.update(chunk)
        shared.update(chunk)
        shared_b2.update(chunk)
    data = chunk * N
    c = zlib.compress(data, 6)
    b = _bz2.BZ2Compressor()
    bz = b.compress(data) + b.flush()
    x = _lzma.LZMACompressor()
    xz = x.compress(data) + x.flush()
    results[i] = (h.hexdigest(), zlib.decompress(c) == data, _bz2.BZ2Decompressor().decompress(bz) == data,
                  _lzma.LZMADecompressor().decompress(xz) == data, zlib.crc32(data))

threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(set(results.values())), results[0][1:])
print(results[0][0] == _hashlib.new('sha512', chunk * N).hexdigest())
print(shared.hexdigest() == _hashlib.openssl_sha256(chunk * N * 4).hexdigest())
print(shared_b2.hexdigest() == _blake2.blake2b(chunk * N * 4).hexdigest())
