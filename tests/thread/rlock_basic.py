# RLock: the owner may acquire again; released as often as acquired.
import threading

r = threading.RLock()
print(r.acquire())
print(r.acquire())
print(r.acquire(timeout=0.01))
r.release()
r.release()
r.release()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)


def other(result):
    got = r.acquire(timeout=0.05)
    result.append(got)
    if got:
        r.release()


with r:
    res = []
    t = threading.Thread(target=other, args=(res,))
    t.start()
    t.join()
    print("other thread got it while held:", res[0])
res = []
t = threading.Thread(target=other, args=(res,))
t.start()
t.join()
print("other thread got it when free:", res[0])


def recurse(n):
    with r:
        return 0 if n == 0 else 1 + recurse(n - 1)


print(recurse(50))
