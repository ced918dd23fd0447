"""Pool.map: spread a function over a list with a pool of worker processes.

The pool forks its workers once; map() cuts the list into chunks, the
workers compute them in parallel and the results come back in order.
"""
import multiprocessing
import time


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


if __name__ == "__main__":
    numbers = range(10_000_000, 10_000_000 + 100_000)
    start = time.perf_counter()
    serial = sum(map(is_prime, numbers))
    t_serial = time.perf_counter() - start

    start = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        parallel = sum(pool.map(is_prime, numbers, chunksize=500))
    t_pool = time.perf_counter() - start

    print(f"primes found: {serial} (serial) {parallel} (pool)")
    print(f"serial {t_serial:.2f} s, Pool(2).map {t_pool:.2f} s "
          f"({t_serial / t_pool:.2f}x)")
