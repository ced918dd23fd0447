# CPython's Lib/types.py imports on baton and names the right types; it
# needs FunctionType.__code__ (getset_descriptor) and __globals__
# (member_descriptor), object.__subclasshook__ and None.__doc__; io and abc
# (through _py_abc and _weakrefset) import on top of it.
import types

def f(a, b=2):
    return a + b

print(types.GetSetDescriptorType.__name__, types.MemberDescriptorType.__name__)
print(type(f) is types.FunctionType, type(f.__code__) is types.CodeType)
print(types.FunctionType.__code__.__get__(f) is f.__code__)
print(types.FunctionType.__globals__.__get__(f) is globals())
print(object.__subclasshook__(), int.__subclasshook__())
print(None.__doc__, type(None).__doc__)
try:
    types.FunctionType.__code__.__get__(1)
except TypeError as e:
    print(e)

import abc
import io

class Base(abc.ABC):
    @abc.abstractmethod
    def run(self):
        pass

class Impl(Base):
    def run(self):
        return "ran"

print(Impl().run(), issubclass(Impl, Base))
try:
    Base()
except TypeError as e:
    print("TypeError", "abstract" in str(e))
s = io.StringIO()
s.write("hello")
print(s.getvalue(), isinstance(s, io.TextIOBase))
