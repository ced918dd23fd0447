# From pyperformance (https://github.com/python/pyperformance, MIT licence),
# pyperformance/data-files/benchmarks/bm_pidigits/run_benchmark.py at commit 1d3e217.
# Changed: the pyperf harness (Runner, its command-line options and timing)
# is replaced by a fixed loop count, LOOPS (argv[1], default 1),
# and a printed checksum that scripts/bench.py compares with CPython's.
# The benchmark's own code is unchanged.

# coding: utf-8
"""
Calculating some of the digits of π.

This benchmark stresses big integer arithmetic.

Adapted from code on:
http://benchmarksgame.alioth.debian.org/
"""

import itertools

import sys
import time


DEFAULT_DIGITS = 2000
icount = itertools.count
islice = itertools.islice


def gen_x():
    return map(lambda k: (k, 4 * k + 2, 0, 2 * k + 1), icount(1))


def compose(a, b):
    aq, ar, as_, at = a
    bq, br, bs, bt = b
    return (aq * bq,
            aq * br + ar * bt,
            as_ * bq + at * bs,
            as_ * br + at * bt)


def extract(z, j):
    q, r, s, t = z
    return (q * j + r) // (s * j + t)


def gen_pi_digits():
    z = (1, 0, 0, 1)
    x = gen_x()
    while 1:
        y = extract(z, 3)
        while y != extract(z, 4):
            z = compose(z, next(x))
            y = extract(z, 3)
        z = compose((10, -10 * y, 0, 1), z)
        yield y


def calc_ndigits(n):
    return list(islice(gen_pi_digits(), n))


if __name__ == "__main__":
    LOOPS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for _ in range(LOOPS):
        digits = calc_ndigits(DEFAULT_DIGITS)
    print(''.join(map(str, digits[:50])), sum(digits))
