# Conditional expressions and assignment expressions (walrus).
x = 5
print('big' if x > 3 else 'small', 'big' if x > 10 else 'small')
print(1 if True else 2 if True else 3, 1 if False else 2 if False else 3)
vals = [3, 8, 1, 9, 4]
print([v if v % 2 else -v for v in vals])
if (n := len(vals)) > 3:
    print('n is', n)
print(n)
data = [1, 2, 3, 4, 5, 6]
print([y for v in data if (y := v * v) > 10])
print(y)
it = iter([1, 2, 3, 0, 5])
total = 0
while (v := next(it)) != 0:
    total += v
print(total)
def f(a):
    return (b := a * 2) + b
print(f(4))
print((z := 10), z + 1)
print([(w := i) for i in range(3)], w)
r = [p for p in range(20) if (q := p % 7) == 3]
print(r, q)
def g():
    return [k := i for i in range(4)], k
print(g())
