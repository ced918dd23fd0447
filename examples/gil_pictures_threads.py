"""Picture: two CPU-bound threads pass the GIL back and forth.

Each thread counts down; only the thread holding the GIL runs, and the
other asks for it after the switch interval (5 ms), so the two rows of
the picture alternate.  On baton, `baton examples/gil_pictures_threads.py
OUT.svg` traces the threaded part into OUT.svg (or .json for Perfetto).
Runs unchanged on CPython (without the picture).
"""
import sys
import threading

try:
    import gil
except ImportError:
    gil = None

COUNT = 6_000_000


def countdown(n):
    while n > 0:
        n -= 1


def main():
    if gil and len(sys.argv) > 1:
        gil.trace_start(sys.argv[1])
    threads = [threading.Thread(target=countdown, args=(COUNT,), name="countdown-%d" % i)
               for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if gil and len(sys.argv) > 1:
        gil.trace_stop()
    print("two CPU-bound threads took turns holding the GIL")


if __name__ == "__main__":
    main()
