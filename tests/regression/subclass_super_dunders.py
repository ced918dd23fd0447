# super().__setitem__/__repr__/__iter__ and list.__add__(a, b): the slots of
# list, dict and set were not reachable as methods.
class LD(dict):
    def __setitem__(self, k, v):
        print('set', k)
        super().__setitem__(k, v)
    def __getitem__(self, k):
        print('get', k)
        return super().__getitem__(k)
    def __delitem__(self, k):
        super().__delitem__(k)
    def __repr__(self):
        return 'LD' + super().__repr__()
    def __contains__(self, k):
        return super().__contains__(k)
    def __len__(self):
        return super().__len__() + 100
d = LD()
d['a'] = 1
print(d['a'], d, 'a' in d, len(d))
del d['a']
print(d)
class LL(list):
    def __getitem__(self, i):
        return super().__getitem__(i) * 10
    def __iter__(self):
        return super().__iter__()
    def __eq__(self, o):
        return super().__eq__(o)
    def __setitem__(self, i, v):
        super().__setitem__(i, v)
    def __add__(self, o):
        return LL(super().__add__(o))
    def __str__(self):
        return 'LL' + super().__str__()
l = LL([1, 2])
l[0] = 5
print(l[0], list(l), l == [5, 2], l + [3], str(l))
class SS(set):
    def __repr__(self):
        return 'SS' + super().__repr__()
    def __iter__(self):
        return iter(sorted(super().__iter__()))
    def __len__(self):
        return super().__len__()
print(SS([3, 1]), list(SS([3, 1, 2])), len(SS([1])))
print(list.__repr__([1]), dict.__repr__({1: 2}), set.__repr__({1}), list.__len__([1, 2]), list.__eq__([1], [1]), dict.__getitem__({1: 2}, 1))
print(list.__add__([1], [2]), list.__contains__([1], 1), dict.__contains__({1: 2}, 1), list.__eq__([1], 5), set.__or__({1}, {2}), set.__or__({1}, 3))
print(frozenset.__or__(frozenset([1]), {2}), set.__rsub__({1}, {1, 2}), dict.__or__({1: 2}, {3: 4}), dict.__eq__({}, 1))
try:
    list.__add__([], 5)
except TypeError as e:
    print(e)
x = [1]
print(list.__iadd__(x, (2, 3)), x, list.__imul__(x, 2), list.__mul__([0], 3), list.__rmul__([0], 2))
l = [1, 2, 3]
list.__setitem__(l, 0, 9); list.__delitem__(l, 1)
print(l, list.__lt__([1], [2]), list.__ge__([1], [2]), sorted(iter(list.__iter__([3, 1]))))
