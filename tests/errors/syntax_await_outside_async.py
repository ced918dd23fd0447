# compare: stderr
def f():
    await g()
