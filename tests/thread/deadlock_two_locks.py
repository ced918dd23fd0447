# baton only: two threads take two locks in opposite orders, and the main
# thread joins one of them.  CPython hangs; baton prints every thread, what
# it waits for and who holds it, the wait-for cycle and each thread's stack,
# and exits with status 2 (deadlock_two_locks.expect.json).
import threading

lock1 = threading.Lock()
lock2 = threading.Lock()
both = threading.Barrier(2)


def a():
    with lock1:
        both.wait()
        with lock2:
            pass


def b():
    with lock2:
        both.wait()
        with lock1:
            pass


A = threading.Thread(target=a, name="A")
B = threading.Thread(target=b, name="B")
A.start()
B.start()
print("started", flush=True)
A.join()
print("never")
