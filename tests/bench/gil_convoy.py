# GIL benchmark: the convoy effect.  A thread doing 200 short sleeps, alone
# and then beside a CPU-bound thread.  Each time it wakes up it must get the
# GIL back from the CPU-bound thread, which (under the "new GIL") takes up
# to one switch interval (5 ms): the I/O thread slows down a lot.
import threading
import time

SLEEPS = 200


def io_thread(out):
    t0 = time.perf_counter()
    for _ in range(SLEEPS):
        time.sleep(0.0001)
    out.append(time.perf_counter() - t0)


def spin(stop):
    n = 0
    while not stop:
        n += 1


def main():
    alone = []
    t = threading.Thread(target=io_thread, args=(alone,))
    t.start()
    t.join()
    stop = []
    cpu = threading.Thread(target=spin, args=(stop,))
    cpu.start()
    beside = []
    t = threading.Thread(target=io_thread, args=(beside,))
    t.start()
    t.join()
    stop.append(1)
    cpu.join()
    print("alone_s %.3f" % alone[0])
    print("beside_cpu_s %.3f" % beside[0])
    print("slowdown %.1f" % (beside[0] / alone[0]))


main()
