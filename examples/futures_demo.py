"""concurrent.futures: the same API over threads and over processes.

ThreadPoolExecutor suits waiting (I/O, sleep); ProcessPoolExecutor suits
computing.  submit() returns a Future; as_completed() yields them as they
finish; an exception in a worker comes back from result().
"""
import concurrent.futures as cf
import time


def countdown(n):
    while n > 0:
        n -= 1
    return "done"


def nap(seconds):
    time.sleep(seconds)
    return seconds


def fails():
    raise ValueError("raised in a worker")


def timed(executor_class, fn, args):
    start = time.perf_counter()
    with executor_class(max_workers=2) as ex:
        results = list(ex.map(fn, args))
    return time.perf_counter() - start, results


if __name__ == "__main__":
    for name, cls in (("threads", cf.ThreadPoolExecutor), ("processes", cf.ProcessPoolExecutor)):
        t_cpu, _ = timed(cls, countdown, [5_000_000] * 2)
        t_io, _ = timed(cls, nap, [0.2] * 2)
        print(f"{name:9}: CPU-bound {t_cpu:.2f} s, sleeping {t_io:.2f} s")

    with cf.ProcessPoolExecutor(max_workers=2) as ex:
        futures = {ex.submit(nap, s): s for s in (0.5, 0.1, 0.2)}
        print("finished in order:", [f.result() for f in cf.as_completed(futures)])
        try:
            ex.submit(fails).result()
        except ValueError as e:
            print("the worker's exception:", repr(e))
