# baton: no-asan (ulimit -v). Under an address-space limit (ulimit -v 2000000, ~2 GB) at least as many
# threads start as under CPython (121 there), and the one that cannot get
# its stacks raises CPython's "RuntimeError: can't start new thread"; the
# ones started all run and join.
from _ulimit import run_limited

CHILD = r'''
import threading
ev = threading.Event()
ts = []
try:
    for i in range(1000):
        t = threading.Thread(target=ev.wait)
        t.start()
        ts.append(t)
except RuntimeError as e:
    print("RuntimeError:", e)
print("at least 100 threads:", len(ts) >= 100)
ev.set()
for t in ts:
    t.join()
print("joined", sum(t.is_alive() for t in ts) == 0)
'''

status, out, err = run_limited("ulimit -v 2000000", CHILD)
print(out, end="")
print("exit", status, err)
