#!/usr/bin/env python3
"""Run MicroPython's own test files under baton and compare with what
CPython prints for them (MicroPython's run-tests.py gets its expected output
from CPython the same way; its .exp files hold MicroPython's own deviations
and are not used here).  A test CPython cannot run (non-zero exit, or it
prints SKIP) is skipped.

The tests come from MicroPython's public repository (fetched by a session,
not checked in): point --tests at its tests/ folder.  Prints one line per
failing test, then `N of M pass` per folder and in all.  --known FILE
(default tests/micropython_known_failures.txt; '' for none) lists expected
failures, one `folder/file.py: reason` per line: they are reported as
`known`, a listed test that passes is reported as FIXED, and the exit
status is 1 only when a test not listed fails.

    python3 scripts/micropython_tests.py --tests /path/to/micropython/tests \\
        [--baton build/normal/baton] [-j 2] [--known FILE] [basics float thread misc]
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KNOWN = os.path.join(ROOT, "tests", "micropython_known_failures.txt")


def run(cmd, path, timeout):
    try:
        p = subprocess.run(cmd + [os.path.basename(path)], cwd=os.path.dirname(path),
                           capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
                           env=dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8"))
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired:
        return None, b""


def judge(path, args):
    code, want = run([args.python], path, args.timeout)
    if code != 0 or want.strip() == b"SKIP":
        return "skip", ""
    code, got = run([args.baton], path, args.timeout)
    if got.strip() == b"SKIP":
        return "skip", ""
    if code is None:
        return "fail", "timed out"
    if got != want:
        gl, wl = got.decode("utf-8", "replace").splitlines(), want.decode("utf-8", "replace").splitlines()
        for i, (a, b) in enumerate(zip(gl, wl)):
            if a != b:
                return "fail", "line %d: got %r, want %r" % (i + 1, a[:80], b[:80])
        return "fail", "got %d lines, want %d (exit %s)" % (len(gl), len(wl), code)
    return "pass", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="*", default=["basics", "float", "thread", "misc"])
    ap.add_argument("--tests", required=True, help="MicroPython's tests/ folder")
    ap.add_argument("--baton", default=os.path.join(ROOT, "build", "normal", "baton"))
    ap.add_argument("--python", default="python3")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--known", default=KNOWN,
                    help="expected failures, `folder/file.py: reason` per line ('' for none)")
    args = ap.parse_args()
    args.baton = os.path.abspath(args.baton)
    known = {}
    if args.known:
        if not os.path.exists(args.known):
            ap.error("--known: no file %s" % args.known)
        for line in open(args.known, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#") and ":" in line:
                name, reason = line.split(":", 1)
                known[name.strip()] = reason.strip()
    tests = []
    for folder in args.folders:
        d = os.path.join(args.tests, folder)
        tests += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".py")]
    with concurrent.futures.ThreadPoolExecutor(args.j) as ex:
        results = dict(zip(tests, ex.map(lambda t: judge(t, args), tests)))
    totals = {}
    new_failures = 0
    for t in tests:
        rel = os.path.relpath(t, args.tests)
        folder = rel.split(os.sep)[0]
        status, why = results[t]
        c = totals.setdefault(folder, [0, 0])
        if status == "skip":
            continue
        c[1] += 1
        if status == "pass":
            c[0] += 1
            if rel in known:
                print("FIXED %s (was known: %s)" % (rel, known[rel]))
        elif rel in known:
            print("known %s: %s" % (rel, known[rel]))
        else:
            new_failures += 1
            print("FAIL %s: %s" % (rel, why))
    ran = {os.path.relpath(t, args.tests) for t in tests if results[t][0] != "skip"}
    folders = {f.rstrip("/") for f in args.folders}
    for name in sorted(known):
        if name.split("/")[0] in folders and name not in ran:
            print("STALE %s: listed as known but not run (missing or skipped)" % name)
    fixed = sum(1 for t in tests if results[t][0] == "pass" and os.path.relpath(t, args.tests) in known)
    allp = sum(c[0] for c in totals.values())
    allt = sum(c[1] for c in totals.values())
    for folder, (p, n) in sorted(totals.items()):
        print("%s: %d of %d pass" % (folder, p, n))
    print("all: %d of %d pass (%.1f%%), %d new failures, %d known failures fixed"
          % (allp, allt, 100.0 * allp / max(allt, 1), new_failures, fixed))
    return 1 if new_failures else 0


if __name__ == "__main__":
    sys.exit(main())
