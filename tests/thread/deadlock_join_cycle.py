# baton only: A joins B and B joins A (each learns the other's Thread from a
# list filled before they start); the main thread joins A.  Nothing can
# ever end: baton reports the join cycle and exits with status 2.
import threading

threads = []
ready = threading.Barrier(3)


def joiner(i):
    ready.wait()
    threads[1 - i].join()


threads.append(threading.Thread(target=joiner, args=(0,), name="A"))
threads.append(threading.Thread(target=joiner, args=(1,), name="B"))
for t in threads:
    t.start()
ready.wait()
print("joining A", flush=True)
threads[0].join()
