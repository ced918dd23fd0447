# collections: deque, Counter, defaultdict, OrderedDict, namedtuple.
from collections import deque, Counter, defaultdict, OrderedDict, namedtuple
d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, d.pop(), d.popleft(), d, len(d), d[0], d[-1])
d.rotate(1); print(d)
d.rotate(-2); print(d)
d.extend([7, 8]); d.extendleft('ab'); print(d)
ring = deque(maxlen=3)
for i in range(6):
    ring.append(i)
print(ring, ring.maxlen, list(ring), 4 in ring)
try:
    deque().pop()
except IndexError as e:
    print('IndexError:', e)
c = Counter('mississippi')
print(c, c['s'], c['z'], c.most_common(2))
c.update('ss'); c.subtract({'i': 4})
print(c, sorted(c.elements()), c.total())
print(Counter(a=3, b=1) + Counter(a=1, c=2), Counter(a=3, b=1) - Counter(a=1, b=5))
dd = defaultdict(list)
for word in ['apple', 'avocado', 'banana', 'cherry', 'blueberry']:
    dd[word[0]].append(word)
print(dd, dd['z'], len(dd))
counts = defaultdict(int)
for ch in 'hello':
    counts[ch] += 1
print(counts, dict(counts.items()))
od = OrderedDict()
od['x'] = 1; od['y'] = 2; od['z'] = 3
od.move_to_end('x')
print(od, od.popitem(), od.popitem(last=False), od)
Point = namedtuple('Point', 'x y')
p = Point(1, y=2)
print(p, p.x, p[1], p._asdict(), p._replace(x=10), Point._fields, p == Point(1, 2))
x, y = p
print(x + y, list(p), len(p), Point._make([5, 6]))
Card = namedtuple('Card', ['rank', 'suit'], defaults=['spades'])
print(Card('A'), Card('K', 'hearts'))
