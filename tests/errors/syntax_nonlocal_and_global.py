# compare: stderr
def f():
    global x
    nonlocal x
