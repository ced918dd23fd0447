# Pool.map and friends over every kind of input (range, list, tuple,
# generator, dict, str, empty), with default and explicit chunk sizes; a
# large map, and many maps in a row on one pool.
import multiprocessing as mp


def sq(x):
    return x * x


def add(a, b):
    return a + b


def gen(n):
    for i in range(n):
        yield i


if __name__ == "__main__":
    with mp.Pool(2) as pool:
        print(pool.map(sq, range(3, 30, 4)))
        print(pool.map(sq, range(20, 0, -3), chunksize=2))
        print(pool.map(sq, [5, 6, 7]))
        print(pool.map(sq, (1, 2, 3, 4), chunksize=3))
        print(pool.map(sq, gen(7)))
        print(pool.map(len, {"ab": 1, "c": 2}))
        print(pool.map(ord, "hello"))
        print(pool.map(sq, []), pool.map(sq, range(0)), pool.map(sq, ()))
        print(pool.starmap(add, ((1, 2), (3, 4))))
        print(pool.starmap(add, zip(range(5), range(5, 10))))
        print(list(pool.imap(sq, range(10), chunksize=3)))
        print(sorted(pool.imap_unordered(sq, range(10), 4)))
        print(list(pool.imap(sq, [])))
        try:
            pool.imap(sq, range(3), chunksize=0)
        except ValueError as e:
            print("ValueError", e)
        r = pool.map(sq, range(100_000))
        print(len(r), sum(r), r[:3], r[-1])
        total = 0
        for i in range(50):
            total += sum(pool.map(sq, range(i * 10, i * 10 + 37)))
        print("50 maps", total)
        print(pool.map_async(sq, range(5)).get(5))
