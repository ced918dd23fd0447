# CPython's own Lib/os.py and Lib/posixpath.py over the posix module:
# os.environ writes reach child processes, makedirs/removedirs, walk,
# fwalk, scandir-based helpers, get_exec_path, fsencode/fsdecode, the
# path functions.
import os
import sys

print(os.name, os.sep, os.pathsep, os.linesep == "\n", os.path is sys.modules["os.path"])
print(os.path.__name__, os.curdir, os.pardir, os.extsep, os.devnull)
os.environ["BATON_OS_TEST"] = "value 1"
print(os.getenv("BATON_OS_TEST"), os.environb[b"BATON_OS_TEST"])
print(os.system("test \"$BATON_OS_TEST\" = 'value 1'"))
del os.environ["BATON_OS_TEST"]
print(os.system("test -z \"$BATON_OS_TEST\""), "BATON_OS_TEST" in os.environ)
print(os.environ.get("NO_SUCH_VAR_X", "default"), os.getenv("NO_SUCH_VAR_X"))

base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_tmp-os-lib")
os.makedirs(os.path.join(base, "a", "b"), exist_ok=True)
os.makedirs(os.path.join(base, "c"), exist_ok=True)
for name in ("a/x.txt", "a/b/y.txt", "c/z.txt", "top.txt"):
    with open(os.path.join(base, name), "w") as f:
        f.write(name)
try:
    os.makedirs(os.path.join(base, "a"))
except FileExistsError as e:
    print("FileExistsError", e.errno)
walked = []
for root, dirs, files in os.walk(base):
    dirs.sort()
    walked.append((os.path.relpath(root, base), sorted(dirs), sorted(files)))
print(walked)
bottom_up = [os.path.relpath(r, base) for r, d, f in os.walk(base, topdown=False)]
print(sorted(bottom_up), bottom_up[-1])
print(sorted(os.path.relpath(r, base) for r, d, f, fd in os.fwalk(base)))
print(sorted(e.name for e in os.scandir(base)), sorted(os.listdir(base)))
for root, dirs, files in os.walk(base, topdown=False):
    for f in files:
        os.remove(os.path.join(root, f))
    os.rmdir(root)
print(os.path.exists(base))
os.makedirs(os.path.join(base, "p", "q"))
os.removedirs(os.path.join(base, "p", "q"))
print(os.path.exists(base))

print(os.fsencode("caf\xe9"), os.fsdecode(b"caf\xc3\xa9"), os.fspath("p"))
print(os.get_exec_path({"PATH": "/a:/b"}))
print(os.path.splitext("x/y.tar.gz"), os.path.normpath("a//b/../c/."), os.path.commonpath(["/a/b/c", "/a/b/d"]))
print(os.path.expanduser("~x") == "~x" or True, os.path.isabs("/x"), os.path.basename("/a/b/"))
print(callable(os.popen), callable(os.execvp), os.P_WAIT, os.SEEK_END)
