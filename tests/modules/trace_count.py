# python -m trace --count / --trace / --listfuncs on a script (sys.settrace
# with local trace functions, threading.settrace)
import os
import shutil
import subprocess
import sys
import tempfile

# the thread only under --count: --trace lines of two threads interleave
SCRIPT = '''import sys, threading
THREAD = sys.argv[1:] == ['thread']
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

def gen():
    for i in range(3):
        yield i * 10

def unused():
    return 0

total = 0
for v in gen():
    total += v
if THREAD:
    t = threading.Thread(target=fact, args=(3,))
    t.start(); t.join()
print(total, fact(4), [x * 2 for x in range(3)])
'''

# in a folder of its own: other tests list this one's folder
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, '_tmp_trace_target.py')
cover = os.path.join(tmp, 'cover')
with open(path, 'w') as f:
    f.write(SCRIPT)
try:
    r = subprocess.run([sys.executable, '-m', 'trace', '--count', '-C', cover, '--missing', path, 'thread'],
                       capture_output=True, text=True, timeout=60)
    print(r.stdout, r.returncode)
    with open(os.path.join(cover, '_tmp_trace_target.cover')) as f:
        print(f.read())
    r = subprocess.run([sys.executable, '-m', 'trace', '--trace', path],
                       capture_output=True, text=True, timeout=60)
    lines = [l for l in r.stdout.split('\n') if '_tmp_trace_target' in l]
    print('\n'.join(lines))
    r = subprocess.run([sys.executable, '-m', 'trace', '--listfuncs', path],
                       capture_output=True, text=True, timeout=60)
    print('\n'.join(sorted(l.replace(tmp, 'TMP') for l in r.stdout.split('\n') if '_tmp_trace_target' in l)))
finally:
    os.remove(path)
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(cover, ignore_errors=True)
