# namedtuple: construction forms, defaults, errors, use as records.
from collections import namedtuple
Emp = namedtuple('Emp', 'name, dept, salary')
staff = [Emp('ann', 'eng', 120), Emp('bob', 'ops', 90), Emp(name='cy', dept='eng', salary=100)]
for e in sorted(staff, key=lambda e: e.salary):
    print(e)
print(max(staff, key=lambda e: e.salary).name, sum(e.salary for e in staff))
by_dept = {}
for e in staff:
    by_dept.setdefault(e.dept, []).append(e.name)
print(by_dept)
R = namedtuple('R', ['a', 'b', 'c'], defaults=[0, 1])
print(R(5), R(5, 6), R(5, c=9), R._field_defaults, R._fields)
r = R(1, 2, 3)
print(r._asdict(), r._replace(b=20), r.count(2), r.index(3), 2 in r, r[0:2])
a, b, c = r
print(a, b, c, r == (1, 2, 3), hash(r) == hash((1, 2, 3)))
for args, kw in [((1, 2, 3, 4), {}), ((), {'b': 1}), ((1,), {'a': 2})]:
    try:
        R(*args, **kw)
    except TypeError as e:
        print('TypeError:', e)
try:
    namedtuple('Bad', 'x _y')
except ValueError as e:
    print('ValueError:', e)
try:
    namedtuple('Bad', 'x x')
except ValueError as e:
    print('ValueError:', e)
