# GIL benchmark: the same CPU-bound count, sequential and split across two
# threads.  Under a GIL the threads take turns: expect a ratio near 1.0.
# The two conditions alternate, round after round, and the best time of
# each is compared (as gil_tax.py does), so that a burst of load from
# elsewhere on a shared machine does not decide the ratio; the worst
# threaded round is printed too.
import threading
import time

N = 60_000_000
ROUNDS = 5


def count(n):
    while n > 0:
        n -= 1


def sequential():
    t0 = time.perf_counter()
    count(N)
    return time.perf_counter() - t0


def two_threads():
    t0 = time.perf_counter()
    ts = [threading.Thread(target=count, args=(N // 2,)) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0


def main():
    seq = []
    two = []
    for _ in range(ROUNDS):
        seq.append(sequential())
        two.append(two_threads())
    s = min(seq)
    t = min(two)
    print("sequential_s %.3f" % s)
    print("two_threads_s %.3f" % t)
    print("worst_two_threads_s %.3f" % max(two))
    print("threads_over_sequential %.2f" % (t / s))


main()
