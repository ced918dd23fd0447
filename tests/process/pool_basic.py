# Pool: map, starmap, imap, imap_unordered, apply, apply_async, map_async, initializer.
import multiprocessing as mp
import time

_base = 0


def init(base):
    global _base
    _base = base


def sq(x):
    return x * x


def add(a, b):
    return a + b


def plus_base(x):
    return x + _base


def slow(x):
    time.sleep(x)
    return x


def bad(x):
    if x == 3:
        raise KeyError("three")
    return x


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        print(pool.map(sq, range(10)))
        print(pool.map(sq, range(10), chunksize=3))
        print(pool.starmap(add, [(1, 2), (3, 4), ("a", "b")]))
        print(list(pool.imap(sq, range(6))))
        print(sorted(pool.imap_unordered(sq, range(6))))
        print(pool.apply(add, (2, 3)), pool.apply(add, kwds={"a": 1, "b": 1}))
        r = pool.apply_async(slow, (0.05,))
        r.wait()
        print(r.ready(), r.successful(), r.get(timeout=5))
        r = pool.apply_async(slow, (1,))
        try:
            r.get(timeout=0.05)
        except mp.TimeoutError:
            print("TimeoutError", r.ready())
        m = pool.map_async(sq, [1, 2, 3])
        print(m.get(60))
        e = pool.apply_async(bad, (3,))
        e.wait(60)
        print(e.ready(), e.successful())
        try:
            e.get()
        except KeyError as ex:
            print("KeyError", ex)
        try:
            pool.map(bad, range(5))
        except KeyError as ex:
            print("map KeyError", ex)
        got = []
        pool.apply_async(sq, (7,), callback=got.append).wait(60)
        time.sleep(0.05)
        print("callback", got)

    pool = mp.Pool(processes=2, initializer=init, initargs=(100,))
    print(pool.map(plus_base, [1, 2, 3]))
    pool.close()
    pool.join()
    try:
        pool.map(sq, [1])
    except ValueError as ex:
        print("ValueError", ex)
    pool = mp.Pool(2)
    pool.apply_async(slow, (5,))
    pool.terminate()
    pool.join()
    print("terminated")
    print(mp.active_children())
