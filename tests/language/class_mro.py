# Multiple inheritance: the C3 MRO, cooperative super(), __bases__ and __base__.
class A:
    def who(self):
        return ["A"]


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()


class D(B, C):
    def who(self):
        return ["D"] + super().who()


print([k.__name__ for k in D.__mro__])
print([k.__name__ for k in D.mro()])
print(D().who())
print(D.__bases__ == (B, C), D.__base__ is B, A.__bases__ == (object,), object.__bases__)
print(super(B, D()).who(), super(C, D()).who())
print(isinstance(D(), C), issubclass(D, A), issubclass(C, B))


class X: pass
class Y: pass
class Z(X, Y): pass


try:
    class Bad(X, Z):
        pass
except TypeError as e:
    print("TypeError:", e)

try:
    class Dup(X, X):
        pass
except TypeError as e:
    print("TypeError:", e)


class Base:
    def __init__(self, **kw):
        print("Base", sorted(kw))


class Left(Base):
    def __init__(self, left=0, **kw):
        print("Left", left)
        super().__init__(**kw)


class Right(Base):
    def __init__(self, right=0, **kw):
        print("Right", right)
        super().__init__(**kw)


class Both(Left, Right):
    pass


Both(left=1, right=2, extra=3)
print([k.__name__ for k in Both.__mro__])


class M1(type):
    pass


T = type("T", (Left,), {"attr": 5, "__module__": "mymod"})
print(T.__name__, T.attr, T.__module__, T.__qualname__, [k.__name__ for k in T.__mro__])


class Grand:
    def f(self):
        return "grand"


class Parent(Grand):
    pass


class Child(Parent):
    def f(self):
        return "child+" + super(Parent, self).f()


print(Child().f())
print(super(Child, Child).f(Child()))
