# python -m pdb driven through stdin: stepping, breakpoints, up/down,
# return, jump, and a local changed from the prompt (sys.settrace, f_trace,
# f_lineno, f_locals written back)
import os
import shutil
import subprocess
import sys
import tempfile

SCRIPT = '''def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

def gen():
    for i in range(3):
        yield i * 10

total = 0
for v in gen():
    total += v
a = fact(4)
b = [x * 2 for x in range(3)]
print(total, a, b)
'''

SESSIONS = [
    'n\nn\np total\ns\nn\nl 1,4\nc\n',
    'b fact\nc\np n\nup\np n\ndown\nr\nretval\n!n = 7\np n\nclear 1\nb 12\nc\np total, v\n'
    'n\nn\nj 14\nn\np b\nc\nq\n',
    'b 13\nc\ns\nw 1\nuntil 4\ndisplay n\nn\nn\nq\n',
]

# in a folder of its own: other tests list this one's folder
tmp = tempfile.mkdtemp()
path = os.path.join(tmp, '_tmp_pdb_target.py')
with open(path, 'w') as f:
    f.write(SCRIPT)
try:
    for cmds in SESSIONS:
        r = subprocess.run([sys.executable, '-m', 'pdb', path], input=cmds,
                           capture_output=True, text=True, timeout=60)
        out = r.stdout.replace(os.path.abspath(path), 'TARGET')
        # frames of bdb itself differ between installations
        out = '\n'.join(l for l in out.split('\n') if 'bdb.py' not in l and 'exec(cmd' not in l)
        print(out)
        print('status', r.returncode)
finally:
    os.remove(path)
    shutil.rmtree(tmp, ignore_errors=True)
