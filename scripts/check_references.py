#!/usr/bin/env python3
"""Find the tests whose CPython reference run cannot be trusted.

Runs python3 on every script test that is compared with CPython (no .exp
or .expect.json next to it) several times, the way scripts/run_tests.py
does, and lists each test whose runs ever time out, crash, or disagree with
each other (stdout or exit status).  Such a test should get a checked-in
NAME.exp: CI's result must depend on baton alone.  Run it on a loaded
machine (beside a build, say) to shake out the tests that only hang or
differ under load.

    python3 scripts/check_references.py [--runs 5] [-j 4] [--timeout 30] [AREA...]
"""
import argparse
import concurrent.futures
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_tests  # noqa: E402  (the runner's discovery and process handling)


def judge(path, args):
    """Returns None if every run agreed, else a one-line reason."""
    base = os.path.splitext(path)[0]
    if os.path.exists(base + '.exp') or os.path.exists(base + '.expect.json'):
        return None
    with open(path, 'rb') as f:
        if b'baton: skip' in f.readline():
            return None
    seen = None
    for i in range(args.runs):
        out, err, code, secs, leftover = run_tests.run([args.python], path, args.timeout)
        if code is None:
            return 'run %d timed out after %ss' % (i + 1, args.timeout)
        if code < 0:
            return 'run %d killed by signal %d' % (i + 1, -code)
        if leftover:
            return 'run %d left processes behind' % (i + 1)
        if seen is None:
            seen = (out, code)
        elif (out, code) != seen:
            return 'run %d differs from run 1 (%s)' % (
                i + 1, 'exit status' if code != seen[1] else 'stdout')
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('areas', nargs='*')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('-j', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--timeout', type=float, default=30.0)
    ap.add_argument('--python', default='python3')
    args = ap.parse_args()
    tests = run_tests.discover(args.areas, '')
    bad = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        results = dict(zip(tests, pool.map(lambda t: judge(t, args), tests)))
    for t in tests:
        if results[t]:
            bad += 1
            print('UNRELIABLE %s: %s' % (os.path.relpath(t, run_tests.TESTS), results[t]))
    print('%d tests, %d with an unreliable reference run (%d runs each)' % (
        len(tests), bad, args.runs))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
