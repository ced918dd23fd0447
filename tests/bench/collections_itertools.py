# The C types under collections, functools and itertools: deque as a FIFO
# queue (append/popleft) and a sliding window (maxlen), partial calls,
# lru_cache hits, and loops over itertools iterators.  Prints a checksum.
from collections import deque, defaultdict
from functools import partial, lru_cache, reduce
from itertools import (accumulate, chain, combinations, count, cycle, islice,
                       permutations, product, repeat, starmap, zip_longest)
import operator


def queue_work(n):
    q = deque()
    total = 0
    for i in range(n):
        q.append(i)
        if len(q) > 100:
            total += q.popleft()
    while q:
        total += q.pop()
    return total


def window(n):
    w = deque(maxlen=16)
    s = 0
    for i in range(n):
        w.append(i)
        s += w[0]
    w.rotate(5)
    return s + w[0]


def add3(a, b, c):
    return a + b + c


def partial_calls(n):
    p = partial(add3, 1)
    k = partial(add3, c=3)
    s = 0
    for i in range(n):
        s += p(i, 2) + k(i, 2)
    return s


@lru_cache(maxsize=256)
def square(x):
    return x * x


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def cache_hits(n):
    s = 0
    for i in range(n):
        s += square(i & 127)
    return s + fib(300) % 1000


def iter_loops(n):
    s = 0
    for a, b in zip(count(), islice(cycle(range(7)), n)):
        s += a * b
    s += sum(accumulate(repeat(3, n)))
    s += sum(x for x in chain(range(n), range(n)))
    s += sum(starmap(operator.mul, zip(range(n), repeat(2))))
    s += sum(1 for _ in combinations(range(40), 3))
    s += sum(1 for _ in permutations(range(8), 4))
    s += sum(a + b for a, b in product(range(300), repeat=2))
    s += sum(x or 0 for t in zip_longest(range(n), range(n // 2)) for x in t)
    return s


def counting(n):
    d = defaultdict(int)
    for i in range(n):
        d[i % 1000] += 1
    return reduce(operator.add, d.values())


n = 400000
print(queue_work(n), window(n), partial_calls(n), cache_hits(n), iter_loops(n), counting(n))
