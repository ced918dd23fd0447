# Container protocol: __len__ __getitem__ __setitem__ __delitem__ __contains__ __iter__.
class Grid:
    def __init__(self):
        self.cells = {}
    def __getitem__(self, key):
        if key not in self.cells:
            raise KeyError(key)
        return self.cells[key]
    def __setitem__(self, key, v):
        print('set', key, v)
        self.cells[key] = v
    def __delitem__(self, key):
        print('del', key)
        del self.cells[key]
    def __len__(self):
        return len(self.cells)
    def __contains__(self, key):
        return key in self.cells
    def __iter__(self):
        return iter(sorted(self.cells))
g = Grid()
g[0, 0] = 'a'
g[1, 2] = 'b'
print(g[0, 0], len(g), (1, 2) in g, (5, 5) in g, list(g))
del g[0, 0]
print(len(g), bool(g))
try:
    g[9, 9]
except KeyError as e:
    print('KeyError:', e)
class Seq:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError
        return i * 10
print(list(Seq()), 20 in Seq(), [x for x in Seq()])
class Slicer:
    def __getitem__(self, k):
        return k
s = Slicer()
print(s[1], s[1:2], s[::3], s[1, 2:3], s['x'])
class Box:
    def __init__(self, *items):
        self.items = list(items)
    def __len__(self):
        return len(self.items)
    def __getitem__(self, i):
        return self.items[i]
b = Box(3, 1, 2)
print(len(b), b[0], b[-1], b[0:2], sorted(b), list(reversed(b)))
a, c, d = b
print(a, c, d)
class NoLen:
    pass
try:
    len(NoLen())
except TypeError as e:
    print('TypeError:', e)
class BadLen:
    def __len__(self):
        return -1
try:
    len(BadLen())
except ValueError as e:
    print('ValueError:', e)
