# GIL benchmark: the tax of having threads.  The same single-threaded loop
# with no other thread, and with a second thread alive but blocked on a
# lock.  A blocked thread does not compete for the GIL, so the loop should
# cost the same.  The two conditions run as a pair, round after round, and
# the tax reported is the median of the rounds' ratios, so that a phase of
# machine slowness falls on both halves of a pair (as in gil_cpu.py).
import threading
import time

N = 4_000_000
ROUNDS = 11


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


def with_blocked_thread():
    lock = threading.Lock()
    lock.acquire()
    waiter = threading.Thread(target=lock.acquire)
    waiter.start()
    t = timed()
    lock.release()
    waiter.join()
    return t


def main():
    alone = []
    with_thread = []
    for i in range(ROUNDS):
        if i % 2 == 0:
            alone.append(timed())
            with_thread.append(with_blocked_thread())
        else:
            with_thread.append(with_blocked_thread())
            alone.append(timed())
    ratios = sorted(w / a for a, w in zip(alone, with_thread))
    print("alone_s %.3f" % min(alone))
    print("with_blocked_thread_s %.3f" % min(with_thread))
    print("tax_range %.1f..%.1f" % ((ratios[0] - 1) * 100, (ratios[-1] - 1) * 100))
    print("tax_percent %.1f" % ((ratios[len(ratios) // 2] - 1) * 100))


main()
