# _sre: CPython's exceptions and messages for wrong subjects, bad group
# references, bad arguments, invalid SRE code and bad sub() results.
import _sre
from _sre_util import find


def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print('ok', repr(r))


p = find('(?P<first>\\w+) (?P<last>\\w+)(?P<opt>!)?')
bp = find(b'x', 0)
show(p.match, 1)
show(p.search, None)
show(p.findall, 1.5)
show(p.match, b'ab cd')
show(bp.match, 'x')
show(bp.split, 'x')
show(p.sub, 'x', b'a b')
show(p.finditer, [])
show(p.scanner, 3)
show(p.match)
show(p.match, 'a b', 'x')
show(p.match, 'a b', 0, 1.0)
show(p.match, 'a b', 2 ** 70)
show(p.match, 'a b', pos=1)
show(p.match, 'a b', endpos=2)
show(p.match, string='a b', bogus=1)
show(p.split, 'a b', maxsplit='1')
show(p.sub, 'x')
show(p.subn, repl='-', string='a b c d', count=1)
m = p.match('Jane Doe')
for g in (4, -1, 'nope', 2 ** 80, -2 ** 80, 1.0, None):
    show(m.group, g)
show(m.group, [])
show(m.start, 'nope')
show(m.end, 9)
show(m.span, 'opt')
show(m.__getitem__, 7)
show(m.group, 1, 99)
show(m.groups, 1, 2)
show(find('(a)(b)?').match('a').group, 'a')
# sub() pieces of the wrong type
show(p.sub, lambda m: 1, 'x Jane Doe y')
show(p.sub, lambda m: None, 'x Jane Doe y')
show(p.sub, b'-', 'Jane Doe')
show(bp.sub, '-', b'axb')
show(bp.sub, lambda m: 'y', b'axb')


def boom(m):
    raise ValueError('from repl')


show(p.sub, boom, 'Jane Doe')
# the module functions
show(_sre.ascii_iscased, 'a')
show(_sre.unicode_tolower, 2 ** 40)
show(_sre.ascii_tolower, 65, 1)
print(_sre.ascii_iscased(ord('a')), _sre.ascii_iscased(ord('1')), _sre.unicode_iscased(0xe9),
      _sre.unicode_iscased(0x5d0), _sre.ascii_tolower(ord('Q')), _sre.unicode_tolower(0xc9),
      _sre.unicode_tolower(0x3a3), _sre.ascii_tolower(0xc9))
# compile() arguments and invalid code
show(_sre.compile, 'a', 0, (1,), 0, {}, ())
show(_sre.compile, 'a', 0, [1], 0, [], ())
show(_sre.compile, 'a', 0, [1], 0, {}, [])
show(_sre.compile, 'a', 'x', [1], 0, {}, ())
show(_sre.compile, 'a', 0, [1], 0, {})
show(_sre.compile, 1, 0, [1], 0, {}, ())
show(_sre.compile, None, 0, [1], 0, {}, ())
for code in ([], [0], [99, 1], [16], [16, 97], [16, 97, 1], [-1, 1], [2 ** 32, 1], [2 ** 40, 1],
             ['x', 1], [17, 0, 1], [17, 0, 17, 1, 1], [11, 0, 1], [7, 5, 16, 97, 15, 2, 0, 1],
             [24, 6, 0, 1, 16, 97, 1, 1], [24, 6, 2, 1, 16, 97, 1, 1],
             [13, 3, 99, 0, 1], [13, 4, 16, 97, 0, 1], [6, 99, 1], [8, 99, 1],
             [14, 4, 0, 0, 0, 1], [14, 5, 0, 0, 0, 1], [27, 2, 1, 1], [27, 3, 2, 1, 1]):
    show(_sre.compile, 'a', 0, code, 1, {}, ())
show(_sre.compile, 'a', 0, [1], -1, {}, ())
# instances are made by compile() and the methods only
show(type(p))
show(type(m))
# argument counts of the small methods
sc = p.scanner('a b')
for f, a in [(m.start, (1, 2)), (m.span, (1, 2)), (m.end, (1, 2)), (p.__deepcopy__, ()),
             (p.__copy__, (1,)), (m.__copy__, (1,)), (sc.match, (1,)), (m.expand, ()),
             (m.__getitem__, (1, 2)), (type(p).__class_getitem__, ()), (p.match, ('a', 1, 2, 3)),
             (_sre.getcodesize, (1,))]:
    show(f, *a)
show(m.start, group=1)
# the pieces are joined at the end: every replacement runs first
calls = []


def late(m):
    calls.append(m.group())
    return 7 if len(calls) == 2 else m.group().upper()


show(find('\\w+').sub, late, 'ab cd ef')
print(calls)
calls.clear()


def late_raise(m):
    calls.append(m.group())
    if len(calls) == 3:
        raise KeyError('third')
    return 1


show(find('\\w+').sub, late_raise, 'ab cd ef')
