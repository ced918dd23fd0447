# From pyperformance (https://github.com/python/pyperformance, MIT licence),
# pyperformance/data-files/benchmarks/bm_nqueens/run_benchmark.py at commit 1d3e217.
# Changed: the pyperf harness (Runner, its command-line options and timing)
# is replaced by a fixed loop count, LOOPS (argv[1], default 1),
# and a printed checksum that scripts/bench.py compares with CPython's.
# The benchmark's own code is unchanged.

"""Simple, brute-force N-Queens solver."""

import sys
import time

__author__ = "collinwinter@google.com (Collin Winter)"


# Pure-Python implementation of itertools.permutations().
def permutations(iterable, r=None):
    """permutations(range(3), 2) --> (0,1) (0,2) (1,0) (1,2) (2,0) (2,1)"""
    pool = tuple(iterable)
    n = len(pool)
    if r is None:
        r = n
    indices = list(range(n))
    cycles = list(range(n - r + 1, n + 1))[::-1]
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices[:r])
                break
        else:
            return


# From http://code.activestate.com/recipes/576647/
def n_queens(queen_count):
    """N-Queens solver.

    Args:
        queen_count: the number of queens to solve for. This is also the
            board size.

    Yields:
        Solutions to the problem. Each yielded value is looks like
        (3, 8, 2, 1, 4, ..., 6) where each number is the column position for the
        queen, and the index into the tuple indicates the row.
    """
    cols = range(queen_count)
    for vec in permutations(cols):
        if (queen_count == len(set(vec[i] + i for i in cols))
                        == len(set(vec[i] - i for i in cols))):
            yield vec


def bench_n_queens(queen_count):
    list(n_queens(queen_count))


if __name__ == "__main__":
    LOOPS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for _ in range(LOOPS):
        bench_n_queens(8)
    solutions = list(n_queens(8))
    print(len(solutions), sum(sum(i * q for i, q in enumerate(s)) for s in solutions))
