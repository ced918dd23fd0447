# compare: stderr
async def f():
    yield from g()
