# What kept CPython's enum, re, io, selectors and socket from importing:
# class-level FunctionType.__code__, None.__doc__, writable property
# docs, object.__subclasshook__, int(bytearray, base), str % tuple
# subclass, code.replace(co_flags=...), _checkWritable on RawIOBase.
import io
import types


def f():
    pass


print(type(types.FunctionType.__code__).__name__, type(types.FunctionType.__globals__).__name__)
print(None.__doc__, type(None).__doc__)
p = property(lambda self: 1)
p.__doc__ = 'documented'
print(p.__doc__)
print(object.__subclasshook__(), io.RawIOBase.__subclasshook__(int))
print(int(bytearray(b'101'), 2), int(b'ff', 16))


class T(tuple):
    pass


print('%s-%s' % T((1, 2)))
c = f.__code__.replace(co_flags=f.__code__.co_flags | 0x100)
print(c.co_flags & 0x100, c.co_name, f.__code__.co_flags & 0x100)
print(f.__code__.replace(co_name='g').co_name)


class R(io.RawIOBase):
    def writable(self):
        return True


print(R()._checkWritable(), R()._checkSeekable.__name__)
try:
    R()._checkReadable()
except io.UnsupportedOperation as e:
    print(type(e).__name__, e)
print(float.__getformat__('double'), float.__getformat__('float'))
for bad in ['int', 1]:
    try:
        float.__getformat__(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
