# getattr / setattr / hasattr / delattr / callable / vars / dir.
class P:
    cls_attr = 'c'
    def method(self):
        return 'm'
p = P()
setattr(p, 'x', 10)
print(getattr(p, 'x'), getattr(p, 'cls_attr'), getattr(p, 'nope', 'dflt'), getattr(p, 'method')())
print(hasattr(p, 'x'), hasattr(p, 'y'), hasattr(P, 'method'), hasattr(5, 'bit_length'))
delattr(p, 'x')
print(hasattr(p, 'x'))
try:
    getattr(p, 'missing')
except AttributeError as e:
    print('AttributeError:', e)
try:
    delattr(p, 'missing')
except AttributeError as e:
    print('AttributeError:', e)
try:
    getattr(p, 5)
except TypeError as e:
    print('TypeError:', e)
print(callable(len), callable(P), callable(p), callable(p.method), callable(None), callable('s'))
p.a, p.b = 1, 2
print(vars(p), p.__dict__ is vars(p))
print([n for n in dir(P) if not n.startswith('__')])
print([n for n in dir(p) if not n.startswith('__')])
setattr(P, 'added', 42)
print(p.added, getattr(P, 'added'))
print(getattr([], 'append').__name__, getattr('abc', 'upper')())
