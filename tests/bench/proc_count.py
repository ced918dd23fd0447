# Process benchmark: the tutorials' CPU-bound count run sequentially, with 2
# threads and with 2 processes.  stdout: a checksum; stderr: the times.
# The three ways alternate, round after round, and the best time of each
# is compared (as gil_cpu.py does): on a shared machine one core can run
# at half the speed of the other for a while, and a single round would
# measure that rather than the interpreter.
import multiprocessing as mp
import sys
import threading
import time

N = 60_000_000
ROUNDS = 5


def count(n, out=None, i=0):
    total = 0
    while n > 0:
        n -= 1
        total += 1
    if out is not None:
        out[i] = total
    return total


def timed(fn):
    t0 = time.perf_counter()
    r = fn()
    return time.perf_counter() - t0, r


def seq():
    return count(N // 2) + count(N // 2)


def threads():
    out = [0, 0]
    ts = [threading.Thread(target=count, args=(N // 2, out, i)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(out)


def processes():
    out = mp.Array("q", 2, lock=False)
    ps = [mp.Process(target=count, args=(N // 2, out, i)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    return sum(out[:])


if __name__ == "__main__":
    best = {}
    sums = set()
    for _ in range(ROUNDS):
        for name, fn in (("seq", seq), ("thr", threads), ("proc", processes)):
            dt, r = timed(fn)
            best[name] = min(best.get(name, dt), dt)
            sums.add(r)
    t_seq, t_thr, t_proc = best["seq"], best["thr"], best["proc"]
    print("checksum", *sorted(sums))
    sys.stderr.write("sequential %.3fs  2 threads %.3fs (x%.2f)  2 processes %.3fs (x%.2f)\n"
                     % (t_seq, t_thr, t_seq / t_thr, t_proc, t_seq / t_proc))
