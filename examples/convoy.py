"""The convoy effect: an I/O thread beside a CPU-bound thread.

The I/O thread sleeps 1 ms twenty times.  Alone, that takes about 20 ms.
Beside a CPU-bound thread, each time it wakes up it must wait for the GIL
until the switch interval (5 ms) runs out and the CPU thread is asked to
drop it: the same twenty sleeps take about six times longer.  This is the
known weak spot of CPython's GIL since 3.2, and of baton's default policy.
`baton --gil=fair examples/convoy.py` runs it under a GIL that gives a
thread back from a sleep the lock at the holder's next check point: the
convoy goes away (`--gil=old`: CPython 2's lock).  On baton,
`baton examples/convoy.py OUT.svg` traces the second run into OUT.svg.
"""
import sys
import threading
import time

try:
    import gil
except ImportError:
    gil = None

SLEEPS = 20


def io_bound(result):
    start = time.perf_counter()
    for _ in range(SLEEPS):
        time.sleep(0.001)
    result.append(time.perf_counter() - start)


def cpu_bound(done):
    n = 0
    while not done:
        n += 1


def main():
    alone = []
    io_bound(alone)

    if gil and len(sys.argv) > 1:
        gil.trace_start(sys.argv[1])
    beside, done = [], []
    cpu = threading.Thread(target=cpu_bound, args=(done,), name="cpu-bound")
    io = threading.Thread(target=io_bound, args=(beside,), name="io-bound")
    cpu.start()
    io.start()
    io.join()
    done.append(True)
    cpu.join()
    if gil and len(sys.argv) > 1:
        gil.trace_stop()

    print("%d sleeps of 1 ms, alone:            %3.0f ms" % (SLEEPS, alone[0] * 1000))
    print("%d sleeps of 1 ms, beside CPU work:  %3.0f ms" % (SLEEPS, beside[0] * 1000))
    print("slower by about %.0fx: each wake-up waits for the GIL" % (beside[0] / alone[0]))


if __name__ == "__main__":
    main()
