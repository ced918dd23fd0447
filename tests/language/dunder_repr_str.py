# __repr__ and __str__: print, str(), repr(), containers use repr.
class A:
    def __repr__(self):
        return 'A()'
class B:
    def __str__(self):
        return 'B as str'
class C:
    def __repr__(self):
        return 'C-repr'
    def __str__(self):
        return 'C-str'
a, b, c = A(), B(), C()
print(a, str(a), repr(a))
print(b, str(b))
print(c, str(c), repr(c), [c], (c,), {'k': c})
print('%s %r' % (c, c), '{} {!r}'.format(c, c), f'{c} {c!r}')
class Sub(C):
    pass
print(Sub(), [Sub()])
class Frac:
    def __init__(self, n, d):
        self.n, self.d = n, d
    def __repr__(self):
        return 'Frac(%r, %r)' % (self.n, self.d)
    def __str__(self):
        return '%d/%d' % (self.n, self.d)
fr = Frac(1, 3)
print(fr, repr(fr), [fr, Frac(2, 5)])
class Bad:
    def __repr__(self):
        return 42
try:
    repr(Bad())
except TypeError as e:
    print('TypeError:', e)
print(str(B()).upper(), len(repr(A())))
class Fmt:
    def __format__(self, spec):
        return 'F[' + spec + ']'
print(format(Fmt(), 'abc'), f'{Fmt():xyz}', '{:q}'.format(Fmt()))
