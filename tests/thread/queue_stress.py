# 8 producers and 8 consumers move 200,000 numbered items through a bounded  (baton: heavy)
# Queue; every item arrives exactly once (count and checksum).
import queue
import threading

N = 200_000
P = 8
C = 8
q = queue.Queue(maxsize=100)
received = [0] * C
checks = [0] * C


def producer(p):
    for i in range(p, N, P):
        q.put(i)


def consumer(c):
    n = 0
    s = 0
    while True:
        item = q.get()
        if item is None:
            break
        n += 1
        s += item
    received[c] = n
    checks[c] = s


producers = [threading.Thread(target=producer, args=(p,)) for p in range(P)]
consumers = [threading.Thread(target=consumer, args=(c,)) for c in range(C)]
for t in consumers + producers:
    t.start()
for t in producers:
    t.join()
for _ in range(C):
    q.put(None)
for t in consumers:
    t.join()
print("received:", sum(received))
print("checksum ok:", sum(checks) == N * (N - 1) // 2)
print("queue empty:", q.empty())
