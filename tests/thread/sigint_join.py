# SIGINT interrupts a main thread blocked in join() with KeyboardInterrupt.
# Compared with sigint_join.exp, not with CPython: when the kernel gives the
# signal to another thread (it can on a loaded machine), CPython's main
# thread is not woken and join() returns after the sleeper's 10 s; baton
# always wakes the main thread.
import os
import signal
import threading
import time

release = threading.Event()


def sleeper():
    release.wait(10)


def killer():
    time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGINT)


t = threading.Thread(target=sleeper)
t.start()
k = threading.Thread(target=killer)
k.start()
try:
    t.join()
    print("join returned normally")
except KeyboardInterrupt:
    print("KeyboardInterrupt while blocked in join()")
release.set()
t.join()
k.join()
print("threads finished:", not t.is_alive(), not k.is_alive())
