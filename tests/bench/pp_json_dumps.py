# From pyperformance (https://github.com/python/pyperformance, MIT licence),
# pyperformance/data-files/benchmarks/bm_json_dumps/run_benchmark.py at commit 1d3e217.
# Changed: the pyperf harness (Runner, its command-line options and timing)
# is replaced by a fixed loop count, LOOPS (argv[1], default 5),
# and a printed checksum that scripts/bench.py compares with CPython's.
# The benchmark's own code is unchanged.

import json
import sys

import sys
import time


EMPTY = ({}, 2000)
SIMPLE_DATA = {'key1': 0, 'key2': True, 'key3': 'value', 'key4': 'foo',
               'key5': 'string'}
SIMPLE = (SIMPLE_DATA, 1000)
NESTED_DATA = {'key1': 0, 'key2': SIMPLE[0], 'key3': 'value', 'key4': SIMPLE[0],
               'key5': SIMPLE[0], 'key': '\u0105\u0107\u017c'}
NESTED = (NESTED_DATA, 1000)
HUGE = ([NESTED[0]] * 1000, 1)

CASES = ['EMPTY', 'SIMPLE', 'NESTED', 'HUGE']


def bench_json_dumps(data):
    for obj, count_it in data:
        for _ in count_it:
            json.dumps(obj)


if __name__ == '__main__':
    LOOPS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    data = []
    for case in CASES:
        obj, count = globals()[case]
        data.append((obj, range(count)))
    for _ in range(LOOPS):
        bench_json_dumps(data)
    print(sum(len(json.dumps(obj)) for obj, _ in data))
