# str(), repr() and ascii() of many kinds of value.
vals = [0, -5, 2.5, 1e100, True, None, 'text', "quo'te", [1, 'a'], (1,), {'k': 'v'}, {1}, set(),
        b'by', range(3), 10 ** 20, -0.0, float('inf'), (), [], {}, frozenset({2})]
for v in vals:
    print(str(v), '|', repr(v))
print(str(), str('x'), str(b'a', 'ascii'), ascii('caf\u00e9'), ascii([1, '\u00e9']))
print(repr('\x00\t\u00e9'), repr(str), repr(int), repr(len))
print(str(str), str(ValueError), repr(None.__class__))
class C:
    pass
print(repr(C).startswith("<class '"), repr(C()).startswith('<'), repr(C).endswith("C'>"))
