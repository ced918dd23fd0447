# iter/next with defaults, sentinel form, StopIteration.
it = iter([10, 20])
print(next(it), next(it), next(it, 'default'), next(it, None))
try:
    next(it)
except StopIteration as e:
    print('StopIteration', e.args)
s = iter('ab')
print(list(s), next(s, '-'))
vals = [1, 2, 3, -1, 4]
pos = [0]
def reader():
    v = vals[pos[0]]
    pos[0] += 1
    return v
print(list(iter(reader, -1)))
d = iter({'x': 1})
print(next(d))
class Once:
    def __init__(self):
        self.done = False
    def __iter__(self):
        return self
    def __next__(self):
        if self.done:
            raise StopIteration('finished')
        self.done = True
        return 'only'
o = Once()
print(next(o), next(o, 'exhausted'))
try:
    iter(5)
except TypeError as e:
    print('TypeError:', e)
try:
    next(iter([]))
except StopIteration:
    print('empty')
t = iter((1, 2, 3))
print(sum(t), list(t))
