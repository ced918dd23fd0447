# Semaphore limits concurrency; BoundedSemaphore refuses extra releases.
import threading
import time

sem = threading.Semaphore(2)
lock = threading.Lock()
active = 0
peak = 0


def job():
    global active, peak
    with sem:
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.01)
        with lock:
            active -= 1


ts = [threading.Thread(target=job) for _ in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("peak concurrency:", peak)
s = threading.Semaphore(1)
print(s.acquire(), s.acquire(False), s.acquire(timeout=0.01))
s.release()
print(s.acquire(blocking=False))
b = threading.BoundedSemaphore(2)
b.acquire()
b.release()
try:
    b.release()
except ValueError as e:
    print("ValueError:", e)
