#!/usr/bin/env python3
"""Time baton against python3 (and pypy3, lua5.4 when installed) on tests/bench/.

Each benchmark runs with every interpreter in the same run, best of N
(--repeat, default 3; --cpu times user+sys CPU seconds instead of wall
time); baton's output must equal python3's (the programs print a
checksum) or the row is marked WRONG.  The ratio column is
python3's time divided by baton's: above 1 means baton is faster.  Then
start-up: wall time of `-c pass` (mean of 20) and peak RSS.
The pp_*.py programs are pyperformance's (their headers say what changed):
the real-program set, whose geometric mean of python3/baton is printed
after the table (rows that FAILED or are WRONG are left out of it, and
the line says how many).
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


CPU_TIME = False  # --cpu: user+sys CPU seconds of the child instead of wall time


def run(cmd, cwd):
    """(seconds, stdout, peak RSS in KiB of this child) or raises."""
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = ru0.ru_maxrss
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if CPU_TIME:
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        dt = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
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
    ap.add_argument('--pypy', default='pypy3')
    ap.add_argument('--repeat', '-n', type=int, default=3)
    ap.add_argument('--filter', default='')
    ap.add_argument('--markdown', action='store_true')
    ap.add_argument('--cpu', action='store_true',
                    help='time user+sys CPU seconds instead of wall time (steadier on a busy machine)')
    args = ap.parse_args()
    global CPU_TIME
    CPU_TIME = args.cpu
    baton = os.path.abspath(args.baton) if os.sep in args.baton else args.baton
    lua = shutil.which(args.lua)
    pypy = shutil.which(args.pypy)

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
        t_pypy = None
        if pypy and name.startswith('pp_'):
            try:
                t_pypy, out_pypy = best_of([pypy, py], BENCH, args.repeat)
                if out_pypy != out_py:
                    t_pypy = None
            except (RuntimeError, OSError):
                t_pypy = None
        rows.append((name, t_b, t_py, t_lua, note, t_pypy))
        if not args.markdown:
            print('.', end='', file=sys.stderr, flush=True)
    if not args.markdown:
        print(file=sys.stderr)

    def fmt(t):
        return '%.3f' % t if t is not None else '-'

    def ratio(a, b):
        return '%.2fx' % (a / b) if a and b else '-'

    # geometric mean of python3/baton over the real programs (pp_*)
    real = [r for r in rows if r[0].startswith('pp_')]
    good = [r for r in real if r[1] and r[2] and not r[4]]
    geo = None
    if good:
        prod = 1.0
        for r in good:
            prod *= r[2] / r[1]
        geo = prod ** (1.0 / len(good))
    if real:
        geo_line = ('geometric mean of python3/baton over the real programs (pp_*): '
                    '%s (%d of %d programs%s)' % (
                        '%.2fx' % geo if geo else '-', len(good), len(real),
                        '; left out: ' + ', '.join(r[0] for r in real if r not in good)
                        if len(good) < len(real) else ''))

    # start-up time and memory
    n = 20
    t_start_b = sum(run([baton, '-c', 'pass'], ROOT)[0] for _ in range(n)) / n
    t_start_py = sum(run([args.python, '-c', 'pass'], ROOT)[0] for _ in range(n)) / n
    rss_b = peak_rss([baton, '-c', 'pass'])
    rss_py = peak_rss([args.python, '-c', 'pass'])

    if args.markdown:
        print('| benchmark | baton (s) | python3 (s) | python3/baton |%s%s' %
              (' pypy3 (s) | python3/pypy3 |' if pypy else '', ' lua5.4 (s) |' if lua else ''))
        print('| --- | ---: | ---: | ---: |%s%s' % (' ---: | ---: |' if pypy else '',
                                               ' ---: |' if lua else ''))
        for name, t_b, t_py, t_lua, note, t_pypy in rows:
            print('| %s | %s | %s | %s%s |%s%s' % (
                name, fmt(t_b), fmt(t_py), ratio(t_py, t_b),
                (' ' + note) if note else '',
                (' %s | %s |' % (fmt(t_pypy), ratio(t_py, t_pypy))) if pypy else '',
                (' %s |' % fmt(t_lua)) if lua else ''))
        if real:
            print()
            print(geo_line[0].upper() + geo_line[1:] + '.')
        print()
        print('| start-up (`-c pass`) | baton | python3 |')
        print('| --- | ---: | ---: |')
        print('| wall time, mean of %d (ms) | %.1f | %.1f |' % (n, t_start_b * 1e3, t_start_py * 1e3))
        print('| peak RSS (MiB) | %.1f | %.1f |' % (rss_b / 1024, rss_py / 1024))
    else:
        head = '%-22s %10s %10s %14s' % ('benchmark', 'baton', 'python3', 'python3/baton')
        if pypy:
            head += ' %10s %14s' % ('pypy3', 'python3/pypy3')
        if lua:
            head += ' %10s' % 'lua5.4'
        print(head)
        for name, t_b, t_py, t_lua, note, t_pypy in rows:
            line = '%-22s %10s %10s %14s' % (name, fmt(t_b), fmt(t_py), ratio(t_py, t_b))
            if pypy:
                line += ' %10s %14s' % (fmt(t_pypy), ratio(t_py, t_pypy))
            if lua:
                line += ' %10s' % fmt(t_lua)
            print(line + ('  ' + note if note else ''))
        if real:
            print(geo_line)
        print('start-up (-c pass): baton %.1f ms, python3 %.1f ms (mean of %d)' %
              (t_start_b * 1e3, t_start_py * 1e3, n))
        print('peak RSS (-c pass): baton %.1f MiB, python3 %.1f MiB' %
              (rss_b / 1024, rss_py / 1024))
    gil_section(args, baton)
    return 1 if bad else 0


# The GIL benchmarks measure themselves (their output is timings, not a
# checksum): run each once per interpreter, and on baton once per GIL
# policy (--gil=new, old, fair), and show what they printed.
GIL_BENCH = [
    ('gil_cpu', 'threads_over_sequential',
     '2 CPU-bound threads / sequential (target 0.95-1.15; old: slower)'),
    ('gil_share', 'share_spread',
     '4 CPU-bound threads, % of the GIL each over 2 s (fair: 25 +- 3)'),
    ('gil_convoy', 'slowdown_1ms',
     'convoy.py: 20 x 1 ms sleeps beside a CPU thread / alone (fair <= 1.5)'),
    ('gil_convoy', 'slowdown',
     'convoy: 200 x 0.1 ms sleeps beside a CPU thread / alone'),
    ('gil_io', 'threaded_over_serial',
     '10 sleeping threads / serial (target about 0.1)'),
    ('gil_tax', 'tax_percent',
     'GIL tax: loop with a blocked thread, % slower (target <= 3)'),
]
POLICIES = ('new', 'old', 'fair')


def metrics(cmd):
    out = subprocess.run(cmd, cwd=BENCH, stdout=subprocess.PIPE, text=True, check=True).stdout
    return dict(line.split() for line in out.splitlines() if len(line.split()) == 2)


def gil_section(args, baton):
    rows = []
    runs = {}  # one run per (benchmark, interpreter): rows share them

    def get(name, who):
        if (name, who) not in runs:
            py = os.path.join(BENCH, name + '.py')
            cmd = [args.python, py] if who == 'python3' else [baton, '--gil=' + who, py]
            try:
                runs[name, who] = metrics(cmd)
            except (subprocess.CalledProcessError, OSError) as e:
                runs[name, who] = {'error': str(e)[:40]}
        return runs[name, who]

    for name, key, what in GIL_BENCH:
        if args.filter and args.filter not in name:
            continue
        cells = [get(name, p).get(key, 'FAILED') for p in POLICIES]
        details = []
        for p in POLICIES:
            extra = ', '.join('%s %s' % kv for kv in get(name, p).items()
                              if kv[0] != key and kv[0] in ('false_alarms_per_s', 'ratio_range'))
            if extra:
                details.append('%s: %s' % (p, extra))
        rows.append((what, cells, get(name, 'python3').get(key, '-'), '; '.join(details)))
        if not args.markdown:
            print('.', end='', file=sys.stderr, flush=True)
    if not rows:
        return
    if args.markdown:
        print()
        print('| GIL benchmark | baton new | baton old | baton fair | python3 | details |')
        print('| --- | ---: | ---: | ---: | ---: | --- |')
        for what, cells, p, d in rows:
            print('| %s | %s | %s | %s |' % (what, ' | '.join(cells), p, d))
    else:
        print(file=sys.stderr)
        print('%-72s %9s %9s %9s %9s' % ('GIL benchmark', 'new', 'old', 'fair', 'python3'))
        for what, cells, p, d in rows:
            print('%-72s %9s %9s %9s %9s%s' % (what, cells[0], cells[1], cells[2], p,
                                               ('   (%s)' % d) if d else ''))


if __name__ == '__main__':
    sys.exit(main())
