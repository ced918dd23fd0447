# __slots__ in a class whose secondary base gives instances a __dict__ (minidom's
# ProcessingInstruction(Childless, Node)): the instances keep a __dict__
class A: pass
class M: __slots__ = ()
class S: __slots__ = ('q',)
class B(M, A): __slots__ = ('x',)
b = B(); b.x = 1; b.y = 2
print(b.__dict__, b.x, hasattr(B, '__dict__'))
class C(S, A): __slots__ = ()
c = C(); c.q = 1; c.z = 3; print(c.__dict__, c.q)
class D(M, S): __slots__ = ()
try:
    D().w = 1
except AttributeError as e: print(e)
