"""Picture: I/O-bound threads overlap.

Four threads each "download" five pages: a short sleep stands in for the
network, then a little work on the result.  time.sleep() releases the
GIL, so the threads wait side by side and take the GIL only for the
short work in between.  On baton, `baton examples/gil_pictures_io.py
OUT.svg` traces it into OUT.svg.  Runs unchanged on CPython.
"""
import sys
import threading
import time

try:
    import gil
except ImportError:
    gil = None


def download(n, pages):
    for page in range(5):
        time.sleep(0.02)          # waiting for the network: GIL released
        total = 0
        for i in range(150_000):  # parsing the page: needs the GIL
            total += i
        pages.append((n, page))


def main():
    if gil and len(sys.argv) > 1:
        gil.trace_start(sys.argv[1])
    pages = []
    threads = [threading.Thread(target=download, args=(n, pages), name="download-%d" % n)
               for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if gil and len(sys.argv) > 1:
        gil.trace_stop()
    print("downloaded", len(pages), "pages with 4 threads")


if __name__ == "__main__":
    main()
