# The modules the interpreter imports at start-up (site's exit, help,
# credits: _sitebuiltins, os, ...) come from the library even when the
# script's folder has a file of the same name, as in CPython; the script's
# own imports still find its folder first.
import os
import sys

d = os.path.abspath("_tmp_shadow")
os.makedirs(d, exist_ok=True)
try:
    with open(os.path.join(d, "os.py"), "w") as f:
        f.write("print('the folder os.py ran')\ngetcwd = None\n")
    with open(os.path.join(d, "main.py"), "w") as f:
        f.write("import sys\nprint('os' in sys.modules and sys.modules['os'].getcwd is not None)\n"
                "print(type(exit).__name__)\n")
    out = os.path.join(d, "out.txt")
    for cmd in ("main.py", "-c 'import os; print(os.getcwd is None)'"):
        st = os.system("cd %s && %s %s > out.txt" % (d, sys.executable, cmd))
        with open(out) as f:
            print(st, f.read().split("\n"))
finally:
    for n in ("os.py", "main.py", "out.txt"):
        if os.path.exists(os.path.join(d, n)):
            os.remove(os.path.join(d, n))
    os.rmdir(d)
