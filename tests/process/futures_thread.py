# ThreadPoolExecutor: submit/result/exception/done/cancel/callbacks, map, wait, as_completed.
import concurrent.futures as cf
import threading
import time


def sq(x):
    return x * x


def slow(x):
    time.sleep(x)
    return x


def boom(msg):
    raise ValueError(msg)


if __name__ == "__main__":
    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        f = ex.submit(sq, 7)
        print(f.result(timeout=5), f.done(), f.cancelled(), f.exception())
        e = ex.submit(boom, "bad thing")
        print(type(e.exception(5)).__name__, e.exception())
        try:
            e.result()
        except ValueError as err:
            print("ValueError", err)
        print(list(ex.map(sq, range(6))))
        print(list(ex.map(sq, range(6), chunksize=4)))
        seen = []
        f = ex.submit(sq, 3)
        f.add_done_callback(lambda fut: seen.append(fut.result()))
        f.result()
        time.sleep(0.05)
        print("callback", seen)
        blockers = [ex.submit(slow, 0.3) for _ in range(2)]
        time.sleep(0.05)
        queued = ex.submit(sq, 1)
        print("cancel queued", queued.cancel(), queued.cancelled(), queued.done())
        try:
            queued.result()
        except cf.CancelledError:
            print("CancelledError")
        print("cancel running", blockers[0].cancel())
        t = ex.submit(slow, 1)
        try:
            t.result(timeout=0.05)
        except cf.TimeoutError:
            print("TimeoutError")
        fs = [ex.submit(slow, d) for d in (0.2, 0.01)]
        done, not_done = cf.wait(fs, return_when=cf.FIRST_COMPLETED)
        print("first", [f.result() for f in done])
        done, not_done = cf.wait(fs, timeout=5, return_when=cf.ALL_COMPLETED)
        print("all", len(done), len(not_done))
        fs = [ex.submit(slow, 0.2), ex.submit(boom, "x")]
        done, not_done = cf.wait(fs, return_when=cf.FIRST_EXCEPTION)
        print("first exception", sorted(type(f.exception()).__name__ for f in done))
        print(sorted(f.result() for f in cf.as_completed([ex.submit(sq, i) for i in range(4)])))
        try:
            list(ex.map(slow, [1, 1, 1], timeout=0.1))
        except cf.TimeoutError:
            print("map TimeoutError")
    ex2 = cf.ThreadPoolExecutor(1)
    fs = [ex2.submit(slow, 1.0) for _ in range(4)]
    ex2.shutdown(wait=True, cancel_futures=True)
    print("cancelled", sum(f.cancelled() for f in fs), "done", all(f.done() for f in fs))
    try:
        ex2.submit(sq, 1)
    except RuntimeError as e:
        print("RuntimeError", e)
    print(threading.active_count())
