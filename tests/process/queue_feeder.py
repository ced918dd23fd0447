# A Queue's put() never waits for room (CPython hands the pickle to a
# feeder thread; baton writes into its shared ring when it can and hands
# the rest to one): a process can fill a queue before it starts the
# consumers, put a big message and get it back itself, and a child that
# put more than the queue holds delivers all of it before it exits.
# The items carry 100 bytes of padding each, so that 10,000-20,000 of them
# are more than baton's 1 MiB ring holds.
import multiprocessing as mp
import queue

PAD = "." * 100


def consume(q, out):
    total = count = 0
    while True:
        x = q.get()
        if x is None:
            break
        total += x[0]
        count += 1
    out.put((count, total))


def produce(q, start, n):
    for i in range(start, start + n):
        q.put((i, PAD))
    q.put(None)


def produce_big(q):
    q.put("b" * 3_000_000)
    q.put(list(range(50_000)))
    q.close()
    q.join_thread()


def fill_then_consume():
    q = mp.Queue()
    out = mp.Queue()
    for i in range(20_000):
        q.put((i, PAD))
    q.put(None)
    print("filled, qsize", q.qsize())
    p = mp.Process(target=consume, args=(q, out))
    p.start()
    print("consumer got", out.get())
    p.join()
    print("consumer exit code", p.exitcode, "qsize", q.qsize(), "empty", q.empty())


def big_message_same_process():
    q = mp.Queue()
    q.put("a" * 2_000_000)
    q.put("small")
    q.put(b"c" * 600_000)
    s = q.get()
    print(len(s), s[:3], q.get(), len(q.get()))


def child_puts_more_than_fits():
    q = mp.Queue()
    p = mp.Process(target=produce, args=(q, 1000, 15_000))
    p.start()
    # More than the queue's buffer holds: the child exits only once all of
    # it has gone out, so the parent reads everything before it joins
    # (joining first would wait for ever, on CPython too).
    seen = []
    while True:
        x = q.get()
        if x is None:
            break
        seen.append(x[0])
    p.join()
    print("from child:", len(seen), seen[0], seen[-1], seen == list(range(1000, 16000)),
          "exit code", p.exitcode)


def child_big_messages():
    q = mp.Queue()
    p = mp.Process(target=produce_big, args=(q,))
    p.start()
    s = q.get()
    lst = q.get()
    p.join()
    print("big from child:", len(s), len(lst), lst[-1], p.exitcode)


def two_producers_keep_their_order():
    q = mp.Queue()
    ps = [mp.Process(target=produce, args=(q, k * 1_000_000, 10_000)) for k in (1, 2)]
    for p in ps:
        p.start()
    got = {1: [], 2: []}
    nones = 0
    while nones < 2:
        x = q.get()
        if x is None:
            nones += 1
        else:
            got[x[0] // 1_000_000].append(x[0])
    for p in ps:
        p.join()
    for k in (1, 2):
        print("producer", k, len(got[k]), got[k] == sorted(got[k]))


def bounded_queue_still_bounded():
    q = mp.Queue(3)
    for i in range(3):
        q.put(i)
    try:
        q.put(99, timeout=0.05)
    except queue.Full as e:
        print("full:", type(e).__name__)
    print([q.get() for _ in range(3)], q.qsize())


if __name__ == "__main__":
    fill_then_consume()
    big_message_same_process()
    child_puts_more_than_fits()
    child_big_messages()
    two_producers_keep_their_order()
    bounded_queue_still_bounded()
