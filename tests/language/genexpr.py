# Generator expressions: laziness, single use, as arguments.
g = (x * 2 for x in range(4))
print(next(g), next(g), list(g), list(g))
log = []
def val(i):
    log.append(i)
    return i
g2 = (val(i) for i in range(3))
print(log)
print(next(g2), log)
print(sum(i * i for i in range(10)), any(c == 'z' for c in 'abc'), all(i < 5 for i in range(5)))
print(list(x for x in 'abc' if x != 'b'), tuple(i for i in range(3)))
print(sorted((w for w in ['b', 'a', 'c']), reverse=True))
print(dict((i, str(i)) for i in range(3)), set(i % 2 for i in range(5)))
nested = ((i, j) for i in range(2) for j in range(2))
print(list(nested))
print(max((len(s), s) for s in ['aa', 'b', 'ccc']))
print(', '.join(str(n) for n in range(5)))
it = iter(range(10))
evens = (n for n in it if n % 2 == 0)
print(next(evens), next(it), next(evens))
print(type(g).__name__)
def first(iterable):
    for x in iterable:
        return x
print(first(i for i in range(100, 200) if i % 7 == 0))
