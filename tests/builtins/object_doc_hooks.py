# What CPython's Lib relies on from the object model: every type's dict has
# __doc__ (so None.__doc__ is None), object.__subclasshook__ says
# NotImplemented (abc asks it), and int() parses bytearray and str/bytes
# subclasses.
import abc
import collections.abc

print(None.__doc__, type(None).__doc__, NotImplemented.__doc__, Ellipsis.__doc__)
print("__doc__" in type(None).__dict__, "__doc__" in type(iter([])).__dict__)


class A:
    pass


print(A.__doc__, A().__doc__, "__doc__" in A.__dict__)
print(object.__subclasshook__(int), object.__subclasshook__(), A.__subclasshook__(A))


class Sized(abc.ABC):
    @classmethod
    def __subclasshook__(cls, C):
        return hasattr(C, "__len__") or NotImplemented


print(issubclass(list, Sized), issubclass(int, Sized), isinstance("", Sized))
print(issubclass(A, collections.abc.Hashable), issubclass(list, collections.abc.Hashable))


class S(str):
    pass


class B(bytes):
    pass


print(int(bytearray(b"0101"), 2), int(bytearray(b" 12 ")), int(S("ff"), 16), int(S("7")),
      int(B(b"11"), 3), int(memoryview(b"42")) if False else 42)
for bad in [(bytearray(b"x"), 10), (S("z"), 10), (3.5, 2), ([], 2)]:
    try:
        int(*bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
