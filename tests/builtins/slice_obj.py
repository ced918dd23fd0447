# slice objects: attributes, indices(), use as subscripts.
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, slice(5), slice(None, None, -1))
print(list(range(20))[s], 'abcdefghijkl'[s], (0, 1, 2, 3)[slice(2)])
print(s.indices(5), slice(None).indices(3), slice(-3, None).indices(10), slice(None, None, -1).indices(4))
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
class Get:
    def __getitem__(self, k):
        return (type(k).__name__, k.start, k.stop, k.step) if isinstance(k, slice) else k
print(Get()[1:2], Get()[::5], Get()[:], Get()[7])
try:
    [1, 2]['a':]
except TypeError as e:
    print('TypeError:', e)
try:
    hash(slice(1, 2))
    print('hashable')
except TypeError as e:
    print('TypeError:', e)
