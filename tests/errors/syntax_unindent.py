# syntax error: bad dedent
if True:
        x = 1
    y = 2
