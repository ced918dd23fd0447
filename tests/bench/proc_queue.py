# Process benchmark: multiprocessing.Queue throughput, 100,000 small
# messages from the parent to a child that sums them.
import multiprocessing as mp
import sys
import time

N = 100_000


def consume(q, out):
    total = 0
    while True:
        x = q.get()
        if x is None:
            break
        total += x[1]
    out.value = total


if __name__ == "__main__":
    q = mp.Queue()
    out = mp.Value("q", 0)
    p = mp.Process(target=consume, args=(q, out))
    p.start()
    t0 = time.perf_counter()
    for i in range(N):
        q.put(("m", i))
    q.put(None)
    p.join()
    dt = time.perf_counter() - t0
    print("checksum", out.value)
    sys.stderr.write("Queue %d messages %.3f s (%.0f msg/s)\n" % (N, dt, N / dt))
