# The bytecode cache as importlib shows it: __cached__ and spec.cached name
# the file cache_from_source gives, the file is written on the first import
# and reused (not rewritten) by the next, a changed source is recompiled,
# -B and PYTHONDONTWRITEBYTECODE write nothing, and a traceback through a
# module loaded from its cache still shows the source line and carets.
import os
import shutil
from _run import run

HERE = os.path.dirname(os.path.abspath(__file__))
TMP = os.path.join(HERE, "_tmp_pycache")
shutil.rmtree(TMP, ignore_errors=True)
os.mkdir(TMP)
WRITE = {"PYTHONDONTWRITEBYTECODE": None}

SRC = "X = %d\ndef f(a):\n    return a[0] + 1 / a[1]\n"
with open(os.path.join(TMP, "mod.py"), "w") as fh:
    fh.write(SRC % 1)

SHOW = ("import mod, importlib.util, os; "
        "print(mod.X, mod.__cached__ == importlib.util.cache_from_source(mod.__file__), "
        "mod.__spec__.cached == mod.__cached__, os.path.exists(mod.__cached__), "
        "os.path.basename(os.path.dirname(mod.__cached__)))")


def show(args, env=WRITE):
    rc, out, err = run(args, env=env, cwd=TMP)
    print(rc, out.strip(), err.strip().splitlines()[-1:] if rc else "")


def cache_of(name):
    d = os.path.join(TMP, "__pycache__")
    files = [f for f in os.listdir(d) if f.startswith(name + ".")] if os.path.isdir(d) else []
    return os.path.join(d, files[0]) if files else None


show(["-c", SHOW])
first = os.stat(cache_of("mod")).st_mtime_ns
show(["-c", SHOW])
print("reused:", os.stat(cache_of("mod")).st_mtime_ns == first)

# a different size, then the same size with a later mtime: recompiled
with open(os.path.join(TMP, "mod.py"), "w") as fh:
    fh.write(SRC % 22)
show(["-c", SHOW])
with open(os.path.join(TMP, "mod.py"), "w") as fh:
    fh.write(SRC % 33)
st = os.stat(os.path.join(TMP, "mod.py"))
os.utime(os.path.join(TMP, "mod.py"), ns=(st.st_atime_ns, st.st_mtime_ns + 5 * 10**9))
show(["-c", SHOW])
second = os.stat(cache_of("mod")).st_mtime_ns
show(["-c", SHOW])
print("reused again:", os.stat(cache_of("mod")).st_mtime_ns == second)

# a traceback through the cached module: source line and carets
rc, out, err = run(["-c", "import mod; mod.f([1, 0])"], env=WRITE, cwd=TMP)
print(rc, [l for l in err.splitlines() if not l.startswith("  File")])

# nothing written under -B, PYTHONDONTWRITEBYTECODE or sys.dont_write_bytecode
for name, args, env in [("b1", ["-B"], WRITE), ("b2", [], {"PYTHONDONTWRITEBYTECODE": "1"}),
                        ("b3", ["-c", "import sys; sys.dont_write_bytecode = True; import b3"], WRITE)]:
    with open(os.path.join(TMP, name + ".py"), "w") as fh:
        fh.write("print('%s ran')\n" % name)
    show(args if name == "b3" else args + ["-c", "import " + name], env)
    print(name, "cache written:", cache_of(name) is not None)
# -B still reads a cache that exists
show(["-B", "-c", SHOW])
print("reused under -B:", os.stat(cache_of("mod")).st_mtime_ns == second)

shutil.rmtree(TMP)
