# deque subclasses, its iterator types, __reduce__ (what pickle and copy
# use), __class_getitem__, weak references.
import _weakref
from _collections import deque, _deque_iterator, _deque_reverse_iterator


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


class D(deque):
    pass


d = D([1, 2])
print(d, type(d.copy()).__name__, type(d + deque([3])).__name__, type(d * 2).__name__)
print(D([1], 3).copy(), isinstance(d, deque), D.__mro__[1:])
cls, args, state, it = d.__reduce__()
print(cls.__name__, args, state, list(it))
d.x = 5
print(d.__reduce__()[2])
cls, args, state, it = deque('abc', 2).__reduce__()
print(cls, args, state, type(it).__name__)
rebuilt = cls(*args)
rebuilt.extend(it)
print(rebuilt)


class E(deque):
    def __init__(self, a, b):
        super().__init__([a, b], maxlen=3)
        self.tag = 'e'


e = E(1, 2)
print(e, e.maxlen, e.tag)
e.__init__(7, 8)
print(e)

it = iter(deque([1, 2, 3]))
print(type(it), type(reversed(deque())))
print(next(it), it.__length_hint__(), it.__reduce__()[1][1], list(it), it.__length_hint__())
rit = reversed(deque('abc'))
next(rit)
print(rit.__length_hint__(), rit.__reduce__()[1][1], list(rit))
print(list(_deque_iterator(deque([1, 2, 3]), 1)), list(_deque_reverse_iterator(deque([1, 2, 3]), 1)))
print(list(_deque_iterator(deque([1, 2, 3]), 7)), list(_deque_iterator(deque('xy'))))
t(lambda: _deque_iterator([1, 2], 1))
t(lambda: _deque_iterator())
big = deque(range(1000))
print(sum(big), sum(reversed(big)), list(_deque_iterator(big, 990)))

print(deque[int], deque.__name__, deque.__module__, deque.__qualname__)
print(deque.append.__qualname__, deque.maxlen)
r = _weakref.ref(d)
print(r() is d)
del d
print(repr(deque([[1, 2], (3,)])))
print(deque.__doc__.splitlines()[0])
