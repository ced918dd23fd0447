# threading._dangling: a WeakSet of every Thread object still alive,
# started or not (test.support.threading_helper.threading_setup reads it:
# CPython's test_socket stopped in setUpModule without it).
import gc
import threading

before = threading._dangling.copy()
print(type(threading._dangling).__name__, threading.main_thread() in threading._dangling)
t = threading.Thread(target=lambda: None)
print("new thread in it:", t in threading._dangling)
t.start()
t.join()
print("ended, still referenced:", t in threading._dangling)
del t
gc.collect()
print("gone:", len(threading._dangling - before))
copy = threading._dangling.copy()
print(type(copy).__name__, copy == threading._dangling, len(copy) == len(threading._dangling))
