# Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition, Barrier across processes.
import multiprocessing as mp
import time


def hold(lock, started, q):
    with lock:
        started.set()
        time.sleep(0.2)
        q.put("child released")


def waiter(ev, q):
    q.put(("woke", ev.wait(5)))


def cond_waiter(cond, flag, q):
    with cond:
        ok = cond.wait_for(lambda: flag.value == 1, timeout=5)
        q.put(("cond", ok, flag.value))


def barrier_party(bar, q, i):
    n = bar.wait(5)
    q.put(("barrier", i, n >= 0))


def sem_user(sem, q):
    with sem:
        q.put("sem taken")


if __name__ == "__main__":
    q = mp.Queue()
    lock = mp.Lock()
    started = mp.Event()
    p = mp.Process(target=hold, args=(lock, started, q))
    p.start()
    started.wait(5)
    print("try acquire:", lock.acquire(False))
    print("acquire(timeout):", lock.acquire(timeout=5))
    print(q.get(timeout=5))
    lock.release()
    p.join()
    try:
        lock.release()
    except ValueError as e:
        print("ValueError", e)

    r = mp.RLock()
    r.acquire()
    r.acquire()
    r.release()
    r.release()
    try:
        r.release()
    except AssertionError as e:
        print("AssertionError", e)

    sem = mp.Semaphore(2)
    sem.acquire()
    sem.acquire()
    print("sem full:", sem.acquire(False), sem.get_value())
    p = mp.Process(target=sem_user, args=(sem, q))
    p.start()
    time.sleep(0.1)
    sem.release()
    print(q.get(timeout=5))
    p.join()
    sem.release()
    bs = mp.BoundedSemaphore(1)
    try:
        bs.release()
    except ValueError as e:
        print("ValueError", e)

    ev = mp.Event()
    print("event", ev.is_set(), ev.wait(0.05))
    p = mp.Process(target=waiter, args=(ev, q))
    p.start()
    time.sleep(0.1)
    ev.set()
    print(q.get(timeout=5))
    p.join()
    ev.clear()
    print("cleared", ev.is_set())

    cond = mp.Condition()
    flag = mp.Value("i", 0)
    p = mp.Process(target=cond_waiter, args=(cond, flag, q))
    p.start()
    time.sleep(0.1)
    with cond:
        flag.value = 1
        cond.notify_all()
    print(q.get(timeout=5))
    p.join()

    bar = mp.Barrier(3)
    ps = [mp.Process(target=barrier_party, args=(bar, q, i)) for i in range(2)]
    for p in ps:
        p.start()
    print("main at barrier", bar.wait(5) >= 0)
    print(sorted(q.get(timeout=5) for _ in ps))
    for p in ps:
        p.join()
    print([p.exitcode for p in ps])
