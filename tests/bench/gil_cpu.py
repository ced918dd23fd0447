# GIL benchmark: the same CPU-bound count, sequential and split across two
# threads.  Under a GIL the threads take turns: expect a ratio near 1.0.
#
# How it is measured: the two conditions run as a pair, one right after
# the other, round after round, and the ratio reported is the median of
# the rounds' ratios.  On a shared machine a core can run 1.5x slower for
# seconds at a time; both halves of a pair nearly always fall in the same
# phase, so the phase cancels out of each ratio, and the median ignores
# the few pairs that straddle a change (docs/perf.md, "Phases").
import threading
import time

try:
    import gil  # baton: count the old GIL's false alarms
except ImportError:
    gil = None

N = 16_000_000
ROUNDS = 11


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


def false_alarms():
    if gil is None:
        return 0
    return sum(t["false_alarms"] for t in gil.stats()["threads"])


def main():
    seq = []
    two = []
    alarms = false_alarms()
    for i in range(ROUNDS):
        # Alternate which condition goes first, so neither is always the
        # one that runs just after a thread has ended.
        if i % 2 == 0:
            seq.append(sequential())
            two.append(two_threads())
        else:
            two.append(two_threads())
            seq.append(sequential())
    alarms = false_alarms() - alarms
    ratios = sorted(t / s for s, t in zip(seq, two))
    print("sequential_s %.3f" % min(seq))
    print("two_threads_s %.3f" % min(two))
    print("ratio_range %.2f-%.2f" % (ratios[0], ratios[-1]))
    print("threads_over_sequential %.2f" % ratios[len(ratios) // 2])
    if gil is not None:
        print("false_alarms_per_s %.0f" % (alarms / sum(two)))


main()
