# baton only: two consumers wait on a Condition for an item; the producer
# thread ends without notifying.  The main thread joins the consumers.
# Every thread is blocked for good: status 2, a report naming the waits.
import threading

cond = threading.Condition()
items = []
started = threading.Semaphore(0)


def consumer():
    with cond:
        started.release()
        while not items:
            cond.wait()


cs = [threading.Thread(target=consumer, name="consumer-%d" % i) for i in range(2)]
for c in cs:
    c.start()
for c in cs:
    started.acquire()
producer = threading.Thread(target=lambda: None, name="producer")
producer.start()
producer.join()
print("producer ended", flush=True)
for c in cs:
    c.join()
