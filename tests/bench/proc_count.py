# Process benchmark: the tutorials' CPU-bound count run sequentially, with 2
# threads and with 2 processes.  stdout: a checksum; stderr: the times.
#
# The three ways run one after the other, round after round, in a rotating
# order.  For each way it prints the best time over the rounds and the
# speed-up of the bests (best sequential / best of the way): as with
# timeit, what else runs on the machine only ever adds time, so the best
# round is the closest to what the code itself costs.  It also prints the
# median of the rounds' own speed-ups: when that is well below the best
# one, the machine was busy during the run (on a shared 2-core machine a
# core can be half taken for seconds, and then 2 processes cannot get 2
# cores' worth of work done).
import multiprocessing as mp
import sys
import threading
import time

N = 100_000_000     # the count of examples/threads_vs_processes.py
ROUNDS = 5


def count(n, out=None, i=0):
    """The tutorials' countdown; returns how far it counted (n - what is
    left), so the checksum shows that every way did all of the work."""
    start = n
    while n > 0:
        n -= 1
    if out is not None:
        out[i] = start - n
    return start - n


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
    print("checksum", *sorted(sums))
    sys.stderr.write(
        "sequential %.3fs  2 threads %.3fs (x%.2f, median of rounds x%.2f)"
        "  2 processes %.3fs (x%.2f, median of rounds x%.2f)\n"
        % (min(t_seq),
           min(t_thr), min(t_seq) / min(t_thr), median([s / t for s, t in zip(t_seq, t_thr)]),
           min(t_proc), min(t_seq) / min(t_proc), median([s / p for s, p in zip(t_seq, t_proc)])))
