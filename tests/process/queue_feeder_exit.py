# The main process puts more than a Queue holds and ends without anyone
# reading it.  queue_feeder_exit.exp: CPython's exit waits for its feeder
# thread for ever here; baton's main process has no children left that
# could read, so it drops what is pending and ends.  A child process that
# did the same would wait at its exit, as CPython's does, for its parent
# to read (see docs/processes.md).
import multiprocessing as mp

if __name__ == "__main__":
    q = mp.Queue()
    for i in range(12_000):
        q.put((i, "." * 100))
    q.put("x" * 2_000_000)
    print("put", q.qsize(), "items; nobody reads them")
