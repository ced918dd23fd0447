# Every _io object can be weakly referenced, as in CPython (weakref.ref,
# WeakSet, finalize all used to raise "cannot create weak reference").
import io, weakref
objs = [io.BytesIO(), io.StringIO(), io.BufferedReader(io.BytesIO()),
        io.BufferedWriter(io.BytesIO()), io.BufferedRandom(io.BytesIO()),
        io.BufferedRWPair(io.BytesIO(), io.BytesIO()),
        io.TextIOWrapper(io.BytesIO()), open(__file__, "rb", buffering=0)]
ws = weakref.WeakSet()
for o in objs:
    r = weakref.ref(o)
    ws.add(o)
    print(type(o).__name__, r() is o, weakref.getweakrefcount(o) >= 1)
print(len(ws))
objs[-1].close()
