# is / is not: singletons and object identity (no caching-dependent checks).
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c)
print(None is None, True is True, type(None) is type(None))
x = None
print(x is None, x is not None)
def f():
    pass
print(f() is None, f is f)
class K:
    pass
k1, k2 = K(), K()
print(k1 is k2, k1 is k1, type(k1) is K, type(k1) is type(k2))
t = (a,)
print(t[0] is a)
print(... is Ellipsis, NotImplemented is NotImplemented, repr(...))
s = 'shared'
s2 = s
print(s is s2)
d = {}
print(d.get('k') is None, [].sort() is None)
print(int is type(3), str is type(''), type(type) is type)
