#!/usr/bin/env python3
"""Time baton against python3 (and lua5.4 when installed) on tests/bench/.

Each benchmark runs with every interpreter in the same run, best of N
(--repeat, default 3); baton's output must equal python3's (the programs
print a checksum) or the row is marked WRONG.  The ratio column is
python3's time divided by baton's: above 1 means baton is faster.  Then
start-up: wall time of `-c pass` (mean of 20) and peak RSS.
--markdown prints the tables in the form docs/perf.md uses.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, 'tests', 'bench')


def run(cmd, cwd):
    """(seconds, stdout, peak RSS in KiB of this child) or raises."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError('%s exited %d: %s' % (' '.join(cmd), p.returncode,
                                                  p.stderr.decode(errors='replace')[-300:]))
    # ru_maxrss of children is a running maximum; run_rss measures alone.
    return dt, p.stdout, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def best_of(cmd, cwd, n):
    best, out = None, None
    for _ in range(n):
        dt, out, _ = run(cmd, cwd)
        best = dt if best is None else min(best, dt)
    return best, out


def peak_rss(cmd):
    """Peak RSS (KiB) of one run of cmd, measured with /usr/bin/time -v when
    available, else from a fresh helper process's RUSAGE_CHILDREN."""
    if os.path.exists('/usr/bin/time'):
        p = subprocess.run(['/usr/bin/time', '-v'] + cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
        for line in p.stderr.splitlines():
            if 'Maximum resident set size' in line:
                return int(line.split(':')[1])
    code = ('import resource,subprocess,sys;subprocess.run(sys.argv[1:]);'
            'print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
    p = subprocess.run([sys.executable, '-c', code] + cmd, stdout=subprocess.PIPE, text=True)
    return int(p.stdout.split()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--baton', default=os.path.join(ROOT, 'build', 'normal', 'baton'))
    ap.add_argument('--python', default='python3')
    ap.add_argument('--lua', default='lua5.4')
    ap.add_argument('--repeat', '-n', type=int, default=3)
    ap.add_argument('--filter', default='')
    ap.add_argument('--markdown', action='store_true')
    args = ap.parse_args()
    baton = os.path.abspath(args.baton) if os.sep in args.baton else args.baton
    lua = shutil.which(args.lua)

    # A pyenv shim is a shell script: time CPython itself, not the shim.
    real = subprocess.run([args.python, '-c', 'import sys; print(sys.executable)'],
                          stdout=subprocess.PIPE, text=True).stdout.strip()
    if real:
        args.python = real

    names = sorted(f[:-3] for f in os.listdir(BENCH)
                   if f.endswith('.py') and not f.startswith(('_', 'gil_'))
                   and args.filter in f)
    rows = []
    bad = 0
    for name in names:
        py = os.path.join(BENCH, name + '.py')
        t_py, out_py = best_of([args.python, py], BENCH, args.repeat)
        try:
            t_b, out_b = best_of([baton, py], BENCH, args.repeat)
            note = '' if out_b == out_py else 'WRONG OUTPUT'
        except (RuntimeError, OSError) as e:
            t_b, note = None, 'FAILED: %s' % str(e).splitlines()[0][:60]
        if note:
            bad += 1
        t_lua = None
        lua_file = os.path.join(BENCH, name + '.lua')
        if lua and os.path.exists(lua_file):
            try:
                t_lua, _ = best_of([lua, lua_file], BENCH, args.repeat)
            except (RuntimeError, OSError):
                t_lua = None
        rows.append((name, t_b, t_py, t_lua, note))
        if not args.markdown:
            print('.', end='', file=sys.stderr, flush=True)
    if not args.markdown:
        print(file=sys.stderr)

    def fmt(t):
        return '%.3f' % t if t is not None else '-'

    def ratio(a, b):
        return '%.2fx' % (a / b) if a and b else '-'

    # start-up time and memory
    n = 20
    t_start_b = sum(run([baton, '-c', 'pass'], ROOT)[0] for _ in range(n)) / n
    t_start_py = sum(run([args.python, '-c', 'pass'], ROOT)[0] for _ in range(n)) / n
    rss_b = peak_rss([baton, '-c', 'pass'])
    rss_py = peak_rss([args.python, '-c', 'pass'])

    if args.markdown:
        print('| benchmark | baton (s) | python3 (s) | python3/baton |%s' %
              (' lua5.4 (s) |' if lua else ''))
        print('| --- | ---: | ---: | ---: |%s' % (' ---: |' if lua else ''))
        for name, t_b, t_py, t_lua, note in rows:
            print('| %s | %s | %s | %s%s |%s' % (
                name, fmt(t_b), fmt(t_py), ratio(t_py, t_b),
                (' ' + note) if note else '', (' %s |' % fmt(t_lua)) if lua else ''))
        print()
        print('| start-up (`-c pass`) | baton | python3 |')
        print('| --- | ---: | ---: |')
        print('| wall time, mean of %d (ms) | %.1f | %.1f |' % (n, t_start_b * 1e3, t_start_py * 1e3))
        print('| peak RSS (MiB) | %.1f | %.1f |' % (rss_b / 1024, rss_py / 1024))
    else:
        head = '%-16s %10s %10s %14s' % ('benchmark', 'baton', 'python3', 'python3/baton')
        if lua:
            head += ' %10s' % 'lua5.4'
        print(head)
        for name, t_b, t_py, t_lua, note in rows:
            line = '%-16s %10s %10s %14s' % (name, fmt(t_b), fmt(t_py), ratio(t_py, t_b))
            if lua:
                line += ' %10s' % fmt(t_lua)
            print(line + ('  ' + note if note else ''))
        print('start-up (-c pass): baton %.1f ms, python3 %.1f ms (mean of %d)' %
              (t_start_b * 1e3, t_start_py * 1e3, n))
        print('peak RSS (-c pass): baton %.1f MiB, python3 %.1f MiB' %
              (rss_b / 1024, rss_py / 1024))
    gil_section(args, baton)
    return 1 if bad else 0


# The GIL benchmarks measure themselves (their output is timings, not a
# checksum): run each once per interpreter and show what they printed.
GIL_BENCH = [
    ('gil_cpu', 'threads_over_sequential',
     '2 CPU-bound threads / sequential (target 0.95-1.15)'),
    ('gil_io', 'threaded_over_serial',
     '10 sleeping threads / serial (target about 0.1)'),
    ('gil_convoy', 'slowdown',
     'convoy: I/O thread beside a CPU thread / alone (CPython ~25x)'),
    ('gil_tax', 'tax_percent',
     'GIL tax: loop with a blocked thread, % slower (target <= 3)'),
]


def metrics(cmd):
    out = subprocess.run(cmd, cwd=BENCH, stdout=subprocess.PIPE, text=True, check=True).stdout
    return dict(line.split() for line in out.splitlines() if len(line.split()) == 2)


def gil_section(args, baton):
    rows = []
    for name, key, what in GIL_BENCH:
        if args.filter and args.filter not in name:
            continue
        py = os.path.join(BENCH, name + '.py')
        try:
            mb = metrics([baton, py])
            mp = metrics([args.python, py])
        except (subprocess.CalledProcessError, OSError) as e:
            rows.append((what, 'FAILED', str(e)[:40], ''))
            continue
        detail = ', '.join('%s %s' % kv for kv in mb.items() if kv[0] != key)
        rows.append((what, mb.get(key, '-'), mp.get(key, '-'), detail))
    if not rows:
        return
    if args.markdown:
        print()
        print('| GIL benchmark | baton | python3 | baton details |')
        print('| --- | ---: | ---: | --- |')
        for what, b, p, d in rows:
            print('| %s | %s | %s | %s |' % (what, b, p, d))
    else:
        print()
        for what, b, p, d in rows:
            print('%-62s baton %-7s python3 %-7s (%s)' % (what, b, p, d))


if __name__ == '__main__':
    sys.exit(main())
