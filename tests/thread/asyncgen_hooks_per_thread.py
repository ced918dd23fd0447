# sys.set_asyncgen_hooks and the coroutine origin tracking depth are per
# thread, as in CPython: each thread's event loop installs its own hooks
import sys
import threading

log = []

def make_hooks(tag):
    def firstiter(agen):
        log.append((tag, 'firstiter', agen.__name__))
    def finalizer(agen):
        log.append((tag, 'finalizer', agen.__name__))
    return firstiter, finalizer

async def agen_main():
    yield 1

async def agen_thread():
    yield 2

def step(agen):
    try:
        agen.__anext__().send(None)
    except StopIteration:
        pass

sys.set_asyncgen_hooks(*make_hooks('main'))
sys.set_coroutine_origin_tracking_depth(3)
seen = {}
keep = []

def worker():
    seen['hooks before'] = sys.get_asyncgen_hooks()
    seen['depth before'] = sys.get_coroutine_origin_tracking_depth()
    sys.set_asyncgen_hooks(*make_hooks('worker'))
    sys.set_coroutine_origin_tracking_depth(1)
    keep.append(agen_thread())   # kept: no finalizer call during the test
    step(keep[-1])

t = threading.Thread(target=worker)
t.start()
t.join()
keep.append(agen_main())
step(keep[-1])
print(seen['hooks before'], seen['depth before'])
print(sys.get_asyncgen_hooks().firstiter.__qualname__, sys.get_coroutine_origin_tracking_depth())
print(log)
sys.set_asyncgen_hooks(None, None)
sys.set_coroutine_origin_tracking_depth(0)
print(sys.get_asyncgen_hooks(), type(sys.get_asyncgen_hooks()).__name__)
