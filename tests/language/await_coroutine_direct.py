# await on a coroutine sends to it directly (no StopIteration per await),
# and a small generator keeps its frame inside the generator object: the
# behaviour around both must stay CPython's.
import types


@types.coroutine
def suspend(v):
    got = yield v
    return ('resumed', got)


async def leaf(n):
    r = await suspend(n)
    return n, r


async def middle(n):
    a = await leaf(n)
    b = await leaf(n + 1)
    return a, b


async def fib(n):
    if n <= 1:
        return n
    return await fib(n - 1) + await fib(n - 2)


def drive(coro, sends):
    out = []
    try:
        out.append(coro.send(None))
        for s in sends:
            out.append(coro.send(s))
    except StopIteration as e:
        out.append(('returned', e.value))
    return out


print(drive(middle(1), ['x', 'y', 'z']))
c = fib(15)
try:
    c.send(None)
except StopIteration as e:
    print('fib', e.value)

# a coroutine awaited twice
async def once():
    return 1

async def twice():
    c = once()
    a = await c
    try:
        await c
    except RuntimeError as e:
        return a, str(e)

print(drive(twice(), []))

# throw() into a chain of awaits, caught in the leaf
async def catcher():
    try:
        await suspend('waiting')
    except KeyError as e:
        return 'caught', e.args

async def outer():
    return await catcher()

c = outer()
print(c.send(None))
try:
    c.throw(KeyError('k'))
except StopIteration as e:
    print(e.value)

# StopIteration raised inside an awaited coroutine becomes RuntimeError
async def bad():
    raise StopIteration(5)

async def calls_bad():
    try:
        await bad()
    except RuntimeError as e:
        return 'runtime', str(e), type(e.__cause__).__name__

print(drive(calls_bad(), []))

# cr_await shows the coroutine being awaited
async def inner2():
    await suspend(0)

async def outer2():
    await inner2()

c = outer2()
c.send(None)
print(type(c.cr_await).__name__, c.cr_await.__qualname__, c.cr_await.cr_await.__name__)
c.close()

# generators with many locals (frame kept outside the object) and few
def many():
    ns = list(range(200))
    exec_src = ', '.join('v%d' % i for i in range(150))
    return exec_src

src = 'def big():\n    ' + many() + ' = range(150)\n    yield v0 + v149\n    yield v75\n'
ns = {}
exec(src, ns)
print(list(ns['big']()))

def small(n):
    for i in range(n):
        x = yield i
        if x:
            yield x * 2

g = small(5)
print(next(g), g.send(10), next(g), list(g))
gens = [small(3) for _ in range(2000)]
print(sum(sum(g) for g in gens))
