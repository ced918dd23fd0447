# Big lists: 10**6 items, sorting, comprehension, slicing, dict of many keys.
xs = list(range(10 ** 6))
print(len(xs), sum(xs), xs[-1], xs[500000])
ys = [x * 2 for x in xs if x % 3 == 0]
print(len(ys), ys[:3], ys[-1])
zs = sorted((i * 7919) % 1000003 for i in range(200000))
print(zs[:3], zs[-3:], len(zs))
xs.reverse()
print(xs[:3])
del xs[::2]
print(len(xs), xs[:3])
d = {i: i * i for i in range(200000)}
print(len(d), d[199999], sum(d.values()) % 1000)
s = set(range(0, 10 ** 6, 7))
print(len(s), 700 in s, 701 in s)
m = [[0] * 1000 for _ in range(1000)]
m[999][999] = 1
print(sum(map(sum, m)), len(m))
t = tuple(range(10 ** 5))
print(len(t), t[-1], t.index(99999))
