# sys.set_asyncgen_hooks: firstiter at the first __anext__, the finalizer
# when an unfinished async generator is collected (instead of closing it
# there), the hooks kept alive; cr_frame and ag_frame are frame objects.
import sys, gc, types
seen = []
def firstiter(agen):
    seen.append(("first", agen.__name__))
def finalizer(agen):
    seen.append(("final", agen.__name__))
    try:
        agen.aclose().send(None)
    except StopIteration:
        seen.append("closed")
async def ag():
    try:
        yield 1
        yield 2
    finally:
        seen.append("finally")
old = sys.get_asyncgen_hooks()
sys.set_asyncgen_hooks(firstiter, finalizer)
print(sys.get_asyncgen_hooks() == (firstiter, finalizer))
a = ag()
print(seen, a.ag_frame is not None, a.ag_running)
try:
    a.__anext__().send(None)
except StopIteration as e:
    print("got", e.value)
print(seen)
del a
gc.collect()
print(seen)
sys.set_asyncgen_hooks(*old)
async def co(): pass
c = co()
print(type(c.cr_frame).__name__, c.cr_frame.f_code is c.cr_code)
c.close()
print(c.cr_frame)
try:
    sys.set_asyncgen_hooks(firstiter=5)
except TypeError as e:
    print(e)
