# SIGINT interrupts a main thread blocked in join() with KeyboardInterrupt.
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
