# GIL benchmark: the tax of having threads.  The same single-threaded loop
# with no other thread, and with a second thread alive but blocked on a
# lock.  A blocked thread does not compete for the GIL, so the loop should
# cost the same.  The two conditions alternate, round after round, and the
# best time of each is compared, so machine noise affects both alike.
import threading
import time

N = 10_000_000
ROUNDS = 5


def loop():
    total = 0
    i = 0
    while i < N:
        total += i & 7
        i += 1
    return total


def timed():
    t0 = time.perf_counter()
    loop()
    return time.perf_counter() - t0


def main():
    alone = []
    with_thread = []
    for _ in range(ROUNDS):
        alone.append(timed())
        lock = threading.Lock()
        lock.acquire()
        waiter = threading.Thread(target=lock.acquire)
        waiter.start()
        with_thread.append(timed())
        lock.release()
        waiter.join()
    a = min(alone)
    w = min(with_thread)
    print("alone_s %.3f" % a)
    print("with_blocked_thread_s %.3f" % w)
    print("tax_percent %.1f" % ((w / a - 1) * 100))


main()
