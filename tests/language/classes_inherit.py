# Single inheritance, overriding, super(), isinstance/issubclass, MRO.
class Animal:
    sound = '...'
    def __init__(self, name):
        self.name = name
    def speak(self):
        return '%s says %s' % (self.name, self.sound)
    def kind(self):
        return 'animal'
class Cat(Animal):
    sound = 'meow'
    def kind(self):
        return 'cat, a kind of ' + super().kind()
class Lion(Cat):
    sound = 'roar'
    def __init__(self, name, pride):
        super().__init__(name)
        self.pride = pride
    def kind(self):
        return 'lion < ' + super().kind()
for a in [Animal('generic'), Cat('Tom'), Lion('Leo', 'east')]:
    print(a.speak(), '|', a.kind())
l = Lion('Simba', 'west')
print(l.pride, isinstance(l, Animal), isinstance(l, Cat), isinstance(Cat('x'), Lion))
print(issubclass(Lion, Animal), issubclass(Animal, Lion), issubclass(Cat, Cat), issubclass(Cat, object))
print([c.__name__ for c in Lion.__mro__])
print(Lion.__base__.__name__, Cat.__bases__[0].__name__)
class Base:
    def template(self):
        return 'base(' + self.hook() + ')'
    def hook(self):
        return 'default'
class Derived(Base):
    def hook(self):
        return 'derived'
print(Base().template(), Derived().template())
class A:
    def who(self):
        return 'A'
class B(A):
    def who(self):
        return 'B>' + super(B, self).who()
class C(B):
    def who(self):
        return 'C>' + super().who()
print(C().who())
print(isinstance(3, (str, int)), isinstance('s', (list, tuple)))
class WithInitCall(A):
    pass
print(WithInitCall().who(), type(WithInitCall()).__mro__[1].__name__)
