# Thread(target, args, kwargs), start/join, return values through shared state.
import threading

results = {}


def work(n, scale=1):
    results[n] = n * n * scale


threads = [threading.Thread(target=work, args=(i,), kwargs={"scale": 2}) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))
print(all(not t.is_alive() for t in threads))
print(threading.active_count())
print(threading.current_thread().name, threading.main_thread() is threading.current_thread())
