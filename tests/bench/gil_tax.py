# GIL benchmark: the tax of having threads.  The same single-threaded loop,
# first alone, then with a second thread alive but blocked on a lock.  A
# blocked thread does not compete for the GIL: the loop should cost the same.
import threading
import time

N = 5_000_000


def loop():
    total = 0
    i = 0
    while i < N:
        total += i & 7
        i += 1
    return total


def best(f, k=3):
    times = []
    for _ in range(k):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    alone = best(loop)
    lock = threading.Lock()
    lock.acquire()
    waiter = threading.Thread(target=lock.acquire)
    waiter.start()
    with_thread = best(loop)
    lock.release()
    waiter.join()
    print("alone_s %.3f" % alone)
    print("with_blocked_thread_s %.3f" % with_thread)
    print("tax_percent %.1f" % ((with_thread / alone - 1) * 100))


main()
