# _sre: the Pattern, Match and Scanner objects' attributes and methods
# (group by index and name, groups/groupdict defaults, start/end/span,
# lastindex/lastgroup, regs, reprs with flags and truncation, equality,
# hashing, copies, type names).

from _sre_util import find

p = find('(?P<first>\\w+) (?P<last>\\w+)(?P<opt>!)?')
print(p.pattern, p.flags, p.groups, sorted(p.groupindex.items()), type(p.groupindex).__name__)
m = p.match('Jane Doe rest')
print(repr(m), bool(m))
print(m.group(), m.group(0), m.group(1), m.group('last'), m.group(1, 'last', 3))
print(m[0], m['first'], m[2], m[3], m[True])
print(m.groups(), m.groups('-'), m.groups(default=0))
print(sorted(m.groupdict().items()), sorted(m.groupdict('?').items()))
print(m.start(), m.end(), m.span(), m.start(2), m.end('last'), m.span('opt'), m.span(3))
print(m.lastindex, m.lastgroup, m.regs)
print(m.string, m.re is p, m.pos, m.endpos)
print(m.__copy__() is m, m.__deepcopy__({}) is m, p.__copy__() is p, p.__deepcopy__(None) is p)
m2 = p.search('>> Jane Doe!', 1, 11)
print(repr(m2), m2.pos, m2.endpos, m2.groups(), m2.lastgroup)
m3 = p.search('A B!')
print(m3.groups(), m3.lastindex, m3.lastgroup, m3.span('opt'))

q = find('(a)(b)?')
mq = q.match('ac')
print(mq.groups(), mq.group(2), mq.start(2), mq.span(2), mq.lastindex, mq.lastgroup, mq.regs)
print(sorted(q.groupindex.items()), q.groups)
print(find('((a)(b))').match('ab').lastindex)
ab = find('(?P<a>x)|(?P<b>y)')
print(ab.match('y').lastgroup, ab.match('x').lastgroup, ab.match('y').groupdict())

# reprs
for pat, flags in [('x', 2 | 8 | 16 | 32), ('x', 64 | 256), ('x', 2 | 32), (b'x', 4 | 2), (b'x', 0)]:
    print(repr(find(pat, flags)))
print(repr(find('a' * 300)))
print(repr(find('.+').match('x' * 100)))
print(repr(find('.+').match('it\'s "q"\n')))
print(repr(find(b'x', 0).match(b'x')))
print(repr(find('(?P<n>.)').match('\u20ac')))

# equality and hashing
p2 = find('(?P<first>\\w+) (?P<last>\\w+)(?P<opt>!)?')
print(p == p2, p != p2, hash(p) == hash(p2), p == find('(a)(b)?'), p == 'x', p != 1)
print(len({p, p2}), p2 is not p)

# type names
print(type(p).__name__, type(p).__module__, type(m).__name__, type(m).__module__)
sc = p.scanner('a b c d')
print(type(sc).__name__, type(sc).__module__, sc.pattern is p)
print(sc.match().span(), sc.match(), sc.search(), sc.search())
print(type(p.finditer('')).__name__)
gi = p.groupindex
try:
    gi['x'] = 1
except TypeError as e:
    print('TypeError:', e)
print(gi['last'], len(gi), 'opt' in gi, type(find('(a)(b)?').groupindex).__name__)
print(type(p).__class_getitem__(str), type(m)[bytes])

# subjects of classes derived from str and bytes: slices are exact types
class S(str):
    pass


class B(bytes):
    pass


q = find('(a)(b)?')
ms = q.match(S('ab'))
print(ms, type(ms.string).__name__, type(ms.group(0)).__name__, type(ms.group(1)).__name__)
print(q.findall(S('abab')), q.sub('-', S('xab')), q.split(S('xaby')), type(q.sub('-', S('x'))).__name__)
print(find(b'x', 0).match(B(b'x')), type(find(b'x', 0).sub(b'y', B(b'z'))).__name__)
