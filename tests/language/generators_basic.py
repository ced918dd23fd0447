# Generators: yield, laziness, return value via StopIteration.
def count_to(n):
    print('start')
    i = 1
    while i <= n:
        yield i
        i += 1
    print('done')
g = count_to(3)
print('created')
print(next(g), next(g), next(g))
try:
    next(g)
except StopIteration:
    print('stopped')
print(list(count_to(2)))
def with_return():
    yield 1
    return 'result'
g = with_return()
next(g)
try:
    next(g)
except StopIteration as e:
    print('value:', e.value)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def empty():
    return
    yield
print(list(empty()))
def gen_in_for():
    for c in 'ab':
        yield c.upper()
        yield c
print(list(gen_in_for()), ''.join(gen_in_for()))
g = count_to(1)
print(iter(g) is g, type(g).__name__)
for v in g:
    print('got', v)
print(next(g, 'default'))
def squares(xs):
    for x in xs:
        yield x * x
print(sum(squares(range(5))), max(squares([3, -4])))
