# type, isinstance, issubclass.
print(type(1), type('s'), type([]), type(()), type({}), type(set()), type(None), type(1.0), type(True))
print(type(len), type(type), type(range(1)), type(b''))
print(type(1) is int, type('a') == str, type(type(1)) is type)
class A: pass
class B(A): pass
b = B()
print(isinstance(b, A), isinstance(b, B), isinstance(A(), B), isinstance(b, object))
print(isinstance(1, (str, float)), isinstance(1, (str, (int,))), isinstance(True, int))
print(issubclass(B, A), issubclass(A, B), issubclass(bool, int), issubclass(int, object), issubclass(B, (str, A)))
print(type(b).__name__, type(b).__base__.__name__, B.__mro__ == (B, A, object))
print(isinstance(int, type), isinstance(A, type), isinstance(None, type(None)))
try:
    isinstance(1, 'int')
except TypeError as e:
    print('TypeError:', e)
try:
    issubclass(1, int)
except TypeError as e:
    print('TypeError:', e)
T = type(3)
print(T('42') + 1, type('')(5))
print(isinstance(ValueError('x'), Exception), issubclass(KeyError, (ValueError, LookupError)))
