# Lock: acquire/release, blocking flags, timeouts, locked(), with.
import threading

lock = threading.Lock()
print(lock.locked())
print(lock.acquire())
print(lock.locked())
print(lock.acquire(False))
print(lock.acquire(blocking=False))
print(lock.acquire(timeout=0.05))
lock.release()
print(lock.locked())
with lock:
    print("inside with:", lock.locked())
print("after with:", lock.locked())
print(type(lock).__name__)
