# property with getter/setter/deleter, computed attributes, validation.
class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError('too cold')
        self._c = v
    @celsius.deleter
    def celsius(self):
        print('deleting')
        self._c = None
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
t = Temp(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print('ValueError:', e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print('AttributeError')
del t.celsius
print(t.celsius)
class Old:
    def get_x(self):
        return self._x * 2
    def set_x(self, v):
        self._x = v
    x = property(get_x, set_x, None, 'the x')
o = Old()
o.x = 21
print(o.x, Old.x.__doc__, type(Old.x).__name__)
class Lazy:
    @property
    def value(self):
        print('computing')
        return 42
l = Lazy()
print(l.value, l.value)
class Sub(Temp):
    @property
    def kelvin(self):
        return self.celsius + 273.15
print(Sub(1).kelvin, Sub(2).fahrenheit)
