# A shared counter protected by a Lock is exact.
import threading

counter = 0
lock = threading.Lock()


def add(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1


threads = [threading.Thread(target=add, args=(20000,)) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
