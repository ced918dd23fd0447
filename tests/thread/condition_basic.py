# Condition: wait/notify, notify_all, wait_for, wait timeout.
import threading

cond = threading.Condition()
items = []
log = []


def consumer(name):
    with cond:
        cond.wait_for(lambda: len(items) > 0)
        log.append((name, items.pop(0)))


threads = [threading.Thread(target=consumer, args=("c%d" % i,)) for i in range(3)]
for t in threads:
    t.start()
for i in range(3):
    with cond:
        items.append(i)
        cond.notify()
for t in threads:
    t.join()
print(sorted(x for _, x in log))

with cond:
    print("wait timed out ->", cond.wait(0.02))
    print("wait_for timed out ->", cond.wait_for(lambda: False, 0.02))

ready = []


def waiter():
    with cond:
        cond.wait()
        ready.append(1)


ws = [threading.Thread(target=waiter) for _ in range(4)]
for w in ws:
    w.start()
while True:
    with cond:
        if len(cond._waiters) == 4:
            cond.notify_all()
            break
for w in ws:
    w.join()
print("woken by notify_all:", len(ready))
