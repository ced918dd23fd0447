"""Picture: threads hand the GIL over, asyncio tasks take turns in one thread.

The same three jobs twice (each: compute a little, wait 10 ms, three
times): first in three threads, which wait for the GIL (amber) whenever
another thread computes and hand it over at each switch interval or
blocking wait; then as three asyncio tasks in one thread, whose event loop
runs one task's step after another at each `await`: no GIL hand-off at
all, the thread only waits in `select` (blue) while every task waits.
On baton, `baton examples/gil_pictures_tasks.py OUT.svg` traces both
halves into one picture, with a lane per task under the thread that runs
it.  Runs unchanged on CPython.
"""
import asyncio
import sys
import threading
import time

try:
    import gil
except ImportError:
    gil = None

COUNT = 1_000_000
ROUNDS = 3
WAIT = 0.010


def compute(n):
    while n > 0:
        n -= 1


def job():
    for _ in range(ROUNDS):
        compute(COUNT)
        time.sleep(WAIT)


async def task_job():
    for _ in range(ROUNDS):
        compute(COUNT)
        await asyncio.sleep(WAIT)


async def tasks(tracing):
    # asyncio.run() runs this coroutine as a task too (Task-1, the first
    # lane under the main thread), which waits here for the three.
    async with asyncio.TaskGroup() as tg:
        for i in (1, 2, 3):
            tg.create_task(task_job(), name="task-%d" % i)
    if tracing:
        gil.trace_stop()  # before asyncio.run()'s own clean-up tasks


def main():
    tracing = gil and len(sys.argv) > 1
    if tracing:
        gil.trace_start(sys.argv[1])
    t0 = time.perf_counter()
    threads = [threading.Thread(target=job, name="thread-%d" % i) for i in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t1 = time.perf_counter()
    asyncio.run(tasks(tracing))
    t2 = time.perf_counter()
    print("three threads: %.0f ms, handing the GIL over" % ((t1 - t0) * 1e3))
    print("three tasks in one thread: %.0f ms, switching at each await" % ((t2 - t1) * 1e3))


if __name__ == "__main__":
    main()
