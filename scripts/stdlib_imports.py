#!/usr/bin/env python3
"""Import every top-level module of CPython's library under baton.

Each module is imported in its own baton process (with a timeout); the
script prints one line per module that fails, with the last line of its
error, then a summary `N of M import`.  --all prints the modules that
import too; --json FILE writes {module: error or null}.

    python3 scripts/stdlib_imports.py [--baton build/normal/baton] [--lib DIR] [-j 2]
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Not modules to import: scripts that run something when imported, or
# packages that are only CPython's tooling.
SKIP = {"antigravity", "this", "__phello__", "__hello__", "idlelib", "turtledemo",
        "lib2to3", "ensurepip", "site-packages", "dist-packages", "test",
        "config-3.11-x86_64-linux-gnu", "lib-dynload", "__pycache__", "_sysconfigdata__linux_x86_64-linux-gnu",
        "_sysconfigdata__x86_64-linux-gnu", "_distutils_system_mod", "pydoc_data"}


def modules(lib):
    out = []
    for name in sorted(os.listdir(lib)):
        path = os.path.join(lib, name)
        if name.endswith(".py"):
            mod = name[:-3]
        elif os.path.isdir(path) and os.path.exists(os.path.join(path, "__init__.py")):
            mod = name
        else:
            continue
        if mod not in SKIP and mod.isidentifier():
            out.append(mod)
    return out


def try_import(baton, mod, timeout):
    try:
        p = subprocess.run([baton, "-c", "import " + mod], capture_output=True, text=True,
                           timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "timed out"
    if p.returncode == 0:
        return None
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    return (lines[-1] if lines else "exit %d" % p.returncode)[:200]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baton", default=os.path.join(ROOT, "build", "normal", "baton"))
    ap.add_argument("--lib", default="/usr/lib/python3.11")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()
    mods = modules(args.lib)
    with concurrent.futures.ThreadPoolExecutor(args.j) as ex:
        results = dict(zip(mods, ex.map(lambda m: try_import(args.baton, m, args.timeout), mods)))
    ok = 0
    for m in mods:
        if results[m] is None:
            ok += 1
            if args.all:
                print("ok   %s" % m)
        else:
            print("FAIL %s: %s" % (m, results[m]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
    print("%d of %d import" % (ok, len(mods)))


if __name__ == "__main__":
    sys.exit(main())
