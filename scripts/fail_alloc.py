#!/usr/bin/env python3
"""Allocation-failure injection (baton built with -Dfail_alloc=true).

For each script, count its allocations (BATON_FAIL_ALLOC=count), then run
it again with allocation N failing (BATON_FAIL_ALLOC=N,EVERY), for N spread
over the run after start-up (a failure during start-up is fatal, as in
CPython).  Each run must end with exit 0 and the normal output, or exit 1
with a MemoryError as the last line of stderr: never a signal, a sanitizer
report or a fatal error.  Prints "N passed, N failed".
"""
import argparse
import os
import subprocess
import sys

SCRIPTS = ["scripts/fail_alloc_cases/containers.py",
           "scripts/fail_alloc_cases/classes.py",
           "scripts/fail_alloc_cases/text.py"]


# baton frees nothing at exit (the heap dies with the process): leak reports
# would be noise, as in scripts/test.sh
os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=0:detect_stack_use_after_return=0")
os.environ.setdefault("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")


def run(baton, script, knob, timeout):
    env = dict(os.environ, BATON_FAIL_ALLOC=knob)
    try:
        r = subprocess.run([baton, script], env=env, capture_output=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b"", b"timeout"
    return r.returncode, r.stdout, r.stderr


def count(baton, args, timeout):
    env = dict(os.environ, BATON_FAIL_ALLOC="count")
    r = subprocess.run([baton] + args, env=env, capture_output=True, timeout=timeout)
    for line in r.stderr.decode(errors="replace").splitlines():
        if line.startswith("baton: ") and line.endswith(" allocations"):
            return int(line.split()[1])
    sys.exit("fail_alloc.py: %s is not a -Dfail_alloc=true build" % baton)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baton", default="build/asan/baton")
    ap.add_argument("--runs", type=int, default=60, help="runs per script")
    ap.add_argument("--every", type=int, default=0,
                    help="also fail every Nth allocation after the first")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("scripts", nargs="*", default=SCRIPTS)
    a = ap.parse_args()
    start = count(a.baton, ["-c", "pass"], a.timeout)
    passed = failed = 0
    for script in a.scripts:
        total = count(a.baton, [script], a.timeout)
        rc, good, _ = run(a.baton, script, "0", a.timeout)
        span = max(total - start, 1)
        ns = sorted({start + 1 + span * k // a.runs for k in range(a.runs)})
        kinds = {"ok": 0, "MemoryError": 0}
        for n in ns:
            knob = "%d,%d" % (n, a.every) if a.every else str(n)
            rc, out, err = run(a.baton, script, knob, a.timeout)
            last = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
            if rc == 0 and out == good:
                kinds["ok"] += 1
            elif rc == 1 and last[0].startswith("MemoryError"):
                kinds["MemoryError"] += 1
            else:
                failed += 1
                print("FAIL %s BATON_FAIL_ALLOC=%s: exit %s, %s" % (script, knob, rc, last[0][:200]))
                continue
            passed += 1
        print("%s: %d allocations, %d runs: %d unaffected, %d MemoryError"
              % (script, total, len(ns), kinds["ok"], kinds["MemoryError"]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
