# Function arguments: defaults, *args, **kwargs, keyword-only, positional-only.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9))
print(f(a=1, c=0, z=1))
def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, 3), pos_only(1, 2, c=3))
def kw_only(*, x, y=0):
    return x - y
print(kw_only(x=5), kw_only(y=1, x=5))
def star(*args, **kwargs):
    return args, sorted(kwargs.items())
print(star(), star(1, 2, k=3), star(*[1, 2], **{'a': 1}))
def defaults(x, lst=[]):
    lst.append(x)
    return lst
print(defaults(1), defaults(2), defaults(3, []))
def mixed(a, b, c=3):
    return a * 100 + b * 10 + c
args = (1, 2)
print(mixed(*args), mixed(*args, 5), mixed(1, *[2]), mixed(**{'a': 1, 'b': 2, 'c': 0}))
print(mixed(b=1, a=2), mixed(1, c=1, b=1))
def doc():
    """A docstring."""
    return None
print(doc(), doc.__doc__, doc.__name__)
def ret_many():
    return 1, 'two', [3]
a, b, c = ret_many()
print(a, b, c)
def no_ret():
    pass
print(no_ret())
for call in [lambda: mixed(1), lambda: mixed(1, 2, 3, 4), lambda: mixed(1, 2, d=1),
             lambda: mixed(1, 2, a=1), lambda: kw_only(1), lambda: pos_only(1, b=2, c=3),
             lambda: f(1)]:
    try:
        call()
    except TypeError as e:
        print('TypeError:', e)
