"""Producers and consumers through a bounded queue.Queue.

put() blocks while the queue is full and get() while it is empty; both
release the GIL while they wait.  Every item arrives exactly once.
"""
import queue
import threading

ITEMS = 1000
PRODUCERS = 3
CONSUMERS = 3


def producer(q, start):
    for i in range(start, ITEMS, PRODUCERS):
        q.put(i)


def consumer(q, got):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            return
        got.append(item)
        q.task_done()


def main():
    q = queue.Queue(maxsize=10)
    got = []
    producers = [threading.Thread(target=producer, args=(q, p)) for p in range(PRODUCERS)]
    consumers = [threading.Thread(target=consumer, args=(q, got)) for _ in range(CONSUMERS)]
    for t in producers + consumers:
        t.start()
    for t in producers:
        t.join()
    for _ in consumers:
        q.put(None)
    q.join()
    for t in consumers:
        t.join()
    print("items received:", len(got))
    print("all distinct:", len(set(got)) == ITEMS)
    print("checksum ok:", sum(got) == ITEMS * (ITEMS - 1) // 2)


if __name__ == "__main__":
    main()
