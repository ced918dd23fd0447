# baton: no-asan (ulimit -v), baton: heavy (fills memory: hours with stress GC). Out of memory is a MemoryError, never an abort: each case runs in a child
# under an address-space limit (ulimit -v), catches MemoryError and goes on.
from _ulimit import run_limited

CHILD = r'''
def t(name, f):
    try:
        f()
        print(name, "no error")
    except MemoryError as e:
        print(name, "MemoryError", repr(e), e.__traceback__ is not None)

def double():
    s = "x"
    while True:
        s = s + s

def grow_dict():
    d = {}
    i = 0
    while True:
        d[i] = i
        i += 1

def grow_bytes():
    b = b"y"
    while True:
        b = b + b

t("list repeat", lambda: [0] * (10 ** 10))
t("str repeat", lambda: "ab" * (10 ** 10))
t("bytes repeat", lambda: b"x" * (10 ** 10))
t("join", lambda: "".join(["x" * 10 ** 6] * 10 ** 5))
t("impossible", lambda: [0] * (10 ** 18))
t("tuple", lambda: tuple(range(3)) * (10 ** 9))
t("bytearray", lambda: bytearray(10 ** 10))
t("str doubling", double)
t("bytes doubling", grow_bytes)
t("dict growth", grow_dict)
keep = []
try:
    while True:
        keep.append([0] * 1000)
except MemoryError:
    n = len(keep)
    keep = None
    print("list of lists: MemoryError after", n > 1000)
# the heap is still usable afterwards, and the collector still runs
import gc
gc.collect()
print(sum([i for i in range(100000)]), "after")
'''

status, out, err = run_limited("ulimit -v 1000000", CHILD)
print(out, end="")
print("exit", status, err)
