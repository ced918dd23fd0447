# Slicing: read with steps, negative indices, assignment, deletion.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[-3:], a[:-7], a[::2], a[1::3], a[::-1], a[8:2:-2])
print(a[100:], a[-100:2], a[5:2], a[::-3], a[-1:-4:-1], a[3:3])
s = 'abcdefgh'
print(s[1:4], s[::-1], s[::3], s[-2:], s[:0], s[10:20])
t = (0, 1, 2, 3, 4)
print(t[1:3], t[::-2], t[:])
b = list(range(10))
b[2:4] = ['x', 'y', 'z']
print(b)
b[:3] = []
print(b)
b[::2] = [0] * len(b[::2])
print(b)
c = list(range(6))
c[1:1] = [9, 9]
print(c)
c[-2:] = 'ab'
print(c)
del c[::3]
print(c)
d = list(range(10))
del d[2:5]
print(d)
del d[:]
print(d)
e = list(range(8))
e[::-2] = 'ABCD'
print(e)
try:
    e[::2] = [1, 2]
except ValueError as ex:
    print('ValueError:', ex)
try:
    e[::0]
except ValueError as ex:
    print('ValueError:', ex)
print(a[slice(1, 8, 3)], slice(1, 5), slice(None, 3).stop)
print(s[slice(None, None, -2)], a[2:-2:3])
f = [1, 2, 3]
f[5:] = [4]
print(f, a[-11:3], b'hello'[1:4])
