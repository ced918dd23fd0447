# and/or/not, short-circuit, values returned.
print(True and False, True or False, not True, not 0)
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or 'default', '' or [] or 0)
print([] and 1, [0] and 1, not [], not [0])
def side(name, val):
    print('eval', name)
    return val
print(side('a', False) and side('b', True))
print(side('a', True) or side('b', True))
print(side('a', True) and side('b', 0) or side('c', 'C'))
print(not 1 == 2, not (1 and 0))
x = 0
r = x != 0 and 10 / x
print(r)
print(True + 1, True * 3, False - 1, int(True))
print(bool(0), bool(1), bool(-1), bool(0.0), bool(''), bool('a'), bool(None))
print(bool([]), bool([0]), bool(()), bool({}), bool({0: 0}), bool(set()))
print(True is True, (not None) is True, str(True), repr(False))
print(True == 1, False == 0, True & False, True | False, True ^ True)
print(isinstance(True, int), type(True).__name__, True > False)
a = b = c = 0
print(a or b or c or 'all zero')
