# with statements: multiple items, suppression, ordering, nesting.
class CM:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print('enter', self.name)
        return self
    def __exit__(self, et, ev, tb):
        print('exit', self.name, 'with' if et else 'without', 'exception')
        return self.suppress
with CM('a') as a, CM('b') as b:
    print('body', a.name, b.name)
with CM('outer', suppress=True):
    with CM('inner'):
        raise ValueError('x')
    print('not reached')
print('continued')
def ret_inside():
    with CM('r'):
        return 'returned'
print(ret_inside())
for i in range(3):
    with CM('loop%d' % i):
        if i == 1:
            continue
        if i == 2:
            break
        print('loop body', i)
class Fails:
    def __enter__(self):
        raise RuntimeError('enter failed')
    def __exit__(self, *a):
        print('should not run')
try:
    with CM('first'), Fails():
        print('no')
except RuntimeError as e:
    print('caught', e)
class Inspect:
    def __enter__(self):
        return 'value'
    def __exit__(self, et, ev, tb):
        print(et.__name__, repr(ev), tb is not None)
        return True
with Inspect() as v:
    print(v)
    {}['missing']
try:
    with 5:
        pass
except (TypeError, AttributeError) as e:
    print('not a context manager')
