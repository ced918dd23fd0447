# property/staticmethod/classmethod called as functions.
class C:
    def __init__(self):
        self._v = 0
    def get_v(self):
        return self._v
    def set_v(self, v):
        self._v = v * 2
    v = property(get_v, set_v)
    ro = property(lambda self: 'read only')
    def plain(x):
        return x + 1
    plain = staticmethod(plain)
    def which(cls):
        return cls.__name__
    which = classmethod(which)
c = C()
c.v = 5
print(c.v, c.ro, C.plain(1), c.plain(2), C.which(), c.which())
print(type(C.__dict__['v']).__name__, type(C.__dict__['plain']).__name__, type(C.__dict__['which']).__name__)
try:
    c.ro = 1
except AttributeError:
    print('AttributeError on read-only property')
p = property(lambda s: 1)
print(p.fget is not None, p.fset is None)
class D(C):
    pass
print(D.which(), D().v)
