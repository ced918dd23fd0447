# sorted (key, reverse, stability) and reversed on sequences and custom types.
print(sorted([3, 1, 2]), sorted('cba'), sorted((1.5, -1)), sorted({'b': 1, 'a': 2}))
print(sorted([3, 1, 2], reverse=True), sorted(['a', 'B', 'c'], key=str.upper, reverse=True))
pairs = [(1, 'x'), (0, 'y'), (1, 'a'), (0, 'b')]
print(sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[0], reverse=True))
print(list(reversed([1, 2, 3])), list(reversed('abc')), list(reversed((1, 2))), list(reversed(range(3))))
print(list(reversed({'a': 1, 'b': 2})), ''.join(reversed('stressed')))
class R:
    def __reversed__(self):
        return iter('custom')
print(list(reversed(R())))
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        return i * 2
print(list(reversed(Seq())))
try:
    reversed({1, 2})
except TypeError as e:
    print('TypeError:', e)
try:
    sorted([1, 2], key=5)
except TypeError as e:
    print('TypeError:', e)
it = reversed([1, 2])
print(next(it), next(it), next(it, 'end'))
print(sorted([], key=len), sorted([[2], [1, 1], []], key=len))
