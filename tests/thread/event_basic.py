# Event: set/clear/is_set/wait with and without timeout.
import threading

ev = threading.Event()
print(ev.is_set())
print(ev.wait(0.01))
got = []


def waiter():
    got.append(ev.wait())


ts = [threading.Thread(target=waiter) for _ in range(5)]
for t in ts:
    t.start()
ev.set()
for t in ts:
    t.join()
print(got)
print(ev.is_set(), ev.wait(0))
ev.clear()
print(ev.is_set())
