# Process benchmark: the tutorials' CPU-bound count run sequentially, with 2
# threads and with 2 processes.  stdout: a checksum; stderr: the times.
# The three ways run one after the other, round after round (in a rotating
# order), and each speed-up reported is the median of the rounds' ratios
# (as gil_cpu.py does): on a shared machine a process can run 1.5x slower
# for seconds at a time, and the three runs of a round nearly always fall
# in the same phase, so the phase cancels out of the ratio.  The times
# printed are the best of each way; the speed-ups are those medians.
import multiprocessing as mp
import sys
import threading
import time

N = 24_000_000
ROUNDS = 9


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


def median(xs):
    return sorted(xs)[len(xs) // 2]


if __name__ == "__main__":
    ways = [("seq", seq), ("thr", threads), ("proc", processes)]
    times = {name: [] for name, _ in ways}
    sums = set()
    for i in range(ROUNDS):
        for name, fn in ways[i % 3:] + ways[:i % 3]:
            dt, r = timed(fn)
            times[name].append(dt)
            sums.add(r)
    t_seq, t_thr, t_proc = times["seq"], times["thr"], times["proc"]
    thr_x = median([s / t for s, t in zip(t_seq, t_thr)])
    proc_x = median([s / p for s, p in zip(t_seq, t_proc)])
    print("checksum", *sorted(sums))
    sys.stderr.write("sequential %.3fs  2 threads %.3fs (x%.2f)  2 processes %.3fs (x%.2f)\n"
                     % (min(t_seq), min(t_thr), thr_x, min(t_proc), proc_x))
