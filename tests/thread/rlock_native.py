# _thread.RLock, the C reentrant lock behind threading.RLock (CPython's
# _CRLock): counts, owner, _release_save/_acquire_restore, repr, errors.
import _thread
import re
import threading
import weakref

print(threading.RLock is not _thread.RLock, type(threading.RLock()) is _thread.RLock)
print(_thread.RLock.__module__, _thread.RLock.__name__, _thread.RLock.__qualname__)
print(sorted(m for m in dir(_thread.RLock) if not m.startswith("__")))


def shape(r):
    return re.sub(r"0x[0-9a-f]+", "ADDR", repr(r).replace(str(_thread.get_ident()), "ME"))


r = _thread.RLock()
print(shape(r))
print(r.acquire(), r.acquire(True), r.acquire(blocking=False), r.acquire(timeout=0.5))
print(shape(r), r._is_owned(), r._recursion_count())
state = r._release_save()
print(state == (4, _thread.get_ident()), r._is_owned(), r._recursion_count(), shape(r))
r._acquire_restore(state)
print(r._is_owned(), r._recursion_count())
for _ in range(4):
    r.release()
print(shape(r), r._is_owned())

# the state is taken as given: another owner means not ours
r._acquire_restore([2, 5])
print(shape(r), r._is_owned())
r._at_fork_reinit()
print(shape(r), r.acquire(False))
r.release()

with r as got:
    print("with:", got, r._recursion_count())
print(r.__exit__ is not None, r.acquire(), r.__exit__(None, None, None, 1))


class Sub(_thread.RLock):
    pass


s = Sub()
print(shape(s), weakref.ref(s)() is s, repr(_thread.RLock(1, x=2))[:30])

def err(f, *a, **k):
    try:
        f(*a, **k)
    except Exception as e:
        print(type(e).__name__, e)


err(r.release)
err(r._release_save)
err(r.release, 1)
err(r._is_owned, 1)
err(r.acquire, False, 1)
err(r.acquire, timeout=-2)
err(r.acquire, timeout=1e300)
err(r.acquire, timeout=10**10)
err(r.acquire, timeout=float("nan"))
err(r.acquire, 1, 2, 3)
err(r.acquire, timeout="x")
err(r._acquire_restore)
err(r._acquire_restore, 1)
err(r._acquire_restore, (1,))
err(r._acquire_restore, (1, 2, 3))
err(r._acquire_restore, ("a", 2))
err(r._acquire_restore, (1, 2.0))
try:
    r._acquire_restore((1, 2), x=1)
except TypeError as e:
    print(e)
err(_thread.allocate_lock().release)
err(_thread.allocate_lock().release, 1)
lk = _thread.allocate_lock()
lk.acquire()
lk._at_fork_reinit()
print(lk.locked(), lk.acquire(False))
err(_thread.RLock.acquire, 5)
err(_thread.LockType.release, "x")
print(_thread.LockType.__name__, _thread.LockType.__module__, _thread.RLock.__doc__ is None or True)
