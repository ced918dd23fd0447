# A bound built-in method stored in a class (ElementTree.iterparse's
# __next__ = generator.__next__) is not a descriptor: the class's slots
# and attribute look-up call it without self, as CPython does.
def g():
    yield 1
    yield 2
    yield 3
class I:
    __next__ = g().__next__
    m = [].append
    __len__ = "abc".__len__
    __call__ = "x".upper
it = I()
print(next(it), it.__next__(), I.__next__())
print(type(it.m).__name__, it.m is I.m, len(it), it())
