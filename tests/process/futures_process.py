# ProcessPoolExecutor: submit, map, exceptions with type and message, wait, as_completed.
import concurrent.futures as cf
import os
import time


class Custom(Exception):
    pass


def sq(x):
    return x * x


def pid_of(_):
    return os.getpid()


def slow(x):
    time.sleep(x)
    return x


def boom(msg):
    raise Custom(msg)


if __name__ == "__main__":
    with cf.ProcessPoolExecutor(max_workers=2) as ex:
        f = ex.submit(sq, 12)
        print(f.result(timeout=5), f.done(), f.running())
        print(list(ex.map(sq, range(10))))
        print(list(ex.map(sq, range(10), chunksize=3)))
        e = ex.submit(boom, "worker failed")
        try:
            e.result(timeout=5)
        except Custom as err:
            print("Custom", err)
        print(type(e.exception()).__name__)
        try:
            ex.submit(divmod, 1, 0).result()
        except ZeroDivisionError as err:
            print("ZeroDivisionError", err)
        pids = set(ex.map(pid_of, range(20)))
        print(os.getpid() not in pids, 1 <= len(pids) <= 2)
        seen = []
        f = ex.submit(sq, 5)
        f.add_done_callback(lambda fut: seen.append(fut.result()))
        cf.wait([f])
        time.sleep(0.05)
        print("callback", seen)
        fs = [ex.submit(slow, d) for d in (2.0, 0.01)]
        done, _ = cf.wait(fs, return_when=cf.FIRST_COMPLETED)
        print("first", [f.result() for f in done])
        print(sorted(f.result() for f in cf.as_completed(fs, timeout=10)))
        try:
            list(ex.map(slow, [1, 1], timeout=0.1))
        except cf.TimeoutError:
            print("map TimeoutError")
    ex = cf.ProcessPoolExecutor(1)
    fs = [ex.submit(slow, 0.1) for _ in range(5)]
    ex.shutdown(wait=True, cancel_futures=True)
    print("done", all(f.done() for f in fs), "some cancelled", any(f.cancelled() for f in fs))
    try:
        ex.submit(sq, 1)
    except RuntimeError as e:
        print("RuntimeError", e)
