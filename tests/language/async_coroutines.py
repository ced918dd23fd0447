# Coroutines driven by hand: await on coroutines and __await__ objects, a tiny
# scheduler, async for / async comprehensions over an async generator,
# async with, asend/aclose, 'coroutine ignored GeneratorExit'.
class Future:
    def __init__(self):
        self.result = None
        self.done = False
    def __await__(self):
        if not self.done:
            yield self
        return self.result

async def add(a, b):
    return a + b

async def compute(fut):
    x = await add(1, 2)
    y = await fut
    return x + y

def run(coro):
    """A tiny scheduler: resolve each Future the coroutine awaits with 10."""
    value = None
    while True:
        try:
            got = coro.send(value)
        except StopIteration as e:
            return e.value
        if isinstance(got, Future):
            got.result, got.done = 10, True
            value = None
        else:
            value = got + '!'

c = compute(Future())
print(type(c).__name__, c.cr_running, c.cr_await, c.cr_code.co_name)
print(run(c))
try:
    c.send(None)
except RuntimeError as e:
    print('RuntimeError', e)

async def ticker(n):
    for i in range(n):
        await Future()
        yield i

async def consume():
    out = []
    async for v in ticker(3):
        out.append(v)
    out2 = [v async for v in ticker(2)]
    return out, out2
print(run(consume()))

class Ctx:
    async def __aenter__(self):
        print('enter')
        return 'ctx'
    async def __aexit__(self, t, e, tb):
        print('exit', t.__name__ if t else None)
        return True

async def with_it():
    async with Ctx() as c:
        print('inside', c)
        raise ValueError('swallowed')
    return 'after'
print(run(with_it()))

async def agen():
    try:
        yield 1
        yield 2
    finally:
        print('agen finally')

async def drive_agen():
    g = agen()
    print(await g.__anext__())
    print(await g.asend(None))
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print('StopAsyncIteration')
print(run(drive_agen()))

async def ignore_exit():
    try:
        await Future()
    except GeneratorExit:
        await Future()
co = ignore_exit()
co.send(None)
try:
    co.close()
except RuntimeError as e:
    print('RuntimeError', e)
