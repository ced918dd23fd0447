#!/usr/bin/env python3
"""Mutation fuzzer: baton must never crash, whatever the input.

Takes the test scripts (tests/**/*.py), mutates them with a seeded RNG
(delete, duplicate or swap lines, insert tokens, brackets, quotes or
indentation, truncate at a random byte, sprinkle random bytes including
NUL and invalid UTF-8) and runs each result under baton with a timeout.
A run passes if baton exits with a status (0 or 1, or any status when the
script mentions exit, or 2 after a deadlock report) and stderr has no sanitizer report; it fails if baton
dies by a signal, reports an internal error, or a sanitizer complains.  A
timeout counts as a pass (mutations make infinite loops) and the process
group is killed.  Failing inputs are saved (--save) for reproduction:
`baton SAVED.py` replays one.  Ends with `N passed, N failed`.

Case i of a run is a function of (seed, i) and the corpus alone, so a
failure can be replayed from its FAIL line: `scripts/fuzz.py --seed S
--case I`.  Without --seed (or FUZZ_SEED in the environment) the seed is
taken from the clock, so each run explores new cases; it is printed first.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_DIRS = {'bench', 'unit', 'repl'}

TOKENS = [
    '(', ')', '[', ']', '{', '}', ':', ',', '.', ';', '"', "'", '"""', "'''",
    '\\', '\t', '    ', '\n', '\n    ', '#', '*', '**', '=', '==', ':=', '->',
    '@', '+', '-', '/', '//', '%', '<<', '~', 'not ', ' and ', ' or ', ' is ',
    ' in ', 'lambda: ', 'lambda x: x', 'yield ', 'yield from ', 'await ',
    'async ', 'def f(', 'class C(', 'for x in ', 'while ', 'if ', 'elif ',
    'else:', 'try:', 'except:', 'except Exception as e:', 'finally:',
    'with ', 'return ', 'break', 'continue', 'pass', 'del ', 'global x',
    'nonlocal x', 'import ', 'from . import x', 'raise ', 'assert ',
    'None', 'True', '0', '-1', '1e999', '0x', '1_', '9' * 40, '2**64',
    '3.14', '1j', '"\\N{', '"\\x', 'f"{', 'f"{x!r:>{w}}"', '}"', 'b"',
    'r"\\', '[x for x in range(3)]', '{**d}', '*a', 'x[::-1]', 'x[1:2:0]',
    'super()', '__class__', 'self', 'print(', 'len(', 'range(', 'str(',
    'int(', 'list(', 'dict(', 'iter(', 'next(', 'type(', 'getattr(',
    'isinstance(', 'sorted(', 'exec(', 'eval(', '().__class__.__bases__[0]',
    '\x00', '\xff', '\u00e9', '\U0001f600',
]

CORPUS_FALLBACK = [
    'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(15))\n',
    'class A:\n    def __init__(self, x):\n        self.x = x\n    def __repr__(self):\n'
    '        return f"A({self.x!r})"\nprint([A(i) for i in range(3)])\n',
    'd = {}\nfor w in "the quick brown fox the lazy dog".split():\n'
    '    d[w] = d.get(w, 0) + 1\nprint(sorted(d.items()))\n',
    'try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print("caught", e)\n'
    'finally:\n    print("done")\n',
    'def gen():\n    yield from range(3)\n    return 7\nprint(list(gen()))\n',
    's = "x" * 10\nprint(s[::2], s.upper(), "%5d|%-3s|" % (42, "a"), f"{3.5:08.3f}")\n',
]


def corpus():
    files = []
    tests = os.path.join(ROOT, 'tests')
    for dirpath, dirnames, filenames in os.walk(tests):
        dirnames[:] = sorted(d for d in dirnames
                             if not (dirpath == tests and d in SKIP_DIRS))
        for f in sorted(filenames):
            if f.endswith('.py'):
                with open(os.path.join(dirpath, f), 'rb') as fh:
                    files.append(fh.read())
    return files or [c.encode() for c in CORPUS_FALLBACK]


def mutate_once(rng, data):
    lines = data.split(b'\n')
    kind = rng.randrange(9)
    if kind == 0 and len(lines) > 1:                      # delete a line
        del lines[rng.randrange(len(lines))]
    elif kind == 1:                                       # duplicate a line
        i = rng.randrange(len(lines))
        lines.insert(rng.randrange(len(lines) + 1), lines[i])
    elif kind == 2 and len(lines) > 1:                    # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3:                                       # re-indent a line
        i = rng.randrange(len(lines))
        lines[i] = rng.choice([b'', b' ', b'    ', b'\t', b'        ']) + lines[i].lstrip()
    elif kind in (4, 5):                                  # insert a token
        pos = rng.randrange(len(data) + 1)
        return data[:pos] + rng.choice(TOKENS).encode('utf-8', 'surrogatepass') + data[pos:]
    elif kind == 6:                                       # truncate
        return data[:rng.randrange(len(data) + 1)]
    elif kind == 7:                                       # random bytes
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            b = rng.choice([0, 0xff, 0xc3, 0xe2, 0x80, 0xed, 0xf4, 0x0c, 0x0d,
                            rng.randrange(256)])
            out.insert(rng.randrange(len(out) + 1), b)
        return bytes(out)
    else:                                                 # delete a span
        if data:
            i = rng.randrange(len(data))
            return data[:i] + data[i + rng.randint(1, 20):]
    return b'\n'.join(lines)


def mutate(rng, data):
    for _ in range(rng.randint(1, 3)):
        data = mutate_once(rng, data)
    return data


def run_one(baton, data, timeout, workdir):
    """Returns None if fine, else a reason string."""
    path = os.path.join(workdir, 'fuzz_case.py')
    with open(path, 'wb') as f:
        f.write(data)
    env = dict(os.environ,
               ASAN_OPTIONS='detect_leaks=0:detect_stack_use_after_return=0',
               UBSAN_OPTIONS='halt_on_error=1:print_stacktrace=1')
    with tempfile.TemporaryFile(dir=workdir) as err:
        p = subprocess.Popen([baton, 'fuzz_case.py'], cwd=workdir, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=err, start_new_session=True)
        try:
            code = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            code = None
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if code is None:
            p.wait()
            return None
        err.seek(0, 2)
        size = err.tell()
        err.seek(max(0, size - 65536))
        tail = err.read().decode('utf-8', 'replace')
    if 'AddressSanitizer' in tail or 'runtime error:' in tail or 'LeakSanitizer' in tail:
        return 'sanitizer report: ' + next(
            (l for l in tail.splitlines() if 'Sanitizer' in l or 'runtime error' in l), '')
    if 'fatal internal error' in tail:
        return 'internal error: ' + tail.strip().splitlines()[-1][:200]
    if code == -signal.SIGINT:
        # an uncaught KeyboardInterrupt ends the process by SIGINT, as in
        # CPython (a mutated signal test can raise it outside its try)
        return None
    crash = (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGFPE, signal.SIGILL)
    if code < 0 and -code not in crash and (b'signal' in data or b'kill' in data):
        # a mutated signal test that sends itself a signal whose handler
        # it has reset to the default (SIGUSR1, SIGTERM...): CPython dies too
        return None
    if code < 0:
        return 'killed by signal %d' % -code
    if code == 2 and 'baton: deadlock:' in tail:
        # a mutated thread test whose threads all wait for each other:
        # the deadlock report and its documented status (docs/cli.md)
        return None
    if code not in (0, 1) and b'exit' not in data:
        return 'exit status %d' % code
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--baton', default=os.path.join(ROOT, 'build', 'normal', 'baton'))
    ap.add_argument('--seed', type=int, default=None,
                    help='default: $FUZZ_SEED, else the clock (printed)')
    ap.add_argument('--case', type=int, default=None,
                    help='run only case I of the seed (a replay)')
    ap.add_argument('--count', type=int, default=None, help='number of cases')
    ap.add_argument('--seconds', type=float, default=None, help='time budget')
    ap.add_argument('--timeout', type=float, default=5.0, help='seconds per case')
    ap.add_argument('-j', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--save', default=os.path.join(ROOT, 'build', 'fuzz-failures'),
                    help='folder for failing inputs')
    args = ap.parse_args()
    if args.seed is None:
        env = os.environ.get('FUZZ_SEED', '')
        args.seed = int(env) if env.strip() else int(time.time())
    print('seed %d (replay a case: scripts/fuzz.py --seed %d --case I)' % (args.seed, args.seed),
          flush=True)
    first = 0
    if args.case is not None:
        first, args.count, args.seconds, args.j = args.case, args.case + 1, None, 1
    elif args.count is None and args.seconds is None:
        args.count = 500
    baton = os.path.abspath(args.baton) if os.sep in args.baton else args.baton
    seeds = corpus()
    deadline = time.monotonic() + args.seconds if args.seconds else None
    lock = threading.Lock()
    counter = [first]
    results = {'pass': 0, 'fail': 0}

    def worker():
        workdir = tempfile.mkdtemp(prefix='baton-fuzz-')
        try:
            while True:
                with lock:
                    i = counter[0]
                    if args.count is not None and i >= args.count:
                        return
                    if deadline and time.monotonic() >= deadline:
                        return
                    counter[0] += 1
                # what the previous case wrote goes before the next one
                for f in os.listdir(workdir):
                    full = os.path.join(workdir, f)
                    if os.path.isdir(full):
                        shutil.rmtree(full, ignore_errors=True)
                    else:
                        try:
                            os.remove(full)
                        except OSError:
                            pass
                rng = random.Random(args.seed * 1000003 + i)
                data = mutate(rng, rng.choice(seeds))
                why = run_one(baton, data, args.timeout, workdir)
                with lock:
                    if why is None:
                        results['pass'] += 1
                        continue
                    results['fail'] += 1
                    os.makedirs(args.save, exist_ok=True)
                    name = os.path.join(args.save, 'seed%d-case%d.py' % (args.seed, i))
                    with open(name, 'wb') as f:
                        f.write(data)
                    print('FAIL seed %d case %d: %s (saved %s; replay: scripts/fuzz.py --seed %d '
                          '--case %d --baton %s)' % (args.seed, i, why, name, args.seed, i, args.baton),
                          flush=True)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        for f in [pool.submit(worker) for _ in range(max(1, args.j))]:
            f.result()
    print('%d passed, %d failed' % (results['pass'], results['fail']))
    return 1 if results['fail'] else 0


if __name__ == '__main__':
    sys.exit(main())
