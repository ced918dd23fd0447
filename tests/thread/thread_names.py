# Default names ("Thread-N (target)"), repr states, name setter.
import threading


def f():
    pass


t = threading.Thread(target=f)
print(t.name.startswith("Thread-"), t.name.endswith("(f)"))
print(repr(t).endswith("initial)>"))
t.start()
t.join()
print(repr(t).split(",")[1].strip().startswith("stopped"))
t.name = "renamed"
print(t.name, t.getName())
u = threading.Thread(target=f, name="custom")
print(u.name)
print(threading.current_thread().name)
print(isinstance(threading.get_ident(), int), isinstance(threading.get_native_id(), int))
