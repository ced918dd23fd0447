# Calling types and instances; type objects as values.
converters = [int, float, str, bool, list, tuple]
for conv in converters:
    print(conv.__name__, repr(conv('1') if conv is not list and conv is not tuple else conv('12')))
ops = {'len': len, 'sum': sum, 'max': max, 'sorted': sorted}
for name in sorted(ops):
    print(name, ops[name]([3, 1, 2]))
class Factory:
    made = 0
    def __new__(cls, *a):
        Factory.made += 1
        return super().__new__(cls)
    def __init__(self, tag):
        self.tag = tag
f1, f2 = Factory('a'), Factory('b')
print(Factory.made, f1.tag, f2.tag)
class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
print(Singleton() is Singleton())
