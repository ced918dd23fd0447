# threading.local subclasses: __init__ runs again, with the constructor's
# arguments, in every thread that touches the object; properties and
# methods of the class work; each thread sees its own attributes.
import threading


class Counter(threading.local):
    created = 0

    def __init__(self, start, step=1):
        Counter.created += 1
        self.value = start
        self.step = step

    def bump(self):
        self.value += self.step
        return self.value

    @property
    def doubled(self):
        return self.value * 2


c = Counter(10, step=5)
print(c.bump(), c.doubled)
out = []


def worker(n):
    for _ in range(n):
        c.bump()
    out.append((n, c.value))


ts = [threading.Thread(target=worker, args=(i,)) for i in (1, 2, 3)]
for t in ts:
    t.start()
    t.join()
print(sorted(out), c.value, Counter.created)
try:
    threading.local(1)
except TypeError as e:
    print("TypeError:", e)


class Plain(threading.local):
    pass


try:
    Plain(1)
except TypeError as e:
    print("TypeError:", e)
p = Plain()
p.x = 1


def see():
    out.append(hasattr(p, "x"))


t = threading.Thread(target=see)
t.start()
t.join()
print(out[-1], p.x, type(p).__name__, isinstance(p, threading.local))
