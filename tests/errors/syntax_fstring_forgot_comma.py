# compare: stderr -- the expression is shown as CPython 3.11 parses it, "(a b)"
a = b = 1
print(f"result: {a b}")
