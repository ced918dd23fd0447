# threading.stack_size: the size new threads get, CPython's checks and
# messages, and threads that really run with the size asked for.
import threading
import _thread

print(threading.stack_size())
for bad in (-1, 100, 32767, "x", 1.5, 10 ** 30):
    try:
        threading.stack_size(bad)
        print(bad, "accepted")
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__, e)
try:
    _thread.stack_size(0, 1)
except TypeError as e:
    print("TypeError", e)
print(threading.stack_size(65536))
print(threading.stack_size(1 << 20))
out = []

def work(n):
    # a modest recursion fits in a 1 MiB stack
    def r(k):
        return 0 if k == 0 else 1 + r(k - 1)
    out.append(r(n))

ts = [threading.Thread(target=work, args=(200,)) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(out)
print(threading.stack_size(0))
print(threading.stack_size())
