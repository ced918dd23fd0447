# GIL benchmark: the same CPU-bound count, sequential and split across two
# threads.  Under a GIL the threads take turns: expect a ratio near 1.0.
import threading
import time

N = 60_000_000


def count(n):
    while n > 0:
        n -= 1


def main():
    t0 = time.perf_counter()
    count(N)
    seq = time.perf_counter() - t0
    t0 = time.perf_counter()
    ts = [threading.Thread(target=count, args=(N // 2,)) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    two = time.perf_counter() - t0
    print("sequential_s %.3f" % seq)
    print("two_threads_s %.3f" % two)
    print("threads_over_sequential %.2f" % (two / seq))


main()
