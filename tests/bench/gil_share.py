# GIL benchmark: how evenly four CPU-bound threads share the GIL.  Each
# counts for 2 s of wall time; under a GIL a thread's count is proportional
# to the time it held the lock, so count / total is its share.  A fair lock
# gives each 25%; the report is the smallest and largest share.
import threading
import time

SECONDS = 2.0
THREADS = 4


def spin(counts, i, stop):
    n = 0
    while not stop:
        n += 1
    counts[i] = n


def main():
    counts = [0] * THREADS
    stop = []
    ts = [threading.Thread(target=spin, args=(counts, i, stop)) for i in range(THREADS)]
    for t in ts:
        t.start()
    time.sleep(SECONDS)
    stop.append(1)
    for t in ts:
        t.join()
    total = sum(counts)
    shares = sorted(100.0 * c / total for c in counts)
    print("min_share_percent %.1f" % shares[0])
    print("max_share_percent %.1f" % shares[-1])
    print("share_spread %.1f-%.1f" % (shares[0], shares[-1]))


main()
