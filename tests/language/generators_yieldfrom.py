# yield from: delegation, return values, send passthrough.
def inner():
    x = yield 'i1'
    print('inner got', x)
    yield 'i2'
    return 'inner-result'
def outer():
    r = yield from inner()
    print('outer got', r)
    yield 'o1'
g = outer()
print(next(g))
print(g.send('hello'))
print(next(g))
print(list(g))
def chain(*its):
    for it in its:
        yield from it
print(list(chain([1, 2], 'ab', range(2))))
def tree(node):
    if isinstance(node, list):
        for child in node:
            yield from tree(child)
    else:
        yield node
print(list(tree([1, [2, [3, 4], []], [[5]]])))
def gen_ret():
    yield from ()
    return 7
def wrap():
    v = yield from gen_ret()
    yield v
print(list(wrap()))
def deep(n):
    if n == 0:
        yield 'bottom'
        return
    yield from deep(n - 1)
print(list(deep(50)))
