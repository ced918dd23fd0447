# List/dict/set comprehensions: nesting, conditions, scoping.
print([x * x for x in range(6)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print([[i * j for j in range(3)] for i in range(3)])
print({x: x ** 2 for x in range(5)})
print({x % 4 for x in range(10)})
print({k: v for k, v in zip('abc', range(3)) if v != 1})
matrix = [[1, 2, 3], [4, 5, 6]]
print([row[i] for i in range(3) for row in matrix])
print([[row[i] for row in matrix] for i in range(3)])
print([c.upper() for c in 'hey' if c != 'e'])
x = 'outer'
print([x for x in range(3)], x)
def scope():
    y = 10
    return [y + i for i in range(3)]
print(scope())
class K:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(K.doubled)
print([i if i % 2 else 'even' for i in range(5)])
print(sum(x for x in range(101)), max(len(w) for w in ['a', 'abc', 'ab']))
fns = [lambda: i for i in range(3)]
print([f() for f in fns])
fns2 = [lambda i=i: i for i in range(3)]
print([f() for f in fns2])
print([(a, b) for a in 'ab' for b in 'xy' if (a, b) != ('a', 'y')])
words = ['apple', 'bob', 'kayak', 'tree']
print({w: w == w[::-1] for w in words})
print(sorted({len(w) for w in words}))
flat = [n for sub in [[1, 2], [], [3]] for n in sub]
print(flat)
