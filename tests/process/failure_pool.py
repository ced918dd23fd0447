# A Pool worker killed by a signal: its task's result raises, nothing hangs.
# failure_pool.exp: CPython's Pool never notices the dead worker, so get()
# waits until its timeout, and raises PicklingError for the lambda; baton
# fails the task and raises TypeError in the sender (issue 4).
import multiprocessing as mp
import os
import signal


def suicide(x):
    if x == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def sq(x):
    return x * x


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        r = pool.apply_async(suicide, (2,))
        try:
            r.get(timeout=5)
            print("no error?!")
        except mp.TimeoutError:
            print("timed out")
        except Exception as e:
            print("result raised", type(e).__name__)
        print("pool still works", pool.map(sq, range(5)))
        try:
            pool.map(sq, [lambda: 0])
        except Exception as e:
            print("unpicklable:", type(e).__name__)
    print(mp.active_children())
