# syntax error: assign to literal
if 1 = x:
    pass
