# syntax error: def without block
def f():
x = 1
