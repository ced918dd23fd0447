"""Threads that hash big buffers run in parallel.

hashlib's update() releases the GIL while OpenSSL hashes a buffer of 2048
bytes or more (CPython does the same), so two threads each hashing their
own data use two cores at once: the GIL is only needed between the calls.
The script times one thread doing both jobs, then two threads doing one
each, and prints the speed-up (about 2x on two idle cores).

On baton, `baton examples/parallel_hashing.py OUT.svg` also traces the
two-thread part into OUT.svg: both rows are blue (blocked: "compute",
GIL released) at the same time.  Runs unchanged on CPython.
"""
import sys
import threading
import time

try:
    import gil
except ImportError:
    gil = None

try:
    from hashlib import sha256
except ImportError:           # hashlib.py not importable yet: its C layer
    from _hashlib import openssl_sha256 as sha256

CHUNK = b"x" * (8 << 20)      # 8 MiB per update() call
ROUNDS = 16                   # 128 MiB per job


def job(results, name):
    h = sha256()
    for _ in range(ROUNDS):
        h.update(CHUNK)       # OpenSSL hashes 8 MiB without the GIL
    results[name] = h.hexdigest()


def main():
    results = {}
    t0 = time.perf_counter()
    job(results, "a")
    job(results, "b")
    one = time.perf_counter() - t0

    if gil and len(sys.argv) > 1:
        gil.trace_start(sys.argv[1])
    t0 = time.perf_counter()
    threads = [threading.Thread(target=job, args=(results, n), name="hash-" + n) for n in "cd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    two = time.perf_counter() - t0
    if gil and len(sys.argv) > 1:
        gil.trace_stop()

    assert len(set(results.values())) == 1, "all four jobs hash the same data"
    mib = 2 * ROUNDS * len(CHUNK) >> 20
    print("hashed %d MiB: one thread %.2f s, two threads %.2f s, speed-up %.1fx"
          % (mib, one, two, one / two))


if __name__ == "__main__":
    main()
