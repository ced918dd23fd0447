# queue: FIFO, LIFO, priority and simple queues; Full/Empty; task_done/join.
import queue
import threading

q = queue.Queue()
for i in range(5):
    q.put(i)
print(q.qsize(), q.empty(), q.full())
print([q.get() for _ in range(5)])
lq = queue.LifoQueue()
for i in range(5):
    lq.put(i)
print([lq.get() for _ in range(5)])
pq = queue.PriorityQueue()
for item in [(3, "c"), (1, "a"), (2, "b"), (0, "z")]:
    pq.put(item)
print([pq.get() for _ in range(4)])
sq = queue.SimpleQueue()
sq.put("x")
sq.put("y")
print(sq.get(), sq.get(), sq.empty(), sq.qsize())
bq = queue.Queue(maxsize=2)
bq.put(1)
bq.put_nowait(2)
print(bq.full())
try:
    bq.put_nowait(3)
except queue.Full:
    print("Full")
try:
    bq.put(3, timeout=0.01)
except queue.Full:
    print("Full after timeout")
eq = queue.Queue()
try:
    eq.get_nowait()
except queue.Empty:
    print("Empty")
try:
    eq.get(timeout=0.01)
except queue.Empty:
    print("Empty after timeout")
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("SimpleQueue Empty")
try:
    eq.task_done()
except ValueError as e:
    print("ValueError:", e)
jq = queue.Queue()
processed = []


def worker():
    while True:
        item = jq.get()
        if item is None:
            jq.task_done()
            break
        processed.append(item * 2)
        jq.task_done()


t = threading.Thread(target=worker)
t.start()
for i in range(10):
    jq.put(i)
jq.put(None)
jq.join()
t.join()
print(processed)
