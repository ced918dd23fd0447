# dir() of an instance and of a class lists the attributes of every class
# in the MRO, also those reached only through a second base.
class A:
    def a(self):
        pass

class B(A):
    def b(self):
        pass

class C(A):
    def c(self):
        pass

class D(B, C):
    def d(self):
        pass

class M:
    def m(self):
        pass

class E(D, M):
    pass

for obj in (D(), D, E(), E):
    names = dir(obj)
    print([n for n in names if not n.startswith("__")], names == sorted(names))
e = E()
e.own = 1
print("own" in dir(e), "m" in dir(e), "__class__" in dir(e), "mro" in dir(E))
