# map, filter, zip, enumerate and reversed can be subclassed as in CPython:
# the subclass's instances iterate like the base, keep a __dict__, and
# overridden methods are used.
class mymap(map):
    pass

class myfilter(filter):
    def __init__(self, f, it):
        self.tag = "filtered"

class myzip(zip):
    def __next__(self):
        a, b = super().__next__()
        return a + b

class myenum(enumerate):
    def __new__(cls, it, start=0, extra="x"):
        self = super().__new__(cls, it, start)
        self.extra = extra
        return self

class myrev(reversed):
    pass

m = mymap(lambda x: x + 10, range(4))
print(type(m).__name__, isinstance(m, map), list(m))
f = myfilter(None, [0, 1, "", "a"])
print(f.tag, list(f))
print(list(myzip([1, 2], [10, 20])))
e = myenum("ab", 5, extra="y")
print(e.extra, list(e))
r = myrev([1, 2, 3])
print(type(r).__name__, list(r), list(myrev(range(3))), list(myrev((4, 5))))
m.note = 1
print(m.note, sorted(vars(m)))
print(issubclass(mymap, map), mymap.__mro__[1].__name__)
