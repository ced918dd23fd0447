# Assignment expressions in comprehensions bind in the enclosing function,
# or the global / nonlocal the enclosing function declares.
v = 0
def f():
    global v
    return [v := i for i in range(3)]
print(f(), v)
def g():
    x = 0
    def h():
        nonlocal x
        return [x := i * 2 for i in range(3)]
    r = h()
    return r, x
print(g())
print([y := i for i in range(2)], y)
def k():
    [z := j for j in range(4)]
    return z
print(k())
class C:
    vals = [w for w in range(2)]
print(C.vals)
