# CPython's Lib/heapq.py and Lib/bisect.py on the native _heapq and
# _bisect: the heap order matches CPython's step for step, max variants,
# lo/hi/key, insort into lists and other sequences, and the errors.
import heapq
import bisect
import _heapq
import _bisect


def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)


seed = 7
def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed % n

data = [rnd(1000) for i in range(3000)]
h = []
for x in data[:200]:
    heapq.heappush(h, x)
print(h[:12], heapq.heappop(h), heapq.heapreplace(h, 500), heapq.heappushpop(h, -1), heapq.heappushpop(h, 999))
big = data[:]
heapq.heapify(big)
print(big[:10], big[2990:], [heapq.heappop(big) for i in range(5)])
m = data[:50]
_heapq._heapify_max(m)
print(m[:8], _heapq._heappop_max(m), _heapq._heapreplace_max(m, 3), m[:4])
print(heapq.nlargest(4, data), heapq.nsmallest(4, data), heapq.nlargest(2, ['a', 'ccc', 'bb'], key=len))
print(list(heapq.merge([1, 4, 7], [2, 5], [0, 9])), list(heapq.merge([5, 1], [4, 2], reverse=True)))
print(heapq.heappush is _heapq.heappush, heapq.heappop.__doc__)

class Bad:
    def __lt__(self, other):
        raise ValueError('bad lt')

for bad in [lambda: heapq.heappush((), 1), lambda: heapq.heappush([]), lambda: heapq.heappop([]),
            lambda: heapq.heappop(()), lambda: heapq.heapify(1), lambda: heapq.heapreplace([], 1),
            lambda: heapq.heappushpop((), 1), lambda: _heapq._heappop_max([]),
            lambda: _heapq._heapify_max(()), lambda: heapq.heappush([], 1, 2),
            lambda: heapq.heappush(heap=[], item=1), lambda: heapq.heapify(),
            lambda: heapq.heappush([1], Bad()), lambda: heapq.heappush([1, 'a', 2], 'b')]:
    t(bad)
print(heapq.heappushpop([], 4))

s = sorted(data[:100])
print([bisect.bisect_left(s, v) for v in (0, 500, s[10], 1000)], [bisect.bisect_right(s, v) for v in (s[10], 999)])
print(bisect.bisect(s, s[50]), bisect.bisect_left(s, s[50], 60), bisect.bisect_left(s, s[50], 0, 20), bisect.bisect_left(s, 1, 5, -1))
recs = [(1, 'a'), (3, 'b'), (5, 'c')]
print(bisect.bisect_left(recs, 3, key=lambda r: r[0]), bisect.bisect_right(recs, 3, key=lambda r: r[0]))
l = [1, 3]
bisect.insort(l, 2); bisect.insort_left(l, 2); bisect.insort_right(l, 5, 0, 2); print(l)
bisect.insort(recs, (4, 'z'), key=lambda r: r[0]); print(recs)
print(bisect.bisect_left(range(10), 5), bisect.bisect_left('acd', 'b'), bisect.bisect_left([1], x=1))

class L(list):
    def insert(self, i, x):
        print('insert', i, x)
        super().insert(i, x)

l = L([1, 3]); bisect.insort(l, 2); print(l)
for bad in [lambda: bisect.bisect_left([1, 2, 3], 2, -1), lambda: bisect.bisect_left([1, 2, 3], 2, hi=10),
            lambda: bisect.bisect_left(1, 2), lambda: bisect.bisect_left([1], 2, 'a'),
            lambda: bisect.bisect_left([1], 2, None), lambda: bisect.bisect_left(),
            lambda: bisect.insort(1, 2), lambda: bisect.insort((), 2),
            lambda: bisect.bisect_right([1], 1, lo=2 ** 70), lambda: bisect.bisect([1, 'a'], 2)]:
    t(bad)
print(_bisect.bisect_left.__doc__.splitlines()[0])
