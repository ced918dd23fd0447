# Closures, nonlocal, late binding, counters.
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c1, c2 = make_counter(), make_counter()
print(c1(), c1(), c1(), c2())
def adder(n):
    return lambda x: x + n
add5 = adder(5)
print(add5(10), adder(-1)(1))
def outer():
    x = 'outer'
    def middle():
        def inner():
            return x
        return inner
    x = 'changed'
    return middle()()
print(outer())
def make_ops():
    val = [0]
    def get():
        return val[0]
    def put(v):
        val[0] = v
    return get, put
g, p = make_ops()
p(42)
print(g())
def shared():
    n = 0
    def a():
        nonlocal n
        n += 1
    def b():
        nonlocal n
        n *= 10
    a(); b(); a()
    return n
print(shared())
funcs = []
for i in range(3):
    def f(i=i):
        return i * i
    funcs.append(f)
print([f() for f in funcs])
def nonlocal_nested():
    x = 1
    def l1():
        def l2():
            nonlocal x
            x = 2
        l2()
    l1()
    return x
print(nonlocal_nested())
def closure_over_param(items):
    return [lambda: it for it in items]
print([f() for f in closure_over_param('abc')])
print(make_counter.__name__, c1.__name__)
