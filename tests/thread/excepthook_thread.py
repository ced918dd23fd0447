# An exception in a thread is reported and the program goes on.
import sys
import threading


def boom():
    raise ValueError("boom in thread")


t = threading.Thread(target=boom, name="failing")
t.start()
t.join()
print("main thread continues")
seen = []
old = threading.excepthook
threading.excepthook = lambda args: seen.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))
t = threading.Thread(target=boom, name="hooked")
t.start()
t.join()
threading.excepthook = old
print(seen)
