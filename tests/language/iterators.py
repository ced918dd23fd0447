# Iterator protocol: __iter__/__next__, iter() with sentinel, exhaustion.
class Countdown:
    def __init__(self, start):
        self.n = start
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)))
c = Countdown(2)
print(next(c), next(c), next(c, 'done'))
class Range2:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        i = 0
        while i < self.n:
            yield i
            i += 1
r = Range2(3)
print(list(r), list(r), sum(r), 2 in r)
it = iter([1, 2, 3])
print(next(it), list(it), list(it))
calls = iter([5, 4, 3, 0, 9])
print(list(iter(lambda: next(calls), 0)))
d = {'a': 1, 'b': 2}
di = iter(d)
print(next(di), next(di))
try:
    next(di)
except StopIteration:
    print('dict iterator exhausted')
s = iter('xy')
print(next(s), next(s), next(s, None))
e = enumerate('ab', start=1)
print(next(e), list(e))
z = zip([1, 2, 3], 'ab')
print(list(z), list(z))
class NotIter:
    pass
try:
    iter(NotIter())
except TypeError as ex:
    print('TypeError:', ex)
try:
    next([1])
except TypeError as ex:
    print('TypeError:', ex)
m = map(str, [1, 2])
print(iter(m) is m, list(m))
a, b, *c = Countdown(5)
print(a, b, c)
