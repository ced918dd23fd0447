# weakref.ref(o) without a callback returns o's existing plain reference
# (CPython shares it), found in a table that grows and is rebuilt by every
# collection: check it across growth, collections and dead referents.
import gc
import weakref


class C:
    pass


objs = [C() for _ in range(3000)]
refs = [weakref.ref(o) for o in objs]
print(all(weakref.ref(o) is r for o, r in zip(objs, refs)))
gc.collect()
print(all(weakref.ref(o) is r for o, r in zip(objs, refs)))

# a callback or a subclass makes a new reference, never shared
def cb(r):
    pass

class R(weakref.ref):
    pass

o = objs[7]
a = weakref.ref(o, cb)
print(a is not refs[7], weakref.ref(o) is refs[7], weakref.ref(o, cb) is not a)
print(R(o) is not refs[7], type(R(o)).__name__)

# referents that die: their references are cleared, new objects get new ones
del objs[:1500]
gc.collect()
print(sum(r() is None for r in refs), sum(r() is not None for r in refs))
fresh = [C() for _ in range(3000)]
print(all(weakref.ref(f)() is f for f in fresh))
print(all(weakref.ref(f) is weakref.ref(f) for f in fresh))
print(all(weakref.ref(o) is r for o, r in zip(objs, refs[1500:])))

# a reference that died itself is not handed out again
o = C()
r1 = weakref.ref(o)
rid = id(r1)
del r1
gc.collect()
r2 = weakref.ref(o)
print(r2() is o, weakref.ref(o) is r2, weakref.getweakrefcount(o))
