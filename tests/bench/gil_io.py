# GIL benchmark: I/O-bound threads overlap.  10 threads each sleep 0.1 s ten
# times; serially that is 10 s, with threads about 1 s (sleep releases the GIL).
import threading
import time


def worker():
    for _ in range(10):
        time.sleep(0.1)


def main():
    t0 = time.perf_counter()
    for _ in range(10):
        worker()
    serial = time.perf_counter() - t0
    t0 = time.perf_counter()
    ts = [threading.Thread(target=worker) for _ in range(10)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    threaded = time.perf_counter() - t0
    print("serial_s %.3f" % serial)
    print("threaded_s %.3f" % threaded)
    print("threaded_over_serial %.3f" % (threaded / serial))


main()
