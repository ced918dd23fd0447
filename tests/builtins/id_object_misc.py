# id() stability and uniqueness (values never printed), object identity helpers.
a = [1]
b = [1]
print(id(a) == id(a), id(a) != id(b), type(id(a)).__name__)
keep = [object() for _ in range(5)]
print(len(set(id(o) for o in keep)))
class C:
    pass
c = C()
print(id(c) == id(c), hash(c) == hash(c), c == c, c != C())
