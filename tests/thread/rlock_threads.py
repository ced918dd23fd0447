# threading.RLock (_thread.RLock) between threads: only the owner may
# release, a blocked acquire lets the owner run (the GIL is released while
# it waits), timeouts expire, and Condition waits with an RLock held twice.
import threading
import time

r = threading.RLock()
events = []


def try_release():
    try:
        r.release()
    except RuntimeError as e:
        events.append("non-owner: %s" % e)


r.acquire()
r.acquire()
t = threading.Thread(target=try_release)
t.start()
t.join()
print(events.pop())


def waiter():
    t0 = time.monotonic()
    got = r.acquire(timeout=0.1)
    events.append(("timed out", got, time.monotonic() - t0 >= 0.09))
    got = r.acquire()           # blocks until the main thread lets go
    events.append(("got it", got, r._recursion_count()))
    r.release()


t = threading.Thread(target=waiter)
t.start()
while len(events) < 1:
    time.sleep(0.01)
print(events.pop(0))
n = 0
for _ in range(100000):         # the waiter is blocked, not spinning
    n += 1
r.release()
print("still owned:", r._is_owned())
r.release()
t.join()
print(events.pop(0), r._is_owned())

# Condition over an RLock held twice: wait() gives it up fully
cond = threading.Condition(threading.RLock())
items = []


def consumer():
    with cond:
        with cond:
            while not items:
                cond.wait()
            items.append("consumed %d, count %d" % (items.pop(), cond._lock._recursion_count()))


c = threading.Thread(target=consumer)
c.start()
time.sleep(0.05)
with cond:
    items.append(7)
    cond.notify()
c.join()
print(items)

# many threads counting under one RLock taken reentrantly
total = [0]


def count():
    for _ in range(2000):
        with r:
            with r:
                total[0] += 1


ts = [threading.Thread(target=count) for _ in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(total[0], r._is_owned(), repr(r).startswith("<unlocked _thread.RLock object owner=0 count=0"))
