# Classes: attributes, methods, class vs instance attributes.
class Dog:
    species = 'canis'
    count = 0
    def __init__(self, name):
        self.name = name
        self.tricks = []
        Dog.count += 1
    def add_trick(self, trick):
        self.tricks.append(trick)
        return self
    def describe(self):
        return '%s knows %s' % (self.name, ', '.join(self.tricks) or 'nothing')
a = Dog('Rex')
b = Dog('Fido')
a.add_trick('sit').add_trick('roll')
print(a.describe(), '|', b.describe())
print(Dog.count, a.species, Dog.species, a.count)
a.species = 'own'
print(a.species, b.species, Dog.species)
del a.species
print(a.species)
print(type(a).__name__, type(a) is Dog, isinstance(a, Dog), Dog.__name__)
m = a.describe
print(m())
print(Dog.describe(b))
class Empty:
    pass
e = Empty()
e.x = 1
e.y = [2]
print(e.x, e.y, hasattr(e, 'x'), hasattr(e, 'z'), getattr(e, 'z', 'none'))
print(sorted(vars(e).items()), sorted(e.__dict__))
class WithDoc:
    """Docstring of the class."""
    def m(self):
        return self
print(WithDoc.__doc__, WithDoc().m().__class__.__name__)
try:
    e.missing
except AttributeError as ex:
    print('AttributeError:', ex)
try:
    Dog()
except TypeError as ex:
    print('TypeError:', ex)
class Point:
    def __init__(self, x=0, y=0):
        self.x, self.y = x, y
pts = [Point(i, i * i) for i in range(4)]
print([(p.x, p.y) for p in pts])
print(Dog.__qualname__, Point.__init__.__qualname__)
