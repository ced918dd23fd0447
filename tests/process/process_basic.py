# Process: target/args/kwargs, subclass run(), name, pid, exitcodes, join, is_alive.
import multiprocessing as mp
import os
import sys
import time


def greet(who, punct="!"):
    print("hello", who + punct, mp.current_process().name)
    sys.stdout.flush()


def fail():
    raise ValueError("boom in child")


def leave(code):
    sys.exit(code)


def nap(t):
    time.sleep(t)


class Worker(mp.Process):
    def __init__(self, n):
        super().__init__(name="worker-%d" % n)
        self.n = n

    def run(self):
        print("worker run", self.n, self.name)


if __name__ == "__main__":
    p = mp.Process(target=greet, args=("world",), kwargs={"punct": "?"}, name="greeter")
    print(p.name, p.pid is None, p.exitcode)
    p.start()
    # Printed after join(): the child prints too, and two processes writing
    # to one stdout interleave in any order.
    pid_ok = (isinstance(p.pid, int), p.pid != os.getpid())
    p.join()
    print(*pid_ok)
    print("exitcode", p.exitcode, p.is_alive())

    w = Worker(3)
    w.start()
    w.join()
    print(w.name, w.exitcode)

    p = mp.Process(target=fail)
    p.start()
    p.join()
    print("after exception", p.exitcode)

    for code in (0, 3, 42):
        p = mp.Process(target=leave, args=(code,))
        p.start()
        p.join()
        print("sys.exit", code, "->", p.exitcode)

    p = mp.Process(target=nap, args=(5,))
    p.start()
    p.join(0.1)
    print("alive after join(0.1):", p.is_alive(), p.exitcode)
    p.terminate()
    p.join()
    print("terminated", p.exitcode, p.is_alive())

    p = mp.Process(target=nap, args=(5,))
    p.start()
    p.kill()
    p.join()
    print("killed", p.exitcode)
    p.close()
    try:
        p.pid
    except ValueError as e:
        print("ValueError", e)

    p = mp.Process(target=nap, args=(5,))
    p.start()
    import signal
    os.kill(p.pid, signal.SIGKILL)
    p.join()
    print("SIGKILL", p.exitcode)
    print(mp.active_children())
