# Small C stacks raise RecursionError, never overflow: a `yield from` chain,  (baton: heavy)
# repr of deep nesting and plain recursion with the recursion limit raised
# far past what the stack holds, under `ulimit -s` in a child and in threads
# given small stacks by threading.stack_size.
# baton differs on purpose (.exp): CPython 3.11 does not measure its C stack
# and dies of SIGSEGV (exit -11) in each of these children.
from _ulimit import run_limited

CHILD = r'''
import sys, threading
sys.setrecursionlimit(10 ** 7)

def gen(k):
    if k:
        yield from gen(k - 1)
    else:
        yield 1

def deep_gen():
    try:
        print("gen", len(list(gen(200000))))
    except RecursionError as e:
        print("gen", type(e).__name__)

def deep_repr():
    x = []
    for i in range(200000):
        x = [x]
    try:
        print("repr", len(repr(x)))
    except RecursionError as e:
        print("repr", type(e).__name__)

def f(n):
    return f(n + 1) if n < 10 ** 6 else n

def deep_call():
    try:
        print("call", f(0))
    except RecursionError as e:
        print("call", type(e).__name__)

print("main thread")
deep_gen(); deep_repr(); deep_call()
print("stack_size", threading.stack_size())
for size in (32768, 256 * 1024, 0):
    threading.stack_size(size)
    print("thread stack", size)
    for fn in (deep_gen, deep_repr, deep_call):
        t = threading.Thread(target=fn)
        t.start()
        t.join()
print("done")
'''

for kib in (256, 512, 2048):
    status, out, err = run_limited("ulimit -s %d" % kib, CHILD)
    print("ulimit -s", kib)
    print(out, end="")
    print("exit", status, err)
