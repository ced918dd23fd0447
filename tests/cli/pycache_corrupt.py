# baton's bytecode cache never trusts its file (expected output in
# pycache_corrupt.exp: the format is baton's own, CPython's .pyc files are
# not checked this way).  The cache of a module with constants of every
# kind is damaged in every way -- cut short at every length, each byte
# flipped in turn, a wrong magic, version, optimize level, mtime or size
# -- and each time the import must still give the right module, and the
# file must be rewritten as it was.  Then an unwritable __pycache__ (here:
# a plain file of that name) sends the cache to $HOME/.cache/baton.
import importlib.util
import os
import shutil
import sys
from _run import run

HERE = os.path.dirname(os.path.abspath(__file__))
TMP = os.path.join(HERE, "_tmp_pycache_corrupt")
shutil.rmtree(TMP, ignore_errors=True)
os.mkdir(TMP)
sys.path.insert(0, TMP)
sys.dont_write_bytecode = False

with open(os.path.join(TMP, "cmod.py"), "w") as fh:
    fh.write('''"""doc"""
BIG = 2 ** 100 - 7
NEG = -(2 ** 70)
CONSTS = (1.5, -0.0, 2j, b"by\\x00tes", "str\\u00e9\\U0001f600", None, True, ..., (1, (2, "x")))
def f(n, *args, k=3, **kw):
    total = 0
    for i in range(n):
        try:
            total += i * k if i in {1, 2, 3} else i
        except ZeroDivisionError as e:
            total = -1
    def inner(y):
        return total + y + len(kw)
    return inner(len(args))
class C:
    def m(self):
        return [x for x in "abc"], f(5, 1, k=2, z=1)
''')

import cmod
expect = (cmod.BIG, cmod.NEG, cmod.CONSTS, cmod.C().m(), cmod.__doc__)
path = cmod.__cached__
good = open(path, "rb").read()
print("cached:", os.path.relpath(path, TMP), len(good) > 56)


def check(bad):
    with open(path, "wb") as fh:
        fh.write(bad)
    ino = os.stat(path).st_ino
    del sys.modules["cmod"]
    import cmod
    got = (cmod.BIG, cmod.NEG, cmod.CONSTS, cmod.C().m(), cmod.__doc__)
    # a rewrite is a new file renamed over the old one: a new inode
    rewritten = os.stat(path).st_ino != ino
    with open(path, "rb") as fh:
        return got == expect and fh.read() == good and rewritten == (bad != good)


def put64(b, at, v):
    return b[:at] + (v % 2**64).to_bytes(8, "little") + b[at + 8:]


# every byte of the header, and positions spread over the payload (each
# check writes the file twice; all positions take too long on a slow disk)
where = sorted(set(range(64)) | set(range(64, len(good), max(1, len(good) // 60))) |
               {len(good) - 2, len(good) - 1})
print("positions:", len(where) > 100, "of", "all" if len(where) == len(good) else "some")
print("reloaded as is:", check(good))
print("truncated:", all(check(good[:n]) for n in where))
print("a byte flipped:", all(check(good[:i] + bytes([good[i] ^ 0xff]) + good[i + 1:])
                             for i in where))
print("a low bit flipped:", all(check(good[:i] + bytes([good[i] ^ 1]) + good[i + 1:])
                                for i in where))
print("wrong magic:", check(b"CPYTHON3" + good[8:]))
fields = ["version", "optimize", "mtime", "size", "payload size", "checksum"]
for k, name in enumerate(fields):
    at = 8 + 8 * k
    old = int.from_bytes(good[at:at + 8], "little")
    print("wrong %s:" % name, check(put64(good, at, old + 1)))
print("trailing byte:", check(good + b"\0"))
print("empty:", check(b""))

# __pycache__ cannot be made here: the cache goes under $HOME/.cache/baton
os.mkdir(os.path.join(TMP, "ro"))
with open(os.path.join(TMP, "ro", "__pycache__"), "w") as fh:
    fh.write("not a directory")
with open(os.path.join(TMP, "ro", "rmod.py"), "w") as fh:
    fh.write("print('rmod ran')\n")
home = os.path.join(TMP, "home")
os.mkdir(home)
prog = "import rmod, os; print(rmod.__cached__ == rmod.__spec__.cached, os.path.exists(rmod.__cached__))"
env = {"HOME": home, "PYTHONDONTWRITEBYTECODE": None}
for i in range(2):
    rc, out, err = run(["-c", prog], env=env, cwd=os.path.join(TMP, "ro"))
    print(rc, out.split(), err)
want = os.path.join(home, ".cache", "baton", os.path.realpath(os.path.join(TMP, "ro"))[1:],
                    "rmod." + sys.implementation.cache_tag + ".pyc")
print("under HOME:", os.path.isfile(want))
before = os.stat(want).st_mtime_ns
rc, out, err = run(["-c", "import rmod"], env=env, cwd=os.path.join(TMP, "ro"))
print("reused:", os.stat(want).st_mtime_ns == before, out.split())

# a __pycache__ that cannot be written and holds a stale file: the cache
# goes under $HOME too (run as nobody when root, who can write anywhere)
ro2 = os.path.join(TMP, "ro2")
os.mkdir(ro2)
with open(os.path.join(ro2, "smod.py"), "w") as fh:
    fh.write("V = 1\n")
sys.path.insert(0, ro2)
import smod
stale = smod.__cached__
with open(os.path.join(ro2, "smod.py"), "w") as fh:
    fh.write("V = 22\n")
home2 = os.path.join(TMP, "home2")
os.mkdir(home2)
root = os.getuid() == 0
if root:
    os.chown(home2, 65534, 65534)
else:
    os.chmod(os.path.join(ro2, "__pycache__"), 0o555)


def run_as_nobody(args, env, cwd):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(w, 1)
            os.chdir(cwd)
            if root:
                os.setgid(65534)
                os.setuid(65534)
            e = dict(os.environ)
            e.pop("PYTHONDONTWRITEBYTECODE", None)
            e.update(env)
            os.execve(sys.executable, [sys.executable] + args, e)
        finally:
            os._exit(127)
    os.close(w)
    out = b""
    while True:
        b = os.read(r, 65536)
        if not b:
            break
        out += b
    os.close(r)
    os.waitpid(pid, 0)
    return out.decode().split()


prog = "import smod, os; print(smod.V, smod.__cached__.startswith(os.environ['HOME']), os.path.exists(smod.__cached__))"
print(run_as_nobody(["-c", prog], {"HOME": home2}, ro2), "stale one kept:", os.path.exists(stale))
print(run_as_nobody(["-c", prog], {"HOME": home2}, ro2))
if not root:
    os.chmod(os.path.join(ro2, "__pycache__"), 0o755)

# the lib/ modules compiled into baton are cached there too, keyed by
# their text: reused, and rewritten when damaged
prog = "import queue; q = queue.Queue(); q.put(5); print(q.get())"
frozen = os.path.join(home, ".cache", "baton", "frozen", "queue." + sys.implementation.cache_tag + ".pyc")
print(run(["-c", prog], env=env)[:2], os.path.isfile(frozen))
ino = os.stat(frozen).st_ino
print(run(["-c", prog], env=env)[:2], "reused:", os.stat(frozen).st_ino == ino)
data = open(frozen, "rb").read()
with open(frozen, "wb") as fh:
    fh.write(data[:len(data) // 2])
print(run(["-c", prog], env=env)[:2], "rewritten:", open(frozen, "rb").read() == data)

shutil.rmtree(TMP)
