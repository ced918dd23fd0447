"""A producer process and a consumer process talking through a Queue.

Items are pickled by put() and rebuilt by get() in the other process; None
tells the consumer to stop.  The consumer sends its summary back on a
second queue.
"""
import multiprocessing


def producer(q, n):
    for i in range(n):
        q.put({"id": i, "payload": "x" * (i % 5)})
    q.put(None)


def consumer(q, results):
    count = chars = 0
    while True:
        item = q.get()
        if item is None:
            break
        count += 1
        chars += len(item["payload"])
    results.put((count, chars))


if __name__ == "__main__":
    q = multiprocessing.Queue(maxsize=100)
    results = multiprocessing.Queue()
    p = multiprocessing.Process(target=producer, args=(q, 10_000))
    c = multiprocessing.Process(target=consumer, args=(q, results))
    p.start()
    c.start()
    count, chars = results.get()
    p.join()
    c.join()
    print(f"consumer got {count} items, {chars} payload characters")
    print(f"exit codes: producer {p.exitcode}, consumer {c.exitcode}")
