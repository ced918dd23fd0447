# GIL benchmark: the convoy effect.  A thread doing 200 short sleeps
# (0.1 ms), alone and then beside a CPU-bound thread.  Each time it wakes up
# it must get the GIL back from the CPU-bound thread, which (under the "new
# GIL") takes up to one switch interval (5 ms): the I/O thread slows down a
# lot.  Then the same with examples/convoy.py's 20 sleeps of 1 ms
# (slowdown_1ms).
import threading
import time

def io_thread(out, sleeps, seconds):
    t0 = time.perf_counter()
    for _ in range(sleeps):
        time.sleep(seconds)
    out.append(time.perf_counter() - t0)


def spin(stop):
    n = 0
    while not stop:
        n += 1


def measure(sleeps, seconds):
    alone = []
    t = threading.Thread(target=io_thread, args=(alone, sleeps, seconds))
    t.start()
    t.join()
    stop = []
    cpu = threading.Thread(target=spin, args=(stop,))
    cpu.start()
    beside = []
    t = threading.Thread(target=io_thread, args=(beside, sleeps, seconds))
    t.start()
    t.join()
    stop.append(1)
    cpu.join()
    return alone[0], beside[0]


def main():
    alone, beside = measure(200, 0.0001)
    print("alone_s %.3f" % alone)
    print("beside_cpu_s %.3f" % beside)
    print("slowdown %.1f" % (beside / alone))
    alone, beside = measure(20, 0.001)
    print("slowdown_1ms %.2f" % (beside / alone))


main()
