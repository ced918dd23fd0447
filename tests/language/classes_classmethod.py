# classmethod, staticmethod, alternative constructors.
class Date:
    created = 0
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
        Date.created += 1
    @classmethod
    def from_string(cls, s):
        y, m, d = map(int, s.split('-'))
        return cls(y, m, d)
    @staticmethod
    def is_leap(y):
        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    @classmethod
    def count(cls):
        return cls.created
    def __repr__(self):
        return '%s(%d, %d, %d)' % (type(self).__name__, self.y, self.m, self.d)
class MyDate(Date):
    pass
print(Date.from_string('2024-02-29'), MyDate.from_string('1999-12-31'))
print(Date.is_leap(2000), Date.is_leap(1900), Date(1, 1, 1).is_leap(2024))
print(Date.count(), MyDate.count())
d = Date(2020, 1, 1)
print(d.from_string('2001-01-01'), d.count())
sm = staticmethod(len)
cm = classmethod(lambda cls: cls.__name__)
class X:
    size = sm
    name = cm
print(X.size('abc'), X().size([1]), X.name(), X().name())
class Registry:
    items = []
    @classmethod
    def add(cls, x):
        cls.items.append(x)
        return cls
Registry.add(1).add(2)
print(Registry.items)
