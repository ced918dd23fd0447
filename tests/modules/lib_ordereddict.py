# OrderedDict: order-sensitive equality, move_to_end, popitem, LRU cache pattern.
from collections import OrderedDict
a = OrderedDict([('x', 1), ('y', 2)])
b = OrderedDict([('y', 2), ('x', 1)])
print(a == b, a == {'y': 2, 'x': 1}, list(a), list(b.items()))
class LRU:
    def __init__(self, cap):
        self.cap = cap
        self.data = OrderedDict()
    def get(self, k):
        if k not in self.data:
            return -1
        self.data.move_to_end(k)
        return self.data[k]
    def put(self, k, v):
        if k in self.data:
            self.data.move_to_end(k)
        self.data[k] = v
        if len(self.data) > self.cap:
            self.data.popitem(last=False)
lru = LRU(2)
lru.put(1, 'one'); lru.put(2, 'two')
print(lru.get(1))
lru.put(3, 'three')
print(lru.get(2), lru.get(3), lru.data)
od = OrderedDict(a=1)
od.update(b=2)
od.move_to_end('a', last=False)
print(od, list(reversed(od)), od.pop('a'), od)
try:
    OrderedDict().popitem()
except KeyError as e:
    print('KeyError:', e)
