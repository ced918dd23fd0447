# Augmented assignment on names, items, attributes, slices.
n = 10
n += 5; n -= 3; n *= 2; n //= 5; n **= 2
print(n)
s = 'ab'
s += 'cd'; s *= 2
print(s)
lst = [1, 2]
alias = lst
lst += [3]
print(lst, alias, lst is alias)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
a = [0, 10, 20]
a[1] += 5
a[-1] //= 3
print(a)
d = {'k': 1}
d['k'] += 10
d.setdefault('m', []).append(1)
d['m'] += [2]
print(d)
class C:
    def __init__(self):
        self.v = 1
        self.items = []
c = C()
c.v += 41
c.items += ['x']
print(c.v, c.items)
calls = []
def idx():
    calls.append('idx')
    return 0
b = [5]
b[idx()] += 1
print(b, calls)
m = [[1, 2], [3, 4]]
m[1][0] *= 10
print(m)
f = 1.5
f += 1
f /= 2
print(f)
x = 6
x &= 3; x |= 8; x ^= 1; x <<= 2; x >>= 1
print(x)
st = {1, 2}
st |= {3}; st &= {1, 3}; st -= {1}
print(st)
