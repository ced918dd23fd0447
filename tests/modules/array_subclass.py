# array.array can be subclassed: __new__/__init__ overrides, a __dict__,
# the subclass name in repr; slices and sums are plain arrays.
import array
class A(array.array):
    def __new__(cls, tc, init=(), *, tag=None):
        self = super().__new__(cls, tc, init)
        self.tag = tag
        return self
    def __init__(self, tc, init=(), *, tag=None):
        pass
a = A("i", [1, 2, 3], tag="t")
print(type(a).__name__, a.tag, list(a), a.typecode, isinstance(a, array.array))
a.append(4)
print(a, len(a), a[1:], type(a[1:]).__name__, type(a + a).__name__)
print(bytes(a)[:4], memoryview(a).itemsize)
class B(array.array):
    pass
b = B("b", b"xy")
b.extra = 5
print(b, b.extra, vars(b))
try:
    array.array("i", [], tag=1)
except TypeError as e:
    print(e)
