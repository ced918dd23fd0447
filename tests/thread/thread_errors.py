# Error cases: join before start, start twice, join self, released unlocked lock.
import threading

t = threading.Thread(target=lambda: None)
try:
    t.join()
except RuntimeError as e:
    print("RuntimeError:", e)
t.start()
t.join()
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
lock = threading.Lock()
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
r = threading.RLock()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    lock.acquire(False, 1)
except ValueError as e:
    print("ValueError:", e)
try:
    lock.acquire(True, -5)
except ValueError as e:
    print("ValueError:", e)
c = threading.Condition()
try:
    c.wait(0.01)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    c.notify()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.Semaphore(-1)
except ValueError as e:
    print("ValueError:", e)
b = threading.BoundedSemaphore(1)
try:
    b.release()
except ValueError as e:
    print("ValueError:", e)
