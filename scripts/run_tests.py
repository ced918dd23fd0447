#!/usr/bin/env python3
"""Run baton's script tests and compare them with CPython.

Every tests/<area>/**/*.py is a test, except files and folders whose name
starts with '_' (helpers that tests import) and the folders bench/, unit/
and repl/, html/ (run by other means).  Each test runs as `baton FILE` with the
current folder set to the file's folder and stdin from FILE's sibling
`NAME.stdin` if there is one, else /dev/null.

What the output must be:
  * NAME.exp next to NAME.py: the exact expected stdout, and exit code 0.
  * NAME.expect.json (optional, overrides): {"stdout": "...", "exit": 1,
    "stderr_last": "ValueError: bad", "lines": [3, 7], "stderr_lines":
    ["a", "b"]}; every key optional.  stderr_lines: each string must be
    part of a line of stderr, in that order (baton-only reports).
  * otherwise python3 runs the same file (PYTHONHASHSEED=0, same folder,
    same stdin) and baton must match its stdout and exit code; when the exit
    code is not 0 also the last line of stderr ("Type: message") and the
    line numbers of the traceback's File lines that point into the test's
    own folder (frames in CPython's or baton's library are ignored).
A first line containing `baton: skip` skips a test; one containing
`baton: heavy` (a test that walks every code point or megabytes of data,
hours under a collection after every allocation) is skipped with --light;
one containing `baton: no-asan` (a test that sets `ulimit -v`, which
AddressSanitizer's shadow memory cannot start under) is skipped when the
baton binary is built with AddressSanitizer; one containing
`compare: stderr` makes the whole stderr count too (byte for byte, as
python3 writes it: for tracebacks with their ~~^^ lines).

Output: one line per failing test with a short diff (-v: every test), then
exactly `N passed, N failed` (`, N skipped` when some were skipped).  A
python3 reference run that times out is retried once; if it times out
again the test is listed as REFERENCE FAILED (python3, not baton, is the
cause; the test needs a checked-in .exp), a line before the summary counts
those, and they count as failed in the summary.  The exit
status is 1 if anything failed.  After the run, processes that a test left
running (found by an environment marker) are killed and counted as a
failure, so tests that start processes must wait for them.
"""
import argparse
import base64
import concurrent.futures
import difflib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, 'tests')
EXCLUDED_AREAS = {'bench', 'unit', 'repl', 'html'}
MARKER = 'BATON_TEST_RUN'
RUN_ID = uuid.uuid4().hex
FILE_LINE = re.compile(r'^\s*File "([^"]*)", line (\d+)')


def discover(areas, substr):
    tests = []
    if areas:
        roots = [os.path.join(TESTS, a) for a in areas]
    else:
        roots = [os.path.join(TESTS, d) for d in sorted(os.listdir(TESTS))
                 if d not in EXCLUDED_AREAS and not d.startswith(('_', '.'))
                 and os.path.isdir(os.path.join(TESTS, d))]
    for root in roots:
        if os.path.isfile(root) and root.endswith('.py'):
            tests.append(root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames
                                 if not d.startswith(('_', '.')) and
                                 not (dirpath == TESTS and d in EXCLUDED_AREAS))
            for f in sorted(filenames):
                if f.endswith('.py') and not f.startswith('_'):
                    tests.append(os.path.join(dirpath, f))
    if substr:
        tests = [t for t in tests if substr in os.path.relpath(t, TESTS)]
    return tests


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(cmd, path, timeout, extra_env=None):
    """Run cmd on path in its folder, in its own process group.
    Returns (stdout bytes, stderr bytes, exit code or None on timeout,
    seconds, leftover: bool)."""
    folder = os.path.dirname(path)
    stdin_file = os.path.splitext(path)[0] + '.stdin'
    env = dict(os.environ, PYTHONHASHSEED='0', PYTHONDONTWRITEBYTECODE='1',
               PYTHONIOENCODING='utf-8', LC_ALL='C.UTF-8')
    env[MARKER] = RUN_ID
    if extra_env:
        env.update(extra_env)
    stdin = open(stdin_file, 'rb') if os.path.exists(stdin_file) else subprocess.DEVNULL
    t0 = time.monotonic()
    # Files, not pipes: a process the test leaves behind would hold a pipe
    # open and hang us; with files we notice it instead (below).
    with tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
        try:
            p = subprocess.Popen(cmd + [os.path.basename(path)], cwd=folder, env=env,
                                 stdin=stdin, stdout=fout, stderr=ferr,
                                 start_new_session=True)
            try:
                code = p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                kill_group(p.pid)
                p.wait()
                code = None
        finally:
            if stdin is not subprocess.DEVNULL:
                stdin.close()
        fout.seek(0)
        ferr.seek(0)
        out, err = fout.read(), ferr.read()
    elapsed = time.monotonic() - t0
    # Anything still in the test's process group outlived it.
    leftover = False
    for _ in range(10):
        try:
            os.killpg(p.pid, 0)
        except (ProcessLookupError, PermissionError):
            break
        time.sleep(0.05)
    else:
        leftover = True
        kill_group(p.pid)
    return out, err, code, elapsed, leftover


def tb_lines(stderr, folder):
    """Line numbers of traceback File lines that point into folder."""
    lines = []
    real = os.path.realpath(folder)
    for line in stderr.splitlines():
        m = FILE_LINE.match(line)
        if not m:
            continue
        f = m.group(1)
        full = os.path.realpath(os.path.join(folder, f))
        if (full == real or full.startswith(real + os.sep)) and os.path.isfile(full):
            lines.append(int(m.group(2)))
    return lines


def last_line(stderr):
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[-1] if lines else ''


def cache_key(path):
    h = hashlib.sha256(sys.version.encode())
    # The stored stderr names the file by its absolute path: a moved tree
    # must not reuse it.
    h.update(os.path.realpath(path).encode() + b'\0')
    folder = os.path.dirname(path)
    h.update(open(path, 'rb').read())
    # helpers and input files in the same folder can change the output
    # (not the _tmp_* files that tests running alongside create and remove)
    for f in sorted(os.listdir(folder)):
        full = os.path.join(folder, f)
        if f.startswith('_tmp') or full == path:
            continue
        if f.startswith('_') or f == os.path.basename(path)[:-3] + '.stdin':
            try:
                with open(full, 'rb') as fh:
                    h.update(os.fsencode(f) + b'\0' + fh.read())
            except (IsADirectoryError, FileNotFoundError):
                pass
    return h.hexdigest()


def expected_from_python(path, args):
    key = None
    if args.cache:
        key = cache_key(path)
        cfile = os.path.join(args.cache, key + '.json')
        try:
            with open(cfile) as f:
                d = json.load(f)
            return {'stdout': base64.b64decode(d['stdout']), 'exit': d['exit'],
                    'stderr': d['stderr']}
        except (OSError, ValueError, KeyError):
            pass
    # A reference run that times out gets one more try (a loaded machine);
    # if that fails too the test cannot be judged, and its result names
    # python3 as the cause.  Such a test needs a checked-in .exp.
    for attempt in range(2):
        out, err, code, _, _ = run([args.python], path, args.timeout)
        if code is not None:
            break
    else:
        return None
    exp = {'stdout': out, 'exit': code, 'stderr': err.decode('utf-8', 'replace')}
    if key:
        os.makedirs(args.cache, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=args.cache)
        with os.fdopen(fd, 'w') as f:
            json.dump({'stdout': base64.b64encode(out).decode(), 'exit': code,
                       'stderr': exp['stderr']}, f)
        os.replace(tmp, os.path.join(args.cache, key + '.json'))
    return exp


def short_diff(expected, actual, limit=12):
    exp = expected.decode('utf-8', 'replace').splitlines()
    act = actual.decode('utf-8', 'replace').splitlines()
    diff = list(difflib.unified_diff(exp, act, 'expected', 'baton', lineterm='', n=1))
    if len(diff) > limit:
        diff = diff[:limit] + ['    ... (%d more diff lines)' % (len(diff) - limit)]
    return '\n'.join('    ' + l for l in diff)


def missing_lines(text, wanted):
    """The first of wanted that is not part of a line of text after the
    lines the ones before it matched, or None if all are there in order."""
    lines = text.splitlines()
    i = 0
    for w in wanted:
        while i < len(lines) and w not in lines[i]:
            i += 1
        if i == len(lines):
            return w
        i += 1
    return None


_asan = {}


def baton_has_asan(binary):
    """Is the binary built with AddressSanitizer (memoised)?"""
    if binary not in _asan:
        try:
            with open(binary, 'rb') as f:
                _asan[binary] = b'__asan_init' in f.read()
        except OSError:
            _asan[binary] = False
    return _asan[binary]


def check(path, args):
    """Returns (status, message): status is 'pass', 'fail' or 'skip'."""
    with open(path, 'rb') as f:
        first = f.readline()
    if b'baton: skip' in first or (args.light and b'baton: heavy' in first):
        return 'skip', ''
    if b'baton: no-asan' in first and baton_has_asan(args.baton_cmd[0]):
        return 'skip', ''
    base = os.path.splitext(path)[0]
    folder = os.path.dirname(path)
    exp_file, json_file = base + '.exp', base + '.expect.json'
    want = {}
    compare_err = True
    if os.path.exists(exp_file) or os.path.exists(json_file):
        compare_err = False
        if os.path.exists(exp_file):
            with open(exp_file, 'rb') as f:
                want['stdout'] = f.read()
            want['exit'] = 0
        if os.path.exists(json_file):
            with open(json_file) as f:
                j = json.load(f)
            if 'stdout' in j:
                want['stdout'] = j['stdout'].encode()
            for k in ('exit', 'stderr_last', 'lines', 'stderr_lines'):
                if k in j:
                    want[k] = j[k]
    else:
        exp = expected_from_python(path, args)
        if exp is None:
            return 'reference', ('python3 timed out (%ss) twice on this test: its reference '
                                 'run cannot be trusted, give it a .exp' % args.timeout)
        want = {'stdout': exp['stdout'], 'exit': exp['exit']}
        if exp['exit'] != 0:
            want['stderr_last'] = last_line(exp['stderr'])
            want['lines'] = tb_lines(exp['stderr'], folder)
        if b'compare: stderr' in first:
            want['stderr'] = exp['stderr']
    env = {'ASAN_OPTIONS': 'detect_leaks=0:detect_stack_use_after_return=0',
           'UBSAN_OPTIONS': 'halt_on_error=1:print_stacktrace=1'}
    out, err, code, secs, leftover = run(args.baton_cmd, path, args.timeout, env)
    errs = err.decode('utf-8', 'replace')
    problems = []
    if code is None:
        problems.append('timed out after %ss' % args.timeout)
    elif code < 0:
        problems.append('killed by signal %d' % -code)
    if 'AddressSanitizer' in errs or 'runtime error:' in errs or 'LeakSanitizer' in errs:
        problems.append('sanitizer report:\n' + '\n'.join(
            '    ' + l for l in errs.splitlines()[:15]))
    if leftover:
        problems.append('left processes running after it exited')
    if 'stdout' in want and out != want['stdout']:
        problems.append('stdout differs:\n' + short_diff(want['stdout'], out))
    if code is not None and 'exit' in want and code != want['exit']:
        problems.append('exit code %s, expected %s' % (code, want['exit']))
    if code is not None and code != 0 or not compare_err:
        if 'stderr_last' in want and last_line(errs) != want['stderr_last']:
            problems.append('last stderr line %r, expected %r' % (
                last_line(errs), want['stderr_last']))
        if 'lines' in want and tb_lines(errs, folder) != want['lines']:
            problems.append('traceback lines %s, expected %s' % (
                tb_lines(errs, folder), want['lines']))
        if 'stderr_lines' in want:
            missing = missing_lines(errs, want['stderr_lines'])
            if missing is not None:
                problems.append('stderr has no line with %r (in order)' % missing)
    if code is not None and 'stderr' in want and errs != want['stderr']:
        problems.append('stderr differs:\n' + short_diff(want['stderr'].encode(), err))
    if problems and args.verbose and errs and 'sanitizer' not in problems[0]:
        problems.append('stderr:\n' + '\n'.join('    ' + l for l in errs.splitlines()[-8:]))
    if problems:
        return 'fail', '\n  '.join(problems)
    return 'pass', '%.2fs' % secs


def leftovers():
    """Pids of processes whose environment carries this run's marker."""
    found = []
    needle = ('%s=%s' % (MARKER, RUN_ID)).encode()
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open('/proc/%s/environ' % pid, 'rb') as f:
                if needle in f.read().split(b'\0'):
                    found.append(int(pid))
        except OSError:
            pass
    return found


def main():
    global TESTS
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('areas', nargs='*', help='test folders under tests/ (default: all)')
    ap.add_argument('--baton', default=None, help='the baton binary (default build/normal/baton)')
    ap.add_argument('--python', default='python3', help='the reference interpreter')
    ap.add_argument('-j', type=int, default=os.cpu_count() or 2, help='parallel jobs')
    ap.add_argument('--filter', default='', help='only tests whose path contains this')
    ap.add_argument('--timeout', type=float, default=30.0, help='seconds per test')
    ap.add_argument('--cache', default=None, help="folder caching python3's outputs")
    ap.add_argument('--tests', default=TESTS, help='the tests folder (default tests/)')
    ap.add_argument('--repeat', type=int, default=1,
                    help='run each test this many times (each run counts; for races)')
    ap.add_argument('--light', action='store_true',
                    help="skip tests marked 'baton: heavy' (for the stress build)")
    ap.add_argument('-v', '--verbose', action='store_true', help='print every test')
    args = ap.parse_args()
    TESTS = os.path.abspath(args.tests)
    baton = args.baton or os.path.join(ROOT, 'build', 'normal', 'baton')
    if os.sep in baton:
        baton = os.path.abspath(baton)
    args.baton_cmd = [baton]

    tests = discover(args.areas, args.filter) * max(1, args.repeat)
    counts = {'pass': 0, 'fail': 0, 'skip': 0, 'reference': 0}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        futures = {pool.submit(check, t, args): i for i, t in enumerate(tests)}
        results = {}
        for fut in concurrent.futures.as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except Exception as e:  # a runner bug must not hide other results
                results[i] = ('fail', 'runner error: %r' % e)
    for i, t in enumerate(tests):
        status, msg = results[i]
        counts[status] += 1
        name = os.path.relpath(t, TESTS)
        if status == 'fail':
            print('FAIL %s: %s' % (name, msg))
        elif status == 'reference':
            print('REFERENCE FAILED %s: %s' % (name, msg))
        elif args.verbose:
            print('%s %s %s' % ('ok  ' if status == 'pass' else 'skip', name, msg))
    stray = leftovers()
    if stray:
        for pid in stray:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        print('FAIL processes left running after the suite: %s' % stray)
        counts['fail'] += 1
    if counts['reference']:
        # Not baton's failures, but the run cannot pass without them.
        print('%d reference runs failed (python3, not baton: see REFERENCE FAILED above)'
              % counts['reference'])
    summary = '%d passed, %d failed' % (counts['pass'], counts['fail'] + counts['reference'])
    if counts['skip']:
        summary += ', %d skipped' % counts['skip']
    print(summary)
    sys.stdout.flush()
    return 1 if counts['fail'] or counts['reference'] else 0


if __name__ == '__main__':
    sys.exit(main())
