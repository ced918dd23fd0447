# UnboundLocalError: assignment later in the function makes x local.
x = 1
def f():
    print(x)
    x = 2
f()
