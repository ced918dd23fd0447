# Lambdas: defaults, closures, sorting keys, immediate calls.
sq = lambda x: x * x
print(sq(7), (lambda: 'no args')(), (lambda *a, **k: (a, k))(1, b=2))
print((lambda x, y=10: x + y)(1), (lambda x, y=10: x + y)(1, 2))
pairs = [(1, 'one'), (3, 'three'), (2, 'two')]
print(sorted(pairs, key=lambda p: p[1]), sorted(pairs, key=lambda p: -p[0]))
print(list(map(lambda x: x + 1, [1, 2])), list(filter(lambda x: x > 1, [0, 1, 2, 3])))
compose = lambda f, g: lambda x: f(g(x))
inc_then_double = compose(lambda x: x * 2, lambda x: x + 1)
print(inc_then_double(5))
print(sq.__name__)
table = {'add': lambda a, b: a + b, 'mul': lambda a, b: a * b}
print(table['add'](2, 3), table['mul'](2, 3))
curry = lambda a: lambda b: lambda c: a + b + c
print(curry(1)(2)(3))
print((lambda n: n if n < 2 else n)(1))
fact = lambda n: 1 if n == 0 else n * fact(n - 1)
print(fact(12))
