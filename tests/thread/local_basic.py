# threading.local: each thread sees its own attributes.
import threading

data = threading.local()
data.x = "main"
seen = {}


def work(n):
    print_missing = not hasattr(data, "x")
    data.x = n
    seen[n] = (print_missing, data.x)


ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(seen.items()))
print(data.x)
try:
    del data.nothing
except AttributeError:
    print("AttributeError")
