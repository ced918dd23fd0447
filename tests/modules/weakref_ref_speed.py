# weakref.ref(o) of an object that has one already is O(1) (baton: heavy: 120000 isinstance calls, minutes with a collection at every allocation)
# It used to scan the whole heap each time: 45 s here, over the test timeout.
# isinstance through an ABC's WeakSet caches, many times (it used to scan
# the whole heap on every weakref.ref of an object already referenced)
import collections.abc
n = 0
for i in range(60000):
    n += isinstance('x', collections.abc.Mapping) + isinstance(i, collections.abc.Hashable)
print(n)
