"""CPU-bound threads take turns: two threads are no faster than one.

Only the thread holding the GIL runs bytecode; a waiting thread asks for
it after the switch interval (5 ms) and the holder hands it over at its
next backward jump or call.  Run with --gil-stats or --timeline on baton.
"""
import threading
import time

COUNT = 20_000_000


def countdown(n):
    while n > 0:
        n -= 1


def main():
    start = time.perf_counter()
    countdown(COUNT)
    sequential = time.perf_counter() - start

    start = time.perf_counter()
    t1 = threading.Thread(target=countdown, args=(COUNT // 2,))
    t2 = threading.Thread(target=countdown, args=(COUNT // 2,))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    threaded = time.perf_counter() - start

    print("sequential: %.2f s" % sequential)
    print("2 threads:  %.2f s" % threaded)
    print("ratio: %.2f (about 1.0: the GIL lets one thread run at a time)"
          % (threaded / sequential))


if __name__ == "__main__":
    main()
