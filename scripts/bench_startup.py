#!/usr/bin/env python3
"""Start-up and import times, baton against python3, with the bytecode
cache cold and warm.

Rows: `-c pass`, `-S -c pass`, and `-c "import json, logging, dataclasses,
re, argparse, enum, typing"` (issue 13's goal) with a warm cache and a cold
one.  Cold for baton: its cache files of every module the command imports
(and of the lib/ modules under ~/.cache/baton/frozen) are deleted before
each run, so each run compiles and writes them.  Cold for python3: a fresh
PYTHONPYCACHEPREFIX each run (the installed .pyc files are left alone).
The runs alternate between the rows, N rounds (--rounds); each row gives
the minimum and median of wall time and of CPU time (user + sys, from
wait4), and peak RSS from /usr/bin/time when it exists.  The CPU figures
are the ones to compare on a shared machine: wall time also counts the
time spent waiting for a core.  PYTHONDONTWRITEBYTECODE is removed from
the environment of every run.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMPORTS = 'import json, logging, dataclasses, re, argparse, enum, typing'


def once(cmd, env):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    if status:
        raise RuntimeError('%s exited with status %d' % (' '.join(cmd), status))
    return time.perf_counter() - t0, ru.ru_utime + ru.ru_stime


def peak_rss(cmd, env):
    if not os.path.exists('/usr/bin/time'):
        return None
    p = subprocess.run(['/usr/bin/time', '-f', '%M'] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, env=env)
    return int(p.stderr.split()[-1]) / 1024


def baton_cache_files(baton, env):
    """The cache files of what IMPORTS loads, as baton names them."""
    code = (IMPORTS + '\nimport sys\nfor m in list(sys.modules.values()):\n'
            '    c = getattr(m, "__cached__", None)\n    if c: print(c)\n')
    out = subprocess.run([baton, '-c', code], stdout=subprocess.PIPE, text=True, env=env).stdout
    files = [os.path.abspath(l) for l in out.split()]
    home = env.get('HOME')
    if home:
        files += glob.glob(os.path.join(home, '.cache', 'baton', 'frozen', '*.pyc'))
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--baton', default=os.path.join(ROOT, 'build', 'normal', 'baton'))
    ap.add_argument('--python', default='python3')
    ap.add_argument('--rounds', '-n', type=int, default=20)
    ap.add_argument('--markdown', action='store_true')
    args = ap.parse_args()
    baton = os.path.abspath(args.baton)
    # a pyenv shim is a shell script: time CPython itself, not the shim
    real = subprocess.run([args.python, '-c', 'import sys; print(sys.executable)'],
                          stdout=subprocess.PIPE, text=True).stdout.strip()
    if real:
        args.python = real
    env = dict(os.environ)
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    env.pop('PYTHONPYCACHEPREFIX', None)
    once([baton, '-c', IMPORTS], env)  # warm both caches
    once([args.python, '-c', IMPORTS], env)
    stale = baton_cache_files(baton, env)
    tmp = tempfile.mkdtemp(prefix='bench_startup_')
    counter = [0]

    def cold_baton():
        for f in stale:
            try:
                os.unlink(f)
            except FileNotFoundError:
                pass
        return env

    def cold_python():
        counter[0] += 1
        return dict(env, PYTHONPYCACHEPREFIX=os.path.join(tmp, str(counter[0])))

    rows = [
        ('`-c pass`', [baton, '-c', 'pass'], [args.python, '-c', 'pass'], None, None),
        ('`-S -c pass`', [baton, '-S', '-c', 'pass'], [args.python, '-S', '-c', 'pass'], None, None),
        ('imports, warm cache', [baton, '-c', IMPORTS], [args.python, '-c', IMPORTS], None, None),
        ('imports, cold cache', [baton, '-c', IMPORTS], [args.python, '-c', IMPORTS],
         cold_baton, cold_python),
    ]
    results = {(r[0], who): [] for r in rows for who in ('baton', 'python3')}
    try:
        for _ in range(args.rounds):
            for name, cb, cp, envb, envp in rows:
                results[name, 'baton'].append(once(cb, envb() if envb else env))
                results[name, 'python3'].append(once(cp, envp() if envp else env))
        rss = {(r[0], 'baton'): peak_rss(r[1], env) for r in rows[:3]}
        rss.update({(r[0], 'python3'): peak_rss(r[2], env) for r in rows[:3]})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        once([baton, '-c', IMPORTS], env)  # leave the cache warm

    def stats(xs, k):
        v = sorted(x[k] * 1e3 for x in xs)
        return v[0], v[len(v) // 2]

    if args.markdown:
        print('| command | interpreter | CPU min (ms) | CPU median (ms) | wall min (ms) | wall median (ms) | peak RSS (MiB) |')
        print('| --- | --- | ---: | ---: | ---: | ---: | ---: |')
    for name, *_ in rows:
        for who in ('baton', 'python3'):
            cmin, cmed = stats(results[name, who], 1)
            wmin, wmed = stats(results[name, who], 0)
            r = rss.get((name, who))
            rs = '%.1f' % r if r else '-'
            if args.markdown:
                print('| %s | %s | %.1f | %.1f | %.1f | %.1f | %s |' % (name, who, cmin, cmed, wmin, wmed, rs))
            else:
                print('%-22s %-8s cpu min %6.1f med %6.1f ms   wall min %6.1f med %6.1f ms   rss %s MiB' %
                      (name.strip('`'), who, cmin, cmed, wmin, wmed, rs))
    return 0


if __name__ == '__main__':
    sys.exit(main())
