# compare: stderr
class C:
    await g()
