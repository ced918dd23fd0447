# super() in methods and __init__, object() basics.
class Base:
    def __init__(self, x):
        self.x = x
        print('Base.__init__', x)
    def describe(self):
        return 'Base(%s)' % self.x
    @classmethod
    def make(cls):
        return cls.__name__ + ' made'
class Mid(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
    def describe(self):
        return 'Mid[' + super().describe() + ']'
    @classmethod
    def make(cls):
        return 'Mid>' + super().make()
class Leaf(Mid):
    def describe(self):
        return 'Leaf{' + super(Leaf, self).describe() + '}'
l = Leaf(1, 2)
print(l.describe(), l.x, l.y, Leaf.make())
o = object()
print(type(o).__name__, isinstance(o, object), o == o, o != object())
try:
    o.attr = 1
except AttributeError as e:
    print('AttributeError:', e)
class S:
    def __repr__(self):
        return 'S+' + super().__repr__()[:2]
    def __eq__(self, other):
        return super().__eq__(other)
print(repr(S()), S() == S(), S().__eq__(3))
print(object.__name__, type(object()).__mro__)
