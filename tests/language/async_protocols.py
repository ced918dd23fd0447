# What await, async for and async with ask of objects, with CPython's
# errors; coroutine and async generator methods.
def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value

def attempt(label, coro):
    try:
        print(label, run(coro))
    except Exception as e:
        print(label, type(e).__name__, e)

async def await_int():
    await 5
attempt('await int', await_int())

class BadAwait:
    def __await__(self):
        return 5
async def bad_await():
    await BadAwait()
attempt('bad __await__', bad_await())

class CoroAwait:
    def __await__(self):
        return await_int()
async def coro_await():
    await CoroAwait()
    # (the coroutine __await__ returned is closed below)
attempt('coro __await__', coro_await())
pending = await_int()
pending.close()

async def for_int():
    async for x in 5:
        pass
attempt('async for int', for_int())

class NoAnext:
    def __aiter__(self):
        return self
async def for_noanext():
    async for x in NoAnext():
        pass
attempt('no __anext__', for_noanext())

class BadAnext:
    def __aiter__(self):
        return self
    def __anext__(self):
        return 3
async def for_badanext():
    async for x in BadAnext():
        pass
attempt('bad __anext__', for_badanext())

async def with_int():
    async with 5:
        pass
attempt('async with int', with_int())

class OnlyEnter:
    async def __aenter__(self):
        return self
async def with_only_enter():
    async with OnlyEnter():
        pass
attempt('only __aenter__', with_only_enter())

class SyncEnter:
    def __aenter__(self):
        return 1
    async def __aexit__(self, *a):
        pass
async def with_sync_enter():
    async with SyncEnter():
        pass
attempt('sync __aenter__', with_sync_enter())

class SyncExit:
    async def __aenter__(self):
        return 1
    def __aexit__(self, *a):
        return 2
async def with_sync_exit():
    async with SyncExit():
        pass
attempt('sync __aexit__', with_sync_exit())

async def raises_stop():
    raise StopIteration
attempt('StopIteration', raises_stop())

async def agen_stop():
    yield 1
    raise StopAsyncIteration
async def drive():
    return [x async for x in agen_stop()]
attempt('agen StopAsyncIteration', drive())

async def sleeper():
    try:
        await BlockOnce()
    except ValueError as e:
        return 'caught ' + str(e)
class BlockOnce:
    def __await__(self):
        yield 'blocked'
c = sleeper()
print(c.send(None))
try:
    c.throw(ValueError('boom'))
except StopIteration as e:
    print('throw result', e.value)

async def simple():
    return 1
c = simple()
try:
    c.send(5)
except TypeError as e:
    print(e)
c.close()
try:
    c.send(None)
except RuntimeError as e:
    print(e)
c = simple()
print(simple.__name__, c.__qualname__)
c.close()
w = simple().__await__()
try:
    next(w)
except StopIteration as e:
    print('wrapper', e.value)
c = simple()
try:
    iter(c)
except TypeError as e:
    print(e)
c.close()

async def agen2():
    x = yield 'first'
    print('agen got', x)
    yield 'second'
async def drive2():
    g = agen2()
    print(await g.asend(None))
    print(await g.asend('sent'))
    try:
        await g.athrow(KeyError('k'))
    except KeyError as e:
        print('athrow raised', repr(e))
    print(g.ag_running, type(g).__name__, g.__name__)
attempt('agen2', drive2())
