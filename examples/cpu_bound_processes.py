"""CPU-bound work split across two processes runs in parallel.

Each process has its own interpreter and its own GIL, so the two counts
run at the same time on two cores: about twice as fast as one count of the
whole.  Compare with cpu_bound_threads.py, where the threads take turns.
"""
import multiprocessing
import time

# The count of threads_vs_processes.py: starting and joining a process
# costs a few milliseconds, so the count must be long enough for that not
# to matter (about 0.3 s of work on baton, 1.5 s on CPython).
COUNT = 100_000_000


def countdown(n):
    while n > 0:
        n -= 1


if __name__ == "__main__":
    start = time.perf_counter()
    countdown(COUNT)
    sequential = time.perf_counter() - start

    start = time.perf_counter()
    p1 = multiprocessing.Process(target=countdown, args=(COUNT // 2,))
    p2 = multiprocessing.Process(target=countdown, args=(COUNT // 2,))
    p1.start()
    p2.start()
    p1.join()
    p2.join()
    parallel = time.perf_counter() - start

    print(f"sequential:  {sequential:.2f} s")
    print(f"2 processes: {parallel:.2f} s")
    print(f"speed-up:    {sequential / parallel:.2f}x")
