# Process benchmark: start + join latency of a process that does nothing.
import multiprocessing as mp
import sys
import time

N = 200


def noop():
    pass


if __name__ == "__main__":
    codes = 0
    t0 = time.perf_counter()
    for _ in range(N):
        p = mp.Process(target=noop)
        p.start()
        p.join()
        codes += p.exitcode
    dt = time.perf_counter() - t0
    print("checksum", N, codes)
    sys.stderr.write("start+join %.3f ms per process\n" % (dt / N * 1000))
