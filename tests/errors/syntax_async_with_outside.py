# compare: stderr
def f():
    async with g():
        pass
