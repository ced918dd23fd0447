"""Two locks taken in opposite order: a deadlock, caught with a timeout.

Thread A holds lock 1 and wants lock 2; thread B holds lock 2 and wants
lock 1.  Neither can go on.  Real code should always take locks in the
same order; here each thread gives up after a timeout and says so.
"""
import threading
import time

lock1 = threading.Lock()
lock2 = threading.Lock()
both_holding = threading.Barrier(2)
report = []


def worker(name, first, second):
    with first:
        both_holding.wait()            # make sure each holds its first lock
        if second.acquire(timeout=0.2):
            report.append("%s got both locks" % name)
            second.release()
        else:
            report.append("%s timed out waiting: deadlock" % name)


def main():
    a = threading.Thread(target=worker, args=("A", lock1, lock2))
    b = threading.Thread(target=worker, args=("B", lock2, lock1))
    a.start()
    b.start()
    a.join()
    b.join()
    for line in sorted(report):
        print(line)
    print("fix: take the locks in the same order in every thread")


if __name__ == "__main__":
    main()
