"""Shared memory: a Value counter that four processes increment.

`counter.value += 1` is a read then a write: without the lock, increments
from different processes get lost.  With get_lock() the total is exact.
"""
import multiprocessing

N = 20_000


def add(counter, use_lock):
    for _ in range(N):
        if use_lock:
            with counter.get_lock():
                counter.value += 1
        else:
            counter.value += 1


def run(use_lock):
    counter = multiprocessing.Value("i", 0)
    workers = [multiprocessing.Process(target=add, args=(counter, use_lock)) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return counter.value


if __name__ == "__main__":
    print(f"expected:       {4 * N}")
    print(f"without a lock: {run(False)} (some increments lost, usually)")
    print(f"with get_lock(): {run(True)}")
    squares = multiprocessing.Array("d", 5)

    def fill(arr):
        for i in range(len(arr)):
            arr[i] = i * i

    p = multiprocessing.Process(target=fill, args=(squares,))
    p.start()
    p.join()
    print("Array filled by a child:", squares[:])
