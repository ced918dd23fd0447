# Every pure-Python module of CPython 3.11's standard library compiles
# (test suites and site-packages aside); a failure prints the file, the
# message and the line.
import os
root = '/usr/lib/python3.11'
skip_dirs = {'test', 'tests', 'site-packages', 'dist-packages', '__pycache__', 'idle_test'}
n = 0
fails = []
def walk(d):
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        if os.path.isdir(path):
            if name not in skip_dirs:
                yield from walk(path)
        elif name.endswith('.py'):
            yield path


for path in walk(root):
    if True:
        with open(path, 'rb') as fh:
            src = fh.read()
        try:
            compile(src, path, 'exec', dont_inherit=True)
            n += 1
        except SyntaxError as e:
            fails.append((path, e.msg, e.lineno))
print(n, 'compiled')
for x in fails:
    print(*x)
