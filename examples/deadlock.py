"""Two locks taken in opposite order: a deadlock.

Thread A holds lock 1 and wants lock 2; thread B holds lock 2 and wants
lock 1.  Neither can go on.  Real code should always take locks in the
same order.  By default each thread gives up after a timeout and says so.

    baton examples/deadlock.py --no-timeout

waits without a timeout, as most code does.  CPython then hangs forever
(Ctrl-C to stop it); baton sees that no thread can ever run again and
reports it, as Go's runtime does, then exits with status 2:

    baton: deadlock: all 3 threads of process 4242 are blocked, waiting for each other; ...
      MainThread joins A
      A waits for lock 2 held by B
      B waits for lock 1 held by A
    wait-for cycle: MainThread joins A; A waits for lock 2 held by B; B waits for lock 1 held by A

followed by each thread's stack.  (`--deadlock=hang` keeps CPython's
behaviour.)
"""
import sys
import threading

lock1 = threading.Lock()
lock2 = threading.Lock()
both_holding = threading.Barrier(2)
report = []
TIMEOUT = None if "--no-timeout" in sys.argv else 0.2


def worker(name, first, second):
    with first:
        both_holding.wait()            # make sure each holds its first lock
        if TIMEOUT is None:
            second.acquire()           # waits forever: the deadlock
        elif not second.acquire(timeout=TIMEOUT):
            report.append("%s timed out waiting: deadlock" % name)
            return
        report.append("%s got both locks" % name)
        second.release()


def main():
    a = threading.Thread(target=worker, args=("A", lock1, lock2), name="A")
    b = threading.Thread(target=worker, args=("B", lock2, lock1), name="B")
    a.start()
    b.start()
    a.join()
    b.join()
    for line in sorted(report):
        print(line)
    print("fix: take the locks in the same order in every thread")


if __name__ == "__main__":
    main()
