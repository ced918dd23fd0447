# Process benchmark: Pool.map over 10,000 small tasks (2 workers).
import multiprocessing as mp
import sys
import time


def task(x):
    return x * x % 7


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        t0 = time.perf_counter()
        r = pool.map(task, range(10_000))
        dt = time.perf_counter() - t0
    print("checksum", len(r), sum(r))
    sys.stderr.write("Pool.map 10,000 tasks %.2f ms\n" % (dt * 1000))
