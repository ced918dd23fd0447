# Failures: a child killed with SIGKILL mid-work, a Pool worker killed,
# a ProcessPoolExecutor worker killed, an unserialisable argument; nothing hangs.
import concurrent.futures as cf
import multiprocessing as mp
import os
import signal
import time


def work(q):
    q.put("started")
    time.sleep(10)


def suicide(x):
    if x == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def sq(x):
    return x * x


if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=work, args=(q,))
    p.start()
    print(q.get(timeout=5))
    os.kill(p.pid, signal.SIGKILL)
    p.join(5)
    print("killed child exitcode", p.exitcode, p.is_alive())

    with cf.ProcessPoolExecutor(2) as ex:
        f = ex.submit(suicide, 2)
        try:
            f.result(timeout=10)
        except cf.process.BrokenProcessPool:
            print("BrokenProcessPool")
        try:
            ex.submit(sq, 2).result()
        except cf.process.BrokenProcessPool:
            print("pool stays broken")

    with cf.ProcessPoolExecutor(1) as ex:
        try:
            ex.submit(sq, lambda: 1).result(timeout=5)
        except Exception:
            print("unpicklable argument fails")
        print("still works", ex.submit(sq, 3).result(timeout=5))

    print(mp.active_children())
