"""Picture: threads take turns, processes run side by side.

The same work twice: first in two threads of one process, which share
one GIL and alternate; then in two processes, which each have their own
interpreter and GIL and run in parallel.  On baton,
`baton examples/gil_pictures_processes.py OUT.svg` traces both halves
into one picture.  Runs unchanged on CPython.
"""
import multiprocessing
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


def run_all(workers):
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def main():
    if gil and len(sys.argv) > 1:
        gil.trace_start(sys.argv[1])
    run_all([threading.Thread(target=countdown, args=(COUNT,), name="thread-%d" % i)
             for i in (1, 2)])
    run_all([multiprocessing.Process(target=countdown, args=(COUNT,)) for _ in (1, 2)])
    if gil and len(sys.argv) > 1:
        gil.trace_stop()
    print("two threads, one GIL: they take turns")
    print("two processes, two GILs: they run side by side")


if __name__ == "__main__":
    main()
