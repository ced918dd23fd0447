# compare: stderr -- a traceback through awaits and an async generator
async def inner(d):
    return d['missing'] + 1


async def middle():
    return await inner({})


async def agen():
    yield await middle()


async def outer():
    async for v in agen():
        print(v)


outer().send(None)
