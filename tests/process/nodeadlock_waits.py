# Waits that look stuck but are not, so baton must not report a deadlock
# (and behaves as CPython): a lock released after a sleep, timed waits on
# an Event and a Condition with nobody else around, a thread blocked reading
# a pipe that a child process writes, a queue fed by another process, and a
# lock released by a signal handler.  (In process/, not thread/: it forks
# while another thread runs, and under ThreadSanitizer, which test.sh runs
# on thread/, its child once never finished.)
import multiprocessing
import signal
import threading
import time

# 1. All threads blocked for a moment: main on the lock, the holder asleep.
lock = threading.Lock()
lock.acquire()


def release_later():
    time.sleep(0.2)
    lock.release()


threading.Thread(target=release_later).start()
lock.acquire()
print("lock released after a sleep")

# 2. Timed waits, alone.
print("event wait:", threading.Event().wait(0.1))
cond = threading.Condition()
with cond:
    print("condition wait:", cond.wait(0.1))


# 3. Main joins a thread that waits for I/O from another process.
def send_later(conn):
    time.sleep(0.2)
    conn.send("hello")


if __name__ == "__main__":
    mine, theirs = multiprocessing.Pipe()
    got = []
    reader = threading.Thread(target=lambda: got.append(mine.recv()))
    reader.start()
    p = multiprocessing.Process(target=send_later, args=(theirs,))
    p.start()
    reader.join()
    p.join()
    print("pipe:", got)

    # 4. A multiprocessing queue filled by a child process.
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=lambda: (time.sleep(0.2), q.put("item")))
    p.start()
    print("queue:", q.get())
    p.join()

    # 5. A signal handler releases the lock the main thread waits for.
    signal.signal(signal.SIGALRM, lambda signum, frame: lock.release())
    signal.alarm(1)
    lock.acquire()
    print("lock released by a signal handler")
