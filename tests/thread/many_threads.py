# 500 threads started and joined.
import threading

done = []
lock = threading.Lock()


def work(i):
    with lock:
        done.append(i)


threads = []
for i in range(500):
    t = threading.Thread(target=work, args=(i,))
    t.start()
    threads.append(t)
for t in threads:
    t.join()
print(len(done), sum(done) == 499 * 500 // 2, sorted(done) == list(range(500)))
