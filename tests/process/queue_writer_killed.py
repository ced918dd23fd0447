# Writers killed mid-put never hang the others: each round, three processes  (baton: heavy)
# put 1 KB messages on one multiprocessing.Queue and one of them is
# SIGKILLed at a random moment; every surviving writer's messages all
# arrive and every child is joined.  (A dying owner of the queue's robust
# write lock could lose the wake-up of the other writers in glibc.)
# baton differs on purpose (.exp): CPython's queue write lock is a plain
# semaphore, so a writer killed while holding it blocks the others for good
# (rounds end "incomplete" after the 30 s wait).
import multiprocessing as mp
import os
import signal
import time

ROUNDS = 200
PER_WRITER = 300


def writer(q, ident):
    for i in range(PER_WRITER):
        q.put((ident, i, b"x" * 1024))
    q.put((ident, "done", b""))


if __name__ == "__main__":
    # kill moments spread over 0-4 ms (deterministic, varied)
    complete = 0
    for rnd in range(ROUNDS):
        q = mp.Queue()
        procs = [mp.Process(target=writer, args=(q, k)) for k in range(3)]
        for p in procs:
            p.start()
        victim = procs[rnd % 3]
        time.sleep((rnd * 7919 % 1000) / 250000)
        try:
            os.kill(victim.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had finished already
        got = {0: [], 1: [], 2: []}
        done = set()
        survivors = {k for k in range(3) if procs[k] is not victim}
        deadline = time.monotonic() + 30
        while not survivors <= done and time.monotonic() < deadline:
            try:
                ident, i, data = q.get(timeout=1)
            except Exception as e:  # queue.Empty, or a broken stream
                if type(e).__name__ != "Empty":
                    print("round", rnd, type(e).__name__)
                    break
                continue
            if i == "done":
                done.add(ident)
            else:
                got[ident].append(i)
        for p in procs:
            p.join(10)
        ok = all(got[k] == list(range(PER_WRITER)) for k in survivors)
        alive = [p for p in procs if p.is_alive()]
        if ok and survivors <= done and not alive:
            complete += 1
        else:
            print("round", rnd, "incomplete", sorted(done), [len(got[k]) for k in range(3)], len(alive))
            for p in alive:
                p.kill()
                p.join()
        q.close()
    print("complete rounds", complete, "of", ROUNDS)
