# del on names, items, slices, attributes; assert.
x = 5
del x
try:
    x
except NameError as e:
    print('NameError:', e)
lst = [0, 1, 2, 3, 4]
del lst[0], lst[-1]
print(lst)
d = {'a': 1, 'b': 2}
del d['a']
print(d)
class O:
    pass
o = O()
o.attr = 1
del o.attr
print(hasattr(o, 'attr'))
try:
    del o.attr
except AttributeError as e:
    print('AttributeError:', e)
try:
    del d['zz']
except KeyError as e:
    print('KeyError:', e)
a, b = 1, 2
del a, b
print('a' in globals(), 'b' in globals())
assert True
assert 1 + 1 == 2, 'math works'
try:
    assert 1 > 2, 'one is not greater'
except AssertionError as e:
    print('AssertionError:', e)
try:
    assert []
except AssertionError as e:
    print('AssertionError args:', e.args)
def f():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return 'UnboundLocalError: ' + str(e)
print(f())
try:
    assert False, ('tuple', 'msg')
except AssertionError as e:
    print(e.args)
