"""The lesson in one run: the same CPU-bound job, sequentially, with two
threads and with two processes.

Threads share one interpreter and take turns holding its GIL, so two
threads are no faster than one.  Processes each have their own interpreter
and GIL, so two processes use two cores.  Try `baton --gil-stats` or
`baton --timeline` on this file to see who held the lock.
"""
import multiprocessing
import threading
import time

COUNT = 100_000_000


def countdown(n):
    while n > 0:
        n -= 1


def run_sequential():
    countdown(COUNT)


def run_split(kind):
    workers = [kind(target=countdown, args=(COUNT // 2,)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def timed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


if __name__ == "__main__":
    seq = timed(run_sequential)
    thr = timed(run_split, threading.Thread)
    proc = timed(run_split, multiprocessing.Process)
    print(f"sequential:  {seq:.2f} s")
    print(f"2 threads:   {thr:.2f} s   ({seq / thr:.2f}x the sequential speed)")
    print(f"2 processes: {proc:.2f} s   ({seq / proc:.2f}x the sequential speed)")
    print(f"cores: {multiprocessing.cpu_count()}")
