# CPython's Lib/operator.py on the native _operator: every function,
# itemgetter / attrgetter / methodcaller with reprs and __reduce__, errors.
import operator
import _operator as op


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


print(operator.add is op.add, operator.__lt__ is op.lt, operator.__doc__.splitlines()[0])
print(sorted(n for n in dir(op) if not n.startswith('__')) == sorted(operator.__all__ + ['_compare_digest']))
a, b = 17, 5
print([f(a, b) for f in (op.add, op.sub, op.mul, op.floordiv, op.truediv, op.mod, op.pow,
                         op.lshift, op.rshift, op.and_, op.or_, op.xor)])
print([f(a, b) for f in (op.lt, op.le, op.eq, op.ne, op.gt, op.ge, op.is_, op.is_not)])
print([f(-a) for f in (op.neg, op.pos, op.abs, op.inv, op.invert, op.not_, op.truth, op.index)])
x = [1]
print(op.iadd(x, [2]) is x, x, op.iconcat(x, 'ab'), op.imul([1, 2], 2), op.ipow(2, 10), op.ior({1}, {2}))
print(op.iand(6, 3), op.ixor(6, 3), op.isub(6, 3), op.itruediv(6, 4), op.ifloordiv(6, 4), op.imod(6, 4))
print(op.ilshift(1, 4), op.irshift(64, 2))
d = {}
op.setitem(d, 'k', 1)
print(op.getitem(d, 'k'), op.contains(d, 'k'), op.delitem(d, 'k'), d)
print(op.concat([1], [2]), op.concat('a', 'b'), op.countOf([1, 2, 1], 1), op.indexOf('abc', 'c'))
print(op.length_hint([1, 2]), op.length_hint(iter(range(4))), op.length_hint(5, 3), op.call(len, 'abc'))
print(op.call(dict, a=1), op._compare_digest(b'abc', b'abc'), op._compare_digest('abc', 'abd'),
      op._compare_digest(b'ab', bytearray(b'abc')))

class LH:
    def __init__(self, r):
        self.r = r
    def __length_hint__(self):
        return self.r

for r in [-1, 'x', NotImplemented, 4]:
    t(lambda: op.length_hint(LH(r), 7))
for bad in [lambda: op.add(1), lambda: op.add(1, 2, 3), lambda: op.add(a=1, b=2), lambda: op.neg(),
            lambda: op.setitem({}, 1), lambda: op.index(1.5), lambda: op.concat(1, 2),
            lambda: op.concat([1], (2,)), lambda: op.countOf(1, 1), lambda: op.indexOf([1, 2], 3),
            lambda: op.length_hint(5, 'a'), lambda: op.call(), lambda: op._compare_digest('abc', b'abc'),
            lambda: op._compare_digest('\xe9', '\xe9'), lambda: op._compare_digest(1, 2),
            lambda: op.lt(1, 'a'), lambda: op.truediv(1, 0), lambda: op.matmul(1, 2)]:
    t(bad)

ig, ig2 = op.itemgetter(1), op.itemgetter(2, 0, -1)
print(ig([1, 2, 3]), ig((4, 5)), ig('xy'), ig({1: 'one'}), ig2('abcd'), ig2(range(10)))
print(repr(ig), repr(op.itemgetter(1, 'a')), ig.__reduce__(), ig2.__reduce__())
print(sorted([(1, 'b'), (0, 'c'), (2, 'a')], key=op.itemgetter(1)))
ag = op.attrgetter('real', 'imag')
print(ag(3 + 4j), op.attrgetter('__class__.__name__')(3), repr(ag), repr(op.attrgetter('a.b')))
print(op.attrgetter('a.b').__reduce__())
mc = op.methodcaller('split', ',', maxsplit=1)
print(mc('a,b,c'), repr(mc), op.methodcaller('upper')('x'), op.methodcaller('upper').__reduce__())
f, fargs = mc.__reduce__()
print(repr(f), fargs, f(*fargs)('p,q,r'))
print(type(ig).__name__, type(ag).__module__, op.itemgetter.__doc__.splitlines()[0])
for bad in [lambda: op.itemgetter(), lambda: op.itemgetter(a=1), lambda: ig(), lambda: ig([1], 2),
            lambda: ig(x=1), lambda: ig([1]), lambda: op.attrgetter(1), lambda: op.attrgetter(),
            lambda: op.attrgetter('x')(1), lambda: op.methodcaller(), lambda: op.methodcaller(1),
            lambda: mc(), lambda: type('I', (op.itemgetter,), {})]:
    t(bad)
print(op.add.__doc__, op.length_hint.__doc__.splitlines()[0], op.add.__name__)
