"""I/O-bound threads overlap: ten threads that each sleep finish together.

time.sleep() releases the GIL, so while one thread sleeps the others run.
Run it with --timeline on baton to see the threads blocked side by side.
"""
import threading
import time


def download(n, results):
    # A stand-in for network I/O: the thread waits without holding the GIL.
    for _ in range(10):
        time.sleep(0.01)
    results[n] = "page %d" % n


def main():
    results = {}
    start = time.perf_counter()
    for n in range(10):
        download(n, results)
    serial = time.perf_counter() - start

    results = {}
    start = time.perf_counter()
    threads = [threading.Thread(target=download, args=(n, results)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    threaded = time.perf_counter() - start

    print("downloaded", len(results), "pages")
    print("serial:   %.2f s" % serial)
    print("threaded: %.2f s" % threaded)
    print("threads were about %.0fx faster" % (serial / threaded))


if __name__ == "__main__":
    main()
