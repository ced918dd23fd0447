# _collections.deque: every method, indexing, maxlen, operators, reprs,
# errors, iteration and pickling data (__reduce__), checked against a list.
from _collections import deque, _deque_iterator, _deque_reverse_iterator


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


# a long random walk against a list model (deque blocks are 64 items)
seed = 12345
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n

d, m = deque(), []
for step in range(20000):
    op = rnd(10)
    if op < 3:
        d.append(step); m.append(step)
    elif op < 5:
        d.appendleft(step); m.insert(0, step)
    elif op == 5 and m:
        assert d.pop() == m.pop()
    elif op == 6 and m:
        assert d.popleft() == m.pop(0)
    elif op == 7:
        k = rnd(300) - 150
        d.rotate(k)
        if m:
            k %= len(m)
            m[:] = m[-k:] + m[:-k] if k else m
    elif op == 8 and m:
        i = rnd(len(m))
        assert d[i] == m[i] and d[-i - 1] == m[-i - 1]
        d[i] = -step; m[i] = -step
    elif op == 9 and m:
        i = rnd(len(m))
        if rnd(2):
            del d[i]; del m[i]
        else:
            d.insert(i, 'x'); m.insert(i, 'x')
    assert len(d) == len(m)
print(list(d) == m, len(d), list(reversed(d)) == m[::-1])

d = deque(range(10))
print(d, len(d), d[0], d[-1], 3 in d, 30 in d, d.count(3), d.index(4), d.index(4, 2, 8))
d.rotate(3); print(d); d.rotate(-5); print(d); d.reverse(); print(d)
d.extend('ab'); d.extendleft('cd'); print(d)
d.remove('a'); d.insert(2, 'i'); d.insert(-1, 'j'); d.insert(99, 'k'); d.insert(-99, 'l'); print(d)
print(d.copy(), d.__copy__() == d, d.copy() is d)
d.clear(); print(d, bool(d))

b = deque('abc', maxlen=3)
b.append('d'); print(b, b.maxlen); b.appendleft('z'); print(b)
b.extend('xyz'); print(b); b.extendleft('123'); print(b)
t(lambda: b.insert(0, 'q'))
z = deque(maxlen=0); z.append(1); z.extend(range(5)); print(z)
print(deque([1, 2, 3], 2), deque(maxlen=None).maxlen)

x = deque([1, 2, 3]); x += x; print(x)
x = deque([1, 2]); x.extend(x); x.extendleft(x); print(x)
x = deque([1, 2, 3], 5); x *= 3; print(x)
print(deque('ab') * 3, 2 * deque('ab'), deque('ab') * 0, deque('ab', 3) * 2)
print(deque('ab') + deque('cd'), deque('ab') == deque('ab'), deque('ab') < deque('b'))
print(deque([1, 2]) <= deque([1, 2]), deque([1]) == [1], deque([1, 2]) > deque([1]))

r = deque([1]); r.append(r); print(r)
print(repr(deque([1, 2], maxlen=5)), str(deque()))

t(lambda: deque().pop())
t(lambda: deque().popleft())
t(lambda: deque([1])[1])
t(lambda: deque([1])['a'])
t(lambda: deque([1])[0:1])
t(lambda: deque([1]).remove(2))
t(lambda: deque([1]).index(2))
t(lambda: deque(range(5)).index(3, 0, 2))
t(lambda: deque(maxlen=-1))
t(lambda: deque(maxlen=2.5))
t(lambda: deque(1))
t(lambda: deque([], 2, 3))
t(lambda: deque(x=1))
t(lambda: deque([1]).rotate('a'))
t(lambda: deque([1]).rotate(1, 2))
t(lambda: deque([1]).append())
t(lambda: deque([1]).pop(1))
t(lambda: deque([1]).index())
t(lambda: deque([1]).insert(1))
t(lambda: deque([1]) + [1])
t(lambda: deque([1]) * 'a')
t(lambda: deque([1]) < [1])
t(lambda: hash(deque()))
t(lambda: deque.append(1, 2))

class Bad:
    def __init__(self, d):
        self.d = d
    def __eq__(self, other):
        self.d.append(1)
        return False
for name in ['count', 'index', 'remove', '__contains__']:
    q = deque([1, 2, 3])
    t(lambda: getattr(q, name)(Bad(q)))
q = deque([1, 2, 3])
def mutate():
    for v in q:
        q.append(v)
t(mutate)
