# Truth values of every built-in kind, and in if/while.
values = [0, 1, -1, 0.0, 0.1, '', 'a', [], [0], (), (0,), {}, {0: 0}, set(), {0},
          None, True, False, range(0), range(1), b'', b'\x00', 10 ** 30, frozenset()]
for v in values:
    print(repr(v), bool(v), 'truthy' if v else 'falsy')
class Obj:
    pass
print(bool(Obj()), bool(Obj))
x = []
while not x:
    x.append(1)
print(x)
print(not None, not not 'a', [] or 'default', 0 or None)
