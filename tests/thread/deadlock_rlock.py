# baton only: two threads each hold an RLock (taken twice, the C
# _thread.RLock) and wait for the other's.  CPython hangs; baton reports
# the cycle through both RLocks and exits with status 2
# (deadlock_rlock.expect.json).
import threading

r1 = threading.RLock()
r2 = threading.RLock()
both = threading.Barrier(2)


def a():
    with r1, r1:
        both.wait()
        r2.acquire()


def b():
    with r2, r2:
        both.wait()
        r1.acquire()


A = threading.Thread(target=a, name="A")
B = threading.Thread(target=b, name="B")
A.start()
B.start()
print("started", flush=True)
B.join()
print("never")
