# __getattr__ (fallback only), __setattr__, __delattr__, getattr/setattr builtins.
class Proxy:
    def __init__(self, target):
        self.target = target
    def __getattr__(self, name):
        print('fallback for', name)
        return getattr(self.target, name)
p = Proxy([3, 1, 2])
p.append(0)
print(p.target, p.count(1))
print(p.target is p.__dict__['target'])
class Default:
    x = 1
    def __getattr__(self, name):
        if name.startswith('dyn_'):
            return name[4:]
        raise AttributeError(name)
d = Default()
print(d.x, d.dyn_hello, getattr(d, 'dyn_q'), hasattr(d, 'other'), getattr(d, 'other', 'dflt'))
class Logged:
    def __setattr__(self, name, value):
        print('set', name, value)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        print('delete', name)
        object.__delattr__(self, name)
l = Logged()
l.a = 1
setattr(l, 'b', 2)
print(l.a, l.b)
del l.a
print(hasattr(l, 'a'))
class Frozen:
    def __init__(self):
        object.__setattr__(self, 'v', 5)
    def __setattr__(self, n, v):
        raise AttributeError('frozen')
f = Frozen()
try:
    f.v = 6
except AttributeError as e:
    print('AttributeError:', e, f.v)
