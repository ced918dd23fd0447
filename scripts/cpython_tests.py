#!/usr/bin/env python3
"""Run CPython's own test files (Debian's libpython3.11-testsuite, the
`test` package of the installed library) under baton, through CPython's
unittest, and compare the outcome of every test with a checked-in list of
known failures.

    python3 scripts/cpython_tests.py [--baton build/normal/baton] [-j 2]
        [--known tests/cpython_known_failures.txt] [--timeout 600] [MODULE ...]

Each module (default: the MODULES list below) runs in its own baton
process: `baton -c DRIVER test.MODULE`, where the driver loads the module's
tests as `python3 -m unittest` would and prints one line per test.  A test
is `ok`, `skip` (skipped by the test itself: a CPython-only or platform
feature), or fails (`FAIL`, `ERROR`); a module that does not import, or
crashes, or times out, fails as a whole (`module`).

The known-failures file has one line per test id (`test_x.Class.test_y`;
`test_x` alone for a module that does not import or run to its end) that
fails today, then ` # ` and the reason.  The run fails (exit 1) if a test fails that is not listed; listed
tests that now pass are printed, so the list can only shrink.  The last
line is the summary `N passed, N failed` (failed: unexpected failures),
after the per-module table.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The issue's list (CPython 3.11's file names), in a stable order.
MODULES = """test_json test_re test_struct test_binascii test_zlib test_hashlib
test_codecs test_io test_bisect test_heapq test_collections test_functools
test_dataclasses test_enum test_contextlib test_textwrap test_logging
test_datetime test_argparse test_statistics test_fractions test_tempfile
test_subprocess test_selectors test_socket test_pyexpat test_xml_etree test_minidom test_sax
test_plistlib test_abc""".split()
# Left out of the default run (CI) until they finish reliably: their
# outcome depends on timing (test_logging's socket and thread handlers,
# test_subprocess's timeouts) or they outrun the per-module timeout
# (test_statistics); `cpython_tests.py test_logging` runs one.
# test_io (runs whole since 2026-12-04, 545 of 626 pass) hung once past
# 240 s in a fresh-clone CI run, after passing in the run before; the
# hanging test is not found yet (its signal-interrupted I/O tests are the
# suspects), so it runs by name until it is.
UNSTABLE = {"test_logging", "test_subprocess", "test_statistics", "test_io"}

# Runs inside baton: load the module's tests as unittest's loader does
# (load_tests protocol included) and print "<id> ... <outcome>" per test.
DRIVER = r'''
import sys, unittest, importlib, re
name = sys.argv[1]
old_style = name in sys.argv[2:]
del sys.argv[2:]

def test_id(test):
    # A failing setUpModule / setUpClass is reported on a stand-in whose id
    # is "setUpModule (test.test_x)": name it test.test_x.setUpModule, so
    # that a module whose tests never ran does not pass with 0 tests.
    i = test.id()
    m = re.match(r"^(\w+) \((\S+)\)$", i)
    return m.group(2) + "." + m.group(1) if m else i
mod = importlib.import_module("test." + name)

class Result(unittest.TestResult):
    def _say(self, test, what):
        sys.stdout.write("%s ... %s\n" % (test_id(test), what))
        sys.stdout.flush()
    def addSuccess(self, test):
        super().addSuccess(test); self._say(test, "ok")
    def addSkip(self, test, reason):
        super().addSkip(test, reason); self._say(test, "skip")
    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err); self._say(test, "ok")
    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test); self._say(test, "FAIL")
    def addFailure(self, test, err):
        super().addFailure(test, err); self._say(test, "FAIL")
        sys.stderr.write("FAIL %s\n%s\n" % (test_id(test), self._exc_info_to_string(err, test)))
    def addError(self, test, err):
        super().addError(test, err); self._say(test, "ERROR")
        sys.stderr.write("ERROR %s\n%s\n" % (test_id(test), self._exc_info_to_string(err, test)))
    def addSubTest(self, test, sub, err):
        super().addSubTest(test, sub, err)
        if err is not None:
            self._say(test, "FAIL")

if old_style:
    # an old-style file (test_xml_etree): its test_main() picks the module
    # under test and hands its classes to support.run_unittest
    from test import support
    def run_unittest(*classes):
        suite = unittest.TestSuite()
        for c in classes:
            suite.addTests(unittest.defaultTestLoader.loadTestsFromTestCase(c))
        suite.run(Result())
    support.run_unittest = run_unittest
    mod.test_main()
else:
    unittest.defaultTestLoader.loadTestsFromModule(mod).run(Result())
'''

# Files whose tests only run through their test_main() (they set the
# module under test there, as `python3 -m test` does).
TEST_MAIN = {"test_xml_etree"}

LINE = re.compile(r'^(\S+) \.\.\. (ok|skip|FAIL|ERROR)$')


def run_module(baton, name, timeout):
    """{test id: outcome}, or {name: 'module: why'} when it did not run."""
    env = dict(os.environ, PYTHONHASHSEED='0')
    try:
        p = subprocess.run([baton, '-c', DRIVER, name] + sorted(TEST_MAIN), capture_output=True,
                           timeout=timeout, env=env, cwd='/tmp')
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode('utf-8', 'replace')
        res = parse(name, out)
        res[name] = 'module: timed out after %ds' % timeout
        return res, ''
    out = p.stdout.decode('utf-8', 'replace')
    err = p.stderr.decode('utf-8', 'replace')
    res = parse(name, out)
    if p.returncode != 0:
        last = err.strip().splitlines()[-1:] or ['exit status %d' % p.returncode]
        res[name] = 'module: %s' % last[0][:200]
    return res, err


def parse(name, out):
    res = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            tid = m.group(1)
            if tid.startswith('test.'):
                tid = tid[5:]
            # a test with a failed subtest stays failed
            if res.get(tid) not in ('FAIL', 'ERROR'):
                res[tid] = m.group(2)
    return res


def failure_reasons(err):
    """{test id: the last line of its traceback} from the driver's stderr."""
    out, cur, last = {}, None, ''
    for line in err.splitlines():
        m = re.match(r'^(FAIL|ERROR) (\S+)$', line)
        if m:
            if cur:
                out[cur] = last
            cur, last = m.group(2)[5:] if m.group(2).startswith('test.') else m.group(2), ''
        elif line.strip() and not line.startswith(' '):
            last = line.strip()
    if cur:
        out[cur] = last
    return out


def read_known(path):
    known = {}
    if path and os.path.exists(path):
        for line in open(path, encoding='utf-8'):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            tid, _, why = line.partition(' # ')
            known[tid.strip()] = why.strip()
    return known


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('modules', nargs='*')
    ap.add_argument('--baton', default=os.path.join(ROOT, 'build/normal/baton'))
    ap.add_argument('--known', default=os.path.join(ROOT, 'tests/cpython_known_failures.txt'))
    ap.add_argument('-j', type=int, default=2)
    ap.add_argument('--timeout', type=int, default=600)
    ap.add_argument('--write-known', metavar='FILE',
                    help='write every failing test to FILE with its error as the reason')
    ap.add_argument('-v', '--verbose', action='store_true', help='print the failures\' tracebacks')
    args = ap.parse_args()
    baton = os.path.abspath(args.baton)
    mods = args.modules or [m for m in MODULES if m not in UNSTABLE]
    known = read_known(args.known)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.j) as ex:
        futs = {ex.submit(run_module, baton, m, args.timeout): m for m in mods}
        for f in concurrent.futures.as_completed(futs):
            m = futs[f]
            results[m] = f.result()
    unexpected, fixed = [], []
    total_ok = total_skip = total_bad = 0
    print('%-22s %6s %6s %6s' % ('module', 'ok', 'skip', 'failed'))
    for m in mods:
        res, err = results[m]
        ok = sum(1 for v in res.values() if v == 'ok')
        skip = sum(1 for v in res.values() if v == 'skip')
        bad = [t for t, v in res.items() if v not in ('ok', 'skip')]
        total_ok += ok
        total_skip += skip
        total_bad += len(bad)
        print('%-22s %6d %6d %6d%s' % (m, ok, skip, len(bad),
                                       '   ' + res[m] if m in res else ''))
        for t in bad:
            if t not in known:
                unexpected.append((t, res[t]))
        for t in known:
            if (t == m or t.startswith(m + '.')) and t != m and res.get(t) == 'ok':
                fixed.append(t)
        if m in known and m not in res:
            fixed.append(m)
        if args.verbose and err:
            print(err[-4000:])
    if args.write_known:
        with open(args.write_known, 'w', encoding='utf-8') as f:
            f.write('# CPython test files under baton (scripts/cpython_tests.py): the tests that\n'
                    '# fail today, each with its error.  This list only shrinks.\n')
            for m in mods:
                res, err = results[m]
                why = failure_reasons(err)
                for t in sorted(t for t, v in res.items() if v not in ('ok', 'skip')):
                    reason = res[t][8:] if res[t].startswith('module: ') else why.get(t) or res[t]
                    f.write('%s # %s\n' % (t, reason[:200]))
    for t, v in unexpected:
        print('UNEXPECTED %s: %s' % (v, t))
    for t in fixed:
        print('NOW PASSES (remove from the known list): %s' % t)
    print('%d tests ran: %d ok, %d skipped, %d failed (%d of them known)'
          % (total_ok + total_skip + total_bad, total_ok, total_skip, total_bad,
             total_bad - len(unexpected)))
    print('%d passed, %d failed' % (total_ok, len(unexpected)))
    return 1 if unexpected else 0


if __name__ == '__main__':
    sys.exit(main())
