# baton only: gil.set_policy() changes the GIL's policy while threads wait
# for it; they queue up again under the new one and every thread finishes.
# Unknown names and wrong types raise.
import gil
import sys
import threading
import time


def count(n, out):
    while n > 0:
        n -= 1
    out.append(n)


sys.setswitchinterval(0.001)
gil.set_policy("new")
done = []
ts = [threading.Thread(target=count, args=(2_000_000, done)) for _ in range(3)]
for t in ts:
    t.start()
seen = []
for name in ("fair", "old", "new", "fair", "old", "new"):
    time.sleep(0.01)
    gil.set_policy(name)
    seen.append(gil.policy())
for t in ts:
    t.join()
print(seen)
print(done)
try:
    gil.set_policy("fifo")
except ValueError as e:
    print("ValueError:", e)
try:
    gil.set_policy(3)
except TypeError as e:
    print("TypeError:", e)
