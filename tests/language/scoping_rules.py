# Name resolution: LEGB, class bodies do not enclose methods, comprehension scope.
x = 'global'
def outer():
    x = 'enclosing'
    def inner():
        return x
    return inner()
print(outer())
class C:
    x = 'class body'
    def method(self):
        return x
    y = [x for _ in range(1)]
    z = x.upper()
print(C().method(), C.y, C.z)
def f():
    print(x)
f()
def g():
    if False:
        x = 1
    try:
        return x
    except UnboundLocalError as e:
        return 'Unbound: ' + str(e)
print(g())
def h():
    for i in range(3):
        pass
    return i
print(h())
def k():
    try:
        raise ValueError
    except ValueError as err:
        pass
    try:
        return err
    except (NameError, UnboundLocalError) as e:
        return type(e).__name__
print(k())
n = 0
def counter():
    def inc():
        global n
        n += 1
    inc(); inc()
    return n
print(counter())
def make():
    funcs = {}
    for name in ['a', 'b']:
        def fn(name=name):
            return name * 2
        funcs[name] = fn
    return funcs
print({k: v() for k, v in make().items()})
