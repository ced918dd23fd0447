# object.__reduce_ex__ / __reduce__ / __getstate__ (the copyreg protocol
# that pickle and copy use) and the built-in types' reductions.
import copyreg

def show(r):
    if isinstance(r, tuple):
        return tuple(show(x) for x in r)
    if callable(r) and hasattr(r, '__qualname__'):
        return f'{getattr(r, "__module__", "?")}.{r.__qualname__}'
    if hasattr(r, '__next__'):
        return ('iter', list(r))
    return r

def t(f):
    try:
        print(show(f()))
    except Exception as e:
        print(type(e).__name__, e)

class A:
    def __init__(self):
        self.x = 1
class B:
    __slots__ = ('p', 'q')
class C(int):
    pass
class L(list):
    pass
class D(dict):
    pass
class G:
    def __getstate__(self):
        return 'custom'
class N:
    def __getnewargs__(self):
        return (1, 2)
class NX:
    def __getnewargs_ex__(self):
        return ((1,), {'k': 2})
class BadNX:
    def __getnewargs_ex__(self):
        return [1]
class R:
    def __reduce__(self):
        return (R, ())
class S(set):
    pass

a, b = A(), B()
b.p = 5
for proto in (0, 1, 2, 4):
    t(lambda: a.__reduce_ex__(proto))
t(lambda: b.__reduce_ex__(2)); t(lambda: b.__getstate__()); t(lambda: a.__getstate__()); t(lambda: A.__new__(A).__getstate__())
t(lambda: C(5).__reduce_ex__(2)); t(lambda: L([1, 2]).__reduce_ex__(2)); t(lambda: D(a=1).__reduce_ex__(4))
t(lambda: G().__reduce_ex__(2)); t(lambda: N().__reduce_ex__(2)); t(lambda: NX().__reduce_ex__(2))
t(lambda: BadNX().__reduce_ex__(2)); t(lambda: R().__reduce_ex__(2)); t(lambda: R().__reduce__())
t(lambda: [1].__reduce_ex__(2)); t(lambda: {1: 2}.__reduce_ex__(2)); t(lambda: (1).__reduce_ex__(2))
t(lambda: (2.5).__reduce_ex__(2)); t(lambda: 'x'.__reduce_ex__(2)); t(lambda: (1, 2).__reduce_ex__(2))
t(lambda: {1, 2}.__reduce__()); t(lambda: frozenset([3]).__reduce__()); t(lambda: S([1]).__reduce_ex__(2))
t(lambda: range(1, 9, 2).__reduce__()); t(lambda: slice(1, None).__reduce__()); t(lambda: (1j).__reduce_ex__(2))
t(lambda: ValueError('x', 1).__reduce__()); t(lambda: KeyError().__reduce_ex__(2))
e = ValueError('m')
e.note = 'n'
t(lambda: e.__reduce__())
e2 = ValueError()
e2.__setstate__({'a': 1})
print(e2.a)
t(lambda: Ellipsis.__reduce__()); t(lambda: NotImplemented.__reduce__())
t(lambda: object().__reduce_ex__(2)); t(lambda: object().__reduce_ex__('x')); t(lambda: object().__reduce_ex__())
t(lambda: (1).__getnewargs__()); t(lambda: True.__getnewargs__()); t(lambda: C(7).__getnewargs__())
print(copyreg._slotnames(B), B.__slotnames__)
