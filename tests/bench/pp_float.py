# From pyperformance (https://github.com/python/pyperformance, MIT licence),
# pyperformance/data-files/benchmarks/bm_float/run_benchmark.py at commit 1d3e217.
# Changed: the pyperf harness (Runner, its command-line options and timing)
# is replaced by a fixed loop count, LOOPS (argv[1], default 1),
# and a printed checksum that scripts/bench.py compares with CPython's.
# The benchmark's own code is unchanged.

"""
Artificial, floating point-heavy benchmark originally used by Factor.
"""
import sys
import time

from math import sin, cos, sqrt


POINTS = 100000


class Point(object):
    __slots__ = ('x', 'y', 'z')

    def __init__(self, i):
        self.x = x = sin(i)
        self.y = cos(i) * 3
        self.z = (x * x) / 2

    def __repr__(self):
        return "<Point: x=%s, y=%s, z=%s>" % (self.x, self.y, self.z)

    def normalize(self):
        x = self.x
        y = self.y
        z = self.z
        norm = sqrt(x * x + y * y + z * z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = self.x if self.x > other.x else other.x
        self.y = self.y if self.y > other.y else other.y
        self.z = self.z if self.z > other.z else other.z
        return self


def maximize(points):
    next = points[0]
    for p in points[1:]:
        next = next.maximize(p)
    return next


def benchmark(n):
    points = [None] * n
    for i in range(n):
        points[i] = Point(i)
    for p in points:
        p.normalize()
    return maximize(points)


if __name__ == "__main__":
    LOOPS = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    for _ in range(LOOPS):
        p = benchmark(POINTS)
    print(p)
