# Queue put/get with timeouts, Full/Empty, qsize/empty/full, JoinableQueue, SimpleQueue.
import multiprocessing as mp
import queue


def producer(q, n):
    for i in range(n):
        q.put(("item", i, [i] * 2, {"k": i}))
    q.put(None)


def consumer(jq, out):
    while True:
        x = jq.get()
        if x is None:
            jq.task_done()
            break
        out.put(x * 10)
        jq.task_done()


def simple(sq):
    sq.put(sq.get() + 1)


if __name__ == "__main__":
    q = mp.Queue()
    p = mp.Process(target=producer, args=(q, 5))
    p.start()
    while True:
        x = q.get(timeout=5)
        if x is None:
            break
        print(x)
    p.join()
    try:
        q.get(timeout=0.1)
    except queue.Empty:
        print("Empty after timeout")
    try:
        q.get_nowait()
    except queue.Empty:
        print("Empty nowait")

    b = mp.Queue(maxsize=2)
    b.put(1)
    b.put_nowait(2)
    try:
        b.put(3, timeout=0.1)
    except queue.Full:
        print("Full after timeout")
    try:
        b.put(3, block=False)
    except queue.Full:
        print("Full nowait")
    print(b.get(), b.get(), b.empty())
    print(mp.Queue is not None, b.qsize())

    jq = mp.JoinableQueue()
    out = mp.Queue()
    c = mp.Process(target=consumer, args=(jq, out))
    c.start()
    for i in range(4):
        jq.put(i)
    jq.put(None)
    jq.join()
    print("joined", sorted(out.get(timeout=5) for _ in range(4)))
    c.join()
    try:
        jq.task_done()
    except ValueError as e:
        print("ValueError", e)

    sq = mp.SimpleQueue()
    s = mp.Process(target=simple, args=(sq,))
    s.start()
    sq.put(41)
    s.join()
    print("simple", sq.get(), sq.empty())
    q.close()
    q.join_thread()
