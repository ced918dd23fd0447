# __call__, __enter__/__exit__, __bool__, __hash__.
class Multiplier:
    def __init__(self, k):
        self.k = k
    def __call__(self, x, y=1):
        return self.k * x * y
m = Multiplier(3)
print(m(2), m(2, y=5), callable(m), callable(Multiplier), callable(3))
class Ctx:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print('exit', self.name, et.__name__ if et else None, ev)
        return self.suppress
with Ctx('a') as val:
    print('inside', val)
with Ctx('b', suppress=True):
    raise ValueError('swallowed')
print('after b')
try:
    with Ctx('c'):
        raise KeyError('kept')
except KeyError as e:
    print('caught', repr(e))
class Truthy:
    def __init__(self, v):
        self.v = v
    def __bool__(self):
        print('bool called')
        return self.v
print(bool(Truthy(False)), 'yes' if Truthy(True) else 'no', not Truthy(True))
class LenOnly:
    def __len__(self):
        return 0
print(bool(LenOnly()), 'empty' if not LenOnly() else 'full')
class Key:
    def __init__(self, k):
        self.k = k
    def __hash__(self):
        return self.k % 3
    def __eq__(self, o):
        return self.k == o.k
d = {Key(1): 'one', Key(4): 'four'}
print(d[Key(4)], len(d), Key(7) in d)
class NoHash:
    def __eq__(self, o):
        return True
try:
    hash(NoHash())
except TypeError as e:
    print('TypeError:', e)
class BadBool:
    def __bool__(self):
        return 1
try:
    bool(BadBool())
except TypeError as e:
    print('TypeError:', e)
