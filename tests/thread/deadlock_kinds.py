# baton only: how a deadlock report names each kind of wait.  Each scenario
# runs in a forked child that blocks for good with nobody left to wake it;
# the child reports on stderr (checked in order by deadlock_kinds.expect.json)
# and exits with status 2.
import os
import queue
import threading
from concurrent.futures import Future


def lock_twice():
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()


def rlock_of_ended_thread():
    rlock = threading.RLock()
    t = threading.Thread(target=rlock.acquire, name="taker")
    t.start()
    t.join()
    rlock.acquire()


def queue_get():
    queue.Queue().get()


def queue_put():
    q = queue.Queue(1)
    q.put(1)
    q.put(2)


def queue_join():
    q = queue.Queue()
    q.put(1)
    q.join()


def semaphore():
    threading.Semaphore(0).acquire()


def barrier():
    threading.Barrier(2).wait()


def future():
    Future().result()


for scenario in (lock_twice, rlock_of_ended_thread, queue_get, queue_put,
                 queue_join, semaphore, barrier, future):
    pid = os.fork()
    if pid == 0:
        scenario()
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    print(scenario.__name__, os.waitstatus_to_exitcode(status))
