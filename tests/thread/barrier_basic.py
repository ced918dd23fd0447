# Barrier: all parties leave together; the action runs once; abort breaks it.
import threading

order = []
lock = threading.Lock()
barrier = threading.Barrier(4, action=lambda: order.append("action"))


def party(i):
    with lock:
        order.append("arrive")
    idx = barrier.wait()
    with lock:
        order.append("leave")


ts = [threading.Thread(target=party, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(order)
print(barrier.parties, barrier.n_waiting, barrier.broken)
b2 = threading.Barrier(2, timeout=0.05)
try:
    b2.wait()
except threading.BrokenBarrierError:
    print("broken after timeout:", b2.broken)
b2.reset()
print("after reset:", b2.broken)
