# Objects that cannot be pickled raise TypeError in the sender; nothing is sent.
# CPython raises PicklingError / AttributeError for some of these, so this test
# prints only what both agree on: that dumps fails, and for queue.put that the
# queue is still empty and usable afterwards.
# pickle_errors.exp: CPython's Queue.put pickles later, in a feeder thread, so
# it prints the error to stderr and put() returns; baton's put() raises the
# TypeError in the caller before anything is written (issue 4).
import multiprocessing as mp
import pickle
import queue
import threading


def gen():
    yield 1


def make_closure():
    n = 1

    def inner():
        return n
    return inner


if __name__ == "__main__":
    f = open(__file__)
    bad = {"lambda": lambda x: x, "closure": make_closure(), "lock": threading.Lock(),
           "file": f, "thread": threading.Thread(target=print), "generator": gen()}
    for name in sorted(bad):
        try:
            pickle.dumps(bad[name])
            print(name, "pickled?!")
        except Exception:
            print(name, "cannot be pickled")
    for name in ("lock", "file", "generator"):
        try:
            pickle.dumps(bad[name])
        except TypeError as e:
            print(name, "TypeError:", e)
    f.close()
    q = mp.Queue()
    try:
        q.put(threading.Lock())
    except TypeError as e:
        print("put TypeError:", e)
    try:
        q.get(timeout=0.1)
    except queue.Empty:
        print("queue still empty")
    q.put("fine")
    print(q.get(timeout=5))
    a, b = mp.Pipe()
    try:
        a.send(gen())
    except TypeError as e:
        print("send TypeError:", e)
    print(b.poll(0.05))
