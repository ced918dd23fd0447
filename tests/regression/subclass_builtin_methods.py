# Instances of list/dict/set subclasses could not call inherited methods
# ("descriptor 'append' for 'list' objects doesn't apply to a 'L' object"),
# operators refused them and set operations returned the subclass.
class L(list):
    def total(self):
        return sum(self)
l = L([3, 1, 2])
l.append(5); l.extend([0, 9]); l.sort(); l.insert(0, -1)
print(l, len(l), l.total(), type(l).__name__, isinstance(l, list), l[1], l[1:3], list(l))
for x in l: print(x, end=' ')
print()
print(l.pop(), l.index(3), l.count(1), 3 in l, l == [-1, 0, 1, 2, 3, 5], l + [1], sorted(l, reverse=True))
l.reverse(); l.remove(3); print(l, repr(l), str(l), l.copy(), bool(L()))
l[0] = 100; del l[1]; print(l, max(l), min(l), list(reversed(l)))
class D(dict):
    def __missing__(self, key):
        return key * 2
d = D(a=1)
d['b'] = 2
print(d['a'], d['zz'], d, len(d), d.get('a'), d.get('q', 7), 'zz' in d, list(d.keys()), list(d.items()), d.pop('a'), d)
d.update({'c': 3}); d.setdefault('e', 5); print(d, sorted(d), dict(d), d.copy(), type(d.copy()).__name__)
class S(set):
    pass
s = S([3, 1, 2])
s.add(4); s.discard(1); s.update([7, 8]); s.remove(2)
print(s, len(s), 3 in s, sorted(s), s | {100}, s & {3, 4}, s - {3}, s.union([9]), s.issubset({3, 4, 7, 8, 9}), type(s).__name__)
print(s == {3, 4, 7, 8}, s.pop() in {3, 4, 7, 8}, s.copy(), S())
class Stack(list):
    def push(self, x):
        self.append(x)
    def peek(self):
        return self[-1]
st = Stack()
st.push(1); st.push(2)
print(st, st.peek(), st.pop(), st, len(st), st * 2, 2 * st, [0] + st, st + [5], st == [1], [1] == st)
st += [7]; st *= 2
print(st, type(st).__name__, st[::-1], sorted(st), st > [0], st < [2])
class Named(list):
    def __init__(self, name, items):
        super().__init__(items)
        self.name = name
    def __repr__(self):
        return f'{self.name}:{list.__repr__(self)}'
n = Named('n', (1, 2))
n.extend(range(3))
print(n, len(n), n.name, str(n), [n])
class Counter(dict):
    def __missing__(self, k):
        self[k] = 0
        return 0
    def add(self, k):
        self[k] += 1
c = Counter()
for w in 'a b a c b a'.split(): c.add(w)
print(c, c['zz'], sorted(c.items()), c == {'a': 3, 'b': 2, 'c': 1, 'zz': 0}, {'x': 1} | c, len(c), list(c), c.keys())
class Attr(dict):
    def __getattr__(self, k):
        try:
            return self[k]
        except KeyError:
            raise AttributeError(k)
a = Attr(x=1, y=2)
print(a.x, a.y, a, hasattr(a, 'z'), dict.fromkeys('ab'), Attr.fromkeys('ab', 1), type(Attr.fromkeys('a')).__name__)
a |= {'z': 3}
print(a, a.z, type(a).__name__, list(reversed(a)), a.popitem(), a)
class Tags(set):
    def tag(self, t):
        self.add(t // 10)
t = Tags()
t.tag(10); t.tag(20); t.tag(30)
print(sorted(t), len(t), 1 in t, t | Tags([7]), type(t | {5}).__name__, t == {1, 2}, t >= {1}, t.isdisjoint({9}))
t |= {4}; t &= {4, 1}; t -= {1}
print(t, type(t).__name__, frozenset(t), set(t), Tags())
